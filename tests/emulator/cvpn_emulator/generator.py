# SPDX-License-Identifier: GPL-3.0-or-later
"""Deterministic generator of realistic Client VPN endpoints and connections."""

import datetime
import itertools
import random
import re

from . import clock
from .state import ACTIVE
from .state import FAILED_TO_TERMINATE
from .state import TERMINATED
from .state import TERMINATING

ENDPOINT_ID_PATTERN = re.compile(r"^cvpn-endpoint-[0-9a-f]{17}$")
DEFAULT_ENDPOINT_ID = "cvpn-endpoint-0123456789abcdef0"
CLIENT_CIDR = "10.0.0.0/16"

# Named users first: they get the most connections. Non-ASCII names are there on purpose.
NAMED_USERS = (
    "alice",
    "zoë",
    "józef.kowalski",
    "李雷",
    "bob",
    "carol",
    "dave",
    "erin",
    "françois.dupont",
    "grace",
    "heidi",
    "ivan",
    "müller.jürgen",
    "judy",
    "ольга.иванова",
    "mallory",
    "niaj",
    "olivia",
    "peggy",
    "ángel.garcía",
    "rupert",
    "sybil",
    "韩梅梅",
    "trent",
    "victor",
    "walter",
    "søren.ærø",
    "yusuf",
    "çağla",
    "nguyễn.văn.an",
)
# Users guaranteed more than five active connections (when there are enough connections to give them).
HEAVY_USERS = (("alice", 7), ("zoë", 6))
POSTURE_STATUSES = (["compliant"], ["compliant"], ["non-compliant"], ["non-compliant", "os-outdated"], ["unknown"])
FAILED_MESSAGE = "Failed to terminate the connection. Try again."
_SHARES = ((0.84, ACTIVE), (0.94, TERMINATED), (0.97, TERMINATING), (1.0, FAILED_TO_TERMINATE))
_HOURS_72 = 72 * 3600
_RETENTION_SPAN = 59 * 60


def _moment(now):
    if now is None:
        return clock.utc_now()
    return clock.parse_time(now).replace(microsecond=0)


def _naive(moment):
    return moment.astimezone(datetime.UTC).replace(tzinfo=None)


def generate_endpoint(endpoint_id=DEFAULT_ENDPOINT_ID, now=None, region="us-east-1", transport_protocol="udp"):
    """A complete ``ClientVpnEndpoint`` record (API member names) for an available OpenVPN endpoint."""
    created = clock.format_time(_moment(now) - datetime.timedelta(days=30))
    suffix = endpoint_id.rsplit("-", 1)[-1]
    account = "123456789012"
    return {
        "ClientVpnEndpointId": endpoint_id,
        "Description": "Emulated Client VPN endpoint",
        "Status": {"Code": "available"},
        "CreationTime": created,
        "DnsName": f"*.{endpoint_id}.prod.clientvpn.{region}.amazonaws.com",
        "ClientCidrBlock": CLIENT_CIDR,
        "DnsServers": ["10.1.0.2"],
        "SplitTunnel": True,
        "VpnProtocol": "openvpn",
        "TransportProtocol": transport_protocol,
        "VpnPort": 443,
        "ServerCertificateArn": f"arn:aws:acm:{region}:{account}:certificate/{suffix[:8]}-0000-4000-8000-{suffix[:12]}",
        "AuthenticationOptions": [
            {
                "Type": "certificate-authentication",
                "MutualAuthentication": {
                    "ClientRootCertificateChain": f"arn:aws:acm:{region}:{account}:certificate/root-{suffix}"
                },
            }
        ],
        "ConnectionLogOptions": {"Enabled": False},
        "Tags": [{"Key": "Name", "Value": f"emulated-{suffix[:6]}"}],
        "SecurityGroupIds": [f"sg-{suffix}"],
        "VpcId": f"vpc-{suffix}",
        "ClientConnectOptions": {"Enabled": False, "Status": {"Code": "applied"}},
        "SessionTimeoutHours": 24,
        "ClientLoginBannerOptions": {"Enabled": False},
        "DisconnectOnSessionTimeout": True,
    }


