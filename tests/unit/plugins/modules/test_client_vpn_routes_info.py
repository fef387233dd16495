# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.modules import client_vpn_routes_info as module
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
ROUTES = load_fixture("listing_routes")["Routes"]
VPC, INTERNET, PEERED = ROUTES


def _expect_page(ec2, items, filters=None):
    request = {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000}
    if filters:
        request["Filters"] = filters
    queue_page(ec2, "describe_client_vpn_routes", "Routes", items, request)


def test_every_api_member_is_returned_under_its_snake_case_name(ec2, run_module):
    _expect_page(ec2, ROUTES)
    vpc, _internet, peered = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})["routes"]
    assert vpc == {
        "client_vpn_endpoint_id": ENDPOINT,
        "destination_cidr": "10.0.0.0/16",
        "target_subnet": "subnet-0123456789abcdef0",
        "type": "Nat",
        "origin": "associate",
        "status": {"code": "active"},
        "description": "Default Route",
    }
    assert "description" not in peered


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"origin": "add-route"}, [INTERNET, PEERED]),
        ({"origin": "associate"}, [VPC]),
        ({"target-subnet": "subnet-0123456789abcdef1"}, [PEERED]),
        (
            {"destination-cidr": ["0.0.0.0/0", "10.0.0.0/16"], "target-subnet": "subnet-0123456789abcdef0"},
            [VPC, INTERNET],
        ),
        ({"destination-cidr": "10.0.0.0/8"}, []),
    ],
)
def test_filters_are_sent_to_the_api_and_applied_to_what_it_returns(ec2, run_module, filters, expected):
    api_filters = [
        {"Name": name, "Values": value if isinstance(value, list) else [value]} for name, value in filters.items()
    ]
    _expect_page(ec2, ROUTES, filters=api_filters)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "filters": filters})
    assert [route["destination_cidr"] for route in result["routes"]] == [route["DestinationCidr"] for route in expected]


def test_max_items_counts_the_routes_read_before_the_client_side_filtering(ec2, run_module):
    queue_page(
        ec2,
        "describe_client_vpn_routes",
        "Routes",
        ROUTES[:2],
        {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 5, "Filters": [{"Name": "origin", "Values": ["add-route"]}]},
        token_out="t1",
    )
    result = run_module(
        module, {"client_vpn_endpoint_id": ENDPOINT, "filters": {"origin": "add-route"}, "page_size": 5, "max_items": 1}
    )
    assert result["routes"] == []
    assert result["next_token"]
