# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import CONNECTION_FILTERS
from ansible_collections.vpnops.aws.plugins.module_utils.filters import FilterError
from ansible_collections.vpnops.aws.plugins.module_utils.filters import build_filters


@pytest.mark.parametrize(
    "filters, expected",
    [
        (None, []),
        ({}, []),
        ({"username": "alice"}, [{"Name": "username", "Values": ["alice"]}]),
        ({"username": ["alice", "bob"]}, [{"Name": "username", "Values": ["alice", "bob"]}]),
        ({"username": 1234}, [{"Name": "username", "Values": ["1234"]}]),
        (
            {"username": "zoë", "connection-id": ["cvpn-connection-0123456789abcdef0"]},
            [
                {"Name": "username", "Values": ["zoë"]},
                {"Name": "connection-id", "Values": ["cvpn-connection-0123456789abcdef0"]},
            ],
        ),
    ],
)
def test_build_filters(filters, expected):
    assert build_filters(filters, CONNECTION_FILTERS) == expected


@pytest.mark.parametrize(
    "filters, fragments",
    [
        ({"Username": "alice"}, ["'Username'", "connection-id, username"]),
        ({"status": "active"}, ["'status'", "connection-id, username"]),
        ({"username": []}, ["'username'", "at least one value"]),
        ({"username": True}, ["True", "bool"]),
        ({"username": {"a": 1}}, ["{'a': 1}", "dict"]),
        ({"username": ["alice", None]}, ["None", "NoneType"]),
        ({"username": 10**5000}, ["'username'", "a whole number of 30 digits or more", "int"]),
        ({"username": [[]]}, ["[]", "list"]),
        ({"x" * 500: "a"}, ["(502 characters)"]),
    ],
)
def test_build_filters_rejects(filters, fragments):
    with pytest.raises(FilterError) as caught:
        build_filters(filters, CONNECTION_FILTERS)
    assert str(caught.value).startswith("filters: ")
    for fragment in fragments:
        assert fragment in str(caught.value)
