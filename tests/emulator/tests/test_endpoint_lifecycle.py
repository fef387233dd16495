# SPDX-License-Identifier: GPL-3.0-or-later
"""CreateClientVpnEndpoint, ModifyClientVpnEndpoint and DeleteClientVpnEndpoint, with statuses and errors."""

import boto3
import pytest
from conftest import ACCESS_KEY
from conftest import ASSOCIATION_ID
from conftest import CERTIFICATE_ARN
from conftest import ENDPOINT_ID
from conftest import NOW
from conftest import OTHER_ENDPOINT_ID
from conftest import SECRET_KEY
from conftest import SECURITY_GROUP_ID
from conftest import VPC_ID
from conftest import error_of

MISSING_ENDPOINT = "cvpn-endpoint-00000000000000000"
OTHER_VPC = "vpc-0fedcba9876543210"
SAML_ARN = "arn:aws:iam::123456789012:saml-provider/okta"
CERTIFICATE_AUTH = [
    {"Type": "certificate-authentication", "MutualAuthentication": {"ClientRootCertificateChainArn": CERTIFICATE_ARN}}
]
MINIMAL = {
    "ClientCidrBlock": "172.16.0.0/22",
    "ServerCertificateArn": CERTIFICATE_ARN,
    "AuthenticationOptions": CERTIFICATE_AUTH,
    "ConnectionLogOptions": {"Enabled": False},
}


def describe(client, endpoint_id):
    found = client.describe_client_vpn_endpoints(ClientVpnEndpointIds=[endpoint_id])["ClientVpnEndpoints"]
    return found[0] if found else None


def endpoint_ids(client):
    return [item["ClientVpnEndpointId"] for item in client.describe_client_vpn_endpoints()["ClientVpnEndpoints"]]


# -- create ----------------------------------------------------------------------------------------------------


def test_create_builds_a_full_pending_associate_endpoint(net_ec2, net_emulator):
    answer = net_ec2.create_client_vpn_endpoint(**MINIMAL)
    endpoint_id = answer["ClientVpnEndpointId"]
    assert endpoint_id.startswith("cvpn-endpoint-") and len(endpoint_id) == len(ENDPOINT_ID)
    assert answer["Status"] == {"Code": "pending-associate"}
    assert answer["DnsName"] == f"*.{endpoint_id}.prod.clientvpn.us-east-1.amazonaws.com"
    record = describe(net_ec2, endpoint_id)
    record.pop("ResponseMetadata", None)
    assert record == {
        "ClientVpnEndpointId": endpoint_id,
        "Status": {"Code": "pending-associate"},
        "CreationTime": NOW,
        "DnsName": answer["DnsName"],
        "ClientCidrBlock": "172.16.0.0/22",
        "SplitTunnel": False,
        "VpnProtocol": "openvpn",
        "TransportProtocol": "udp",
        "VpnPort": 443,
        "ServerCertificateArn": CERTIFICATE_ARN,
        "AuthenticationOptions": [
            {
                "Type": "certificate-authentication",
                "MutualAuthentication": {"ClientRootCertificateChain": CERTIFICATE_ARN},
            }
        ],
        "ConnectionLogOptions": {"Enabled": False},
        "Tags": [],
        "ClientConnectOptions": {"Enabled": False, "Status": {"Code": "applied"}},
        "SessionTimeoutHours": 24,
        "ClientLoginBannerOptions": {"Enabled": False},
        "ClientRouteEnforcementOptions": {"Enforced": False},
        "DisconnectOnSessionTimeout": True,
        "EndpointIpAddressType": "ipv4",
        "TrafficIpAddressType": "ipv4",
    }
    assert next(entry["action"] for entry in net_emulator.requests) == "CreateClientVpnEndpoint"


