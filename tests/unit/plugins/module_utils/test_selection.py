# SPDX-License-Identifier: GPL-3.0-or-later

import datetime

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.selection import AGE_LIMIT_SECONDS
from ansible_collections.vpnops.aws.plugins.module_utils.selection import common_names_errors
from ansible_collections.vpnops.aws.plugins.module_utils.selection import established_time
from ansible_collections.vpnops.aws.plugins.module_utils.selection import identity
from ansible_collections.vpnops.aws.plugins.module_utils.selection import parse_age
from ansible_collections.vpnops.aws.plugins.module_utils.selection import select_connections

NOW = datetime.datetime(2026, 11, 26, 8, 0, 0, tzinfo=datetime.UTC)


def _connection(number, code, established, common_name="alice"):
    return {
        "connection_id": f"c{number}",
        "status": {"code": code},
        "connection_established_time": established,
        "common_name": common_name,
    }


CONNECTIONS = [
    _connection(1, "active", "2026-11-26 07:30:00"),  # 30 minutes
    _connection(2, "active", "2026-11-25 20:00:00", "device-5.example.com"),  # 12 hours
    _connection(3, "terminated", "2026-11-26 00:00:00", "device-5.example.com"),  # 8 hours exactly
    _connection(4, "failed-to-terminate", "not a time", "Device-5.example.com"),
]


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("90", 90),
        ("90s", 90),
        ("30m", 1800),
        ("8h", 28800),
        ("2d", 172800),
        ("1w", 604800),
        ("-8h", -28800),
        (" 5m ", 300),
        ("0", 0),
        ("\t8h\n", 28800),
        ("0008h", 28800),
        ("-0", 0),
        ("520w", AGE_LIMIT_SECONDS),
        ("-520w", -AGE_LIMIT_SECONDS),
        ("3640d", AGE_LIMIT_SECONDS),
        ("87360h", AGE_LIMIT_SECONDS),
        (str(AGE_LIMIT_SECONDS), AGE_LIMIT_SECONDS),
        ("0000000000000001s", 1),
    ],
)
def test_parse_age(text, seconds):
    assert parse_age(text) == seconds


# Digits of other scripts pass \d: Arabic-Indic three, fullwidth eight, Devanagari one.
@pytest.mark.parametrize(
    "text",
    [
        "",
        "8x",
        "h",
        "8 h",
        "1.5h",
        "8H",
        "--8h",
        "+8h",
        "eight",
        "\u0663h",
        "\uff18h",
        "\u0967d",
        "8\uff48",
        "- 8h",
        "8h8h",
        "1e3s",
        "0x10s",
        "8_000s",
    ],
)
def test_parse_age_rejects(text):
    with pytest.raises(ValueError) as caught:
        parse_age(text)
    assert f"age {text!r} is not valid" in str(caught.value)
    assert "8h" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "521w",
        "-521w",
        "3641d",
        "87361h",
        str(AGE_LIMIT_SECONDS + 1),
        "99999999999999999999w",
        "-99999999999999999999w",
        "9" * 5000,
        "9" * 5000 + "w",
    ],
)
def test_parse_age_bounds_the_value(text):
    with pytest.raises(ValueError) as caught:
        parse_age(text)
    message = str(caught.value)
    assert message.startswith(f"age {text!r} is out of range: at most 520w")
    assert str(AGE_LIMIT_SECONDS) in message


def test_the_largest_age_selects_without_error():
    assert select_connections(CONNECTIONS, None, AGE_LIMIT_SECONDS, now=NOW) == []
    assert len(select_connections(CONNECTIONS, None, -AGE_LIMIT_SECONDS, now=NOW)) == 3


@pytest.mark.parametrize(
    "values, fragments",
    [
        ([], ["common_names is empty"]),
        ([""], ["common_names contains ''", "empty or blank"]),
        (["   "], ["common_names contains '   '", "empty or blank"]),
        (["device-5.example.com", 5], ["contains 5 of type int", "must be a string"]),
        ([None], ["contains None of type NoneType"]),
        ([{"cn": "x"}], ["contains {'cn': 'x'} of type dict"]),
        ([["x"]], ["contains ['x'] of type list"]),
        ([True], ["contains True of type bool"]),
        ([" device-5.example.com"], ["' device-5.example.com'", "white space at its start or end"]),
        (["device-5.example.com\n"], ["'device-5.example.com\\n'", "white space"]),
    ],
)
def test_common_names_errors(values, fragments):
    errors = common_names_errors(values)
    assert len(errors) == 1
    for fragment in fragments:
        assert fragment in errors[0]


def test_common_names_errors_names_every_bad_value():
    errors = common_names_errors(["ok.example.com", "", 7, " x"])
    assert [error.split(",", maxsplit=1)[0].split(" of type", maxsplit=1)[0] for error in errors] == [
        "common_names contains ''",
        "common_names contains 7",
        "common_names contains ' x'",
    ]


@pytest.mark.parametrize("values", [["device-5.example.com"], ["a", "b", "Ünïcødé.example.com", "李雷"]])
def test_common_names_accepts_non_blank_strings(values):
    assert common_names_errors(values) == []


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


@pytest.mark.parametrize(
    "statuses, age, common_names, expected",
    [
        (None, None, ["device-5.example.com"], ["c2", "c3"]),
        (None, None, ["Device-5.example.com"], ["c4"]),
        (None, None, ["DEVICE-5.EXAMPLE.COM"], []),
        (None, None, ["device-5.example"], []),
        (None, None, ["alice", "Device-5.example.com"], ["c1", "c4"]),
        (["active"], None, ["device-5.example.com"], ["c2"]),
        (None, 8 * 3600, ["device-5.example.com"], ["c2", "c3"]),
        (None, 10 * 3600, ["device-5.example.com"], ["c2"]),
        (["active", "terminated"], -9 * 3600, ["device-5.example.com", "alice"], ["c1", "c3"]),
        (None, None, [], ["c1", "c2", "c3", "c4"]),
    ],
)
def test_select_connections_by_common_name(statuses, age, common_names, expected):
    selected = select_connections(CONNECTIONS, statuses, age, common_names, now=NOW)
    assert [c["connection_id"] for c in selected] == expected


def test_a_connection_without_common_name_never_matches_one():
    connections = [{"connection_id": "c9", "status": {"code": "active"}}]
    assert select_connections(connections, common_names=["c9"]) == []


@pytest.mark.parametrize(
    "connection, expected",
    [
        ({"username": "alice", "common_name": "alice"}, "alice"),
        ({"username": "alice", "common_name": "laptop.example.com"}, "alice"),
        ({"common_name": "device-5.example.com"}, "device-5.example.com"),
        ({"username": "", "common_name": "device-5.example.com"}, "device-5.example.com"),
        ({"username": None, "common_name": "device-5.example.com"}, "device-5.example.com"),
        ({"common_name": ""}, None),
        ({}, None),
    ],
)
def test_identity_is_the_user_name_else_the_common_name(connection, expected):
    assert identity(connection) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-11-26 07:30:00", datetime.datetime(2026, 11, 26, 7, 30, tzinfo=datetime.UTC)),
        ("2026-11-26T07:30:00+01:00", datetime.datetime(2026, 11, 26, 6, 30, tzinfo=datetime.UTC)),
        ("-", None),
        ("", None),
        (None, None),
        (1764142200, None),
    ],
)
def test_established_time(value, expected):
    assert established_time({"connection_established_time": value}) == expected
