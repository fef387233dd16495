# SPDX-License-Identifier: GPL-3.0-or-later

import pathlib

import boto3
import botocore.config
import botocore.exceptions
import botocore.parsers
import pytest
import yaml

from ansible_collections.vpnops.aws.plugins.module_utils import connection
from ansible_collections.vpnops.aws.plugins.module_utils import response_parser
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.connection import botocore_config
from ansible_collections.vpnops.aws.plugins.module_utils.connection import botocore_session
from ansible_collections.vpnops.aws.plugins.module_utils.connection import connection_errors
from ansible_collections.vpnops.aws.plugins.module_utils.connection import create_client
from ansible_collections.vpnops.aws.plugins.module_utils.connection import resolve_connection
from ansible_collections.vpnops.aws.plugins.module_utils.response_parser import ResponseParsers

REPO = pathlib.Path(connection.__file__).resolve().parents[2]


def _params(**given):
    params = {name: spec.get("default") for name, spec in aws_argument_spec().items()}
    params.update(given)
    return params


class _Failed(Exception):
    pass


class _Module:
    """What create_client() uses of AnsibleModule: params, fail_json and debug."""

    def __init__(self, **params):
        self.params = _params(**params)
        self.debugged = []
        self.result = None

    def fail_json(self, **result):
        self.result = result
        raise _Failed(result["msg"])

    def debug(self, text):
        self.debugged.append(text)


def test_collection_version_is_the_one_in_galaxy_yml():
    galaxy = yaml.safe_load((REPO / "galaxy.yml").read_text(encoding="utf-8"))
    assert galaxy["version"] == connection.COLLECTION_VERSION
    assert f"vpnops.aws/{galaxy['version']}" == connection.USER_AGENT


