# SPDX-License-Identifier: GPL-3.0-or-later
"""DescribeClientVpnConnections and DescribeClientVpnEndpoints: filters, paging, retention, errors."""

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


def error_of(call, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"], caught.value.response["ResponseMetadata"]["HTTPStatusCode"]


def ids(response):
    return [item["ConnectionId"] for item in response["Connections"]]


@pytest.fixture
def users_emulator():
    records = [
        connection(conn_id(1), "alice"),
        connection(conn_id(2), "Alice"),
        connection(conn_id(3), "bob"),
        connection(conn_id(4), None),
        connection(conn_id(5), "zoë"),
        connection(conn_id(6), "alice", code="terminated", ConnectionEndTime="2024-05-01 11:30:00"),
        connection(conn_id(7), "alice", endpoint_id=OTHER_ENDPOINT_ID),
    ]
    endpoints = [
        generate_endpoint(ENDPOINT_ID, now=NOW),
        generate_endpoint(OTHER_ENDPOINT_ID, now=NOW, transport_protocol="tcp"),
    ]
    with Emulator(state_with(records, endpoints=endpoints), now=NOW) as emu:
        yield emu


def describe(emu, **kwargs):
    return make_client(emu).describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID, **kwargs)


def test_lists_connections_of_the_endpoint_in_state_order(users_emulator):
    response = describe(users_emulator)
    assert ids(response) == [conn_id(number) for number in range(1, 7)]
    assert "NextToken" not in response


def test_timestamp_is_the_emulator_now_and_active_end_time_is_a_dash(users_emulator):
    response = describe(users_emulator)
    assert {item["Timestamp"] for item in response["Connections"]} == {NOW}
    assert response["Connections"][0]["ConnectionEndTime"] == "-"
    assert response["Connections"][5]["ConnectionEndTime"] == "2024-05-01 11:30:00"


def test_certificate_only_connection_has_no_username(users_emulator):
    item = describe(users_emulator)["Connections"][3]
    assert "Username" not in item
    assert item["CommonName"] == f"cn-{conn_id(4)[-4:]}"


@pytest.mark.parametrize(
    "filters, expected",
    [
        ([{"Name": "username", "Values": ["alice"]}], [1, 6]),
        ([{"Name": "username", "Values": ["ALICE"]}], []),
        ([{"Name": "username", "Values": ["alice", "bob"]}], [1, 3, 6]),
        ([{"Name": "username", "Values": ["zoë"]}], [5]),
        ([{"Name": "connection-id", "Values": [conn_id(3), conn_id(4)]}], [3, 4]),
        ([{"Name": "connection-id", "Values": [conn_id(3).upper()]}], []),
        ([{"Name": "connection-id", "Values": [conn_id(7)]}], []),
        (
            [{"Name": "username", "Values": ["alice"]}, {"Name": "connection-id", "Values": [conn_id(1), conn_id(3)]}],
            [1],
        ),
        ([{"Name": "username", "Values": ["alice"]}, {"Name": "username", "Values": ["bob"]}], []),
    ],
)
def test_filters_are_exact_or_within_and_across(users_emulator, filters, expected):
    assert ids(describe(users_emulator, Filters=filters)) == [conn_id(number) for number in expected]


def test_unknown_filter_is_rejected_by_name(users_emulator):
    client = make_client(users_emulator)
    error, status = error_of(
        client.describe_client_vpn_connections,
        ClientVpnEndpointId=ENDPOINT_ID,
        Filters=[{"Name": "status", "Values": ["active"]}],
    )
    assert (error["Code"], status) == ("InvalidParameterValue", 400)
    assert "status" in error["Message"]


def test_filter_without_values_is_rejected(users_emulator):
    client = make_client(users_emulator)
    error, _status = error_of(
        client.describe_client_vpn_connections,
        ClientVpnEndpointId=ENDPOINT_ID,
        Filters=[{"Name": "username", "Values": []}],
    )
    assert error["Code"] == "InvalidParameterValue"


def test_unknown_endpoint_is_not_found(users_emulator):
    client = make_client(users_emulator)
    missing = "cvpn-endpoint-00000000000000000"
    error, status = error_of(client.describe_client_vpn_connections, ClientVpnEndpointId=missing)
    assert (error["Code"], status) == ("InvalidClientVpnEndpointId.NotFound", 400)
    assert missing in error["Message"]


