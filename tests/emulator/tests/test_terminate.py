# SPDX-License-Identifier: GPL-3.0-or-later
"""TerminateClientVpnConnections: transitions, by-username limit, unknown ids, parameter rules."""

import time

import botocore.exceptions
import pytest
from conftest import ENDPOINT_ID
from conftest import NOW
from conftest import OTHER_ENDPOINT_ID
from conftest import conn_id
from conftest import connection
from conftest import make_client
from conftest import raw_post
from conftest import state_with

from cvpn_emulator import Emulator
from cvpn_emulator import generate_endpoint

FAILED = {"Code": "failed-to-terminate", "Message": "Failed to terminate the connection. Try again."}


def records():
    result = [connection(conn_id(number), "heavy") for number in range(1, 7)]
    result += [connection(conn_id(number), "light") for number in range(7, 10)]
    result.append(connection(conn_id(10), "light", code="terminated", ConnectionEndTime="2024-05-01 11:50:00"))
    result.append(connection(conn_id(11), "light", code="failed-to-terminate", Status=dict(FAILED)))
    result.append(connection(conn_id(12), "light", code="terminating"))
    result.append(connection(conn_id(13), None))
    result.append(connection(conn_id(14), "light", endpoint_id=OTHER_ENDPOINT_ID))
    return result


def start(delay=0.0):
    endpoints = [generate_endpoint(ENDPOINT_ID, now=NOW), generate_endpoint(OTHER_ENDPOINT_ID, now=NOW)]
    return Emulator(state_with(records(), endpoints=endpoints), now=NOW, terminate_delay_seconds=delay)


def status_of(client, connection_id):
    response = client.describe_client_vpn_connections(
        ClientVpnEndpointId=ENDPOINT_ID, Filters=[{"Name": "connection-id", "Values": [connection_id]}]
    )
    return response["Connections"][0]


def terminate(client, **kwargs):
    return client.terminate_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID, **kwargs)


