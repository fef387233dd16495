# SPDX-License-Identifier: GPL-3.0-or-later

import copy

import botocore
import pytest
from packaging.version import Version

from ansible_collections.vpnops.aws.plugins.module_utils import status_wait
from ansible_collections.vpnops.aws.plugins.modules import client_vpn_endpoint as module
from ansible_collections.vpnops.aws.tests.unit.conftest import has_member
from ansible_collections.vpnops.aws.tests.unit.conftest import installed_model_view
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture

EXISTING = load_fixture("endpoint_engineering")
ENDPOINT = EXISTING["ClientVpnEndpointId"]
OTHER = "cvpn-endpoint-0fedcba9876543210"
NEW = "cvpn-endpoint-0aaaaaaaaaaaaaaa1"
CERT = EXISTING["ServerCertificateArn"]
ROOT = EXISTING["AuthenticationOptions"][0]["MutualAuthentication"]["ClientRootCertificateChain"]
VPC = "vpc-0123456789abcdef0"
SG = "sg-0123456789abcdef0"
SAML = "arn:aws:iam::123456789012:saml-provider/corp"
LAMBDA = "arn:aws:lambda:eu-west-1:123456789012:function:AWSClientVPN-check"
MUTATING = (
    "CreateClientVpnEndpoint",
    "ModifyClientVpnEndpoint",
    "DeleteClientVpnEndpoint",
    "CreateTags",
    "DeleteTags",
    "DisassociateClientVpnTargetNetwork",
)
CERT_AUTH = [
    {"type": "certificate-authentication", "mutual_authentication": {"client_root_certificate_chain_arn": ROOT}}
]


@pytest.fixture(autouse=True)
def no_poll_delay(monkeypatch):
    monkeypatch.setattr(status_wait, "POLL_DELAY", 0)


@pytest.fixture
def warnings(monkeypatch):
    """The texts the module passes to warn(), in order."""
    seen = []
    monkeypatch.setattr(module.AnsibleModule, "warn", lambda self, text: seen.append(text))
    return seen


def _create_args(**args):
    """What the task gives to create (or keep) the endpoint of the fixture."""
    base = {
        "name": "engineering-vpn",
        "description": "Engineering remote access",
        "server_certificate_arn": CERT,
        "client_cidr_block": "172.16.0.0/22",
        "authentication_options": CERT_AUTH,
        "connection_log_options": {"enabled": False},
        "dns_servers": ["10.0.0.2"],
        "split_tunnel": True,
        "vpc_id": VPC,
        "security_group_ids": [SG],
        "session_timeout_hours": 12,
    }
    return dict(base, **args)


def _endpoint(**changes):
    endpoint = copy.deepcopy(EXISTING)
    endpoint.update(changes)
    return endpoint


def _expect_list(ec2, *endpoints):
    ec2.add_response("describe_client_vpn_endpoints", {"ClientVpnEndpoints": list(endpoints)}, {"MaxResults": 1000})


def _expect_read(ec2, endpoint_id, *endpoints):
    ec2.add_response(
        "describe_client_vpn_endpoints",
        {"ClientVpnEndpoints": list(endpoints)},
        {"ClientVpnEndpointIds": [endpoint_id]},
    )


def _expect_not_found(ec2, endpoint_id):
    ec2.add_client_error(
        "describe_client_vpn_endpoints",
        "InvalidClientVpnEndpointId.NotFound",
        "not found",
        400,
        expected_params={"ClientVpnEndpointIds": [endpoint_id]},
    )


def _expect_dry_run(ec2, operation, params):
    ec2.add_client_error(
        operation, "DryRunOperation", "Request would have succeeded", 412, expected_params=dict(params, DryRun=True)
    )


def _mutations(calls):
    return [(name, params) for name, params in calls if name in MUTATING]


def _real_mutations(calls):
    return [name for name, params in _mutations(calls) if not params.get("DryRun")]


def _create_request():
    return {
        "ServerCertificateArn": CERT,
        "ClientCidrBlock": "172.16.0.0/22",
        "Description": "Engineering remote access",
        "AuthenticationOptions": [
            {"Type": "certificate-authentication", "MutualAuthentication": {"ClientRootCertificateChainArn": ROOT}}
        ],
        "ConnectionLogOptions": {"Enabled": False},
        "DnsServers": ["10.0.0.2"],
        "SplitTunnel": True,
        "VpcId": VPC,
        "SecurityGroupIds": [SG],
        "SessionTimeoutHours": 12,
        "TagSpecifications": [
            {"ResourceType": "client-vpn-endpoint", "Tags": [{"Key": "Name", "Value": "engineering-vpn"}]}
        ],
    }


# ---------------------------------------------------------------------------------------------------------------
# Input validation: every failure names the option and the value, and no request is sent.


