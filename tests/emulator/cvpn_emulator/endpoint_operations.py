# SPDX-License-Identifier: GPL-3.0-or-later
"""CreateClientVpnEndpoint, ModifyClientVpnEndpoint and DeleteClientVpnEndpoint."""

from . import endpoint_options as options
from . import errors
from .common import changeable_endpoint
from .common import decoded
from .common import new_id
from .common import remember
from .common import replayed
from .tag_operations import check_tags
from .tag_operations import merged_tags

ENDPOINT_RESOURCE_TYPE = "client-vpn-endpoint"
_CREATE_REQUIRED = ("ClientCidrBlock", "ServerCertificateArn", "AuthenticationOptions", "ConnectionLogOptions")
_WIRE_NAMES = {
    "AuthenticationOptions": "Authentication",
    "SecurityGroupIds": "SecurityGroupId",
    "TagSpecifications": "TagSpecification",
}


def _require(request, names):
    for name in names:
        if request.get(name) in (None, "", []):
            raise errors.missing_parameter(_WIRE_NAMES.get(name, name))


def _tags(specifications):
    tags = []
    for index, specification in enumerate(specifications, 1):
        if specification.get("ResourceType") != ENDPOINT_RESOURCE_TYPE:
            raise errors.invalid_value(
                f"Value ({specification.get('ResourceType')}) for parameter "
                f"TagSpecification.{index}.ResourceType is invalid. Expected "
                f"{ENDPOINT_RESOURCE_TYPE}."
            )
        tags = merged_tags(tags, check_tags(specification.get("Tags") or []))
    return tags


def _network_options(request):
    """VpcId and SecurityGroupIds: security groups need the VPC that holds them."""
    vpc_id, groups = request.get("VpcId"), request.get("SecurityGroupIds")
    if groups and not vpc_id:
        raise errors.invalid_combination("SecurityGroupIds requires VpcId: give the VPC that holds the groups.")
    if vpc_id is None:
        return {}
    return {
        "VpcId": vpc_id,
        "SecurityGroupIds": options.security_groups(groups) if groups else [options.default_security_group(vpc_id)],
    }


def _portal(request, authentication):
    portal = request.get("SelfServicePortal")
    if portal is None:
        federated = any(option["Type"] == "federated-authentication" for option in authentication)
        portal = "enabled" if federated else "disabled"
    return portal


def _new_endpoint(request):
    """The endpoint record without its id, times and DNS name, from a decoded CreateClientVpnEndpoint request."""
    authentication = options.authentication(request["AuthenticationOptions"])
    record = {
        "Description": request.get("Description"),
        "ClientCidrBlock": options.client_cidr(request["ClientCidrBlock"]),
        "SplitTunnel": request.get("SplitTunnel", False),
        "VpnProtocol": "openvpn",
        "TransportProtocol": request.get("TransportProtocol", "udp"),
        "VpnPort": options.vpn_port(request.get("VpnPort", 443)),
        "ServerCertificateArn": options.acm_arn("ServerCertificateArn", request["ServerCertificateArn"]),
        "AuthenticationOptions": authentication,
        "ConnectionLogOptions": options.connection_log(request["ConnectionLogOptions"]),
        "Tags": _tags(request.get("TagSpecifications") or []),
        "ClientConnectOptions": options.client_connect(request.get("ClientConnectOptions") or {}),
        "SessionTimeoutHours": options.session_timeout(request.get("SessionTimeoutHours", 24)),
        "ClientLoginBannerOptions": options.login_banner(request.get("ClientLoginBannerOptions") or {}),
        "ClientRouteEnforcementOptions": {
            "Enforced": (request.get("ClientRouteEnforcementOptions") or {}).get("Enforced", False)
        },
        "DisconnectOnSessionTimeout": request.get("DisconnectOnSessionTimeout", True),
        "EndpointIpAddressType": request.get("EndpointIpAddressType", "ipv4"),
        "TrafficIpAddressType": request.get("TrafficIpAddressType", "ipv4"),
    }
    if record["TransportProtocol"] not in ("udp", "tcp"):
        raise errors.invalid_value(
            f"Value ({record['TransportProtocol']}) for parameter TransportProtocol is "
            "invalid. Valid values: udp | tcp."
        )
    if request.get("DnsServers"):
        record["DnsServers"] = options.dns_servers("DnsServers", request["DnsServers"])
    record.update(_network_options(request))
    return {key: value for key, value in record.items() if value is not None}


class CreateClientVpnEndpoint:
    name = "CreateClientVpnEndpoint"
    mutating = True

    @classmethod
    def prepare(cls, request_params, state, faults):
        request = decoded(cls.name, request_params)
        request.pop("DryRun", None)
        _require(request, _CREATE_REQUIRED)
        options.unsupported(request)
        record = _new_endpoint(request)
        portal = _portal(request, record["AuthenticationOptions"])
        options.self_service_url("cvpn-endpoint-check", portal, record["AuthenticationOptions"])
        return {"request": request, "record": record, "portal": portal, "token": request.get("ClientToken")}

    @classmethod
    def run(cls, state, request, dry_run):
        earlier = replayed(state, cls.name, request["token"], request["request"])
        if earlier is not None and not dry_run:
            return earlier
        vpc_id = request["record"].get("VpcId")
        if vpc_id is not None and state.vpc(vpc_id) is None:
            raise errors.vpc_not_found(vpc_id)
        if dry_run:
            raise errors.dry_run_ok()
        record = _created(state, request)
        state.add_endpoint(record)
        result = {
            "ClientVpnEndpointId": record["ClientVpnEndpointId"],
            "Status": dict(record["Status"]),
            "DnsName": record["DnsName"],
        }
        return remember(state, cls.name, request["token"], request["request"], result)


