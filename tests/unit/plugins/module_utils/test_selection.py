# SPDX-License-Identifier: GPL-3.0-or-later

import datetime

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.selection import parse_age
from ansible_collections.vpnops.aws.plugins.module_utils.selection import select_connections

NOW = datetime.datetime(2026, 11, 26, 8, 0, 0, tzinfo=datetime.timezone.utc)


def _connection(number, code, established):
    return {"connection_id": f"c{number}", "status": {"code": code}, "connection_established_time": established}


CONNECTIONS = [
    _connection(1, "active", "2026-11-26 07:30:00"),  # 30 minutes
    _connection(2, "active", "2026-11-25 20:00:00"),  # 12 hours
    _connection(3, "terminated", "2026-11-26 00:00:00"),  # 8 hours exactly
    _connection(4, "failed-to-terminate", "not a time"),
]


@pytest.mark.parametrize(
    "text, seconds",
    [("90", 90), ("90s", 90), ("30m", 1800), ("8h", 28800), ("2d", 172800), ("1w", 604800), ("-8h", -28800),
     (" 5m ", 300), ("0", 0)],
)
def test_parse_age(text, seconds):
    assert parse_age(text) == seconds


@pytest.mark.parametrize("text", ["", "8x", "h", "8 h", "1.5h", "8H", "--8h", "+8h", "eight"])
def test_parse_age_rejects(text):
    with pytest.raises(ValueError) as caught:
        parse_age(text)
    assert repr(text) in str(caught.value)
    assert "8h" in str(caught.value)


@pytest.mark.parametrize(
    "statuses, age, expected",
    [
        (None, None, ["c1", "c2", "c3", "c4"]),
        (["active"], None, ["c1", "c2"]),
        (["terminated", "failed-to-terminate"], None, ["c3", "c4"]),
        (None, 8 * 3600, ["c2", "c3"]),
        (None, -8 * 3600, ["c1", "c3"]),
        (["active"], 8 * 3600, ["c2"]),
        (None, 0, ["c1", "c2", "c3"]),
        (["terminating"], None, []),
    ],
)
def test_select_connections(statuses, age, expected):
    selected = select_connections(CONNECTIONS, statuses, age, now=NOW)
    assert [c["connection_id"] for c in selected] == expected
