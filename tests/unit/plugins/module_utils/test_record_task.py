# SPDX-License-Identifier: GPL-3.0-or-later
"""RecordTask driven by a small route task against the Stubber: what it reads, reports, sends and waits for."""

import dataclasses

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import status_wait
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import status_code
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import RecordTask
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import Watch
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import StatusWait
from ansible_collections.vpnops.aws.tests.unit.conftest import ROUTE_LIFECYCLE
from ansible_collections.vpnops.aws.tests.unit.conftest import ModuleExit
from ansible_collections.vpnops.aws.tests.unit.conftest import StandInModule

pytestmark = pytest.mark.usefixtures("no_poll_delay")

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
WAIT_REQUEST = {"ClientVpnEndpointId": ENDPOINT, "Filters": [{"Name": "destination-cidr", "Values": [CIDR]}]}


class _RouteTask(RecordTask):
    """The route to CIDR through SUBNET."""

    lifecycle = ROUTE_LIFECYCLE
    result_key = "route"

    def read_record(self):
        routes = self.client.describe_client_vpn_routes(ClientVpnEndpointId=self.endpoint_id)["Routes"]
        return next((route for route in routes if route["DestinationCidr"] == CIDR), None)

    def request(self, action):
        operation = "CreateClientVpnRoute" if action == "create" else "DeleteClientVpnRoute"
        return operation, REQUEST

    def added(self, status, response=None):
        return dict(ROUTE, Status=status, Answered=response is not None)

    def watch(self):
        spec = StatusWait(operation="DescribeClientVpnRoutes", statuses="Routes[].Status.Code", what=f"route to {CIDR}")
        return Watch(spec, WAIT_REQUEST, lambda response: next(iter((response or {}).get("Routes", [])), None))

    def removing_message(self):
        return f"The route to {CIDR} is being deleted and cannot be added again"

    def blocked(self, state):
        if state == "absent" and (self.before or {}).get("Origin") == "associate":
            return "AWS added this route; it is not deleted."
        return None

    def summary(self, record):
        return {"destination": record["DestinationCidr"], "status": status_code(record)} if record else {}


class _ListedWhenGoneTask(_RouteTask):
    """The same, for a kind of record that AWS lists for a while as "deleted" once it is gone."""

    lifecycle = dataclasses.replace(
        _RouteTask.lifecycle, removed="deleted", fails_adding=("failed", "deleting", "deleted"), fails_removing=()
    )


def _task(ec2, task_class=_RouteTask, **module_args):
    return task_class(StandInModule(**module_args), ec2.client)


def _expect_read(ec2, routes):
    ec2.add_response("describe_client_vpn_routes", {"Routes": routes}, {"ClientVpnEndpointId": ENDPOINT})


def _expect_wait_read(ec2, routes):
    ec2.add_response("describe_client_vpn_routes", {"Routes": routes}, WAIT_REQUEST)


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


# ---------------------------------------------------------------------------------------------------------------
# Waiting.


def test_wait_until_live_ends_with_the_record_as_last_read(ec2):
    _expect_wait_read(ec2, [_route("creating")])
    _expect_wait_read(ec2, [ROUTE])
    task = _task(ec2)
    task.after = _route("creating")
    task.wait(gone=False)
    assert task.after == ROUTE


def test_wait_until_gone_ends_with_no_record(ec2):
    _expect_wait_read(ec2, [_route("deleting")])
    _expect_wait_read(ec2, [])
    task = _task(ec2)
    task.after = _route("deleting")
    task.wait(gone=True)
    assert task.after is None


@pytest.mark.parametrize(
    "listed, expected",
    [([], _route("deleted")), ([dict(ROUTE, Status={"Code": "deleted", "Message": "gone"})], None)],
)
def test_wait_until_gone_ends_with_the_removed_status_where_aws_lists_it(ec2, listed, expected):
    _expect_wait_read(ec2, [_route("deleting")])
    _expect_wait_read(ec2, listed)
    task = _task(ec2, _ListedWhenGoneTask)
    task.after = _route("deleting")
    task.wait(gone=True)
    assert task.after == (expected or listed[0])