def _created(state, request):
    endpoint_id = new_id("cvpn-endpoint")
    region = request.get("region") or "us-east-1"
    record = {
        "ClientVpnEndpointId": endpoint_id,
        "Status": {"Code": "pending-associate"},
        "CreationTime": state.clock.now_text(),
        "DnsName": f"*.{endpoint_id}.prod.clientvpn.{region}.amazonaws.com",
        **request["record"],
    }
    url = options.self_service_url(endpoint_id, request["portal"], record["AuthenticationOptions"])
    if url is not None:
        record["SelfServicePortalUrl"] = url
    return record


def _modify_changes(request):
    """The endpoint members a decoded ModifyClientVpnEndpoint request sets (None: the member is removed)."""
    changes = {}
    simple = {
        "ServerCertificateArn": lambda value: options.acm_arn("ServerCertificateArn", value),
        "VpnPort": options.vpn_port,
        "SessionTimeoutHours": options.session_timeout,
        "ConnectionLogOptions": options.connection_log,
        "ClientConnectOptions": options.client_connect,
        "ClientLoginBannerOptions": options.login_banner,
        "Description": str,
        "SplitTunnel": bool,
        "DisconnectOnSessionTimeout": bool,
        "ClientRouteEnforcementOptions": lambda value: {"Enforced": value.get("Enforced", False)},
    }
    for name, check in simple.items():
        if name in request:
            changes[name] = check(request[name])
    if "DnsServers" in request:
        changes["DnsServers"] = _modified_dns(request["DnsServers"])
    if request.get("SecurityGroupIds") and not request.get("VpcId"):
        raise errors.invalid_combination("SecurityGroupIds requires VpcId: give the VPC that holds the groups.")
    changes.update(_network_options(request))
    return changes


def _modified_dns(value):
    if not value.get("Enabled", False):
        return None
    servers = value.get("CustomDnsServers") or []
    if not servers:
        raise errors.missing_parameter("DnsServers.CustomDnsServers")
    return options.dns_servers("DnsServers.CustomDnsServers", servers)


class ModifyClientVpnEndpoint:
    name = "ModifyClientVpnEndpoint"
    mutating = True

    @classmethod
    def prepare(cls, request_params, state, faults):
        request = decoded(cls.name, request_params)
        _require(request, ("ClientVpnEndpointId",))
        options.unsupported(request)
        return {
            "endpoint_id": request["ClientVpnEndpointId"],
            "changes": _modify_changes(request),
            "portal": request.get("SelfServicePortal"),
        }

    @classmethod
    def run(cls, state, request, dry_run):
        record = changeable_endpoint(state, request["endpoint_id"])
        changes = dict(request["changes"])
        _check_vpc_change(state, record, changes.get("VpcId"))
        if request["portal"] is not None:
            changes["SelfServicePortalUrl"] = options.self_service_url(
                record["ClientVpnEndpointId"], request["portal"], record.get("AuthenticationOptions") or []
            )
        if dry_run:
            raise errors.dry_run_ok()
        for name, value in changes.items():
            if value is None:
                record.pop(name, None)
            else:
                record[name] = value
        if "SecurityGroupIds" in changes:
            for network in state.endpoint_records("target_network", record["ClientVpnEndpointId"]):
                network["SecurityGroups"] = list(changes["SecurityGroupIds"])
        state.changed()
        return {"Return": True}


def _check_vpc_change(state, record, vpc_id):
    if vpc_id is None:
        return
    if state.vpc(vpc_id) is None:
        raise errors.vpc_not_found(vpc_id)
    if vpc_id != record.get("VpcId") and state.live_associations(record["ClientVpnEndpointId"]):
        raise errors.incorrect_state(
            f"The Client VPN endpoint {record['ClientVpnEndpointId']} has target networks "
            f"in {record.get('VpcId')}; disassociate them before changing the VPC."
        )


class DeleteClientVpnEndpoint:
    name = "DeleteClientVpnEndpoint"
    mutating = True

    @classmethod
    def prepare(cls, request_params, state, faults):
        request = decoded(cls.name, request_params)
        _require(request, ("ClientVpnEndpointId",))
        return {"endpoint_id": request["ClientVpnEndpointId"]}

    @classmethod
    def run(cls, state, request, dry_run):
        record = changeable_endpoint(state, request["endpoint_id"])
        associations = [
            network["AssociationId"]
            for network in state.endpoint_records("target_network", request["endpoint_id"])
            if network["Status"].get("Code") != "disassociated"
        ]
        if associations:
            raise errors.association_exists(associations)
        if dry_run:
            raise errors.dry_run_ok()
        record["Status"] = {"Code": "deleting"}
        state.begin_transition(record)
        state.changed()
        return {"Status": {"Code": "deleting"}}
