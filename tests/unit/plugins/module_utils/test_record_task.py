# SPDX-License-Identifier: GPL-3.0-or-later
"""RecordTask driven by a small route task against the Stubber: what it reads, reports and sends."""

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import status_code
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import Lifecycle
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import RecordTask
from ansible_collections.vpnops.aws.tests.unit.conftest import ModuleExit

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
SUBNET = "subnet-0123456789abcdef0"
CIDR = "172.16.0.0/16"
ROUTE = {
    "ClientVpnEndpointId": ENDPOINT,
    "DestinationCidr": CIDR,
    "TargetSubnet": SUBNET,
    "Origin": "add-route",
    "Status": {"Code": "active"},
}
REQUEST = {"ClientVpnEndpointId": ENDPOINT, "DestinationCidrBlock": CIDR, "TargetVpcSubnetId": SUBNET}


class _Module:
    """What RecordTask uses of an AnsibleModule; exit_json() and fail_json() raise ModuleExit with the result."""

    def __init__(self, check_mode=False, diff=False, **params):
        self.params = dict(client_vpn_endpoint_id=ENDPOINT, state="present", wait=True, wait_timeout=10, **params)
        self.check_mode = check_mode
        self._diff = diff

    def exit_json(self, **result):
        raise ModuleExit(dict(result, failed=False))

    def fail_json(self, msg, **result):
        raise ModuleExit(dict(result, failed=True, msg=msg))


class _RouteTask(RecordTask):
    """The route to CIDR through SUBNET."""

    lifecycle = Lifecycle(
        describe="DescribeClientVpnRoutes",
        noun="route",
        add="create",
        remove="delete",
        adding="creating",
        live="active",
        removing="deleting",
        already_added=("InvalidClientVpnDuplicateRoute",),
        already_removed=("InvalidClientVpnRouteNotFound",),
    )
    result_key = "route"

    def read_record(self):
        routes = self.client.describe_client_vpn_routes(ClientVpnEndpointId=self.endpoint_id)["Routes"]
        return next((route for route in routes if route["DestinationCidr"] == CIDR), None)

    def request(self, action):
        operation = "CreateClientVpnRoute" if action == "create" else "DeleteClientVpnRoute"
        return operation, REQUEST

    def added(self, status, response=None):
        return dict(ROUTE, Status=status, Answered=response is not None)

    def summary(self, record):
        return {"destination": record["DestinationCidr"], "status": status_code(record)} if record else {}


def _task(ec2, **module_args):
    return _RouteTask(_Module(**module_args), ec2.client)


def _expect_read(ec2, routes):
    ec2.add_response("describe_client_vpn_routes", {"Routes": routes}, {"ClientVpnEndpointId": ENDPOINT})


def _expect_read_error(ec2):
    ec2.add_client_error("describe_client_vpn_routes", "InvalidClientVpnEndpointId.NotFound", "No such endpoint", 400)


def _reported(action):
    with pytest.raises(ModuleExit) as caught:
        action()
    return caught.value.result


def test_the_task_starts_with_no_record_and_no_change(ec2):
    task = _task(ec2)
    assert (task.before, task.after, task.changed) == (None, None, False)
    assert task.context == {"client_vpn_endpoint_id": ENDPOINT, "region": "eu-west-1"}


@pytest.mark.parametrize("routes, expected", [([], None), ([ROUTE], ROUTE)])
def test_read_returns_the_record(ec2, routes, expected):
    _expect_read(ec2, routes)
    assert _task(ec2).read() == expected


@pytest.mark.parametrize(
    "changed, consequence",
    [(False, "Nothing was changed."), (True, "The change was made; reading it back failed.")],
)
def test_a_failed_read_says_whether_the_change_was_made(ec2, changed, consequence):
    _expect_read_error(ec2)
    task = _task(ec2)
    task.changed = changed
    task.after = ROUTE
    result = _reported(task.read)
    assert result["failed"] is True
    assert result["changed"] is changed
    assert result["msg"].startswith(f"Client VPN endpoint {ENDPOINT} was not found in region eu-west-1")
    assert result["msg"].endswith(f"AWS said: No such endpoint {consequence}")
    assert result["error"]["code"] == "InvalidClientVpnEndpointId.NotFound"
    assert result["route"]["destination_cidr"] == CIDR


def test_fail_reports_the_record_and_the_details(ec2):
    task = _task(ec2)
    task.after = ROUTE
    result = _reported(lambda: task.fail("It went wrong.", statuses_read=["failed"]))
    assert result == {
        "failed": True,
        "msg": "It went wrong.",
        "changed": False,
        "statuses_read": ["failed"],
        "client_vpn_endpoint_id": ENDPOINT,
        "route": {
            "client_vpn_endpoint_id": ENDPOINT,
            "destination_cidr": CIDR,
            "target_subnet": SUBNET,
            "origin": "add-route",
            "status": {"code": "active"},
        },
    }


@pytest.mark.parametrize("diff", [False, True])
def test_exit_reports_the_record_after_and_the_diff_in_diff_mode(ec2, diff):
    task = _task(ec2, diff=diff)
    task.changed = True
    task.after = ROUTE
    result = _reported(task.exit)
    assert result["changed"] is True
    assert result["route"]["status"] == {"code": "active"}
    if diff:
        assert result["diff"] == {"before": {}, "after": {"destination": CIDR, "status": "active"}}
    else:
        assert "diff" not in result


