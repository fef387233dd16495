# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers shared by the operation modules: decoded input, listings, endpoint lookups and client tokens."""

import hashlib
import json
import secrets

from . import errors
from . import paging
from . import params
from .xmlserializer import load_ec2_model

DELETING = ("deleting", "deleted")


def decoded(operation_name, request_params):
    """The request decoded against the operation's input shape (nested, keyed by member names)."""
    return params.decode(load_ec2_model().operation_model(operation_name).input_shape, request_params)


def predicates(filter_list, fields):
    """``[(member name, accepted values)]``: values are OR'ed within a filter, filters are AND'ed."""
    return [(fields[name], frozenset(values)) for name, values in filter_list]


def matches(record, predicate_list):
    return all(record.get(field) in accepted for field, accepted in predicate_list)


def page_request(action, request_params, state, scope_parts, filter_fields):
    """Filters, page size, token scope and NextToken of a Describe request (syntax checks only)."""
    filter_list = params.filters(request_params)
    params.check_filter_names(filter_list, filter_fields)
    size = paging.page_size(params.integer(request_params, "MaxResults"), state.settings["default_page_size"])
    scope = paging.request_scope(action, *scope_parts, filter_list)
    token = request_params.get("NextToken")
    return {"predicates": predicates(filter_list, filter_fields), "size": size, "scope": scope, "token": token}


def paged_request(action, request_params, state, scope_parts, filter_fields):
    """``page_request`` whose NextToken is checked now (``InvalidNextToken``), before the authorization check."""
    request = page_request(action, request_params, state, scope_parts, filter_fields)
    paging.decode_token(request["scope"], request["token"])
    return request


def existing_endpoint(state, endpoint_id):
    """The endpoint record; ``InvalidClientVpnEndpointId.NotFound`` if it is missing or already deleted."""
    record = state.endpoint(endpoint_id)
    if record is None or record["Status"].get("Code") == "deleted":
        raise errors.endpoint_not_found(endpoint_id)
    return record


def changeable_endpoint(state, endpoint_id):
    """The endpoint record for a change: it must exist and not be deleting (``IncorrectState``)."""
    record = existing_endpoint(state, endpoint_id)
    if record["Status"].get("Code") in DELETING:
        raise errors.incorrect_state(f"The Client VPN endpoint {endpoint_id} is being deleted.")
    return record


def new_id(prefix):
    """A new resource id: ``prefix`` and 17 random lowercase hex digits."""
    return f"{prefix}-{secrets.token_hex(9)[:17]}"


def replayed(state, action, token, request):
    """The earlier result of a request with this ClientToken, None if the token is new.

    The same token with different parameters is ``IdempotentParameterMismatch``, as on EC2.
    """
    if not token:
        return None
    fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    earlier = state.client_tokens.get((action, token))
    if earlier is None:
        return None
    if earlier[0] != fingerprint:
        raise errors.idempotent_mismatch(token)
    return earlier[1]


def remember(state, action, token, request, result):
    if token:
        fingerprint = hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode("utf-8")).hexdigest()
        state.client_tokens[(action, token)] = (fingerprint, result)
    return result


def listing(state, kind, records, request):
    """One page of ``records`` (already selected); a first-page request counts as a read of all of them."""
    if request["token"] in (None, ""):
        state.advance(kind, records)
        records = [record for record in records if record in _present(state, kind)]
    offset = paging.decode_token(request["scope"], request["token"])
    return paging.paginate(records, request["scope"], offset, request["size"])


def _present(state, kind):
    source = {
        "endpoint": state.endpoints,
        "target_network": state.target_networks,
        "authorization_rule": state.authorization_rules,
        "route": state.routes,
    }[kind]
    return _IdentitySet(source)


class _IdentitySet:
    """Membership by identity (records are dicts, which compare by value)."""

    def __init__(self, records):
        self._ids = {id(record) for record in records}

    def __contains__(self, record):
        return id(record) in self._ids
