# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's data: endpoints, connections, the network records, unauthorized access keys and settings.

Connections and endpoints are plain dicts keyed by the API's member names, so they serialize as they are.
All access goes through one re-entrant lock held by the caller (``with state.lock:``) or by the methods here.
"""

import collections
import datetime
import json
import threading
import time

from . import clock
from . import resources
from .resources import NEXT_STATUS
from .resources import REMOVE
from .resources import RecordError
from .xmlserializer import load_ec2_model

ACTIVE = "active"
TERMINATING = "terminating"
TERMINATED = "terminated"
FAILED_TO_TERMINATE = "failed-to-terminate"
CONNECTION_STATUS_CODES = (ACTIVE, FAILED_TO_TERMINATE, TERMINATING, TERMINATED)

DEFAULT_SETTINGS = {
    "retention_minutes": 60,
    "terminate_delay_seconds": 1.0,
    "now": None,
    "default_page_size": 50,
    "transition_reads": 1,
}
LISTING_CACHE_SIZE = 8
STATE_KEYS = (
    "endpoints",
    "connections",
    "unauthorized_access_keys",
    "settings",
    "pending_terminations",
    "vpcs",
    "subnets",
    "target_networks",
    "authorization_rules",
    "routes",
    "crls",
)
NETWORK_KEYS = ("vpcs", "subnets", "target_networks", "authorization_rules", "routes")
LIVE_ASSOCIATION = ("associating", "associated")


class StateError(ValueError):
    """Invalid state or settings given to the emulator."""


def _number(name, value, minimum, maximum=None, integer=False):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise StateError(f"setting {name} must be a number, got {value!r}")
    if integer and int(value) != value:
        raise StateError(f"setting {name} must be a whole number, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
        raise StateError(f"setting {name} must be {bound}, got {value!r}")
    return int(value) if integer else value


def validate_settings(changes):
    """Check a partial settings dict; returns it normalised."""
    result = {}
    for name, value in changes.items():
        if name == "retention_minutes" or name == "terminate_delay_seconds":
            result[name] = _number(name, value, 0)
        elif name == "default_page_size":
            result[name] = _number(name, value, 1, 1000, integer=True)
        elif name == "transition_reads":
            result[name] = _number(name, value, 0, integer=True)
        elif name == "now":
            result[name] = _frozen_time(value)
        else:
            raise StateError(f"unknown setting {name!r}; known: {', '.join(sorted(DEFAULT_SETTINGS))}")
    return result


def _frozen_time(value):
    if value is None or value == "":
        return None
    try:
        return clock.format_time(clock.parse_time(value))
    except ValueError as exc:
        raise StateError(f"setting now: {exc}") from None


def clone(value):
    """A deep copy of JSON-like data (dicts, lists, scalars); much faster than ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {key: clone(item) if isinstance(item, (dict, list)) else item for key, item in value.items()}
    if isinstance(value, list):
        return [clone(item) if isinstance(item, (dict, list)) else item for item in value]
    return value


class _MemberCheck:
    """Rejects record keys that are not members of the API shape (they would never reach a client)."""

    def __init__(self):
        model = load_ec2_model()
        self.connection = frozenset(model.shape_for("ClientVpnConnection").members)
        self.endpoint = frozenset(model.shape_for("ClientVpnEndpoint").members)

    @staticmethod
    def check(kind, record, allowed, id_key):
        if not isinstance(record, dict):
            raise StateError(f"each {kind} must be a JSON object, got {record!r}")
        unknown = sorted(set(record) - allowed)
        if unknown:
            raise StateError(f"{kind} {record.get(id_key, '?')} has unknown member(s) {', '.join(unknown)}")
        if not isinstance(record.get(id_key), str) or not record[id_key]:
            raise StateError(f"each {kind} needs a non-empty {id_key}")


_MEMBER_CHECK = []


def _member_check():
    if not _MEMBER_CHECK:
        _MEMBER_CHECK.append(_MemberCheck())
    return _MEMBER_CHECK[0]


