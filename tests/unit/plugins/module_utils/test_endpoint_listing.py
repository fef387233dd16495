# SPDX-License-Identifier: GPL-3.0-or-later
"""What the target network, authorization rule and route info modules share, run through each of them."""

import pytest
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.vpnops.aws.plugins.modules import client_vpn_authorization_rules_info
from ansible_collections.vpnops.aws.plugins.modules import client_vpn_routes_info
from ansible_collections.vpnops.aws.plugins.modules import client_vpn_target_networks_info
from ansible_collections.vpnops.aws.tests.unit.conftest import REGION
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
# (module, fixture of the API's records, a valid filter name)
MODULES = [
    pytest.param(client_vpn_target_networks_info, "listing_target_networks", "vpc-id", id="target_networks"),
    pytest.param(
        client_vpn_authorization_rules_info, "listing_authorization_rules", "group-id", id="authorization_rules"
    ),
    pytest.param(client_vpn_routes_info, "listing_routes", "origin", id="routes"),
]


def _items(module, fixture):
    return load_fixture(fixture)[module.LISTING.result_key]


def _method(module):
    return {
        "DescribeClientVpnTargetNetworks": "describe_client_vpn_target_networks",
        "DescribeClientVpnAuthorizationRules": "describe_client_vpn_authorization_rules",
        "DescribeClientVpnRoutes": "describe_client_vpn_routes",
    }[module.LISTING.operation]


def _expect_page(ec2, module, items, token_in=None, token_out=None, page_size=1000, **request):
    request = dict(request, ClientVpnEndpointId=ENDPOINT, MaxResults=page_size)
    queue_page(ec2, _method(module), module.LISTING.result_key, items, request, token_in, token_out)


@pytest.mark.parametrize("module, fixture, filter_name", MODULES)
def test_every_page_is_read_and_snake_cased_in_api_order(ec2, run_module, calls, module, fixture, filter_name):
    items = _items(module, fixture)
    _expect_page(ec2, module, items[:2], token_out="t1", page_size=5)
    _expect_page(ec2, module, items[2:], token_in="t1", page_size=5)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "page_size": 5})
    assert result["failed"] is False
    assert result["changed"] is False
    assert result[module.LISTING.key] == [camel_dict_to_snake_dict(item) for item in items]
    assert "next_token" not in result and "query_result" not in result and "dry_run" not in result
    assert [name for name, _params in calls] == [module.LISTING.operation] * 2


@pytest.mark.parametrize("module, fixture, filter_name", MODULES)
def test_nothing_listed_is_an_empty_list(ec2, run_module, module, fixture, filter_name):
    _expect_page(ec2, module, [])
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})
    assert result[module.LISTING.key] == []
    assert result["failed"] is False


@pytest.mark.parametrize("module, fixture, filter_name", MODULES)
def test_max_items_returns_next_token_and_starting_token_resumes(ec2, run_module, module, fixture, filter_name):
    items = _items(module, fixture)
    key = module.LISTING.key
    _expect_page(ec2, module, items[:2], token_out="t1", page_size=5)
    first = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "page_size": 5, "max_items": 1})
    assert len(first[key]) == 1
    assert first["next_token"]
    _expect_page(ec2, module, items[:2], token_out="t1", page_size=5)
    _expect_page(ec2, module, items[2:], token_in="t1", page_size=5)
    second = run_module(
        module, {"client_vpn_endpoint_id": ENDPOINT, "page_size": 5, "starting_token": first["next_token"]}
    )
    assert first[key] + second[key] == [camel_dict_to_snake_dict(item) for item in items]
    assert "next_token" not in second


@pytest.mark.parametrize("module, fixture, filter_name", MODULES)
def test_check_mode_sends_exactly_one_dry_run_request(ec2, run_module, calls, module, fixture, filter_name):
    expected = {
        "ClientVpnEndpointId": ENDPOINT,
        "DryRun": True,
        "Filters": [{"Name": filter_name, "Values": ["a", "b"]}],
    }
    ec2.add_client_error(
        _method(module),
        "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.",
        412,
        expected_params=expected,
    )
    result = run_module(
        module,
        {
            "client_vpn_endpoint_id": ENDPOINT,
            "filters": {filter_name: ["a", "b"]},
            "page_size": 5,
            "max_items": 2,
            "query": f"length({module.LISTING.key})",
        },
        check_mode=True,
    )
    assert result["failed"] is False
    assert result["changed"] is False
    assert result[module.LISTING.key] == []
    assert result["dry_run"] is True
    assert result["query_result"] == 0
    assert result["msg"] == f"{module.LISTING.operation} would have succeeded; check mode sent it with DryRun set."
    assert calls == [(module.LISTING.operation, expected)]


