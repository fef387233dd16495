# SPDX-License-Identifier: GPL-3.0-or-later
"""Routes: CreateClientVpnRoute, DeleteClientVpnRoute and DescribeClientVpnRoutes.

A route needs a live target network association for its subnet; the routes a subnet association added (Origin
``associate``) go away with the association, not through DeleteClientVpnRoute.
"""

from . import errors
from . import params
from .common import changeable_endpoint
from .common import decoded
from .common import existing_endpoint
from .common import listing
from .common import matches
from .common import paged_request
from .common import remember
from .common import replayed
from .rule_operations import cidr_value

ROUTE_FILTERS = {"destination-cidr": "DestinationCidr", "origin": "Origin", "target-subnet": "TargetSubnet"}


class CreateClientVpnRoute:
    name = "CreateClientVpnRoute"
    mutating = True

    @classmethod
    def prepare(cls, request_params, state, faults):
        request = decoded(cls.name, request_params)
        request.pop("DryRun", None)
        return {
            "endpoint_id": params.required(request_params, "ClientVpnEndpointId"),
            "cidr": cidr_value("DestinationCidrBlock", params.required(request_params, "DestinationCidrBlock")),
            "subnet_id": params.required(request_params, "TargetVpcSubnetId"),
            "description": request.get("Description"),
            "token": request.get("ClientToken"),
            "request": request,
        }

    @classmethod
    def run(cls, state, request, dry_run):
        endpoint_id, cidr, subnet_id = request["endpoint_id"], request["cidr"], request["subnet_id"]
        changeable_endpoint(state, endpoint_id)
        earlier = replayed(state, cls.name, request["token"], request["request"])
        if earlier is not None and not dry_run:
            return earlier
        if not any(network["TargetNetworkId"] == subnet_id for network in state.live_associations(endpoint_id)):
            raise errors.active_association_not_found(subnet_id)
        if any(
            route["DestinationCidr"] == cidr and route["TargetSubnet"] == subnet_id
            for route in state.endpoint_records("route", endpoint_id)
        ):
            raise errors.duplicate_route(cidr, subnet_id)
        if dry_run:
            raise errors.dry_run_ok()
        route = {
            "ClientVpnEndpointId": endpoint_id,
            "DestinationCidr": cidr,
            "TargetSubnet": subnet_id,
            "Type": "Nat",
            "Origin": "add-route",
            "Status": {"Code": "creating"},
        }
        if request["description"] is not None:
            route["Description"] = request["description"]
        state.routes.append(route)
        state.begin_transition(route)
        state.changed()
        return remember(state, cls.name, request["token"], request["request"], {"Status": {"Code": "creating"}})


class DeleteClientVpnRoute:
    name = "DeleteClientVpnRoute"
    mutating = True

    @classmethod
    def prepare(cls, request_params, state, faults):
        return {
            "endpoint_id": params.required(request_params, "ClientVpnEndpointId"),
            "cidr": cidr_value("DestinationCidrBlock", params.required(request_params, "DestinationCidrBlock")),
            "subnet_id": request_params.get("TargetVpcSubnetId") or None,
        }

    @classmethod
    def run(cls, state, request, dry_run):
        endpoint_id, cidr, subnet_id = request["endpoint_id"], request["cidr"], request["subnet_id"]
        changeable_endpoint(state, endpoint_id)
        routes = [
            route
            for route in state.endpoint_records("route", endpoint_id)
            if route["DestinationCidr"] == cidr
            and subnet_id in (None, route["TargetSubnet"])
            and route["Status"].get("Code") != "deleting"
        ]
        if not routes:
            raise errors.route_not_found(cidr)
        if any(route.get("Origin") == "associate" for route in routes):
            raise errors.invalid_value(
                f"The route to {cidr} was added by a target network association; disassociate the subnet to remove it."
            )
        if dry_run:
            raise errors.dry_run_ok()
        for route in routes:
            route["Status"] = {"Code": "deleting"}
            state.begin_transition(route)
        state.changed()
        return {"Status": {"Code": "deleting"}}


class DescribeClientVpnRoutes:
    name = "DescribeClientVpnRoutes"
    mutating = False

    @classmethod
    def prepare(cls, request_params, state, faults):
        endpoint_id = params.required(request_params, "ClientVpnEndpointId")
        request = paged_request(cls.name, request_params, state, [endpoint_id], ROUTE_FILTERS)
        request["endpoint_id"] = endpoint_id
        return request

    @classmethod
    def run(cls, state, request, dry_run):
        existing_endpoint(state, request["endpoint_id"])
        if dry_run:
            raise errors.dry_run_ok()
        selected = [
            route
            for route in state.endpoint_records("route", request["endpoint_id"])
            if matches(route, request["predicates"])
        ]
        page, next_token = listing(state, "route", selected, request)
        return {"Routes": [dict(route) for route in page], "NextToken": next_token}
