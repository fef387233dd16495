# SPDX-License-Identifier: GPL-3.0-or-later
"""Target networks: associate, disassociate, describe; the VPC route, the endpoint's VPC and status."""

import pytest
from conftest import ASSOCIATION_ID
from conftest import CERTIFICATE_ARN
from conftest import ENDPOINT_ID
from conftest import OTHER_ENDPOINT_ID
from conftest import OTHER_SUBNET_ID
from conftest import SECURITY_GROUP_ID
from conftest import SUBNET_ID
from conftest import THIRD_SUBNET_ID
from conftest import VPC_ID
from conftest import admin
from conftest import error_of
from conftest import make_client
from conftest import network_state
from conftest import raw_post

from cvpn_emulator import Emulator

MISSING_ENDPOINT = "cvpn-endpoint-00000000000000000"
FOREIGN_SUBNET = "subnet-0fedcba9876543210"


def networks(client, endpoint_id=ENDPOINT_ID, **kwargs):
    return client.describe_client_vpn_target_networks(ClientVpnEndpointId=endpoint_id, **kwargs)[
        "ClientVpnTargetNetworks"
    ]


def codes(client, endpoint_id=ENDPOINT_ID, **kwargs):
    return {item["TargetNetworkId"]: item["Status"]["Code"] for item in networks(client, endpoint_id, **kwargs)}


def routes(client, endpoint_id=ENDPOINT_ID):
    return [
        (item["DestinationCidr"], item["TargetSubnet"], item["Origin"], item["Status"]["Code"])
        for item in client.describe_client_vpn_routes(ClientVpnEndpointId=endpoint_id)["Routes"]
    ]


def endpoint_status(client, endpoint_id):
    found = client.describe_client_vpn_endpoints(ClientVpnEndpointIds=[endpoint_id])["ClientVpnEndpoints"]
    return found[0]["Status"]["Code"]


def test_describe_lists_the_association_as_the_model_shapes_it(net_ec2):
    assert networks(net_ec2) == [
        {
            "AssociationId": ASSOCIATION_ID,
            "VpcId": VPC_ID,
            "TargetNetworkId": SUBNET_ID,
            "ClientVpnEndpointId": ENDPOINT_ID,
            "Status": {"Code": "associated"},
            "SecurityGroups": [SECURITY_GROUP_ID],
        }
    ]
    assert networks(net_ec2, OTHER_ENDPOINT_ID) == []


@pytest.mark.parametrize("reads", [0, 1, 3])
def test_associate_is_associating_for_transition_reads_reads(net_ec2, net_emulator, reads):
    net_emulator.update_settings(transition_reads=reads)
    answer = net_ec2.associate_client_vpn_target_network(ClientVpnEndpointId=ENDPOINT_ID, SubnetId=OTHER_SUBNET_ID)
    assert answer["AssociationId"].startswith("cvpn-assoc-") and answer["Status"] == {"Code": "associating"}
    seen = [codes(net_ec2)[OTHER_SUBNET_ID] for _read in range(reads + 2)]
    assert seen == ["associating"] * reads + ["associated", "associated"]


def test_associate_adds_the_vpc_route_and_disassociate_takes_it_away(net_ec2, net_emulator):
    answer = net_ec2.associate_client_vpn_target_network(ClientVpnEndpointId=ENDPOINT_ID, SubnetId=OTHER_SUBNET_ID)
    assert ("10.0.0.0/16", OTHER_SUBNET_ID, "associate", "creating") in routes(net_ec2)
    assert ("10.0.0.0/16", OTHER_SUBNET_ID, "associate", "active") in routes(net_ec2)
    assert net_ec2.disassociate_client_vpn_target_network(
        ClientVpnEndpointId=ENDPOINT_ID, AssociationId=answer["AssociationId"]
    )["Status"] == {"Code": "disassociating"}
    assert ("10.0.0.0/16", OTHER_SUBNET_ID, "associate", "deleting") in routes(net_ec2)
    assert routes(net_ec2) == [("10.0.0.0/16", SUBNET_ID, "associate", "active")]
    assert [codes(net_ec2).get(OTHER_SUBNET_ID) for _read in range(3)] == ["disassociating", "disassociated", None]
    assert [item["AssociationId"] for item in net_emulator.state.target_networks] == [ASSOCIATION_ID]


