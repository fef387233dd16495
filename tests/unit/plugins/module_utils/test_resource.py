# SPDX-License-Identifier: GPL-3.0-or-later
"""resource: the shared apply/wait/exit steps, with a real EC2 client against a Stubber."""

import botocore.exceptions
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import resource
from ansible_collections.vpnops.aws.plugins.module_utils import status_wait
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import StatusWait

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
CONTEXT = {"client_vpn_endpoint_id": ENDPOINT, "region": "eu-west-1"}
TAG = ("CreateTags", {"Resources": [ENDPOINT], "Tags": [{"Key": "team", "Value": "net"}]})
UNTAG = ("DeleteTags", {"Resources": [ENDPOINT], "Tags": [{"Key": "old"}]})
SPEC = StatusWait(
    operation="DescribeClientVpnEndpoints", statuses="ClientVpnEndpoints[].Status.Code", what="Client VPN endpoint"
)


class _Exit(Exception):
    def __init__(self, result):
        super().__init__(result)
        self.result = result


class _Module:
    def __init__(self, check_mode=False, diff=False, wait_timeout=5):
        self.check_mode = check_mode
        self._diff = diff
        self.params = {"wait_timeout": wait_timeout}

    def exit_json(self, **result):
        raise _Exit(dict(result, failed=False))

    def fail_json(self, msg, **result):
        raise _Exit(dict(result, failed=True, msg=msg))


def _error(code, retries=0):
    return botocore.exceptions.ClientError(
        {"Error": {"Code": code, "Message": "AWS says no"}, "ResponseMetadata": {"RetryAttempts": retries}},
        "CreateTags",
    )


def test_api_failure_adds_what_to_do_when_the_endpoint_stays_busy():
    msg, details = resource.api_failure(
        _error("ConcurrentMutationLimitExceeded", 10), "CreateTags", CONTEXT, "Nothing was changed."
    )
    assert msg.startswith("CreateTags failed (ConcurrentMutationLimitExceeded): AWS says no")
    assert "after 11 attempts" in msg
    assert "aws_config.retries.max_attempts" in msg
    assert msg.endswith("Nothing was changed.")
    assert details["error"]["code"] == "ConcurrentMutationLimitExceeded"


def test_api_failure_leaves_other_errors_as_errors_describes_them():
    msg, _details = resource.api_failure(_error("InvalidParameterValue"), "CreateTags", CONTEXT)
    assert msg == "CreateTags failed (InvalidParameterValue): AWS says no"


def test_apply_changes_sends_each_change_in_order(ec2, calls):
    ec2.add_response("delete_tags", {}, UNTAG[1])
    ec2.add_response("create_tags", {}, TAG[1])
    responses = resource.apply_changes(_Module(), ec2.client, [UNTAG, TAG], CONTEXT)
    assert len(responses) == 2
    assert [name for name, _params in calls] == ["DeleteTags", "CreateTags"]


def test_apply_changes_dry_runs_each_change_in_check_mode(ec2, calls):
    for operation, (_name, params) in (("delete_tags", UNTAG), ("create_tags", TAG)):
        ec2.add_client_error(
            operation, "DryRunOperation", "Request would have succeeded", 412, expected_params=dict(params, DryRun=True)
        )
    assert resource.apply_changes(_Module(check_mode=True), ec2.client, [UNTAG, TAG], CONTEXT) == []
    assert all(params.get("DryRun") for _name, params in calls)
    assert len(calls) == 2


def test_check_mode_fails_clearly_without_permission(ec2):
    ec2.add_client_error("delete_tags", "UnauthorizedOperation", "no", 403, expected_params=dict(UNTAG[1], DryRun=True))
    with pytest.raises(_Exit) as caught:
        resource.apply_changes(_Module(check_mode=True), ec2.client, [UNTAG, TAG], CONTEXT)
    result = caught.value.result
    assert result["failed"] and not result["changed"]
    assert "ec2:DeleteTags" in result["msg"]