def test_create_with_every_option(net_emulator):
    client = boto3.client(
        "ec2",
        endpoint_url=net_emulator.url,
        region_name="eu-west-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    answer = client.create_client_vpn_endpoint(
        **dict(
            MINIMAL,
            AuthenticationOptions=[
                CERTIFICATE_AUTH[0],
                {"Type": "federated-authentication", "FederatedAuthentication": {"SAMLProviderArn": SAML_ARN}},
            ],
        ),
        DnsServers=["10.0.0.2", "10.0.0.3"],
        TransportProtocol="tcp",
        VpnPort=1194,
        Description="office",
        SplitTunnel=True,
        VpcId=VPC_ID,
        SecurityGroupIds=[SECURITY_GROUP_ID],
        SessionTimeoutHours=12,
        ClientConnectOptions={
            "Enabled": True,
            "LambdaFunctionArn": "arn:aws:lambda:eu-west-1:123456789012:function:AWSClientVPN-a",
        },
        ClientLoginBannerOptions={"Enabled": True, "BannerText": "Authorised use only"},
        DisconnectOnSessionTimeout=False,
        TagSpecifications=[{"ResourceType": "client-vpn-endpoint", "Tags": [{"Key": "Name", "Value": "office"}]}],
    )
    endpoint_id = answer["ClientVpnEndpointId"]
    assert answer["DnsName"].endswith(".prod.clientvpn.eu-west-1.amazonaws.com")
    record = describe(client, endpoint_id)
    assert record["DnsServers"] == ["10.0.0.2", "10.0.0.3"] and record["SplitTunnel"] is True
    assert (record["TransportProtocol"], record["VpnPort"], record["SessionTimeoutHours"]) == ("tcp", 1194, 12)
    assert (record["VpcId"], record["SecurityGroupIds"]) == (VPC_ID, [SECURITY_GROUP_ID])
    assert record["AuthenticationOptions"][1] == {
        "Type": "federated-authentication",
        "FederatedAuthentication": {"SamlProviderArn": SAML_ARN},
    }
    assert record["SelfServicePortalUrl"] == f"https://self-service.clientvpn.amazonaws.com/endpoints/{endpoint_id}"
    assert record["ClientConnectOptions"]["Enabled"] is True
    assert record["ClientLoginBannerOptions"] == {"Enabled": True, "BannerText": "Authorised use only"}
    assert record["DisconnectOnSessionTimeout"] is False and record["Description"] == "office"
    assert record["Tags"] == [{"Key": "Name", "Value": "office"}]


def test_create_in_a_vpc_without_groups_takes_its_default_group(net_ec2):
    endpoint_id = net_ec2.create_client_vpn_endpoint(**MINIMAL, VpcId=OTHER_VPC)["ClientVpnEndpointId"]
    assert describe(net_ec2, endpoint_id)["SecurityGroupIds"] == ["sg-0fedcba9876543210"]


def test_client_token_returns_the_same_endpoint(net_ec2):
    first = net_ec2.create_client_vpn_endpoint(**MINIMAL, ClientToken="token-1")
    again = net_ec2.create_client_vpn_endpoint(**MINIMAL, ClientToken="token-1")
    other = net_ec2.create_client_vpn_endpoint(**MINIMAL, ClientToken="token-2")
    assert again["ClientVpnEndpointId"] == first["ClientVpnEndpointId"] != other["ClientVpnEndpointId"]
    assert len(endpoint_ids(net_ec2)) == 4
    code = error_of(net_ec2.create_client_vpn_endpoint, **dict(MINIMAL, Description="changed"), ClientToken="token-1")[
        0
    ]
    assert code == "IdempotentParameterMismatch"


def test_create_dry_run_creates_nothing(net_ec2):
    assert error_of(net_ec2.create_client_vpn_endpoint, **MINIMAL, DryRun=True)[::2] == ("DryRunOperation", 412)
    assert endpoint_ids(net_ec2) == [ENDPOINT_ID, OTHER_ENDPOINT_ID]


def _with(**changes):
    return {**MINIMAL, **changes}