@pytest.mark.parametrize(
    "args, fragments",
    [
        ({"client_vpn_endpoint_id": "cvpn-endpoint-123"}, ["'cvpn-endpoint-123'", "8 or 17"]),
        ({}, ["one of the following is required", "client_vpn_endpoint_id, name"]),
        (_create_args(name=""), ["name ''", "1 to 256"]),
        (_create_args(name="   "), ["name '   '"]),
        (
            _create_args(server_certificate_arn="arn:aws:iam::123456789012:server-certificate/x"),
            ["server_certificate_arn 'arn:aws:iam::123456789012:server-certificate/x'", "ACM certificate ARN"],
        ),
        (_create_args(client_cidr_block="172.16.0.0/24"), ["client_cidr_block '172.16.0.0/24'", "/12 to /22"]),
        (_create_args(client_cidr_block="172.16.0.0/8"), ["client_cidr_block '172.16.0.0/8'", "/12 to /22"]),
        (_create_args(client_cidr_block="172.16.0.1/22"), ["client_cidr_block '172.16.0.1/22'", "host bits"]),
        (_create_args(client_cidr_block="172.16.0.0"), ["client_cidr_block '172.16.0.0'", "/12 to /22"]),
        (_create_args(client_cidr_block="fd00::/64"), ["client_cidr_block 'fd00::/64'", "IPv4"]),
        (_create_args(authentication_options=[]), ["authentication_options has 0 entries"]),
        (_create_args(authentication_options=CERT_AUTH * 3), ["authentication_options has 3 entries"]),
        (_create_args(authentication_options=CERT_AUTH * 2), ["'certificate-authentication' twice"]),
        (
            _create_args(authentication_options=[{"type": "certificate-authentication"}]),
            ["authentication_options[0]", "no mutual_authentication"],
        ),
        (_create_args(authentication_options=[{"type": "kerberos"}]), ["authentication_options", "kerberos"]),
        (
            _create_args(
                authentication_options=[
                    {
                        "type": "certificate-authentication",
                        "mutual_authentication": {"client_root_certificate_chain_arn": "root"},
                    }
                ]
            ),
            ["client_root_certificate_chain_arn 'root'"],
        ),
        (
            _create_args(
                authentication_options=[dict(CERT_AUTH[0], active_directory={"directory_id": "d-1234567890"})]
            ),
            ["takes mutual_authentication only, not active_directory"],
        ),
        (
            _create_args(
                authentication_options=[
                    {"type": "directory-service-authentication", "active_directory": {"directory_id": "corp"}}
                ]
            ),
            ["directory_id 'corp'"],
        ),
        (
            _create_args(
                authentication_options=[
                    {"type": "directory-service-authentication", "active_directory": {"directory_id": "d-1234567890"}},
                    {"type": "federated-authentication", "federated_authentication": {"saml_provider_arn": SAML}},
                ]
            ),
            ["cannot combine directory-service-authentication and federated-authentication"],
        ),
        (
            _create_args(
                authentication_options=[
                    {
                        "type": "federated-authentication",
                        "federated_authentication": {
                            "saml_provider_arn": SAML,
                            "self_service_saml_provider_arn": "portal",
                        },
                    }
                ]
            ),
            ["self_service_saml_provider_arn 'portal'", "SAML provider ARN"],
        ),
        (
            _create_args(connection_log_options={"enabled": True}),
            ["connection_log_options.enabled is true", "cloudwatch_log_group"],
        ),
        (
            _create_args(connection_log_options={"enabled": False, "cloudwatch_log_stream": "s"}),
            ["cloudwatch_log_stream 's' needs cloudwatch_log_group"],
        ),
        (
            _create_args(connection_log_options={"enabled": True, "cloudwatch_log_group": "bad group"}),
            ["cloudwatch_log_group 'bad group'"],
        ),
        (_create_args(connection_log_options={"cloudwatch_log_group": "g"}), ["connection_log_options", "enabled"]),
        (_create_args(dns_servers=["10.0.0.2", "10.0.0.3", "10.0.0.4"]), ["dns_servers has 3 addresses", "at most 2"]),
        (_create_args(dns_servers=["dns.example"]), ["dns_servers contains 'dns.example'"]),
        (_create_args(transport_protocol="quic"), ["transport_protocol", "quic"]),
        (_create_args(vpn_port=80), ["vpn_port", "443", "80"]),
        (_create_args(session_timeout_hours=48), ["session_timeout_hours", "48"]),
        (_create_args(vpc_id="vpc-xyz"), ["vpc_id 'vpc-xyz'", "vpc- followed by"]),
        (_create_args(security_group_ids=[]), ["security_group_ids has 0 ids", "1 to 5"]),
        (_create_args(security_group_ids=[SG] * 2), ["lists an id more than once"]),
        (_create_args(security_group_ids=["sg-1", SG]), ["security_group_ids entry 'sg-1'"]),
        (_create_args(security_group_ids=[f"sg-0123456789abcdef{n}" for n in range(6)]), ["has 6 ids"]),
        (_create_args(self_service_portal="on"), ["self_service_portal", "on"]),
        (_create_args(client_login_banner={"enabled": True}), ["client_login_banner.enabled is true", "banner_text"]),
        (
            _create_args(client_login_banner={"enabled": True, "banner_text": "x" * 1401}),
            ["1401 characters", "at most 1400"],
        ),
        (_create_args(client_connect_options={"enabled": True}), ["client_connect_options.enabled is true"]),
        (
            _create_args(client_connect_options={"enabled": True, "lambda_function_arn": "check"}),
            ["lambda_function_arn 'check'"],
        ),
        (_create_args(description="d" * 256), ["description has 256 characters", "at most 255"]),
        (_create_args(tags={"aws:owner": "me"}), ["tags key 'aws:owner'", "reserved"]),
        (_create_args(tags={"Name": "other"}), ["tags has Name 'other' but name is 'engineering-vpn'"]),
        (_create_args(tags={"team": 5}), ["tags value 5"]),
        (_create_args(wait_timeout=0), ["wait_timeout", "got 0"]),
        (_create_args(state="gone"), ["state", "gone"]),
        (_create_args(profile="ops", secret_key="x"), ["mutually exclusive", "profile"]),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_bad_input_fails_before_any_request(run_module, calls, args, fragments, check_mode):
    result = run_module(module, args, check_mode=check_mode)
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert calls == []


def test_every_bad_value_is_named_in_one_message(run_module, calls):
    result = run_module(
        module,
        _create_args(vpn_port=443, client_cidr_block="10.0.0.0/30", vpc_id="vpc-1", dns_servers=["x"], wait_timeout=-1),
    )
    for fragment in ["'10.0.0.0/30'", "'vpc-1'", "'x'", "got -1"]:
        assert fragment in result["msg"]
    assert calls == []


def test_absent_ignores_the_creation_options(ec2, run_module, calls):
    _expect_list(ec2)
    result = run_module(
        module, {"name": "engineering-vpn", "state": "absent", "vpn_port": 443, "client_cidr_block": "10.0.0.0/30"}
    )
    assert result["failed"] is False and result["changed"] is False


# ---------------------------------------------------------------------------------------------------------------
# Creation.


def test_creates_by_name_with_a_deterministic_client_token(ec2, run_module, calls):
    request = _create_request()
    created = _endpoint(
        ClientVpnEndpointId=NEW,
        Status={"Code": "pending-associate"},
        Tags=[{"Key": "Name", "Value": "engineering-vpn"}],
    )
    _expect_list(ec2, _endpoint(Tags=[{"Key": "Name", "Value": "other"}]))
    ec2.add_response(
        "create_client_vpn_endpoint",
        {"ClientVpnEndpointId": NEW, "Status": {"Code": "pending-associate"}, "DnsName": "vpn.example"},
        dict(request, ClientToken=module.client_token(request)),
    )
    _expect_read(ec2, NEW, dict(created, Status={"Code": "pending"}))
    _expect_read(ec2, NEW, created)
    _expect_read(ec2, NEW, created)
    result = run_module(module, _create_args(), diff=True)
    assert result["failed"] is False, result["msg"]
    assert result["changed"] is True
    assert result["client_vpn_endpoint_id"] == NEW
    assert result["client_vpn_endpoint"]["status"] == {"code": "pending-associate"}
    assert result["client_vpn_endpoint"]["tags"] == {"Name": "engineering-vpn"}
    assert result["client_vpn_endpoint"]["authentication_options"][0]["mutual_authentication"] == {
        "client_root_certificate_chain": ROOT
    }
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["vpn_port"] == 443
    assert _real_mutations(calls) == ["CreateClientVpnEndpoint"]


def test_the_client_token_follows_the_request():
    request = _create_request()
    token = module.client_token(request)
    assert len(token) == 64
    assert module.client_token(copy.deepcopy(request)) == token
    assert module.client_token(dict(request, VpnPort=1194)) != token
    assert module.client_token(request, "cvpn-endpoint-0aaaaaaaaaaaaaaa2") != token


def test_a_token_tied_to_a_deleted_endpoint_is_replaced(ec2, run_module, calls):
    request = _create_request()
    gone = "cvpn-endpoint-0aaaaaaaaaaaaaaa2"
    _expect_list(ec2)
    ec2.add_response(
        "create_client_vpn_endpoint",
        {"ClientVpnEndpointId": gone, "Status": {"Code": "deleted"}},
        dict(request, ClientToken=module.client_token(request)),
    )
    ec2.add_response(
        "create_client_vpn_endpoint",
        {"ClientVpnEndpointId": NEW, "Status": {"Code": "pending-associate"}},
        dict(request, ClientToken=module.client_token(request, gone)),
    )
    created = _endpoint(ClientVpnEndpointId=NEW, Status={"Code": "pending-associate"})
    _expect_read(ec2, NEW, created)
    _expect_read(ec2, NEW, created)
    result = run_module(module, _create_args())
    assert result["client_vpn_endpoint_id"] == NEW
    assert _real_mutations(calls) == ["CreateClientVpnEndpoint", "CreateClientVpnEndpoint"]


def test_check_mode_dry_runs_the_creation_and_predicts_it(ec2, run_module, calls):
    request = _create_request()
    _expect_list(ec2)
    _expect_dry_run(ec2, "create_client_vpn_endpoint", dict(request, ClientToken=module.client_token(request)))
    result = run_module(module, _create_args(), check_mode=True, diff=True)
    assert result["failed"] is False and result["changed"] is True
    assert "client_vpn_endpoint_id" not in result
    assert result["client_vpn_endpoint"]["client_cidr_block"] == "172.16.0.0/22"
    assert result["client_vpn_endpoint"]["tags"] == {"Name": "engineering-vpn"}
    assert result["diff"]["after"]["tags"] == {"Name": "engineering-vpn"}
    assert _real_mutations(calls) == []


def test_check_mode_without_permission_fails_clearly(ec2, run_module, calls):
    _expect_list(ec2)
    ec2.add_client_error("create_client_vpn_endpoint", "UnauthorizedOperation", "no", 403)
    result = run_module(module, _create_args(), check_mode=True)
    assert result["failed"] is True and result["changed"] is False
    assert "ec2:CreateClientVpnEndpoint" in result["msg"]
    assert _real_mutations(calls) == []


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "dropped, fragment",
    [
        ("server_certificate_arn", "needs server_certificate_arn"),
        ("authentication_options", "needs authentication_options"),
        ("client_cidr_block", "needs client_cidr_block"),
    ],
)
def test_creation_needs_its_required_options(ec2, run_module, calls, dropped, fragment, check_mode):
    _expect_list(ec2)
    args = _create_args()
    del args[dropped]
    result = run_module(module, args, check_mode=check_mode)
    assert result["failed"] is True and fragment in result["msg"]
    assert _mutations(calls) == []


def test_security_groups_need_a_vpc_on_creation(ec2, run_module, calls):
    _expect_list(ec2)
    args = _create_args()
    del args["vpc_id"]
    result = run_module(module, args)
    assert result["failed"] is True and "security_group_ids needs vpc_id" in result["msg"]
    assert _mutations(calls) == []


def test_a_create_error_says_nothing_was_created(ec2, run_module):
    _expect_list(ec2)
    ec2.add_client_error(
        "create_client_vpn_endpoint",
        "ConcurrentMutationLimitExceeded",
        "Cannot initiate another change for this endpoint at this time",
        400,
    )
    result = run_module(module, _create_args())
    assert result["failed"] is True and result["changed"] is False
    assert "ConcurrentMutationLimitExceeded" in result["msg"]
    assert "aws_config.retries.max_attempts" in result["msg"]
    assert result["msg"].endswith("No endpoint was created.")


# ---------------------------------------------------------------------------------------------------------------
# Finding the endpoint.


@pytest.mark.parametrize("check_mode", [False, True])
def test_two_endpoints_with_the_name_fail_naming_both(ec2, run_module, calls, check_mode):
    _expect_list(ec2, EXISTING, _endpoint(ClientVpnEndpointId=OTHER))
    result = run_module(module, _create_args(), check_mode=check_mode)
    assert result["failed"] is True
    assert ENDPOINT in result["msg"] and OTHER in result["msg"] and "client_vpn_endpoint_id" in result["msg"]
    assert _mutations(calls) == []


def test_endpoints_being_deleted_do_not_match_the_name(ec2, run_module):
    _expect_list(ec2, _endpoint(ClientVpnEndpointId=OTHER, Status={"Code": "deleting"}), EXISTING)
    result = run_module(module, _create_args())
    assert result["failed"] is False and result["changed"] is False
    assert result["client_vpn_endpoint_id"] == ENDPOINT


def test_an_unknown_id_with_state_present_fails(ec2, run_module, calls):
    _expect_not_found(ec2, OTHER)
    result = run_module(module, {"client_vpn_endpoint_id": OTHER, "vpn_port": 443})
    assert result["failed"] is True
    assert f"{OTHER} was not found" in result["msg"] and "give name instead" in result["msg"]


# ---------------------------------------------------------------------------------------------------------------
# Updates.


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "args",
    [
        _create_args(),
        _create_args(tags={"team": "network"}),
        _create_args(
            security_group_ids=[SG],
            client_cidr_block="172.16.0.0/22",
            transport_protocol="udp",
            connection_log_options={"enabled": False, "cloudwatch_log_group": "ignored"},
            client_login_banner={"enabled": False, "banner_text": "ignored"},
            vpn_port=443,
            self_service_portal="disabled",
            disconnect_on_session_timeout=True,
        ),
        {"client_vpn_endpoint_id": ENDPOINT},
        {"client_vpn_endpoint_id": ENDPOINT, "name": "engineering-vpn", "tags": {"team": "network"}},
    ],
)
def test_an_endpoint_as_wanted_is_left_alone(ec2, run_module, calls, args, check_mode):
    if "client_vpn_endpoint_id" in args:
        _expect_read(ec2, ENDPOINT, EXISTING)
    else:
        _expect_list(ec2, EXISTING)
    result = run_module(module, args, check_mode=check_mode, diff=True)
    assert result["failed"] is False, result["msg"]
    assert result["changed"] is False
    assert result["client_vpn_endpoint_id"] == ENDPOINT
    assert result["client_vpn_endpoint"]["tags"]["team"] == "network"
    assert result["diff"]["before"] == result["diff"]["after"]
    assert _mutations(calls) == []


