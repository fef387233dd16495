# SPDX-License-Identifier: GPL-3.0-or-later
"""The network keys of the state file, the transition_reads setting and the model-driven request decoder."""

import copy

import pytest
from conftest import ENDPOINT_ID
from conftest import NOW
from conftest import SUBNET_ID
from conftest import admin
from conftest import make_client
from conftest import make_crl
from conftest import network_state
from conftest import raw_post

from cvpn_emulator import DEFAULT_SETTINGS
from cvpn_emulator import Emulator
from cvpn_emulator import EmulatorState
from cvpn_emulator import StateError
from cvpn_emulator.errors import ApiError
from cvpn_emulator.params import decode
from cvpn_emulator.xmlserializer import load_ec2_model


def test_network_keys_round_trip_through_to_dict():
    data = network_state(crls={ENDPOINT_ID: make_crl()})
    exported = EmulatorState(data).to_dict()
    for key in ("vpcs", "subnets", "target_networks", "authorization_rules", "routes", "crls"):
        assert exported[key] == data[key]
    assert exported["settings"]["transition_reads"] == DEFAULT_SETTINGS["transition_reads"] == 1


def test_network_keys_are_optional():
    exported = EmulatorState({}).to_dict()
    assert [exported[key] for key in ("vpcs", "subnets", "target_networks", "authorization_rules", "routes")] == [
        [],
        [],
        [],
        [],
        [],
    ]
    assert exported["crls"] == {}


def _broken(path, value):
    data = network_state()
    target = data
    for step in path[:-1]:
        target = target[step]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


BAD_STATES = [
    (("vpcs",), "nope", "vpcs must be a list"),
    (("vpcs", 0, "VpcId"), "vpc-1", "must look like"),
    (("vpcs", 0, "CidrBlock"), "10.0.0.0", "IPv4 CIDR"),
    (("vpcs", 0, "Name"), "x", "unknown member"),
    (("vpcs", 1, "VpcId"), "vpc-0123456789abcdef0", "duplicate vpc"),
    (("subnets", 0, "VpcId"), "vpc-0000000000000000a", "not among the vpcs"),
    (("subnets", 0, "AvailabilityZone"), KeyError, "AvailabilityZone"),
    (("subnets", 0, "SubnetId"), "subnet-x", "must look like"),
    (("target_networks", 0, "Status"), {"Code": "active"}, "Status.Code"),
    (("target_networks", 0, "TargetNetworkId"), "subnet-0000000000000000a", "not among the subnets"),
    (("target_networks", 0, "ClientVpnEndpointId"), "cvpn-endpoint-0000000000000000a", "not among the endpoints"),
    (("target_networks", 0, "VpcId"), "vpc-0fedcba9876543210", "but its subnet"),
    (("target_networks", 0, "Extra"), 1, "unknown member"),
    (("authorization_rules", 0, "AccessAll"), False, "AccessAll"),
    (("authorization_rules", 0, "DestinationCidr"), "10.0.0.0/99", "IPv4 CIDR"),
    (("authorization_rules", 0, "Status"), {"Code": "associated"}, "Status.Code"),
    (("routes", 0, "TargetSubnet"), KeyError, "TargetSubnet"),
    (("routes", 0, "Status"), {"Code": "available"}, "Status.Code"),
    (("crls",), {ENDPOINT_ID: "junk"}, "crl of endpoint"),
    (("settings",), {"transition_reads": -1}, "transition_reads"),
    (("settings",), {"transition_reads": 1.5}, "whole number"),
]


@pytest.mark.parametrize("path, value, fragment", BAD_STATES)
def test_invalid_network_state_is_refused_whole(path, value, fragment):
    state = EmulatorState(network_state())
    before = state.to_dict()
    with pytest.raises(StateError, match=fragment):
        state.load(_broken(path, value))
    assert state.to_dict() == before


def test_duplicate_associations_rules_and_routes_are_refused():
    for key in ("target_networks", "authorization_rules", "routes"):
        data = network_state()
        data[key].append(copy.deepcopy(data[key][0]))
        with pytest.raises(StateError, match="duplicate"):
            EmulatorState(data)


def test_admin_put_state_takes_the_network_and_answers_400_on_errors(net_emulator):
    status, _body = admin(net_emulator, "PUT", "state", network_state(settings={"transition_reads": 0}))
    assert status == 200 and admin(net_emulator, "GET", "settings")[1]["transition_reads"] == 0
    status, body = admin(net_emulator, "PUT", "state", _broken(("subnets", 0, "VpcId"), "vpc-0000000000000000a"))
    assert status == 400 and "not among the vpcs" in body["error"]
    assert admin(net_emulator, "GET", "state")[1]["subnets"][0]["SubnetId"] == SUBNET_ID