@pytest.mark.parametrize(
    "failing_at, changed, fragment",
    [
        (0, False, "Nothing was changed."),
        (1, True, "Already done before the error: DeleteTags; run the task again"),
    ],
)
def test_a_failure_names_what_was_done_before_it(ec2, failing_at, changed, fragment):
    if failing_at == 1:
        ec2.add_response("delete_tags", {}, UNTAG[1])
        ec2.add_client_error("create_tags", "InvalidParameterValue", "bad", 400, expected_params=TAG[1])
    else:
        ec2.add_client_error("delete_tags", "InvalidParameterValue", "bad", 400, expected_params=UNTAG[1])
    with pytest.raises(_Exit) as caught:
        resource.apply_changes(
            _Module(), ec2.client, [UNTAG, TAG], CONTEXT, result={"client_vpn_endpoint_id": ENDPOINT}
        )
    result = caught.value.result
    assert result["failed"] and result["changed"] is changed
    assert fragment in result["msg"]
    assert result["client_vpn_endpoint_id"] == ENDPOINT


def test_a_failure_names_what_an_earlier_step_did(ec2):
    ec2.add_client_error("delete_tags", "InvalidParameterValue", "bad", 400, expected_params=UNTAG[1])
    with pytest.raises(_Exit) as caught:
        resource.apply_changes(_Module(), ec2.client, [UNTAG], CONTEXT, already=["DisassociateClientVpnTargetNetwork"])
    result = caught.value.result
    assert result["failed"] and result["changed"]
    assert "Already done before the error: DisassociateClientVpnTargetNetwork;" in result["msg"]


def test_wait_until_returns_the_last_read(ec2, monkeypatch):
    monkeypatch.setattr(status_wait, "POLL_DELAY", 0)
    request = {"ClientVpnEndpointIds": [ENDPOINT]}
    for code in ("pending", "available"):
        ec2.add_response(
            "describe_client_vpn_endpoints",
            {"ClientVpnEndpoints": [{"ClientVpnEndpointId": ENDPOINT, "Status": {"Code": code}}]},
            request,
        )
    response = resource.wait_until(_Module(), ec2.client, SPEC, request, ["available"], CONTEXT)
    assert response["ClientVpnEndpoints"][0]["Status"]["Code"] == "available"


def test_wait_until_fails_with_changed_and_what_was_read(ec2, monkeypatch):
    monkeypatch.setattr(status_wait, "POLL_DELAY", 0)
    request = {"ClientVpnEndpointIds": [ENDPOINT]}
    for _attempt in range(3):
        ec2.add_response(
            "describe_client_vpn_endpoints",
            {"ClientVpnEndpoints": [{"ClientVpnEndpointId": ENDPOINT, "Status": {"Code": "pending"}}]},
            request,
        )
    with pytest.raises(_Exit) as caught:
        resource.wait_until(
            _Module(wait_timeout=2),
            ec2.client,
            SPEC,
            request,
            ["available"],
            CONTEXT,
            result={"client_vpn_endpoint_id": ENDPOINT},
        )
    result = caught.value.result
    assert result["failed"] and result["changed"]
    assert result["statuses_read"] == ["pending"]
    assert "did not reach available within wait_timeout (2 seconds); last read: pending" in result["msg"]


def test_wait_until_reports_a_read_error_after_the_change(ec2):
    ec2.add_client_error(
        "describe_client_vpn_endpoints",
        "UnauthorizedOperation",
        "no",
        403,
        expected_params={"ClientVpnEndpointIds": [ENDPOINT]},
    )
    with pytest.raises(_Exit) as caught:
        resource.wait_until(_Module(), ec2.client, SPEC, {"ClientVpnEndpointIds": [ENDPOINT]}, ["available"], CONTEXT)
    result = caught.value.result
    assert result["failed"] and result["changed"]
    assert "ec2:DescribeClientVpnEndpoints" in result["msg"]
    assert "The change was made" in result["msg"]


@pytest.mark.parametrize("diff", [False, True])
def test_exit_resource_adds_the_diff_in_diff_mode(diff):
    with pytest.raises(_Exit) as caught:
        resource.exit_resource(
            _Module(diff=diff), True, {"client_vpn_endpoint_id": ENDPOINT}, before={}, after={"description": "x"}
        )
    result = caught.value.result
    assert result["changed"] and result["client_vpn_endpoint_id"] == ENDPOINT
    assert ("diff" in result) is diff
    if diff:
        assert result["diff"] == {"before": {}, "after": {"description": "x"}}


@pytest.mark.parametrize("timeout, error", [(1, None), (0, "wait_timeout must be 1 or more (seconds), got 0.")])
def test_wait_timeout_error(timeout, error):
    assert resource.wait_timeout_error({"wait_timeout": timeout}) == error
    assert resource.wait_argument_spec(600) == {
        "wait": {"type": "bool", "default": True},
        "wait_timeout": {"type": "int", "default": 600},
    }
