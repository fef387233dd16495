# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import ROUTE_FILTER_FIELDS
from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import TARGET_NETWORK_FILTER_FIELDS
from ansible_collections.vpnops.aws.plugins.module_utils.filters import build_filters
from ansible_collections.vpnops.aws.plugins.module_utils.matching import filter_matcher
from ansible_collections.vpnops.aws.plugins.module_utils.matching import matching
from ansible_collections.vpnops.aws.plugins.module_utils.matching import matching_converter

A = {
    "AssociationId": "cvpn-assoc-0123456789abcdef0",
    "TargetNetworkId": "subnet-0123456789abcdef0",
    "VpcId": "vpc-0123456789abcdef0",
}
B = {
    "AssociationId": "cvpn-assoc-0123456789abcdef1",
    "TargetNetworkId": "subnet-0123456789abcdef1",
    "VpcId": "vpc-0123456789abcdef0",
}
C = {
    "AssociationId": "cvpn-assoc-0aaaaaaaaaaaaaaaa",
    "TargetNetworkId": "subnet-0aaaaaaaaaaaaaaaa",
    "VpcId": "vpc-0bbbbbbbbbbbbbbbb",
}


def _filters(option):
    return build_filters(option, tuple(TARGET_NETWORK_FILTER_FIELDS))


@pytest.mark.parametrize(
    "option, expected",
    [
        ({}, [A, B, C]),
        ({"association-id": A["AssociationId"]}, [A]),
        ({"association-id": [A["AssociationId"], C["AssociationId"]]}, [A, C]),
        ({"vpc-id": A["VpcId"]}, [A, B]),
        ({"vpc-id": A["VpcId"], "target-network-id": B["TargetNetworkId"]}, [B]),
        ({"vpc-id": C["VpcId"], "target-network-id": B["TargetNetworkId"]}, []),
        ({"association-id": "cvpn-assoc-0123456789abcdef"}, []),
        ({"association-id": "CVPN-ASSOC-0123456789ABCDEF0"}, []),
        ({"association-id": "cvpn-assoc-0123456789abcdef*"}, [A, B]),
        ({"association-id": "cvpn-assoc-0123456789abcdef?"}, [A, B]),
        ({"association-id": "*"}, [A, B, C]),
    ],
)
def test_values_are_ored_filters_anded_exact_or_with_wildcards(option, expected):
    assert matching([A, B, C], _filters(option), TARGET_NETWORK_FILTER_FIELDS) == expected


@pytest.mark.parametrize(
    "value, listed, matches",
    [
        ("VPN [prod]", "VPN [prod]", True),
        ("VPN [prod]", "VPN p", False),
        ("Who can reach prod?", "Who can reach prod?", True),
        ("a.b", "a.b", True),
        ("a.b", "axb", False),
        ("a*", "a\nb", True),
        ("", "", True),
        ("", "x", False),
    ],
)
def test_only_star_and_question_mark_are_wildcards(value, listed, matches):
    matcher = filter_matcher([{"Name": "description", "Values": [value]}], {"description": "Description"})
    assert matcher({"Description": listed}) is matches


def test_a_record_without_the_field_is_tested_as_an_empty_string():
    fields = {"group-id": "GroupId"}
    assert filter_matcher([{"Name": "group-id", "Values": [""]}], fields)({"AccessAll": True}) is True
    assert filter_matcher([{"Name": "group-id", "Values": ["S-1-5"]}], fields)({"AccessAll": True}) is False


def test_a_filter_name_without_a_field_is_a_programming_error():
    with pytest.raises(KeyError):
        filter_matcher([{"Name": "vpc-id", "Values": ["x"]}], ROUTE_FILTER_FIELDS)


def test_the_converter_converts_only_the_matching_records():
    seen = []

    def convert(records):
        seen.append(records)
        return [record["AssociationId"] for record in records]

    converter = matching_converter(_filters({"vpc-id": A["VpcId"]}), TARGET_NETWORK_FILTER_FIELDS, convert)
    assert converter([C, A]) == [A["AssociationId"]]
    assert converter([B]) == [B["AssociationId"]]
    assert seen == [[A], [B]]


def test_without_filters_the_converter_is_the_conversion_itself():
    assert matching_converter([], TARGET_NETWORK_FILTER_FIELDS, list) is list
    assert matching([C, A], None, TARGET_NETWORK_FILTER_FIELDS) == [C, A]
