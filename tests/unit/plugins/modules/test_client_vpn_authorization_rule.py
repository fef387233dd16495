# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.modules import client_vpn_authorization_rule as module
from ansible_collections.vpnops.aws.tests.unit.conftest import assert_failed_before_any_request
from ansible_collections.vpnops.aws.tests.unit.conftest import expect_destination_read
from ansible_collections.vpnops.aws.tests.unit.conftest import expect_dry_run
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page
from ansible_collections.vpnops.aws.tests.unit.conftest import record_with_status
from ansible_collections.vpnops.aws.tests.unit.conftest import requests_to

pytestmark = pytest.mark.usefixtures("no_poll_delay")

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
DESCRIBE = "DescribeClientVpnAuthorizationRules"
AUTHORIZE = "AuthorizeClientVpnIngress"
REVOKE = "RevokeClientVpnIngress"
MUTATING = (AUTHORIZE, REVOKE)
# 10.0.0.0/16 for all groups; 10.0.2.0/24 for the DBA group (with a description) and for engineering (without)
ALL_VPC, DBA, ENGINEERING = load_fixture("authorization_rule_states")["AuthorizationRules"]
RULES = [ALL_VPC, DBA, ENGINEERING]
DBA_GROUP = DBA["GroupId"]
NEW_CIDR = "10.0.3.0/24"


def _expect_read(ec2, rules):
    queue_page(
        ec2,
        "describe_client_vpn_authorization_rules",
        "AuthorizationRules",
        rules,
        {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000},
    )


def _expect_wait_read(ec2, cidr, rules):
    expect_destination_read(ec2, "describe_client_vpn_authorization_rules", "AuthorizationRules", ENDPOINT, cidr, rules)


def _expect(ec2, method, params, code="authorizing"):
    ec2.add_response(method, {"Status": {"Code": code}}, params)


def _mutations(calls):
    return requests_to(calls, MUTATING)


def _args(**args):
    return dict(
        {"client_vpn_endpoint_id": ENDPOINT, "target_network_cidr": NEW_CIDR, "access_group_id": DBA_GROUP}, **args
    )


def _authorize_request(cidr=NEW_CIDR, **who):
    return dict({"ClientVpnEndpointId": ENDPOINT, "TargetNetworkCidr": cidr}, **(who or {"AccessGroupId": DBA_GROUP}))


# ---------------------------------------------------------------------------------------------------------------
# Input validation: every failure names the value, and no request is sent.