def test_endpoint_id_is_required(users_emulator):
    status, body = raw_post(users_emulator, {"Action": "DescribeClientVpnConnections", "Version": "2016-11-15"})
    assert status == 400
    assert "<Code>MissingParameter</Code>" in body
    assert "ClientVpnEndpointId" in body


@pytest.mark.parametrize("max_results", [4, 1001, 0, -1])
def test_max_results_out_of_bounds(users_emulator, max_results):
    client = make_client(users_emulator, parameter_validation=False)
    error, status = error_of(
        client.describe_client_vpn_connections, ClientVpnEndpointId=ENDPOINT_ID, MaxResults=max_results
    )
    assert (error["Code"], status) == ("InvalidParameterValue", 400)


@pytest.mark.parametrize("max_results", [5, 1000])
def test_max_results_bounds_are_accepted(users_emulator, max_results):
    assert len(describe(users_emulator, MaxResults=max_results)["Connections"]) == min(max_results, 6)


def test_non_numeric_max_results_is_rejected(users_emulator):
    status, body = raw_post(
        users_emulator,
        {
            "Action": "DescribeClientVpnConnections",
            "Version": "2016-11-15",
            "ClientVpnEndpointId": ENDPOINT_ID,
            "MaxResults": "ten",
        },
    )
    assert status == 400
    assert "<Code>InvalidParameterValue</Code>" in body


def test_unknown_parameter_is_rejected(users_emulator):
    status, body = raw_post(
        users_emulator,
        {
            "Action": "DescribeClientVpnConnections",
            "Version": "2016-11-15",
            "ClientVpnEndpointId": ENDPOINT_ID,
            "Colour": "blue",
        },
    )
    assert status == 400
    assert "<Code>UnknownParameter</Code>" in body


def test_default_page_size_applies_without_max_results(emulator, ec2):
    first = ec2.describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID)
    assert len(first["Connections"]) == 50
    assert first["NextToken"]
    emulator.update_settings(default_page_size=7)
    assert len(ec2.describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID)["Connections"]) == 7


def test_paginator_sees_every_connection_once_in_order(emulator, ec2, generated_state):
    paginator = ec2.get_paginator("describe_client_vpn_connections")
    pages = list(paginator.paginate(ClientVpnEndpointId=ENDPOINT_ID, PaginationConfig={"PageSize": 7}))
    listed = [item["ConnectionId"] for page in pages for item in page["Connections"]]
    assert listed == [item["ConnectionId"] for item in generated_state["connections"]]
    assert len(pages) == -(-len(listed) // 7)
    assert all(len(page["Connections"]) == 7 for page in pages[:-1])
    assert "NextToken" not in pages[-1]


def test_paginator_with_filter_has_no_gaps(emulator, ec2, generated_state):
    wanted = sorted({item["Username"] for item in generated_state["connections"] if "Username" in item})[:4]
    paginator = ec2.get_paginator("describe_client_vpn_connections")
    pages = paginator.paginate(
        ClientVpnEndpointId=ENDPOINT_ID,
        Filters=[{"Name": "username", "Values": wanted}],
        PaginationConfig={"PageSize": 5},
    )
    listed = [item["ConnectionId"] for page in pages for item in page["Connections"]]
    expected = [item["ConnectionId"] for item in generated_state["connections"] if item.get("Username") in wanted]
    assert listed == expected
    assert len(expected) > 5


@pytest.mark.parametrize("token", ["garbage", "MTA6MDAwMDAwMDAwMDAwMDAwMA", "", "%%%"])
def test_garbage_next_token_is_rejected(emulator, token):
    status, body = raw_post(
        emulator,
        {
            "Action": "DescribeClientVpnConnections",
            "Version": "2016-11-15",
            "ClientVpnEndpointId": ENDPOINT_ID,
            "NextToken": token,
        },
    )
    if token == "":
        assert status == 200
    else:
        assert status == 400
        assert "<Code>InvalidNextToken</Code>" in body


def test_next_token_of_another_filter_is_rejected(emulator, ec2):
    token = ec2.describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID, MaxResults=5)["NextToken"]
    error, status = error_of(
        ec2.describe_client_vpn_connections,
        ClientVpnEndpointId=ENDPOINT_ID,
        NextToken=token,
        Filters=[{"Name": "username", "Values": ["alice"]}],
    )
    assert (error["Code"], status) == ("InvalidNextToken", 400)


