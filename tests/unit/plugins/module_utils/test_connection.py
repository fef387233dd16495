# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.connection import botocore_config
from ansible_collections.vpnops.aws.plugins.module_utils.connection import resolve_connection


def _params(**given):
    params = {name: spec.get("default") for name, spec in aws_argument_spec().items()}
    params.update(given)
    return params


@pytest.mark.parametrize(
    "given, environ, session, client",
    [
        ({}, {}, {}, {}),
        (
            {"access_key": "AKIDOPTION", "secret_key": "option-secret", "session_token": "option-token",
             "region": "eu-west-1"},
            {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_REGION": "us-east-1"},
            {"aws_access_key_id": "AKIDOPTION", "aws_secret_access_key": "option-secret",
             "aws_session_token": "option-token", "region_name": "eu-west-1"},
            {},
        ),
        (
            {},
            {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_ACCESS_KEY": "AKIDOLD", "AWS_SECRET_KEY": "old-secret",
             "AWS_REGION": "us-east-1", "AWS_URL": "http://127.0.0.1:4000"},
            {"aws_access_key_id": "AKIDENV", "aws_secret_access_key": "old-secret", "region_name": "us-east-1"},
            {"endpoint_url": "http://127.0.0.1:4000"},
        ),
        (
            {"profile": "ops"},
            {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"},
            {"profile_name": "ops"},
            {},
        ),
        (
            {},
            {"AWS_SECURITY_TOKEN": "old-token", "AWS_SECRET_ACCESS_KEY": "env-secret"},
            {"aws_secret_access_key": "env-secret", "aws_session_token": "old-token"},
            {},
        ),
        ({"validate_certs": False, "aws_ca_bundle": "/ca.pem"}, {}, {}, {"verify": False}),
        ({"aws_ca_bundle": "/ca.pem", "endpoint_url": "https://vpce.example"}, {"AWS_URL": "http://x"}, {},
         {"verify": "/ca.pem", "endpoint_url": "https://vpce.example"}),
    ],
)
def test_resolve_connection(given, environ, session, client):
    assert resolve_connection(_params(**given), environ) == (session, client)


def test_botocore_config_defaults_to_standard_retries():
    config = botocore_config(None)
    assert config.retries == {"mode": "standard", "max_attempts": 10}
    assert "vpnops.aws/" in config.user_agent_extra


def test_botocore_config_merges_user_settings():
    config = botocore_config({"retries": {"max_attempts": 2}, "connect_timeout": 3})
    assert config.retries == {"mode": "standard", "max_attempts": 2}
    assert config.connect_timeout == 3


def test_botocore_config_rejects_unknown_keys():
    with pytest.raises(ValueError) as caught:
        botocore_config({"retry": {"max_attempts": 2}})
    assert "retry" in str(caught.value)
    assert "retries" in str(caught.value)


def test_secrets_are_no_log():
    spec = aws_argument_spec()
    assert spec["secret_key"]["no_log"] is True
    assert spec["session_token"]["no_log"] is True
    assert "fallback" not in spec["secret_key"]