def test_the_first_association_gives_the_endpoint_its_vpc_and_makes_it_available(net_emulator):
    client = make_client(net_emulator)
    created = client.create_client_vpn_endpoint(
        ClientCidrBlock="172.16.0.0/22",
        ServerCertificateArn=CERTIFICATE_ARN,
        ConnectionLogOptions={"Enabled": False},
        AuthenticationOptions=[
            {
                "Type": "certificate-authentication",
                "MutualAuthentication": {"ClientRootCertificateChainArn": CERTIFICATE_ARN},
            }
        ],
    )
    endpoint_id = created["ClientVpnEndpointId"]
    assert [endpoint_status(client, endpoint_id) for _read in range(2)] == ["pending-associate"] * 2
    answer = client.associate_client_vpn_target_network(ClientVpnEndpointId=endpoint_id, SubnetId=SUBNET_ID)
    record = client.describe_client_vpn_endpoints(ClientVpnEndpointIds=[endpoint_id])["ClientVpnEndpoints"][0]
    assert (record["VpcId"], record["SecurityGroupIds"]) == (VPC_ID, [SECURITY_GROUP_ID])
    assert record["Status"] == {"Code": "pending-associate"}
    assert endpoint_status(client, endpoint_id) == "available"
    client.disassociate_client_vpn_target_network(
        ClientVpnEndpointId=endpoint_id, AssociationId=answer["AssociationId"]
    )
    assert endpoint_status(client, endpoint_id) == "pending-associate"
    assert [item["VpcId"] for item in networks(client, endpoint_id)] == [VPC_ID]


ASSOCIATE_ERRORS = [
    (ENDPOINT_ID, SUBNET_ID, "InvalidClientVpnDuplicateAssociationException"),
    (ENDPOINT_ID, THIRD_SUBNET_ID, "InvalidClientVpnSubnetId.DuplicateAz"),
    (ENDPOINT_ID, FOREIGN_SUBNET, "InvalidParameterValue"),
    (ENDPOINT_ID, "subnet-00000000000000000", "InvalidSubnetID.NotFound"),
    (MISSING_ENDPOINT, OTHER_SUBNET_ID, "InvalidClientVpnEndpointId.NotFound"),
]


@pytest.mark.parametrize("endpoint_id, subnet_id, code", ASSOCIATE_ERRORS)
@pytest.mark.parametrize("dry_run", [False, True])
def test_associate_errors_win_over_dry_run(net_ec2, net_emulator, endpoint_id, subnet_id, code, dry_run):
    before = net_emulator.state.to_dict()
    assert error_of(
        net_ec2.associate_client_vpn_target_network, ClientVpnEndpointId=endpoint_id, SubnetId=subnet_id, DryRun=dry_run
    )[::2] == (code, 400)
    assert net_emulator.state.to_dict() == before


def test_associate_dry_run_and_missing_subnet(net_ec2, net_emulator):
    assert (
        error_of(
            net_ec2.associate_client_vpn_target_network,
            ClientVpnEndpointId=ENDPOINT_ID,
            SubnetId=OTHER_SUBNET_ID,
            DryRun=True,
        )[0]
        == "DryRunOperation"
    )
    assert len(net_emulator.state.target_networks) == 1
    assert error_of(net_ec2.associate_client_vpn_target_network, ClientVpnEndpointId=ENDPOINT_ID)[0] == (
        "MissingParameter"
    )


def test_associate_with_a_client_token_is_idempotent(net_ec2, net_emulator):
    first = net_ec2.associate_client_vpn_target_network(
        ClientVpnEndpointId=ENDPOINT_ID, SubnetId=OTHER_SUBNET_ID, ClientToken="assoc-1"
    )
    again = net_ec2.associate_client_vpn_target_network(
        ClientVpnEndpointId=ENDPOINT_ID, SubnetId=OTHER_SUBNET_ID, ClientToken="assoc-1"
    )
    assert again["AssociationId"] == first["AssociationId"] and len(net_emulator.state.target_networks) == 2


