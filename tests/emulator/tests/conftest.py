# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the emulator tests: a frozen clock, small states, running emulators and boto3 clients."""

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
import botocore.retries.standard  # noqa: E402

from cvpn_emulator import Emulator, generate_connections, generate_endpoint  # noqa: E402

ENDPOINT_ID = "cvpn-endpoint-0123456789abcdef0"
OTHER_ENDPOINT_ID = "cvpn-endpoint-fedcba98765432100"
NOW = "2024-05-01 12:00:00"
ACCESS_KEY = "AKIDTEST"
SECRET_KEY = "test-secret"
_SESSION = boto3.session.Session()


def connection(connection_id, username=None, code="active", endpoint_id=ENDPOINT_ID, **extra):
    """A minimal connection record; ``username=None`` leaves the Username key out (certificate-only)."""
    record = {"ClientVpnEndpointId": endpoint_id, "ConnectionId": connection_id, "Status": {"Code": code},
              "ConnectionEstablishedTime": "2024-05-01 10:00:00", "CommonName": f"cn-{connection_id[-4:]}"}
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
    return _SESSION.client("ec2", endpoint_url=emulator.url, region_name="us-east-1", aws_access_key_id=access_key,
                           aws_secret_access_key=SECRET_KEY, config=botocore.config.Config(**settings))


def admin(emulator, method, resource, body=None):
    """Call the admin API; returns ``(status, decoded JSON)``."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(f"{emulator.url}/_emulator/{resource}", data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read().decode("utf-8"))


def raw_post(emulator, form, authorization="AWS4-HMAC-SHA256 Credential=AKIDRAW/20240501/us-east-1/ec2/aws4_request, "
                                           "SignedHeaders=host, Signature=0123abcd"):
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