def test_transition_reads_through_settings(net_emulator):
    status, body = admin(net_emulator, "PUT", "settings", {"transition_reads": 3})
    assert status == 200 and body["transition_reads"] == 3
    for bad in (-1, "2", True, 0.5):
        assert admin(net_emulator, "PUT", "settings", {"transition_reads": bad})[0] == 400


def test_loaded_transitional_statuses_move_on_after_transition_reads(no_backoff):
    data = network_state(settings={"transition_reads": 2})
    data["routes"][0]["Status"] = {"Code": "creating"}
    data["authorization_rules"][0]["Status"] = {"Code": "revoking"}
    data["endpoints"][0]["Status"] = {"Code": "pending-associate"}
    with Emulator(data, now=NOW) as emu:
        client = make_client(emu)
        seen = [
            (
                client.describe_client_vpn_routes(ClientVpnEndpointId=ENDPOINT_ID)["Routes"][0]["Status"]["Code"],
                len(
                    client.describe_client_vpn_authorization_rules(ClientVpnEndpointId=ENDPOINT_ID)[
                        "AuthorizationRules"
                    ]
                ),
                client.describe_client_vpn_endpoints(ClientVpnEndpointIds=[ENDPOINT_ID])["ClientVpnEndpoints"][0][
                    "Status"
                ]["Code"],
            )
            for _read in range(3)
        ]
    assert seen == [("creating", 1, "pending-associate")] * 2 + [("active", 0, "available")]


# -- params.decode -----------------------------------------------------------------------------------------------


def _input(name):
    return load_ec2_model().operation_model(name).input_shape


def test_decode_nests_lists_and_structures_by_member_name():
    request = decode(
        _input("CreateClientVpnEndpoint"),
        {
            "Action": "CreateClientVpnEndpoint",
            "Version": "2016-11-15",
            "ClientCidrBlock": "172.16.0.0/22",
            "Authentication.1.Type": "certificate-authentication",
            "Authentication.1.MutualAuthentication.ClientRootCertificateChainArn": "arn",
            "ConnectionLogOptions.Enabled": "false",
            "DnsServers.2": "10.0.0.3",
            "DnsServers.1": "10.0.0.2",
            "VpnPort": "1194",
            "TagSpecification.1.ResourceType": "client-vpn-endpoint",
            "TagSpecification.1.Tag.1.Key": "Name",
            "TagSpecification.1.Tag.1.Value": "x",
        },
    )
    assert request == {
        "ClientCidrBlock": "172.16.0.0/22",
        "AuthenticationOptions": [
            {"Type": "certificate-authentication", "MutualAuthentication": {"ClientRootCertificateChainArn": "arn"}}
        ],
        "ConnectionLogOptions": {"Enabled": False},
        "DnsServers": ["10.0.0.2", "10.0.0.3"],
        "VpnPort": 1194,
        "TagSpecifications": [{"ResourceType": "client-vpn-endpoint", "Tags": [{"Key": "Name", "Value": "x"}]}],
    }


@pytest.mark.parametrize(
    "params, code",
    [
        ({"Bogus": "1"}, "UnknownParameter"),
        ({"ConnectionLogOptions.Bogus": "1"}, "UnknownParameter"),
        ({"VpnPort": "many"}, "InvalidParameterValue"),
        ({"SplitTunnel": "maybe"}, "InvalidParameterValue"),
        ({"DnsServers.x": "10.0.0.2"}, "InvalidParameterValue"),
        ({"DnsServers.0": "10.0.0.2"}, "InvalidParameterValue"),
        ({"ConnectionLogOptions": "x"}, "InvalidParameterValue"),
        ({"VpnPort.1": "443"}, "UnknownParameter"),
    ],
)
def test_decode_rejects_what_the_model_does_not_allow(params, code):
    with pytest.raises(ApiError) as caught:
        decode(_input("CreateClientVpnEndpoint"), params)
    assert caught.value.code == code and caught.value.status == 400


def test_raw_request_with_an_unknown_nested_parameter(net_emulator):
    status, body = raw_post(
        net_emulator,
        {
            "Action": "ModifyClientVpnEndpoint",
            "Version": "2016-11-15",
            "ClientVpnEndpointId": ENDPOINT_ID,
            "DnsServers.Bogus": "1",
        },
    )
    assert status == 400 and "<Code>UnknownParameter</Code>" in body and "DnsServers.Bogus" in body
