# SPDX-License-Identifier: GPL-3.0-or-later
"""Every member of the response shapes survives emulator state -> XML -> botocore, compared value for value."""

import botocore.parsers
import pytest
from conftest import ENDPOINT_ID
from conftest import NOW
from conftest import OTHER_SUBNET_ID
from conftest import VPC_ID
from conftest import conn_id
from conftest import make_client
from conftest import network_state
from conftest import state_with

from cvpn_emulator import Emulator
from cvpn_emulator import XmlSerializer
from cvpn_emulator.catalog import OPERATIONS as CATALOG
from cvpn_emulator.xmlserializer import load_ec2_model

TRICKY_TEXT = " <tag> & \"quotes\" 'ü' 李雷 zoë\n\tline2\r\n "
OPERATIONS = sorted(name for name in CATALOG if load_ec2_model().operation_model(name).output_shape is not None)


def sample(shape, path):
    """A value for every member of ``shape``, distinct per path, including text that needs escaping."""
    kind = shape.type_name
    if kind == "structure":
        return {name: sample(member, f"{path}.{name}") for name, member in shape.members.items()}
    if kind == "list":
        return [sample(shape.member, f"{path}[{index}]") for index in range(2)]
    if kind == "string":
        return shape.enum[-1] if shape.enum else f"{path}{TRICKY_TEXT}"
    if kind in ("integer", "long"):
        return len(path) * 7
    if kind == "boolean":
        return len(path) % 2 == 0
    raise AssertionError(f"no sample for {kind} at {path}")


def member_paths(shape, prefix=""):
    """Dotted paths of all members reachable from ``shape`` (lists contribute their member's paths)."""
    paths = set()
    if shape.type_name == "list":
        return member_paths(shape.member, prefix)
    if shape.type_name != "structure":
        return paths
    for name, member in shape.members.items():
        path = f"{prefix}{name}"
        paths.add(path)
        paths |= member_paths(member, f"{path}.")
    return paths


def value_paths(value, prefix=""):
    paths = set()
    if isinstance(value, list):
        for item in value:
            paths |= value_paths(item, prefix)
    elif isinstance(value, dict):
        for name, item in value.items():
            paths.add(f"{prefix}{name}")
            paths |= value_paths(item, f"{prefix}{name}.")
    return paths


def full_connection(model, number=1):
    record = sample(model.shape_for("ClientVpnConnection"), "conn")
    record.update(
        ClientVpnEndpointId=ENDPOINT_ID,
        ConnectionId=conn_id(number),
        Timestamp=NOW,
        Status={"Code": "failed-to-terminate", "Message": f"failed{TRICKY_TEXT}"},
    )
    return record


def full_endpoint(model):
    record = sample(model.shape_for("ClientVpnEndpoint"), "endpoint")
    record["ClientVpnEndpointId"] = ENDPOINT_ID
    return record


@pytest.mark.parametrize("operation_name", OPERATIONS)
def test_serializer_renders_every_output_member_for_botocore(operation_name):
    model = load_ec2_model()
    output_shape = model.operation_model(operation_name).output_shape
    data = sample(output_shape, "out")
    xml = XmlSerializer(model).response(operation_name, data, "req-1")
    parsed = botocore.parsers.create_parser("ec2").parse(
        {"body": xml.encode("utf-8"), "headers": {}, "status_code": 200}, output_shape
    )
    assert parsed.pop("ResponseMetadata")["RequestId"] == "req-1"
    assert parsed == data
    assert value_paths(parsed) == member_paths(output_shape)


def test_every_connection_member_round_trips_through_boto3():
    model = load_ec2_model()
    record = full_connection(model)
    assert set(record) == set(model.shape_for("ClientVpnConnection").members)
    with Emulator(state_with([record]), now=NOW) as emu:
        response = make_client(emu).describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID)
    assert response["Connections"] == [record]
    assert value_paths(response["Connections"]) == member_paths(model.shape_for("ClientVpnConnection"))


def test_every_endpoint_member_round_trips_through_boto3():
    model = load_ec2_model()
    record = full_endpoint(model)
    with Emulator(state_with([], endpoints=[record]), now=NOW) as emu:
        response = make_client(emu).describe_client_vpn_endpoints()
    assert response["ClientVpnEndpoints"] == [record]
    assert value_paths(response["ClientVpnEndpoints"]) == member_paths(model.shape_for("ClientVpnEndpoint"))


def test_every_terminate_status_member_round_trips_through_boto3():
    model = load_ec2_model()
    failing = full_connection(model, 1)
    finished = dict(
        full_connection(model, 2),
        Status={"Code": "terminated", "Message": "gone"},
        ConnectionEndTime="2024-05-01 11:59:00",
    )
    with Emulator(state_with([failing, finished]), now=NOW, terminate_delay_seconds=0) as emu:
        client = make_client(emu)
        first = client.terminate_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID, ConnectionId=conn_id(1))
        second = client.terminate_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID, ConnectionId=conn_id(2))
    assert first["ConnectionStatuses"] == [
        {
            "ConnectionId": conn_id(1),
            "PreviousStatus": failing["Status"],
            "CurrentStatus": {"Code": "terminating"},
        }
    ]
    assert second["ConnectionStatuses"] == [
        {
            "ConnectionId": conn_id(2),
            "PreviousStatus": {"Code": "terminated", "Message": "gone"},
            "CurrentStatus": {"Code": "terminated", "Message": "gone"},
        }
    ]
    seen = value_paths(first["ConnectionStatuses"]) | value_paths(second["ConnectionStatuses"])
    assert seen == member_paths(model.shape_for("TerminateConnectionStatus"))


def test_the_catalog_answers_every_client_vpn_operation_it_promises():
    assert len(CATALOG) == 20 and set(CATALOG) - set(OPERATIONS) == {"CreateTags", "DeleteTags"}


@pytest.mark.parametrize(
    "shape_name, state_key",
    [
        ("TargetNetwork", "target_networks"),
        ("AuthorizationRule", "authorization_rules"),
        ("ClientVpnRoute", "routes"),
    ],
)
def test_network_records_serve_every_member_through_boto3(shape_name, state_key):
    model = load_ec2_model()
    record = sample(model.shape_for(shape_name), shape_name)
    state = network_state()
    record.update(ClientVpnEndpointId=ENDPOINT_ID, Status=dict(state[state_key][0]["Status"], Message="fine"))
    if shape_name == "TargetNetwork":
        record.update(AssociationId="cvpn-assoc-0123456789abcdef9", TargetNetworkId=OTHER_SUBNET_ID, VpcId=VPC_ID)
    else:
        record["DestinationCidr"] = "172.16.0.0/16"
    if shape_name == "AuthorizationRule":
        record["AccessAll"] = False
    state[state_key].append(record)
    method = {
        "TargetNetwork": ("describe_client_vpn_target_networks", "ClientVpnTargetNetworks"),
        "AuthorizationRule": ("describe_client_vpn_authorization_rules", "AuthorizationRules"),
        "ClientVpnRoute": ("describe_client_vpn_routes", "Routes"),
    }[shape_name]
    with Emulator(state, now=NOW) as emu:
        listed = getattr(make_client(emu), method[0])(ClientVpnEndpointId=ENDPOINT_ID)[method[1]]
    assert listed[-1] == record
    assert value_paths([record]) == member_paths(model.shape_for(shape_name))
