# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Building a boto3 client from the standard AWS connection options."""

import os

try:
    import boto3
    import botocore.config
    import botocore.exceptions
    import botocore.session
except ImportError:
    HAS_BOTO3 = False
else:
    HAS_BOTO3 = True

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.vpnops.aws.plugins.module_utils.connection_options import aws_config_errors
from ansible_collections.vpnops.aws.plugins.module_utils.connection_options import endpoint_url_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection_options import file_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection_options import region_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection_options import text_error
from ansible_collections.vpnops.aws.plugins.module_utils.errors import unexpected_failure
from ansible_collections.vpnops.aws.plugins.module_utils.response_parser import ResponseParsers
from ansible_collections.vpnops.aws.plugins.module_utils.response_parser import compiled_parser_problem
from ansible_collections.vpnops.aws.plugins.module_utils.retries import register_concurrent_mutation_retries

# The version in galaxy.yml (a unit test keeps the two equal).
COLLECTION_VERSION = "1.0.0"
USER_AGENT = f"vpnops.aws/{COLLECTION_VERSION}"

# Enough attempts, with botocore's exponential backoff, to ride out EC2 request throttling.
DEFAULT_RETRIES = {"mode": "standard", "max_attempts": 10}

# Environment variables read here, in order of preference, for the options that boto3 does not
# already look up under these names.  Secrets are read here rather than through an argument spec
# fallback so that Ansible does not treat them as no_log values to mask throughout the result.
_ENVIRONMENT = {
    "access_key": ("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"),
    "secret_key": ("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY"),
    "session_token": ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"),
    "region": ("AWS_REGION",),
    "endpoint_url": ("AWS_URL",),
}

CREDENTIAL_OPTIONS = ("access_key", "secret_key", "session_token")


def aws_argument_spec():
    """Options documented in the vpnops.aws.aws_connection fragment."""
    return dict(
        access_key=dict(type="str", aliases=["aws_access_key_id", "aws_access_key"], no_log=False),
        secret_key=dict(type="str", aliases=["aws_secret_access_key", "aws_secret_key"], no_log=True),
        session_token=dict(type="str", aliases=["aws_session_token"], no_log=True),
        profile=dict(type="str", aliases=["aws_profile"]),
        region=dict(type="str", aliases=["aws_region"]),
        endpoint_url=dict(type="str", aliases=["aws_endpoint_url"]),
        validate_certs=dict(type="bool", default=True),
        aws_ca_bundle=dict(type="path"),
        aws_config=dict(type="dict"),
    )


def aws_mutually_exclusive():
    return [["profile", option] for option in CREDENTIAL_OPTIONS]


def _from_environment(option, environ):
    for name in _ENVIRONMENT.get(option, ()):
        if environ.get(name):
            return environ[name], name
    return None, None


def _given(option, params, environ):
    """(value, where it came from: the option's name or an environment variable) of a connection option."""
    if params.get(option):
        return params[option], option
    return _from_environment(option, environ)


def resolve_connection(params, environ=None):
    """Return (session_kwargs, client_kwargs) for boto3 from module parameters and the environment."""
    environ = os.environ if environ is None else environ
    session_kwargs = {}
    if params.get("profile"):
        session_kwargs["profile_name"] = params["profile"]
    else:
        boto_names = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token")
        for option, boto_name in zip(CREDENTIAL_OPTIONS, boto_names, strict=True):
            value = _given(option, params, environ)[0]
            if value:
                session_kwargs[boto_name] = value
    region = _given("region", params, environ)[0]
    if region:
        session_kwargs["region_name"] = region
    client_kwargs = {}
    endpoint_url = _given("endpoint_url", params, environ)[0]
    if endpoint_url:
        client_kwargs["endpoint_url"] = endpoint_url
    if not params.get("validate_certs", True):
        client_kwargs["verify"] = False
    elif params.get("aws_ca_bundle"):
        client_kwargs["verify"] = params["aws_ca_bundle"]
    return session_kwargs, client_kwargs