MODIFY_CASES = [
    ({"vpn_port": 1194}, {"VpnPort": 1194}, {"VpnPort": 1194}),
    ({"dns_servers": []}, {"DnsServers": {"Enabled": False}}, {"DnsServers": []}),
    (
        {"dns_servers": ["10.0.0.3", "10.0.0.2"]},
        {"DnsServers": {"Enabled": True, "CustomDnsServers": ["10.0.0.3", "10.0.0.2"]}},
        {"DnsServers": ["10.0.0.3", "10.0.0.2"]},
    ),
    (
        {"security_group_ids": [SG, "sg-0123456789abcdef1"]},
        {"SecurityGroupIds": ["sg-0123456789abcdef0", "sg-0123456789abcdef1"], "VpcId": VPC},
        {"SecurityGroupIds": [SG, "sg-0123456789abcdef1"]},
    ),
    (
        {"description": "", "split_tunnel": False},
        {"Description": "", "SplitTunnel": False},
        {"Description": "", "SplitTunnel": False},
    ),
    (
        {"client_login_banner": {"enabled": True, "banner_text": "Authorized users only."}},
        {"ClientLoginBannerOptions": {"Enabled": True, "BannerText": "Authorized users only."}},
        {"ClientLoginBannerOptions": {"Enabled": True, "BannerText": "Authorized users only."}},
    ),
    (
        {"connection_log_options": {"enabled": True, "cloudwatch_log_group": "vpn"}},
        {"ConnectionLogOptions": {"Enabled": True, "CloudwatchLogGroup": "vpn"}},
        {"ConnectionLogOptions": {"Enabled": True, "CloudwatchLogGroup": "vpn", "CloudwatchLogStream": "s-1"}},
    ),
    (
        {"server_certificate_arn": ROOT, "session_timeout_hours": 8, "self_service_portal": "enabled"},
        {"ServerCertificateArn": ROOT, "SessionTimeoutHours": 8, "SelfServicePortal": "enabled"},
        {"ServerCertificateArn": ROOT, "SessionTimeoutHours": 8, "SelfServicePortalUrl": "https://portal.example"},
    ),
    # disconnect_on_session_timeout needs a newer botocore than the oldest supported: the tests under "Options
    # newer than the installed botocore" cover it, with the oldest and the newest.
]


