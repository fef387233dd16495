# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.modules import client_vpn_authorization_rules_info as module
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
RULES = load_fixture("listing_authorization_rules")["AuthorizationRules"]
EVERYONE, ADMINS, ENGINEERING = RULES


def _expect_page(ec2, items, filters=None):
    request = {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000}
    if filters:
        request["Filters"] = filters
    queue_page(ec2, "describe_client_vpn_authorization_rules", "AuthorizationRules", items, request)


def test_every_api_member_is_returned_under_its_snake_case_name(ec2, run_module):
    _expect_page(ec2, RULES)
    everyone, admins, engineering = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})["authorization_rules"]
    assert everyone == {
        "client_vpn_endpoint_id": ENDPOINT,
        "description": "Everyone to the VPC",
        "group_id": "",
        "access_all": True,
        "destination_cidr": "10.0.0.0/16",
        "status": {"code": "active"},
    }
    assert admins["access_all"] is False
    assert "description" not in engineering
    assert engineering["status"] == {"code": "failed", "message": "Rule limit exceeded"}


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"destination-cidr": "10.0.0.0/16"}, [EVERYONE]),
        ({"group-id": ["engineering", ADMINS["GroupId"]]}, [ADMINS, ENGINEERING]),
        ({"description": "Admins [ops] to the databases"}, [ADMINS]),
        ({"description": "Admins*"}, [ADMINS]),
        ({"description": "Everyone to the VPC", "destination-cidr": "0.0.0.0/0"}, []),
    ],
)
def test_filters_are_sent_to_the_api_and_applied_to_what_it_returns(ec2, run_module, filters, expected):
    api_filters = [
        {"Name": name, "Values": value if isinstance(value, list) else [value]} for name, value in filters.items()
    ]
    _expect_page(ec2, RULES, filters=api_filters)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "filters": filters})
    assert [rule["destination_cidr"] for rule in result["authorization_rules"]] == [
        rule["DestinationCidr"] for rule in expected
    ]


def test_query_runs_over_the_snake_cased_document(ec2, run_module):
    _expect_page(ec2, RULES)
    result = run_module(
        module,
        {"client_vpn_endpoint_id": ENDPOINT, "query": "authorization_rules[?status.code != 'active'].destination_cidr"},
    )
    assert result["query_result"] == ["10.0.8.0/24", "0.0.0.0/0"]
