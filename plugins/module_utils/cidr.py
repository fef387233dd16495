# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Networks in CIDR notation, as the authorization rule and route modules take them and as AWS lists them."""

import ipaddress

CIDR_FORM = "a network address and a prefix length, such as 10.0.0.0/16 (or, for IPv6, fd00:1::/64)"


def parse_cidr(option, value):
    """(network in canonical text, None) for a CIDR block; (None, message naming option and value) when it is not one.

    The prefix length is required, and the address must be the network's own (no host bits set): AWS
    would otherwise store a different block from the one written in the task.
    """
    if not isinstance(value, str) or "/" not in value:
        return None, f"{option} {value!r} is not a CIDR block: expected {CIDR_FORM}."
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError as exc:
        return None, f"{option} {value!r} is not a CIDR block ({exc}): expected {CIDR_FORM}."
    canonical = str(network)
    if network.network_address != ipaddress.ip_interface(value).ip:
        return None, (
            f"{option} {value!r} has host bits set: the network with that prefix length is "
            f"{canonical}; write that, or the prefix length you meant."
        )
    return canonical, None


def same_cidr(listed, canonical):
    """Whether a CIDR block as AWS lists it is the network canonical (as parse_cidr() returned it)."""
    if listed == canonical:
        return True
    try:
        return str(ipaddress.ip_network(listed, strict=False)) == canonical
    except (TypeError, ValueError):
        return False
