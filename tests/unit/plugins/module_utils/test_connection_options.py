# SPDX-License-Identifier: GPL-3.0-or-later

import botocore.config
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.connection_options import CONFIG_RULES
from ansible_collections.vpnops.aws.plugins.module_utils.connection_options import REFUSED_CONFIG
from ansible_collections.vpnops.aws.plugins.module_utils.connection_options import aws_config_errors

KNOWN = botocore.config.Config.OPTION_DEFAULTS


@pytest.fixture
def cert_files(tmp_path):
    cert, key = tmp_path / "client.pem", tmp_path / "client.key"
    cert.write_text("cert", encoding="ascii")
    key.write_text("key", encoding="ascii")
    return str(cert), str(key)


def test_every_botocore_setting_is_either_accepted_or_refused_with_a_reason():
    decided = set(CONFIG_RULES) | set(REFUSED_CONFIG)
    assert set(KNOWN) <= decided, f"decide how to treat {sorted(set(KNOWN) - decided)}"
    assert not set(CONFIG_RULES) & set(REFUSED_CONFIG)


@pytest.mark.parametrize(
    "aws_config, expected",
    [
        (None, {}),
        ({}, {}),
        ({"retries": {"mode": "legacy", "max_attempts": 0}}, {"retries": {"mode": "legacy", "max_attempts": 0}}),
        (
            {"retries": {"max_attempts": "50", "total_max_attempts": 51}},
            {"retries": {"max_attempts": 50, "total_max_attempts": 51}},
        ),
        ({"connect_timeout": 0.5, "read_timeout": 3600}, {"connect_timeout": 0.5, "read_timeout": 3600}),
        ({"read_timeout": " 12 "}, {"read_timeout": 12.0}),
        ({"max_pool_connections": 1}, {"max_pool_connections": 1}),
        ({"max_pool_connections": "100"}, {"max_pool_connections": 100}),
        (
            {"tcp_keepalive": "on", "parameter_validation": "False", "inject_host_prefix": True},
            {"tcp_keepalive": True, "parameter_validation": False, "inject_host_prefix": True},
        ),
        (
            {"use_dualstack_endpoint": "no", "ignore_configured_endpoint_urls": "yes"},
            {"use_dualstack_endpoint": False, "ignore_configured_endpoint_urls": True},
        ),
        (
            {"defaults_mode": "auto", "user_agent_appid": "runbook-7"},
            {"defaults_mode": "auto", "user_agent_appid": "runbook-7"},
        ),
        (
            {"proxies": {"https": "http://user:pw@proxy.example:3128"}},
            {"proxies": {"https": "http://user:pw@proxy.example:3128"}},
        ),
        (
            {"proxies_config": {"proxy_use_forwarding_for_https": "true"}},
            {"proxies_config": {"proxy_use_forwarding_for_https": True}},
        ),
    ],
)
def test_valid_settings_are_converted(aws_config, expected):
    assert aws_config_errors(aws_config, KNOWN) == (expected, [])


def test_certificate_settings_take_existing_files(cert_files):
    cert, key = cert_files
    settings, errors = aws_config_errors(
        {"client_cert": [cert, key], "proxies_config": {"proxy_ca_bundle": cert, "proxy_client_cert": cert}}, KNOWN
    )
    assert errors == []
    assert settings["client_cert"] == [cert, key]


