# SPDX-License-Identifier: GPL-3.0-or-later

import pytest
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.vpnops.aws.plugins.modules import client_vpn_endpoints_info as module
from ansible_collections.vpnops.aws.tests.unit.conftest import REGION
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import needs_member
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page

ENDPOINTS = load_fixture("endpoints_all")["ClientVpnEndpoints"]
STAFF, CONTRACTORS, OLD = ENDPOINTS
OPERATION = "describe_client_vpn_endpoints"


def _expect_page(ec2, items, token_in=None, token_out=None, page_size=1000, **request):
    queue_page(ec2, OPERATION, "ClientVpnEndpoints", items, dict(request, MaxResults=page_size), token_in, token_out)


def _ids(result):
    return [e["client_vpn_endpoint_id"] for e in result["client_vpn_endpoints"]]


def _expected(endpoint):
    """What the module should return for an API endpoint: camel_dict_to_snake_dict, tags as a dict."""
    expected = camel_dict_to_snake_dict(endpoint)
    expected["tags"] = {tag["Key"]: tag["Value"] for tag in endpoint.get("Tags", [])}
    return expected


def test_lists_every_page_snake_cased_in_api_order(ec2, run_module, calls):
    _expect_page(ec2, ENDPOINTS[:2], token_out="t1", page_size=5)
    _expect_page(ec2, ENDPOINTS[2:], token_in="t1", page_size=5)
    result = run_module(module, {"page_size": 5})
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["client_vpn_endpoints"] == [_expected(e) for e in ENDPOINTS]
    assert "next_token" not in result
    assert "query_result" not in result
    assert [params for _name, params in calls] == [{"MaxResults": 5}, {"MaxResults": 5, "NextToken": "t1"}]


@needs_member("ConnectionLogResponseOptions", "IncludeAuthorizationPolicyContext")
def test_every_api_member_is_returned_under_its_snake_case_name(ec2, run_module):
    _expect_page(ec2, [STAFF])
    endpoint = run_module(module, {})["client_vpn_endpoints"][0]
    assert list(endpoint) == list(camel_dict_to_snake_dict(STAFF))
    assert endpoint["connection_log_options"] == {
        "enabled": True,
        "cloudwatch_log_group": "/vpn/staff",
        "cloudwatch_log_stream": "connections",
        "include_authorization_policy_context": False,
    }
    assert (
        endpoint["authentication_options"][0]["federated_authentication"]["saml_provider_arn"]
        == STAFF["AuthenticationOptions"][0]["FederatedAuthentication"]["SamlProviderArn"]
    )
    assert endpoint["vpn_port"] == 443
    assert endpoint["split_tunnel"] is True


def test_tags_become_a_dict_with_the_keys_untouched(ec2, run_module):
    _expect_page(ec2, ENDPOINTS)
    staff, contractors, old = run_module(module, {})["client_vpn_endpoints"]
    assert staff["tags"] == {
        "Name": "staff-vpn",
        "CostCenter": "IT-4711",
        "aws:cloudformation:stack-name": "vpn-staff",
        "env": "prod",
    }
    assert contractors["tags"] == {}
    assert old["tags"] == {}


def test_no_endpoints_is_an_empty_list(ec2, run_module):
    _expect_page(ec2, [])
    result = run_module(module, {})
    assert result["client_vpn_endpoints"] == []
    assert result["failed"] is False


def test_ids_and_filters_are_sent_to_the_api(ec2, run_module):
    ids = [STAFF["ClientVpnEndpointId"], OLD["ClientVpnEndpointId"]]
    filters = [{"Name": "transport-protocol", "Values": ["udp"]}, {"Name": "endpoint-id", "Values": ids}]
    _expect_page(ec2, [STAFF, OLD], ClientVpnEndpointIds=ids, Filters=filters)
    result = run_module(
        module, {"client_vpn_endpoint_ids": ids + ids[:1], "filters": {"transport-protocol": "udp", "endpoint-id": ids}}
    )
    assert _ids(result) == ids


def test_an_empty_id_list_lists_every_endpoint(ec2, run_module):
    _expect_page(ec2, ENDPOINTS)
    result = run_module(module, {"client_vpn_endpoint_ids": []})
    assert len(result["client_vpn_endpoints"]) == 3


def test_max_items_returns_next_token_and_starting_token_resumes(ec2, run_module):
    _expect_page(ec2, ENDPOINTS[:2], token_out="t1", page_size=5)
    first = run_module(module, {"page_size": 5, "max_items": 1})
    assert _ids(first) == [STAFF["ClientVpnEndpointId"]]
    assert first["next_token"]
    _expect_page(ec2, ENDPOINTS[:2], token_out="t1", page_size=5)
    _expect_page(ec2, ENDPOINTS[2:], token_in="t1", page_size=5)
    second = run_module(module, {"page_size": 5, "starting_token": first["next_token"]})
    assert _ids(first) + _ids(second) == [e["ClientVpnEndpointId"] for e in ENDPOINTS]
    assert "next_token" not in second


