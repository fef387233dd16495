# SPDX-License-Identifier: GPL-3.0-or-later

import pytest

from ansible_collections.vpnops.aws.plugins.modules import client_vpn_route as module
from ansible_collections.vpnops.aws.tests.unit.conftest import assert_failed_before_any_request
from ansible_collections.vpnops.aws.tests.unit.conftest import expect_destination_read
from ansible_collections.vpnops.aws.tests.unit.conftest import expect_dry_run
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page
from ansible_collections.vpnops.aws.tests.unit.conftest import record_with_status
from ansible_collections.vpnops.aws.tests.unit.conftest import requests_to

pytestmark = pytest.mark.usefixtures("no_poll_delay")

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
DESCRIBE = "DescribeClientVpnRoutes"
CREATE = "CreateClientVpnRoute"
DELETE = "DeleteClientVpnRoute"
MUTATING = (CREATE, DELETE)
# The VPC route AWS added on association; the internet route through subnet ...0; a peered VPC through ...1
VPC_ROUTE, INTERNET, PEERED = load_fixture("route_table")["Routes"]
ROUTES = [VPC_ROUTE, INTERNET, PEERED]
SUBNET_A = "subnet-0123456789abcdef0"
SUBNET_B = "subnet-0123456789abcdef1"
NEW_CIDR = "192.168.0.0/16"


def _expect_read(ec2, routes):
    queue_page(
        ec2, "describe_client_vpn_routes", "Routes", routes, {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000}
    )


def _expect_wait_read(ec2, cidr, routes):
    expect_destination_read(ec2, "describe_client_vpn_routes", "Routes", ENDPOINT, cidr, routes)


def _expect(ec2, method, params, code="creating"):
    ec2.add_response(method, {"Status": {"Code": code}}, params)


def _mutations(calls):
    return requests_to(calls, MUTATING)


def _args(**args):
    return dict(
        {"client_vpn_endpoint_id": ENDPOINT, "destination_cidr_block": NEW_CIDR, "target_vpc_subnet_id": SUBNET_A},
        **args,
    )


def _request(cidr=NEW_CIDR, subnet=SUBNET_A, **extra):
    return dict({"ClientVpnEndpointId": ENDPOINT, "DestinationCidrBlock": cidr, "TargetVpcSubnetId": subnet}, **extra)


# ---------------------------------------------------------------------------------------------------------------
# Input validation: every failure names the value, and no request is sent.


@pytest.mark.parametrize(
    "args, fragments",
    [
        (_args(client_vpn_endpoint_id="cvpn-endpoint-123"), ["client_vpn_endpoint_id 'cvpn-endpoint-123'"]),
        (_args(destination_cidr_block="192.168.0.0"), ["destination_cidr_block '192.168.0.0'", "not a CIDR block"]),
        (_args(destination_cidr_block="192.168.1.0/16"), ["'192.168.1.0/16'", "host bits", "192.168.0.0/16"]),
        (_args(destination_cidr_block="internet"), ["'internet'", "not a CIDR block"]),
        (_args(target_vpc_subnet_id="subnet-12"), ["target_vpc_subnet_id 'subnet-12'", "or local"]),
        (_args(target_vpc_subnet_id="LOCAL"), ["target_vpc_subnet_id 'LOCAL'", "or local"]),
        (_args(target_vpc_subnet_id="cvpn-assoc-0123456789abcdef0"), ["'cvpn-assoc-0123456789abcdef0'"]),
        (
            {"client_vpn_endpoint_id": ENDPOINT, "destination_cidr_block": NEW_CIDR},
            ["missing required arguments: target_vpc_subnet_id"],
        ),
        (_args(wait_timeout=0), ["wait_timeout", "got 0"]),
        (_args(state="deleted"), ["state", "present, absent", "deleted"]),
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
            destination_cidr_block="1.2.3.4/8",
            target_vpc_subnet_id="subnet-y",
            wait_timeout=-5,
        ),
    )
    for fragment in ["'cvpn-endpoint-x'", "'1.2.3.4/8'", "'subnet-y'", "got -5"]:
        assert fragment in result["msg"]
    assert calls == []


