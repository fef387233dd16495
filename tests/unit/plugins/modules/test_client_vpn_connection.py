# SPDX-License-Identifier: GPL-3.0-or-later

import copy

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import waiters
from ansible_collections.vpnops.aws.plugins.modules import client_vpn_connection as module
from ansible_collections.vpnops.aws.tests.unit.conftest import REGION
from ansible_collections.vpnops.aws.tests.unit.conftest import load_fixture
from ansible_collections.vpnops.aws.tests.unit.conftest import queue_page

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
DESCRIBE = "DescribeClientVpnConnections"
TERMINATE = "TerminateClientVpnConnections"
# active, failed-to-terminate, terminating, terminated (all of alice)
MIXED = load_fixture("connection_mixed")["Connections"]
ACTIVE, FAILED, TERMINATING, TERMINATED = MIXED
SEVEN = load_fixture("connection_seven_active")["Connections"]
# Certificate users (no Username) and one Active Directory user; see _cert() for the numbers.
CERTIFICATES = load_fixture("connection_certificates")["Connections"]
UNKNOWN_ID = "cvpn-connection-0ffffffffffffffff"


def _id(connection):
    return connection["ConnectionId"]


def _with_status(connection, code, message=None):
    changed = copy.deepcopy(connection)
    changed["Status"] = {"Code": code}
    if message:
        changed["Status"]["Message"] = message
    return changed


def _id_filter(*connections):
    return [{"Name": "connection-id", "Values": [_id(c) for c in connections]}]


def _expect_read(ec2, connections, filters, token_in=None, token_out=None):
    request = {"ClientVpnEndpointId": ENDPOINT, "Filters": filters, "MaxResults": 1000}
    queue_page(ec2, "describe_client_vpn_connections", "Connections", connections, request, token_in, token_out)


def _expect_terminate(ec2, connection, current="terminating"):
    response = load_fixture("connection_terminate")
    response["ConnectionStatuses"] = [
        {
            "ConnectionId": _id(connection),
            "PreviousStatus": connection["Status"],
            "CurrentStatus": {"Code": current},
        }
    ]
    ec2.add_response(
        "terminate_client_vpn_connections", response, {"ClientVpnEndpointId": ENDPOINT, "ConnectionId": _id(connection)}
    )


def _expect_dry_run(ec2, connection, code="DryRunOperation", status=412):
    ec2.add_client_error(
        "terminate_client_vpn_connections",
        code,
        "AWS message",
        status,
        expected_params={"ClientVpnEndpointId": ENDPOINT, "ConnectionId": _id(connection), "DryRun": True},
    )


def _expect_targets(ec2, check_mode, targets):
    """Queue the terminate requests for targets, or the one DryRun request check mode sends."""
    if check_mode:
        if targets:
            _expect_dry_run(ec2, targets[0])
    else:
        for connection in targets:
            _expect_terminate(ec2, connection)


def _terminated_ids(calls):
    """Ids of the connections that real (not DryRun) terminate requests were sent for."""
    return [params["ConnectionId"] for name, params in calls if name == TERMINATE and not params.get("DryRun")]


def _dry_runs(calls):
    return [params for name, params in calls if name == TERMINATE and params.get("DryRun")]


def _statuses(result):
    return [
        (s["connection_id"], s["previous_status"]["code"], s["current_status"]["code"])
        for s in result["connection_statuses"]
    ]


def _args(**args):
    return dict({"client_vpn_endpoint_id": ENDPOINT}, **args)


def _cert(number):
    """The connection of CERTIFICATES with id number: 0x21 device-5 active, 0x22 device-9 active, 0x23 device-5
    failed-to-terminate, 0x24 Device-5 (capital D) active, 0x25 device-5 terminated, 0x26 device-5 active,
    0x27 device-7 terminating, 0x28 alice (Active Directory) active."""
    return next(c for c in CERTIFICATES if c["ConnectionId"] == f"cvpn-connection-{number:017x}")


def _expect_read_all(ec2, connections, token_in=None, token_out=None):
    """Queue a page of the unfiltered read that common_names makes."""
    request = {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000}
    queue_page(ec2, "describe_client_vpn_connections", "Connections", connections, request, token_in, token_out)


# ---------------------------------------------------------------------------------------------------------------
# Input validation: every failure names the value, and no request is sent.