BAD_CREATES = [
    ({key: value for key, value in MINIMAL.items() if key != "ClientCidrBlock"}, "MissingParameter"),
    (_with(ClientCidrBlock="10.0.0.0/24"), "InvalidParameterValue"),
    (_with(ClientCidrBlock="10.0.0.0/8"), "InvalidParameterValue"),
    (_with(ClientCidrBlock="10.0.0.1/22"), "InvalidParameterValue"),
    (_with(ServerCertificateArn="arn:aws:iam::123456789012:server-certificate/x"), "InvalidParameterValue"),
    (_with(AuthenticationOptions=[{"Type": "certificate-authentication"}]), "MissingParameter"),
    (
        _with(
            AuthenticationOptions=[
                {
                    "Type": "certificate-authentication",
                    "MutualAuthentication": {"ClientRootCertificateChainArn": "nope"},
                }
            ]
        ),
        "InvalidParameterValue",
    ),
    (
        _with(
            AuthenticationOptions=[
                {"Type": "directory-service-authentication", "ActiveDirectory": {"DirectoryId": "d-12"}}
            ]
        ),
        "InvalidParameterValue",
    ),
    (
        _with(
            AuthenticationOptions=[
                {
                    "Type": "federated-authentication",
                    "FederatedAuthentication": {"SAMLProviderArn": "arn:aws:iam::1:role/x"},
                }
            ]
        ),
        "InvalidParameterValue",
    ),
    (
        _with(
            AuthenticationOptions=[
                {"Type": "directory-service-authentication", "ActiveDirectory": {"DirectoryId": "d-1234567890"}},
                {"Type": "federated-authentication", "FederatedAuthentication": {"SAMLProviderArn": SAML_ARN}},
            ]
        ),
        "InvalidParameterCombination",
    ),
    (_with(ConnectionLogOptions={"Enabled": True}), "InvalidParameterValue"),
    (_with(DnsServers=["10.0.0.2", "10.0.0.3", "10.0.0.4"]), "InvalidParameterValue"),
    (_with(DnsServers=["dns.example.com"]), "InvalidParameterValue"),
    (_with(VpnPort=8443), "InvalidParameterValue"),
    (_with(SessionTimeoutHours=9), "InvalidParameterValue"),
    (_with(SecurityGroupIds=[SECURITY_GROUP_ID]), "InvalidParameterCombination"),
    (_with(VpcId=VPC_ID, SecurityGroupIds=["group-1"]), "InvalidGroupId.Malformed"),
    (_with(VpcId="vpc-00000000000000000"), "InvalidVpcID.NotFound"),
    (_with(SelfServicePortal="enabled"), "InvalidParameterValue"),
    (_with(ClientConnectOptions={"Enabled": True}), "InvalidParameterValue"),
    (_with(ClientLoginBannerOptions={"Enabled": True}), "MissingParameter"),
    (_with(ClientLoginBannerOptions={"Enabled": True, "BannerText": "x" * 1401}), "InvalidParameterValue"),
    (_with(TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "a", "Value": "b"}]}]), "InvalidParameterValue"),
    (_with(TransitGatewayConfiguration={"TransitGatewayId": "tgw-0123456789abcdef0"}), "UnsupportedOperation"),
]


@pytest.mark.parametrize("kwargs, code", BAD_CREATES)
@pytest.mark.parametrize("dry_run", [False, True])
def test_create_refuses_bad_input_before_dry_run(net_ec2, kwargs, code, dry_run):
    assert error_of(net_ec2.create_client_vpn_endpoint, DryRun=dry_run, **kwargs)[0] == code
    assert endpoint_ids(net_ec2) == [ENDPOINT_ID, OTHER_ENDPOINT_ID]


# -- modify ----------------------------------------------------------------------------------------------------


def test_modify_changes_what_it_is_given(net_ec2):
    assert (
        net_ec2.modify_client_vpn_endpoint(
            ClientVpnEndpointId=ENDPOINT_ID,
            Description="changed",
            VpnPort=1194,
            SessionTimeoutHours=8,
            SplitTunnel=False,
            DnsServers={"Enabled": True, "CustomDnsServers": ["10.0.0.2"]},
            ConnectionLogOptions={"Enabled": True, "CloudwatchLogGroup": "vpn"},
            ClientLoginBannerOptions={"Enabled": True, "BannerText": "hello"},
            ServerCertificateArn="arn:aws:acm:us-east-1:123456789012:certificate/new",
        )["Return"]
        is True
    )
    record = describe(net_ec2, ENDPOINT_ID)
    assert (record["Description"], record["VpnPort"], record["SessionTimeoutHours"]) == ("changed", 1194, 8)
    assert record["DnsServers"] == ["10.0.0.2"] and record["SplitTunnel"] is False
    assert record["ConnectionLogOptions"] == {"Enabled": True, "CloudwatchLogGroup": "vpn"}
    assert record["ClientLoginBannerOptions"] == {"Enabled": True, "BannerText": "hello"}
    assert record["ServerCertificateArn"].endswith("certificate/new")
    assert record["TransportProtocol"] == "udp" and record["Status"] == {"Code": "available"}


