# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Listing every item of a paginated API operation with botocore's paginator."""

import contextlib
import gc

try:
    from botocore import xform_name
except ImportError:
    pass  # connection.require_boto3() reports the missing library before any API call

PAGE_SIZE_RANGE = (5, 1000)


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
    if params.get("starting_token") is not None and not params["starting_token"].strip():
        errors.append("starting_token must not be empty; omit it to start from the first item.")
    return errors


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
    for page in pages:
        items.extend(convert(page.get(result_key, [])))
    return items, pages.resume_token


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
