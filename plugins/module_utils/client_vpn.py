# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Facts about the Client VPN API that every module of the collection shares."""

import re

ENDPOINT_ID_FORM = "cvpn-endpoint- followed by 8 or 17 lowercase hexadecimal digits"
CONNECTION_ID_FORM = "cvpn-connection- followed by 8 or 17 lowercase hexadecimal digits"
ASSOCIATION_ID_FORM = "cvpn-assoc- followed by 8 or 17 lowercase hexadecimal digits"
_ENDPOINT_ID = re.compile(r"cvpn-endpoint-(?:[0-9a-f]{8}|[0-9a-f]{17})")
_CONNECTION_ID = re.compile(r"cvpn-connection-(?:[0-9a-f]{8}|[0-9a-f]{17})")
_ASSOCIATION_ID = re.compile(r"cvpn-assoc-(?:[0-9a-f]{8}|[0-9a-f]{17})")

# Filter names the API accepts, per operation (case-sensitive).
CONNECTION_FILTERS = ("connection-id", "username")
ENDPOINT_FILTERS = ("endpoint-id", "transport-protocol")

# For the listings that are filtered on the client side too, the field of the API record that each filter tests.
TARGET_NETWORK_FILTER_FIELDS = {
    "association-id": "AssociationId",
    "target-network-id": "TargetNetworkId",
    "vpc-id": "VpcId",
}
AUTHORIZATION_RULE_FILTER_FIELDS = {
    "description": "Description",
    "destination-cidr": "DestinationCidr",
    "group-id": "GroupId",
}
ROUTE_FILTER_FIELDS = {"destination-cidr": "DestinationCidr", "origin": "Origin", "target-subnet": "TargetSubnet"}
TARGET_NETWORK_FILTERS = tuple(TARGET_NETWORK_FILTER_FIELDS)
AUTHORIZATION_RULE_FILTERS = tuple(AUTHORIZATION_RULE_FILTER_FIELDS)
ROUTE_FILTERS = tuple(ROUTE_FILTER_FIELDS)

CONNECTION_STATUSES = ("active", "failed-to-terminate", "terminating", "terminated")


def endpoint_id_error(value):
    """A message when value is not a Client VPN endpoint id, else None."""
    if isinstance(value, str) and _ENDPOINT_ID.fullmatch(value):
        return None
    return f"client_vpn_endpoint_id {value!r} is not a Client VPN endpoint id: expected {ENDPOINT_ID_FORM}."


def connection_id_errors(values):
    """Messages for each value that is not a Client VPN connection id."""
    return [
        f"connection_ids contains {value!r}, which is not a Client VPN connection id: expected {CONNECTION_ID_FORM}."
        for value in values
        if not (isinstance(value, str) and _CONNECTION_ID.fullmatch(value))
    ]


def association_id_errors(values):
    """Messages for each value that is not a target network association id."""
    return [
        f"association_ids contains {value!r}, which is not a target network association id: expected "
        f"{ASSOCIATION_ID_FORM}."
        for value in values
        if not (isinstance(value, str) and _ASSOCIATION_ID.fullmatch(value))
    ]