@pytest.mark.parametrize(
    "gone, listed, task_class",
    [
        (False, _route("failed"), _RouteTask),
        (False, _route("deleting"), _RouteTask),
        (True, _route("failed"), _RouteTask),
        (False, _route("deleted"), _ListedWhenGoneTask),
    ],
)
@pytest.mark.parametrize(
    "changed, consequence",
    [(False, "Nothing was changed."), (True, "The change was made; run the task again to see where it stands.")],
)
def test_a_failure_status_while_waiting_fails_the_task_with_the_record_read(
    ec2, gone, listed, task_class, changed, consequence
):
    _expect_wait_read(ec2, [listed])
    task = _task(ec2, task_class)
    task.after = _route("creating")
    task.changed = changed
    result = _reported(lambda: task.wait(gone=gone))
    assert result["failed"] is True
    assert result["changed"] is changed
    assert result["msg"].startswith(f"The route to {CIDR} reads {status_code(listed)} while waiting for")
    assert result["msg"].endswith(f"a status it does not recover from. {consequence}")
    assert result["route"]["status"] == {"code": status_code(listed)}


def test_a_failure_status_is_not_one_while_waiting_for_a_record_listed_when_gone(ec2):
    _expect_wait_read(ec2, [_route("failed")])
    _expect_wait_read(ec2, [])
    task = _task(ec2, _ListedWhenGoneTask)
    task.after = _route("deleting")
    task.wait(gone=True)
    assert task.after == _route("deleted")


@pytest.mark.parametrize("listed, status", [([], "creating"), ([_route("creating")], "creating")])
def test_wait_timeout_fails_the_task_with_the_record_as_last_known(ec2, monkeypatch, listed, status):
    monkeypatch.setattr(status_wait, "POLL_DELAY", 2)  # so that one read fills wait_timeout
    _expect_wait_read(ec2, listed)
    task = _task(ec2, wait_timeout=1)
    task.after = dict(ROUTE, Status={"Code": "creating"}, Description="as sent")
    result = _reported(lambda: task.wait(gone=False))
    assert result["failed"] is True
    assert "did not reach active within wait_timeout (1 seconds)" in result["msg"]
    assert result["route"]["status"] == {"code": status}
    assert ("description" in result["route"]) is not listed


def test_an_aws_error_while_waiting_fails_the_task_naming_the_read(ec2):
    ec2.add_client_error("describe_client_vpn_routes", "UnauthorizedOperation", "You are not authorized", 403)
    task = _task(ec2)
    task.after = _route("creating")
    task.changed = True
    result = _reported(lambda: task.wait(gone=False))
    assert result["failed"] is True
    assert result["changed"] is True
    assert "ec2:DescribeClientVpnRoutes" in result["msg"]
    assert result["msg"].endswith(
        "Reading the route while waiting failed. The change was made; run the task again to see where it stands."
    )


@pytest.mark.parametrize(
    "state, before",
    [("absent", _route("deleting")), ("present", None), ("present", ROUTE), ("present", _route("failed"))],
)
def test_clear_the_way_leaves_alone_what_is_not_being_removed_for_state_present(ec2, calls, state, before):
    task = _task(ec2, wait=False)
    task.before = task.after = before
    task.clear_the_way(state)
    assert task.after == before
    assert calls == []


def test_clear_the_way_without_wait_fails_and_changes_nothing(ec2, calls):
    task = _task(ec2, wait=False)
    task.before = task.after = _route("deleting")
    result = _reported(lambda: task.clear_the_way("present"))
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["msg"] == (
        f"The route to {CIDR} is being deleted and cannot be added again until that ends; run the task again later, "
        "or with wait=true to wait for it. Nothing was changed."
    )
    assert calls == []


@pytest.mark.parametrize("task_class", [_RouteTask, _ListedWhenGoneTask])
def test_clear_the_way_waits_until_the_record_is_gone(ec2, task_class):
    _expect_wait_read(ec2, [_route("deleting")])
    _expect_wait_read(ec2, [])
    task = _task(ec2, task_class)
    task.before = task.after = _route("deleting")
    task.clear_the_way("present")
    assert task.after is None
    assert task.before == _route("deleting")