def test_query_runs_over_the_snake_cased_document(ec2, run_module):
    _expect_page(ec2, ENDPOINTS)
    result = run_module(module, {"query": "client_vpn_endpoints[?tags.env == 'prod'].client_vpn_endpoint_id"})
    assert result["query_result"] == [STAFF["ClientVpnEndpointId"]]


@pytest.mark.parametrize(
    "args, request_params",
    [
        ({}, {}),
        (
            {
                "client_vpn_endpoint_ids": [STAFF["ClientVpnEndpointId"]],
                "filters": {"transport-protocol": "tcp"},
                "page_size": 5,
                "max_items": 2,
            },
            {
                "ClientVpnEndpointIds": [STAFF["ClientVpnEndpointId"]],
                "Filters": [{"Name": "transport-protocol", "Values": ["tcp"]}],
            },
        ),
    ],
)
def test_check_mode_sends_exactly_one_dry_run_request(ec2, run_module, calls, args, request_params):
    expected = dict(request_params, DryRun=True)
    ec2.add_client_error(
        OPERATION,
        "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.",
        412,
        expected_params=expected,
    )
    result = run_module(module, dict(args, query="length(client_vpn_endpoints)"), check_mode=True)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["client_vpn_endpoints"] == []
    assert result["dry_run"] is True
    assert result["query_result"] == 0
    assert "would have succeeded" in result["msg"]
    assert calls == [("DescribeClientVpnEndpoints", expected)]


def test_check_mode_unauthorized_fails_naming_the_action(ec2, run_module, calls):
    ec2.add_client_error(
        OPERATION,
        "UnauthorizedOperation",
        "You are not authorized to perform this operation.",
        403,
        expected_params={"DryRun": True},
    )
    result = run_module(module, {}, check_mode=True)
    assert result["failed"] is True
    assert "ec2:DescribeClientVpnEndpoints" in result["msg"]
    assert result["error"]["code"] == "UnauthorizedOperation"
    assert "client_vpn_endpoints" not in result
    assert len(calls) == 1


@pytest.mark.parametrize("check_mode", [False, True])
def test_unknown_endpoint_id_fails_naming_it_and_the_region(ec2, run_module, check_mode):
    endpoint_id = "cvpn-endpoint-0aaaaaaaaaaaaaaaa"
    ec2.add_client_error(
        OPERATION,
        "InvalidClientVpnEndpointId.NotFound",
        f"The ClientVpnEndpoint Id '{endpoint_id}' does not exist",
        400,
    )
    result = run_module(module, {"client_vpn_endpoint_ids": [endpoint_id]}, check_mode=check_mode)
    assert result["failed"] is True
    assert endpoint_id in result["msg"] and REGION in result["msg"]
    assert result["error"]["code"] == "InvalidClientVpnEndpointId.NotFound"
    assert "client_vpn_endpoints" not in result


@pytest.mark.parametrize(
    "code, fragments",
    [
        ("RequestLimitExceeded", ["RequestLimitExceeded", "max_attempts"]),
        ("InvalidNextToken", ["starting_token"]),
        ("AuthFailure", ["AuthFailure", "access_key"]),
        ("InternalError", ["InternalError"]),
    ],
)
def test_api_errors_fail_with_a_clear_message_and_no_data(ec2, run_module, code, fragments):
    ec2.add_client_error(OPERATION, code, "AWS message", 400)
    result = run_module(module, {})
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert "client_vpn_endpoints" not in result


def test_error_on_a_later_page_reports_no_partial_data(ec2, run_module):
    _expect_page(ec2, ENDPOINTS[:2], token_out="t1", page_size=5)
    ec2.add_client_error(OPERATION, "InternalError", "boom", 500)
    result = run_module(module, {"page_size": 5})
    assert result["failed"] is True
    assert "client_vpn_endpoints" not in result


@pytest.mark.parametrize(
    "args, fragments",
    [
        ({"client_vpn_endpoint_ids": ["cvpn-endpoint-123"]}, ["client_vpn_endpoint_ids", "'cvpn-endpoint-123'"]),
        (
            {"client_vpn_endpoint_ids": [STAFF["ClientVpnEndpointId"], "cvpn-endpoint-0123456789ABCDEF0"]},
            ["'cvpn-endpoint-0123456789ABCDEF0'", "lowercase"],
        ),
        ({"filters": {"transport_protocol": "udp"}}, ["'transport_protocol'", "endpoint-id, transport-protocol"]),
        ({"filters": {"connection-id": "x"}}, ["'connection-id'", "endpoint-id, transport-protocol"]),
        ({"filters": {"endpoint-id": []}}, ["'endpoint-id'", "at least one value"]),
        ({"page_size": 4}, ["page_size", "between 5 and 1000", "got 4"]),
        ({"page_size": 1001}, ["page_size", "got 1001"]),
        ({"max_items": 0}, ["max_items", "got 0"]),
        ({"starting_token": " "}, ["starting_token"]),
        ({"query": "client_vpn_endpoints[?"}, ["query 'client_vpn_endpoints[?'", "JMESPath"]),
        ({"profile": "ops", "access_key": "x"}, ["mutually exclusive", "profile"]),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_bad_input_fails_before_any_api_request(run_module, calls, args, fragments, check_mode):
    result = run_module(module, args, check_mode=check_mode)
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert calls == []