def test_an_association_in_another_availability_zone_is_allowed_after_disassociation(net_ec2, net_emulator):
    net_emulator.update_settings(transition_reads=0)
    net_ec2.disassociate_client_vpn_target_network(ClientVpnEndpointId=ENDPOINT_ID, AssociationId=ASSOCIATION_ID)
    answer = net_ec2.associate_client_vpn_target_network(ClientVpnEndpointId=ENDPOINT_ID, SubnetId=THIRD_SUBNET_ID)
    assert answer["Status"] == {"Code": "associating"}


@pytest.mark.parametrize(
    "association_id, code",
    [
        ("cvpn-assoc-00000000000000000", "InvalidClientVpnAssociationIdNotFound"),
        (ASSOCIATION_ID, "DryRunOperation"),
    ],
)
def test_disassociate_dry_run(net_ec2, net_emulator, association_id, code):
    assert (
        error_of(
            net_ec2.disassociate_client_vpn_target_network,
            ClientVpnEndpointId=ENDPOINT_ID,
            AssociationId=association_id,
            DryRun=True,
        )[0]
        == code
    )
    assert codes(net_ec2) == {SUBNET_ID: "associated"}


def test_disassociate_errors(net_ec2):
    assert error_of(
        net_ec2.disassociate_client_vpn_target_network,
        ClientVpnEndpointId=ENDPOINT_ID,
        AssociationId="cvpn-assoc-00000000000000000",
    )[::2] == ("InvalidClientVpnAssociationIdNotFound", 400)
    assert (
        error_of(
            net_ec2.disassociate_client_vpn_target_network,
            ClientVpnEndpointId=OTHER_ENDPOINT_ID,
            AssociationId=ASSOCIATION_ID,
        )[0]
        == "InvalidClientVpnAssociationIdNotFound"
    )
    assert (
        error_of(
            net_ec2.disassociate_client_vpn_target_network,
            ClientVpnEndpointId=MISSING_ENDPOINT,
            AssociationId=ASSOCIATION_ID,
        )[0]
        == "InvalidClientVpnEndpointId.NotFound"
    )
    net_ec2.disassociate_client_vpn_target_network(ClientVpnEndpointId=ENDPOINT_ID, AssociationId=ASSOCIATION_ID)
    assert (
        error_of(
            net_ec2.disassociate_client_vpn_target_network,
            ClientVpnEndpointId=ENDPOINT_ID,
            AssociationId=ASSOCIATION_ID,
        )[0]
        == "IncorrectState"
    )


def test_the_last_disassociation_makes_the_endpoint_pending_associate(net_ec2):
    net_ec2.disassociate_client_vpn_target_network(ClientVpnEndpointId=ENDPOINT_ID, AssociationId=ASSOCIATION_ID)
    assert endpoint_status(net_ec2, ENDPOINT_ID) == "pending-associate"


def test_describe_by_association_id_and_filters(net_ec2):
    second = net_ec2.associate_client_vpn_target_network(ClientVpnEndpointId=ENDPOINT_ID, SubnetId=OTHER_SUBNET_ID)[
        "AssociationId"
    ]
    assert list(codes(net_ec2, AssociationIds=[second])) == [OTHER_SUBNET_ID]
    assert list(codes(net_ec2, AssociationIds=["cvpn-assoc-00000000000000000"])) == []
    assert list(codes(net_ec2, Filters=[{"Name": "target-network-id", "Values": [SUBNET_ID]}])) == [SUBNET_ID]
    assert len(networks(net_ec2, Filters=[{"Name": "vpc-id", "Values": [VPC_ID]}])) == 2
    assert list(codes(net_ec2, Filters=[{"Name": "association-id", "Values": [second]}])) == [OTHER_SUBNET_ID]
    assert (
        error_of(
            net_ec2.describe_client_vpn_target_networks,
            ClientVpnEndpointId=ENDPOINT_ID,
            Filters=[{"Name": "subnet-id", "Values": [SUBNET_ID]}],
        )[0]
        == "InvalidParameterValue"
    )


