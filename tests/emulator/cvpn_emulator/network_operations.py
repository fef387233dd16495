# SPDX-License-Identifier: GPL-3.0-or-later
"""Target networks: AssociateClientVpnTargetNetwork, DisassociateClientVpnTargetNetwork and
DescribeClientVpnTargetNetworks.

Associating a subnet adds the route to its VPC's CIDR (Origin ``associate``) as AWS does, and gives an endpoint
without a VPC the subnet's VPC (and that VPC's default security group); disassociating takes the routes through
the subnet away, and the last disassociation puts an available endpoint back to ``pending-associate``.
"""

from . import errors
from . import params
from .common import changeable_endpoint
from .common import decoded
from .common import existing_endpoint
from .common import listing
from .common import matches
from .common import new_id
from .common import paged_request
from .common import remember
from .common import replayed
from .endpoint_options import default_security_group

TARGET_NETWORK_FILTERS = {"association-id": "AssociationId", "target-network-id": "TargetNetworkId", "vpc-id": "VpcId"}
ASSOCIATE_ROUTE_DESCRIPTION = "Default Route"


class AssociateClientVpnTargetNetwork:
    name = "AssociateClientVpnTargetNetwork"
    mutating = True

    @classmethod
    def prepare(cls, request_params, state, faults):
        request = decoded(cls.name, request_params)
        request.pop("DryRun", None)
        endpoint_id = params.required(request_params, "ClientVpnEndpointId")
        if "AvailabilityZone" in request or "AvailabilityZoneId" in request:
            raise errors.unsupported(
                "Associating an Availability Zone (transit gateway endpoints) is not supported "
                "by this emulator; give SubnetId."
            )
        subnet_id = params.required(request_params, "SubnetId")
        return {
            "endpoint_id": endpoint_id,
            "subnet_id": subnet_id,
            "token": request.get("ClientToken"),
            "request": request,
        }

    @classmethod
    def run(cls, state, request, dry_run):
        endpoint = changeable_endpoint(state, request["endpoint_id"])
        earlier = replayed(state, cls.name, request["token"], request["request"])
        if earlier is not None and not dry_run:
            return earlier
        subnet = state.subnet(request["subnet_id"])
        if subnet is None:
            raise errors.subnet_not_found(request["subnet_id"])
        _check_association(state, endpoint, subnet)
        if dry_run:
            raise errors.dry_run_ok()
        record = _associate(state, endpoint, subnet)
        result = {"AssociationId": record["AssociationId"], "Status": dict(record["Status"])}
        return remember(state, cls.name, request["token"], request["request"], result)


def _check_association(state, endpoint, subnet):
    endpoint_id = endpoint["ClientVpnEndpointId"]
    for network in state.live_associations(endpoint_id):
        if network["TargetNetworkId"] == subnet["SubnetId"]:
            raise errors.duplicate_association(subnet["SubnetId"], endpoint_id)
        other = state.subnet(network["TargetNetworkId"])
        if other is not None and other["AvailabilityZone"] == subnet["AvailabilityZone"]:
            raise errors.duplicate_az(subnet["AvailabilityZone"])
    if endpoint.get("VpcId") not in (None, subnet["VpcId"]):
        raise errors.invalid_value(
            f"The subnet {subnet['SubnetId']} is in {subnet['VpcId']}, but the Client VPN endpoint {endpoint_id} is "
            f"in {endpoint['VpcId']}; change the endpoint's VpcId (ModifyClientVpnEndpoint) first."
        )


def _associate(state, endpoint, subnet):
    endpoint_id = endpoint["ClientVpnEndpointId"]
    if endpoint.get("VpcId") is None:
        endpoint["VpcId"] = subnet["VpcId"]
        endpoint["SecurityGroupIds"] = [default_security_group(subnet["VpcId"])]
    record = {
        "AssociationId": new_id("cvpn-assoc"),
        "VpcId": subnet["VpcId"],
        "TargetNetworkId": subnet["SubnetId"],
        "ClientVpnEndpointId": endpoint_id,
        "Status": {"Code": "associating"},
        "SecurityGroups": list(endpoint.get("SecurityGroupIds") or []),
    }
    state.target_networks.append(record)
    state.begin_transition(record)
    _add_vpc_route(state, endpoint_id, subnet)
    if endpoint["Status"].get("Code") == "pending-associate":
        state.begin_transition(endpoint)
    state.changed()
    return record


