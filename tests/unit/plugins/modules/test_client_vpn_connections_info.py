# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import json

import pytest
from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.vpnops.aws.plugins.module_utils import selection
from ansible_collections.vpnops.aws.plugins.module_utils.response_parser import ResponseParsers
from ansible_collections.vpnops.aws.plugins.modules import client_vpn_connections_info as module
from ansible_collections.vpnops.aws.tests.unit.conftest import REGION
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import needs_member
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
CONNECTIONS = load_fixture("connections")["Connections"]
OPERATION = "describe_client_vpn_connections"


def _expect_page(ec2, items, token_in=None, token_out=None, page_size=1000, filters=None):
    request = {"ClientVpnEndpointId": ENDPOINT, "MaxResults": page_size}
    if filters:
        request["Filters"] = filters
    queue_page(ec2, OPERATION, "Connections", items, request, token_in, token_out)


def _ids(result):
    return [c["connection_id"] for c in result["connections"]]


def test_lists_every_page_snake_cased_in_api_order(ec2, run_module):
    _expect_page(ec2, CONNECTIONS[:4], token_out="t1", page_size=5)
    _expect_page(ec2, CONNECTIONS[4:], token_in="t1", page_size=5)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "page_size": 5})
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["connections"] == [camel_dict_to_snake_dict(c) for c in CONNECTIONS]
    assert "next_token" not in result
    assert "query_result" not in result


@needs_member("ClientVpnConnection", "AuthorizationPolicyLastEvaluatedTime")
def test_every_api_member_is_returned_unchanged_but_for_its_name(ec2, run_module):
    _expect_page(ec2, CONNECTIONS[1:2])
    connection = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})["connections"][0]
    assert sorted(connection) == sorted(
        [
            "client_vpn_endpoint_id",
            "timestamp",
            "connection_id",
            "username",
            "connection_established_time",
            "ingress_bytes",
            "egress_bytes",
            "ingress_packets",
            "egress_packets",
            "client_ip",
            "client_ipv6_address",
            "common_name",
            "status",
            "connection_end_time",
            "posture_compliance_statuses",
            "authorization_policy_last_evaluated_time",
        ]
    )
    assert connection["status"] == {"code": "active"}
    assert connection["ingress_bytes"] == CONNECTIONS[1]["IngressBytes"]


def test_no_connections_is_an_empty_list(ec2, run_module):
    _expect_page(ec2, [])
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})
    assert result["connections"] == []
    assert result["failed"] is False


def test_filters_are_sent_to_the_api(ec2, run_module):
    filters = [{"Name": "username", "Values": ["alice", "zoë"]}, {"Name": "connection-id", "Values": ["c"]}]
    _expect_page(ec2, CONNECTIONS[:3], filters=filters)
    result = run_module(
        module, {"client_vpn_endpoint_id": ENDPOINT, "filters": {"username": ["alice", "zoë"], "connection-id": "c"}}
    )
    assert len(result["connections"]) == 3


def test_status_and_age_select_after_reading(ec2, run_module, monkeypatch):
    monkeypatch.setattr(selection, "_now", lambda: datetime.datetime(2026, 11, 26, 8, tzinfo=datetime.UTC))
    _expect_page(ec2, CONNECTIONS)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "status": ["active"], "age": "8h"})
    assert _ids(result) == [CONNECTIONS[1]["ConnectionId"], CONNECTIONS[3]["ConnectionId"]]


def test_max_items_returns_next_token_and_starting_token_resumes(ec2, run_module):
    _expect_page(ec2, CONNECTIONS[:4], token_out="t1", page_size=5)
    first = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "page_size": 5, "max_items": 3})
    assert _ids(first) == [c["ConnectionId"] for c in CONNECTIONS[:3]]
    assert first["next_token"]
    _expect_page(ec2, CONNECTIONS[:4], token_out="t1", page_size=5)
    _expect_page(ec2, CONNECTIONS[4:], token_in="t1", page_size=5)
    second = run_module(
        module, {"client_vpn_endpoint_id": ENDPOINT, "page_size": 5, "starting_token": first["next_token"]}
    )
    assert _ids(first) + _ids(second) == [c["ConnectionId"] for c in CONNECTIONS]
    assert "next_token" not in second


