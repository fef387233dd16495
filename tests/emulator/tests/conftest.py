# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the emulator tests: a frozen clock, small states (connections; the network), emulators, clients."""

import datetime
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

EMULATOR_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)

# pylint: disable=wrong-import-position
import boto3  # noqa: E402
import botocore.config  # noqa: E402
import botocore.exceptions  # noqa: E402
import botocore.retries.standard  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

from cvpn_emulator import Emulator  # noqa: E402
from cvpn_emulator import generate_connections  # noqa: E402
from cvpn_emulator import generate_endpoint  # noqa: E402

ENDPOINT_ID = "cvpn-endpoint-0123456789abcdef0"
OTHER_ENDPOINT_ID = "cvpn-endpoint-fedcba98765432100"
NOW = "2024-05-01 12:00:00"
ACCESS_KEY = "AKIDTEST"
SECRET_KEY = "test-secret"
_SESSION = boto3.session.Session()


def connection(connection_id, username=None, code="active", endpoint_id=ENDPOINT_ID, **extra):
    """A minimal connection record; ``username=None`` leaves the Username key out (certificate-only)."""
    record = {
        "ClientVpnEndpointId": endpoint_id,
        "ConnectionId": connection_id,
        "Status": {"Code": code},
        "ConnectionEstablishedTime": "2024-05-01 10:00:00",
        "CommonName": f"cn-{connection_id[-4:]}",
    }
    if username is not None:
        record["Username"] = username
    record.update(extra)
    return record


def conn_id(number):
    return f"cvpn-connection-{number:017x}"


def state_with(connections, endpoints=None, **extra):
    data = {"endpoints": endpoints or [generate_endpoint(ENDPOINT_ID, now=NOW)], "connections": connections}
    data.update(extra)
    return data


def make_client(emulator, access_key=ACCESS_KEY, max_attempts=1, **config):
    """A boto3 EC2 client for ``emulator``; ``max_attempts`` counts all attempts, so 1 means no retries."""
    settings = {"retries": {"mode": "standard", "total_max_attempts": max_attempts}}
    settings.update(config)
    return _SESSION.client(
        "ec2",
        endpoint_url=emulator.url,
        region_name="us-east-1",
        aws_access_key_id=access_key,
        aws_secret_access_key=SECRET_KEY,
        config=botocore.config.Config(**settings),
    )


def admin(emulator, method, resource, body=None):
    """Call the admin API; returns ``(status, decoded JSON)``."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(f"{emulator.url}/_emulator/{resource}", data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read().decode("utf-8"))


def raw_post(
    emulator,
    form,
    authorization="AWS4-HMAC-SHA256 Credential=AKIDRAW/20240501/us-east-1/ec2/aws4_request, "
    "SignedHeaders=host, Signature=0123abcd",
):
    """POST a form to the API without botocore; returns ``(status, body text)``."""
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    if authorization is not None:
        headers["Authorization"] = authorization
    data = urllib.parse.urlencode(form).encode("utf-8")
    request = urllib.request.Request(f"{emulator.url}/", data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@pytest.fixture
def no_backoff(monkeypatch):
    """botocore retries without sleeping, so retry tests stay fast; the retry decisions are unchanged."""
    monkeypatch.setattr(botocore.retries.standard.ExponentialBackoff, "delay_amount", lambda self, context: 0)


@pytest.fixture
def generated_state():
    return state_with(generate_connections(ENDPOINT_ID, 200, seed=7, now=NOW))


@pytest.fixture
def emulator(generated_state):
    with Emulator(generated_state, now=NOW, terminate_delay_seconds=0) as running:
        yield running


@pytest.fixture
def ec2(emulator):
    return make_client(emulator)


# -- the network side: VPC, subnets, an association, its route and an authorization rule ---------------------

VPC_ID = "vpc-0123456789abcdef0"
SUBNET_ID = "subnet-0123456789abcdef0"
OTHER_SUBNET_ID = "subnet-0123456789abcdef1"
THIRD_SUBNET_ID = "subnet-0123456789abcdef2"
ASSOCIATION_ID = "cvpn-assoc-0123456789abcdef0"
SECURITY_GROUP_ID = "sg-0123456789abcdef0"
CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"


def network_state(**extra):
    """ENDPOINT_ID in VPC_ID with SUBNET_ID associated (and its route), one rule, and two free subnets."""
    endpoint = dict(generate_endpoint(ENDPOINT_ID, now=NOW), VpcId=VPC_ID, SecurityGroupIds=[SECURITY_GROUP_ID])
    active = {"Code": "active"}
    data = {
        "endpoints": [endpoint, generate_endpoint(OTHER_ENDPOINT_ID, now=NOW)],
        "vpcs": [
            {"VpcId": VPC_ID, "CidrBlock": "10.0.0.0/16"},
            {"VpcId": "vpc-0fedcba9876543210", "CidrBlock": "192.168.0.0/16"},
        ],
        "subnets": [
            {"SubnetId": SUBNET_ID, "VpcId": VPC_ID, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"},
            {
                "SubnetId": OTHER_SUBNET_ID,
                "VpcId": VPC_ID,
                "CidrBlock": "10.0.2.0/24",
                "AvailabilityZone": "us-east-1b",
            },
            {
                "SubnetId": THIRD_SUBNET_ID,
                "VpcId": VPC_ID,
                "CidrBlock": "10.0.3.0/24",
                "AvailabilityZone": "us-east-1a",
            },
            {
                "SubnetId": "subnet-0fedcba9876543210",
                "VpcId": "vpc-0fedcba9876543210",
                "CidrBlock": "192.168.1.0/24",
                "AvailabilityZone": "us-east-1c",
            },
        ],
        "target_networks": [
            {
                "AssociationId": ASSOCIATION_ID,
                "VpcId": VPC_ID,
                "TargetNetworkId": SUBNET_ID,
                "ClientVpnEndpointId": ENDPOINT_ID,
                "Status": {"Code": "associated"},
                "SecurityGroups": [SECURITY_GROUP_ID],
            }
        ],
        "routes": [
            {
                "ClientVpnEndpointId": ENDPOINT_ID,
                "DestinationCidr": "10.0.0.0/16",
                "TargetSubnet": SUBNET_ID,
                "Type": "Nat",
                "Origin": "associate",
                "Status": active,
                "Description": "Default Route",
            }
        ],
        "authorization_rules": [
            {"ClientVpnEndpointId": ENDPOINT_ID, "DestinationCidr": "10.0.0.0/16", "AccessAll": True, "Status": active}
        ],
    }
    data.update(extra)
    return data


def error_of(call, **kwargs):
    """``(code, message, HTTP status)`` of the ClientError ``call(**kwargs)`` raises."""
    try:
        call(**kwargs)
    except botocore.exceptions.ClientError as exc:
        error = exc.response["Error"]
        return error["Code"], error["Message"], exc.response["ResponseMetadata"]["HTTPStatusCode"]
    raise AssertionError(f"{call.__name__} succeeded")


def make_crl(revoked=(42,)):
    """A PEM certificate revocation list signed by a throw-away EC key."""
    key = ec.generate_private_key(ec.SECP256R1())
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "vpn-client-ca")])
    moment = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer)
        .last_update(moment)
        .next_update(moment + datetime.timedelta(days=30))
    )
    for serial in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(moment).build()
        )
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode("ascii")


@pytest.fixture
def net_emulator():
    with Emulator(network_state(), now=NOW) as running:
        yield running


@pytest.fixture
def net_ec2(net_emulator):
    return make_client(net_emulator)