# ---------------------------------------------------------------------------------------------------------------
# Adding.


@pytest.mark.parametrize("check_mode", [False, True])
def test_adds_a_route(ec2, run_module, calls, check_mode):
    _expect_read(ec2, ROUTES)
    request = _request(Description="Branch office")
    if check_mode:
        expect_dry_run(ec2, "create_client_vpn_route", request)
    else:
        _expect(ec2, "create_client_vpn_route", request)
    result = run_module(module, _args(description="Branch office", wait=False), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["route"] == {
        "client_vpn_endpoint_id": ENDPOINT,
        "destination_cidr": NEW_CIDR,
        "target_subnet": SUBNET_A,
        "origin": "add-route",
        "description": "Branch office",
        "status": {"code": "creating"},
    }
    assert result["diff"] == {
        "before": {},
        "after": {
            "destination_cidr_block": NEW_CIDR,
            "target_vpc_subnet_id": SUBNET_A,
            "description": "Branch office",
            "origin": "add-route",
            "status": "creating",
        },
    }
    assert _mutations(calls) == [(CREATE, dict(request, DryRun=True) if check_mode else request)]


def test_adds_a_route_to_a_destination_through_a_second_subnet_and_waits_for_it(ec2, run_module, calls):
    _expect_read(ec2, ROUTES)
    _expect(ec2, "create_client_vpn_route", _request("0.0.0.0/0", SUBNET_B))
    # AWS answers with every route to the destination: only the one through SUBNET_B counts.
    _expect_wait_read(
        ec2,
        "0.0.0.0/0",
        [record_with_status(INTERNET, "failed"), record_with_status(INTERNET, "creating", TargetSubnet=SUBNET_B)],
    )
    through_b = record_with_status(INTERNET, "active", TargetSubnet=SUBNET_B, Description="")
    _expect_wait_read(ec2, "0.0.0.0/0", [INTERNET, through_b])
    result = run_module(module, _args(destination_cidr_block="0.0.0.0/0", target_vpc_subnet_id=SUBNET_B))
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["route"]["target_subnet"] == SUBNET_B
    assert result["route"]["type"] == "Nat"
    assert result["route"]["status"] == {"code": "active"}


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "args",
    [
        {"destination_cidr_block": "0.0.0.0/0"},
        {"destination_cidr_block": "0.0.0.0/0", "description": "Internet through the VPC"},
        {"destination_cidr_block": "172.16.0.0/16", "target_vpc_subnet_id": SUBNET_B, "description": ""},
        # The route AWS added on association: its description is not compared.
        {"destination_cidr_block": "10.0.0.0/16", "description": "Anything at all"},
    ],
)
def test_an_existing_route_is_left_alone(ec2, run_module, calls, check_mode, args):
    _expect_read(ec2, ROUTES)
    result = run_module(module, _args(**args), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["route"]["destination_cidr"] == args["destination_cidr_block"]
    assert result["diff"]["before"] == result["diff"]["after"]
    assert _mutations(calls) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_another_description_fails_naming_both_and_changes_nothing(ec2, run_module, calls, check_mode):
    _expect_read(ec2, ROUTES)
    result = run_module(
        module, _args(destination_cidr_block="0.0.0.0/0", description="Internet"), check_mode=check_mode
    )
    assert result["failed"] is True
    assert result["changed"] is False
    expected = "description: current 'Internet through the VPC', wanted 'Internet'"
    for fragment in [
        "route to 0.0.0.0/0 through subnet-0123456789abcdef0",
        expected,
        "cannot change",
        "state=absent",
        "Nothing was changed",
    ]:
        assert fragment in result["msg"]
    assert _mutations(calls) == []


def test_a_route_that_aws_calls_a_duplicate_is_no_change(ec2, run_module, calls):
    _expect_read(ec2, [VPC_ROUTE])
    # Another writer added it between the read and the request.
    ec2.add_client_error(
        "create_client_vpn_route",
        "InvalidClientVpnDuplicateRoute",
        "The specified route is a duplicate",
        400,
        expected_params=_request(),
    )
    _expect_read(
        ec2, [VPC_ROUTE, record_with_status(PEERED, "active", DestinationCidr=NEW_CIDR, TargetSubnet=SUBNET_A)]
    )
    result = run_module(module, _args())
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["route"]["destination_cidr"] == NEW_CIDR
    assert result["route"]["status"] == {"code": "active"}


def test_a_route_being_created_is_waited_for_until_active(ec2, run_module, calls):
    _expect_read(ec2, [record_with_status(INTERNET, "creating")])
    _expect_wait_read(ec2, "0.0.0.0/0", [record_with_status(INTERNET, "creating")])
    _expect_wait_read(ec2, "0.0.0.0/0", [INTERNET])
    result = run_module(module, _args(destination_cidr_block="0.0.0.0/0"))
    assert result["changed"] is False
    assert result["route"]["status"] == {"code": "active"}
    assert _mutations(calls) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_failed_route_fails_the_task(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [record_with_status(INTERNET, "failed", "Subnet is not associated")])
    result = run_module(module, _args(destination_cidr_block="0.0.0.0/0"), check_mode=check_mode)
    assert result["failed"] is True
    for fragment in ["reads failed", "Subnet is not associated", "state=absent", "Nothing was changed"]:
        assert fragment in result["msg"]
    assert _mutations(calls) == []


def test_a_route_being_deleted_is_waited_for_before_adding_it_again(ec2, run_module, calls):
    _expect_read(ec2, [record_with_status(INTERNET, "deleting")])
    _expect_wait_read(ec2, "0.0.0.0/0", [])
    _expect(ec2, "create_client_vpn_route", _request("0.0.0.0/0"))
    _expect_wait_read(ec2, "0.0.0.0/0", [dict(INTERNET, Description="")])
    result = run_module(module, _args(destination_cidr_block="0.0.0.0/0"), diff=True)
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["diff"]["before"]["status"] == "deleting"
    assert result["diff"]["after"]["status"] == "active"
    assert _mutations(calls) == [(CREATE, _request("0.0.0.0/0"))]


def test_a_route_being_deleted_fails_without_wait(ec2, run_module, calls):
    _expect_read(ec2, [record_with_status(INTERNET, "deleting")])
    result = run_module(module, _args(destination_cidr_block="0.0.0.0/0", wait=False))
    assert result["failed"] is True
    assert "being deleted" in result["msg"] and "wait=true" in result["msg"]
    assert _mutations(calls) == []


def test_a_route_failing_while_waited_for_fails_the_task_as_changed(ec2, run_module, calls):
    _expect_read(ec2, [])
    _expect(ec2, "create_client_vpn_route", _request())
    _expect_wait_read(
        ec2,
        NEW_CIDR,
        [record_with_status(PEERED, "failed", "No such subnet", DestinationCidr=NEW_CIDR, TargetSubnet=SUBNET_A)],
    )
    result = run_module(module, _args())
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["route"]["status"]["code"] == "failed"
    assert "The change was made" in result["msg"]


def test_second_run_changes_nothing(ec2, run_module, calls):
    _expect_read(ec2, ROUTES)
    _expect(ec2, "create_client_vpn_route", _request())
    first = run_module(module, _args(wait=False))
    _expect_read(ec2, ROUTES + [record_with_status(PEERED, "active", DestinationCidr=NEW_CIDR, TargetSubnet=SUBNET_A)])
    second = run_module(module, _args(wait=False))
    assert (first["changed"], second["changed"]) == (True, False)
    assert len(_mutations(calls)) == 1


# ---------------------------------------------------------------------------------------------------------------
# Deleting.


@pytest.mark.parametrize("check_mode", [False, True])
def test_deletes_a_route(ec2, run_module, calls, check_mode):
    _expect_read(ec2, ROUTES)
    request = _request("172.16.0.0/16", SUBNET_B)
    if check_mode:
        expect_dry_run(ec2, "delete_client_vpn_route", request)
    else:
        _expect(ec2, "delete_client_vpn_route", request, "deleting")
        _expect_wait_read(ec2, "172.16.0.0/16", [record_with_status(PEERED, "deleting")])
        _expect_wait_read(ec2, "172.16.0.0/16", [])
    result = run_module(
        module,
        _args(
            destination_cidr_block="172.16.0.0/16", target_vpc_subnet_id=SUBNET_B, state="absent", description="ignored"
        ),
        check_mode=check_mode,
        diff=True,
    )
    assert result["failed"] is False
    assert result["changed"] is True
    if check_mode:
        assert result["route"]["status"] == {"code": "deleting"}
    else:
        assert result["route"] == {}
        assert result["diff"]["after"] == {}
    assert result["diff"]["before"]["status"] == "active"
    assert _mutations(calls) == [(DELETE, dict(request, DryRun=True) if check_mode else request)]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "args",
    [
        {"destination_cidr_block": NEW_CIDR},
        {"destination_cidr_block": "0.0.0.0/0", "target_vpc_subnet_id": SUBNET_B},
        {"destination_cidr_block": "172.16.0.0/16"},
    ],
)
def test_a_missing_route_is_left_alone(ec2, run_module, calls, check_mode, args):
    _expect_read(ec2, ROUTES)
    result = run_module(module, _args(state="absent", **args), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["route"] == {}
    assert result["diff"] == {"before": {}, "after": {}}
    assert _mutations(calls) == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_the_route_aws_added_on_association_is_never_deleted(ec2, run_module, calls, check_mode):
    _expect_read(ec2, ROUTES)
    result = run_module(module, _args(destination_cidr_block="10.0.0.0/16", state="absent"), check_mode=check_mode)
    assert result["failed"] is True
    assert result["changed"] is False
    for fragment in [
        "route to 10.0.0.0/16 through subnet-0123456789abcdef0",
        "origin associate",
        "vpnops.aws.client_vpn_target_network",
        "Nothing was deleted",
    ]:
        assert fragment in result["msg"]
    assert _mutations(calls) == []


def test_a_route_being_deleted_is_no_change_and_is_waited_for(ec2, run_module, calls):
    _expect_read(ec2, [record_with_status(PEERED, "deleting")])
    _expect_wait_read(ec2, "172.16.0.0/16", [])
    result = run_module(
        module, _args(destination_cidr_block="172.16.0.0/16", target_vpc_subnet_id=SUBNET_B, state="absent")
    )
    assert result["changed"] is False
    assert result["route"] == {}
    assert _mutations(calls) == []


def test_a_route_deleted_by_another_writer_meanwhile_is_no_change(ec2, run_module, calls):
    _expect_read(ec2, [PEERED])
    ec2.add_client_error("delete_client_vpn_route", "InvalidClientVpnRouteNotFound", "The route was not found", 400)
    _expect_read(ec2, [])
    result = run_module(
        module, _args(destination_cidr_block="172.16.0.0/16", target_vpc_subnet_id=SUBNET_B, state="absent")
    )
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["route"] == {}


def test_check_mode_without_permission_fails_naming_the_action(ec2, run_module, calls):
    _expect_read(ec2, ROUTES)
    ec2.add_client_error("delete_client_vpn_route", "UnauthorizedOperation", "You are not authorized", 403)
    result = run_module(module, _args(destination_cidr_block="0.0.0.0/0", state="absent"), check_mode=True)
    assert result["failed"] is True
    assert "ec2:DeleteClientVpnRoute" in result["msg"]
    assert result["changed"] is False
