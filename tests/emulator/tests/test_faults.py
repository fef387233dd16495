# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault injection, seen through botocore's retries and paginator."""

import botocore.exceptions
import pytest
from conftest import ENDPOINT_ID
from conftest import NOW
from conftest import admin
from conftest import error_of
from conftest import make_client

from cvpn_emulator import Emulator
from cvpn_emulator import Faults
from cvpn_emulator.faults import FaultError


def codes(emu):
    return [entry["error_code"] for entry in emu.requests]


def test_throttled_first_requests_are_retried_by_botocore(emulator, no_backoff):
    emulator.set_faults(throttle_first=2)
    client = make_client(emulator, max_attempts=4)
    response = client.describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID, MaxResults=5)
    assert len(response["Connections"]) == 5
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert codes(emulator) == ["RequestLimitExceeded", "RequestLimitExceeded", None]
    assert [entry["status"] for entry in emulator.requests] == [503, 503, 200]


def test_throttling_beyond_the_retry_budget_surfaces(emulator, no_backoff):
    emulator.set_faults(throttle_first=5)
    client = make_client(emulator, max_attempts=3)
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        client.describe_client_vpn_endpoints()
    assert caught.value.response["Error"]["Code"] == "RequestLimitExceeded"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    assert emulator.faults.describe()["throttle_remaining"] == 2


def test_internal_errors_are_retried(emulator, no_backoff):
    emulator.set_faults(error_first=1)
    client = make_client(emulator, max_attempts=3)
    assert client.describe_client_vpn_endpoints()["ResponseMetadata"]["RetryAttempts"] == 1
    assert codes(emulator) == ["InternalError", None]
    assert emulator.requests[0]["status"] == 500


def test_throttle_first_then_error_first_in_order(emulator):
    emulator.set_faults(throttle_first=1, error_first=1)
    client = make_client(emulator)
    for _attempt in range(3):
        try:
            client.describe_client_vpn_endpoints()
        except botocore.exceptions.ClientError:
            pass
    assert codes(emulator) == ["RequestLimitExceeded", "InternalError", None]


def test_throttle_rate_is_seeded_and_repeatable(emulator):
    client = make_client(emulator)

    def run():
        emulator.clear_requests()
        emulator.set_faults(throttle_rate=0.5, seed=42)
        for _attempt in range(30):
            try:
                client.describe_client_vpn_endpoints()
            except botocore.exceptions.ClientError:
                pass
        return codes(emulator)

    first, second = run(), run()
    assert first == second
    assert 0 < first.count("RequestLimitExceeded") < 30


def test_faults_can_be_limited_to_actions(emulator):
    emulator.set_faults(throttle_first=3, actions=["TerminateClientVpnConnections"])
    client = make_client(emulator)
    client.describe_client_vpn_endpoints()
    assert codes(emulator) == [None]
    assert emulator.faults.describe()["throttle_remaining"] == 3


def test_repeated_next_token_trips_the_paginator(emulator, ec2):
    emulator.set_faults(repeat_next_token=True)
    paginator = ec2.get_paginator("describe_client_vpn_connections")
    with pytest.raises(botocore.exceptions.PaginationError) as caught:
        for _page in paginator.paginate(ClientVpnEndpointId=ENDPOINT_ID, PaginationConfig={"PageSize": 5}):
            pass
    assert "same next token" in str(caught.value)
    emulator.clear_faults()
    pages = paginator.paginate(ClientVpnEndpointId=ENDPOINT_ID, PaginationConfig={"PageSize": 100})
    assert sum(len(page["Connections"]) for page in pages) == 200


def test_latency_is_applied_without_changing_answers(emulator, ec2):
    emulator.set_faults(latency_ms=20)
    assert len(ec2.describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID, MaxResults=5)["Connections"]) == 5
    assert emulator.faults.describe()["latency_ms"] == 20


def test_faults_through_the_admin_api(emulator, ec2):
    status, body = admin(emulator, "PUT", "faults", {"throttle_first": 1})
    assert status == 200 and body["throttle_remaining"] == 1
    with pytest.raises(botocore.exceptions.ClientError):
        ec2.describe_client_vpn_endpoints()
    assert admin(emulator, "GET", "faults")[1]["throttle_remaining"] == 0
    status, body = admin(emulator, "DELETE", "faults")
    assert status == 200 and body == dict(Faults().describe())
    status, body = admin(emulator, "PUT", "faults", {"throttle_first": -1})
    assert status == 400 and "throttle_first" in body["error"]
    status, body = admin(emulator, "PUT", "faults", {"explode": True})
    assert status == 400 and "explode" in body["error"]