def test_modify_dns_disabled_removes_the_servers(net_ec2):
    net_ec2.modify_client_vpn_endpoint(ClientVpnEndpointId=ENDPOINT_ID, DnsServers={"Enabled": False})
    assert "DnsServers" not in describe(net_ec2, ENDPOINT_ID)


def test_modify_security_groups_reach_the_target_networks(net_ec2):
    net_ec2.modify_client_vpn_endpoint(
        ClientVpnEndpointId=ENDPOINT_ID, VpcId=VPC_ID, SecurityGroupIds=["sg-0123456789abcdef9"]
    )
    assert describe(net_ec2, ENDPOINT_ID)["SecurityGroupIds"] == ["sg-0123456789abcdef9"]
    networks = net_ec2.describe_client_vpn_target_networks(ClientVpnEndpointId=ENDPOINT_ID)["ClientVpnTargetNetworks"]
    assert networks[0]["SecurityGroups"] == ["sg-0123456789abcdef9"]


def test_modify_vpc_of_an_endpoint_without_associations(net_ec2):
    net_ec2.modify_client_vpn_endpoint(ClientVpnEndpointId=OTHER_ENDPOINT_ID, VpcId=OTHER_VPC)
    record = describe(net_ec2, OTHER_ENDPOINT_ID)
    assert (record["VpcId"], record["SecurityGroupIds"]) == (OTHER_VPC, ["sg-0fedcba9876543210"])


BAD_MODIFIES = [
    ({"ClientVpnEndpointId": MISSING_ENDPOINT}, "InvalidClientVpnEndpointId.NotFound"),
    ({"ClientVpnEndpointId": ENDPOINT_ID, "VpcId": OTHER_VPC}, "IncorrectState"),
    ({"ClientVpnEndpointId": ENDPOINT_ID, "VpcId": "vpc-00000000000000000"}, "InvalidVpcID.NotFound"),
    ({"ClientVpnEndpointId": ENDPOINT_ID, "SecurityGroupIds": [SECURITY_GROUP_ID]}, "InvalidParameterCombination"),
    ({"ClientVpnEndpointId": ENDPOINT_ID, "SessionTimeoutHours": 25}, "InvalidParameterValue"),
    ({"ClientVpnEndpointId": ENDPOINT_ID, "VpnPort": 80}, "InvalidParameterValue"),
    ({"ClientVpnEndpointId": ENDPOINT_ID, "DnsServers": {"Enabled": True}}, "MissingParameter"),
    ({"ClientVpnEndpointId": ENDPOINT_ID, "ServerCertificateArn": "certificate"}, "InvalidParameterValue"),
    ({"ClientVpnEndpointId": ENDPOINT_ID, "SelfServicePortal": "enabled"}, "InvalidParameterValue"),
    ({"ClientVpnEndpointId": ENDPOINT_ID, "ConnectionLogOptions": {"Enabled": True}}, "InvalidParameterValue"),
    ({"ClientVpnEndpointId": ENDPOINT_ID, "DevicePostureOptions": {"Enabled": True}}, "UnsupportedOperation"),
]


@pytest.mark.parametrize("kwargs, code", BAD_MODIFIES)
@pytest.mark.parametrize("dry_run", [False, True])
def test_modify_refuses_bad_input_before_dry_run(net_ec2, net_emulator, kwargs, code, dry_run):
    before = net_emulator.state.to_dict()
    assert error_of(net_ec2.modify_client_vpn_endpoint, DryRun=dry_run, **kwargs)[0] == code
    assert net_emulator.state.to_dict() == before