@pytest.mark.parametrize("args, request_members, after", MODIFY_CASES)
def test_modifies_in_one_request(ec2, run_module, calls, args, request_members, after):
    request = dict({"ClientVpnEndpointId": ENDPOINT}, **request_members)
    _expect_read(ec2, ENDPOINT, EXISTING)
    ec2.add_response("modify_client_vpn_endpoint", {"Return": True}, request)
    _expect_read(ec2, ENDPOINT, _endpoint(**after))
    result = run_module(module, dict({"client_vpn_endpoint_id": ENDPOINT}, **args), diff=True)
    assert result["failed"] is False, result["msg"]
    assert result["changed"] is True
    assert _real_mutations(calls) == ["ModifyClientVpnEndpoint"]
    for name in args:
        assert result["diff"]["before"].get(name) != result["diff"]["after"].get(name)


@pytest.mark.parametrize("args, request_members, after", MODIFY_CASES)
def test_check_mode_dry_runs_the_modification(ec2, run_module, calls, args, request_members, after):
    _expect_read(ec2, ENDPOINT, EXISTING)
    _expect_dry_run(ec2, "modify_client_vpn_endpoint", dict({"ClientVpnEndpointId": ENDPOINT}, **request_members))
    result = run_module(module, dict({"client_vpn_endpoint_id": ENDPOINT}, **args), check_mode=True, diff=True)
    assert result["failed"] is False and result["changed"] is True
    assert _real_mutations(calls) == []
    for name, value in args.items():
        predicted = result["diff"]["after"].get(name)
        assert predicted == (sorted(value) if name == "security_group_ids" else value)
    # The result is the endpoint as AWS would describe it after the change, but for what AWS alone assigns: the
    # URL of a self-service portal and the log stream it creates when none is named.
    answer = installed_model_view({"ClientVpnEndpoints": [_endpoint(**after)]})["ClientVpnEndpoints"][0]
    described = dict(module._result_endpoint(answer))
    described.pop("self_service_portal_url", None)
    if "cloudwatch_log_stream" not in args.get("connection_log_options", {"cloudwatch_log_stream": None}):
        described["connection_log_options"].pop("cloudwatch_log_stream")
    predicted = dict(result["client_vpn_endpoint"])
    assert "self_service_portal_url" not in predicted
    for key in ("tags", "status", "creation_time"):
        predicted.pop(key, None)
        described.pop(key, None)
    assert predicted == described