# ---------------------------------------------------------------------------------------------------------------
# Deciding and acting.


def _route(code):
    return dict(ROUTE, Status={"Code": code})


@pytest.mark.parametrize(
    "state, before, expected",
    [
        ("present", None, "create"),
        ("present", _route("failed"), "create"),
        ("present", _route("deleting"), "create"),
        ("present", _route("creating"), None),
        ("present", _route("active"), None),
        ("absent", None, None),
        ("absent", _route("deleting"), None),
        ("absent", _route("active"), "delete"),
        ("absent", _route("creating"), "delete"),
        ("absent", _route("failed"), "delete"),
    ],
)
def test_action_follows_the_status_read(ec2, state, before, expected):
    task = _task(ec2)
    task.before = before
    assert task.action(state) == expected


@pytest.mark.parametrize(
    "action, operation, method, status",
    [
        ("create", "CreateClientVpnRoute", "create_client_vpn_route", "creating"),
        ("delete", "DeleteClientVpnRoute", "delete_client_vpn_route", "deleting"),
    ],
)
def test_check_sends_the_request_with_dry_run_and_exits_with_the_prediction(
    ec2, calls, action, operation, method, status
):
    ec2.add_client_error(method, "DryRunOperation", "Would have succeeded", 412, dict(REQUEST, DryRun=True))
    task = _task(ec2, check_mode=True, diff=True)
    task.before = task.after = dict(ROUTE, Description="read before")
    result = _reported(lambda: task.check(action))
    assert calls == [(operation, dict(REQUEST, DryRun=True))]
    assert result["changed"] is True
    assert result["route"]["status"] == {"code": status}
    if action == "create":
        assert task.after == dict(ROUTE, Status={"Code": "creating"}, Answered=False)
    else:
        assert task.after == dict(ROUTE, Description="read before", Status={"Code": "deleting"})
    assert result["diff"] == {
        "before": {"destination": CIDR, "status": "active"},
        "after": {"destination": CIDR, "status": status},
    }


def test_check_without_an_action_sends_nothing(ec2, calls):
    task = _task(ec2, check_mode=True)
    task.before = task.after = ROUTE
    result = _reported(lambda: task.check(None))
    assert calls == []
    assert result["changed"] is False
    assert result["route"]["status"] == {"code": "active"}


def test_check_without_permission_fails_and_changes_nothing(ec2):
    ec2.add_client_error("create_client_vpn_route", "UnauthorizedOperation", "You are not authorized", 403)
    task = _task(ec2, check_mode=True)
    result = _reported(lambda: task.check("create"))
    assert result["failed"] is True
    assert result["changed"] is False
    assert "ec2:CreateClientVpnRoute" in result["msg"]


@pytest.mark.parametrize(
    "answer, expected_status",
    [({"Status": {"Code": "creating"}}, {"Code": "creating"}), ({}, {"Code": "creating"})],
)
def test_act_adds_the_record_as_answered(ec2, answer, expected_status):
    ec2.add_response("create_client_vpn_route", answer, REQUEST)
    task = _task(ec2)
    task.act("create")
    assert task.changed is True
    assert task.after == dict(ROUTE, Status=expected_status, Answered=True)


@pytest.mark.parametrize(
    "answer, expected_status",
    [
        ({"Status": {"Code": "deleting", "Message": "soon"}}, {"Code": "deleting", "Message": "soon"}),
        ({}, {"Code": "deleting"}),
    ],
)
def test_act_removes_the_record_read_before(ec2, answer, expected_status):
    ec2.add_response("delete_client_vpn_route", answer, REQUEST)
    task = _task(ec2)
    task.before = task.after = dict(ROUTE, Description="read before")
    task.act("delete")
    assert task.changed is True
    assert task.after == dict(ROUTE, Description="read before", Status=expected_status)


@pytest.mark.parametrize(
    "action, method, code, listed",
    [
        ("create", "create_client_vpn_route", "InvalidClientVpnDuplicateRoute", [ROUTE]),
        ("delete", "delete_client_vpn_route", "InvalidClientVpnRouteNotFound", []),
    ],
)
def test_a_change_another_writer_made_first_is_read_again_as_no_change(ec2, action, method, code, listed):
    ec2.add_client_error(method, code, "Done already", 400, expected_params=REQUEST)
    _expect_read(ec2, listed)
    task = _task(ec2)
    task.before = task.after = _route("deleting") if action == "create" else ROUTE
    task.act(action)
    assert task.changed is False
    assert task.after == (listed[0] if listed else None)


@pytest.mark.parametrize(
    "action, method", [("create", "create_client_vpn_route"), ("delete", "delete_client_vpn_route")]
)
def test_the_other_action_s_done_code_is_an_error(ec2, action, method):
    other_code = "InvalidClientVpnRouteNotFound" if action == "create" else "InvalidClientVpnDuplicateRoute"
    ec2.add_client_error(method, other_code, "Refused", 400)
    task = _task(ec2)
    task.before = task.after = ROUTE
    result = _reported(lambda: task.act(action))
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["error"]["code"] == other_code
    assert result["msg"].endswith("Nothing was changed.")
