# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorization rules and routes: add, remove, describe, statuses, errors, DryRun and paging."""

import pytest
from conftest import ENDPOINT_ID
from conftest import OTHER_ENDPOINT_ID
from conftest import OTHER_SUBNET_ID
from conftest import SUBNET_ID
from conftest import error_of
from conftest import make_client
from conftest import network_state

from cvpn_emulator import Emulator

MISSING_ENDPOINT = "cvpn-endpoint-00000000000000000"


def rules(client, endpoint_id=ENDPOINT_ID, **kwargs):
    return [
        (item["DestinationCidr"], item.get("GroupId"), item["AccessAll"], item["Status"]["Code"])
        for item in client.describe_client_vpn_authorization_rules(ClientVpnEndpointId=endpoint_id, **kwargs)[
            "AuthorizationRules"
        ]
    ]


def routes(client, endpoint_id=ENDPOINT_ID, **kwargs):
    return [
        (item["DestinationCidr"], item["TargetSubnet"], item["Origin"], item["Status"]["Code"])
        for item in client.describe_client_vpn_routes(ClientVpnEndpointId=endpoint_id, **kwargs)["Routes"]
    ]


# -- authorization rules ---------------------------------------------------------------------------------------


def test_rules_of_the_state_are_described_in_the_model_shape(net_ec2):
    described = net_ec2.describe_client_vpn_authorization_rules(ClientVpnEndpointId=ENDPOINT_ID)
    assert described["AuthorizationRules"] == [
        {
            "ClientVpnEndpointId": ENDPOINT_ID,
            "DestinationCidr": "10.0.0.0/16",
            "AccessAll": True,
            "Status": {"Code": "active"},
        }
    ]


@pytest.mark.parametrize("reads", [0, 1, 2])
def test_authorize_then_revoke_a_group_rule(net_ec2, net_emulator, reads):
    net_emulator.update_settings(transition_reads=reads)
    assert net_ec2.authorize_client_vpn_ingress(
        ClientVpnEndpointId=ENDPOINT_ID,
        TargetNetworkCidr="10.0.0.0/16",
        AccessGroupId="S-1-5-21-1",
        Description="admins",
    )["Status"] == {"Code": "authorizing"}
    seen = [rules(net_ec2)[1][3] for _read in range(reads + 1)]
    assert seen == ["authorizing"] * reads + ["active"]
    assert rules(net_ec2)[1] == ("10.0.0.0/16", "S-1-5-21-1", False, "active")
    assert net_ec2.revoke_client_vpn_ingress(
        ClientVpnEndpointId=ENDPOINT_ID, TargetNetworkCidr="10.0.0.0/16", AccessGroupId="S-1-5-21-1"
    )["Status"] == {"Code": "revoking"}
    seen = [len(rules(net_ec2)) for _read in range(reads + 1)]
    assert seen == [2] * reads + [1]


def test_revoke_all_groups_leaves_group_rules_alone(net_ec2, net_emulator):
    net_emulator.update_settings(transition_reads=0)
    net_ec2.authorize_client_vpn_ingress(
        ClientVpnEndpointId=ENDPOINT_ID, TargetNetworkCidr="10.0.0.0/16", AccessGroupId="g1"
    )
    net_ec2.revoke_client_vpn_ingress(
        ClientVpnEndpointId=ENDPOINT_ID, TargetNetworkCidr="10.0.0.0/16", RevokeAllGroups=True
    )
    assert rules(net_ec2) == [("10.0.0.0/16", "g1", False, "active")]


def test_rule_filters(net_ec2):
    net_ec2.authorize_client_vpn_ingress(
        ClientVpnEndpointId=ENDPOINT_ID, TargetNetworkCidr="10.1.0.0/16", AccessGroupId="g1", Description="lab"
    )
    assert rules(net_ec2, Filters=[{"Name": "group-id", "Values": ["g1"]}]) == [
        ("10.1.0.0/16", "g1", False, "authorizing")
    ]
    assert len(rules(net_ec2, Filters=[{"Name": "destination-cidr", "Values": ["10.0.0.0/16", "10.1.0.0/16"]}])) == 2
    assert len(rules(net_ec2, Filters=[{"Name": "description", "Values": ["lab"]}])) == 1
    assert (
        error_of(
            net_ec2.describe_client_vpn_authorization_rules,
            ClientVpnEndpointId=ENDPOINT_ID,
            Filters=[{"Name": "cidr", "Values": ["x"]}],
        )[0]
        == "InvalidParameterValue"
    )


