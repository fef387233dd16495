# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.modules import client_vpn_target_networks_info as module
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import needs_member
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
NETWORKS = load_fixture("listing_target_networks")["ClientVpnTargetNetworks"]
ASSOCIATED, ASSOCIATING, DISASSOCIATED = NETWORKS


def _expect_page(ec2, items, filters=None):
    request = {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000}
    if filters:
        request["Filters"] = filters
    queue_page(ec2, "describe_client_vpn_target_networks", "ClientVpnTargetNetworks", items, request)


@needs_member("TargetNetwork", "AvailabilityZones")
def test_every_api_member_is_returned_under_its_snake_case_name(ec2, run_module):
    _expect_page(ec2, [ASSOCIATING, DISASSOCIATED])
    associating, disassociated = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})["target_networks"]
    assert associating == {
        "association_id": "cvpn-assoc-0123456789abcdef1",
        "vpc_id": "vpc-0123456789abcdef0",
        "target_network_id": "subnet-0123456789abcdef1",
        "client_vpn_endpoint_id": ENDPOINT,
        "status": {"code": "associating", "message": "The association is being created"},
        "security_groups": ["sg-0123456789abcdef0", "sg-0fedcba9876543210"],
    }
    assert disassociated["availability_zones"] == ["us-east-1c"]
    assert disassociated["availability_zone_ids"] == ["use1-az6"]
    assert disassociated["security_groups"] == []


def test_filters_are_sent_to_the_api(ec2, run_module):
    filters = [
        {"Name": "vpc-id", "Values": ["vpc-0123456789abcdef0"]},
        {"Name": "target-network-id", "Values": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]},
    ]
    _expect_page(ec2, [ASSOCIATED, ASSOCIATING], filters=filters)
    result = run_module(
        module,
        {
            "client_vpn_endpoint_id": ENDPOINT,
            "filters": {
                "vpc-id": "vpc-0123456789abcdef0",
                "target-network-id": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
            },
        },
    )
    assert [n["association_id"] for n in result["target_networks"]] == [
        ASSOCIATED["AssociationId"],
        ASSOCIATING["AssociationId"],
    ]


def test_associations_that_aws_returns_but_the_filters_exclude_are_dropped(ec2, run_module):
    # AWS has been seen answering with every association of the endpoint, whatever was asked for.
    filters = [{"Name": "association-id", "Values": [ASSOCIATING["AssociationId"]]}]
    _expect_page(ec2, NETWORKS, filters=filters)
    result = run_module(
        module,
        {
            "client_vpn_endpoint_id": ENDPOINT,
            "filters": {"association-id": ASSOCIATING["AssociationId"]},
            "query": "target_networks[].target_network_id",
        },
    )
    assert [n["association_id"] for n in result["target_networks"]] == [ASSOCIATING["AssociationId"]]
    assert result["query_result"] == [ASSOCIATING["TargetNetworkId"]]


def test_without_filters_every_association_is_kept_disassociated_ones_too(ec2, run_module):
    _expect_page(ec2, NETWORKS)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})
    assert [n["status"]["code"] for n in result["target_networks"]] == ["associated", "associating", "disassociated"]


def test_association_ids_are_sent_once_each_and_matched_again_on_the_client_side(ec2, run_module, calls):
    # AWS has been seen ignoring AssociationIds: here it answers with every association.
    ids = [ASSOCIATING["AssociationId"], DISASSOCIATED["AssociationId"]]
    queue_page(
        ec2,
        "describe_client_vpn_target_networks",
        "ClientVpnTargetNetworks",
        NETWORKS,
        {"ClientVpnEndpointId": ENDPOINT, "AssociationIds": ids, "MaxResults": 1000},
    )
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "association_ids": ids + ids[:1]})
    assert [n["association_id"] for n in result["target_networks"]] == ids
    assert calls[0][1]["AssociationIds"] == ids


def test_association_ids_and_filters_are_anded(ec2, run_module):
    ids = [ASSOCIATED["AssociationId"], DISASSOCIATED["AssociationId"]]
    filters = [{"Name": "vpc-id", "Values": [DISASSOCIATED["VpcId"]]}]
    queue_page(
        ec2,
        "describe_client_vpn_target_networks",
        "ClientVpnTargetNetworks",
        NETWORKS,
        {"ClientVpnEndpointId": ENDPOINT, "AssociationIds": ids, "Filters": filters, "MaxResults": 1000},
    )
    result = run_module(
        module,
        {"client_vpn_endpoint_id": ENDPOINT, "association_ids": ids, "filters": {"vpc-id": DISASSOCIATED["VpcId"]}},
    )
    assert [n["association_id"] for n in result["target_networks"]] == [DISASSOCIATED["AssociationId"]]


def test_an_empty_association_id_list_lists_every_association(ec2, run_module):
    _expect_page(ec2, NETWORKS)
    assert len(run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "association_ids": []})["target_networks"]) == 3


def test_check_mode_dry_run_carries_the_association_ids(ec2, run_module, calls):
    expected = {"ClientVpnEndpointId": ENDPOINT, "AssociationIds": [ASSOCIATED["AssociationId"]], "DryRun": True}
    ec2.add_client_error("describe_client_vpn_target_networks", "DryRunOperation", "ok", 412, expected_params=expected)
    result = run_module(
        module, {"client_vpn_endpoint_id": ENDPOINT, "association_ids": [ASSOCIATED["AssociationId"]]}, check_mode=True
    )
    assert result["target_networks"] == [] and result["dry_run"] is True
    assert calls == [("DescribeClientVpnTargetNetworks", expected)]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "value, fragment",
    [
        ("cvpn-assoc-123", "'cvpn-assoc-123'"),
        ("subnet-0123456789abcdef0", "'subnet-0123456789abcdef0'"),
        ("CVPN-ASSOC-0123456789ABCDEF0", "'CVPN-ASSOC-0123456789ABCDEF0'"),
        ("", "''"),
    ],
)
def test_an_association_id_of_the_wrong_form_fails_before_any_request(run_module, calls, value, fragment, check_mode):
    result = run_module(
        module,
        {"client_vpn_endpoint_id": ENDPOINT, "association_ids": [ASSOCIATED["AssociationId"], value]},
        check_mode=check_mode,
    )
    assert result["failed"] is True
    assert result["msg"] == (
        f"association_ids contains {fragment}, which is not a target network association id: "
        "expected cvpn-assoc- followed by 8 or 17 lowercase hexadecimal digits."
    )
    assert calls == []