def test_max_items_counts_connections_before_selection(ec2, run_module):
    _expect_page(ec2, CONNECTIONS[:4], token_out="t1", page_size=5)
    result = run_module(
        module, {"client_vpn_endpoint_id": ENDPOINT, "page_size": 5, "max_items": 3, "status": ["terminated"]}
    )
    assert _ids(result) == [CONNECTIONS[2]["ConnectionId"]]
    assert result["next_token"]


def test_query_runs_over_the_snake_cased_document(ec2, run_module):
    _expect_page(ec2, CONNECTIONS)
    result = run_module(
        module, {"client_vpn_endpoint_id": ENDPOINT, "query": "connections[?status.code == 'active'].connection_id"}
    )
    assert result["query_result"] == [c["ConnectionId"] for c in CONNECTIONS if c["Status"]["Code"] == "active"]
    assert len(result["connections"]) == len(CONNECTIONS)


def test_check_mode_sends_one_dry_run_request(ec2, run_module):
    ec2.add_client_error(
        OPERATION,
        "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.",
        412,
        expected_params={"ClientVpnEndpointId": ENDPOINT, "DryRun": True},
    )
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT}, check_mode=True)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["connections"] == []
    assert result["dry_run"] is True
    assert "would have succeeded" in result["msg"]


def test_check_mode_dry_run_carries_the_filters(ec2, run_module):
    ec2.add_client_error(
        OPERATION,
        "DryRunOperation",
        "ok",
        412,
        expected_params={
            "ClientVpnEndpointId": ENDPOINT,
            "DryRun": True,
            "Filters": [{"Name": "username", "Values": ["alice"]}],
        },
    )
    result = run_module(
        module,
        {"client_vpn_endpoint_id": ENDPOINT, "filters": {"username": "alice"}, "query": "length(connections)"},
        check_mode=True,
    )
    assert result["query_result"] == 0


def test_check_mode_unauthorized_fails_naming_the_action(ec2, run_module):
    ec2.add_client_error(
        OPERATION,
        "UnauthorizedOperation",
        "You are not authorized to perform this operation.",
        403,
        expected_params={"ClientVpnEndpointId": ENDPOINT, "DryRun": True},
    )
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT}, check_mode=True)
    assert result["failed"] is True
    assert "ec2:DescribeClientVpnConnections" in result["msg"]
    assert result["error"]["code"] == "UnauthorizedOperation"
    assert "connections" not in result


@pytest.mark.parametrize(
    "code, fragments",
    [
        ("InvalidClientVpnEndpointId.NotFound", [ENDPOINT, REGION]),
        ("RequestLimitExceeded", ["RequestLimitExceeded", "max_attempts"]),
        ("InvalidNextToken", ["starting_token"]),
        ("InternalError", ["InternalError"]),
    ],
)
def test_api_errors_fail_with_a_clear_message_and_no_data(ec2, run_module, code, fragments):
    ec2.add_client_error(OPERATION, code, "AWS message", 400)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert "connections" not in result


def test_error_on_a_later_page_reports_no_partial_data(ec2, run_module):
    _expect_page(ec2, CONNECTIONS[:4], token_out="t1", page_size=5)
    ec2.add_client_error(OPERATION, "InternalError", "boom", 500)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "page_size": 5})
    assert result["failed"] is True
    assert "connections" not in result


def test_repeated_next_token_fails_cleanly(ec2, run_module):
    _expect_page(ec2, CONNECTIONS[:1], token_out="same")
    _expect_page(ec2, CONNECTIONS[1:2], token_in="same", token_out="same")
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT})
    assert result["failed"] is True
    assert "same pagination token twice" in result["msg"]
    assert "connections" not in result