def test_describe_errors_and_dry_run(net_ec2, net_emulator):
    assert (
        error_of(net_ec2.describe_client_vpn_target_networks, ClientVpnEndpointId=MISSING_ENDPOINT, DryRun=True)[0]
        == "InvalidClientVpnEndpointId.NotFound"
    )
    assert (
        error_of(net_ec2.describe_client_vpn_target_networks, ClientVpnEndpointId=ENDPOINT_ID, DryRun=True)[0]
        == "DryRunOperation"
    )
    status, body = raw_post(
        net_emulator,
        {
            "Action": "DescribeClientVpnTargetNetworks",
            "Version": "2016-11-15",
            "ClientVpnEndpointId": ENDPOINT_ID,
            "MaxResults": "4",
        },
    )
    assert status == 400 and "<Code>InvalidParameterValue</Code>" in body
    assert (
        error_of(net_ec2.describe_client_vpn_target_networks, ClientVpnEndpointId=ENDPOINT_ID, NextToken="bogus")[0]
        == "InvalidNextToken"
    )


def test_ignore_association_ids_quirk_lists_every_association(net_ec2, net_emulator):
    second = net_ec2.associate_client_vpn_target_network(ClientVpnEndpointId=ENDPOINT_ID, SubnetId=OTHER_SUBNET_ID)[
        "AssociationId"
    ]
    net_emulator.set_faults(ignore_association_ids=True)
    assert set(codes(net_ec2, AssociationIds=[second])) == {SUBNET_ID, OTHER_SUBNET_ID}
    assert admin(net_emulator, "GET", "faults")[1]["ignore_association_ids"] is True
    net_emulator.clear_faults()
    assert list(codes(net_ec2, AssociationIds=[second])) == [OTHER_SUBNET_ID]


def _many_networks(count):
    state = network_state()
    subnets = [
        {
            "SubnetId": f"subnet-{number:017x}",
            "VpcId": VPC_ID,
            "CidrBlock": f"10.0.{100 + number}.0/24",
            "AvailabilityZone": f"us-east-1{'abcdef'[number % 6]}",
        }
        for number in range(count)
    ]
    state["subnets"] += subnets
    state["target_networks"] += [
        {
            "AssociationId": f"cvpn-assoc-{number + 1:017x}",
            "VpcId": VPC_ID,
            "TargetNetworkId": subnet["SubnetId"],
            "ClientVpnEndpointId": OTHER_ENDPOINT_ID,
            "Status": {"Code": "associating"},
        }
        for number, subnet in enumerate(subnets)
    ]
    return state


def test_pagination_reads_every_association_once_and_counts_one_read(no_backoff):
    with Emulator(_many_networks(12), transition_reads=1) as emu:
        client = make_client(emu)
        paginator = client.get_paginator("describe_client_vpn_target_networks")
        pages = list(paginator.paginate(ClientVpnEndpointId=OTHER_ENDPOINT_ID, PaginationConfig={"PageSize": 5}))
        assert [len(page["ClientVpnTargetNetworks"]) for page in pages] == [5, 5, 2]
        listed = [item for page in pages for item in page["ClientVpnTargetNetworks"]]
        assert len({item["AssociationId"] for item in listed}) == 12
        assert {item["Status"]["Code"] for item in listed} == {"associating"}
        assert set(codes(client, OTHER_ENDPOINT_ID).values()) == {"associated"}


def test_transitional_records_of_a_loaded_state_move_on(no_backoff):
    state = network_state()
    state["target_networks"][0]["Status"] = {"Code": "disassociating"}
    with Emulator(state, transition_reads=1) as emu:
        client = make_client(emu)
        assert [codes(client).get(SUBNET_ID) for _read in range(3)] == ["disassociating", "disassociated", None]