def error_of(client, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        terminate(client, **kwargs)
    return caught.value.response["Error"], caught.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_active_connection_goes_terminating_then_terminated():
    with start(delay=0) as emu:
        client = make_client(emu)
        response = terminate(client, ConnectionId=conn_id(7))
        assert response["ClientVpnEndpointId"] == ENDPOINT_ID
        assert "Username" not in response
        assert response["ConnectionStatuses"] == [
            {"ConnectionId": conn_id(7), "PreviousStatus": {"Code": "active"}, "CurrentStatus": {"Code": "terminating"}}
        ]
        after = status_of(client, conn_id(7))
        assert after["Status"] == {"Code": "terminated"}
        assert after["ConnectionEndTime"] == NOW


def test_terminating_lasts_for_the_configured_delay():
    with start(delay=0.3) as emu:
        client = make_client(emu)
        terminate(client, ConnectionId=conn_id(7))
        assert status_of(client, conn_id(7))["Status"] == {"Code": "terminating"}
        assert status_of(client, conn_id(7))["ConnectionEndTime"] == "-"
        deadline = time.monotonic() + 10
        while status_of(client, conn_id(7))["Status"]["Code"] == "terminating" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert status_of(client, conn_id(7))["Status"] == {"Code": "terminated"}


def test_failed_to_terminate_can_be_terminated_again():
    with start() as emu:
        response = terminate(make_client(emu), ConnectionId=conn_id(11))
    assert response["ConnectionStatuses"][0]["PreviousStatus"] == FAILED
    assert response["ConnectionStatuses"][0]["CurrentStatus"] == {"Code": "terminating"}


@pytest.mark.parametrize("number, code", [(10, "terminated"), (12, "terminating")])
def test_terminated_or_terminating_connection_is_returned_unchanged(number, code):
    with start(delay=30) as emu:
        client = make_client(emu)
        response = terminate(client, ConnectionId=conn_id(number))
        assert response["ConnectionStatuses"] == [
            {"ConnectionId": conn_id(number), "PreviousStatus": {"Code": code}, "CurrentStatus": {"Code": code}}
        ]
        assert status_of(client, conn_id(number))["Status"] == {"Code": code}


def test_terminate_twice_reports_terminating_the_second_time():
    with start(delay=30) as emu:
        client = make_client(emu)
        terminate(client, ConnectionId=conn_id(1))
        second = terminate(client, ConnectionId=conn_id(1))
    assert second["ConnectionStatuses"][0]["PreviousStatus"] == {"Code": "terminating"}
    assert second["ConnectionStatuses"][0]["CurrentStatus"] == {"Code": "terminating"}


def test_by_username_terminates_only_active_connections_of_that_user_and_endpoint():
    with start() as emu:
        client = make_client(emu)
        response = terminate(client, Username="light")
        assert response["Username"] == "light"
        assert [item["ConnectionId"] for item in response["ConnectionStatuses"]] == [conn_id(7), conn_id(8), conn_id(9)]
        assert all(item["PreviousStatus"] == {"Code": "active"} for item in response["ConnectionStatuses"])
        other = client.describe_client_vpn_connections(ClientVpnEndpointId=OTHER_ENDPOINT_ID)["Connections"]
        assert other[0]["Status"] == {"Code": "active"}
        assert status_of(client, conn_id(11))["Status"] == FAILED


def test_by_username_with_no_active_connection_returns_no_statuses():
    with start() as emu:
        response = terminate(make_client(emu), Username="nobody")
    assert response["ConnectionStatuses"] == []
    assert response["Username"] == "nobody"


def test_by_username_over_the_limit_changes_nothing():
    with start() as emu:
        client = make_client(emu)
        error, status = error_of(client, Username="heavy")
        assert (error["Code"], status) == ("ClientVpnTerminateConnectionsLimitExceeded", 400)
        assert "heavy" in error["Message"]
        listed = client.describe_client_vpn_connections(
            ClientVpnEndpointId=ENDPOINT_ID, Filters=[{"Name": "username", "Values": ["heavy"]}]
        )["Connections"]
        assert [item["Status"]["Code"] for item in listed] == ["active"] * 6
        terminate(client, ConnectionId=conn_id(1))
        assert len(terminate(client, Username="heavy")["ConnectionStatuses"]) == 5


@pytest.mark.parametrize("connection_id", [conn_id(99), conn_id(14)])
def test_unknown_connection_id(connection_id):
    with start() as emu:
        error, status = error_of(make_client(emu), ConnectionId=connection_id)
    assert (error["Code"], status) == ("InvalidClientVpnConnection.IdNotFound", 400)
    assert connection_id in error["Message"]


def test_unknown_endpoint():
    with start() as emu:
        client = make_client(emu)
        with pytest.raises(botocore.exceptions.ClientError) as caught:
            client.terminate_client_vpn_connections(
                ClientVpnEndpointId="cvpn-endpoint-99999999999999999", ConnectionId=conn_id(1)
            )
    assert caught.value.response["Error"]["Code"] == "InvalidClientVpnEndpointId.NotFound"


@pytest.mark.parametrize(
    "form, code",
    [
        ({}, "MissingParameter"),
        ({"ConnectionId": conn_id(1), "Username": "heavy"}, "InvalidParameterCombination"),
    ],
)
def test_needs_exactly_one_of_connection_id_and_username(form, code):
    with start() as emu:
        status, body = raw_post(
            emu,
            {
                "Action": "TerminateClientVpnConnections",
                "Version": "2016-11-15",
                "ClientVpnEndpointId": ENDPOINT_ID,
                **form,
            },
        )
        assert status == 400
        assert f"<Code>{code}</Code>" in body
        assert emu.state.connection(conn_id(1))["Status"] == {"Code": "active"}


def test_termination_shows_in_exported_state():
    with start(delay=30) as emu:
        terminate(make_client(emu), ConnectionId=conn_id(2))
        exported = emu.state.to_dict()
    assert exported["pending_terminations"] == {conn_id(2): "2024-05-01 12:00:30"}
    assert next(item for item in exported["connections"] if item["ConnectionId"] == conn_id(2))["Status"] == {
        "Code": "terminating"
    }