@pytest.mark.parametrize(
    "args, fragments",
    [
        (_args(client_vpn_endpoint_id="cvpn-endpoint-123"), ["client_vpn_endpoint_id 'cvpn-endpoint-123'"]),
        (_args(target_network_cidr="10.0.3.0"), ["target_network_cidr '10.0.3.0'", "not a CIDR block"]),
        (_args(target_network_cidr="10.0.3.1/24"), ["target_network_cidr '10.0.3.1/24'", "host bits", "10.0.3.0/24"]),
        (_args(target_network_cidr="10.0.300.0/24"), ["'10.0.300.0/24'", "not a CIDR block"]),
        (_args(target_network_cidr="10.0.3.0/40"), ["'10.0.3.0/40'", "not a CIDR block"]),
        (_args(access_group_id=None), ["Give access_group_id, or authorize_all_groups=true"]),
        (_args(access_group_id=None, authorize_all_groups=False), ["authorize_all_groups is false"]),
        (_args(authorize_all_groups=True), [repr(DBA_GROUP), "mutually exclusive"]),
        (_args(access_group_id=""), ["access_group_id ''", "empty"]),
        (_args(access_group_id="  "), ["access_group_id '  '", "empty"]),
        (_args(wait_timeout=0), ["wait_timeout", "got 0"]),
        (_args(state="revoked"), ["state", "present, absent", "revoked"]),
        (
            {"client_vpn_endpoint_id": ENDPOINT, "authorize_all_groups": True},
            ["missing required arguments: target_network_cidr"],
        ),
        (_args(aws_config={"retry": 1}), ["aws_config", "'retry'"]),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_bad_input_fails_before_any_request(run_module, calls, args, fragments, check_mode):
    assert_failed_before_any_request(run_module(module, args, check_mode=check_mode), calls, fragments)


def test_every_bad_value_is_named_in_one_message(run_module, calls):
    result = run_module(
        module,
        _args(
            client_vpn_endpoint_id="cvpn-endpoint-x",
            target_network_cidr="10.0.0.1/8",
            access_group_id=None,
            wait_timeout=-5,
        ),
    )
    for fragment in ["'cvpn-endpoint-x'", "'10.0.0.1/8'", "Give access_group_id", "got -5"]:
        assert fragment in result["msg"]
    assert calls == []


# ---------------------------------------------------------------------------------------------------------------
# Authorizing.


@pytest.mark.parametrize("check_mode", [False, True])
def test_authorizes_a_rule_for_a_group(ec2, run_module, calls, check_mode):
    _expect_read(ec2, RULES)
    request = dict(_authorize_request(), Description="DBAs to the reports subnet")
    if check_mode:
        expect_dry_run(ec2, "authorize_client_vpn_ingress", request)
    else:
        _expect(ec2, "authorize_client_vpn_ingress", request)
    result = run_module(
        module, _args(description="DBAs to the reports subnet", wait=False), check_mode=check_mode, diff=True
    )
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["authorization_rule"] == {
        "client_vpn_endpoint_id": ENDPOINT,
        "destination_cidr": NEW_CIDR,
        "access_all": False,
        "group_id": DBA_GROUP,
        "description": "DBAs to the reports subnet",
        "status": {"code": "authorizing"},
    }
    assert result["diff"] == {
        "before": {},
        "after": {
            "target_network_cidr": NEW_CIDR,
            "access_group_id": DBA_GROUP,
            "description": "DBAs to the reports subnet",
            "status": "authorizing",
        },
    }
    assert _mutations(calls) == [(AUTHORIZE, dict(request, DryRun=True) if check_mode else request)]


@pytest.mark.parametrize("check_mode", [False, True])
def test_authorizes_a_rule_for_all_groups_beside_group_rules_for_the_network(ec2, run_module, calls, check_mode):
    _expect_read(ec2, RULES)
    request = _authorize_request("10.0.2.0/24", AuthorizeAllGroups=True)
    if check_mode:
        expect_dry_run(ec2, "authorize_client_vpn_ingress", request)
    else:
        _expect(ec2, "authorize_client_vpn_ingress", request)
        # AWS answers with every rule for the network: only the one for all groups counts.
        authorizing = dict(ALL_VPC, DestinationCidr="10.0.2.0/24", Status={"Code": "authorizing"})
        _expect_wait_read(ec2, "10.0.2.0/24", [DBA, record_with_status(ENGINEERING, "failed"), authorizing])
        _expect_wait_read(ec2, "10.0.2.0/24", [DBA, dict(ALL_VPC, DestinationCidr="10.0.2.0/24", Description="")])
    result = run_module(
        module,
        _args(target_network_cidr="10.0.2.0/24", access_group_id=None, authorize_all_groups=True),
        check_mode=check_mode,
    )
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["authorization_rule"]["access_all"] is True
    assert result["authorization_rule"]["status"] == {"code": "authorizing" if check_mode else "active"}
    assert _mutations(calls) == [(AUTHORIZE, dict(request, DryRun=True) if check_mode else request)]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "args",
    [
        dict(target_network_cidr="10.0.0.0/16", access_group_id=None, authorize_all_groups=True),
        dict(
            target_network_cidr="10.0.0.0/16",
            access_group_id=None,
            authorize_all_groups=True,
            description="Everyone to the VPC",
        ),
        dict(target_network_cidr="10.0.2.0/24", access_group_id=DBA_GROUP),
        dict(target_network_cidr="10.0.2.0/24", access_group_id="engineering", description=""),
    ],
)
def test_an_existing_rule_is_left_alone(ec2, run_module, calls, check_mode, args):
    _expect_read(ec2, RULES)
    result = run_module(module, _args(**args), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["authorization_rule"]["destination_cidr"] == args["target_network_cidr"]
    assert result["diff"]["before"] == result["diff"]["after"]
    assert _mutations(calls) == []


def test_a_rule_being_authorized_is_waited_for_until_active(ec2, run_module, calls):
    _expect_read(ec2, [record_with_status(DBA, "authorizing")])
    _expect_wait_read(ec2, "10.0.2.0/24", [record_with_status(DBA, "authorizing")])
    _expect_wait_read(ec2, "10.0.2.0/24", [DBA])
    result = run_module(module, _args(target_network_cidr="10.0.2.0/24"))
    assert result["changed"] is False
    assert result["authorization_rule"]["status"] == {"code": "active"}
    assert _mutations(calls) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_another_description_fails_naming_both_and_changes_nothing(ec2, run_module, calls, check_mode):
    _expect_read(ec2, RULES)
    result = run_module(
        module, _args(target_network_cidr="10.0.2.0/24", description="DBAs only"), check_mode=check_mode
    )
    assert result["failed"] is True
    assert result["changed"] is False
    for fragment in [
        "10.0.2.0/24",
        repr(DBA_GROUP),
        "description: current 'DBAs to the database subnet', wanted 'DBAs only'",
        "cannot change",
        "state=absent",
        "Nothing was changed",
    ]:
        assert fragment in result["msg"]
    assert _mutations(calls) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_failed_rule_fails_the_task(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [record_with_status(DBA, "failed", "Rule limit exceeded")])
    result = run_module(module, _args(target_network_cidr="10.0.2.0/24"), check_mode=check_mode)
    assert result["failed"] is True
    for fragment in ["reads failed", "Rule limit exceeded", "state=absent", "Nothing was changed"]:
        assert fragment in result["msg"]
    assert _mutations(calls) == []


def test_a_rule_being_revoked_is_waited_for_before_authorizing_again(ec2, run_module, calls):
    _expect_read(ec2, [record_with_status(DBA, "revoking")])
    _expect_wait_read(ec2, "10.0.2.0/24", [record_with_status(DBA, "revoking"), ENGINEERING])
    _expect_wait_read(ec2, "10.0.2.0/24", [ENGINEERING])
    request = _authorize_request("10.0.2.0/24")
    _expect(ec2, "authorize_client_vpn_ingress", request)
    _expect_wait_read(ec2, "10.0.2.0/24", [ENGINEERING, dict(DBA, Description="")])
    result = run_module(module, _args(target_network_cidr="10.0.2.0/24"), diff=True)
    assert result["changed"] is True
    assert result["diff"]["before"]["status"] == "revoking"
    assert result["diff"]["after"]["status"] == "active"
    assert _mutations(calls) == [(AUTHORIZE, request)]


def test_a_rule_being_revoked_fails_without_wait(ec2, run_module, calls):
    _expect_read(ec2, [record_with_status(DBA, "revoking")])
    result = run_module(module, _args(target_network_cidr="10.0.2.0/24", wait=False))
    assert result["failed"] is True
    assert "being revoked" in result["msg"] and "wait=true" in result["msg"]
    assert _mutations(calls) == []


def test_a_rule_authorized_by_another_writer_meanwhile_is_no_change(ec2, run_module, calls):
    _expect_read(ec2, [])
    ec2.add_client_error(
        "authorize_client_vpn_ingress",
        "InvalidClientVpnDuplicateAuthorizationRule",
        "The specified authorization has already been added",
        400,
    )
    _expect_read(ec2, [DBA])
    result = run_module(module, _args(target_network_cidr="10.0.2.0/24"))
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["authorization_rule"]["status"] == {"code": "active"}


def test_a_rule_failing_while_waited_for_fails_the_task_as_changed(ec2, run_module, calls):
    _expect_read(ec2, [])
    _expect(ec2, "authorize_client_vpn_ingress", _authorize_request())
    _expect_wait_read(
        ec2, NEW_CIDR, [record_with_status(DBA, "failed", "Rule limit exceeded", DestinationCidr=NEW_CIDR)]
    )
    result = run_module(module, _args())
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["authorization_rule"]["status"]["code"] == "failed"
    assert "The change was made" in result["msg"]


def test_second_run_changes_nothing(ec2, run_module, calls):
    _expect_read(ec2, RULES)
    _expect(ec2, "authorize_client_vpn_ingress", _authorize_request())
    first = run_module(module, _args(wait=False))
    _expect_read(ec2, RULES + [dict(DBA, DestinationCidr=NEW_CIDR, Description="")])
    second = run_module(module, _args(wait=False))
    assert (first["changed"], second["changed"]) == (True, False)
    assert len(_mutations(calls)) == 1


# ---------------------------------------------------------------------------------------------------------------
# Revoking.


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "args, rule, who",
    [
        (dict(target_network_cidr="10.0.2.0/24"), DBA, {"AccessGroupId": DBA_GROUP}),
        (
            dict(target_network_cidr="10.0.0.0/16", access_group_id=None, authorize_all_groups=True),
            ALL_VPC,
            {"RevokeAllGroups": True},
        ),
    ],
)
def test_revokes_a_rule(ec2, run_module, calls, check_mode, args, rule, who):
    _expect_read(ec2, RULES)
    request = dict({"ClientVpnEndpointId": ENDPOINT, "TargetNetworkCidr": rule["DestinationCidr"]}, **who)
    if check_mode:
        expect_dry_run(ec2, "revoke_client_vpn_ingress", request)
    else:
        _expect(ec2, "revoke_client_vpn_ingress", request, "revoking")
        _expect_wait_read(ec2, rule["DestinationCidr"], [record_with_status(rule, "revoking")])
        _expect_wait_read(ec2, rule["DestinationCidr"], [])
    result = run_module(module, _args(state="absent", description="ignored", **args), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is True
    if check_mode:
        assert result["authorization_rule"]["status"] == {"code": "revoking"}
        assert result["diff"]["after"]["status"] == "revoking"
    else:
        assert result["authorization_rule"] == {}
        assert result["diff"]["after"] == {}
    assert result["diff"]["before"]["status"] == "active"
    assert _mutations(calls) == [(REVOKE, dict(request, DryRun=True) if check_mode else request)]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "args",
    [
        dict(target_network_cidr=NEW_CIDR),
        dict(target_network_cidr="10.0.2.0/24", access_group_id="someone-else"),
        dict(target_network_cidr="10.0.2.0/24", access_group_id=None, authorize_all_groups=True),
        dict(target_network_cidr="10.0.0.0/16"),
    ],
)
def test_a_missing_rule_is_left_alone(ec2, run_module, calls, check_mode, args):
    _expect_read(ec2, RULES)
    result = run_module(module, _args(state="absent", **args), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["authorization_rule"] == {}
    assert result["diff"] == {"before": {}, "after": {}}
    assert _mutations(calls) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_failed_rule_is_revoked(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [record_with_status(DBA, "failed")])
    request = {"ClientVpnEndpointId": ENDPOINT, "TargetNetworkCidr": "10.0.2.0/24", "AccessGroupId": DBA_GROUP}
    if check_mode:
        expect_dry_run(ec2, "revoke_client_vpn_ingress", request)
    else:
        _expect(ec2, "revoke_client_vpn_ingress", request, "revoking")
    result = run_module(
        module, _args(target_network_cidr="10.0.2.0/24", state="absent", wait=False), check_mode=check_mode
    )
    assert result["changed"] is True
    assert result["authorization_rule"]["status"] == {"code": "revoking"}


def test_a_rule_being_revoked_is_no_change_and_is_waited_for(ec2, run_module, calls):
    _expect_read(ec2, [record_with_status(DBA, "revoking")])
    _expect_wait_read(ec2, "10.0.2.0/24", [ENGINEERING])
    result = run_module(module, _args(target_network_cidr="10.0.2.0/24", state="absent"))
    assert result["changed"] is False
    assert result["authorization_rule"] == {}
    assert _mutations(calls) == []


def test_a_rule_revoked_by_another_writer_meanwhile_is_no_change(ec2, run_module, calls):
    _expect_read(ec2, [DBA])
    ec2.add_client_error(
        "revoke_client_vpn_ingress",
        "InvalidClientVpnEndpointAuthorizationRuleNotFound",
        "The authorization rule was not found",
        400,
    )
    _expect_read(ec2, [])
    result = run_module(module, _args(target_network_cidr="10.0.2.0/24", state="absent"))
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["authorization_rule"] == {}


def test_check_mode_without_permission_fails_naming_the_action(ec2, run_module, calls):
    _expect_read(ec2, RULES)
    ec2.add_client_error("authorize_client_vpn_ingress", "UnauthorizedOperation", "You are not authorized", 403)
    result = run_module(module, _args(), check_mode=True)
    assert result["failed"] is True
    assert "ec2:AuthorizeClientVpnIngress" in result["msg"]
    assert result["changed"] is False


def test_a_busy_endpoint_fails_with_advice_once_retries_run_out(ec2, run_module, calls):
    _expect_read(ec2, RULES)
    ec2.add_client_error(
        "authorize_client_vpn_ingress",
        "ConcurrentMutationLimitExceeded",
        "Cannot initiate another change for this endpoint at this time",
        400,
    )
    result = run_module(module, _args())
    assert result["failed"] is True
    assert result["changed"] is False
    assert "ConcurrentMutationLimitExceeded" in result["msg"]
    assert "Nothing was changed" in result["msg"]
