# SPDX-License-Identifier: GPL-3.0-or-later

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_dict
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_list
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture


def test_snake_list_matches_camel_dict_to_snake_dict():
    connections = load_fixture("connections")["Connections"]
    assert snake_list(connections) == [camel_dict_to_snake_dict(c) for c in connections]


def test_snake_dict_keeps_values_and_nested_lists():
    record = {"ClientIpv6Address": "2001:db8::1", "Outer": [[{"InnerKey": "Value"}], "Text"], "Status": {"Code": "x"}}
    assert snake_dict(record) == {
        "client_ipv6_address": "2001:db8::1",
        "outer": [[{"inner_key": "Value"}], "Text"],
        "status": {"code": "x"},
    }


def test_snake_dict_does_not_modify_its_input():
    record = {"Status": {"Code": "active"}}
    snake_dict(record)
    assert record == {"Status": {"Code": "active"}}
