# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication, authorization, DryRun and protocol-level errors."""

from xml.etree import ElementTree

import botocore.exceptions
import pytest
from conftest import ENDPOINT_ID
from conftest import NOW
from conftest import conn_id
from conftest import connection
from conftest import make_client
from conftest import raw_post
from conftest import state_with

from cvpn_emulator import Emulator

BLOCKED_KEY = "AKIDBLOCKED"
CALLS = [
    ("describe_client_vpn_connections", {"ClientVpnEndpointId": ENDPOINT_ID}),
    ("describe_client_vpn_endpoints", {}),
    ("terminate_client_vpn_connections", {"ClientVpnEndpointId": ENDPOINT_ID, "ConnectionId": conn_id(1)}),
]


@pytest.fixture
def guarded():
    state = state_with([connection(conn_id(1), "alice")], unauthorized_access_keys=[BLOCKED_KEY])
    with Emulator(state, now=NOW) as emu:
        yield emu


def failure(client, method, kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        getattr(client, method)(**kwargs)
    response = caught.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


@pytest.mark.parametrize("method, kwargs", CALLS)
def test_dry_run_permitted(guarded, method, kwargs):
    code, message, status = failure(make_client(guarded), method, dict(kwargs, DryRun=True))
    assert (code, status) == ("DryRunOperation", 412)
    assert message == "Request would have succeeded, but DryRun flag is set."
    assert guarded.state.connection(conn_id(1))["Status"] == {"Code": "active"}


@pytest.mark.parametrize("method, kwargs", CALLS)
@pytest.mark.parametrize("dry_run", [True, False])
def test_unauthorized_key(guarded, method, kwargs, dry_run):
    client = make_client(guarded, access_key=BLOCKED_KEY)
    code, message, status = failure(client, method, dict(kwargs, DryRun=dry_run))
    assert (code, status) == ("UnauthorizedOperation", 403)
    assert message == "You are not authorized to perform this operation."
    assert guarded.state.connection(conn_id(1))["Status"] == {"Code": "active"}


def test_dry_run_false_runs_the_action(guarded):
    client = make_client(guarded)
    response = client.terminate_client_vpn_connections(
        ClientVpnEndpointId=ENDPOINT_ID, ConnectionId=conn_id(1), DryRun=False
    )
    assert response["ConnectionStatuses"][0]["CurrentStatus"] == {"Code": "terminating"}


@pytest.mark.parametrize(
    "method, kwargs",
    [
        ("describe_client_vpn_connections", {"ClientVpnEndpointId": "cvpn-endpoint-77777777777777777"}),
        ("describe_client_vpn_endpoints", {"ClientVpnEndpointIds": ["cvpn-endpoint-77777777777777777"]}),
        ("terminate_client_vpn_connections", {"ClientVpnEndpointId": ENDPOINT_ID, "ConnectionId": conn_id(9)}),
    ],
)
def test_not_found_beats_dry_run(guarded, method, kwargs):
    code, _message, status = failure(make_client(guarded), method, dict(kwargs, DryRun=True))
    assert code.endswith("NotFound") and status == 400


def test_unauthorized_beats_not_found(guarded):
    client = make_client(guarded, access_key=BLOCKED_KEY)
    code, _message, _status = failure(
        client,
        "describe_client_vpn_connections",
        {"ClientVpnEndpointId": "cvpn-endpoint-77777777777777777", "DryRun": True},
    )
    assert code == "UnauthorizedOperation"


def test_unauthorized_keys_can_change_at_runtime(guarded):
    guarded.state.set_unauthorized_access_keys(["AKIDTEST"])
    code, _message, _status = failure(make_client(guarded), *CALLS[0])
    assert code == "UnauthorizedOperation"


def parse_error(body):
    root = ElementTree.fromstring(body)
    return root.findtext("Errors/Error/Code"), root.findtext("Errors/Error/Message"), root.findtext("RequestID")


@pytest.mark.parametrize("authorization", [None, "", "Basic dXNlcjpwYXNz", "AWS4-HMAC-SHA256 SignedHeaders=host"])
def test_missing_or_malformed_signature_is_auth_failure(guarded, authorization):
    status, body = raw_post(
        guarded, {"Action": "DescribeClientVpnEndpoints", "Version": "2016-11-15"}, authorization=authorization
    )
    code, message, request_id = parse_error(body)
    assert (status, code) == (401, "AuthFailure")
    assert message and request_id


def test_unknown_action_is_invalid_action(guarded):
    status, body = raw_post(guarded, {"Action": "DescribeInstances", "Version": "2016-11-15"})
    code, message, _request_id = parse_error(body)
    assert (status, code) == (400, "InvalidAction")
    assert "DescribeInstances" in message


def test_missing_version_is_rejected(guarded):
    status, body = raw_post(guarded, {"Action": "DescribeClientVpnEndpoints"})
    assert (status, parse_error(body)[0]) == (400, "MissingParameter")


def test_invalid_dry_run_value(guarded):
    status, body = raw_post(
        guarded, {"Action": "DescribeClientVpnEndpoints", "Version": "2016-11-15", "DryRun": "maybe"}
    )
    assert (status, parse_error(body)[0]) == (400, "InvalidParameterValue")


def test_success_document_has_namespace_and_request_id(guarded):
    status, body = raw_post(guarded, {"Action": "DescribeClientVpnEndpoints", "Version": "2016-11-15"})
    root = ElementTree.fromstring(body)
    namespace = "{http://ec2.amazonaws.com/doc/2016-11-15/}"
    assert status == 200
    assert root.tag == f"{namespace}DescribeClientVpnEndpointsResponse"
    assert root.findtext(f"{namespace}requestId")
    assert root.find(f"{namespace}clientVpnEndpoint/{namespace}item/{namespace}clientVpnEndpointId").text == ENDPOINT_ID


def test_boto3_sees_the_request_id(guarded):
    response = make_client(guarded).describe_client_vpn_endpoints()
    assert response["ResponseMetadata"]["RequestId"] == guarded.requests[-1]["request_id"]