def _add_vpc_route(state, endpoint_id, subnet):
    vpc = state.vpc(subnet["VpcId"])
    for route in state.endpoint_records("route", endpoint_id):
        if route["DestinationCidr"] == vpc["CidrBlock"] and route["TargetSubnet"] == subnet["SubnetId"]:
            return
    route = {
        "ClientVpnEndpointId": endpoint_id,
        "DestinationCidr": vpc["CidrBlock"],
        "TargetSubnet": subnet["SubnetId"],
        "Type": "Nat",
        "Origin": "associate",
        "Status": {"Code": "creating"},
        "Description": ASSOCIATE_ROUTE_DESCRIPTION,
    }
    state.routes.append(route)
    state.begin_transition(route)


class DisassociateClientVpnTargetNetwork:
    name = "DisassociateClientVpnTargetNetwork"
    mutating = True

    @classmethod
    def prepare(cls, request_params, state, faults):
        return {
            "endpoint_id": params.required(request_params, "ClientVpnEndpointId"),
            "association_id": params.required(request_params, "AssociationId"),
        }

    @classmethod
    def run(cls, state, request, dry_run):
        endpoint = changeable_endpoint(state, request["endpoint_id"])
        record = next(
            (
                network
                for network in state.endpoint_records("target_network", request["endpoint_id"])
                if network["AssociationId"] == request["association_id"]
                and network["Status"].get("Code") != "disassociated"
            ),
            None,
        )
        if record is None:
            raise errors.association_not_found(request["association_id"])
        if record["Status"].get("Code") == "disassociating":
            raise errors.incorrect_state(f"The association {request['association_id']} is already being disassociated.")
        if dry_run:
            raise errors.dry_run_ok()
        _disassociate(state, endpoint, record)
        return {"AssociationId": record["AssociationId"], "Status": dict(record["Status"])}


def _disassociate(state, endpoint, record):
    record["Status"] = {"Code": "disassociating"}
    state.begin_transition(record)
    for route in state.endpoint_records("route", endpoint["ClientVpnEndpointId"]):
        if route["TargetSubnet"] == record["TargetNetworkId"] and route["Status"].get("Code") != "deleting":
            route["Status"] = {"Code": "deleting"}
            state.begin_transition(route)
    if not state.live_associations(endpoint["ClientVpnEndpointId"]) and endpoint["Status"].get("Code") in (
        "available",
        "pending-associate",
    ):
        endpoint["Status"] = {"Code": "pending-associate"}
        state.cancel_transition(endpoint)
    state.changed()


class DescribeClientVpnTargetNetworks:
    name = "DescribeClientVpnTargetNetworks"
    mutating = False

    @classmethod
    def prepare(cls, request_params, state, faults):
        endpoint_id = params.required(request_params, "ClientVpnEndpointId")
        association_ids = params.indexed_list(request_params, "AssociationIds")
        request = paged_request(cls.name, request_params, state, [endpoint_id, association_ids], TARGET_NETWORK_FILTERS)
        request.update(
            endpoint_id=endpoint_id, association_ids=association_ids, ignore_ids=faults.ignore_association_ids
        )
        return request

    @classmethod
    def run(cls, state, request, dry_run):
        existing_endpoint(state, request["endpoint_id"])
        if dry_run:
            raise errors.dry_run_ok()
        wanted = frozenset(request["association_ids"]) if not request["ignore_ids"] else frozenset()
        selected = [
            record
            for record in state.endpoint_records("target_network", request["endpoint_id"])
            if (not wanted or record["AssociationId"] in wanted) and matches(record, request["predicates"])
        ]
        page, next_token = listing(state, "target_network", selected, request)
        return {"ClientVpnTargetNetworks": [dict(record) for record in page], "NextToken": next_token}
