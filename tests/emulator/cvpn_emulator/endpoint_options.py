# SPDX-License-Identifier: GPL-3.0-or-later
"""Checking the endpoint options of CreateClientVpnEndpoint and ModifyClientVpnEndpoint.

Each ``*_option`` function takes the decoded request value and returns the value stored in the endpoint record
(the ``ClientVpnEndpoint`` response shape), or raises the ``InvalidParameterValue`` AWS would answer.
"""

import ipaddress
import re

from . import errors
from .resources import parse_cidr

ACM_ARN = re.compile(r"^arn:aws[a-z-]*:acm:[a-z]{2}(-[a-z]+)+-\d:\d{12}:certificate/[0-9A-Za-z-]+$")
SAML_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:saml-provider/[\w+=,.@-]+$")
LAMBDA_ARN = re.compile(r"^arn:aws[a-z-]*:lambda:[a-z]{2}(-[a-z]+)+-\d:\d{12}:function:AWSClientVPN-[\w-]+$")
DIRECTORY_ID = re.compile(r"^d-[0-9a-f]{10}$")
SECURITY_GROUP_ID = re.compile(r"^sg-[0-9a-f]{8}([0-9a-f]{9})?$")
VPN_PORTS = (443, 1194)
SESSION_TIMEOUT_HOURS = (8, 10, 12, 24)
MAX_DNS_SERVERS = 2
MAX_SECURITY_GROUPS = 5
MAX_BANNER_LENGTH = 1400
AUTHENTICATION_MEMBERS = {
    "certificate-authentication": ("MutualAuthentication", "ClientRootCertificateChainArn"),
    "directory-service-authentication": ("ActiveDirectory", "DirectoryId"),
    "federated-authentication": ("FederatedAuthentication", "SAMLProviderArn"),
}


def _bad(name, value, allowed):
    return errors.invalid_value(f"Value ({value}) for parameter {name} is invalid. {allowed}")


def acm_arn(name, value):
    if not isinstance(value, str) or not ACM_ARN.match(value):
        raise _bad(
            name, value, "Expected an ACM certificate ARN such as arn:aws:acm:us-east-1:123456789012:certificate/<id>."
        )
    return value


def client_cidr(value):
    network = parse_cidr(value)
    if network is None or not 12 <= network.prefixlen <= 22:
        raise _bad("ClientCidrBlock", value, "Expected an IPv4 CIDR block from /12 to /22, such as 172.16.0.0/22.")
    return value


def vpn_port(value):
    if value not in VPN_PORTS:
        raise _bad("VpnPort", value, "Valid values: 443 | 1194.")
    return value


def session_timeout(value):
    if value not in SESSION_TIMEOUT_HOURS:
        raise _bad("SessionTimeoutHours", value, "Valid values: 8 | 10 | 12 | 24.")
    return value


def dns_servers(name, values):
    if len(values) > MAX_DNS_SERVERS:
        raise _bad(name, ", ".join(values), f"A Client VPN endpoint can have up to {MAX_DNS_SERVERS} DNS servers.")
    for value in values:
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            raise _bad(name, value, "Expected an IPv4 address.") from None
    return list(values)


def security_groups(values):
    if not values or len(values) > MAX_SECURITY_GROUPS:
        raise _bad("SecurityGroupId", ", ".join(values), f"Give 1 to {MAX_SECURITY_GROUPS} security group ids.")
    for value in values:
        if not SECURITY_GROUP_ID.match(value):
            raise errors.ApiError("InvalidGroupId.Malformed", f'Invalid id: "{value}" (expecting "sg-...")', 400)
    return list(values)


def connection_log(value):
    """``ConnectionLogOptions``: Enabled needs a CloudwatchLogGroup."""
    if "Enabled" not in value:
        raise errors.missing_parameter("ConnectionLogOptions.Enabled")
    if value["Enabled"] and not value.get("CloudwatchLogGroup"):
        raise errors.invalid_value(
            "ConnectionLogOptions.CloudwatchLogGroup is required when connection logging is enabled."
        )
    if not value["Enabled"]:
        return {"Enabled": False}
    return dict(value)


