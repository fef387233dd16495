# SPDX-License-Identifier: GPL-3.0-or-later
"""The request log (content, no secrets) and the JSON admin API."""

import json
import urllib.request

import pytest
from conftest import ENDPOINT_ID
from conftest import NOW
from conftest import SECRET_KEY
from conftest import admin
from conftest import conn_id
from conftest import connection
from conftest import make_client
from conftest import raw_post
from conftest import state_with

from cvpn_emulator import DEFAULT_SETTINGS
from cvpn_emulator import Emulator


def capture_authorization(client):
    seen = []
    client.meta.events.register(
        "before-send.ec2.*",
        lambda request, **_kwargs: seen.append(
            request.headers["Authorization"].decode("ascii")
            if isinstance(request.headers["Authorization"], bytes)
            else request.headers["Authorization"]
        ),
    )
    return seen


def test_request_log_records_action_params_key_status_and_code(emulator, ec2):
    ec2.describe_client_vpn_connections(
        ClientVpnEndpointId=ENDPOINT_ID, MaxResults=5, Filters=[{"Name": "username", "Values": ["zoë", "alice"]}]
    )
    try:
        ec2.describe_client_vpn_connections(ClientVpnEndpointId="cvpn-endpoint-00000000000000009")
    except ec2.exceptions.ClientError:
        pass
    first, second = emulator.requests
    assert first["action"] == "DescribeClientVpnConnections"
    assert first["params"] == {
        "Action": "DescribeClientVpnConnections",
        "Version": "2016-11-15",
        "ClientVpnEndpointId": ENDPOINT_ID,
        "MaxResults": "5",
        "Filter.1.Name": "username",
        "Filter.1.Value.1": "zoë",
        "Filter.1.Value.2": "alice",
    }
    assert (first["access_key_id"], first["status"], first["error_code"]) == ("AKIDTEST", 200, None)
    assert (second["status"], second["error_code"]) == (400, "InvalidClientVpnEndpointId.NotFound")
    assert second["seq"] == first["seq"] + 1
    assert first["request_id"] and first["time"]


def test_request_log_never_holds_signatures_or_secrets(emulator, ec2):
    headers = capture_authorization(ec2)
    ec2.describe_client_vpn_endpoints()
    raw_post(
        emulator,
        {
            "Action": "DescribeClientVpnEndpoints",
            "Version": "2016-11-15",
            "X-Amz-Signature": "deadbeef",
            "X-Amz-Security-Token": "tok",
            "AWSSecretKey": "shh",
        },
    )
    signature = headers[0].rsplit("Signature=", 1)[1]
    dumped = json.dumps(emulator.requests)
    assert len(signature) == 64 and signature not in dumped
    assert SECRET_KEY not in dumped
    for secret in ("deadbeef", "0123abcd", "shh", '"tok"'):
        assert secret not in dumped
    assert "Authorization" not in dumped


def test_log_records_auth_failures_and_unknown_actions(emulator):
    raw_post(emulator, {"Action": "DescribeClientVpnEndpoints", "Version": "2016-11-15"}, authorization=None)
    raw_post(emulator, {"Action": "RunInstances", "Version": "2016-11-15"})
    failed, unknown = emulator.requests
    assert (failed["access_key_id"], failed["status"], failed["error_code"]) == (None, 401, "AuthFailure")
    expected = ("RunInstances", "AKIDRAW", "InvalidAction")
    assert (unknown["action"], unknown["access_key_id"], unknown["error_code"]) == expected


def test_log_file_gets_json_lines(tmp_path):
    path = tmp_path / "requests.jsonl"
    with Emulator(state_with([]), now=NOW, log_file=str(path)) as emu:
        make_client(emu).describe_client_vpn_endpoints()
        make_client(emu).describe_client_vpn_endpoints()
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["action"] for line in lines] == ["DescribeClientVpnEndpoints"] * 2
    assert [line["seq"] for line in lines] == [1, 2]