@pytest.mark.parametrize(
    "args, fragments",
    [
        ({"client_vpn_endpoint_id": "cvpn-endpoint-123"}, ["'cvpn-endpoint-123'", "8 or 17"]),
        ({"client_vpn_endpoint_id": "cvpn-endpoint-0123456789ABCDEF0"}, ["0123456789ABCDEF0", "lowercase"]),
        ({"client_vpn_endpoint_id": "vpn-0123456789abcdef0"}, ["'vpn-0123456789abcdef0'"]),
        ({"filters": {"Username": "alice"}}, ["'Username'", "connection-id, username"]),
        ({"filters": {"status": "active"}}, ["'status'", "connection-id, username"]),
        ({"filters": {"username": []}}, ["'username'", "at least one value"]),
        ({"page_size": 4}, ["page_size", "between 5 and 1000", "got 4"]),
        ({"page_size": 5000}, ["page_size", "got 5000"]),
        ({"max_items": 0}, ["max_items", "got 0"]),
        ({"starting_token": ""}, ["starting_token"]),
        ({"age": "8 hours"}, ["age '8 hours'", "8h"]),
        ({"query": "connections[?"}, ["query 'connections[?'", "JMESPath"]),
        ({"status": ["open"]}, ["status", "open", "active"]),
        ({"profile": "ops", "secret_key": "x"}, ["mutually exclusive", "profile"]),
        ({"aws_config": {"retry": 1}}, ["aws_config", "'retry'"]),
    ],
)
def test_bad_input_fails_before_any_api_request(run_module, args, fragments):
    # The Stubber has no response queued: any request would fail the test with a StubResponseError.
    result = run_module(module, dict({"client_vpn_endpoint_id": ENDPOINT}, **args))
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]


def test_every_bad_input_is_reported_at_once(run_module):
    result = run_module(module, {"client_vpn_endpoint_id": "bad", "page_size": 1, "age": "x"})
    for fragment in ("'bad'", "page_size", "age 'x'"):
        assert fragment in result["msg"]


def test_connection_options_reach_boto3(ec2, run_module):
    _expect_page(ec2, [])
    result = run_module(
        module,
        {
            "client_vpn_endpoint_id": ENDPOINT,
            "region": "ap-south-1",
            "aws_access_key_id": "AKIDOPT",
            "aws_secret_access_key": "s3cr3t-value",
            "aws_endpoint_url": "http://127.0.0.1:1",
            "validate_certs": False,
        },
    )
    assert result["_session_kwargs"] == {
        "aws_access_key_id": "AKIDOPT",
        "aws_secret_access_key": "s3cr3t-value",
        "region_name": "ap-south-1",
    }
    assert result["_client_kwargs"]["endpoint_url"] == "http://127.0.0.1:1"
    assert result["_client_kwargs"]["verify"] is False
    assert result["_client_kwargs"]["config"].retries["mode"] == "standard"
    assert isinstance(result["_botocore_session"].get_component("response_parser_factory"), ResponseParsers)
    public = {key: value for key, value in result.items() if not key.startswith("_")}
    assert "s3cr3t-value" not in json.dumps(public)


# ---------------------------------------------------------------------------------------------------------------
# common_names, and age bounds.

CERTIFICATES = load_fixture("connection_certificates")["Connections"]


def _cert_ids(*numbers):
    return [f"cvpn-connection-{number:017x}" for number in numbers]


@pytest.mark.parametrize(
    "args, expected",
    [
        ({"common_names": ["device-5.example.com"]}, _cert_ids(0x21, 0x23, 0x25, 0x26)),
        ({"common_names": ["Device-5.example.com"]}, _cert_ids(0x24)),
        ({"common_names": ["DEVICE-5.EXAMPLE.COM", "device-5"]}, []),
        ({"common_names": ["device-9.example.com", "alice"]}, _cert_ids(0x22, 0x28)),
        ({"common_names": ["device-5.example.com"], "status": ["active"]}, _cert_ids(0x21, 0x26)),
        ({"common_names": ["device-5.example.com"], "status": ["active"], "age": "8h"}, _cert_ids(0x21)),
        ({"common_names": ["device-5.example.com", "device-9.example.com"], "age": "-1h"}, _cert_ids(0x22, 0x26)),
        ({"common_names": ["device-5.example.com"], "status": ["terminating"]}, []),
    ],
)
def test_common_names_select_after_reading(ec2, run_module, calls, monkeypatch, args, expected):
    monkeypatch.setattr(selection, "_now", lambda: datetime.datetime(2026, 11, 26, 8, tzinfo=datetime.UTC))
    _expect_page(ec2, CERTIFICATES)
    result = run_module(module, dict({"client_vpn_endpoint_id": ENDPOINT}, **args))
    assert result["failed"] is False
    assert result["changed"] is False
    assert _ids(result) == expected
    # The API has no common name filter: the request carries none.
    assert calls == [("DescribeClientVpnConnections", {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000})]


