# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

The info modules that list what belongs to one Client VPN endpoint (target networks, authorization rules,
routes): one request per page, the API's filters applied again to each record on the client side, the
records in snake_case.
"""

import dataclasses

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import endpoint_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection import create_client
from ansible_collections.vpnops.aws.plugins.module_utils.listing import exit_listing
from ansible_collections.vpnops.aws.plugins.module_utils.listing import listing_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.listing import plan_listing
from ansible_collections.vpnops.aws.plugins.module_utils.listing import run_listing
from ansible_collections.vpnops.aws.plugins.module_utils.matching import matching_converter
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_list


@dataclasses.dataclass(frozen=True)
class EndpointListing:
    """What differs between these listings."""

    operation: str  # the API operation, for example DescribeClientVpnRoutes
    result_key: str  # the list in each page of the response, for example Routes
    key: str  # the module's result key, for example routes
    filter_fields: dict  # filter name -> the key of the API record that it tests
    # A list of ids the API takes besides the filters, if any: the module's option, the API parameter, the
    # filter that tests the same field (to match on the client side too), and a function that returns a
    # message for each value that is not such an id.
    ids_option: str = None
    ids_parameter: str = None
    ids_filter: str = None
    ids_errors: object = None


def endpoint_listing_argument_spec(listing):
    options = dict(client_vpn_endpoint_id=dict(type="str", required=True))
    if listing.ids_option:
        options[listing.ids_option] = dict(type="list", elements="str")
    return listing_argument_spec(**options)


def _plan_ids(params, listing, request):
    """Error messages; adds the ids, without duplicates, to request."""
    if not listing.ids_option or not params.get(listing.ids_option):
        return []
    ids = list(dict.fromkeys(params[listing.ids_option]))
    request[listing.ids_parameter] = ids
    return listing.ids_errors(ids)


def plan_endpoint_listing(params, listing):
    """(request parameters, compiled query or None, error messages) from the module's options."""
    request = {"ClientVpnEndpointId": params["client_vpn_endpoint_id"]}
    errors = _plan_ids(params, listing, request)
    query, listing_errors = plan_listing(params, request, tuple(listing.filter_fields))
    endpoint_error = endpoint_id_error(params["client_vpn_endpoint_id"])
    return request, query, ([endpoint_error] if endpoint_error else []) + errors + listing_errors


def _client_side_filters(request, listing):
    """The request's filters, and its ids as one more filter, to match each record against."""
    filters = list(request.get("Filters", []))
    if listing.ids_parameter in request:
        filters.append({"Name": listing.ids_filter, "Values": request[listing.ids_parameter]})
    return filters


def list_endpoint_items(module, listing):
    """Validate the options, list (or, in check mode, dry-run) the endpoint's items and exit with them."""
    request, query, errors = plan_endpoint_listing(module.params, listing)
    if errors:
        module.fail_json(msg=" ".join(errors))
    client = create_client(module)
    context = dict(client_vpn_endpoint_id=request["ClientVpnEndpointId"], region=client.meta.region_name)
    convert = matching_converter(_client_side_filters(request, listing), listing.filter_fields, snake_list)
    items, next_token = run_listing(module, client, listing.operation, request, listing.result_key, convert, context)
    exit_listing(module, listing.operation, listing.key, items, next_token, query)
