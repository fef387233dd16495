# SPDX-License-Identifier: GPL-3.0-or-later

import copy

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.vpnops.aws.plugins.filter import duplicate_connections as plugin

duplicate_connections = plugin.FilterModule().filters()["duplicate_connections"]


def _connection(number, established, common_name, username=None, code="active"):
    connection = {
        "connection_id": f"cvpn-connection-{number:017x}",
        "common_name": common_name,
        "status": {"code": code},
        "connection_established_time": established,
    }
    if username is not None:
        connection["username"] = username
    return connection


def _ids(connections):
    return [int(c["connection_id"][-17:], 16) for c in connections]


CONNECTIONS = [
    _connection(1, "2026-11-26 07:00:00", "alice", "alice"),
    _connection(2, "2026-11-26 05:00:00", "device-5.example.com"),
    _connection(3, "2026-11-25 20:00:00", "alice", "alice"),
    _connection(4, "2026-11-26 06:00:00", "device-5.example.com"),
    _connection(5, "2026-11-26 07:30:00", "alice", "alice"),
    _connection(6, "2026-11-26 07:45:00", "device-5.example.com", code="terminated"),
    _connection(7, "2026-11-26 01:00:00", "device-9.example.com"),
    _connection(8, "2026-11-26 07:50:00", "Device-9.example.com"),
    _connection(9, "2026-11-26 04:00:00", "device-5.example.com", code="failed-to-terminate"),
]


def test_the_filter_is_registered_under_its_name():
    assert set(plugin.FilterModule().filters()) == {"duplicate_connections"}


@pytest.mark.parametrize(
    "keep, expected",
    [
        # alice: 5, 1 and 3 (newest first); device-5: 4 and 2 (6 and 9 are not active); the two device-9 differ.
        (1, [1, 2, 3]),
        (2, [3]),
        (3, []),
        (100, []),
    ],
)
def test_active_connections_beyond_the_most_recent_of_each_identity(keep, expected):
    assert _ids(duplicate_connections(CONNECTIONS, keep=keep)) == expected


def test_keep_defaults_to_one_and_is_positional_too():
    assert _ids(duplicate_connections(CONNECTIONS)) == [1, 2, 3]
    assert _ids(duplicate_connections(CONNECTIONS, 2)) == [3]


def test_the_identity_is_the_user_name_before_the_common_name():
    connections = [
        _connection(1, "2026-11-26 07:00:00", "laptop.example.com", "alice"),
        _connection(2, "2026-11-26 06:00:00", "phone.example.com", "alice"),
        _connection(3, "2026-11-26 05:00:00", "alice"),  # a certificate whose common name is alice
        _connection(4, "2026-11-26 04:00:00", "shared.example.com", ""),
        _connection(5, "2026-11-26 03:00:00", "shared.example.com"),
    ]
    assert _ids(duplicate_connections(connections)) == [2, 3, 5]


def test_connections_without_an_identity_are_never_duplicates():
    connections = [
        _connection(1, "2026-11-26 07:00:00", None),
        _connection(2, "2026-11-26 06:00:00", ""),
        {
            "connection_id": "cvpn-connection-00000000000000003",
            "status": {"code": "active"},
            "connection_established_time": "2026-11-26 05:00:00",
        },
    ]
    assert duplicate_connections(connections) == []


def test_of_two_established_in_the_same_second_the_later_in_the_list_is_kept():
    connections = [
        _connection(1, "2026-11-26 07:00:00", "bob", "bob"),
        _connection(2, "2026-11-26 07:00:00", "bob", "bob"),
    ]
    assert _ids(duplicate_connections(connections)) == [1]
    assert _ids(duplicate_connections(list(reversed(connections)))) == [2]


def test_duplicates_are_returned_unchanged_in_the_input_order():
    connections = copy.deepcopy(CONNECTIONS)
    duplicates = duplicate_connections(connections)
    assert duplicates[0] is connections[0]
    assert connections == CONNECTIONS
    assert _ids(duplicate_connections(list(reversed(CONNECTIONS)))) == [3, 2, 1]


def test_times_with_an_offset_are_compared_as_instants():
    connections = [
        _connection(1, "2026-11-26T08:30:00+02:00", "bob", "bob"),  # 06:30 UTC
        _connection(2, "2026-11-26 07:00:00", "bob", "bob"),
    ]
    assert _ids(duplicate_connections(connections)) == [1]


def test_an_inactive_connection_with_an_unreadable_time_is_ignored():
    connections = CONNECTIONS + [_connection(10, "-", "alice", "alice", code="terminated")]
    assert _ids(duplicate_connections(connections)) == [1, 2, 3]


def test_no_connection_no_duplicate():
    assert duplicate_connections([]) == []


@pytest.mark.parametrize(
    "connections, kwargs, fragments",
    [
        ({"connections": CONNECTIONS}, {}, ["duplicate_connections input must be a list", "got dict"]),
        (None, {}, ["input must be a list", "got NoneType"]),
        ((c for c in CONNECTIONS), {}, ["got generator", "add | list"]),
        ([CONNECTIONS[0], "alice"], {}, ["duplicate_connections input[1] is 'alice' of type str", "a dict"]),
        ([{"ConnectionId": "cvpn-connection-1", "CommonName": "alice"}], {}, ["input[0] has no connection_id"]),
        (
            [_connection(1, "yesterday", "alice", "alice")],
            {},
            ["input[0] (connection cvpn-connection-00000000000000001)", "connection_established_time 'yesterday'"],
        ),
        ([_connection(1, None, "alice", "alice")], {}, ["connection_established_time None"]),
        (CONNECTIONS, {"keep": 0}, ["keep must be at least 1, got 0"]),
        (CONNECTIONS, {"keep": -2}, ["keep must be at least 1, got -2"]),
        (CONNECTIONS, {"keep": "2"}, ["keep must be a whole number", "'2' of type str", "| int"]),
        (CONNECTIONS, {"keep": 1.0}, ["keep must be a whole number", "1.0 of type float"]),
        (CONNECTIONS, {"keep": True}, ["keep must be a whole number", "True of type bool"]),
    ],
)
def test_bad_arguments_raise_a_clear_filter_error(connections, kwargs, fragments):
    with pytest.raises(AnsibleFilterError) as caught:
        duplicate_connections(connections, **kwargs)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