def test_common_names_select_across_pages_and_the_query_sees_the_selection(ec2, run_module):
    _expect_page(ec2, CERTIFICATES[:4], token_out="t1", page_size=5)
    _expect_page(ec2, CERTIFICATES[4:], token_in="t1", page_size=5)
    result = run_module(
        module,
        {
            "client_vpn_endpoint_id": ENDPOINT,
            "page_size": 5,
            "common_names": ["device-5.example.com"],
            "query": "length(connections)",
        },
    )
    assert _ids(result) == _cert_ids(0x21, 0x23, 0x25, 0x26)
    assert result["query_result"] == 4


def test_common_names_combine_with_a_username_filter(ec2, run_module):
    _expect_page(ec2, CERTIFICATES[7:], filters=[{"Name": "username", "Values": ["alice"]}])
    result = run_module(
        module, {"client_vpn_endpoint_id": ENDPOINT, "filters": {"username": "alice"}, "common_names": ["alice"]}
    )
    assert _ids(result) == _cert_ids(0x28)


def test_check_mode_with_common_names_sends_one_dry_run_request(ec2, run_module, calls):
    ec2.add_client_error(
        OPERATION, "DryRunOperation", "ok", 412, expected_params={"ClientVpnEndpointId": ENDPOINT, "DryRun": True}
    )
    result = run_module(
        module, {"client_vpn_endpoint_id": ENDPOINT, "common_names": ["device-5.example.com"]}, check_mode=True
    )
    assert result["failed"] is False
    assert result["connections"] == []
    assert len(calls) == 1


@pytest.mark.parametrize(
    "args, fragments",
    [
        ({"common_names": []}, ["common_names is empty"]),
        ({"common_names": [""]}, ["common_names contains ''", "empty or blank"]),
        ({"common_names": ["  "]}, ["common_names contains '  '", "empty or blank"]),
        ({"common_names": ["device-5.example.com", 42]}, ["common_names contains 42 of type int", "string"]),
        ({"common_names": [None]}, ["common_names contains None"]),
        ({"common_names": [{"cn": "device-5"}]}, ["common_names contains {'cn': 'device-5'} of type dict"]),
        ({"common_names": [" device-5.example.com"]}, ["common_names contains ' device-5.example.com'", "white space"]),
        ({"age": "99999999999999999999w"}, ["age '99999999999999999999w' is out of range", "520w"]),
        ({"age": "521w"}, ["age '521w' is out of range", "314496000"]),
        ({"age": "-3641d"}, ["age '-3641d' is out of range"]),
        ({"age": "\u0663h"}, ["age '\u0663h' is not valid", "8h"]),
        ({"age": "+8h"}, ["age '+8h' is not valid"]),
        ({"age": "8 h"}, ["age '8 h' is not valid"]),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_bad_common_names_and_age_fail_before_any_request(run_module, calls, args, fragments, check_mode):
    result = run_module(module, dict({"client_vpn_endpoint_id": ENDPOINT}, **args), check_mode=check_mode)
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert calls == []


def test_the_largest_age_lists_without_error(ec2, run_module):
    _expect_page(ec2, CERTIFICATES)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "age": "-520w"})
    assert _ids(result) == [c["ConnectionId"] for c in CERTIFICATES]
