# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import status_wait
from ansible_collections.vpnops.aws.plugins.modules import client_vpn_target_network as module
from ansible_collections.vpnops.aws.tests.unit.conftest import assert_failed_before_any_request
from ansible_collections.vpnops.aws.tests.unit.conftest import expect_dry_run
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page
from ansible_collections.vpnops.aws.tests.unit.conftest import record_with_status
from ansible_collections.vpnops.aws.tests.unit.conftest import requests_to

pytestmark = pytest.mark.usefixtures("no_poll_delay")

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
DESCRIBE = "DescribeClientVpnTargetNetworks"
ASSOCIATE = "AssociateClientVpnTargetNetwork"
DISASSOCIATE = "DisassociateClientVpnTargetNetwork"
MUTATING = (ASSOCIATE, DISASSOCIATE)
# subnet ...0 associated as ...0; subnet ...1 disassociated long ago (still listed) as ...9
ASSOCIATED, OLD = load_fixture("target_network_associations")["ClientVpnTargetNetworks"]
SUBNET_IN_USE = ASSOCIATED["TargetNetworkId"]
SUBNET_FREE = OLD["TargetNetworkId"]
NEW_ID = "cvpn-assoc-0fedcba9876543210"


def _new(code):
    """The association that associating SUBNET_FREE makes, with status code."""
    return record_with_status(OLD, code, AssociationId=NEW_ID)


def _expect_read(ec2, associations):
    queue_page(
        ec2,
        "describe_client_vpn_target_networks",
        "ClientVpnTargetNetworks",
        associations,
        {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000},
    )


def _expect_wait_read(ec2, association_id, associations):
    ec2.add_response(
        "describe_client_vpn_target_networks",
        {"ClientVpnTargetNetworks": associations},
        {"ClientVpnEndpointId": ENDPOINT, "AssociationIds": [association_id]},
    )


def _expect_associate(ec2, subnet_id=SUBNET_FREE, association_id=NEW_ID):
    ec2.add_response(
        "associate_client_vpn_target_network",
        {"AssociationId": association_id, "Status": {"Code": "associating"}},
        {"ClientVpnEndpointId": ENDPOINT, "SubnetId": subnet_id},
    )


def _expect_disassociate(ec2, association_id=ASSOCIATED["AssociationId"]):
    ec2.add_response(
        "disassociate_client_vpn_target_network",
        {"AssociationId": association_id, "Status": {"Code": "disassociating"}},
        {"ClientVpnEndpointId": ENDPOINT, "AssociationId": association_id},
    )


def _mutations(calls):
    return requests_to(calls, MUTATING)


def _args(**args):
    return dict({"client_vpn_endpoint_id": ENDPOINT, "subnet_id": SUBNET_FREE}, **args)


# ---------------------------------------------------------------------------------------------------------------
# Input validation: every failure names the value, and no request is sent.