def _user_pool(count):
    extra = max(0, count // 4 - len(NAMED_USERS))
    pool = list(NAMED_USERS) + [f"user{number:05d}" for number in range(1, extra + 1)]
    weights = (1.0 / (rank + 1) ** 0.8 for rank in range(len(pool)))
    return pool, list(itertools.accumulate(weights))


def _client_ips(rng, count):
    hosts = rng.sample(range(2, 65534), min(count, 65532))
    addresses = [f"10.0.{host >> 8}.{host & 255}" for host in hosts]
    return [addresses[index % len(addresses)] for index in range(count)] if addresses else []


def _connection_ids(rng, count):
    ids, seen = [], set()
    while len(ids) < count:
        candidate = f"cvpn-connection-{rng.getrandbits(68):017x}"
        if candidate not in seen:
            seen.add(candidate)
            ids.append(candidate)
    return ids


def _status(rng):
    draw = rng.random()
    for limit, code in _SHARES:
        if draw < limit:
            return code
    return ACTIVE


def _counters(draw, seconds):
    """Byte and packet counters (text, as the API has them) for a connection up for ``seconds``."""
    ingress = int(seconds * (100 + draw() * 30000))
    egress = int(ingress * (0.05 + draw() * 3))
    return {
        "IngressBytes": str(ingress),
        "EgressBytes": str(egress),
        "IngressPackets": str(ingress // (400 + int(draw() * 900))),
        "EgressPackets": str(egress // (400 + int(draw() * 900))),
    }


class _Builder:
    """Builds one connection at a time from a seeded random source."""

    def __init__(self, rng, endpoint_id, now):
        self.rng = rng
        self.draw = rng.random
        self.endpoint_id = endpoint_id
        self.now = now
        self.now_text = clock.format_time(now)

    def seconds(self, low, high):
        """A whole number of seconds from ``low`` to ``high``, as a timedelta."""
        return datetime.timedelta(seconds=low + int(self.draw() * (high - low + 1)))

    def times(self, code):
        """(established, ended or None): up to 72 hours ago; terminated ones ended within the last 59 minutes."""
        if code != TERMINATED:
            return self.now - self.seconds(30, _HOURS_72), None
        ended = self.now - self.seconds(0, _RETENTION_SPAN)
        return ended - self.seconds(30, _HOURS_72 - _RETENTION_SPAN), ended

    def connection(self, connection_id, username, client_ip, code):
        rng, draw = self.rng, self.draw
        established, ended = self.times(code)
        record = {"ClientVpnEndpointId": self.endpoint_id, "Timestamp": self.now_text, "ConnectionId": connection_id}
        if username is not None:
            record["Username"] = username
        record["ConnectionEstablishedTime"] = clock.format_time(established)
        record.update(_counters(draw, ((ended or self.now) - established).total_seconds()))
        record["ClientIp"] = client_ip
        if draw() < 0.15:
            record["ClientIpv6Address"] = f"fd00:ec2:cafe::{rng.getrandbits(16):x}:{rng.getrandbits(16):x}"
        record["CommonName"] = f"client-{rng.getrandbits(24):06x}.vpn.example.internal"
        record["Status"] = {"Code": code, "Message": FAILED_MESSAGE} if code == FAILED_TO_TERMINATE else {"Code": code}
        record["ConnectionEndTime"] = clock.format_time(ended) if ended is not None else clock.NO_TIME
        if draw() < 0.2:
            record["PostureComplianceStatuses"] = list(POSTURE_STATUSES[int(draw() * len(POSTURE_STATUSES))])
            record["AuthorizationPolicyLastEvaluatedTime"] = clock.format_time(
                max(established, (ended or self.now) - self.seconds(0, 3600))
            )
        return record


def _usernames(rng, count, statuses):
    """One username per connection (None for certificate-only ones); heavy users get their active connections."""
    pool, cumulative = _user_pool(count)
    names = rng.choices(pool, cum_weights=cumulative, k=count)
    for index in range(count):
        if rng.random() < 0.1:
            names[index] = None
    active = (index for index in range(count) if statuses[index] == ACTIVE)
    if sum(wanted for _name, wanted in HEAVY_USERS) * 3 <= count:
        for name, wanted in HEAVY_USERS:
            for index in itertools.islice(active, wanted):
                names[index] = name
    return names


def generate_connections(endpoint_id=DEFAULT_ENDPOINT_ID, count=100, seed=0, now=None):
    """``count`` connection records (API member names) for ``endpoint_id``, the same for the same seed and now.

    Mostly active, about 10% terminated within the last 59 minutes, a few terminating and failed-to-terminate;
    about 10% certificate-only (no Username key); establishment times spread over 72 hours before ``now``.
    """
    if count < 0:
        raise ValueError("count must be >= 0")
    rng = random.Random(seed)
    builder = _Builder(rng, endpoint_id, _naive(_moment(now)))
    statuses = [_status(rng) for _index in range(count)]
    names = _usernames(rng, count, statuses)
    ids = _connection_ids(rng, count)
    ips = _client_ips(rng, count)
    return [builder.connection(ids[index], names[index], ips[index], statuses[index]) for index in range(count)]


def generate_state(endpoint_id=DEFAULT_ENDPOINT_ID, count=100, seed=0, now=None):
    """A complete state dict: one endpoint and ``count`` connections."""
    return {
        "endpoints": [generate_endpoint(endpoint_id, now=now)],
        "connections": generate_connections(endpoint_id, count, seed=seed, now=now),
        "unauthorized_access_keys": [],
    }
