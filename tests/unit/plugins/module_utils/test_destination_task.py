# SPDX-License-Identifier: GPL-3.0-or-later
"""DestinationTask driven by a small route task against the Stubber: which record it picks, what it reads while
waiting, and what stops state=present."""

import jmespath
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.destination_task import DestinationTask
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import jmespath_literal
from ansible_collections.vpnops.aws.tests.unit.conftest import ROUTE_LIFECYCLE
from ansible_collections.vpnops.aws.tests.unit.conftest import StandInModule

pytestmark = pytest.mark.usefixtures("no_poll_delay")

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
SUBNET = "subnet-0123456789abcdef0"
OTHER_SUBNET = "subnet-0123456789abcdef1"
CIDR = "172.16.0.0/16"
ROUTE = {
    "ClientVpnEndpointId": ENDPOINT,
    "DestinationCidr": CIDR,
    "TargetSubnet": SUBNET,
    "Origin": "add-route",
    "Description": "Peered VPC",
    "Status": {"Code": "active"},
}


def _route(code=None, **changes):
    route = dict(ROUTE, **changes)
    return dict(route, Status={"Code": code}) if code else route


class _RouteTask(DestinationTask):
    """The route to a destination through SUBNET."""

    lifecycle = ROUTE_LIFECYCLE
    result_key = "route"
    records_key = "Routes"
    preference = ("active", "creating", "failed", "deleting")
    failed_advice = "Delete it, then add it again."
    description_hint = "Delete it and add it again."

    def what(self):
        return f"route to {self.cidr} through {SUBNET}"

    def is_ours(self, record):
        return record.get("TargetSubnet") == SUBNET

    def condition(self):
        return f"TargetSubnet=={jmespath_literal(SUBNET)}"


def _task(ec2, cidr=CIDR, **params):
    return _RouteTask(StandInModule(**params), ec2.client, cidr)


def _expect_read(ec2, routes):
    ec2.add_response(
        "describe_client_vpn_routes", {"Routes": routes}, {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000}
    )


# ---------------------------------------------------------------------------------------------------------------
# Reading.


@pytest.mark.parametrize(
    "listed, expected",
    [
        ([], None),
        ([_route(TargetSubnet=OTHER_SUBNET)], None),
        ([_route(DestinationCidr="172.17.0.0/16")], None),
        ([_route(TargetSubnet=OTHER_SUBNET), _route("deleting"), _route()], _route()),
        # AWS may list the network in another form than the canonical one.
        ([_route(DestinationCidr="172.16.9.0/16")], _route(DestinationCidr="172.16.9.0/16")),
        ([_route("failed"), _route("creating")], _route("creating")),
    ],
)
def test_read_record_picks_the_task_s_record_among_every_one_of_the_endpoint(ec2, listed, expected):
    _expect_read(ec2, listed)
    assert _task(ec2).read_record() == expected


def test_read_record_reads_every_page(ec2):
    ec2.add_response(
        "describe_client_vpn_routes",
        {"Routes": [_route(TargetSubnet=OTHER_SUBNET)], "NextToken": "page-2"},
        {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000},
    )
    ec2.add_response(
        "describe_client_vpn_routes",
        {"Routes": [_route()]},
        {"ClientVpnEndpointId": ENDPOINT, "MaxResults": 1000, "NextToken": "page-2"},
    )
    assert _task(ec2).read_record() == _route()


# ---------------------------------------------------------------------------------------------------------------
# Waiting.


def test_watch_reads_the_destination_as_aws_lists_it_and_picks_the_task_s_record(ec2):
    task = _task(ec2)
    task.after = _route("creating", DestinationCidr="172.16.9.0/16")
    watch = task.watch()
    assert watch.spec.operation == "DescribeClientVpnRoutes"
    assert watch.spec.what == f"route to {CIDR} through {SUBNET}"
    assert watch.request == {
        "ClientVpnEndpointId": ENDPOINT,
        "MaxResults": 1000,
        "Filters": [{"Name": "destination-cidr", "Values": ["172.16.9.0/16"]}],
    }
    ours = _route("creating", DestinationCidr="172.16.9.0/16")
    response = {
        "Routes": [
            _route("failed", DestinationCidr="172.16.9.0/16", TargetSubnet=OTHER_SUBNET),
            _route("active", DestinationCidr=CIDR),
            ours,
        ]
    }
    assert jmespath.search(watch.spec.statuses, response) == ["creating"]
    assert watch.pick(response) == ours
    assert watch.pick({"Routes": [_route(TargetSubnet=OTHER_SUBNET)]}) is None
    assert watch.pick({}) is None


def test_wait_ends_on_the_task_s_record_only(ec2):
    request = {
        "ClientVpnEndpointId": ENDPOINT,
        "MaxResults": 1000,
        "Filters": [{"Name": "destination-cidr", "Values": [CIDR]}],
    }
    failed_elsewhere = _route("failed", TargetSubnet=OTHER_SUBNET)
    ec2.add_response("describe_client_vpn_routes", {"Routes": [failed_elsewhere, _route("creating")]}, request)
    ec2.add_response("describe_client_vpn_routes", {"Routes": [failed_elsewhere, _route()]}, request)
    task = _task(ec2)
    task.after = _route("creating")
    task.wait(gone=False)
    assert task.after == _route()


# ---------------------------------------------------------------------------------------------------------------
# What stops state=present.


@pytest.mark.parametrize(
    "before, description, expected",
    [
        (None, "Other", None),
        (_route("deleting"), "Other", None),
        (_route(), None, None),
        (_route(), "Peered VPC", None),
        (_route("creating"), "Peered VPC", None),
        (_route(Description=None), "", None),
        (
            _route("failed"),
            None,
            f"The route to {CIDR} through {SUBNET} reads failed (AWS gave no reason). Delete it, then add it again. "
            "Nothing was changed.",
        ),
        (
            dict(ROUTE, Status={"Code": "failed", "Message": "No such subnet"}),
            "Peered VPC",
            f"The route to {CIDR} through {SUBNET} reads failed (No such subnet). Delete it, then add it again. "
            "Nothing was changed.",
        ),
        (
            _route("creating"),
            "Other",
            f"The route to {CIDR} through {SUBNET} cannot change in place: description: current 'Peered VPC', "
            "wanted 'Other'. Delete it and add it again.",
        ),
        (
            _route(Description=None),
            "Other",
            f"The route to {CIDR} through {SUBNET} cannot change in place: description: current '', "
            "wanted 'Other'. Delete it and add it again.",
        ),
    ],
)
def test_blocked_with_state_present(ec2, before, description, expected):
    task = _task(ec2, description=description)
    task.before = before
    assert task.blocked("present") == expected


@pytest.mark.parametrize("before", [None, _route("failed"), _route(Description="Other")])
def test_nothing_blocks_state_absent(ec2, before):
    task = _task(ec2, description="Peered VPC")
    task.before = before
    assert task.blocked("absent") is None


def test_a_subclass_can_leave_the_description_of_a_record_alone(ec2):
    class _NoDescriptionTask(_RouteTask):
        def description_message(self):
            return None

    task = _NoDescriptionTask(StandInModule(description="Other"), ec2.client, CIDR)
    task.before = _route()
    assert task.blocked("present") is None
    task.before = _route("failed")
    assert "reads failed" in task.blocked("present")
