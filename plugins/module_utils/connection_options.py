# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Checks of the AWS connection options, made before a client is built: each bad value becomes a message that
names the option (or aws_config.<key>), the value (never a secret) and what is allowed, so that the task
fails before any request is sent instead of with a Python exception from botocore.
"""

import os
import re
from urllib.parse import urlsplit

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Printable ASCII without spaces: what AWS access key ids, secret keys and session tokens are made of.
_TOKEN_TEXT = re.compile(r"[\x21-\x7e]+")
# us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1, eusc-de-east-1, ...
_REGION = re.compile(r"[a-z]{2,5}(?:-[a-z]+){1,3}-\d{1,2}")
_INTEGER_TEXT = re.compile(r"[+-]?\d{1,9}")
_NUMBER_TEXT = re.compile(r"[+-]?\d{1,9}(?:\.\d{1,9})?")
_TRUE = frozenset(("true", "yes", "on", "1", "y", "t"))
_FALSE = frozenset(("false", "no", "off", "0", "n", "f"))

MAX_URL_LENGTH = 2048
MAX_SECONDS = 3600
MAX_POOL_CONNECTIONS = 100
MAX_RETRY_ATTEMPTS = 50
RETRY_MODES = ("legacy", "standard", "adaptive")
DEFAULTS_MODES = ("legacy", "standard", "in-region", "cross-region", "mobile", "auto")
# Longest accepted text per connection option.
MAX_LENGTH = {"access_key": 128, "secret_key": 256, "session_token": 16384, "profile": 256, "region": 32}
SECRET_OPTIONS = ("secret_key", "session_token")


def shown(value, limit=60):
    """repr(value), cut to about limit characters, for a message."""
    try:
        text = repr(value)
    except ValueError:  # an int too long to convert to text
        return "a number too long to show"
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _named(option, source):
    return option if source in (None, option) else f"{option} (read from {source})"


def text_error(option, value, source=None):
    """A message when a connection option's text is malformed, else None; secrets are never shown."""
    name = _named(option, source)
    subject = f"{name} (value not shown)" if option in SECRET_OPTIONS else f"{name} {shown(value)}"
    if not isinstance(value, str):
        return f"{subject} must be text, not {type(value).__name__}."
    if len(value) > MAX_LENGTH.get(option, 256):
        return f"{name} is {len(value)} characters long; at most {MAX_LENGTH.get(option, 256)} are allowed."
    if option in ("access_key",) + SECRET_OPTIONS and not _TOKEN_TEXT.fullmatch(value):
        return (
            f"{subject} contains a space, a line break, a control character or a non-ASCII character; AWS "
            "credentials are printable ASCII without spaces."
        )
    if _CONTROL.search(value) or not value.strip():
        return f"{subject} is blank or contains a control character (such as NUL or a line break)."
    return None


def region_error(value, source=None):
    error = text_error("region", value, source)
    if error is None and not _REGION.fullmatch(value):
        error = (
            f"{_named('region', source)} {shown(value)} is not an AWS region name: expected lowercase "
            "words and a number joined by hyphens, for example eu-west-1 or us-gov-west-1."
        )
    return error


def _url_problem(value):
    """What is wrong with an http(s) URL with a host, or None."""
    if not isinstance(value, str):
        return f"it must be text, not {type(value).__name__}"
    if len(value) > MAX_URL_LENGTH:
        return f"it is {len(value)} characters long; at most {MAX_URL_LENGTH} are allowed"
    if _CONTROL.search(value) or re.search(r"\s", value):
        return "it contains a space, a line break or a control character"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return "it is not a well-formed URL (check the host and the port)"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "it must start with http:// or https:// followed by a host name"
    if port == 0:
        return "port 0 is not a port to connect to"
    return None


def endpoint_url_error(value, source=None):
    problem = _url_problem(value)
    if problem is None and isinstance(value, str):
        parts = urlsplit(value)
        if parts.username is not None or parts.password is not None:
            return (
                f"{_named('endpoint_url', source)} must not contain a user name or password; AWS "
                "requests are authenticated by the AWS credentials."
            )
        if parts.query or parts.fragment:
            problem = "it must not have a query (?...) or a fragment (#...)"
    if problem is None:
        return None
    return (
        f"{_named('endpoint_url', source)} {shown(value)} is not a usable endpoint URL: {problem}; "
        "for example https://ec2.eu-west-1.amazonaws.com or http://127.0.0.1:4566."
    )


def file_error(name, value):
    """A message when value is not the path of a readable file, else None."""
    if not isinstance(value, str) or not value or _CONTROL.search(value) or len(value) > 4096:
        return f"{name} {shown(value)} is not a file path."
    if not os.path.isfile(value):
        return f"{name} {shown(value)}: no such file (it must be an existing certificate file)."
    if not os.access(value, os.R_OK):
        return f"{name} {shown(value)}: the file is not readable."
    return None


class _Refused(ValueError):
    """A value outside what a setting allows; the message says what is allowed."""


def _integer(low, high):
    def convert(value):
        if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Refused(f"a whole number from {low} to {high}")
        return value

    return convert


def _seconds(value):
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
        value = float(value)
    # Comparisons refuse NaN and infinity too, and never convert a huge int to float.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_SECONDS:
        raise _Refused(f"a number of seconds greater than 0 and at most {MAX_SECONDS}")
    return value