def test_terminated_connections_leave_the_list_after_the_retention_window():
    records = [
        connection(conn_id(1), "a"),
        connection(conn_id(2), "b", code="terminated", ConnectionEndTime="2024-05-01 11:00:00"),
        connection(conn_id(3), "c", code="terminated", ConnectionEndTime="2024-05-01 10:59:59"),
        connection(conn_id(4), "d", code="terminated", ConnectionEndTime="2024-05-01 11:45:00"),
    ]
    with Emulator(state_with(records), now=NOW) as emu:
        assert ids(describe(emu)) == [conn_id(1), conn_id(2), conn_id(4)]
        emu.update_settings(retention_minutes=30)
        assert ids(describe(emu)) == [conn_id(1), conn_id(4)]
        emu.update_settings(retention_minutes=60 * 24)
        assert ids(describe(emu)) == [conn_id(number) for number in range(1, 5)]


def endpoints_call(emu, **kwargs):
    return make_client(emu).describe_client_vpn_endpoints(**kwargs)


def test_describe_endpoints_all_and_by_id(users_emulator):
    every = endpoints_call(users_emulator)["ClientVpnEndpoints"]
    assert [item["ClientVpnEndpointId"] for item in every] == [ENDPOINT_ID, OTHER_ENDPOINT_ID]
    only = endpoints_call(users_emulator, ClientVpnEndpointIds=[OTHER_ENDPOINT_ID])["ClientVpnEndpoints"]
    assert [item["ClientVpnEndpointId"] for item in only] == [OTHER_ENDPOINT_ID]
    assert only[0]["TransportProtocol"] == "tcp"
    assert only[0]["Status"] == {"Code": "available"}
    assert only[0]["VpnProtocol"] == "openvpn"


@pytest.mark.parametrize(
    "filters, expected",
    [
        ([{"Name": "transport-protocol", "Values": ["tcp"]}], [OTHER_ENDPOINT_ID]),
        ([{"Name": "transport-protocol", "Values": ["udp", "tcp"]}], [ENDPOINT_ID, OTHER_ENDPOINT_ID]),
        ([{"Name": "endpoint-id", "Values": [ENDPOINT_ID]}], [ENDPOINT_ID]),
        ([{"Name": "endpoint-id", "Values": [ENDPOINT_ID]}, {"Name": "transport-protocol", "Values": ["tcp"]}], []),
    ],
)
def test_describe_endpoints_filters(users_emulator, filters, expected):
    listed = endpoints_call(users_emulator, Filters=filters)["ClientVpnEndpoints"]
    assert [item["ClientVpnEndpointId"] for item in listed] == expected


def test_describe_endpoints_errors(users_emulator):
    client = make_client(users_emulator, parameter_validation=False)
    error, _status = error_of(client.describe_client_vpn_endpoints, Filters=[{"Name": "vpc-id", "Values": ["x"]}])
    assert error["Code"] == "InvalidParameterValue" and "vpc-id" in error["Message"]
    error, _status = error_of(client.describe_client_vpn_endpoints, MaxResults=3)
    assert error["Code"] == "InvalidParameterValue"
    missing = "cvpn-endpoint-11111111111111111"
    error, _status = error_of(client.describe_client_vpn_endpoints, ClientVpnEndpointIds=[ENDPOINT_ID, missing])
    assert error["Code"] == "InvalidClientVpnEndpointId.NotFound" and missing in error["Message"]
    error, _status = error_of(client.describe_client_vpn_endpoints, NextToken="bogus")
    assert error["Code"] == "InvalidNextToken"


def test_describe_endpoints_pages():
    endpoints = [generate_endpoint(f"cvpn-endpoint-{number:017x}", now=NOW) for number in range(12)]
    with Emulator(state_with([], endpoints=endpoints), now=NOW) as emu:
        paginator = make_client(emu).get_paginator("describe_client_vpn_endpoints")
        pages = list(paginator.paginate(PaginationConfig={"PageSize": 5}))
    assert [len(page["ClientVpnEndpoints"]) for page in pages] == [5, 5, 2]
    listed = [item["ClientVpnEndpointId"] for page in pages for item in page["ClientVpnEndpoints"]]
    assert listed == [item["ClientVpnEndpointId"] for item in endpoints]