def connection_errors(params, environ=None):
    """Messages for connection options (or the environment variables read for them) that are malformed."""
    environ = os.environ if environ is None else environ
    errors = []
    options = ("profile",) if params.get("profile") else CREDENTIAL_OPTIONS
    for option in options:
        value, source = _given(option, params, environ)
        errors.append(value and text_error(option, value, source))
    region, source = _given("region", params, environ)
    errors.append(region and region_error(region, source))
    endpoint_url, source = _given("endpoint_url", params, environ)
    errors.append(endpoint_url and endpoint_url_error(endpoint_url, source))
    if params.get("aws_ca_bundle") is not None:
        errors.append(file_error("aws_ca_bundle", params["aws_ca_bundle"]))
    return [error for error in errors if error]


def botocore_config(aws_config):
    """A botocore Config with the collection's retry defaults, overridden by the user's aws_config.

    Raises ValueError whose text names each bad aws_config key, its value and what is allowed.
    """
    settings, errors = aws_config_errors(aws_config, botocore.config.Config.OPTION_DEFAULTS)
    if errors:
        raise ValueError(" ".join(errors))
    retries = dict(DEFAULT_RETRIES, **settings.pop("retries", {}))
    user_agent = " ".join(filter(None, (USER_AGENT, settings.pop("user_agent_extra", None))))
    return botocore.config.Config(retries=retries, user_agent_extra=user_agent, **settings)


def botocore_session(service="ec2", environ=None):
    """(session, note): a new botocore session, and a sentence for the debug log on how it parses responses.

    EC2 clients made from it parse responses with the collection's compiled parser when that passes its
    checks (response_parser.compiled_parser_problem()); otherwise with botocore's own parser.
    """
    session = botocore.session.Session()
    if service != "ec2":
        return session, None
    problem = compiled_parser_problem(environ, session)
    if problem is not None:
        return session, f"EC2 responses are parsed by botocore's own parser: the compiled parser is {problem}."
    session.register_component("response_parser_factory", ResponseParsers())
    return session, "EC2 responses are parsed by the collection's compiled parser."


def require_boto3(module):
    if not HAS_BOTO3:
        module.fail_json(msg=missing_required_lib("boto3 and botocore"))


def _checked_settings(module):
    """(session_kwargs, client_kwargs with the botocore config) from the options, or fail naming each bad one."""
    errors = connection_errors(module.params)
    try:
        config = botocore_config(module.params.get("aws_config"))
    except ValueError as exc:
        errors.append(str(exc))
    if errors:
        module.fail_json(msg=" ".join(errors))
    session_kwargs, client_kwargs = resolve_connection(module.params)
    return session_kwargs, dict(client_kwargs, config=config)


def _build_client(module, service, session_kwargs, client_kwargs):
    """The boto3 client, or fail the module with a message that says what to fix."""
    try:
        botocore_sess, note = botocore_session(service)
        if note:
            module.debug(note)
        session = boto3.session.Session(botocore_session=botocore_sess, **session_kwargs)
        return session.client(service, **client_kwargs)
    except botocore.exceptions.ProfileNotFound:
        module.fail_json(
            msg=f"The AWS profile {session_kwargs['profile_name']!r} was not found in the "
            "shared configuration or credentials files."
        )
    except botocore.exceptions.NoRegionError:
        module.fail_json(msg="No AWS region was given: set the region option or the AWS_REGION environment variable.")
    except botocore.exceptions.InvalidRegionError as exc:
        module.fail_json(
            msg=f"The region (set by the region option, AWS_REGION, AWS_DEFAULT_REGION or the "
            f"profile) is not valid: {exc}"
        )
    except (botocore.exceptions.BotoCoreError, ValueError) as exc:
        module.fail_json(msg=f"Could not set up the AWS {service} client: {exc}")
    except Exception:  # pylint: disable=broad-exception-caught  # a bug: report it with its traceback
        unexpected_failure(module, f"setting up the AWS {service} client")
    return None


def create_client(module, service="ec2"):
    """A boto3 client for service, or fail the module with a message that says what to fix.

    Every connection option is checked before the client is built, so bad input never reaches botocore.
    """
    require_boto3(module)
    session_kwargs, client_kwargs = _checked_settings(module)
    client = _build_client(module, service, session_kwargs, client_kwargs)
    # Hooks on the new client, one line each.
    # ConcurrentMutationLimitExceeded is retried within the same attempts as throttling.
    register_concurrent_mutation_retries(client)
    return client