def _boolean(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise _Refused("true or false")


def _choice(*choices):
    def convert(value):
        if value not in choices:
            raise _Refused(", ".join(choices))
        return value

    return convert


def _text(limit):
    def convert(value):
        if not isinstance(value, str) or len(value) > limit or _CONTROL.search(value) or not value.strip():
            raise _Refused(f"text of 1 to {limit} characters without control characters")
        return value

    return convert


def _file(value):
    if file_error("", value):
        raise _Refused("the path of an existing, readable file")
    return value


def _certificate(value):
    """A certificate file, or a list of a certificate file and its key file."""
    try:
        if isinstance(value, list) and len(value) == 2:
            return [_file(value[0]), _file(value[1])]
        return _file(value)
    except _Refused:
        raise _Refused(
            "the path of an existing certificate file, or a list of an existing certificate file and its key file"
        ) from None


def _proxy_url(value):
    if _url_problem(value):
        raise _Refused("an http:// or https:// URL with a host")
    return value


# The aws_config keys a user may set, with how each value is checked (a dict: the keys it may hold).
CONFIG_RULES = {
    "connect_timeout": _seconds,
    "read_timeout": _seconds,
    # urllib3 sets up every connection pool for this many connections: bounded.
    "max_pool_connections": _integer(1, MAX_POOL_CONNECTIONS),
    "tcp_keepalive": _boolean,
    "parameter_validation": _boolean,
    "inject_host_prefix": _boolean,
    "use_dualstack_endpoint": _boolean,
    "use_fips_endpoint": _boolean,
    "ignore_configured_endpoint_urls": _boolean,
    "defaults_mode": _choice(*DEFAULTS_MODES),
    "user_agent_extra": _text(256),
    "user_agent_appid": _text(50),
    "client_cert": _certificate,
    "proxies": {"http": _proxy_url, "https": _proxy_url},
    "proxies_config": {
        "proxy_ca_bundle": _file,
        "proxy_client_cert": _certificate,
        "proxy_use_forwarding_for_https": _boolean,
    },
    "retries": {
        "mode": _choice(*RETRY_MODES),
        "max_attempts": _integer(0, MAX_RETRY_ATTEMPTS),
        "total_max_attempts": _integer(1, MAX_RETRY_ATTEMPTS + 1),
    },
}
# botocore settings that are refused, and why.
_S3_ONLY = "it applies to Amazon S3 only"
_NOT_EC2 = "EC2 requests do not use it"
_SIGNING = "EC2 requests are signed with Signature Version 4, which the collection relies on"
REFUSED_CONFIG = {
    "region_name": "set the region option instead",
    "user_agent": "it would replace the collection's user agent; set aws_config.user_agent_extra instead",
    "signature_version": _SIGNING,
    "auth_scheme_preference": _SIGNING,
    "sigv4a_signing_region_set": _SIGNING,
    "s3": _S3_ONLY,
    "s3_disable_express_session_auth": _S3_ONLY,
    "endpoint_discovery_enabled": _NOT_EC2,
    "client_context_params": _NOT_EC2,
    "account_id_endpoint_mode": _NOT_EC2,
    "request_min_compression_size_bytes": _NOT_EC2,
    "disable_request_compression": _NOT_EC2,
    "request_checksum_calculation": _NOT_EC2,
    "response_checksum_validation": _NOT_EC2,
}
# Settings whose values are never shown in a message (a proxy URL may hold a password).
_HIDDEN = ("aws_config.proxies",)


def _key_text(key):
    if isinstance(key, str) and len(key) <= 60 and not _CONTROL.search(key):
        return key
    return shown(key, 40)


def _value_error(path, value, allowed):
    if path.startswith(_HIDDEN):
        return f"{path} is not valid (the value is not shown); allowed: {allowed}."
    return f"{path} is {shown(value)}; allowed: {allowed}."


def _check_dict(path, value, rules, known=None):
    """(value with each setting converted, error messages) for a dict of settings that follow rules."""
    if not isinstance(value, dict):
        return None, [_value_error(path, value, f"a dictionary with the keys {', '.join(rules)}")]
    converted, errors = {}, []
    for key, item in value.items():
        item_path = f"{path}.{_key_text(key)}"
        if path == "aws_config" and key in REFUSED_CONFIG:
            errors.append(f"{item_path}: the key {shown(key)} is not allowed: {REFUSED_CONFIG[key]}.")
        elif key not in rules:
            errors.append(
                f"{item_path}: {shown(key)} is not a setting the collection accepts; allowed: {', '.join(rules)}."
            )
        elif known is not None and key not in known:
            errors.append(
                f"{item_path}: the installed botocore does not support {shown(key)}; upgrade botocore to use it."
            )
        elif isinstance(rules[key], dict):
            converted[key], nested_errors = _check_dict(item_path, item, rules[key])
            errors.extend(nested_errors)
        else:
            try:
                converted[key] = rules[key](item)
            except _Refused as exc:
                errors.append(_value_error(item_path, item, exc))
    return converted, errors


def aws_config_errors(aws_config, known_keys):
    """(the settings with their values converted, error messages) for the aws_config option.

    known_keys are the settings the installed botocore has (botocore.config.Config.OPTION_DEFAULTS).
    """
    if aws_config is None:
        return {}, []
    return _check_dict("aws_config", aws_config, CONFIG_RULES, known=known_keys)