# (aws_config, fragments of the single message, text that must not appear in it)
BAD_CONFIG = [
    ({"retries": "lots"}, ["aws_config.retries is 'lots'", "a dictionary with the keys mode, max_attempts"], None),
    ({"retries": None}, ["aws_config.retries is None"], None),
    ({"retries": {"mode": "fast"}}, ["aws_config.retries.mode is 'fast'", "legacy, standard, adaptive"], None),
    ({"retries": {"max_attempts": 51}}, ["aws_config.retries.max_attempts is 51", "0 to 50"], None),
    ({"retries": {"max_attempts": -1}}, ["aws_config.retries.max_attempts is -1"], None),
    (
        {"retries": {"max_attempts": 10**30}},
        ["aws_config.retries.max_attempts is 1000000000000000000000000000000"],
        None,
    ),
    ({"retries": {"max_attempts": True}}, ["aws_config.retries.max_attempts is True"], None),
    ({"retries": {"max_attempts": 10**5000}}, ["aws_config.retries.max_attempts is a number too long to show"], None),
    ({"retries": {"max_attempts": 2.5}}, ["aws_config.retries.max_attempts is 2.5"], None),
    (
        {"retries": {"max_attempts": "9" * 5000}},
        ["aws_config.retries.max_attempts is '99999", "(5002 characters)"],
        None,
    ),
    ({"retries": {"total_max_attempts": 0}}, ["aws_config.retries.total_max_attempts is 0", "1 to 51"], None),
    ({"retries": {"backoff": 2}}, ["aws_config.retries.backoff", "'backoff'", "mode, max_attempts"], None),
    ({"connect_timeout": 0}, ["aws_config.connect_timeout is 0", "greater than 0 and at most 3600"], None),
    ({"connect_timeout": -5}, ["aws_config.connect_timeout is -5"], None),
    ({"read_timeout": float("nan")}, ["aws_config.read_timeout is nan"], None),
    ({"read_timeout": float("inf")}, ["aws_config.read_timeout is inf"], None),
    ({"read_timeout": 10**400}, ["aws_config.read_timeout is 1000000"], None),
    ({"read_timeout": "soon"}, ["aws_config.read_timeout is 'soon'"], None),
    ({"read_timeout": [1]}, ["aws_config.read_timeout is [1]"], None),
    ({"max_pool_connections": 0}, ["aws_config.max_pool_connections is 0", "1 to 100"], None),
    ({"max_pool_connections": 10**9}, ["aws_config.max_pool_connections is 1000000000"], None),
    ({"tcp_keepalive": "maybe"}, ["aws_config.tcp_keepalive is 'maybe'", "true or false"], None),
    ({"tcp_keepalive": 2}, ["aws_config.tcp_keepalive is 2"], None),
    ({"parameter_validation": {}}, ["aws_config.parameter_validation is {}"], None),
    ({"defaults_mode": "fast"}, ["aws_config.defaults_mode is 'fast'", "in-region"], None),
    ({"user_agent_extra": "a\nb"}, ["aws_config.user_agent_extra", "control characters"], None),
    ({"user_agent_extra": "x" * 300}, ["aws_config.user_agent_extra", "1 to 256"], None),
    ({"user_agent_appid": "x" * 51}, ["aws_config.user_agent_appid", "1 to 50"], None),
    ({"client_cert": "/nonexistent.pem"}, ["aws_config.client_cert is '/nonexistent.pem'", "existing"], None),
    ({"client_cert": ["/a", "/b", "/c"]}, ["aws_config.client_cert"], None),
    ({"proxies": "http://proxy"}, ["aws_config.proxies", "dictionary with the keys http, https"], "http://proxy"),
    ({"proxies": {"https": "socks5://user:hunter2@proxy"}}, ["aws_config.proxies.https", "not shown"], "hunter2"),
    ({"proxies": {"ftp": "http://proxy"}}, ["aws_config.proxies.ftp", "'ftp'", "http, https"], None),
    ({"proxies_config": {"proxy_ca_bundle": "/nonexistent"}}, ["aws_config.proxies_config.proxy_ca_bundle"], None),
    ({"region_name": "eu-west-1"}, ["aws_config.region_name", "region option"], None),
    ({"user_agent": "x"}, ["aws_config.user_agent", "user_agent_extra"], None),
    ({"signature_version": "s3v4"}, ["aws_config.signature_version", "Signature Version 4"], None),
    ({"s3": {"addressing_style": "path"}}, ["aws_config.s3", "Amazon S3"], None),
    ({"request_min_compression_size_bytes": 10}, ["aws_config.request_min_compression_size_bytes", "EC2"], None),
    ({"retry": 1}, ["aws_config.retry", "'retry'", "retries"], None),
    ({1: 2}, ["aws_config.1", "1 is not a setting"], None),
    ({"a\x00b" * 40: 1}, ["aws_config.'a\\x00b"], "\x00"),
]


@pytest.mark.parametrize("aws_config, fragments, hidden", BAD_CONFIG)
def test_bad_settings_are_refused_naming_the_key(aws_config, fragments, hidden):
    errors = aws_config_errors(aws_config, KNOWN)[1]
    assert len(errors) == 1, errors
    for fragment in fragments:
        assert fragment in errors[0]
    if hidden:
        assert hidden not in errors[0]
    assert "Traceback" not in errors[0] and "object has no attribute" not in errors[0]


def test_every_bad_setting_is_reported():
    errors = aws_config_errors({"retries": {"mode": "x", "max_attempts": "y"}, "read_timeout": 0, "s3": {}}, KNOWN)[1]
    assert [error.split(" ", maxsplit=1)[0] for error in errors] == [
        "aws_config.retries.mode",
        "aws_config.retries.max_attempts",
        "aws_config.read_timeout",
        "aws_config.s3:",
    ]
