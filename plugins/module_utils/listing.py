# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

What the info modules share: planning a listing's request, running it (or its DryRun), and reporting it."""

from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.dry_run import dry_run
from ansible_collections.vpnops.aws.plugins.module_utils.errors import aws_errors
from ansible_collections.vpnops.aws.plugins.module_utils.errors import fail_aws
from ansible_collections.vpnops.aws.plugins.module_utils.filters import FilterError
from ansible_collections.vpnops.aws.plugins.module_utils.filters import build_filters
from ansible_collections.vpnops.aws.plugins.module_utils.paging import StartingTokenError
from ansible_collections.vpnops.aws.plugins.module_utils.paging import paginate
from ansible_collections.vpnops.aws.plugins.module_utils.paging import paging_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.paging import paging_errors
from ansible_collections.vpnops.aws.plugins.module_utils.query import QueryError
from ansible_collections.vpnops.aws.plugins.module_utils.query import compile_query
from ansible_collections.vpnops.aws.plugins.module_utils.query import search_query


def listing_argument_spec(**options):
    """An info module's argument spec: its own options, then filters, query, paging and the AWS options."""
    spec = dict(options, filters=dict(type="dict", default={}), query=dict(type="str"))
    spec.update(paging_argument_spec())
    spec.update(aws_argument_spec())
    return spec


def plan_listing(params, request, allowed_filters):
    """(compiled query or None, error messages): adds the API Filters to request, checks paging and query."""
    errors = paging_errors(params)
    try:
        api_filters = build_filters(params["filters"], allowed_filters)
    except FilterError as exc:
        errors.append(str(exc))
    else:
        if api_filters:
            request["Filters"] = api_filters
    query = None
    try:
        query = None if params["query"] is None else compile_query(params["query"])
    except QueryError as exc:
        errors.append(str(exc))
    return query, errors


def run_listing(module, client, operation, request, result_key, convert, context):
    """(items, next_token) of every page; in check mode ([], None) once a DryRun request was permitted.

    Any AWS error fails the task through fail_aws(), so no partial listing is ever returned.
    """
    params = module.params
    try:
        if module.check_mode:
            dry_run(client, operation, request)
            return [], None
        return paginate(
            client,
            operation,
            request,
            result_key,
            convert,
            page_size=params["page_size"],
            max_items=params["max_items"],
            starting_token=params["starting_token"],
        )
    except aws_errors() as exc:
        fail_aws(module, exc, operation, **context)
        raise  # not reached: fail_aws() exits
    except StartingTokenError as exc:
        module.fail_json(msg=str(exc))
        raise  # not reached: fail_json() exits


def exit_listing(module, operation, key, items, next_token, query):
    """Report the listing as {key: items}, with next_token, query_result and, in check mode, dry_run and msg."""
    result = {key: items}
    if next_token is not None:
        result["next_token"] = next_token
    if module.check_mode:
        result.update(dry_run=True, msg=f"{operation} would have succeeded; check mode sent it with DryRun set.")
    if query is not None:
        try:
            result["query_result"] = search_query(query, {key: items})
        except QueryError as exc:
            module.fail_json(msg=str(exc))
    module.exit_json(changed=False, **result)
