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

    lifecycle = Lifecycle(describe="DescribeClientVpnRoutes", noun="route")
    result_key = "route"

    def read_record(self):
        routes = self.client.describe_client_vpn_routes(ClientVpnEndpointId=self.endpoint_id)["Routes"]
        return next((route for route in routes if route["DestinationCidr"] == CIDR), None)

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