AUTHORIZE_ERRORS = [
    ({"TargetNetworkCidr": "10.0.0.0/16", "AuthorizeAllGroups": True}, "InvalidClientVpnDuplicateAuthorizationRule"),
    ({"TargetNetworkCidr": "10.0.0.0/33", "AuthorizeAllGroups": True}, "InvalidParameterValue"),
    ({"TargetNetworkCidr": "10.0.0.1/16", "AuthorizeAllGroups": True}, "InvalidParameterValue"),
    ({"TargetNetworkCidr": "10.0.0.0/16"}, "MissingParameter"),
    (
        {"TargetNetworkCidr": "10.0.0.0/16", "AccessGroupId": "g1", "AuthorizeAllGroups": True},
        "InvalidParameterCombination",
    ),
]


@pytest.mark.parametrize("kwargs, code", AUTHORIZE_ERRORS)
@pytest.mark.parametrize("dry_run", [False, True])
def test_authorize_errors_win_over_dry_run(net_ec2, kwargs, code, dry_run):
    assert (
        error_of(net_ec2.authorize_client_vpn_ingress, ClientVpnEndpointId=ENDPOINT_ID, DryRun=dry_run, **kwargs)[0]
        == code
    )
    assert rules(net_ec2) == [("10.0.0.0/16", None, True, "active")]


REVOKE_ERRORS = [
    ({"TargetNetworkCidr": "10.0.0.0/16", "AccessGroupId": "g1"}, "InvalidClientVpnEndpointAuthorizationRuleNotFound"),
    (
        {"TargetNetworkCidr": "10.9.0.0/16", "RevokeAllGroups": True},
        "InvalidClientVpnEndpointAuthorizationRuleNotFound",
    ),
    ({"TargetNetworkCidr": "nonsense", "RevokeAllGroups": True}, "InvalidParameterValue"),
    ({"TargetNetworkCidr": "10.0.0.0/16"}, "MissingParameter"),
]


@pytest.mark.parametrize("kwargs, code", REVOKE_ERRORS)
@pytest.mark.parametrize("dry_run", [False, True])
def test_revoke_errors_win_over_dry_run(net_ec2, kwargs, code, dry_run):
    assert (
        error_of(net_ec2.revoke_client_vpn_ingress, ClientVpnEndpointId=ENDPOINT_ID, DryRun=dry_run, **kwargs)[0]
        == code
    )
    assert rules(net_ec2) == [("10.0.0.0/16", None, True, "active")]


def test_rule_dry_runs_and_missing_endpoint(net_ec2):
    calls = (
        (net_ec2.authorize_client_vpn_ingress, {"TargetNetworkCidr": "10.1.0.0/16", "AuthorizeAllGroups": True}),
        (net_ec2.revoke_client_vpn_ingress, {"TargetNetworkCidr": "10.0.0.0/16", "RevokeAllGroups": True}),
        (net_ec2.describe_client_vpn_authorization_rules, {}),
    )
    for call, kwargs in calls:
        assert error_of(call, ClientVpnEndpointId=ENDPOINT_ID, DryRun=True, **kwargs)[0] == "DryRunOperation"
        assert error_of(call, ClientVpnEndpointId=MISSING_ENDPOINT, **kwargs)[0] == (
            "InvalidClientVpnEndpointId.NotFound"
        )
    assert rules(net_ec2) == [("10.0.0.0/16", None, True, "active")]


def test_authorize_with_a_client_token_is_idempotent(net_ec2, net_emulator):
    for _read in range(2):
        answer = net_ec2.authorize_client_vpn_ingress(
            ClientVpnEndpointId=ENDPOINT_ID,
            TargetNetworkCidr="10.1.0.0/16",
            AuthorizeAllGroups=True,
            ClientToken="rule-1",
        )
        assert answer["Status"] == {"Code": "authorizing"}
    assert len(net_emulator.state.authorization_rules) == 2


