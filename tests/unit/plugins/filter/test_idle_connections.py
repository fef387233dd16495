# SPDX-License-Identifier: GPL-3.0-or-later

import copy

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.vpnops.aws.plugins.filter import idle_connections as plugin

idle_connections = plugin.FilterModule().filters()["idle_connections"]


def _connection(number, ingress, egress, code="active"):
    return {
        "connection_id": f"cvpn-connection-{number:017x}",
        "common_name": f"device-{number}.example.com",
        "status": {"code": code},
        "ingress_bytes": ingress,
        "egress_bytes": egress,
        "connection_established_time": "2026-11-26 06:00:00",
    }


def _ids(connections):
    return [int(c["connection_id"][-17:], 16) for c in connections]


PREVIOUS = [
    _connection(1, "1000", "5000"),
    _connection(2, "1000", "5000"),
    _connection(3, "1000", "5000"),
    _connection(4, "1000", "5000"),
    _connection(5, "1000", "5000"),
    _connection(6, "1000", "5000"),
    _connection(7, "1000", "5000"),
]


def test_the_filter_is_registered_under_its_name():
    assert set(plugin.FilterModule().filters()) == {"idle_connections"}


@pytest.mark.parametrize(
    "current, max_bytes, expected",
    [
        # Growth 0, 100 000 and 300 000 bytes.
        (
            [_connection(1, "1000", "5000"), _connection(2, "51000", "55000"), _connection(3, "151000", "155000")],
            100000,
            [1, 2],
        ),
        (
            [_connection(1, "1000", "5000"), _connection(2, "51000", "55000"), _connection(3, "151000", "155000")],
            99999,
            [1],
        ),
        ([_connection(1, "1000", "5000"), _connection(2, "1001", "5000")], 0, [1]),
        ([_connection(3, "151000", "155000")], 300000, [3]),
        # Only one counter grew, by all the bytes.
        ([_connection(1, "1000", "105000"), _connection(2, "101000", "5000")], 100000, [1, 2]),
    ],
)
def test_growth_at_most_max_bytes_is_idle(current, max_bytes, expected):
    assert _ids(idle_connections(current, PREVIOUS, max_bytes=max_bytes)) == expected


def test_the_default_allows_256_kib_between_readings():
    current = [_connection(1, "1000", str(5000 + 262144)), _connection(2, "1000", str(5000 + 262145))]
    assert _ids(idle_connections(current, PREVIOUS)) == [1]
    assert plugin.DOCUMENTATION.count("default: 262144") == 1


@pytest.mark.parametrize("code", ["terminating", "terminated", "failed-to-terminate"])
def test_only_active_connections_are_idle(code):
    current = [_connection(1, "1000", "5000", code), _connection(2, "1000", "5000")]
    assert _ids(idle_connections(current, PREVIOUS)) == [2]


def test_a_connection_missing_from_previous_is_not_idle():
    current = [_connection(8, "0", "0"), _connection(1, "1000", "5000")]
    assert _ids(idle_connections(current, PREVIOUS)) == [1]
    assert idle_connections(current, []) == []


@pytest.mark.parametrize("ingress, egress", [("999", "5000"), ("1000", "4999"), ("0", "0"), ("10", "200000")])
def test_a_counter_that_went_down_is_not_idle(ingress, egress):
    current = [_connection(1, ingress, egress), _connection(2, "1000", "5000")]
    assert _ids(idle_connections(current, PREVIOUS)) == [2]


def test_idle_connections_are_returned_unchanged_in_the_input_order():
    current = [
        _connection(5, "1000", "5000"),
        _connection(2, "1000", "5000"),
        _connection(9, "0", "0"),
        _connection(4, "1000", "5000"),
    ]
    before = copy.deepcopy(current)
    idle = idle_connections(current, PREVIOUS)
    assert _ids(idle) == [5, 2, 4]
    assert idle[0] is current[0]
    assert current == before


def test_counters_as_whole_numbers_and_with_leading_zeros():
    current = [_connection(1, 1000, 5100), _connection(2, "0001000", "0005000")]
    previous = [_connection(1, 1000, 5000), _connection(2, 1000, "5000")]
    assert _ids(idle_connections(current, previous, max_bytes=100)) == [1, 2]


def test_counters_of_connections_not_compared_are_not_read():
    current = [_connection(1, "1000", "5000"), _connection(2, "n/a", None, "terminated"), _connection(9, "x", "y")]
    previous = PREVIOUS + [_connection(10, "bad", "bad")]
    assert _ids(idle_connections(current, previous)) == [1]