@pytest.mark.parametrize("check_mode", [False, True])
def test_what_cannot_change_in_place_fails_before_any_change(ec2, run_module, calls, check_mode):
    _expect_list(ec2, EXISTING)
    result = run_module(
        module,
        _create_args(
            client_cidr_block="10.100.0.0/22",
            transport_protocol="tcp",
            vpn_port=1194,
            authentication_options=[
                {"type": "federated-authentication", "federated_authentication": {"saml_provider_arn": SAML}}
            ],
        ),
        check_mode=check_mode,
    )
    assert result["failed"] is True
    for fragment in [
        f"Client VPN endpoint {ENDPOINT} cannot change in place",
        "client_cidr_block: current '172.16.0.0/22', wanted '10.100.0.0/22'",
        "transport_protocol: current 'udp', wanted 'tcp'",
        "authentication_options: current",
        "federated-authentication",
        "state: absent",
    ]:
        assert fragment in result["msg"]
    assert "vpn_port" not in result["msg"]
    assert _mutations(calls) == []


# ---------------------------------------------------------------------------------------------------------------
# Options newer than the installed botocore: each test runs with the oldest supported botocore (whose model lacks
# the members) and with the newest (whose model has them), and checks what each does.


def _newer_than(release):
    return Version(botocore.__version__) >= Version(release)