# -- routes ----------------------------------------------------------------------------------------------------


def test_routes_of_the_state_are_described_in_the_model_shape(net_ec2):
    assert net_ec2.describe_client_vpn_routes(ClientVpnEndpointId=ENDPOINT_ID)["Routes"] == [
        {
            "ClientVpnEndpointId": ENDPOINT_ID,
            "DestinationCidr": "10.0.0.0/16",
            "TargetSubnet": SUBNET_ID,
            "Type": "Nat",
            "Origin": "associate",
            "Status": {"Code": "active"},
            "Description": "Default Route",
        }
    ]


@pytest.mark.parametrize("reads", [0, 1, 2])
def test_create_then_delete_a_route(net_ec2, net_emulator, reads):
    net_emulator.update_settings(transition_reads=reads)
    assert net_ec2.create_client_vpn_route(
        ClientVpnEndpointId=ENDPOINT_ID,
        DestinationCidrBlock="0.0.0.0/0",
        TargetVpcSubnetId=SUBNET_ID,
        Description="internet",
    )["Status"] == {"Code": "creating"}
    assert [routes(net_ec2)[1][3] for _read in range(reads + 1)] == ["creating"] * reads + ["active"]
    assert routes(net_ec2)[1] == ("0.0.0.0/0", SUBNET_ID, "add-route", "active")
    assert net_ec2.delete_client_vpn_route(
        ClientVpnEndpointId=ENDPOINT_ID, DestinationCidrBlock="0.0.0.0/0", TargetVpcSubnetId=SUBNET_ID
    )["Status"] == {"Code": "deleting"}
    assert [len(routes(net_ec2)) for _read in range(reads + 1)] == [2] * reads + [1]


def test_route_filters(net_ec2):
    net_ec2.create_client_vpn_route(
        ClientVpnEndpointId=ENDPOINT_ID, DestinationCidrBlock="0.0.0.0/0", TargetVpcSubnetId=SUBNET_ID
    )
    assert [item[0] for item in routes(net_ec2, Filters=[{"Name": "origin", "Values": ["add-route"]}])] == ["0.0.0.0/0"]
    assert len(routes(net_ec2, Filters=[{"Name": "target-subnet", "Values": [SUBNET_ID]}])) == 2
    assert len(routes(net_ec2, Filters=[{"Name": "destination-cidr", "Values": ["10.0.0.0/16"]}])) == 1
    assert (
        error_of(
            net_ec2.describe_client_vpn_routes,
            ClientVpnEndpointId=ENDPOINT_ID,
            Filters=[{"Name": "type", "Values": ["Nat"]}],
        )[0]
        == "InvalidParameterValue"
    )


CREATE_ROUTE_ERRORS = [
    ({"DestinationCidrBlock": "10.0.0.0/16", "TargetVpcSubnetId": SUBNET_ID}, "InvalidClientVpnDuplicateRoute"),
    (
        {"DestinationCidrBlock": "0.0.0.0/0", "TargetVpcSubnetId": OTHER_SUBNET_ID},
        "InvalidClientVpnActiveAssociationNotFound",
    ),
    ({"DestinationCidrBlock": "0.0.0.0/33", "TargetVpcSubnetId": SUBNET_ID}, "InvalidParameterValue"),
    ({"DestinationCidrBlock": "0.0.0.0/0"}, "MissingParameter"),
]


@pytest.mark.parametrize("kwargs, code", CREATE_ROUTE_ERRORS)
@pytest.mark.parametrize("dry_run", [False, True])
def test_create_route_errors_win_over_dry_run(net_ec2, kwargs, code, dry_run):
    assert (
        error_of(net_ec2.create_client_vpn_route, ClientVpnEndpointId=ENDPOINT_ID, DryRun=dry_run, **kwargs)[0] == code
    )
    assert len(routes(net_ec2)) == 1


