# SPDX-License-Identifier: GPL-3.0-or-later
"""The connection and endpoint listing operations (the others are in *_operations.py, all listed in catalog.py).

Each operation is split in two steps so the service can put the authorization check between them:

``prepare(params, state)``
    syntax only: required and unknown parameters, filter names, MaxResults bounds, NextToken;
``run(state, request, dry_run)``
    under the state lock: existence of the endpoint and connections, limits, then ``DryRunOperation`` when
    ``dry_run`` is set, else the action itself. Returns the output dict keyed by API member names.
"""

from . import errors
from . import paging
from . import params
from .common import matches as _matches
from .common import page_request as _page_request
from .state import ACTIVE
from .state import FAILED_TO_TERMINATE
from .state import TERMINATED

CONNECTION_FILTERS = {"connection-id": "ConnectionId", "username": "Username"}
ENDPOINT_FILTERS = {"endpoint-id": "ClientVpnEndpointId", "transport-protocol": "TransportProtocol"}
TERMINATE_BY_USERNAME_LIMIT = 5
_TERMINATE_FROM = (ACTIVE, FAILED_TO_TERMINATE)


class DescribeClientVpnConnections:
    name = "DescribeClientVpnConnections"

    @classmethod
    def prepare(cls, request_params, state, faults):
        endpoint_id = params.required(request_params, "ClientVpnEndpointId")
        request = _page_request(cls.name, request_params, state, [endpoint_id], CONNECTION_FILTERS)
        request["endpoint_id"] = endpoint_id
        request["repeat_token"] = faults.repeat_next_token
        if not (request["repeat_token"] and request["token"] == paging.REPEATED_TOKEN):
            request["offset"] = paging.decode_token(request["scope"], request["token"])
        else:
            request["offset"] = 0
        return request

    @classmethod
    def run(cls, state, request, dry_run):
        endpoint_id = request["endpoint_id"]
        if state.endpoint(endpoint_id) is None:
            raise errors.endpoint_not_found(endpoint_id)
        if dry_run:
            raise errors.dry_run_ok()
        state.resolve_terminations()
        cutoff = state.retention_cutoff()
        predicates = request["predicates"]
        visible = state.cached_listing(
            (endpoint_id, tuple(predicates)),
            cutoff,
            lambda: _listed_connections(state, endpoint_id, cutoff, predicates),
        )
        page, next_token = paging.paginate(visible, request["scope"], request["offset"], request["size"])
        if request["repeat_token"]:
            next_token = paging.REPEATED_TOKEN
        now_text = state.clock.now_text()
        connections = [_connection_view(record, now_text) for record in page]
        return {"Connections": connections, "NextToken": next_token}


def _listed_connections(state, endpoint_id, cutoff, predicates):
    """The endpoint's matching connections in state order, minus those terminated before ``cutoff``.

    Returns ``(listing, earliest end time among the listed terminated connections or None)``. Times are
    "YYYY-MM-DD HH:MM:SS" text, which orders like the times; a terminated connection without such an end
    time stays listed.
    """
    listed, earliest = [], None
    width = len(cutoff)
    for record in state.endpoint_connections(endpoint_id):
        if record["Status"].get("Code") == TERMINATED:
            end = record.get("ConnectionEndTime")
            if isinstance(end, str) and len(end) == width:
                if end < cutoff:
                    continue
                if earliest is None or end < earliest:
                    earliest = end
        listed.append(record)
    if predicates:
        listed = [record for record in listed if _matches(record, predicates)]
    return listed, earliest


def _connection_view(record, now_text):
    view = dict(record)
    view["Timestamp"] = now_text
    if "ConnectionEndTime" not in view and record["Status"].get("Code") != TERMINATED:
        view["ConnectionEndTime"] = "-"
    return view


class DescribeClientVpnEndpoints:
    name = "DescribeClientVpnEndpoints"

    @classmethod
    def prepare(cls, request_params, state, faults):
        endpoint_ids = params.indexed_list(request_params, "ClientVpnEndpointId")
        request = _page_request(cls.name, request_params, state, [endpoint_ids], ENDPOINT_FILTERS)
        request["endpoint_ids"] = endpoint_ids
        request["offset"] = paging.decode_token(request["scope"], request["token"])
        return request

    @classmethod
    def run(cls, state, request, dry_run):
        for endpoint_id in request["endpoint_ids"]:
            if state.endpoint(endpoint_id) is None:
                raise errors.endpoint_not_found(endpoint_id)
        if dry_run:
            raise errors.dry_run_ok()
        wanted = frozenset(request["endpoint_ids"])
        predicates = request["predicates"]
        selected = [
            record
            for record in state.endpoints
            if (not wanted or record["ClientVpnEndpointId"] in wanted) and _matches(record, predicates)
        ]
        if request["token"] in (None, ""):
            state.advance("endpoint", selected)
            selected = [record for record in selected if state.endpoint(record["ClientVpnEndpointId"]) is record]
        page, next_token = paging.paginate(selected, request["scope"], request["offset"], request["size"])
        return {"ClientVpnEndpoints": [dict(record) for record in page], "NextToken": next_token}


class TerminateClientVpnConnections:
    name = "TerminateClientVpnConnections"

    @classmethod
    def prepare(cls, request_params, state, faults):
        endpoint_id = params.required(request_params, "ClientVpnEndpointId")
        connection_id = request_params.get("ConnectionId") or None
        username = request_params.get("Username") or None
        if connection_id is None and username is None:
            raise errors.missing_parameter("ConnectionId or Username")
        if connection_id is not None and username is not None:
            raise errors.invalid_combination("Specify either ConnectionId or Username, not both.")
        return {"endpoint_id": endpoint_id, "connection_id": connection_id, "username": username}

    @classmethod
    def run(cls, state, request, dry_run):
        endpoint_id = request["endpoint_id"]
        if state.endpoint(endpoint_id) is None:
            raise errors.endpoint_not_found(endpoint_id)
        state.resolve_terminations()
        targets = _termination_targets(state, request)
        if dry_run:
            raise errors.dry_run_ok()
        statuses = [_terminate_one(state, record) for record in targets]
        result = {"ClientVpnEndpointId": endpoint_id, "ConnectionStatuses": statuses}
        if request["username"] is not None:
            result["Username"] = request["username"]
        return result


def _termination_targets(state, request):
    endpoint_id, connection_id, username = request["endpoint_id"], request["connection_id"], request["username"]
    if connection_id is not None:
        record = state.connection(connection_id)
        if record is None or record["ClientVpnEndpointId"] != endpoint_id:
            raise errors.connection_not_found(connection_id)
        return [record]
    targets = [
        record
        for record in state.endpoint_connections(endpoint_id)
        if record.get("Username") == username and record["Status"].get("Code") == ACTIVE
    ]
    if len(targets) > TERMINATE_BY_USERNAME_LIMIT:
        raise errors.terminate_limit_exceeded(username, len(targets), TERMINATE_BY_USERNAME_LIMIT)
    return targets


def _terminate_one(state, record):
    previous = dict(record["Status"])
    if previous.get("Code") in _TERMINATE_FROM:
        state.begin_termination(record)
    current = dict(record["Status"])
    return {"ConnectionId": record["ConnectionId"], "PreviousStatus": previous, "CurrentStatus": current}
