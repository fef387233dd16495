# SPDX-License-Identifier: GPL-3.0-or-later
"""The network side of the state: VPCs, subnets, target networks, authorization rules, routes and CRLs.

This module checks those records when a state is loaded and knows how their transitional statuses move on.
A record in a transitional status (``associating``, ``deleting``...) keeps it for ``transition_reads`` Describe
reads, then each further read takes it one step on (see ``NEXT_STATUS``); ``REMOVE`` means the record is gone.
"""

import ipaddress
import re

from cryptography import x509

from .xmlserializer import load_ec2_model

REMOVE = None
# kind -> {transitional status: the status it moves to (REMOVE: the record disappears)}
NEXT_STATUS = {
    "endpoint": {"deleting": "deleted", "deleted": REMOVE},
    "target_network": {"associating": "associated", "disassociating": "disassociated", "disassociated": REMOVE},
    "authorization_rule": {"authorizing": "active", "revoking": REMOVE},
    "route": {"creating": "active", "deleting": REMOVE},
}
STATUS_CODES = {
    "target_network": ("associating", "associated", "association-failed", "disassociating", "disassociated"),
    "authorization_rule": ("authorizing", "active", "failed", "revoking"),
    "route": ("creating", "active", "failed", "deleting"),
}
SHAPES = {"target_network": "TargetNetwork", "authorization_rule": "AuthorizationRule", "route": "ClientVpnRoute"}
VPC_KEYS = frozenset(("VpcId", "CidrBlock"))
SUBNET_KEYS = frozenset(("SubnetId", "VpcId", "CidrBlock", "AvailabilityZone"))
VPC_ID = re.compile(r"^vpc-[0-9a-f]{8}([0-9a-f]{9})?$")
SUBNET_ID = re.compile(r"^subnet-[0-9a-f]{8}([0-9a-f]{9})?$")
ASSOCIATION_ID = re.compile(r"^cvpn-assoc-[0-9a-f]{8}([0-9a-f]{9})?$")


class RecordError(ValueError):
    """A network record of a state is invalid (the state module turns it into a StateError)."""


def parse_cidr(text):
    """An ``ipaddress.IPv4Network`` for an exact IPv4 CIDR (no host bits set), or None."""
    if not isinstance(text, str) or "/" not in text:
        return None
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        return None
    return network if network.version == 4 else None


def crl_error(pem):
    """Why ``pem`` is not a PEM certificate revocation list, or None when it is one."""
    if not isinstance(pem, str) or "-----BEGIN X509 CRL-----" not in pem:
        return "it is not a PEM-encoded certificate revocation list (-----BEGIN X509 CRL-----)"
    try:
        x509.load_pem_x509_crl(pem.encode("utf-8"))
    except ValueError as exc:
        return f"it cannot be parsed: {exc}"
    return None


def _member_names(shape_name):
    return frozenset(load_ec2_model().shape_for(shape_name).members)


def _check_object(kind, record, allowed, id_key):
    if not isinstance(record, dict):
        raise RecordError(f"each {kind} must be a JSON object, got {record!r}")
    unknown = sorted(set(record) - allowed)
    if unknown:
        raise RecordError(f"{kind} {record.get(id_key, '?')} has unknown member(s) {', '.join(unknown)}")
    if not isinstance(record.get(id_key), str) or not record[id_key]:
        raise RecordError(f"each {kind} needs a non-empty {id_key}")


def _check_cidr(kind, record, key):
    if parse_cidr(record.get(key)) is None:
        raise RecordError(f"{kind} needs {key}, an IPv4 CIDR such as 10.0.0.0/16, got {record.get(key)!r}")


def _check_status(kind, record):
    status = record.get("Status")
    if not isinstance(status, dict) or status.get("Code") not in STATUS_CODES[kind]:
        raise RecordError(f"{kind} {record!r} needs Status.Code, one of {', '.join(STATUS_CODES[kind])}")


def _unique(kind, values):
    seen = set()
    for value in values:
        if value in seen:
            raise RecordError(f"duplicate {kind} {value}")
        seen.add(value)