@pytest.mark.parametrize(
    "args, fragments",
    [
        (_args(client_vpn_endpoint_id="cvpn-endpoint-123"), ["client_vpn_endpoint_id 'cvpn-endpoint-123'", "8 or 17"]),
        (_args(subnet_id="subnet-XYZ"), ["subnet_id 'subnet-XYZ'", "subnet- followed by 8 or 17"]),
        (_args(subnet_id="vpc-0123456789abcdef0"), ["subnet_id 'vpc-0123456789abcdef0'", "not a subnet id"]),
        (_args(subnet_id=""), ["subnet_id ''"]),
        ({"client_vpn_endpoint_id": ENDPOINT}, ["missing required arguments: subnet_id"]),
        (_args(wait_timeout=0), ["wait_timeout", "got 0"]),
        (_args(state="associated"), ["state", "present, absent", "associated"]),
        (_args(profile="ops", access_key="AKID"), ["mutually exclusive", "profile"]),
        (_args(aws_config={"retry": 1}), ["aws_config", "'retry'"]),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_bad_input_fails_before_any_request(run_module, calls, args, fragments, check_mode):
    assert_failed_before_any_request(run_module(module, args, check_mode=check_mode), calls, fragments)


def test_every_bad_value_is_named_in_one_message(run_module, calls):
    result = run_module(module, _args(client_vpn_endpoint_id="cvpn-endpoint-x", subnet_id="subnet-y", wait_timeout=-1))
    for fragment in ["'cvpn-endpoint-x'", "'subnet-y'", "got -1"]:
        assert fragment in result["msg"]
    assert calls == []


# ---------------------------------------------------------------------------------------------------------------
# Associating.


@pytest.mark.parametrize("check_mode", [False, True])
def test_associates_a_subnet_whose_old_association_is_disassociated(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [ASSOCIATED, OLD])
    request = {"ClientVpnEndpointId": ENDPOINT, "SubnetId": SUBNET_FREE}
    if check_mode:
        expect_dry_run(ec2, "associate_client_vpn_target_network", request)
    else:
        _expect_associate(ec2)
    result = run_module(module, _args(wait=False), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["status"] == {"code": "associating"}
    assert result["target_network"]["target_network_id"] == SUBNET_FREE
    assert result["diff"]["before"] == {}
    if check_mode:
        assert "association_id" not in result
        assert _mutations(calls) == [(ASSOCIATE, dict(request, DryRun=True))]
        assert result["diff"]["after"] == {"subnet_id": SUBNET_FREE, "status": "associating"}
    else:
        assert result["association_id"] == NEW_ID
        assert _mutations(calls) == [(ASSOCIATE, request)]
        assert result["diff"]["after"] == {"subnet_id": SUBNET_FREE, "association_id": NEW_ID, "status": "associating"}


def test_waits_until_associated_matching_its_own_association_only(ec2, run_module, calls):
    _expect_read(ec2, [ASSOCIATED])
    _expect_associate(ec2)
    # AWS answers with every association of the endpoint, whatever AssociationIds asked for.
    _expect_wait_read(ec2, NEW_ID, [ASSOCIATED, _new("associating")])
    failed_elsewhere = record_with_status(
        ASSOCIATED, "association-failed", AssociationId="cvpn-assoc-0aaaaaaaaaaaaaaaa"
    )
    _expect_wait_read(ec2, NEW_ID, [failed_elsewhere, _new("associating")])
    _expect_wait_read(ec2, NEW_ID, [ASSOCIATED, _new("associated")])
    result = run_module(module, _args())
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["association_id"] == NEW_ID
    assert result["status"] == {"code": "associated"}
    assert result["target_network"] == {
        "association_id": NEW_ID,
        "vpc_id": "vpc-0123456789abcdef0",
        "target_network_id": SUBNET_FREE,
        "client_vpn_endpoint_id": ENDPOINT,
        "status": {"code": "associated"},
        "security_groups": ["sg-0123456789abcdef0"],
    }
    assert [name for name, _params in calls].count(DESCRIBE) == 4


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("code", ["associated", "associating"])
def test_an_associated_subnet_is_left_alone(ec2, run_module, calls, check_mode, code):
    current = record_with_status(ASSOCIATED, code)
    _expect_read(ec2, [current, OLD])
    if code == "associating" and not check_mode:
        _expect_wait_read(ec2, current["AssociationId"], [record_with_status(ASSOCIATED, "associated")])
    result = run_module(module, _args(subnet_id=SUBNET_IN_USE), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["association_id"] == ASSOCIATED["AssociationId"]
    assert result["status"] == {"code": code if check_mode else "associated"}
    assert result["diff"]["before"]["status"] == code
    assert _mutations(calls) == []


def test_second_run_changes_nothing(ec2, run_module, calls):
    _expect_read(ec2, [ASSOCIATED])
    _expect_associate(ec2)
    first = run_module(module, _args(wait=False))
    _expect_read(ec2, [ASSOCIATED, _new("associated")])
    second = run_module(module, _args(wait=False))
    assert first["changed"] is True
    assert second["changed"] is False
    assert second["association_id"] == NEW_ID
    assert len(_mutations(calls)) == 1


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_failed_association_fails_the_task_and_changes_nothing(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [record_with_status(ASSOCIATED, "association-failed", "Subnet has no free addresses")])
    result = run_module(module, _args(subnet_id=SUBNET_IN_USE), check_mode=check_mode)
    assert result["failed"] is True
    assert result["changed"] is False
    for fragment in [
        ASSOCIATED["AssociationId"],
        SUBNET_IN_USE,
        "association-failed",
        "Subnet has no free addresses",
        "state=absent",
        "Nothing was changed",
    ]:
        assert fragment in result["msg"]
    assert _mutations(calls) == []


def test_an_association_being_removed_is_waited_for_before_associating_again(ec2, run_module, calls):
    leaving = record_with_status(ASSOCIATED, "disassociating")
    _expect_read(ec2, [leaving])
    _expect_wait_read(ec2, leaving["AssociationId"], [leaving])
    _expect_wait_read(ec2, leaving["AssociationId"], [])
    _expect_associate(ec2, SUBNET_IN_USE, NEW_ID)
    _expect_wait_read(ec2, NEW_ID, [record_with_status(ASSOCIATED, "associated", AssociationId=NEW_ID)])
    result = run_module(module, _args(subnet_id=SUBNET_IN_USE), diff=True)
    assert result["changed"] is True
    assert result["association_id"] == NEW_ID
    assert result["diff"]["before"]["status"] == "disassociating"
    assert result["diff"]["after"]["status"] == "associated"


def test_an_association_being_removed_fails_without_wait(ec2, run_module, calls):
    _expect_read(ec2, [record_with_status(ASSOCIATED, "disassociating")])
    result = run_module(module, _args(subnet_id=SUBNET_IN_USE, wait=False))
    assert result["failed"] is True
    assert result["changed"] is False
    for fragment in ["being disassociated", ASSOCIATED["AssociationId"], "wait=true", "Nothing was changed"]:
        assert fragment in result["msg"]
    assert _mutations(calls) == []


def test_an_association_made_by_another_writer_meanwhile_is_no_change(ec2, run_module, calls):
    _expect_read(ec2, [])
    ec2.add_client_error(
        "associate_client_vpn_target_network",
        "InvalidClientVpnDuplicateAssociationException",
        "The specified target network has already been associated",
        400,
    )
    _expect_read(ec2, [_new("associated")])
    result = run_module(module, _args())
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["association_id"] == NEW_ID


def test_wait_timeout_fails_and_says_the_change_was_made(ec2, run_module, calls, monkeypatch):
    monkeypatch.setattr(status_wait, "POLL_DELAY", 2)  # so that one read fills wait_timeout
    _expect_read(ec2, [])
    _expect_associate(ec2)
    _expect_wait_read(ec2, NEW_ID, [_new("associating")])
    result = run_module(module, _args(wait_timeout=1))
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["association_id"] == NEW_ID
    assert "wait_timeout" in result["msg"]
    assert "run the task again" in result["msg"]


def test_an_association_failing_while_waited_for_fails_the_task(ec2, run_module, calls):
    _expect_read(ec2, [])
    _expect_associate(ec2)
    _expect_wait_read(ec2, NEW_ID, [_new("association-failed")])
    result = run_module(module, _args())
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["status"]["code"] == "association-failed"
    assert "association-failed" in result["msg"]


# ---------------------------------------------------------------------------------------------------------------
# Disassociating.


@pytest.mark.parametrize("check_mode", [False, True])
def test_disassociates_an_associated_subnet(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [ASSOCIATED, OLD])
    request = {"ClientVpnEndpointId": ENDPOINT, "AssociationId": ASSOCIATED["AssociationId"]}
    if check_mode:
        expect_dry_run(ec2, "disassociate_client_vpn_target_network", request)
    else:
        _expect_disassociate(ec2)
        _expect_wait_read(ec2, ASSOCIATED["AssociationId"], [record_with_status(ASSOCIATED, "disassociating")])
        _expect_wait_read(ec2, ASSOCIATED["AssociationId"], [record_with_status(ASSOCIATED, "disassociated")])
    result = run_module(module, _args(subnet_id=SUBNET_IN_USE, state="absent"), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["association_id"] == ASSOCIATED["AssociationId"]
    assert result["status"] == {"code": "disassociating" if check_mode else "disassociated"}
    assert result["diff"] == {
        "before": {"subnet_id": SUBNET_IN_USE, "association_id": ASSOCIATED["AssociationId"], "status": "associated"},
        "after": {}
        if not check_mode
        else {"subnet_id": SUBNET_IN_USE, "association_id": ASSOCIATED["AssociationId"], "status": "disassociating"},
    }
    expected = dict(request, DryRun=True) if check_mode else request
    assert _mutations(calls) == [(DISASSOCIATE, expected)]


def test_disassociation_wait_ends_when_aws_no_longer_lists_it(ec2, run_module, calls):
    _expect_read(ec2, [ASSOCIATED])
    _expect_disassociate(ec2)
    _expect_wait_read(ec2, ASSOCIATED["AssociationId"], [OLD])
    result = run_module(module, _args(subnet_id=SUBNET_IN_USE, state="absent"))
    assert result["changed"] is True
    assert result["status"] == {"code": "disassociated"}


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("listed", [[], [OLD], [ASSOCIATED]])
def test_a_subnet_without_association_is_left_alone(ec2, run_module, calls, check_mode, listed):
    _expect_read(ec2, listed)
    result = run_module(module, _args(state="absent"), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["target_network"] == {}
    assert "association_id" not in result
    assert "status" not in result
    assert result["diff"] == {"before": {}, "after": {}}
    assert _mutations(calls) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_an_association_being_removed_is_no_change_and_is_waited_for(ec2, run_module, calls, check_mode):
    leaving = record_with_status(ASSOCIATED, "disassociating")
    _expect_read(ec2, [leaving])
    if not check_mode:
        _expect_wait_read(ec2, leaving["AssociationId"], [record_with_status(ASSOCIATED, "disassociated")])
    result = run_module(module, _args(subnet_id=SUBNET_IN_USE, state="absent"), check_mode=check_mode)
    assert result["changed"] is False
    assert result["status"] == {"code": "disassociating" if check_mode else "disassociated"}
    assert _mutations(calls) == []


def test_an_association_removed_by_another_writer_meanwhile_is_no_change(ec2, run_module, calls):
    _expect_read(ec2, [ASSOCIATED])
    ec2.add_client_error(
        "disassociate_client_vpn_target_network",
        "InvalidClientVpnAssociationIdNotFound",
        "The association was not found",
        400,
    )
    _expect_read(ec2, [])
    result = run_module(module, _args(subnet_id=SUBNET_IN_USE, state="absent"))
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["target_network"] == {}


# ---------------------------------------------------------------------------------------------------------------
# AWS errors.


@pytest.mark.parametrize(
    "state, subnet, operation", [("present", SUBNET_FREE, ASSOCIATE), ("absent", SUBNET_IN_USE, DISASSOCIATE)]
)
def test_check_mode_without_permission_fails_naming_the_action(ec2, run_module, calls, state, subnet, operation):
    _expect_read(ec2, [ASSOCIATED])
    method = (
        "associate_client_vpn_target_network" if operation == ASSOCIATE else "disassociate_client_vpn_target_network"
    )
    ec2.add_client_error(method, "UnauthorizedOperation", "You are not authorized", 403)
    result = run_module(module, _args(subnet_id=subnet, state=state), check_mode=True)
    assert result["failed"] is True
    assert f"ec2:{operation}" in result["msg"]
    assert result["error"]["code"] == "UnauthorizedOperation"


@pytest.mark.parametrize("check_mode", [False, True])
def test_an_unknown_endpoint_fails_on_the_read(ec2, run_module, calls, check_mode):
    ec2.add_client_error(
        "describe_client_vpn_target_networks", "InvalidClientVpnEndpointId.NotFound", "The endpoint was not found", 400
    )
    result = run_module(module, _args(), check_mode=check_mode)
    assert result["failed"] is True
    assert ENDPOINT in result["msg"] and "not found" in result["msg"]
    assert _mutations(calls) == []


def test_a_refused_association_fails_and_says_nothing_changed(ec2, run_module, calls):
    _expect_read(ec2, [ASSOCIATED])
    ec2.add_client_error(
        "associate_client_vpn_target_network",
        "InvalidClientVpnSubnetId.DuplicateAz",
        "A subnet in this Availability Zone is already associated",
        400,
    )
    result = run_module(module, _args())
    assert result["failed"] is True
    assert result["changed"] is False
    assert "InvalidClientVpnSubnetId.DuplicateAz" in result["msg"]
    assert "Nothing was changed" in result["msg"]