@pytest.mark.parametrize(
    "task_class, wait, state, after, expected",
    [
        (_RouteTask, False, "present", _route("creating"), False),
        (_RouteTask, True, "present", None, False),
        (_RouteTask, True, "present", _route("creating"), True),
        (_RouteTask, True, "present", ROUTE, False),
        (_RouteTask, True, "absent", None, False),
        (_RouteTask, True, "absent", _route("deleting"), True),
        # A record still listed, whatever its status, is not gone yet.
        (_RouteTask, True, "absent", {"DestinationCidr": CIDR}, True),
        (_ListedWhenGoneTask, True, "absent", _route("deleting"), True),
        (_ListedWhenGoneTask, True, "absent", _route("deleted"), False),
        (_ListedWhenGoneTask, False, "absent", _route("deleting"), False),
    ],
)
def test_needs_wait(ec2, task_class, wait, state, after, expected):
    task = _task(ec2, task_class, wait=wait)
    task.after = after
    assert task.needs_wait(state) is expected


# ---------------------------------------------------------------------------------------------------------------
# The whole task.


def test_run_adds_waits_and_reports(ec2, calls):
    _expect_read(ec2, [])
    ec2.add_response("create_client_vpn_route", {"Status": {"Code": "creating"}}, REQUEST)
    _expect_wait_read(ec2, [ROUTE])
    result = _reported(_task(ec2, diff=True).run)
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["route"]["status"] == {"code": "active"}
    assert result["diff"] == {"before": {}, "after": {"destination": CIDR, "status": "active"}}
    assert [operation for operation, _params in calls] == [
        "DescribeClientVpnRoutes",
        "CreateClientVpnRoute",
        "DescribeClientVpnRoutes",
    ]


def test_run_waits_for_a_record_being_removed_before_adding_it_again(ec2, calls):
    _expect_read(ec2, [_route("deleting")])
    _expect_wait_read(ec2, [])
    ec2.add_response("create_client_vpn_route", {"Status": {"Code": "creating"}}, REQUEST)
    _expect_wait_read(ec2, [ROUTE])
    result = _reported(_task(ec2, diff=True).run)
    assert result["changed"] is True
    assert result["diff"] == {
        "before": {"destination": CIDR, "status": "deleting"},
        "after": {"destination": CIDR, "status": "active"},
    }
    assert [operation for operation, _params in calls] == [
        "DescribeClientVpnRoutes",
        "DescribeClientVpnRoutes",
        "CreateClientVpnRoute",
        "DescribeClientVpnRoutes",
    ]


@pytest.mark.parametrize("check_mode", [False, True])
def test_run_fails_a_blocked_task_before_any_change(ec2, calls, check_mode):
    _expect_read(ec2, [dict(ROUTE, Origin="associate")])
    result = _reported(_task(ec2, check_mode=check_mode, state="absent").run)
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["msg"] == "AWS added this route; it is not deleted."
    assert [operation for operation, _params in calls] == ["DescribeClientVpnRoutes"]


def test_run_in_check_mode_predicts_without_waiting(ec2, calls):
    _expect_read(ec2, [ROUTE])
    ec2.add_client_error("delete_client_vpn_route", "DryRunOperation", "Would have succeeded", 412)
    result = _reported(_task(ec2, check_mode=True, state="absent").run)
    assert result["changed"] is True
    assert result["route"]["status"] == {"code": "deleting"}
    assert calls == [
        ("DescribeClientVpnRoutes", {"ClientVpnEndpointId": ENDPOINT}),
        ("DeleteClientVpnRoute", dict(REQUEST, DryRun=True)),
    ]


@pytest.mark.parametrize("state, listed", [("present", [ROUTE]), ("absent", [])])
def test_run_leaves_a_record_as_asked_alone(ec2, calls, state, listed):
    _expect_read(ec2, listed)
    result = _reported(_task(ec2, state=state).run)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["route"] == ({} if not listed else result["route"])
    assert [operation for operation, _params in calls] == ["DescribeClientVpnRoutes"]