@pytest.mark.parametrize("module, fixture, filter_name", MODULES)
def test_check_mode_unauthorized_fails_naming_the_action(ec2, run_module, module, fixture, filter_name):
    ec2.add_client_error(
        _method(module),
        "UnauthorizedOperation",
        "You are not authorized to perform this operation.",
        403,
        expected_params={"ClientVpnEndpointId": ENDPOINT, "DryRun": True},
    )
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT}, check_mode=True)
    assert result["failed"] is True
    assert f"ec2:{module.LISTING.operation}" in result["msg"]
    assert result["error"]["code"] == "UnauthorizedOperation"
    assert module.LISTING.key not in result


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "code, fragments",
    [
        ("InvalidClientVpnEndpointId.NotFound", [ENDPOINT, REGION]),
        ("RequestLimitExceeded", ["RequestLimitExceeded", "max_attempts"]),
        ("InternalError", ["InternalError"]),
    ],
)
@pytest.mark.parametrize("module, fixture, filter_name", MODULES)
def test_api_errors_fail_with_a_clear_message_and_no_data(
    ec2, run_module, module, fixture, filter_name, code, fragments, check_mode
):
    ec2.add_client_error(_method(module), code, "AWS message", 400)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT}, check_mode=check_mode)
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert module.LISTING.key not in result


@pytest.mark.parametrize("module, fixture, filter_name", MODULES)
def test_an_error_on_a_later_page_reports_no_partial_data(ec2, run_module, module, fixture, filter_name):
    _expect_page(ec2, module, _items(module, fixture)[:1], token_out="t1", page_size=5)
    ec2.add_client_error(_method(module), "InternalError", "boom", 500)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "page_size": 5})
    assert result["failed"] is True
    assert module.LISTING.key not in result


BAD_INPUT = [
    ({"client_vpn_endpoint_id": "cvpn-endpoint-123"}, ["client_vpn_endpoint_id", "'cvpn-endpoint-123'", "8 or 17"]),
    ({"client_vpn_endpoint_id": "cvpn-endpoint-0123456789ABCDEF0"}, ["0123456789ABCDEF0", "lowercase"]),
    ({"client_vpn_endpoint_id": ""}, ["client_vpn_endpoint_id", "''"]),
    ({"filters": {"connection-id": "x"}}, ["'connection-id'", "Valid filter names"]),
    ({"filters": {"Origin": "x"}}, ["'Origin'", "case-sensitive"]),
    ({"filters": {"{name}": []}}, ["'{name}'", "at least one value"]),
    ({"filters": {"{name}": True}}, ["'{name}'", "bool"]),
    ({"filters": {"{name}": {"nested": "x"}}}, ["'{name}'", "dict"]),
    ({"page_size": 4}, ["page_size", "between 5 and 1000", "got 4"]),
    ({"page_size": 1001}, ["page_size", "got 1001"]),
    ({"max_items": 0}, ["max_items", "got 0"]),
    ({"starting_token": " "}, ["starting_token"]),
    ({"query": "items[?"}, ["query 'items[?'", "JMESPath"]),
    ({"profile": "ops", "access_key": "AKID"}, ["mutually exclusive", "profile"]),
    ({"aws_config": {"retry": 1}}, ["aws_config", "'retry'"]),
    ({"unknown_option": 1}, ["unknown_option"]),
]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("args, fragments", BAD_INPUT)
@pytest.mark.parametrize("module, fixture, filter_name", MODULES)
def test_bad_input_fails_before_any_api_request(
    run_module, calls, module, fixture, filter_name, args, fragments, check_mode
):
    args = {
        key: ({name.format(name=filter_name): value for name, value in value.items()} if key == "filters" else value)
        for key, value in args.items()
    }
    result = run_module(module, dict({"client_vpn_endpoint_id": ENDPOINT}, **args), check_mode=check_mode)
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment.format(name=filter_name) in result["msg"]
    assert calls == []


@pytest.mark.parametrize("module, fixture, filter_name", MODULES)
def test_every_bad_input_is_reported_at_once(run_module, calls, module, fixture, filter_name):
    result = run_module(module, {"client_vpn_endpoint_id": "bad", "page_size": 1, "filters": {"x": 1}})
    assert result["failed"] is True
    assert result["msg"].startswith("client_vpn_endpoint_id 'bad'")
    assert "page_size" in result["msg"] and "'x'" in result["msg"]
    assert calls == []
