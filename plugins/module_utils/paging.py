# SPDX-License-Identifier: GPL-3.0-or-later
"""Listing every item of a paginated API operation with botocore's paginator."""

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
