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

from ansible_collections.vpnops.aws.plugins.module_utils.response_parser import ResponseParsers
from ansible_collections.vpnops.aws.plugins.module_utils.retries import register_concurrent_mutation_retries

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
            return environ[name]
    return None


def resolve_connection(params, environ=None):
    """Return (session_kwargs, client_kwargs) for boto3 from module parameters and the environment."""
    environ = os.environ if environ is None else environ
    session_kwargs = {}
    if params.get("profile"):
        session_kwargs["profile_name"] = params["profile"]
    else:
        boto_names = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token")
        for option, boto_name in zip(CREDENTIAL_OPTIONS, boto_names):
            value = params.get(option) or _from_environment(option, environ)
            if value:
                session_kwargs[boto_name] = value
    region = params.get("region") or _from_environment("region", environ)
    if region:
        session_kwargs["region_name"] = region
    client_kwargs = {}
    endpoint_url = params.get("endpoint_url") or _from_environment("endpoint_url", environ)
    if endpoint_url:
        client_kwargs["endpoint_url"] = endpoint_url
    if not params.get("validate_certs", True):
        client_kwargs["verify"] = False
    elif params.get("aws_ca_bundle"):
        client_kwargs["verify"] = params["aws_ca_bundle"]
    return session_kwargs, client_kwargs


def botocore_config(aws_config):
    """A botocore Config with the collection's retry defaults, overridden by the user's aws_config.

    Raises ValueError naming the unknown keys.
    """
    unknown = sorted(set(aws_config or {}) - set(botocore.config.Config.OPTION_DEFAULTS))
    if unknown:
        valid = ", ".join(sorted(botocore.config.Config.OPTION_DEFAULTS))
        raise ValueError(f"unknown key(s) {', '.join(map(repr, unknown))}; valid keys are: {valid}")
    settings = {"retries": dict(DEFAULT_RETRIES), "user_agent_extra": USER_AGENT}
    for key, value in (aws_config or {}).items():
        if key == "retries" and isinstance(value, dict):
            settings["retries"].update(value)
        else:
            settings[key] = value
    return botocore.config.Config(**settings)


def botocore_session():
    """A new botocore session whose EC2 clients parse responses with the collection's compiled parser."""
    session = botocore.session.Session()
    session.register_component("response_parser_factory", ResponseParsers())
    return session


def require_boto3(module):
    if not HAS_BOTO3:
        module.fail_json(msg=missing_required_lib("boto3 and botocore"))


def create_client(module, service="ec2"):
    """A boto3 client for service, or fail the module with a message that says what to fix."""
    require_boto3(module)
    session_kwargs, client_kwargs = resolve_connection(module.params)
    try:
        config = botocore_config(module.params.get("aws_config"))
    except (TypeError, ValueError) as exc:
        module.fail_json(msg=f"Invalid aws_config: {exc}.")
    try:
        session = boto3.session.Session(botocore_session=botocore_session(), **session_kwargs)
        # ConcurrentMutationLimitExceeded is retried within the same attempts as throttling.
        return register_concurrent_mutation_retries(session.client(service, config=config, **client_kwargs))
    except botocore.exceptions.ProfileNotFound:
        module.fail_json(msg=f"The AWS profile {session_kwargs['profile_name']!r} was not found in the "
                             "shared configuration or credentials files.")
    except botocore.exceptions.NoRegionError:
        module.fail_json(msg="No AWS region was given: set the region option or the AWS_REGION environment "
                             "variable.")
    except (botocore.exceptions.BotoCoreError, ValueError) as exc:
        module.fail_json(msg=f"Could not set up the AWS {service} client: {exc}")
    return None
