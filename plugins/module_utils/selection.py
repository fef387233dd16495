# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Client-side selection of connections by status, age and certificate common name (the API filters on none of
them), on the snake_case connections that client_vpn_connections_info returns.  Used by both connection modules
and by the filter plugins.
"""

import datetime
import re

# ASCII digits only: \d would also take digits of other scripts, such as '٣'.
_AGE = re.compile(r"(-?)([0-9]+)([smhdw]?)", re.ASCII)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
AGE_FORM = "a whole number with an optional unit s, m, h, d or w (for example 90s, 30m, 8h, 2d, 1w), or negative (-8h)"
# Ten years either way: far beyond any Client VPN connection, well within what dates can express.
AGE_LIMIT_SECONDS = 520 * _UNIT_SECONDS["w"]
AGE_RANGE = f"at most 520w (3640d, {AGE_LIMIT_SECONDS} seconds, about ten years) either way"


def parse_age(text):
    """Seconds, negative for 'at most that long ago'; ValueError naming the value and the allowed form or range.

    White space around the value is ignored; a '+' sign, white space inside, and digits other than 0-9 are not.
    """
    match = _AGE.fullmatch(str(text).strip())
    if not match:
        raise ValueError(f"age {text!r} is not valid: expected {AGE_FORM}.")
    sign, number, unit = match.groups()
    # Compare lengths first: int() of thousands of digits is slow, or refused by Python itself.
    number = number.lstrip("0") or "0"
    seconds = int(number) * _UNIT_SECONDS[unit] if len(number) <= len(str(AGE_LIMIT_SECONDS)) else None
    if seconds is None or seconds > AGE_LIMIT_SECONDS:
        raise ValueError(f"age {text!r} is out of range: {AGE_RANGE}.")
    return -seconds if sign else seconds


def common_names_errors(values):
    """Messages for a common_names option that is empty or holds something other than a non-blank string."""
    if not values:
        return ["common_names is empty: give at least one certificate common name."]
    errors = []
    for value in values:
        if not isinstance(value, str):
            errors.append(
                f"common_names contains {value!r} of type {type(value).__name__}: each common name must "
                "be a string (quote it in YAML)."
            )
        elif not value.strip():
            errors.append(
                f"common_names contains {value!r}, which is empty or blank: each common name must be "
                "the non-empty common name of a client certificate."
            )
        elif value != value.strip():
            errors.append(
                f"common_names contains {value!r}, with white space at its start or end: common names "
                "are matched exactly, so remove it."
            )
    return errors


def _now():
    return datetime.datetime.now(datetime.UTC)


def established_time(connection):
    """connection_established_time as an aware UTC datetime, or None when it is missing or not a time."""
    value = connection.get("connection_established_time")
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=datetime.UTC) if moment.tzinfo is None else moment


def _age_test(age_seconds, now):
    threshold = now - datetime.timedelta(seconds=abs(age_seconds))
    if age_seconds >= 0:
        return lambda moment: moment <= threshold
    return lambda moment: moment >= threshold


def _status_code(connection):
    return (connection.get("status") or {}).get("code")


def select_connections(connections, statuses=None, age_seconds=None, common_names=None, now=None):
    """The snake_cased connections whose status code is in statuses, whose age matches age_seconds and whose
    common name is one of common_names (exactly, case-sensitively); None (or empty) leaves a criterion out.

    A connection without a readable connection_established_time never matches an age.
    """
    if not statuses and age_seconds is None and not common_names:
        return connections
    wanted = set(statuses or ())
    names = set(common_names or ())
    in_age = None
    if age_seconds is not None:
        in_age = _age_test(age_seconds, now or _now())
    selected = []
    for connection in connections:
        if wanted and _status_code(connection) not in wanted:
            continue
        if names and connection.get("common_name") not in names:
            continue
        if in_age is not None:
            moment = established_time(connection)
            if moment is None or not in_age(moment):
                continue
        selected.append(connection)
    return selected


def identity(connection):
    """Whose connection it is: its user name, else its certificate common name; None when it has neither."""
    return connection.get("username") or connection.get("common_name") or None
