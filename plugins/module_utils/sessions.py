# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Idle and duplicate sessions among listed connections (the snake_case connections that
client_vpn_connections_info returns), for the filter plugins idle_connections and duplicate_connections.
Bad arguments raise SessionError with a message that names the argument, the value and what is allowed.
"""

import re

from ansible_collections.vpnops.aws.plugins.module_utils.selection import established_time
from ansible_collections.vpnops.aws.plugins.module_utils.selection import identity

# Keep-alive traffic of an idle OpenVPN-based client in one hour stays below this: see the idle_connections
# filter's documentation for the arithmetic.
DEFAULT_MAX_BYTES = 262144
COUNTERS = ("ingress_bytes", "egress_bytes")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_SHAPE = "the snake_case connections that vpnops.aws.client_vpn_connections_info returns"


class SessionError(ValueError):
    """An argument that is not what the filter needs."""


def _type_name(value):
    """The name of value's type as a playbook author knows it: Ansible hands filters its own subclasses of dict,
    list and str."""
    for kind in (bool, int, float, str, dict, list):
        if isinstance(value, kind):
            return kind.__name__
    return type(value).__name__


def _shown(value):
    """repr(value), shortened to 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}..."


def _connections(value, name):
    """value when it is a list of connection dicts, each with a connection_id; SessionError otherwise."""
    if not isinstance(value, list):
        raise SessionError(
            f"{name} must be a list of connections ({_SHAPE}), got {_type_name(value)}"
            f"{'; add | list after map() or select()' if hasattr(value, '__next__') else ''}."
        )
    for index, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise SessionError(
                f"{name}[{index}] is {_shown(entry)} of type {_type_name(entry)}, not a connection "
                f"(a dict): expected {_SHAPE}."
            )
        if not isinstance(entry.get("connection_id"), str):
            raise SessionError(f"{name}[{index}] has no connection_id: expected {_SHAPE}, with snake_case names.")
    return value


def _whole_number(value, name, minimum):
    """value when it is an int (not a bool) of at least minimum; SessionError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise SessionError(
            f"{name} must be a whole number of at least {minimum}, got {_shown(value)} of type "
            f"{_type_name(value)} (convert a string with | int)."
        )
    if value < minimum:
        raise SessionError(f"{name} must be at least {minimum}, got {value}.")
    return value


def _is_active(connection):
    return (connection.get("status") or {}).get("code") == "active"


def _counter(connection, key, where):
    """A byte counter as an int: AWS gives them as strings of digits; an int is taken as it is."""
    value = connection.get(key)
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise SessionError(
        f"{where} (connection {connection['connection_id']}) has {key} {_shown(value)}: expected a "
        "byte count, a string of digits as AWS gives it."
    )


def _by_id(connections, name):
    """{connection id: (index, connection)}; SessionError when an id is listed twice."""
    by_id = {}
    for index, connection in enumerate(connections):
        connection_id = connection["connection_id"]
        if connection_id in by_id:
            raise SessionError(f"{name} lists connection {connection_id} more than once: give one reading.")
        by_id[connection_id] = (index, connection)
    return by_id


def _traffic(connection, where):
    return tuple(_counter(connection, key, where) for key in COUNTERS)


def idle_connections(current, previous, max_bytes=DEFAULT_MAX_BYTES):
    """The active connections of current that previous also lists and whose ingress plus egress bytes grew by at
    most max_bytes since; a counter that went down (a reset) makes a connection not idle."""
    _connections(current, "idle_connections input")
    before = _by_id(_connections(previous, "previous"), "previous")
    _whole_number(max_bytes, "max_bytes", 0)
    idle = []
    for index, connection in enumerate(current):
        earlier = before.get(connection["connection_id"])
        if earlier is None or not _is_active(connection):
            continue
        was = _traffic(earlier[1], f"previous[{earlier[0]}]")
        now = _traffic(connection, f"idle_connections input[{index}]")
        if all(after >= prior for after, prior in zip(now, was, strict=False)) and sum(now) - sum(was) <= max_bytes:
            idle.append(connection)
    return idle


def _established(connection, index):
    moment = established_time(connection)
    if moment is None:
        raise SessionError(
            f"duplicate_connections input[{index}] (connection {connection['connection_id']}) has "
            f"connection_established_time {_shown(connection.get('connection_established_time'))}: "
            "expected a time such as '2026-11-26 08:00:00'."
        )
    return moment


def duplicate_connections(connections, keep=1):
    """The active connections of each identity (user name, else common name) beyond the keep most recently
    established ones, in the order of connections.  Of two established at the same second, the later in the
    list counts as the more recent.  A connection with neither a user name nor a common name is never one."""
    _connections(connections, "duplicate_connections input")
    _whole_number(keep, "keep", 1)
    groups = {}
    for index, connection in enumerate(connections):
        owner = identity(connection)
        if owner is not None and _is_active(connection):
            groups.setdefault(owner, []).append((_established(connection, index), index))
    extra = set()
    for sessions in groups.values():
        sessions.sort(reverse=True)
        extra.update(index for _moment, index in sessions[keep:])
    return [connection for index, connection in enumerate(connections) if index in extra]