def test_admin_requests_get_filter_and_clear(emulator, ec2):
    ec2.describe_client_vpn_endpoints()
    ec2.describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID, MaxResults=5)
    status, body = admin(emulator, "GET", "requests")
    assert status == 200
    assert [entry["action"] for entry in body["requests"]] == [
        "DescribeClientVpnEndpoints",
        "DescribeClientVpnConnections",
    ]
    only = admin(emulator, "GET", "requests?action=DescribeClientVpnConnections")[1]["requests"]
    assert [entry["action"] for entry in only] == ["DescribeClientVpnConnections"]
    assert admin(emulator, "DELETE", "requests") == (200, {"cleared": 2})
    assert admin(emulator, "GET", "requests") == (200, {"requests": []})


def test_admin_health(emulator):
    status, body = admin(emulator, "GET", "health")
    assert status == 200
    assert body == {"status": "ok", "url": emulator.url, "requests": 0, "endpoints": 1, "connections": 200}


def test_admin_state_round_trip_and_replace(emulator, ec2, generated_state):
    status, exported = admin(emulator, "GET", "state")
    assert status == 200
    assert exported["connections"] == generated_state["connections"]
    assert exported["settings"]["now"] == NOW
    replacement = state_with([connection(conn_id(1), "solo")], unauthorized_access_keys=["AKIDNOPE"])
    assert admin(emulator, "PUT", "state", replacement) == (200, {"endpoints": 1, "connections": 1})
    listed = ec2.describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID)["Connections"]
    assert [item["Username"] for item in listed] == ["solo"]
    assert emulator.state.is_unauthorized("AKIDNOPE")


@pytest.mark.parametrize(
    "bad_state, fragment",
    [
        ({"connections": [connection(conn_id(1), "x")]}, "not among the endpoints"),
        ({"endpoints": [{"ClientVpnEndpointId": ENDPOINT_ID, "Colour": "red"}]}, "Colour"),
        (state_with([connection(conn_id(1), "x", Nickname="y")]), "Nickname"),
        (state_with([connection(conn_id(1), "x", code="sleeping")]), "Status.Code"),
        (state_with([connection(conn_id(1), "x"), connection(conn_id(1), "y")]), "duplicate"),
        ({"endpoints": [], "extra": 1}, "extra"),
    ],
)
def test_admin_state_rejects_invalid_state(emulator, bad_state, fragment):
    status, body = admin(emulator, "PUT", "state", bad_state)
    assert status == 400
    assert fragment in body["error"]
    assert admin(emulator, "GET", "health")[1]["connections"] == 200


def test_admin_settings(emulator, ec2):
    status, body = admin(emulator, "GET", "settings")
    assert status == 200 and body == dict(DEFAULT_SETTINGS, now=NOW, terminate_delay_seconds=0)
    status, body = admin(emulator, "PUT", "settings", {"now": "2024-06-01T08:00:00Z", "default_page_size": 6})
    assert status == 200 and body["now"] == "2024-06-01 08:00:00" and body["default_page_size"] == 6
    listed = ec2.describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID)["Connections"]
    assert len(listed) == 6 and listed[0]["Timestamp"] == "2024-06-01 08:00:00"
    assert admin(emulator, "PUT", "settings", {"retention_minutes": -1})[0] == 400
    assert admin(emulator, "PUT", "settings", {"page": 1})[0] == 400
    assert admin(emulator, "PUT", "settings", {"now": "yesterday"})[0] == 400
    status, body = admin(emulator, "PUT", "settings", {"now": None})
    assert status == 200 and body["now"] is None


def test_admin_unknown_resource_and_method(emulator):
    status, body = admin(emulator, "GET", "nothing")
    assert status == 404 and "health" in body["error"]
    request = urllib.request.Request(f"{emulator.url}/_emulator/health", method="DELETE")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 405
    assert caught.value.headers["Allow"] == "GET"


def test_admin_rejects_non_json(emulator):
    request = urllib.request.Request(f"{emulator.url}/_emulator/settings", data=b"{not json", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 400


def test_get_on_the_api_root_is_not_found(emulator):
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{emulator.url}/", timeout=10)
    assert caught.value.code == 404


def test_admin_calls_are_not_in_the_request_log(emulator):
    admin(emulator, "GET", "health")
    admin(emulator, "GET", "state")
    assert emulator.requests == []