@pytest.mark.parametrize(
    "changes",
    [
        {"throttle_rate": 1.5},
        {"latency_ms": "slow"},
        {"repeat_next_token": 1},
        {"actions": "DescribeClientVpnEndpoints"},
        {"seed": True},
    ],
)
def test_invalid_faults_are_rejected(changes):
    with pytest.raises(FaultError):
        Faults(**changes)


def test_faults_given_at_start():
    with Emulator({"endpoints": []}, now=NOW, faults={"throttle_first": 1}) as emu:
        with pytest.raises(botocore.exceptions.ClientError):
            make_client(emu).describe_client_vpn_endpoints()
        assert make_client(emu).describe_client_vpn_endpoints()["ClientVpnEndpoints"] == []


def test_concurrent_mutations_fail_the_first_endpoint_changes_only(net_emulator, no_backoff):
    net_emulator.set_faults(concurrent_mutation_first=2)
    client = make_client(net_emulator, max_attempts=1)
    client.describe_client_vpn_endpoints()
    client.create_tags(Resources=[ENDPOINT_ID], Tags=[{"Key": "a", "Value": "b"}])
    for _attempt in range(2):
        code, message, status = error_of(
            client.modify_client_vpn_endpoint, ClientVpnEndpointId=ENDPOINT_ID, Description="changed"
        )
        assert (code, message, status) == (
            "ConcurrentMutationLimitExceeded",
            "Cannot initiate another change for this endpoint at this time",
            400,
        )
    assert net_emulator.faults.describe()["concurrent_mutation_remaining"] == 0
    assert client.modify_client_vpn_endpoint(ClientVpnEndpointId=ENDPOINT_ID, Description="changed")["Return"]
    assert [entry["error_code"] for entry in net_emulator.requests] == [
        None,
        None,
        "ConcurrentMutationLimitExceeded",
        "ConcurrentMutationLimitExceeded",
        None,
    ]


@pytest.mark.parametrize(
    "action, kwargs",
    [
        (
            "authorize_client_vpn_ingress",
            {"ClientVpnEndpointId": ENDPOINT_ID, "TargetNetworkCidr": "10.1.0.0/16", "AuthorizeAllGroups": True},
        ),
        ("delete_client_vpn_endpoint", {"ClientVpnEndpointId": ENDPOINT_ID}),
        ("associate_client_vpn_target_network", {"ClientVpnEndpointId": ENDPOINT_ID, "SubnetId": "subnet-00000000"}),
        (
            "import_client_vpn_client_certificate_revocation_list",
            {"ClientVpnEndpointId": ENDPOINT_ID, "CertificateRevocationList": "x"},
        ),
    ],
)
def test_concurrent_mutation_fault_comes_before_validation(net_emulator, action, kwargs):
    net_emulator.set_faults(concurrent_mutation_first=1)
    client = make_client(net_emulator)
    assert error_of(getattr(client, action), **kwargs)[0] == "ConcurrentMutationLimitExceeded"
    try:
        getattr(client, action)(**kwargs)
    except botocore.exceptions.ClientError as exc:
        assert exc.response["Error"]["Code"] != "ConcurrentMutationLimitExceeded"
    assert [entry["action"] for entry in net_emulator.requests] == [net_emulator.requests[0]["action"]] * 2


def test_concurrent_mutations_are_not_retried_by_botocore_standard_mode(net_emulator, no_backoff):
    net_emulator.set_faults(concurrent_mutation_first=1)
    client = make_client(net_emulator, max_attempts=3)
    assert (
        error_of(client.delete_client_vpn_route, ClientVpnEndpointId=ENDPOINT_ID, DestinationCidrBlock="10.9.0.0/16")[0]
        == "ConcurrentMutationLimitExceeded"
    )
    assert len(net_emulator.requests) == 1


def test_new_faults_through_the_admin_api_and_their_validation(net_emulator):
    status, body = admin(
        net_emulator, "PUT", "faults", {"concurrent_mutation_first": 3, "ignore_association_ids": True}
    )
    assert status == 200 and body["concurrent_mutation_remaining"] == 3 and body["ignore_association_ids"] is True
    assert admin(net_emulator, "DELETE", "faults")[1]["concurrent_mutation_remaining"] == 0
    for bad in (
        {"concurrent_mutation_first": -1},
        {"concurrent_mutation_first": 1.5},
        {"ignore_association_ids": "yes"},
    ):
        status, body = admin(net_emulator, "PUT", "faults", bad)
        assert status == 400 and next(iter(bad)) in body["error"]