DELETE_ROUTE_ERRORS = [
    ({"DestinationCidrBlock": "172.31.0.0/16"}, "InvalidClientVpnRouteNotFound"),
    ({"DestinationCidrBlock": "10.0.0.0/16", "TargetVpcSubnetId": OTHER_SUBNET_ID}, "InvalidClientVpnRouteNotFound"),
    ({"DestinationCidrBlock": "10.0.0.0/16"}, "InvalidParameterValue"),
    ({"DestinationCidrBlock": "bad"}, "InvalidParameterValue"),
]


@pytest.mark.parametrize("kwargs, code", DELETE_ROUTE_ERRORS)
@pytest.mark.parametrize("dry_run", [False, True])
def test_delete_route_errors_win_over_dry_run(net_ec2, kwargs, code, dry_run):
    assert (
        error_of(net_ec2.delete_client_vpn_route, ClientVpnEndpointId=ENDPOINT_ID, DryRun=dry_run, **kwargs)[0] == code
    )
    assert routes(net_ec2) == [("10.0.0.0/16", SUBNET_ID, "associate", "active")]


def test_route_dry_runs_and_missing_endpoint(net_ec2, net_emulator):
    net_ec2.create_client_vpn_route(
        ClientVpnEndpointId=ENDPOINT_ID, DestinationCidrBlock="0.0.0.0/0", TargetVpcSubnetId=SUBNET_ID
    )
    before = net_emulator.state.to_dict()["routes"]
    calls = (
        (net_ec2.create_client_vpn_route, {"DestinationCidrBlock": "1.0.0.0/8", "TargetVpcSubnetId": SUBNET_ID}),
        (net_ec2.delete_client_vpn_route, {"DestinationCidrBlock": "0.0.0.0/0"}),
        (net_ec2.describe_client_vpn_routes, {}),
    )
    for call, kwargs in calls:
        assert error_of(call, ClientVpnEndpointId=ENDPOINT_ID, DryRun=True, **kwargs)[0] == "DryRunOperation"
        assert error_of(call, ClientVpnEndpointId=MISSING_ENDPOINT, **kwargs)[0] == (
            "InvalidClientVpnEndpointId.NotFound"
        )
    assert net_emulator.state.to_dict()["routes"] == before
    assert before[1]["Status"] == {"Code": "creating"}


def _many_rules_and_routes(count):
    state = network_state()
    state["authorization_rules"] += [
        {
            "ClientVpnEndpointId": OTHER_ENDPOINT_ID,
            "DestinationCidr": f"10.{number}.0.0/16",
            "AccessAll": True,
            "Status": {"Code": "authorizing"},
        }
        for number in range(count)
    ]
    state["routes"] += [
        {
            "ClientVpnEndpointId": OTHER_ENDPOINT_ID,
            "DestinationCidr": f"10.{number}.0.0/16",
            "TargetSubnet": SUBNET_ID,
            "Type": "Nat",
            "Origin": "add-route",
            "Status": {"Code": "creating"},
        }
        for number in range(count)
    ]
    return state


@pytest.mark.parametrize(
    "method, key, code",
    [
        ("describe_client_vpn_authorization_rules", "AuthorizationRules", "authorizing"),
        ("describe_client_vpn_routes", "Routes", "creating"),
    ],
)
def test_paging_reads_everything_once_and_counts_as_one_read(method, key, code):
    with Emulator(_many_rules_and_routes(11), transition_reads=1) as emu:
        client = make_client(emu)
        pages = list(
            client.get_paginator(method).paginate(
                ClientVpnEndpointId=OTHER_ENDPOINT_ID, PaginationConfig={"PageSize": 5}
            )
        )
        assert [len(page[key]) for page in pages] == [5, 5, 1]
        listed = [item for page in pages for item in page[key]]
        assert len({item["DestinationCidr"] for item in listed}) == 11
        assert {item["Status"]["Code"] for item in listed} == {code}
        again = getattr(client, method)(ClientVpnEndpointId=OTHER_ENDPOINT_ID, MaxResults=20)[key]
        assert {item["Status"]["Code"] for item in again} == {"active"}