def test_modify_dry_run_changes_nothing(net_ec2, net_emulator):
    before = net_emulator.state.to_dict()
    assert (
        error_of(net_ec2.modify_client_vpn_endpoint, ClientVpnEndpointId=ENDPOINT_ID, Description="x", DryRun=True)[0]
        == "DryRunOperation"
    )
    assert net_emulator.state.to_dict() == before


# -- delete ----------------------------------------------------------------------------------------------------


def test_delete_with_associations_is_refused(net_ec2):
    code, message, status = error_of(net_ec2.delete_client_vpn_endpoint, ClientVpnEndpointId=ENDPOINT_ID)
    assert (code, status) == ("ClientVpnEndpointAssociationExists", 400)
    assert ASSOCIATION_ID in message


@pytest.mark.parametrize("reads", [0, 1, 2])
def test_delete_goes_deleting_then_deleted_then_away(net_ec2, net_emulator, reads):
    net_emulator.update_settings(transition_reads=reads)
    assert net_ec2.delete_client_vpn_endpoint(ClientVpnEndpointId=OTHER_ENDPOINT_ID)["Status"] == {"Code": "deleting"}
    seen = [describe(net_ec2, OTHER_ENDPOINT_ID)["Status"]["Code"] for _read in range(reads + 1)]
    assert seen == ["deleting"] * reads + ["deleted"]
    assert OTHER_ENDPOINT_ID not in endpoint_ids(net_ec2)
    assert error_of(net_ec2.describe_client_vpn_endpoints, ClientVpnEndpointIds=[OTHER_ENDPOINT_ID])[0] == (
        "InvalidClientVpnEndpointId.NotFound"
    )
    assert net_emulator.state.endpoint(OTHER_ENDPOINT_ID) is None


def test_a_deleting_endpoint_accepts_no_changes(net_ec2):
    net_ec2.delete_client_vpn_endpoint(ClientVpnEndpointId=OTHER_ENDPOINT_ID)
    for call, kwargs in (
        (net_ec2.delete_client_vpn_endpoint, {}),
        (net_ec2.modify_client_vpn_endpoint, {"Description": "x"}),
        (net_ec2.authorize_client_vpn_ingress, {"TargetNetworkCidr": "10.0.0.0/16", "AuthorizeAllGroups": True}),
    ):
        assert error_of(call, ClientVpnEndpointId=OTHER_ENDPOINT_ID, **kwargs)[0] == "IncorrectState"


def test_delete_after_disassociation(net_ec2, net_emulator):
    net_emulator.update_settings(transition_reads=0)
    net_ec2.disassociate_client_vpn_target_network(ClientVpnEndpointId=ENDPOINT_ID, AssociationId=ASSOCIATION_ID)
    assert error_of(net_ec2.delete_client_vpn_endpoint, ClientVpnEndpointId=ENDPOINT_ID)[0] == (
        "ClientVpnEndpointAssociationExists"
    )
    for _read in range(2):
        net_ec2.describe_client_vpn_target_networks(ClientVpnEndpointId=ENDPOINT_ID)
    assert net_ec2.delete_client_vpn_endpoint(ClientVpnEndpointId=ENDPOINT_ID)["Status"] == {"Code": "deleting"}
    describe(net_ec2, ENDPOINT_ID)
    describe(net_ec2, ENDPOINT_ID)
    state = net_emulator.state.to_dict()
    assert ENDPOINT_ID not in [item["ClientVpnEndpointId"] for item in state["endpoints"]]
    assert not [
        item
        for key in ("connections", "authorization_rules", "routes", "target_networks")
        for item in state[key]
        if item["ClientVpnEndpointId"] == ENDPOINT_ID
    ]


@pytest.mark.parametrize(
    "endpoint_id, code",
    [
        (MISSING_ENDPOINT, "InvalidClientVpnEndpointId.NotFound"),
        (ENDPOINT_ID, "ClientVpnEndpointAssociationExists"),
        (OTHER_ENDPOINT_ID, "DryRunOperation"),
    ],
)
def test_delete_dry_run(net_ec2, endpoint_id, code):
    assert error_of(net_ec2.delete_client_vpn_endpoint, ClientVpnEndpointId=endpoint_id, DryRun=True)[0] == code
    assert endpoint_ids(net_ec2) == [ENDPOINT_ID, OTHER_ENDPOINT_ID]