def test_more_connections_than_a_page():
    previous = [_connection(n, str(n), str(2 * n)) for n in range(1, 5001)]
    current = [_connection(n, str(n + (n % 2) * 300000), str(2 * n)) for n in range(1, 5001)]
    assert _ids(idle_connections(current, previous)) == list(range(2, 5001, 2))


def _bad(**changes):
    connection = _connection(1, "1000", "5000")
    connection.update(changes)
    return connection


@pytest.mark.parametrize(
    "current, previous, kwargs, fragments",
    [
        ({"connections": []}, [], {}, ["idle_connections input must be a list", "got dict"]),
        ("cvpn-connection-1", [], {}, ["idle_connections input must be a list", "got str"]),
        (None, [], {}, ["input must be a list", "got NoneType"]),
        (iter([]), [], {}, ["got list_iterator", "add | list"]),
        ([], {"connections": []}, {}, ["previous must be a list", "got dict"]),
        ([], None, {}, ["previous must be a list", "got NoneType"]),
        (
            ["cvpn-connection-1"],
            [],
            {},
            ["idle_connections input[0] is 'cvpn-connection-1' of type str", "not a connection"],
        ),
        ([], [_connection(1, "1", "1"), 7], {}, ["previous[1] is 7 of type int"]),
        ([{"ConnectionId": "cvpn-connection-1"}], [], {}, ["input[0] has no connection_id", "snake_case"]),
        ([], [{"connection_id": 1}], {}, ["previous[0] has no connection_id"]),
        (
            [],
            [_connection(1, "1", "1"), _connection(1, "2", "2")],
            {},
            ["previous lists connection cvpn-connection-00000000000000001 more than once"],
        ),
        (
            [_bad(ingress_bytes="12.5")],
            PREVIOUS,
            {},
            [
                "idle_connections input[0]",
                "cvpn-connection-00000000000000001",
                "ingress_bytes '12.5'",
                "string of digits",
            ],
        ),
        ([_bad(egress_bytes="-5")], PREVIOUS, {}, ["egress_bytes '-5'"]),
        ([_bad(egress_bytes="")], PREVIOUS, {}, ["egress_bytes ''"]),
        ([_bad(egress_bytes="\u0661\u0662")], PREVIOUS, {}, ["egress_bytes '\u0661\u0662'"]),
        ([_bad(egress_bytes=" 12")], PREVIOUS, {}, ["egress_bytes ' 12'"]),
        ([_bad(ingress_bytes=True)], PREVIOUS, {}, ["ingress_bytes True"]),
        ([_bad(ingress_bytes=-1)], PREVIOUS, {}, ["ingress_bytes -1"]),
        ([_bad(ingress_bytes=1.5)], PREVIOUS, {}, ["ingress_bytes 1.5"]),
        ([{k: v for k, v in _bad().items() if k != "egress_bytes"}], PREVIOUS, {}, ["egress_bytes None"]),
        ([_bad()], [dict(PREVIOUS[0], ingress_bytes="lots")], {}, ["previous[0]", "ingress_bytes 'lots'"]),
        ([], [], {"max_bytes": -1}, ["max_bytes must be at least 0, got -1"]),
        ([], [], {"max_bytes": "1000"}, ["max_bytes must be a whole number", "'1000' of type str", "| int"]),
        ([], [], {"max_bytes": 1.5}, ["max_bytes must be a whole number", "1.5 of type float"]),
        ([], [], {"max_bytes": True}, ["max_bytes must be a whole number", "True of type bool"]),
        ([], [], {"max_bytes": None}, ["max_bytes must be a whole number", "None"]),
    ],
)
def test_bad_arguments_raise_a_clear_filter_error(current, previous, kwargs, fragments):
    with pytest.raises(AnsibleFilterError) as caught:
        idle_connections(current, previous, **kwargs)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message


class _TemplatedDict(dict):
    """Ansible hands filters subclasses of dict and list, with names of its own."""


class _TemplatedList(list):
    pass


def test_subclasses_of_dict_and_list_are_named_as_such_and_taken():
    with pytest.raises(AnsibleFilterError) as caught:
        idle_connections(_TemplatedList(PREVIOUS), _TemplatedDict(a=1))
    assert str(caught.value).startswith(
        "previous must be a list of connections (the snake_case connections that "
        "vpnops.aws.client_vpn_connections_info returns), got dict."
    )
    current = _TemplatedList([_TemplatedDict(_connection(1, "1000", "5000"))])
    assert _ids(idle_connections(current, _TemplatedList(PREVIOUS))) == [1]


def test_a_long_bad_value_is_shortened_in_the_message():
    with pytest.raises(AnsibleFilterError) as caught:
        idle_connections(["x" * 1000], [])
    message = str(caught.value)
    assert "'" + "x" * 76 + "..." in message
    assert len(message) < 250