def check_vpcs(vpcs):
    for record in vpcs:
        _check_object("vpc", record, VPC_KEYS, "VpcId")
        if not VPC_ID.match(record["VpcId"]):
            raise RecordError(f"vpc id {record['VpcId']} must look like vpc-0123456789abcdef0")
        _check_cidr("vpc", record, "CidrBlock")
    _unique("vpc", (record["VpcId"] for record in vpcs))


def check_subnets(subnets, vpc_ids):
    for record in subnets:
        _check_object("subnet", record, SUBNET_KEYS, "SubnetId")
        if not SUBNET_ID.match(record["SubnetId"]):
            raise RecordError(f"subnet id {record['SubnetId']} must look like subnet-0123456789abcdef0")
        _check_cidr("subnet", record, "CidrBlock")
        if record.get("VpcId") not in vpc_ids:
            raise RecordError(
                f"subnet {record['SubnetId']} refers to vpc {record.get('VpcId')}, which is not among the vpcs"
            )
        if not isinstance(record.get("AvailabilityZone"), str) or not record["AvailabilityZone"]:
            raise RecordError(f"subnet {record['SubnetId']} needs an AvailabilityZone")
    _unique("subnet", (record["SubnetId"] for record in subnets))


def check_target_networks(records, endpoint_ids, subnets):
    allowed = _member_names(SHAPES["target_network"])
    for record in records:
        _check_object("target network", record, allowed, "AssociationId")
        if not ASSOCIATION_ID.match(record["AssociationId"]):
            raise RecordError(f"association id {record['AssociationId']} must look like cvpn-assoc-0123456789abcdef0")
        _check_endpoint("target network", record, endpoint_ids)
        _check_status("target_network", record)
        subnet = subnets.get(record.get("TargetNetworkId"))
        if subnet is None:
            raise RecordError(
                f"target network {record['AssociationId']} refers to subnet "
                f"{record.get('TargetNetworkId')}, which is not among the subnets"
            )
        if record.get("VpcId", subnet["VpcId"]) != subnet["VpcId"]:
            raise RecordError(
                f"target network {record['AssociationId']} has VpcId {record['VpcId']}, "
                f"but its subnet is in {subnet['VpcId']}"
            )
    _unique("association", (record["AssociationId"] for record in records))


def _check_endpoint(kind, record, endpoint_ids):
    if record.get("ClientVpnEndpointId") not in endpoint_ids:
        raise RecordError(
            f"{kind} {record!r} refers to endpoint {record.get('ClientVpnEndpointId')}, "
            "which is not among the endpoints"
        )


def check_rules(records, endpoint_ids):
    allowed = _member_names(SHAPES["authorization_rule"])
    for record in records:
        _check_object("authorization rule", record, allowed, "DestinationCidr")
        _check_endpoint("authorization rule", record, endpoint_ids)
        _check_cidr("authorization rule", record, "DestinationCidr")
        _check_status("authorization_rule", record)
        if bool(record.get("AccessAll")) == bool(record.get("GroupId")):
            raise RecordError(f"authorization rule {record!r} needs either AccessAll true or a GroupId")
    keys = [
        (record["ClientVpnEndpointId"], record["DestinationCidr"], record.get("GroupId") or "*") for record in records
    ]
    _unique("authorization rule", keys)


def check_routes(records, endpoint_ids):
    allowed = _member_names(SHAPES["route"])
    for record in records:
        _check_object("route", record, allowed, "DestinationCidr")
        _check_endpoint("route", record, endpoint_ids)
        _check_cidr("route", record, "DestinationCidr")
        _check_status("route", record)
        if not isinstance(record.get("TargetSubnet"), str) or not record["TargetSubnet"]:
            raise RecordError(f"route {record!r} needs a TargetSubnet")
    _unique(
        "route",
        ((record["ClientVpnEndpointId"], record["DestinationCidr"], record["TargetSubnet"]) for record in records),
    )


def check_crls(crls, endpoint_ids):
    if not isinstance(crls, dict):
        raise RecordError("crls must be an object of endpoint id -> PEM text")
    for endpoint_id, pem in crls.items():
        if endpoint_id not in endpoint_ids:
            raise RecordError(f"crl for endpoint {endpoint_id}, which is not among the endpoints")
        problem = crl_error(pem)
        if problem is not None:
            raise RecordError(f"crl of endpoint {endpoint_id}: {problem}")