NEWER_CREATE_OPTIONS = [
    ({"disconnect_on_session_timeout": True}, {"DisconnectOnSessionTimeout": True}, "1.35.98"),
    ({"endpoint_ip_address_type": "ipv4"}, {"EndpointIpAddressType": "ipv4"}, "1.40.17"),
    ({"traffic_ip_address_type": "dual-stack"}, {"TrafficIpAddressType": "dual-stack"}, "1.40.17"),
    (
        {"disconnect_on_session_timeout": False, "endpoint_ip_address_type": "dual-stack"},
        {"DisconnectOnSessionTimeout": False, "EndpointIpAddressType": "dual-stack"},
        "1.40.17",
    ),
]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("args, members, release", NEWER_CREATE_OPTIONS)
def test_a_creation_option_newer_than_botocore_fails_before_the_request(
    ec2, run_module, calls, args, members, release, check_mode
):
    request = dict(_create_request(), **members)
    sendable = all(has_member("CreateClientVpnEndpointRequest", member) for member in members)
    assert sendable == _newer_than(release)
    _expect_list(ec2)
    if not sendable:
        result = run_module(module, _create_args(wait=False, **args), check_mode=check_mode)
        assert result["failed"] is True and result["changed"] is False
        assert result["msg"].startswith(f"{', '.join(sorted(args))} cannot be used with the installed botocore ")
        for fragment in [
            f"botocore {botocore.__version__}",
            f"no {', '.join(members)} in CreateClientVpnEndpoint",
            f"Install botocore {release} or later (and boto3 of the same release)",
            "out of the task",
            "Nothing was changed.",
        ]:
            assert fragment in result["msg"]
        assert [name for name, _params in calls] == ["DescribeClientVpnEndpoints"]
        return
    if check_mode:
        _expect_dry_run(ec2, "create_client_vpn_endpoint", dict(request, ClientToken=module.client_token(request)))
    else:
        ec2.add_response(
            "create_client_vpn_endpoint",
            {"ClientVpnEndpointId": NEW, "Status": {"Code": "pending-associate"}},
            dict(request, ClientToken=module.client_token(request)),
        )
        _expect_read(ec2, NEW, _endpoint(ClientVpnEndpointId=NEW, **members))
    result = run_module(module, _create_args(wait=False, **args), check_mode=check_mode)
    assert result["failed"] is False, result["msg"]
    assert result["changed"] is True
    sent = [params for name, params in calls if name == "CreateClientVpnEndpoint"]
    assert len(sent) == 1 and all(sent[0][member] == value for member, value in members.items())


@pytest.mark.parametrize("check_mode", [False, True])
def test_disconnect_on_session_timeout_is_compared_only_when_botocore_can_read_it(
    ec2, run_module, calls, warnings, check_mode
):
    args = {"client_vpn_endpoint_id": ENDPOINT, "disconnect_on_session_timeout": False}
    readable = has_member("ClientVpnEndpoint", "DisconnectOnSessionTimeout")
    assert readable == has_member("ModifyClientVpnEndpointRequest", "DisconnectOnSessionTimeout")
    assert readable == _newer_than("1.35.98")
    _expect_read(ec2, ENDPOINT, EXISTING)
    if not readable:
        # The current value cannot be read, so it is not compared: the endpoint is left alone, with a warning.
        result = run_module(module, args, check_mode=check_mode, diff=True)
        assert result["failed"] is False and result["changed"] is False
        assert _mutations(calls) == []
        assert warnings == [
            "disconnect_on_session_timeout was neither compared nor changed: the installed botocore "
            f"{botocore.__version__} does not read ClientVpnEndpoint.DisconnectOnSessionTimeout from AWS's answer. "
            "To manage it, install botocore 1.35.98 or later (and boto3 of the same release)."
        ]
        return
    request = {"ClientVpnEndpointId": ENDPOINT, "DisconnectOnSessionTimeout": False}
    if check_mode:
        _expect_dry_run(ec2, "modify_client_vpn_endpoint", request)
    else:
        ec2.add_response("modify_client_vpn_endpoint", {"Return": True}, request)
        _expect_read(ec2, ENDPOINT, _endpoint(DisconnectOnSessionTimeout=False))
    result = run_module(module, args, check_mode=check_mode, diff=True)
    assert result["failed"] is False, result["msg"]
    assert result["changed"] is True
    assert [params for _name, params in _mutations(calls)] == [dict(request, DryRun=True) if check_mode else request]
    assert result["diff"]["before"]["disconnect_on_session_timeout"] is True
    assert result["diff"]["after"]["disconnect_on_session_timeout"] is False
    assert warnings == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_an_ip_address_type_botocore_cannot_read_is_not_taken_for_a_change_in_place(
    ec2, run_module, calls, warnings, check_mode
):
    args = _create_args(endpoint_ip_address_type="dual-stack", traffic_ip_address_type="ipv6")
    _expect_list(ec2, _endpoint(EndpointIpAddressType="ipv4", TrafficIpAddressType="ipv4"))
    result = run_module(module, args, check_mode=check_mode)
    assert _mutations(calls) == []
    if has_member("ClientVpnEndpoint", "EndpointIpAddressType"):
        assert result["failed"] is True
        assert "endpoint_ip_address_type: current 'ipv4', wanted 'dual-stack'" in result["msg"]
        assert "traffic_ip_address_type: current 'ipv4', wanted 'ipv6'" in result["msg"]
        assert warnings == []
        return
    assert result["failed"] is False and result["changed"] is False
    assert len(warnings) == 1
    assert warnings[0].startswith("endpoint_ip_address_type, traffic_ip_address_type were neither compared nor changed")
    assert "ClientVpnEndpoint.EndpointIpAddressType, ClientVpnEndpoint.TrafficIpAddressType" in warnings[0]
    assert "install botocore 1.40.17 or later" in warnings[0]