def validate_connection(record):
    check = _member_check()
    check.check("connection", record, check.connection, "ConnectionId")
    if not record.get("ClientVpnEndpointId"):
        raise StateError(f"connection {record['ConnectionId']} needs a ClientVpnEndpointId")
    status = record.get("Status")
    if not isinstance(status, dict) or status.get("Code") not in CONNECTION_STATUS_CODES:
        raise StateError(
            f"connection {record['ConnectionId']} needs Status.Code, one of {', '.join(CONNECTION_STATUS_CODES)}"
        )


def validate_endpoint(record):
    check = _member_check()
    check.check("endpoint", record, check.endpoint, "ClientVpnEndpointId")


def _check_references(endpoints, connections):
    """Unique endpoint and connection ids; every connection belongs to a listed endpoint."""
    endpoint_ids = set()
    for record in endpoints:
        if record["ClientVpnEndpointId"] in endpoint_ids:
            raise StateError(f"duplicate endpoint {record['ClientVpnEndpointId']}")
        endpoint_ids.add(record["ClientVpnEndpointId"])
    connection_ids = set()
    for record in connections:
        connection_id, endpoint_id = record["ConnectionId"], record["ClientVpnEndpointId"]
        if connection_id in connection_ids:
            raise StateError(f"duplicate connection {connection_id}")
        if endpoint_id not in endpoint_ids:
            raise StateError(
                f"connection {connection_id} refers to endpoint {endpoint_id}, which is not among the endpoints"
            )
        connection_ids.add(connection_id)


def _network_records(data, endpoint_ids, copy):
    """The vpcs, subnets, target networks, rules and routes of ``data`` (checked) and its crls."""
    for key in NETWORK_KEYS:
        if not isinstance(data.get(key) or [], list):
            raise StateError(f"{key} must be a list of JSON objects")
    if not isinstance(data.get("crls") or {}, dict):
        raise StateError("crls must be an object of endpoint id -> PEM text")
    records = {key: list(data.get(key) or []) for key in NETWORK_KEYS}
    if copy:
        records = clone(records)
    crls = dict(data.get("crls") or {})
    try:
        resources.check_vpcs(records["vpcs"])
        resources.check_subnets(records["subnets"], {record["VpcId"] for record in records["vpcs"]})
        subnets = {record["SubnetId"]: record for record in records["subnets"]}
        resources.check_target_networks(records["target_networks"], endpoint_ids, subnets)
        resources.check_rules(records["authorization_rules"], endpoint_ids)
        resources.check_routes(records["routes"], endpoint_ids)
        resources.check_crls(crls, endpoint_ids)
    except RecordError as exc:
        raise StateError(str(exc)) from None
    return records, crls


def _pending_terminations(pending, connections):
    """``{connection id: end time text}`` for terminating connections; they finish on the next read."""
    if not isinstance(pending, dict):
        raise StateError("pending_terminations must be an object of connection id -> end time")
    terminating = {record["ConnectionId"] for record in connections if record["Status"]["Code"] == TERMINATING}
    result = {}
    for connection_id, end_time in pending.items():
        if connection_id not in terminating:
            raise StateError(f"pending termination for {connection_id}, which is not a terminating connection")
        try:
            result[connection_id] = clock.format_time(clock.parse_time(end_time))
        except ValueError as exc:
            raise StateError(f"pending termination for {connection_id}: {exc}") from None
    return result


