# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent client: the AWS CLI (found next to the running Python) against the emulator."""

import json
import os
import subprocess
import sys

import pytest
from conftest import ACCESS_KEY
from conftest import CERTIFICATE_ARN
from conftest import ENDPOINT_ID
from conftest import NOW
from conftest import OTHER_SUBNET_ID
from conftest import SECRET_KEY
from conftest import SUBNET_ID
from conftest import VPC_ID
from conftest import make_crl
from conftest import network_state
from conftest import state_with

from cvpn_emulator import Emulator
from cvpn_emulator import generate_connections

AWS = os.path.join(os.path.dirname(sys.executable), "aws")
pytestmark = pytest.mark.skipif(not os.path.exists(AWS), reason=f"AWS CLI not installed at {AWS}")


def aws(emulator, tmp_path, *args):
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=str(tmp_path / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-creds"),
        AWS_EC2_METADATA_DISABLED="true",
        PYTHONIOENCODING="utf-8",
    )
    command = [AWS, "ec2", *args, "--endpoint-url", emulator.url, "--region", "us-east-1", "--output", "json"]
    return subprocess.run(command, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)


MODEL_PROBE = """
import json, sys
import awscli  # the AWS CLI may bring its own botocore; importing awscli first selects the one it uses
import botocore.session
model = botocore.session.get_session().get_service_model("ec2")
print(json.dumps({name: sorted(model.shape_for(name).members) for name in sys.argv[1:]}))
"""


