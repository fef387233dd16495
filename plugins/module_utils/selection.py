# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Client-side selection of connections by status and age (the API filters on neither)."""

import datetime
import re

_AGE = re.compile(r"(-?)(\d+)([smhdw]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
AGE_FORM = "a whole number with an optional unit s, m, h, d or w (for example 90s, 30m, 8h, 2d, 1w), or negative (-8h)"


def parse_age(text):
    """Seconds, negative for 'at most that long ago'; ValueError naming the value and the allowed form."""
    match = _AGE.fullmatch(str(text).strip())
    if not match:
        raise ValueError(f"age {text!r} is not valid: expected {AGE_FORM}.")
    sign, number, unit = match.groups()
    seconds = int(number) * _UNIT_SECONDS[unit]
    return -seconds if sign else seconds


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def _established(connection):
    try:
        moment = datetime.datetime.fromisoformat(connection.get("connection_established_time") or "")
    except ValueError:
        return None
    return moment.replace(tzinfo=datetime.timezone.utc) if moment.tzinfo is None else moment


def _age_test(age_seconds, now):
    threshold = now - datetime.timedelta(seconds=abs(age_seconds))
    if age_seconds >= 0:
        return lambda moment: moment <= threshold
    return lambda moment: moment >= threshold


def select_connections(connections, statuses=None, age_seconds=None, now=None):
    """The snake_cased connections whose status code is in statuses and whose age matches age_seconds.

    A connection without a readable connection_established_time never matches an age.
    """
    if not statuses and age_seconds is None:
        return connections
    wanted = set(statuses or ())
    in_age = None
    if age_seconds is not None:
        in_age = _age_test(age_seconds, now or _now())
    selected = []
    for connection in connections:
        if wanted and (connection.get("status") or {}).get("code") not in wanted:
            continue
        if in_age is not None:
            moment = _established(connection)
            if moment is None or not in_age(moment):
                continue
        selected.append(connection)
    return selected