class EmulatorState:
    """Endpoints, connections, unauthorized access keys, settings and the clock, guarded by ``lock``."""

    def __init__(self, data=None, copy=True, **settings):
        self.lock = threading.RLock()
        self.clock = clock.Clock()
        self.settings = dict(DEFAULT_SETTINGS)
        self.endpoints = []
        self.connections = []
        self.unauthorized_access_keys = []
        self._endpoint_index = {}
        self._connection_index = {}
        self._by_endpoint = {}
        self._pending = {}
        self._version = 0
        self._listings = collections.OrderedDict()
        self.vpcs, self.subnets, self.target_networks, self.authorization_rules, self.routes = [], [], [], [], []
        self.crls, self.crl_status = {}, {}
        self.client_tokens = {}
        self._reads_left = {}
        self.load(data or {}, copy=copy)
        if settings:
            self.update_settings(**settings)

    # -- loading and exporting -------------------------------------------------------------------------------

    @classmethod
    def from_file(cls, path, **settings):
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle), copy=False, **settings)

    def load(self, data, copy=True):
        """Replace everything with ``data`` (the state file format); settings in it are merged.

        The records are copied unless ``copy`` is false (then the state takes ownership of them).
        """
        if not isinstance(data, dict):
            raise StateError("state must be a JSON object")
        unknown = sorted(set(data) - set(STATE_KEYS))
        if unknown:
            raise StateError(f"unknown state key(s) {', '.join(unknown)}; known: {', '.join(STATE_KEYS)}")
        endpoints = list(data.get("endpoints") or [])
        connections = list(data.get("connections") or [])
        if copy:
            endpoints, connections = clone(endpoints), clone(connections)
        keys = list(data.get("unauthorized_access_keys") or [])
        settings = validate_settings(data.get("settings") or {})
        for record in endpoints:
            validate_endpoint(record)
        for record in connections:
            validate_connection(record)
        pending = _pending_terminations(data.get("pending_terminations") or {}, connections)
        _check_references(endpoints, connections)
        network, crls = _network_records(data, {record["ClientVpnEndpointId"] for record in endpoints}, copy)
        with self.lock:
            self._replace(endpoints, connections, keys)
            self._apply_settings(settings)
            due = time.monotonic()
            self._pending = {connection_id: (due, end_text) for connection_id, end_text in pending.items()}
            self._replace_network(network, crls)

    def changed(self):
        """Note a change of the records; cached listings are dropped."""
        self._version += 1
        self._listings.clear()

    def cached_listing(self, key, cutoff, build):
        """The listing ``build()`` makes for ``key`` at retention ``cutoff``, reused while still exact.

        ``build()`` returns ``(listing, expires)``: ``expires`` is the earliest ConnectionEndTime among the
        listed terminated connections (None if there are none). The listing holds until the records change
        (``changed()``) or the cutoff passes ``expires``; the cutoff only moves forward between changes
        (settings changes count as changes).
        """
        entry = self._listings.get(key)
        if entry is not None:
            built_at, expires, listing = entry
            if built_at <= cutoff and (expires is None or cutoff <= expires):
                return listing
        listing, expires = build()
        self._listings[key] = (cutoff, expires, listing)
        while len(self._listings) > LISTING_CACHE_SIZE:
            self._listings.popitem(last=False)
        return listing

    def _replace(self, endpoints, connections, keys):
        self.changed()
        self.endpoints, self.connections, self.unauthorized_access_keys = [], [], []
        self._endpoint_index, self._connection_index, self._by_endpoint, self._pending = {}, {}, {}, {}
        for record in endpoints:
            self._add_endpoint(record)
        self._add_connections(connections)
        self.unauthorized_access_keys = [str(key) for key in keys]

    def _replace_network(self, network, crls):
        """Take the network records; those in a transitional status move on after ``transition_reads`` reads."""
        self.vpcs, self.subnets = network["vpcs"], network["subnets"]
        self.target_networks, self.authorization_rules = network["target_networks"], network["authorization_rules"]
        self.routes = network["routes"]
        self.crls, self.crl_status = crls, dict.fromkeys(crls, "active")
        self.client_tokens, self._reads_left = {}, {}
        for kind, records in (
            ("endpoint", self.endpoints),
            ("target_network", self.target_networks),
            ("authorization_rule", self.authorization_rules),
            ("route", self.routes),
        ):
            for record in records:
                if record.get("Status", {}).get("Code") in NEXT_STATUS[kind]:
                    self.begin_transition(record)
        for record in self.endpoints:
            if record.get("Status", {}).get("Code") == "pending-associate" and self.live_associations(
                record["ClientVpnEndpointId"]
            ):
                self.begin_transition(record)

    def to_dict(self):
        """The state in the state file format (deep copies)."""
        with self.lock:
            self.resolve_terminations()
            return {
                "endpoints": clone(self.endpoints),
                "connections": clone(self.connections),
                "unauthorized_access_keys": list(self.unauthorized_access_keys),
                "settings": dict(self.settings),
                "pending_terminations": {key: end for key, (_due, end) in self._pending.items()},
                "vpcs": clone(self.vpcs),
                "subnets": clone(self.subnets),
                "target_networks": clone(self.target_networks),
                "authorization_rules": clone(self.authorization_rules),
                "routes": clone(self.routes),
                "crls": dict(self.crls),
            }

    def to_json(self, indent=None):
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    # -- adding records --------------------------------------------------------------------------------------

    def add_endpoint(self, record, replace=False):
        validate_endpoint(record)
        with self.lock:
            existing = self._endpoint_index.get(record["ClientVpnEndpointId"])
            if existing is not None and not replace:
                raise StateError(f"duplicate endpoint {record['ClientVpnEndpointId']}")
            self.changed()
            if existing is not None:
                existing.clear()
                existing.update(clone(record))
                return
            self._add_endpoint(clone(record))

    def _add_endpoint(self, record):
        endpoint_id = record["ClientVpnEndpointId"]
        if endpoint_id in self._endpoint_index:
            raise StateError(f"duplicate endpoint {endpoint_id}")
        self.endpoints.append(record)
        self._endpoint_index[endpoint_id] = record
        self._by_endpoint.setdefault(endpoint_id, [])

    def add_connections(self, records, copy=True):
        """Append connections (validated; copied unless ``copy`` is false) after the existing ones."""
        records = clone(list(records)) if copy else list(records)
        for record in records:
            validate_connection(record)
        with self.lock:
            self._add_connections(records)

    def _add_connections(self, records):
        self.changed()
        seen = set()
        for record in records:
            connection_id, endpoint_id = record["ConnectionId"], record["ClientVpnEndpointId"]
            if connection_id in self._connection_index or connection_id in seen:
                raise StateError(f"duplicate connection {connection_id}")
            if endpoint_id not in self._endpoint_index:
                raise StateError(
                    f"connection {connection_id} refers to endpoint {endpoint_id}, which is not among the endpoints"
                )
            seen.add(connection_id)
        for record in records:
            self.connections.append(record)
            self._connection_index[record["ConnectionId"]] = record
            self._by_endpoint[record["ClientVpnEndpointId"]].append(record)

    def set_unauthorized_access_keys(self, keys):
        with self.lock:
            self.unauthorized_access_keys = [str(key) for key in keys]

    # -- settings --------------------------------------------------------------------------------------------

    def update_settings(self, **changes):
        """Merge settings: retention_minutes, terminate_delay_seconds, now (None = real time), default_page_size."""
        normalised = validate_settings(changes)
        with self.lock:
            self._apply_settings(normalised)
            return dict(self.settings)

    def _apply_settings(self, normalised):
        self.settings.update(normalised)
        self.clock.freeze(self.settings["now"])
        self.changed()

    # -- lookups used by the API -----------------------------------------------------------------------------

    def endpoint(self, endpoint_id):
        return self._endpoint_index.get(endpoint_id)

    def connection(self, connection_id):
        return self._connection_index.get(connection_id)

    def endpoint_connections(self, endpoint_id):
        return self._by_endpoint.get(endpoint_id, [])

    def vpc(self, vpc_id):
        return next((record for record in self.vpcs if record["VpcId"] == vpc_id), None)

    def subnet(self, subnet_id):
        return next((record for record in self.subnets if record["SubnetId"] == subnet_id), None)

    def endpoint_records(self, kind, endpoint_id):
        """The target networks, authorization rules or routes of one endpoint, in state order."""
        records = {
            "target_network": self.target_networks,
            "authorization_rule": self.authorization_rules,
            "route": self.routes,
        }[kind]
        return [record for record in records if record["ClientVpnEndpointId"] == endpoint_id]

    def live_associations(self, endpoint_id):
        """The endpoint's target networks that are associating or associated."""
        return [
            record
            for record in self.endpoint_records("target_network", endpoint_id)
            if record["Status"].get("Code") in LIVE_ASSOCIATION
        ]

    def is_unauthorized(self, access_key_id):
        return access_key_id in self.unauthorized_access_keys

    def retention_cutoff(self):
        """Connections terminated before this time (same text format, so it compares as a string) are hidden."""
        minutes = self.settings["retention_minutes"]
        return clock.format_time(self.clock.now() - datetime.timedelta(minutes=minutes))

    # -- termination -----------------------------------------------------------------------------------------

    def begin_termination(self, connection):
        """Mark an active or failed-to-terminate connection as terminating; it turns terminated after the delay."""
        delay = self.settings["terminate_delay_seconds"]
        now = self.clock.now()
        end = now + datetime.timedelta(seconds=delay)
        connection["Status"] = {"Code": TERMINATING}
        self.changed()
        self._pending[connection["ConnectionId"]] = (time.monotonic() + delay, clock.format_time(end))

    def resolve_terminations(self):
        """Finish the terminations whose delay (measured in real time) has passed."""
        if not self._pending:
            return
        current = time.monotonic()
        now_text = self.clock.now_text()
        for connection_id, (due, end_text) in list(self._pending.items()):
            if due > current:
                continue
            del self._pending[connection_id]
            connection = self._connection_index.get(connection_id)
            if connection is None or connection["Status"].get("Code") != TERMINATING:
                continue
            connection["Status"] = {"Code": TERMINATED}
            connection["ConnectionEndTime"] = min(end_text, now_text)
            self.changed()

    # -- transitional statuses -------------------------------------------------------------------------------

    def begin_transition(self, record, reads=None):
        """``record`` keeps its transitional status for ``reads`` (default ``transition_reads``) more reads."""
        self._reads_left[id(record)] = self.settings["transition_reads"] if reads is None else reads

    def cancel_transition(self, record):
        """``record`` keeps its status until something starts a new transition."""
        self._reads_left.pop(id(record), None)

    def advance(self, kind, records):
        """One Describe read of ``records``: each transitional status whose reads are used up moves one step on.

        An endpoint in ``pending-associate`` moves only when a subnet association started its countdown, and
        then to ``available`` if it still has a live association.
        """
        steps, gone, changed = NEXT_STATUS[kind], [], False
        for record in list(records):
            code = record["Status"].get("Code")
            left = self._reads_left.get(id(record))
            if code not in steps and not (kind == "endpoint" and code == "pending-associate" and left is not None):
                continue
            if left:
                self._reads_left[id(record)] = left - 1
                continue
            self._reads_left.pop(id(record), None)
            following = steps.get(code, "available")
            if following is REMOVE:
                gone.append(record)
            elif following != "available" or self.live_associations(record["ClientVpnEndpointId"]):
                record["Status"] = {"Code": following}
            changed = True
        for record in gone:
            self.remove(kind, record)
        if changed:
            self.changed()

    def remove(self, kind, record):
        """Drop a record (an endpoint takes its connections, networks, rules, routes and CRL with it)."""
        self._reads_left.pop(id(record), None)
        if kind == "endpoint":
            self._remove_endpoint(record["ClientVpnEndpointId"])
            return
        records = {
            "target_network": self.target_networks,
            "authorization_rule": self.authorization_rules,
            "route": self.routes,
        }[kind]
        records[:] = [item for item in records if item is not record]
        self.changed()

    def _remove_endpoint(self, endpoint_id):
        record = self._endpoint_index.pop(endpoint_id)
        self.endpoints = [item for item in self.endpoints if item is not record]
        for connection in self._by_endpoint.pop(endpoint_id, []):
            self._connection_index.pop(connection["ConnectionId"], None)
            self._pending.pop(connection["ConnectionId"], None)
        self.connections = [item for item in self.connections if item["ClientVpnEndpointId"] != endpoint_id]
        for kind in ("target_network", "authorization_rule", "route"):
            for item in self.endpoint_records(kind, endpoint_id):
                self.remove(kind, item)
        self.crls.pop(endpoint_id, None)
        self.crl_status.pop(endpoint_id, None)
        self._reads_left.pop(("crl", endpoint_id), None)
        self.changed()

    def import_crl(self, endpoint_id, pem):
        """Store a CRL as ``pending``; it reads ``active`` after ``transition_reads`` exports."""
        self.crls[endpoint_id] = pem
        self.crl_status[endpoint_id] = "pending"
        self._reads_left[("crl", endpoint_id)] = self.settings["transition_reads"]

    def read_crl(self, endpoint_id):
        """``(PEM, status code)`` for one export of the endpoint's CRL, or ``(None, None)`` without one."""
        if endpoint_id not in self.crls:
            return None, None
        key = ("crl", endpoint_id)
        left = self._reads_left.get(key)
        if left:
            self._reads_left[key] = left - 1
        elif left == 0:
            del self._reads_left[key]
            self.crl_status[endpoint_id] = "active"
        return self.crls[endpoint_id], self.crl_status[endpoint_id]
