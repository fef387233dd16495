# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Listing every item of a paginated API operation with botocore's paginator."""

import base64
import binascii
import contextlib
import gc
import json
import re

try:
    from botocore import xform_name
    from botocore.paginate import TokenDecoder
except ImportError:
    pass  # connection.require_boto3() reports the missing library before any API call

PAGE_SIZE_RANGE = (5, 1000)
# The shape of a token that botocore's paginator returns (and so next_token): base64 of a JSON object
# {"NextToken": "<the service's token>", "boto_truncate_amount": <items of that page already read>}.
MAX_TOKEN_LENGTH = 8192
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_TOKEN_FORM = "the next_token returned by an earlier run of the module with max_items"


class StartingTokenError(ValueError):
    """A starting_token that is not a token the module returned as next_token."""


def paging_argument_spec():
    """page_size, max_items and starting_token, as the AWS CLI's --page-size, --max-items, --starting-token."""
    return dict(
        page_size=dict(type="int", default=PAGE_SIZE_RANGE[1]),
        max_items=dict(type="int"),
        starting_token=dict(type="str", no_log=False),
    )


def paging_errors(params):
    """Messages for paging options out of range (an empty list when all are valid)."""
    errors = []
    low, high = PAGE_SIZE_RANGE
    if not low <= params["page_size"] <= high:
        errors.append(f"page_size must be between {low} and {high}, got {params['page_size']}.")
    if params.get("max_items") is not None and params["max_items"] < 1:
        errors.append(f"max_items must be 1 or more, got {params['max_items']}.")
    if params.get("starting_token") is not None:
        token_error = starting_token_error(params["starting_token"])
        if token_error:
            errors.append(token_error)
    return errors


def _decoded_token(token):
    """The JSON object inside a token, or a description of what is wrong with it."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or not _BASE64.fullmatch(token):
        return f"it is not base64 text of at most {MAX_TOKEN_LENGTH} characters"
    try:
        decoded = json.loads(base64.b64decode(token, validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError):
        return "it does not decode to a pagination token"
    return decoded if isinstance(decoded, dict) else "it does not decode to a pagination token"


def _token_problem(decoded, input_token):
    if not isinstance(decoded, dict):
        return decoded
    if set(decoded) - {input_token, "boto_truncate_amount"} or input_token not in decoded:
        return f"it must hold exactly {input_token} and, optionally, boto_truncate_amount"
    service_token = decoded[input_token]
    # null: the listing stopped inside the first page, which has no service token.
    if service_token is not None and not (isinstance(service_token, str) and service_token.strip()):
        return f"its {input_token} must be non-empty text or null"
    truncate = decoded.get("boto_truncate_amount", 0)
    if isinstance(truncate, bool) or not isinstance(truncate, int) or not 0 <= truncate < PAGE_SIZE_RANGE[1]:
        return f"its boto_truncate_amount must be a whole number from 0 to {PAGE_SIZE_RANGE[1] - 1}"
    if service_token is None and not truncate:
        return f"a token with a null {input_token} must have a boto_truncate_amount"
    return None


def starting_token_error(token, input_token="NextToken"):
    """A message when token is not shaped as the paginator's tokens are, else None.

    The token is also decoded with botocore's own decoder, which must give the same object, so that a token
    accepted here cannot fail in the paginator.
    """
    if isinstance(token, str) and not token.strip():
        return "starting_token must not be empty; omit it to start from the first item."
    decoded = _decoded_token(token)
    problem = _token_problem(decoded, input_token)
    if problem is None:
        try:
            if TokenDecoder().decode(token) != decoded:
                problem = "botocore decodes it differently"
        except (ValueError, TypeError, KeyError):
            problem = "botocore cannot decode it"
    if problem is None:
        return None
    shown = repr(token) if len(repr(token)) <= 80 else f"{repr(token)[:80]}... ({len(token)} characters)"
    return f"starting_token {shown} is not valid: {problem}. Give {_TOKEN_FORM}, unchanged."


def paginate(client, operation, params, result_key, convert, page_size, max_items=None, starting_token=None):
    """(items, next_token): convert(page[result_key]) for every page, joined in the API's order.

    next_token is None unless max_items stopped the listing early; passing it back as
    starting_token continues with the next item.  Pages are converted one at a time, so only one
    raw page is held in memory.
    """
    config = {"PageSize": page_size}
    if max_items is not None:
        config["MaxItems"] = max_items
    if starting_token:
        config["StartingToken"] = starting_token
    pages = client.get_paginator(xform_name(operation)).paginate(PaginationConfig=config, **params)
    items = []
    for page in _checked_start(pages, starting_token):
        items.extend(convert(page.get(result_key, [])))
    return items, pages.resume_token


def _checked_start(pages, starting_token):
    """The pages; a starting_token that botocore's paginator fails to use raises StartingTokenError."""
    iterator = iter(pages)
    try:
        first = next(iterator, None)
    except (ValueError, TypeError, KeyError):
        if not starting_token:
            raise
        raise StartingTokenError(
            f"starting_token could not be used to continue the listing: give {_TOKEN_FORM}, unchanged."
        ) from None
    if first is not None:
        yield first
        yield from iterator


@contextlib.contextmanager
def cyclic_gc_paused():
    """Switch the cyclic garbage collector off for the duration of the block, then restore its state.

    A module that lists N items builds one tree of dicts and lists that lives until the process exits, and
    exit_json() then copies it (remove_values()) and walks it again (Ansible's JSON encoder); the boto3
    client's service model is another large tree.  None of that is cyclic garbage, yet the collector
    re-examines the growing trees whenever enough new containers have been allocated: about a quarter of
    the run time at 50,000 items, spent freeing nothing.  Reference counting still frees everything that is
    not part of a cycle.  The previous state is restored on the way out, SystemExit from exit_json()
    included, so an in-process caller (such as the unit tests) keeps its collector.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _resume_gc()


def _resume_gc():
    if gc.get_freeze_count():
        # Objects frozen by someone else must stay frozen: no unfreeze() here.
        gc.enable()
        return
    # Everything allocated during the pause is still in the youngest generation, so the first allocation
    # after enable() would make the collector walk all of it at once (0.1-0.2 s at 50,000 items).  Moving
    # it to the oldest generation first (freeze, then unfreeze) leaves it to the next full collection, as
    # if it had aged normally.
    gc.freeze()
    gc.enable()
    gc.unfreeze()