@pytest.mark.parametrize(
    "args, deleted, created",
    [
        ({"tags": {"team": "ops"}}, [], [{"Key": "team", "Value": "ops"}]),
        ({"tags": {}}, [{"Key": "team"}], []),
        ({"tags": {"owner": "net"}, "purge_tags": False}, [], [{"Key": "owner", "Value": "net"}]),
        ({"name": "eng-vpn"}, [], [{"Key": "Name", "Value": "eng-vpn"}]),
        ({"name": "eng-vpn", "tags": {}}, [{"Key": "team"}], [{"Key": "Name", "Value": "eng-vpn"}]),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_tags(ec2, run_module, calls, args, deleted, created, check_mode):
    _expect_read(ec2, ENDPOINT, EXISTING)
    changes = []
    if deleted:
        changes.append(("delete_tags", {"Resources": [ENDPOINT], "Tags": deleted}))
    if created:
        changes.append(("create_tags", {"Resources": [ENDPOINT], "Tags": created}))
    for operation, params in changes:
        if check_mode:
            _expect_dry_run(ec2, operation, params)
        else:
            ec2.add_response(operation, {}, params)
    if not check_mode:
        _expect_read(ec2, ENDPOINT, EXISTING)
    result = run_module(module, dict({"client_vpn_endpoint_id": ENDPOINT}, **args), check_mode=check_mode)
    assert result["failed"] is False, result["msg"]
    assert result["changed"] is True
    assert len(_mutations(calls)) == len(changes)
    if check_mode:
        tags = result["client_vpn_endpoint"]["tags"]
        assert "aws:cloudformation:stack-name" in tags
        assert all(tags[tag["Key"]] == tag["Value"] for tag in created)
        assert not any(tag["Key"] in tags for tag in deleted)


def test_a_changed_client_connect_handler_is_waited_for(ec2, run_module, calls):
    _expect_read(ec2, ENDPOINT, EXISTING)
    ec2.add_response(
        "modify_client_vpn_endpoint",
        {"Return": True},
        {"ClientVpnEndpointId": ENDPOINT, "ClientConnectOptions": {"Enabled": True, "LambdaFunctionArn": LAMBDA}},
    )
    applying = _endpoint(
        ClientConnectOptions={"Enabled": True, "LambdaFunctionArn": LAMBDA, "Status": {"Code": "applying"}}
    )
    applied = _endpoint(
        ClientConnectOptions={"Enabled": True, "LambdaFunctionArn": LAMBDA, "Status": {"Code": "applied"}}
    )
    for endpoint in (applying, applied, applied):
        _expect_read(ec2, ENDPOINT, endpoint)
    result = run_module(
        module,
        {
            "client_vpn_endpoint_id": ENDPOINT,
            "client_connect_options": {"enabled": True, "lambda_function_arn": LAMBDA},
        },
    )
    assert result["changed"] is True
    assert result["client_vpn_endpoint"]["client_connect_options"]["status"] == {"code": "applied"}


def test_a_tag_failure_after_the_modification_reports_the_change(ec2, run_module):
    _expect_read(ec2, ENDPOINT, EXISTING)
    ec2.add_response("modify_client_vpn_endpoint", {"Return": True}, {"ClientVpnEndpointId": ENDPOINT, "VpnPort": 1194})
    ec2.add_client_error("delete_tags", "UnauthorizedOperation", "no", 403)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "vpn_port": 1194, "tags": {}})
    assert result["failed"] is True and result["changed"] is True
    assert "ec2:DeleteTags" in result["msg"]
    assert "Already done before the error: ModifyClientVpnEndpoint" in result["msg"]


# ---------------------------------------------------------------------------------------------------------------
# Deletion.


def _networks(*statuses):
    return [
        {
            "AssociationId": f"cvpn-assoc-{index:017x}",
            "ClientVpnEndpointId": ENDPOINT,
            "TargetNetworkId": f"subnet-{index:017x}",
            "Status": {"Code": status},
        }
        for index, status in enumerate(statuses)
    ]


def _expect_networks(ec2, networks):
    ec2.add_response(
        "describe_client_vpn_target_networks",
        {"ClientVpnTargetNetworks": networks},
        {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000},
    )


def test_deletes_after_disassociating_its_target_networks(ec2, run_module, calls):
    networks = _networks("associated", "disassociating", "disassociated")
    _expect_list(ec2, EXISTING)
    _expect_networks(ec2, networks)
    ec2.add_response(
        "disassociate_client_vpn_target_network",
        {"AssociationId": networks[0]["AssociationId"]},
        {"ClientVpnEndpointId": ENDPOINT, "AssociationId": networks[0]["AssociationId"]},
    )
    ec2.add_response(
        "describe_client_vpn_target_networks",
        {"ClientVpnTargetNetworks": networks[:2]},
        {"ClientVpnEndpointId": ENDPOINT},
    )
    ec2.add_response(
        "describe_client_vpn_target_networks", {"ClientVpnTargetNetworks": []}, {"ClientVpnEndpointId": ENDPOINT}
    )
    ec2.add_response("delete_client_vpn_endpoint", {"Status": {"Code": "deleting"}}, {"ClientVpnEndpointId": ENDPOINT})
    _expect_read(ec2, ENDPOINT, _endpoint(Status={"Code": "deleting"}))
    _expect_not_found(ec2, ENDPOINT)
    _expect_not_found(ec2, ENDPOINT)
    result = run_module(module, {"name": "engineering-vpn", "state": "absent"}, diff=True)
    assert result["failed"] is False, result["msg"]
    assert result["changed"] is True
    assert result["client_vpn_endpoint"] == {}
    assert result["client_vpn_endpoint_id"] == ENDPOINT
    assert result["diff"]["after"] == {} and result["diff"]["before"]["client_cidr_block"] == "172.16.0.0/22"
    assert _real_mutations(calls) == ["DisassociateClientVpnTargetNetwork", "DeleteClientVpnEndpoint"]