@pytest.mark.parametrize(
    "given, environ, session, client",
    [
        ({}, {}, {}, {}),
        (
            {
                "access_key": "AKIDOPTION",
                "secret_key": "option-secret",
                "session_token": "option-token",
                "region": "eu-west-1",
            },
            {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_REGION": "us-east-1"},
            {
                "aws_access_key_id": "AKIDOPTION",
                "aws_secret_access_key": "option-secret",
                "aws_session_token": "option-token",
                "region_name": "eu-west-1",
            },
            {},
        ),
        (
            {},
            {
                "AWS_ACCESS_KEY_ID": "AKIDENV",
                "AWS_ACCESS_KEY": "AKIDOLD",
                "AWS_SECRET_KEY": "old-secret",
                "AWS_REGION": "us-east-1",
                "AWS_URL": "http://127.0.0.1:4000",
            },
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
        (
            {"aws_ca_bundle": "/ca.pem", "endpoint_url": "https://vpce.example"},
            {"AWS_URL": "http://x"},
            {},
            {"verify": "/ca.pem", "endpoint_url": "https://vpce.example"},
        ),
    ],
)
def test_resolve_connection(given, environ, session, client):
    assert resolve_connection(_params(**given), environ) == (session, client)


def test_valid_connection_options_have_no_errors(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    params = _params(
        access_key="AKIAIOSFODNN7EXAMPLE",
        secret_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        session_token="IQoJb3JpZ2luX2VjE+/==",
        region="us-gov-west-1",
        endpoint_url="https://vpce-1.ec2.eu-west-1.vpce.amazonaws.com/",
        aws_ca_bundle=str(bundle),
    )
    assert connection_errors(params, {}) == []
    assert connection_errors(_params(profile="ops-admin@example", region="eusc-de-east-1"), {}) == []
    assert connection_errors(_params(endpoint_url="http://[::1]:4566"), {}) == []


# (options, environment, fragments of the message, text that must not appear in it)
BAD_CONNECTION = [
    ({"region": "eu west 1"}, {}, ["region", "'eu west 1'", "eu-west-1"], None),
    ({"region": "EU-WEST-1"}, {}, ["region", "'EU-WEST-1'"], None),
    ({"region": "x" * 40}, {}, ["region", "40 characters", "at most 32"], None),
    ({"region": "eu-west-1\x00"}, {}, ["region", "control character"], None),
    ({}, {"AWS_REGION": "moon-base-alpha"}, ["region (read from AWS_REGION)", "'moon-base-alpha'"], None),
    ({"endpoint_url": "ftp://example.com"}, {}, ["endpoint_url", "'ftp://example.com'", "http://"], None),
    ({"endpoint_url": "http://"}, {}, ["endpoint_url", "host name"], None),
    ({"endpoint_url": "https://[::1"}, {}, ["endpoint_url", "well-formed"], None),
    ({"endpoint_url": "https://h:99999"}, {}, ["endpoint_url", "port"], None),
    ({"endpoint_url": "https://h:0"}, {}, ["endpoint_url", "port 0"], None),
    ({"endpoint_url": "https://exa mple.com"}, {}, ["endpoint_url", "space"], None),
    ({"endpoint_url": "https://h/\x00"}, {}, ["endpoint_url", "control character"], None),
    ({"endpoint_url": "https://h/" + "a" * 3000}, {}, ["endpoint_url", "3010 characters", "2048"], None),
    ({"endpoint_url": "https://h/?a=1"}, {}, ["endpoint_url", "query"], None),
    ({"endpoint_url": "https://user:hunter2@h"}, {}, ["endpoint_url", "user name or password"], "hunter2"),
    ({}, {"AWS_URL": "not a url"}, ["endpoint_url (read from AWS_URL)"], None),
    ({"aws_ca_bundle": "/nonexistent/ca.pem"}, {}, ["aws_ca_bundle", "'/nonexistent/ca.pem'", "no such file"], None),
    ({"aws_ca_bundle": "/"}, {}, ["aws_ca_bundle", "no such file"], None),
    ({"aws_ca_bundle": "/ca\x00.pem"}, {}, ["aws_ca_bundle", "not a file path"], None),
    ({"profile": "ops\nadmin"}, {}, ["profile", "control character"], None),
    ({"profile": "   "}, {}, ["profile", "blank"], None),
    ({"profile": "p" * 300}, {}, ["profile", "300 characters"], None),
    ({"access_key": "AKID\nX-Injected: 1"}, {}, ["access_key", "printable ASCII"], None),
    ({"access_key": "AKIDÉ"}, {}, ["access_key", "non-ASCII"], None),
    ({"access_key": "A" * 200}, {}, ["access_key", "200 characters"], None),
    ({"secret_key": "s3cr3t value"}, {}, ["secret_key", "not shown", "printable ASCII"], "s3cr3t"),
    ({"secret_key": "s3cr3t\x00"}, {}, ["secret_key"], "s3cr3t"),
    ({"session_token": "t0k3n-val\r\nue"}, {}, ["session_token", "not shown"], "t0k3n"),
    ({}, {"AWS_SECRET_ACCESS_KEY": "env s3cr3t"}, ["secret_key (read from AWS_SECRET_ACCESS_KEY)"], "s3cr3t"),
    ({}, {"AWS_SESSION_TOKEN": "x" * 20000}, ["session_token (read from AWS_SESSION_TOKEN)", "20000"], "xxxx"),
]


@pytest.mark.parametrize("given, environ, fragments, hidden", BAD_CONNECTION)
def test_connection_errors(given, environ, fragments, hidden):
    errors = connection_errors(_params(**given), environ)
    assert len(errors) == 1
    for fragment in fragments:
        assert fragment in errors[0]
    if hidden:
        assert hidden not in errors[0]


def test_every_bad_connection_option_is_reported_at_once():
    errors = connection_errors(_params(region="x", endpoint_url="x", aws_ca_bundle="/nope"), {})
    assert [error.split(" ", maxsplit=1)[0] for error in errors] == ["region", "endpoint_url", "aws_ca_bundle"]


def test_botocore_config_defaults_to_standard_retries():
    config = botocore_config(None)
    assert config.retries == {"mode": "standard", "max_attempts": 10}
    assert config.user_agent_extra == connection.USER_AGENT


def test_botocore_config_merges_user_settings():
    config = botocore_config({"retries": {"max_attempts": 2}, "connect_timeout": 3})
    assert config.retries == {"mode": "standard", "max_attempts": 2}
    assert config.connect_timeout == 3


def test_botocore_config_converts_and_keeps_the_collection_user_agent():
    config = botocore_config(
        {
            "retries": {"mode": "adaptive", "total_max_attempts": "4"},
            "read_timeout": "2.5",
            "tcp_keepalive": "yes",
            "max_pool_connections": 20,
            "user_agent_extra": "team/ops",
            "defaults_mode": "in-region",
            "use_fips_endpoint": False,
        }
    )
    assert config.retries == {"mode": "adaptive", "max_attempts": 10, "total_max_attempts": 4}
    assert (config.read_timeout, config.tcp_keepalive, config.max_pool_connections) == (2.5, True, 20)
    assert config.user_agent_extra == f"{connection.USER_AGENT} team/ops"
    assert (config.defaults_mode, config.use_fips_endpoint) == ("in-region", False)


def test_botocore_config_rejects_unknown_keys():
    with pytest.raises(ValueError) as caught:
        botocore_config({"retry": {"max_attempts": 2}})
    assert "aws_config.retry" in str(caught.value)
    assert "retries" in str(caught.value)


def test_botocore_config_reports_every_bad_key():
    with pytest.raises(ValueError) as caught:
        botocore_config({"retries": "lots", "connect_timeout": -1, "s3": {}})
    text = str(caught.value)
    for fragment in ("aws_config.retries is 'lots'", "aws_config.connect_timeout is -1", "aws_config.s3"):
        assert fragment in text
    assert "object has no attribute" not in text


def test_secrets_are_no_log():
    spec = aws_argument_spec()
    assert spec["secret_key"]["no_log"] is True
    assert spec["session_token"]["no_log"] is True
    assert "fallback" not in spec["secret_key"]


def _no_session(*args, **kwargs):
    raise AssertionError("a boto3 session was created for input that should have been refused")


@pytest.mark.parametrize(
    "params, fragments",
    [
        ({"aws_config": {"retries": "lots"}}, ["aws_config.retries is 'lots'", "dictionary"]),
        ({"aws_config": {"max_pool_connections": 10**9}}, ["aws_config.max_pool_connections", "1 to 100"]),
        ({"region": "nowhere", "endpoint_url": "gopher://x"}, ["region 'nowhere'", "endpoint_url 'gopher://x'"]),
    ],
)
def test_create_client_fails_before_building_a_client(monkeypatch, params, fragments):
    monkeypatch.setattr(boto3.session, "Session", _no_session)
    module = _Module(**params)
    with pytest.raises(_Failed):
        create_client(module)
    for fragment in fragments:
        assert fragment in module.result["msg"]


def test_create_client_builds_a_client_with_the_compiled_parser():
    module = _Module(region="eu-west-1", access_key="AKIDTEST", secret_key="secret")
    client = create_client(module)
    assert client.meta.region_name == "eu-west-1"
    assert isinstance(
        client._endpoint._response_parser_factory.create_parser("ec2"), response_parser.CompiledEC2QueryParser
    )
    assert module.debugged == ["EC2 responses are parsed by the collection's compiled parser."]


def test_create_client_reports_an_unknown_profile(monkeypatch):
    monkeypatch.delenv("AWS_CONFIG_FILE", raising=False)
    module = _Module(profile="no-such-profile-here")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    with pytest.raises(_Failed):
        create_client(module)
    assert "'no-such-profile-here' was not found" in module.result["msg"]


def test_create_client_reports_an_unexpected_failure_with_its_traceback(monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(boto3.session, "Session", broken)
    module = _Module(region="eu-west-1")
    with pytest.raises(_Failed):
        create_client(module)
    assert "Unexpected error while setting up the AWS ec2 client" in module.result["msg"]
    assert "Traceback" not in module.result["msg"]
    assert "KeyError: 'surprise'" in module.result["exception"]
    assert module.result["botocore_version"] == botocore.__version__
    assert module.result["boto3_version"] == boto3.__version__


def test_botocore_session_registers_the_compiled_parser():
    session, note = botocore_session(environ={})
    assert isinstance(session.get_component("response_parser_factory"), ResponseParsers)
    assert "compiled parser" in note


@pytest.mark.parametrize("value", ["0", "false", "OFF", " no "])
def test_the_environment_variable_switches_the_compiled_parser_off(value):
    session, note = botocore_session(environ={"VPNOPS_AWS_COMPILED_PARSER": value})
    factory = session.get_component("response_parser_factory")
    assert not isinstance(factory, ResponseParsers)
    assert isinstance(factory.create_parser("ec2"), botocore.parsers.EC2QueryParser)
    assert not isinstance(factory.create_parser("ec2"), response_parser.CompiledEC2QueryParser)
    assert "botocore's own parser" in note
    assert "VPNOPS_AWS_COMPILED_PARSER" in note


def test_create_client_says_in_the_debug_log_when_botocore_parses(monkeypatch):
    monkeypatch.setenv("VPNOPS_AWS_COMPILED_PARSER", "0")
    module = _Module(region="eu-west-1")
    client = create_client(module)
    assert not isinstance(
        client._endpoint._response_parser_factory.create_parser("ec2"), response_parser.CompiledEC2QueryParser
    )
    assert "botocore's own parser" in module.debugged[0]


def test_other_services_keep_botocore_parsers():
    session, note = botocore_session("sts", environ={})
    assert not isinstance(session.get_component("response_parser_factory"), ResponseParsers)
    assert note is None


def test_options_botocore_knows_nothing_of_are_refused(monkeypatch):
    monkeypatch.setattr(botocore.config.Config, "OPTION_DEFAULTS", {"connect_timeout": 60})
    with pytest.raises(ValueError) as caught:
        botocore_config({"tcp_keepalive": True})
    assert "aws_config.tcp_keepalive" in str(caught.value)
    assert "upgrade botocore" in str(caught.value)
