# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import compare
from ansible_collections.vpnops.aws.plugins.module_utils import tags


def test_boto3_tags_round_trip():
    api = [{"Key": "b", "Value": "2"}, {"Key": "a", "Value": ""}]
    assert tags.boto3_tags_to_dict(api) == {"b": "2", "a": ""}
    assert tags.dict_to_boto3_tags({"b": "2", "a": ""}) == [{"Key": "a", "Value": ""}, {"Key": "b", "Value": "2"}]
    assert tags.boto3_tags_to_dict(None) == {}
    assert tags.dict_to_boto3_tags(None) == []


@pytest.mark.parametrize(
    "current, wanted, purge, to_set, to_unset",
    [
        ({"a": "1"}, None, True, {}, []),
        ({"a": "1"}, {"a": "1"}, True, {}, []),
        ({"a": "1", "b": "2"}, {"a": "1"}, True, {}, ["b"]),
        ({"a": "1", "b": "2"}, {"a": "1"}, False, {}, []),
        ({"a": "1"}, {"a": "9", "c": "3"}, True, {"a": "9", "c": "3"}, []),
        ({"a": "1", "aws:cloudformation:stack-name": "s"}, {}, True, {}, ["a"]),
        ({"z": "1", "y": "2", "Name": "vpn"}, {"Name": "vpn"}, True, {}, ["y", "z"]),
    ],
)
def test_compare_tags(current, wanted, purge, to_set, to_unset):
    assert tags.compare_tags(current, wanted, purge) == (to_set, to_unset)
    assert tags.tags_after(current, to_set, to_unset) == (
        current
        if wanted is None
        else {**{k: v for k, v in current.items() if not purge or k in wanted or k.startswith("aws:")}, **wanted}
    )


def test_tag_changes_delete_then_create():
    assert tags.tag_changes("cvpn-endpoint-0123456789abcdef0", {"a": "1"}, ["b"]) == [
        ("DeleteTags", {"Resources": ["cvpn-endpoint-0123456789abcdef0"], "Tags": [{"Key": "b"}]}),
        ("CreateTags", {"Resources": ["cvpn-endpoint-0123456789abcdef0"], "Tags": [{"Key": "a", "Value": "1"}]}),
    ]
    assert tags.tag_changes("cvpn-endpoint-0123456789abcdef0", {}, []) == []


def test_tag_specifications():
    assert tags.tag_specifications("client-vpn-endpoint", {"Name": "vpn"}) == [
        {"ResourceType": "client-vpn-endpoint", "Tags": [{"Key": "Name", "Value": "vpn"}]}
    ]
    assert tags.tag_specifications("client-vpn-endpoint", {}) == []


@pytest.mark.parametrize(
    "given, fragment",
    [
        ({"": "x"}, "1 to 128"),
        ({"k" * 129: "x"}, "1 to 128"),
        ({"aws:owner": "x"}, "reserved for AWS"),
        ({"AWS:owner": "x"}, "reserved for AWS"),
        ({"team": 5}, "quote numbers"),
        ({"team": "v" * 257}, "at most 256"),
        ({f"k{index}": "v" for index in range(51)}, "at most 50"),
    ],
)
def test_tag_errors(given, fragment):
    errors = tags.tag_errors(given)
    assert len(errors) == 1
    assert fragment in errors[0]


def test_valid_tags_have_no_errors():
    assert tags.tag_errors(None) == []
    assert tags.tag_errors({"Name": "vpn", "team": "", "k" * 128: "v" * 256}) == []


def test_differences_skip_options_not_given():
    current = {"description": "old", "vpn_port": 443, "split_tunnel": False}
    wanted = {"description": "new", "vpn_port": None, "split_tunnel": False, "dns_servers": ["10.0.0.2"]}
    assert compare.differences(current, wanted) == [("description", "old", "new"), ("dns_servers", None, ["10.0.0.2"])]
    assert compare.differences(current, wanted, ["split_tunnel", "description"]) == [("description", "old", "new")]
    assert compare.changed_names(compare.differences(current, wanted)) == ["description", "dns_servers"]


def test_immutable_message_names_each_attribute_and_both_values():
    changes = [("client_cidr_block", "10.8.0.0/22", "10.9.0.0/22"), ("transport_protocol", "udp", "tcp")]
    message = compare.immutable_message(
        "Client VPN endpoint cvpn-endpoint-0123456789abcdef0", changes, "Delete it and create it again."
    )
    assert message == (
        "Client VPN endpoint cvpn-endpoint-0123456789abcdef0 cannot change in place: "
        "client_cidr_block: current '10.8.0.0/22', wanted '10.9.0.0/22'; "
        "transport_protocol: current 'udp', wanted 'tcp'. Delete it and create it again."
    )
    assert compare.immutable_message("x", []) == ""