def test_without_wait_the_endpoint_is_reported_deleting(ec2, run_module, calls):
    _expect_read(ec2, ENDPOINT, EXISTING)
    _expect_networks(ec2, [])
    ec2.add_response("delete_client_vpn_endpoint", {"Status": {"Code": "deleting"}}, {"ClientVpnEndpointId": ENDPOINT})
    _expect_read(ec2, ENDPOINT, _endpoint(Status={"Code": "deleting"}))
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "state": "absent", "wait": False})
    assert result["changed"] is True
    assert result["client_vpn_endpoint"]["status"] == {"code": "deleting"}
    assert _real_mutations(calls) == ["DeleteClientVpnEndpoint"]


def test_check_mode_dry_runs_each_disassociation_and_the_deletion(ec2, run_module, calls):
    networks = _networks("associated", "associating")
    _expect_read(ec2, ENDPOINT, EXISTING)
    _expect_networks(ec2, networks)
    for network in networks:
        _expect_dry_run(
            ec2,
            "disassociate_client_vpn_target_network",
            {"ClientVpnEndpointId": ENDPOINT, "AssociationId": network["AssociationId"]},
        )
    _expect_dry_run(ec2, "delete_client_vpn_endpoint", {"ClientVpnEndpointId": ENDPOINT})
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "state": "absent"}, check_mode=True)
    assert result["failed"] is False and result["changed"] is True
    assert result["client_vpn_endpoint"]["status"] == {"code": "deleting"}
    assert _real_mutations(calls) == []
    assert len(_mutations(calls)) == 3


def test_a_deletion_failure_after_disassociating_reports_the_change(ec2, run_module):
    networks = _networks("associated")
    _expect_read(ec2, ENDPOINT, EXISTING)
    _expect_networks(ec2, networks)
    ec2.add_response(
        "disassociate_client_vpn_target_network",
        {},
        {"ClientVpnEndpointId": ENDPOINT, "AssociationId": networks[0]["AssociationId"]},
    )
    ec2.add_response(
        "describe_client_vpn_target_networks", {"ClientVpnTargetNetworks": []}, {"ClientVpnEndpointId": ENDPOINT}
    )
    ec2.add_client_error("delete_client_vpn_endpoint", "ClientVpnEndpointAssociationExists", "still associated", 400)
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "state": "absent"})
    assert result["failed"] is True and result["changed"] is True
    assert "ClientVpnEndpointAssociationExists" in result["msg"]
    assert "Already done before the error: DisassociateClientVpnTargetNetwork" in result["msg"]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("args", [{"name": "engineering-vpn"}, {"client_vpn_endpoint_id": ENDPOINT}])
def test_nothing_to_delete(ec2, run_module, calls, args, check_mode):
    if "name" in args:
        _expect_list(ec2, _endpoint(Status={"Code": "deleted"}))
    else:
        _expect_not_found(ec2, ENDPOINT)
    result = run_module(module, dict(args, state="absent"), check_mode=check_mode, diff=True)
    assert result["failed"] is False and result["changed"] is False
    assert result["client_vpn_endpoint"] == {}
    assert result["diff"] == {"before": {}, "after": {}}
    assert _mutations(calls) == []


def test_a_deletion_that_does_not_finish_in_time_says_what_was_read(ec2, run_module):
    _expect_read(ec2, ENDPOINT, EXISTING)
    _expect_networks(ec2, [])
    ec2.add_response("delete_client_vpn_endpoint", {"Status": {"Code": "deleting"}}, {"ClientVpnEndpointId": ENDPOINT})
    for _attempt in range(3):
        _expect_read(ec2, ENDPOINT, _endpoint(Status={"Code": "deleting"}))
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "state": "absent", "wait_timeout": 2})
    assert result["failed"] is True and result["changed"] is True
    assert "did not reach deleted within wait_timeout (2 seconds); last read: deleting" in result["msg"]


@pytest.mark.parametrize("has_networks, fails", [(True, False), (False, True)])
def test_check_mode_expects_the_deletion_dry_run_to_see_the_associations_it_left(
    ec2, run_module, calls, has_networks, fails
):
    networks = _networks("associated") if has_networks else []
    _expect_read(ec2, ENDPOINT, EXISTING)
    _expect_networks(ec2, networks)
    for network in networks:
        _expect_dry_run(
            ec2,
            "disassociate_client_vpn_target_network",
            {"ClientVpnEndpointId": ENDPOINT, "AssociationId": network["AssociationId"]},
        )
    ec2.add_client_error(
        "delete_client_vpn_endpoint",
        "ClientVpnEndpointAssociationExists",
        "has associations",
        400,
        expected_params={"ClientVpnEndpointId": ENDPOINT, "DryRun": True},
    )
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "state": "absent"}, check_mode=True)
    assert result["failed"] is fails
    assert result["changed"] is not fails
    if fails:
        assert "ClientVpnEndpointAssociationExists" in result["msg"]
    assert _real_mutations(calls) == []
