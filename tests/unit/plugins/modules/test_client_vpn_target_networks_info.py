# SPDX-License-Identifier: GPL-3.0-or-later

from ansible_collections.vpnops.aws.plugins.modules import client_vpn_target_networks_info as module
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
NETWORKS = load_fixture("listing_target_networks")["ClientVpnTargetNetworks"]
ASSOCIATED, ASSOCIATING, DISASSOCIATED = NETWORKS


def _expect_page(ec2, items, filters=None):
    request = {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000}
    if filters:
        request["Filters"] = filters
    queue_page(ec2, "describe_client_vpn_target_networks", "ClientVpnTargetNetworks", items, request)


def test_every_api_member_is_returned_under_its_snake_case_name(ec2, run_module):
    _expect_page(ec2, [ASSOCIATING, DISASSOCIATED])
    associating, disassociated = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})["target_networks"]
    assert associating == {
        "association_id": "cvpn-assoc-0123456789abcdef1", "vpc_id": "vpc-0123456789abcdef0",
        "target_network_id": "subnet-0123456789abcdef1", "client_vpn_endpoint_id": ENDPOINT,
        "status": {"code": "associating", "message": "The association is being created"},
        "security_groups": ["sg-0123456789abcdef0", "sg-0fedcba9876543210"],
    }
    assert disassociated["availability_zones"] == ["us-east-1c"]
    assert disassociated["availability_zone_ids"] == ["use1-az6"]
    assert disassociated["security_groups"] == []


def test_filters_are_sent_to_the_api(ec2, run_module):
    filters = [{"Name": "vpc-id", "Values": ["vpc-0123456789abcdef0"]},
               {"Name": "target-network-id", "Values": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]}]
    _expect_page(ec2, [ASSOCIATED, ASSOCIATING], filters=filters)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "filters": {
        "vpc-id": "vpc-0123456789abcdef0",
        "target-network-id": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]}})
    assert [n["association_id"] for n in result["target_networks"]] == [ASSOCIATED["AssociationId"],
                                                                        ASSOCIATING["AssociationId"]]


def test_associations_that_aws_returns_but_the_filters_exclude_are_dropped(ec2, run_module):
    # AWS has been seen answering with every association of the endpoint, whatever was asked for.
    filters = [{"Name": "association-id", "Values": [ASSOCIATING["AssociationId"]]}]
    _expect_page(ec2, NETWORKS, filters=filters)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT,
                                 "filters": {"association-id": ASSOCIATING["AssociationId"]},
                                 "query": "target_networks[].target_network_id"})
    assert [n["association_id"] for n in result["target_networks"]] == [ASSOCIATING["AssociationId"]]
    assert result["query_result"] == [ASSOCIATING["TargetNetworkId"]]


def test_without_filters_every_association_is_kept_disassociated_ones_too(ec2, run_module):
    _expect_page(ec2, NETWORKS)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})
    assert [n["status"]["code"] for n in result["target_networks"]] == ["associated", "associating", "disassociated"]