@pytest.mark.parametrize(
    "args, fragments",
    [
        (_args(client_vpn_endpoint_id="cvpn-endpoint-123", username="alice"), ["'cvpn-endpoint-123'", "8 or 17"]),
        (_args(client_vpn_endpoint_id="vpn-0123456789abcdef0", username="alice"), ["'vpn-0123456789abcdef0'"]),
        (_args(connection_ids=["cvpn-connection-XYZ"]), ["'cvpn-connection-XYZ'", "8 or 17"]),
        (
            _args(connection_ids=[_id(ACTIVE), "cvpn-endpoint-0123456789abcdef0"]),
            ["'cvpn-endpoint-0123456789abcdef0'", "not a Client VPN connection id"],
        ),
        (_args(connection_ids=[]), ["connection_ids is empty"]),
        (_args(username=""), ["username ''", "empty"]),
        (_args(username="   "), ["username '   '", "empty"]),
        (_args(connection_ids=[_id(ACTIVE)], username="alice"), ["mutually exclusive", "connection_ids|username"]),
        (
            _args(connection_ids=[_id(ACTIVE)], common_names=["device-5.example.com"]),
            ["mutually exclusive", "connection_ids|username|common_names"],
        ),
        (
            _args(username="alice", common_names=["alice"]),
            ["mutually exclusive", "connection_ids|username|common_names"],
        ),
        (_args(), ["one of the following is required", "connection_ids, username, common_names"]),
        (_args(common_names=[]), ["common_names is empty"]),
        (_args(common_names=[""]), ["common_names contains ''", "empty or blank"]),
        (_args(common_names=["device-5.example.com", "\t"]), ["common_names contains '\\t'", "empty or blank"]),
        (_args(common_names=[5]), ["common_names contains 5 of type int", "must be a string"]),
        (_args(common_names=[None]), ["common_names contains None of type NoneType"]),
        (
            _args(common_names=[["device-5.example.com"]]),
            ["common_names contains ['device-5.example.com'] of type list"],
        ),
        (
            _args(common_names=["device-5.example.com "]),
            ["common_names contains 'device-5.example.com '", "white space at its start or end"],
        ),
        (_args(username="alice", max_terminations=-1), ["max_terminations must be 0 or more, got -1"]),
        (_args(common_names=["device-5.example.com"], max_terminations="many"), ["max_terminations", "many"]),
        (_args(username="alice", wait_timeout=0), ["wait_timeout", "got 0"]),
        (_args(username="alice", wait_timeout=-30), ["wait_timeout", "got -30"]),
        (_args(username="alice", state="absent"), ["state", "terminated", "absent"]),
        (_args(username="alice", profile="ops", secret_key="x"), ["mutually exclusive", "profile"]),
        (_args(username="alice", aws_config={"retry": 1}), ["aws_config", "'retry'"]),
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
        _args(
            client_vpn_endpoint_id="cvpn-endpoint-x",
            connection_ids=["cvpn-connection-1", "cvpn-connection-2"],
            wait_timeout=0,
        ),
    )
    for fragment in ["'cvpn-endpoint-x'", "'cvpn-connection-1'", "'cvpn-connection-2'", "got 0"]:
        assert fragment in result["msg"]
    assert calls == []


# ---------------------------------------------------------------------------------------------------------------
# Selection and termination.


@pytest.mark.parametrize("check_mode", [False, True])
def test_terminates_active_and_failed_to_terminate_and_skips_the_rest(ec2, run_module, calls, check_mode):
    _expect_read(ec2, MIXED, _id_filter(*MIXED))
    _expect_targets(ec2, check_mode, [ACTIVE, FAILED])
    result = run_module(module, _args(connection_ids=[_id(c) for c in MIXED]), check_mode=check_mode)
    assert result["failed"] is False
    assert result["changed"] is True
    assert _statuses(result) == [
        (_id(ACTIVE), "active", "terminating"),
        (_id(FAILED), "failed-to-terminate", "terminating"),
    ]
    assert result["connection_statuses"][1]["previous_status"] == {
        "code": "failed-to-terminate",
        "message": FAILED["Status"]["Message"],
    }
    assert result["client_vpn_endpoint_id"] == ENDPOINT
    assert "username" not in result
    if check_mode:
        assert _terminated_ids(calls) == []
        assert _dry_runs(calls) == [{"ClientVpnEndpointId": ENDPOINT, "ConnectionId": _id(ACTIVE), "DryRun": True}]
    else:
        assert _terminated_ids(calls) == [_id(ACTIVE), _id(FAILED)]
        assert _dry_runs(calls) == []
    assert [name for name, _params in calls].count(DESCRIBE) == 1


@pytest.mark.parametrize("check_mode", [False, True])
def test_terminating_and_terminated_connections_are_left_alone(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [TERMINATING, TERMINATED], _id_filter(TERMINATING, TERMINATED))
    result = run_module(module, _args(connection_ids=[_id(TERMINATING), _id(TERMINATED)]), check_mode=check_mode)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["connection_statuses"] == []
    assert [name for name, _params in calls] == [DESCRIBE]


def test_second_run_changes_nothing(ec2, run_module, calls):
    ids = [_id(ACTIVE), _id(FAILED)]
    _expect_read(ec2, [ACTIVE, FAILED], _id_filter(ACTIVE, FAILED))
    _expect_terminate(ec2, ACTIVE)
    _expect_terminate(ec2, FAILED)
    first = run_module(module, _args(connection_ids=ids))
    assert first["changed"] is True
    after = [_with_status(ACTIVE, "terminating"), _with_status(FAILED, "terminated")]
    _expect_read(ec2, after, _id_filter(ACTIVE, FAILED))
    second = run_module(module, _args(connection_ids=ids))
    assert second["failed"] is False
    assert second["changed"] is False
    assert second["connection_statuses"] == []
    assert _terminated_ids(calls) == ids


@pytest.mark.parametrize("check_mode", [False, True])
def test_duplicate_ids_are_read_and_terminated_once_in_the_given_order(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [ACTIVE, FAILED], _id_filter(FAILED, ACTIVE))
    _expect_targets(ec2, check_mode, [FAILED, ACTIVE])
    result = run_module(module, _args(connection_ids=[_id(FAILED), _id(ACTIVE), _id(FAILED)]), check_mode=check_mode)
    assert [s["connection_id"] for s in result["connection_statuses"]] == [_id(FAILED), _id(ACTIVE)]
    assert _terminated_ids(calls) == ([] if check_mode else [_id(FAILED), _id(ACTIVE)])


@pytest.mark.parametrize("check_mode", [False, True])
def test_username_terminates_each_active_connection_by_id(ec2, run_module, calls, check_mode):
    _expect_read(ec2, SEVEN, [{"Name": "username", "Values": ["carol"]}])
    _expect_targets(ec2, check_mode, SEVEN)
    result = run_module(module, _args(username="carol"), check_mode=check_mode)
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["username"] == "carol"
    assert [s["connection_id"] for s in result["connection_statuses"]] == [_id(c) for c in SEVEN]
    if check_mode:
        assert _terminated_ids(calls) == []
        assert len(_dry_runs(calls)) == 1
    else:
        assert _terminated_ids(calls) == [_id(c) for c in SEVEN]
        assert all("Username" not in params for _name, params in calls if _name == TERMINATE)


@pytest.mark.parametrize("check_mode", [False, True])
def test_username_without_active_connections_is_no_change(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [TERMINATING, TERMINATED], [{"Name": "username", "Values": ["alice"]}])
    result = run_module(module, _args(username="alice"), check_mode=check_mode)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["connection_statuses"] == []
    assert result["username"] == "alice"
    assert [name for name, _params in calls] == [DESCRIBE]


@pytest.mark.parametrize("check_mode", [False, True])
def test_unknown_username_is_no_change(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [], [{"Name": "username", "Values": ["nobody"]}])
    result = run_module(module, _args(username="nobody"), check_mode=check_mode)
    assert result["changed"] is False
    assert result["connection_statuses"] == []
    assert [name for name, _params in calls] == [DESCRIBE]


@pytest.mark.parametrize("check_mode", [False, True])
def test_unknown_ids_fail_before_anything_is_terminated(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [ACTIVE], [{"Name": "connection-id", "Values": [_id(ACTIVE), UNKNOWN_ID]}])
    result = run_module(module, _args(connection_ids=[_id(ACTIVE), UNKNOWN_ID]), check_mode=check_mode)
    assert result["failed"] is True
    assert UNKNOWN_ID in result["msg"]
    assert _id(ACTIVE) not in result["msg"]
    assert "60 minutes" in result["msg"]
    assert ENDPOINT in result["msg"] and REGION in result["msg"]
    assert "Nothing was terminated" in result["msg"]
    assert [name for name, _params in calls] == [DESCRIBE]


@pytest.mark.parametrize("check_mode", [False, True])
def test_ids_are_read_across_pages(ec2, run_module, calls, check_mode):
    _expect_read(ec2, [ACTIVE], _id_filter(ACTIVE, FAILED), token_out="t1")
    _expect_read(ec2, [FAILED], _id_filter(ACTIVE, FAILED), token_in="t1")
    _expect_targets(ec2, check_mode, [ACTIVE, FAILED])
    result = run_module(module, _args(connection_ids=[_id(ACTIVE), _id(FAILED)]), check_mode=check_mode)
    assert result["failed"] is False
    assert len(result["connection_statuses"]) == 2


@pytest.mark.parametrize("check_mode", [False, True])
def test_many_ids_are_read_in_batches(ec2, run_module, calls, monkeypatch, check_mode):
    monkeypatch.setattr(waiters, "CONNECTION_ID_BATCH", 2)
    _expect_read(ec2, [ACTIVE, FAILED], _id_filter(ACTIVE, FAILED))
    _expect_read(ec2, [TERMINATING, TERMINATED], _id_filter(TERMINATING, TERMINATED))
    _expect_targets(ec2, check_mode, [ACTIVE, FAILED])
    result = run_module(module, _args(connection_ids=[_id(c) for c in MIXED]), check_mode=check_mode)
    assert result["failed"] is False
    assert [s["connection_id"] for s in result["connection_statuses"]] == [_id(ACTIVE), _id(FAILED)]


def test_a_full_batch_is_two_hundred_ids(ec2, run_module, calls):
    ids = [f"cvpn-connection-{n:017x}" for n in range(201)]
    terminated = [dict(_with_status(TERMINATED, "terminated"), ConnectionId=i) for i in ids]
    _expect_read(ec2, terminated[:200], [{"Name": "connection-id", "Values": ids[:200]}])
    _expect_read(ec2, terminated[200:], [{"Name": "connection-id", "Values": ids[200:]}])
    result = run_module(module, _args(connection_ids=ids))
    assert result["changed"] is False
    assert [name for name, _params in calls] == [DESCRIBE, DESCRIBE]


# ---------------------------------------------------------------------------------------------------------------
# Errors.


def test_failure_midway_reports_what_was_already_terminated(ec2, run_module, calls):
    _expect_read(ec2, SEVEN[:3], [{"Name": "username", "Values": ["carol"]}])
    _expect_terminate(ec2, SEVEN[0])
    ec2.add_client_error(
        "terminate_client_vpn_connections",
        "InternalError",
        "An internal error has occurred",
        500,
        expected_params={"ClientVpnEndpointId": ENDPOINT, "ConnectionId": _id(SEVEN[1])},
    )
    result = run_module(module, _args(username="carol"))
    assert result["failed"] is True
    assert result["changed"] is True
    assert _statuses(result) == [(_id(SEVEN[0]), "active", "terminating")]
    assert "InternalError" in result["msg"]
    assert "1 of 3" in result["msg"]
    assert result["error"]["code"] == "InternalError"
    assert _terminated_ids(calls) == [_id(SEVEN[0]), _id(SEVEN[1])]


def test_failure_of_the_first_terminate_is_no_change(ec2, run_module, calls):
    _expect_read(ec2, [ACTIVE], _id_filter(ACTIVE))
    ec2.add_client_error(
        "terminate_client_vpn_connections",
        "InvalidClientVpnConnectionId.NotFound",
        "The connection does not exist",
        400,
    )
    result = run_module(module, _args(connection_ids=[_id(ACTIVE)]))
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["connection_statuses"] == []
    assert "InvalidClientVpnConnectionId.NotFound" in result["msg"]
    assert "Nothing was terminated" in result["msg"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_unknown_endpoint_fails_on_the_read(ec2, run_module, calls, check_mode):
    ec2.add_client_error(
        "describe_client_vpn_connections",
        "InvalidClientVpnEndpointId.NotFound",
        "The ClientVpnEndpoint Id does not exist",
        400,
    )
    result = run_module(module, _args(username="alice"), check_mode=check_mode)
    assert result["failed"] is True
    assert ENDPOINT in result["msg"] and REGION in result["msg"]
    assert "connection_statuses" not in result
    assert [name for name, _params in calls] == [DESCRIBE]


def test_check_mode_unauthorized_fails_naming_the_action(ec2, run_module, calls):
    _expect_read(ec2, [ACTIVE], _id_filter(ACTIVE))
    _expect_dry_run(ec2, ACTIVE, code="UnauthorizedOperation", status=403)
    result = run_module(module, _args(connection_ids=[_id(ACTIVE)]), check_mode=True)
    assert result["failed"] is True
    assert "ec2:TerminateClientVpnConnections" in result["msg"]
    assert result["error"]["code"] == "UnauthorizedOperation"
    assert _terminated_ids(calls) == []


def test_unauthorized_terminate_fails_naming_the_action(ec2, run_module, calls):
    _expect_read(ec2, [ACTIVE], _id_filter(ACTIVE))
    ec2.add_client_error("terminate_client_vpn_connections", "UnauthorizedOperation", "not authorized", 403)
    result = run_module(module, _args(connection_ids=[_id(ACTIVE)]))
    assert result["failed"] is True
    assert result["changed"] is False
    assert "ec2:TerminateClientVpnConnections" in result["msg"]


# ---------------------------------------------------------------------------------------------------------------
# Waiting.


@pytest.fixture
def fast_poll(monkeypatch):
    monkeypatch.setattr(waiters, "POLL_DELAY", 0.01)


def _expect_wait_read(ec2, connections, ids):
    ec2.add_response(
        "describe_client_vpn_connections",
        {"Connections": connections},
        {"ClientVpnEndpointId": ENDPOINT, "Filters": [{"Name": "connection-id", "Values": ids}], "MaxResults": 1000},
    )


def test_wait_polls_until_every_connection_is_terminated(ec2, run_module, calls, fast_poll):
    ids = [_id(ACTIVE), _id(FAILED)]
    _expect_read(ec2, [ACTIVE, FAILED], _id_filter(ACTIVE, FAILED))
    _expect_terminate(ec2, ACTIVE)
    _expect_terminate(ec2, FAILED)
    _expect_wait_read(ec2, [_with_status(ACTIVE, "terminating"), _with_status(FAILED, "terminating")], ids)
    _expect_wait_read(ec2, [_with_status(ACTIVE, "terminated"), _with_status(FAILED, "terminating")], ids)
    _expect_wait_read(
        ec2,
        [_with_status(ACTIVE, "terminated"), _with_status(FAILED, "terminated", "Terminated by administrator")],
        ids,
    )
    result = run_module(module, _args(connection_ids=ids, wait=True), diff=True)
    assert result["failed"] is False
    assert result["changed"] is True
    assert _statuses(result) == [
        (_id(ACTIVE), "active", "terminated"),
        (_id(FAILED), "failed-to-terminate", "terminated"),
    ]
    assert result["connection_statuses"][1]["current_status"]["message"] == "Terminated by administrator"
    assert result["diff"]["after"] == {_id(ACTIVE): "terminated", _id(FAILED): "terminated"}
    assert [name for name, _params in calls] == [DESCRIBE, TERMINATE, TERMINATE, DESCRIBE, DESCRIBE, DESCRIBE]


def test_wait_reads_in_batches(ec2, run_module, calls, fast_poll, monkeypatch):
    monkeypatch.setattr(waiters, "CONNECTION_ID_BATCH", 2)
    targets = SEVEN[:3]
    _expect_read(ec2, targets, [{"Name": "username", "Values": ["carol"]}])
    for connection in targets:
        _expect_terminate(ec2, connection)
    _expect_wait_read(ec2, [_with_status(c, "terminated") for c in targets[:2]], [_id(c) for c in targets[:2]])
    _expect_wait_read(ec2, [_with_status(targets[2], "terminating")], [_id(targets[2])])
    _expect_wait_read(ec2, [_with_status(targets[2], "terminated")], [_id(targets[2])])
    result = run_module(module, _args(username="carol", wait=True))
    assert result["failed"] is False
    assert [s["current_status"]["code"] for s in result["connection_statuses"]] == ["terminated"] * 3


def test_wait_timeout_fails_naming_the_connections_not_terminated(ec2, run_module, calls, monkeypatch):
    # 1 second with a read every 0.3 seconds: the first read and three more.
    monkeypatch.setattr(waiters, "POLL_DELAY", 0.3)
    ids = [_id(ACTIVE), _id(FAILED)]
    _expect_read(ec2, [ACTIVE, FAILED], _id_filter(ACTIVE, FAILED))
    _expect_terminate(ec2, ACTIVE)
    _expect_terminate(ec2, FAILED)
    for _attempt in range(4):
        _expect_wait_read(ec2, [_with_status(ACTIVE, "terminated"), _with_status(FAILED, "terminating")], ids)
    result = run_module(module, _args(connection_ids=ids, wait=True, wait_timeout=1))
    assert result["failed"] is True
    assert result["changed"] is True
    assert _id(FAILED) in result["msg"]
    assert _id(ACTIVE) not in result["msg"]
    assert "wait_timeout (1 seconds)" in result["msg"]
    assert _statuses(result) == [
        (_id(ACTIVE), "active", "terminated"),
        (_id(FAILED), "failed-to-terminate", "terminating"),
    ]
    assert [name for name, _params in calls].count(DESCRIBE) == 5


def test_wait_stops_when_a_connection_fails_to_terminate(ec2, run_module, calls, fast_poll):
    _expect_read(ec2, [ACTIVE], _id_filter(ACTIVE))
    _expect_terminate(ec2, ACTIVE)
    _expect_wait_read(ec2, [_with_status(ACTIVE, "failed-to-terminate", "Internal error")], [_id(ACTIVE)])
    result = run_module(module, _args(connection_ids=[_id(ACTIVE)], wait=True))
    assert result["failed"] is True
    assert result["changed"] is True
    assert "failed-to-terminate" in result["msg"] and _id(ACTIVE) in result["msg"]
    current = result["connection_statuses"][0]["current_status"]
    assert current == {"code": "failed-to-terminate", "message": "Internal error"}


def test_wait_read_error_fails_with_the_change_reported(ec2, run_module, calls, fast_poll):
    _expect_read(ec2, [ACTIVE], _id_filter(ACTIVE))
    _expect_terminate(ec2, ACTIVE)
    ec2.add_client_error("describe_client_vpn_connections", "UnauthorizedOperation", "not authorized", 403)
    result = run_module(module, _args(connection_ids=[_id(ACTIVE)], wait=True))
    assert result["failed"] is True
    assert result["changed"] is True
    assert "ec2:DescribeClientVpnConnections" in result["msg"]
    assert result["error"]["code"] == "UnauthorizedOperation"
    assert _statuses(result) == [(_id(ACTIVE), "active", "terminating")]


def test_wait_with_nothing_to_terminate_reads_once(ec2, run_module, calls):
    _expect_read(ec2, [TERMINATING], _id_filter(TERMINATING))
    result = run_module(module, _args(connection_ids=[_id(TERMINATING)], wait=True))
    assert result["changed"] is False
    assert [name for name, _params in calls] == [DESCRIBE]


def test_check_mode_does_not_wait(ec2, run_module, calls):
    _expect_read(ec2, [ACTIVE], _id_filter(ACTIVE))
    _expect_dry_run(ec2, ACTIVE)
    result = run_module(module, _args(connection_ids=[_id(ACTIVE)], wait=True), check_mode=True)
    assert result["changed"] is True
    assert _statuses(result) == [(_id(ACTIVE), "active", "terminating")]
    assert [name for name, _params in calls] == [DESCRIBE, TERMINATE]
    assert _terminated_ids(calls) == []


def test_waiter_model_is_botocores(fast_poll):
    model = waiters.terminated_waiter_model(2, 151)
    waiter = model.get_waiter(waiters.WAITER_NAME)
    assert waiter.operation == DESCRIBE
    assert (waiter.delay, waiter.max_attempts) == (2, 151)
    assert [(a.state, a.matcher, a.expected) for a in waiter.acceptors] == [
        ("success", "pathAll", "terminated"),
        ("failure", "pathAny", "failed-to-terminate"),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Diff.


@pytest.mark.parametrize("check_mode", [False, True])
def test_diff_maps_each_connection_to_its_status(ec2, run_module, calls, check_mode):
    _expect_read(ec2, MIXED, _id_filter(*MIXED))
    _expect_targets(ec2, check_mode, [ACTIVE, FAILED])
    result = run_module(module, _args(connection_ids=[_id(c) for c in MIXED]), check_mode=check_mode, diff=True)
    assert result["diff"] == {
        "before": {_id(ACTIVE): "active", _id(FAILED): "failed-to-terminate"},
        "after": {_id(ACTIVE): "terminating", _id(FAILED): "terminating"},
    }


def test_diff_is_empty_when_nothing_changes(ec2, run_module, calls):
    _expect_read(ec2, [TERMINATED], _id_filter(TERMINATED))
    result = run_module(module, _args(connection_ids=[_id(TERMINATED)]), diff=True)
    assert result["diff"] == {"before": {}, "after": {}}


def test_no_diff_without_diff_mode(ec2, run_module, calls):
    _expect_read(ec2, [ACTIVE], _id_filter(ACTIVE))
    _expect_terminate(ec2, ACTIVE)
    result = run_module(module, _args(connection_ids=[_id(ACTIVE)]))
    assert "diff" not in result


# ---------------------------------------------------------------------------------------------------------------
# common_names: every active or failed-to-terminate connection of those common names, read from every page.


@pytest.mark.parametrize(
    "common_names, targets",
    [
        (["device-5.example.com"], [0x21, 0x23, 0x26]),
        (["Device-5.example.com"], [0x24]),
        (["device-9.example.com", "device-5.example.com"], [0x21, 0x22, 0x23, 0x26]),
        (["alice"], [0x28]),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_common_names_terminate_each_matching_connection_by_id(
    ec2, run_module, calls, common_names, targets, check_mode
):
    expected = [_cert(number) for number in targets]
    _expect_read_all(ec2, CERTIFICATES)
    _expect_targets(ec2, check_mode, expected)
    result = run_module(module, _args(common_names=common_names), check_mode=check_mode, diff=True)
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["common_names"] == common_names
    assert "username" not in result
    assert [s["connection_id"] for s in result["connection_statuses"]] == [_id(c) for c in expected]
    assert result["diff"]["before"] == {_id(c): c["Status"]["Code"] for c in expected}
    if check_mode:
        assert _terminated_ids(calls) == []
        assert _dry_runs(calls) == [{"ClientVpnEndpointId": ENDPOINT, "ConnectionId": _id(expected[0]), "DryRun": True}]
    else:
        assert _terminated_ids(calls) == [_id(c) for c in expected]
        assert all(
            set(params) == {"ClientVpnEndpointId", "ConnectionId"} for name, params in calls if name == TERMINATE
        )
    assert [params for name, params in calls if name == DESCRIBE] == [
        {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000}
    ]


@pytest.mark.parametrize("check_mode", [False, True])
def test_common_names_read_every_page(ec2, run_module, calls, check_mode):
    _expect_read_all(ec2, CERTIFICATES[:3], token_out="t1")
    _expect_read_all(ec2, CERTIFICATES[3:6], token_in="t1", token_out="t2")
    _expect_read_all(ec2, CERTIFICATES[6:], token_in="t2")
    expected = [_cert(0x21), _cert(0x23), _cert(0x26)]
    _expect_targets(ec2, check_mode, expected)
    result = run_module(module, _args(common_names=["device-5.example.com"]), check_mode=check_mode)
    assert [s["connection_id"] for s in result["connection_statuses"]] == [_id(c) for c in expected]
    assert [name for name, _params in calls].count(DESCRIBE) == 3


@pytest.mark.parametrize("check_mode", [False, True])
def test_common_names_beyond_five_are_all_terminated(ec2, run_module, calls, check_mode):
    many = [
        {key: value for key, value in c.items() if key != "Username"} | {"CommonName": "laptop.example.com"}
        for c in SEVEN
    ]
    _expect_read_all(ec2, many)
    _expect_targets(ec2, check_mode, many)
    result = run_module(module, _args(common_names=["laptop.example.com"]), check_mode=check_mode)
    assert result["changed"] is True
    assert len(result["connection_statuses"]) == 7
    assert _terminated_ids(calls) == ([] if check_mode else [_id(c) for c in many])


@pytest.mark.parametrize(
    "common_names",
    [["device-7.example.com"], ["DEVICE-5.EXAMPLE.COM"], ["device-5"], ["nobody.example.com"]],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_common_names_without_active_connections_are_no_change(ec2, run_module, calls, common_names, check_mode):
    _expect_read_all(ec2, CERTIFICATES)
    result = run_module(module, _args(common_names=common_names), check_mode=check_mode)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["connection_statuses"] == []
    assert result["common_names"] == common_names
    assert [name for name, _params in calls] == [DESCRIBE]


def test_common_names_second_run_changes_nothing(ec2, run_module, calls):
    _expect_read_all(ec2, CERTIFICATES)
    for number in (0x21, 0x23, 0x26):
        _expect_terminate(ec2, _cert(number))
    assert run_module(module, _args(common_names=["device-5.example.com"]))["changed"] is True
    after = [
        _with_status(c, "terminating") if c["ConnectionId"] in {_id(_cert(n)) for n in (0x21, 0x23, 0x26)} else c
        for c in CERTIFICATES
    ]
    _expect_read_all(ec2, after)
    second = run_module(module, _args(common_names=["device-5.example.com"]))
    assert second["changed"] is False
    assert second["connection_statuses"] == []
    assert len(_terminated_ids(calls)) == 3


def test_common_names_wait_until_terminated(ec2, run_module, calls, fast_poll):
    targets = [_cert(0x21), _cert(0x23), _cert(0x26)]
    _expect_read_all(ec2, CERTIFICATES)
    for connection in targets:
        _expect_terminate(ec2, connection)
    ids = [_id(c) for c in targets]
    _expect_wait_read(ec2, [_with_status(c, "terminated") for c in targets], ids)
    result = run_module(module, _args(common_names=["device-5.example.com"], wait=True))
    assert result["failed"] is False
    assert [(s["connection_id"], s["current_status"]["code"]) for s in result["connection_statuses"]] == [
        (i, "terminated") for i in ids
    ]


# ---------------------------------------------------------------------------------------------------------------
# max_terminations: a cap checked before any terminate request, DryRun included.


def _cap_selectors():
    """(arguments, how to queue the read, the connections it selects) for each of the three selectors."""
    return [
        (
            {"connection_ids": [_id(c) for c in MIXED]},
            lambda ec2: _expect_read(ec2, MIXED, _id_filter(*MIXED)),
            [ACTIVE, FAILED],
        ),
        (
            {"username": "carol"},
            lambda ec2: _expect_read(ec2, SEVEN, [{"Name": "username", "Values": ["carol"]}]),
            SEVEN,
        ),
        (
            {"common_names": ["device-5.example.com"]},
            lambda ec2: _expect_read_all(ec2, CERTIFICATES),
            [_cert(0x21), _cert(0x23), _cert(0x26)],
        ),
    ]


@pytest.mark.parametrize("selector", range(3))
@pytest.mark.parametrize("check_mode", [False, True])
def test_more_than_max_terminations_fails_before_any_terminate_request(ec2, run_module, calls, selector, check_mode):
    args, queue_read, selected = _cap_selectors()[selector]
    queue_read(ec2)
    cap = len(selected) - 1
    result = run_module(module, _args(max_terminations=cap, **args), check_mode=check_mode, diff=True)
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["connection_statuses"] == []
    assert result["diff"] == {"before": {}, "after": {}}
    assert f"would terminate {len(selected)} connection(s), more than max_terminations ({cap})" in result["msg"]
    assert "Nothing was terminated" in result["msg"]
    assert _id(selected[0]) in result["msg"]
    assert [name for name, _params in calls] == [DESCRIBE]


@pytest.mark.parametrize("selector", range(3))
@pytest.mark.parametrize("check_mode", [False, True])
def test_max_terminations_equal_to_the_count_terminates_them(ec2, run_module, calls, selector, check_mode):
    args, queue_read, selected = _cap_selectors()[selector]
    queue_read(ec2)
    _expect_targets(ec2, check_mode, selected)
    result = run_module(module, _args(max_terminations=len(selected), **args), check_mode=check_mode)
    assert result["failed"] is False
    assert result["changed"] is True
    assert [s["connection_id"] for s in result["connection_statuses"]] == [_id(c) for c in selected]
    assert _terminated_ids(calls) == ([] if check_mode else [_id(c) for c in selected])


@pytest.mark.parametrize("check_mode", [False, True])
def test_max_terminations_zero_refuses_any_termination(ec2, run_module, calls, check_mode):
    _expect_read_all(ec2, CERTIFICATES)
    result = run_module(module, _args(common_names=["device-9.example.com"], max_terminations=0), check_mode=check_mode)
    assert result["failed"] is True
    assert "would terminate 1 connection(s), more than max_terminations (0)" in result["msg"]
    assert _id(_cert(0x22)) in result["msg"]
    assert [name for name, _params in calls] == [DESCRIBE]


@pytest.mark.parametrize("check_mode", [False, True])
def test_max_terminations_zero_with_nothing_to_terminate_is_no_change(ec2, run_module, calls, check_mode):
    _expect_read_all(ec2, CERTIFICATES)
    result = run_module(module, _args(common_names=["device-7.example.com"], max_terminations=0), check_mode=check_mode)
    assert result["failed"] is False
    assert result["changed"] is False
    assert [name for name, _params in calls] == [DESCRIBE]


def test_max_terminations_counts_only_what_would_be_terminated(ec2, run_module, calls):
    # Four connections named, two of them terminating or terminated: a cap of 2 is enough.
    _expect_read(ec2, MIXED, _id_filter(*MIXED))
    _expect_terminate(ec2, ACTIVE)
    _expect_terminate(ec2, FAILED)
    result = run_module(module, _args(connection_ids=[_id(c) for c in MIXED], max_terminations=2))
    assert result["failed"] is False
    assert _terminated_ids(calls) == [_id(ACTIVE), _id(FAILED)]


def test_max_terminations_message_shows_ten_ids_and_how_many_more(ec2, run_module, calls):
    many = [dict(SEVEN[0], ConnectionId=f"cvpn-connection-{n:017x}") for n in range(1, 13)]
    _expect_read(ec2, many, [{"Name": "username", "Values": ["carol"]}])
    result = run_module(module, _args(username="carol", max_terminations=3))
    assert "would terminate 12 connection(s), more than max_terminations (3)" in result["msg"]
    assert _id(many[9]) in result["msg"]
    assert _id(many[10]) not in result["msg"]
    assert "and 2 more" in result["msg"]
    assert _terminated_ids(calls) == []
