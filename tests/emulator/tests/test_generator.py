# SPDX-License-Identifier: GPL-3.0-or-later
"""Properties of the generated connections and endpoint."""

import collections
import ipaddress
import re

import pytest
from conftest import ENDPOINT_ID
from conftest import NOW

from cvpn_emulator import EmulatorState
from cvpn_emulator import generate_connections
from cvpn_emulator import generate_endpoint
from cvpn_emulator import generate_state
from cvpn_emulator import parse_time
from cvpn_emulator.xmlserializer import load_ec2_model

TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
COUNT = 3000


@pytest.fixture(scope="module")
def generated():
    return generate_connections(ENDPOINT_ID, COUNT, seed=11, now=NOW)


def test_same_seed_same_connections_other_seed_other_connections(generated):
    assert generate_connections(ENDPOINT_ID, COUNT, seed=11, now=NOW) == generated
    assert generate_connections(ENDPOINT_ID, COUNT, seed=12, now=NOW) != generated


def test_ids_are_unique_and_well_formed(generated):
    ids = [item["ConnectionId"] for item in generated]
    assert len(set(ids)) == COUNT
    assert all(re.fullmatch(r"cvpn-connection-[0-9a-f]{17}", item) for item in ids)
    assert {item["ClientVpnEndpointId"] for item in generated} == {ENDPOINT_ID}


def test_members_are_api_members_and_counters_are_text(generated):
    members = set(load_ec2_model().shape_for("ClientVpnConnection").members)
    for item in generated:
        assert set(item) <= members
        for name in ("IngressBytes", "EgressBytes", "IngressPackets", "EgressPackets"):
            assert isinstance(item[name], str) and item[name].isdigit()
        assert ipaddress.ip_address(item["ClientIp"]) in ipaddress.ip_network("10.0.0.0/16")
        assert item["Timestamp"] == NOW


def test_status_mix(generated):
    counts = collections.Counter(item["Status"]["Code"] for item in generated)
    assert counts["active"] > COUNT * 0.7
    assert counts["terminated"] > 0 and counts["terminating"] > 0 and counts["failed-to-terminate"] > 0


def test_times_are_consistent(generated):
    now = parse_time(NOW)
    for item in generated:
        established = parse_time(item["ConnectionEstablishedTime"])
        assert TIME.match(item["ConnectionEstablishedTime"])
        assert 0 < (now - established).total_seconds() <= 72 * 3600
        if item["Status"]["Code"] == "terminated":
            ended = parse_time(item["ConnectionEndTime"])
            assert established <= ended <= now
            assert (now - ended).total_seconds() < 3600
        else:
            assert item["ConnectionEndTime"] == "-"
    spread = [parse_time(item["ConnectionEstablishedTime"]) for item in generated]
    assert (max(spread) - min(spread)).total_seconds() > 60 * 3600


def test_users_repeat_include_non_ascii_and_heavy_users(generated):
    active = collections.Counter(
        item["Username"] for item in generated if "Username" in item and item["Status"]["Code"] == "active"
    )
    names = {item["Username"] for item in generated if "Username" in item}
    assert {"zoë", "józef.kowalski", "李雷"} <= names
    assert active["alice"] > 5 and active["zoë"] > 5
    assert any(0 < count <= 5 for count in active.values())


def test_certificate_only_connections_have_no_username_key(generated):
    certificate_only = [item for item in generated if "Username" not in item]
    assert certificate_only
    assert all(item["CommonName"] for item in certificate_only)


def test_optional_members_appear_on_some(generated):
    assert 0 < sum("ClientIpv6Address" in item for item in generated) < COUNT
    with_posture = [item for item in generated if "PostureComplianceStatuses" in item]
    assert 0 < len(with_posture) < COUNT
    assert all(isinstance(item["PostureComplianceStatuses"], list) for item in with_posture)
    failed = [item for item in generated if item["Status"]["Code"] == "failed-to-terminate"]
    assert all(item["Status"]["Message"] for item in failed)


def test_small_counts_work():
    assert generate_connections(ENDPOINT_ID, 0, now=NOW) == []
    assert len(generate_connections(ENDPOINT_ID, 1, now=NOW)) == 1
    with pytest.raises(ValueError):
        generate_connections(ENDPOINT_ID, -1)


def test_endpoint_record_is_complete_and_loads():
    endpoint = generate_endpoint(ENDPOINT_ID, now=NOW)
    assert endpoint["Status"] == {"Code": "available"}
    assert endpoint["VpnProtocol"] == "openvpn"
    assert endpoint["TransportProtocol"] == "udp"
    assert endpoint["ClientCidrBlock"] == "10.0.0.0/16"
    assert ENDPOINT_ID in endpoint["DnsName"]
    state = EmulatorState(generate_state(ENDPOINT_ID, 50, seed=1, now=NOW))
    assert len(state.connections) == 50


def test_fifty_thousand_connections_are_generated_and_unique():
    connections = generate_connections(ENDPOINT_ID, 50000, seed=5, now=NOW)
    assert len({item["ConnectionId"] for item in connections}) == 50000
    active_ips = [item["ClientIp"] for item in connections if item["Status"]["Code"] == "active"]
    assert len(set(active_ips)) == len(active_ips)