def _authentication(option, index):
    kind = option.get("Type")
    if kind not in AUTHENTICATION_MEMBERS:
        raise _bad(f"Authentication.{index}.Type", kind, f"Valid values: {' | '.join(AUTHENTICATION_MEMBERS)}.")
    member, field = AUTHENTICATION_MEMBERS[kind]
    value = (option.get(member) or {}).get(field)
    name = f"Authentication.{index}.{member}.{field}"
    if not value:
        raise errors.missing_parameter(name)
    if kind == "certificate-authentication":
        return {"Type": kind, "MutualAuthentication": {"ClientRootCertificateChain": acm_arn(name, value)}}
    if kind == "directory-service-authentication":
        if not DIRECTORY_ID.match(value):
            raise _bad(name, value, "Expected a directory id such as d-1234567890.")
        return {"Type": kind, "ActiveDirectory": {"DirectoryId": value}}
    if not SAML_ARN.match(value):
        raise _bad(name, value, "Expected an IAM SAML provider ARN.")
    federated = {"SamlProviderArn": value}
    self_service = option["FederatedAuthentication"].get("SelfServiceSAMLProviderArn")
    if self_service:
        federated["SelfServiceSamlProviderArn"] = self_service
    return {"Type": kind, "FederatedAuthentication": federated}


def authentication(options):
    """``AuthenticationOptions`` in the response shape: one or two options, not directory and federated together."""
    if not options or len(options) > 2:
        raise errors.invalid_value("Specify one or two authentication options.")
    result = [_authentication(option, index) for index, option in enumerate(options, 1)]
    kinds = [option["Type"] for option in result]
    if len(set(kinds)) != len(kinds) or {"directory-service-authentication", "federated-authentication"} <= set(kinds):
        raise errors.invalid_combination(f"The authentication options {', '.join(kinds)} cannot be combined.")
    return result


def client_connect(value):
    enabled = value.get("Enabled", False)
    arn = value.get("LambdaFunctionArn")
    if enabled and (not arn or not LAMBDA_ARN.match(arn)):
        raise _bad(
            "ClientConnectOptions.LambdaFunctionArn",
            arn,
            "Expected the ARN of a Lambda function whose name starts with AWSClientVPN-.",
        )
    result = {"Enabled": bool(enabled), "Status": {"Code": "applied"}}
    if enabled:
        result["LambdaFunctionArn"] = arn
    return result


def login_banner(value):
    enabled = value.get("Enabled", False)
    text = value.get("BannerText")
    if enabled and not text:
        raise errors.missing_parameter("ClientLoginBannerOptions.BannerText")
    if text is not None and len(text) > MAX_BANNER_LENGTH:
        raise _bad("ClientLoginBannerOptions.BannerText", f"{text[:20]}...", f"At most {MAX_BANNER_LENGTH} characters.")
    return {"Enabled": True, "BannerText": text} if enabled else {"Enabled": False}


def unsupported(request):
    for name in ("TransitGatewayConfiguration", "DevicePostureOptions"):
        if name in request:
            raise errors.unsupported(f"{name} is not supported by this emulator.")


def self_service_url(endpoint_id, portal, authentication_options):
    """The self-service portal URL, or None; ``enabled`` needs federated authentication."""
    if portal not in ("enabled", "disabled"):
        raise _bad("SelfServicePortal", portal, "Valid values: enabled | disabled.")
    if portal == "disabled":
        return None
    if not any(option["Type"] == "federated-authentication" for option in authentication_options):
        raise errors.invalid_value("The self-service portal needs federated authentication.")
    return f"https://self-service.clientvpn.amazonaws.com/endpoints/{endpoint_id}"


def default_security_group(vpc_id):
    """The id the emulator gives a VPC's default security group: ``sg-`` and the VPC id's digits."""
    return f"sg-{vpc_id.removeprefix('vpc-')}"
