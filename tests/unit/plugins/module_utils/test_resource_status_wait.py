# SPDX-License-Identifier: GPL-3.0-or-later
"""status_wait: a real EC2 client against a Stubber, which checks each read against the service model."""

import botocore.exceptions
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import status_wait
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import StatusWait
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import WaitFailed
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import wait_for_status

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
SPEC = StatusWait(
    operation="DescribeClientVpnTargetNetworks",
    statuses="ClientVpnTargetNetworks[].Status.Code",
    gone_error_codes=("InvalidClientVpnAssociationId.NotFound",),
    what="target network association",
)
REQUEST = {"ClientVpnEndpointId": ENDPOINT, "AssociationIds": ["cvpn-assoc-0123456789abcdef0"]}


@pytest.fixture(autouse=True)
def no_delay(monkeypatch):
    monkeypatch.setattr(status_wait, "POLL_DELAY", 0)


def _read(ec2, *codes):
    networks = [
        {"AssociationId": f"cvpn-assoc-{index:017x}", "Status": {"Code": code}} for index, code in enumerate(codes)
    ]
    ec2.add_response("describe_client_vpn_target_networks", {"ClientVpnTargetNetworks": networks}, REQUEST)


def _read_error(ec2, code):
    ec2.add_client_error("describe_client_vpn_target_networks", code, "AWS message", 400, expected_params=REQUEST)


@pytest.mark.parametrize(
    "reads, wanted",
    [
        ([["associated"]], ["associated"]),
        ([["associating"], ["associating"], ["associated"]], ["associated"]),
        ([["associating", "associated"], ["associated", "associated"]], ["associated"]),
        ([["associating"], ["available"]], ["associated", "available"]),
        ([[], ["associated"]], ["associated"]),  # not listed yet: keep reading
    ],
)
def test_waits_until_every_status_is_wanted(ec2, reads, wanted):
    for codes in reads:
        _read(ec2, *codes)
    response = wait_for_status(ec2.client, SPEC, REQUEST, wanted, timeout=10)
    assert [n["Status"]["Code"] for n in response["ClientVpnTargetNetworks"]] == reads[-1]


@pytest.mark.parametrize(
    "reads",
    [
        [["disassociating"], []],
        [["disassociating"], ["disassociated"]],
        [["disassociating"], "InvalidClientVpnAssociationId.NotFound"],
    ],
)
def test_gone_is_success_when_waiting_for_deletion(ec2, reads):
    for read in reads:
        if isinstance(read, str):
            _read_error(ec2, read)
        else:
            _read(ec2, *read)
    response = wait_for_status(ec2.client, SPEC, REQUEST, ["disassociated"], timeout=10, gone=True)
    assert response.get("ClientVpnTargetNetworks", []) in (
        [],
        [{"AssociationId": "cvpn-assoc-00000000000000000", "Status": {"Code": "disassociated"}}],
    )


def test_not_found_fails_when_not_waiting_for_deletion(ec2):
    _read_error(ec2, "InvalidClientVpnAssociationId.NotFound")
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        wait_for_status(ec2.client, SPEC, REQUEST, ["associated"], timeout=10)
    assert caught.value.response["Error"]["Code"] == "InvalidClientVpnAssociationId.NotFound"


def test_empty_listing_is_not_success_unless_gone(ec2):
    for _attempt in range(3):
        _read(ec2)
    with pytest.raises(WaitFailed) as caught:
        wait_for_status(ec2.client, SPEC, REQUEST, ["associated"], timeout=2)
    assert caught.value.statuses == []
    assert "nothing listed" in str(caught.value)
    assert not caught.value.failed


def test_failure_status_ends_the_wait_early(ec2):
    _read(ec2, "associating")
    _read(ec2, "failed")
    with pytest.raises(WaitFailed) as caught:
        wait_for_status(ec2.client, SPEC, REQUEST, ["associated"], timeout=100, failed=["failed"])
    assert caught.value.failed
    assert caught.value.statuses == ["failed"]
    assert "target network association reads failed" in str(caught.value)


def test_timeout_says_what_was_last_read(ec2):
    for _attempt in range(4):
        _read(ec2, "associating")
    with pytest.raises(WaitFailed) as caught:
        wait_for_status(ec2.client, SPEC, REQUEST, ["associated"], timeout=3)
    message = str(caught.value)
    assert "did not reach associated within wait_timeout (3 seconds)" in message
    assert "last read: associating" in message
    assert caught.value.last_response["ClientVpnTargetNetworks"][0]["Status"]["Code"] == "associating"


def test_other_errors_are_raised_as_they_were(ec2):
    _read_error(ec2, "UnauthorizedOperation")
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        wait_for_status(ec2.client, SPEC, REQUEST, ["associated"], timeout=10, gone=True)
    assert caught.value.response["Error"]["Code"] == "UnauthorizedOperation"


@pytest.mark.parametrize("timeout, delay, attempts", [(600, 5, 121), (4, 5, 1), (12, 5, 3), (3, 0, 4)])
def test_reads_fit_in_the_timeout(monkeypatch, timeout, delay, attempts):
    monkeypatch.setattr(status_wait, "POLL_DELAY", delay)
    assert status_wait._max_attempts(timeout) == attempts


def test_waiter_model_is_a_botocore_waiter_model():
    model = status_wait.waiter_model(SPEC, ["associated"], ["failed"], gone=True, delay=7, max_attempts=3)
    config = model.get_waiter("StatusReached")
    assert (config.operation, config.delay, config.max_attempts) == ("DescribeClientVpnTargetNetworks", 7, 3)
    assert [(a.state, a.matcher) for a in config.acceptors] == [
        ("success", "path"),
        ("failure", "pathAny"),
        ("success", "error"),
    ]