@pytest.fixture(scope="module")
def cli_members():
    """Members the AWS CLI's own EC2 model knows; an older model silently drops newer members."""
    result = subprocess.run(
        [sys.executable, "-c", MODEL_PROBE, "ClientVpnConnection", "ClientVpnEndpoint"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return {name: set(members) for name, members in json.loads(result.stdout).items()}


def known_to_cli(records, members):
    return [{key: value for key, value in record.items() if key in members} for record in records]


@pytest.fixture(scope="module")
def cli_state():
    return state_with(generate_connections(ENDPOINT_ID, 120, seed=21, now=NOW))


@pytest.fixture
def cli_emulator(cli_state):
    with Emulator(cli_state, now=NOW, terminate_delay_seconds=0) as emu:
        yield emu


def test_describe_connections_matches_the_state(cli_emulator, cli_state, cli_members, tmp_path):
    result = aws(cli_emulator, tmp_path, "describe-client-vpn-connections", "--client-vpn-endpoint-id", ENDPOINT_ID)
    assert result.returncode == 0, result.stderr
    members = cli_members["ClientVpnConnection"]
    assert {"ConnectionId", "Username", "Status", "ConnectionEndTime", "IngressBytes", "CommonName"} <= members
    assert json.loads(result.stdout)["Connections"] == known_to_cli(cli_state["connections"], members)
    calls = [entry for entry in cli_emulator.requests if entry["action"] == "DescribeClientVpnConnections"]
    assert len(calls) == 3
    assert "NextToken" not in calls[0]["params"] and all("NextToken" in call["params"] for call in calls[1:])


def test_describe_connections_with_filters(cli_emulator, cli_state, cli_members, tmp_path):
    result = aws(
        cli_emulator,
        tmp_path,
        "describe-client-vpn-connections",
        "--client-vpn-endpoint-id",
        ENDPOINT_ID,
        "--filters",
        "Name=username,Values=zoë,李雷",
    )
    assert result.returncode == 0, result.stderr
    expected = [item for item in cli_state["connections"] if item.get("Username") in ("zoë", "李雷")]
    assert expected
    assert json.loads(result.stdout)["Connections"] == known_to_cli(expected, cli_members["ClientVpnConnection"])


def test_describe_endpoints_matches_the_state(cli_emulator, cli_state, cli_members, tmp_path):
    result = aws(cli_emulator, tmp_path, "describe-client-vpn-endpoints")
    assert result.returncode == 0, result.stderr
    expected = known_to_cli(cli_state["endpoints"], cli_members["ClientVpnEndpoint"])
    assert json.loads(result.stdout)["ClientVpnEndpoints"] == expected


def test_terminate_through_the_cli(cli_emulator, cli_state, tmp_path):
    target = next(item for item in cli_state["connections"] if item["Status"]["Code"] == "active")
    result = aws(
        cli_emulator,
        tmp_path,
        "terminate-client-vpn-connections",
        "--client-vpn-endpoint-id",
        ENDPOINT_ID,
        "--connection-id",
        target["ConnectionId"],
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ClientVpnEndpointId": ENDPOINT_ID,
        "ConnectionStatuses": [
            {
                "ConnectionId": target["ConnectionId"],
                "PreviousStatus": {"Code": "active"},
                "CurrentStatus": {"Code": "terminating"},
            }
        ],
    }
    assert cli_emulator.state.connection(target["ConnectionId"])["Status"]["Code"] in ("terminating", "terminated")


def test_cli_reports_emulator_errors(cli_emulator, tmp_path):
    result = aws(
        cli_emulator,
        tmp_path,
        "describe-client-vpn-connections",
        "--client-vpn-endpoint-id",
        "cvpn-endpoint-00000000000000000",
    )
    assert result.returncode != 0
    assert "InvalidClientVpnEndpointId.NotFound" in result.stderr
    result = aws(cli_emulator, tmp_path, "describe-client-vpn-endpoints", "--dry-run")
    assert result.returncode != 0
    assert "DryRunOperation" in result.stderr


# -- the endpoint-as-code and CRL operations ---------------------------------------------------------------------


@pytest.fixture
def net_cli_emulator():
    with Emulator(network_state(), now=NOW, transition_reads=0) as emu:
        yield emu


def aws_json(emulator, tmp_path, *args):
    result = aws(emulator, tmp_path, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else {}


def test_endpoint_lifecycle_through_the_cli(net_cli_emulator, tmp_path):
    created = aws_json(
        net_cli_emulator,
        tmp_path,
        "create-client-vpn-endpoint",
        "--client-cidr-block",
        "172.16.0.0/22",
        "--server-certificate-arn",
        CERTIFICATE_ARN,
        "--authentication-options",
        f"Type=certificate-authentication,MutualAuthentication={{ClientRootCertificateChainArn={CERTIFICATE_ARN}}}",
        "--connection-log-options",
        "Enabled=false",
        "--tag-specifications",
        "ResourceType=client-vpn-endpoint,Tags=[{Key=Name,Value=cli}]",
    )
    endpoint_id = created["ClientVpnEndpointId"]
    assert created["Status"] == {"Code": "pending-associate"}
    aws_json(
        net_cli_emulator,
        tmp_path,
        "modify-client-vpn-endpoint",
        "--client-vpn-endpoint-id",
        endpoint_id,
        "--session-timeout-hours",
        "12",
        "--dns-servers",
        "CustomDnsServers=10.0.0.2,Enabled=true",
    )
    association = aws_json(
        net_cli_emulator,
        tmp_path,
        "associate-client-vpn-target-network",
        "--client-vpn-endpoint-id",
        endpoint_id,
        "--subnet-id",
        OTHER_SUBNET_ID,
    )
    listed = aws_json(
        net_cli_emulator, tmp_path, "describe-client-vpn-endpoints", "--client-vpn-endpoint-ids", endpoint_id
    )["ClientVpnEndpoints"][0]
    assert (listed["Status"], listed["SessionTimeoutHours"], listed["DnsServers"]) == (
        {"Code": "available"},
        12,
        ["10.0.0.2"],
    )
    assert listed["Tags"] == [{"Key": "Name", "Value": "cli"}] and listed["VpcId"] == VPC_ID
    networks = aws_json(
        net_cli_emulator, tmp_path, "describe-client-vpn-target-networks", "--client-vpn-endpoint-id", endpoint_id
    )["ClientVpnTargetNetworks"]
    assert [(item["AssociationId"], item["Status"]["Code"]) for item in networks] == [
        (association["AssociationId"], "associated")
    ]
    failed = aws(net_cli_emulator, tmp_path, "delete-client-vpn-endpoint", "--client-vpn-endpoint-id", endpoint_id)
    assert failed.returncode != 0 and "ClientVpnEndpointAssociationExists" in failed.stderr
    aws_json(
        net_cli_emulator,
        tmp_path,
        "disassociate-client-vpn-target-network",
        "--client-vpn-endpoint-id",
        endpoint_id,
        "--association-id",
        association["AssociationId"],
    )
    for _read in range(2):
        aws_json(
            net_cli_emulator, tmp_path, "describe-client-vpn-target-networks", "--client-vpn-endpoint-id", endpoint_id
        )
    assert aws_json(net_cli_emulator, tmp_path, "delete-client-vpn-endpoint", "--client-vpn-endpoint-id", endpoint_id)[
        "Status"
    ] == {"Code": "deleting"}


def test_rules_routes_tags_and_configuration_through_the_cli(net_cli_emulator, tmp_path):
    base = ("--client-vpn-endpoint-id", ENDPOINT_ID)
    assert aws_json(
        net_cli_emulator,
        tmp_path,
        "authorize-client-vpn-ingress",
        *base,
        "--target-network-cidr",
        "10.1.0.0/16",
        "--access-group-id",
        "g1",
    )["Status"] == {"Code": "authorizing"}
    rules = aws_json(net_cli_emulator, tmp_path, "describe-client-vpn-authorization-rules", *base)
    assert [(item["DestinationCidr"], item["Status"]["Code"]) for item in rules["AuthorizationRules"]] == [
        ("10.0.0.0/16", "active"),
        ("10.1.0.0/16", "active"),
    ]
    aws_json(
        net_cli_emulator,
        tmp_path,
        "revoke-client-vpn-ingress",
        *base,
        "--target-network-cidr",
        "10.1.0.0/16",
        "--access-group-id",
        "g1",
    )
    aws_json(
        net_cli_emulator,
        tmp_path,
        "create-client-vpn-route",
        *base,
        "--destination-cidr-block",
        "0.0.0.0/0",
        "--target-vpc-subnet-id",
        SUBNET_ID,
    )
    routes = aws_json(net_cli_emulator, tmp_path, "describe-client-vpn-routes", *base)["Routes"]
    assert [(item["DestinationCidr"], item["Origin"]) for item in routes] == [
        ("10.0.0.0/16", "associate"),
        ("0.0.0.0/0", "add-route"),
    ]
    aws_json(net_cli_emulator, tmp_path, "delete-client-vpn-route", *base, "--destination-cidr-block", "0.0.0.0/0")
    aws_json(net_cli_emulator, tmp_path, "create-tags", "--resources", ENDPOINT_ID, "--tags", "Key=team,Value=net")
    aws_json(net_cli_emulator, tmp_path, "delete-tags", "--resources", ENDPOINT_ID, "--tags", "Key=Name")
    listed = aws_json(
        net_cli_emulator, tmp_path, "describe-client-vpn-endpoints", "--client-vpn-endpoint-ids", ENDPOINT_ID
    )["ClientVpnEndpoints"][0]
    assert listed["Tags"] == [{"Key": "team", "Value": "net"}]
    configuration = aws_json(net_cli_emulator, tmp_path, "export-client-vpn-client-configuration", *base)
    assert configuration["ClientConfiguration"].startswith("client\ndev tun\n")


def test_crl_through_the_cli(net_cli_emulator, tmp_path):
    pem_file = tmp_path / "crl.pem"
    pem = make_crl()
    pem_file.write_text(pem, encoding="ascii")
    base = ("--client-vpn-endpoint-id", ENDPOINT_ID)
    assert (
        aws_json(
            net_cli_emulator,
            tmp_path,
            "import-client-vpn-client-certificate-revocation-list",
            *base,
            "--certificate-revocation-list",
            f"file://{pem_file}",
        )["Return"]
        is True
    )
    exported = aws_json(net_cli_emulator, tmp_path, "export-client-vpn-client-certificate-revocation-list", *base)
    assert exported == {"CertificateRevocationList": pem, "Status": {"Code": "active"}}
    failed = aws(
        net_cli_emulator,
        tmp_path,
        "import-client-vpn-client-certificate-revocation-list",
        *base,
        "--certificate-revocation-list",
        "not a crl",
    )
    assert failed.returncode != 0 and "InvalidParameterValue" in failed.stderr
