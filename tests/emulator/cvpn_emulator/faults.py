# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault injection: throttling, internal errors, concurrent changes, added latency and AWS quirks."""

import random
import threading

from . import errors

FAULT_DEFAULTS = {
    "throttle_first": 0,
    "throttle_rate": 0.0,
    "error_first": 0,
    "latency_ms": 0,
    "repeat_next_token": False,
    "seed": 0,
    "actions": None,
    "concurrent_mutation_first": 0,
    "ignore_association_ids": False,
}


class FaultError(ValueError):
    """Invalid fault settings."""


def _count(name, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FaultError(f"fault {name} must be a whole number >= 0, got {value!r}")
    return value


def _rate(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise FaultError(f"fault {name} must be a number from 0 to 1, got {value!r}")
    return float(value)


def _latency(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise FaultError(f"fault {name} must be a number of milliseconds >= 0, got {value!r}")
    return value


def _flag(name, value):
    if not isinstance(value, bool):
        raise FaultError(f"fault {name} must be true or false, got {value!r}")
    return value


def _actions(name, value):
    if value is None:
        return None
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise FaultError(f"fault {name} must be a list of action names or null, got {value!r}")
    return list(value)


_VALIDATORS = {
    "throttle_first": _count,
    "throttle_rate": _rate,
    "error_first": _count,
    "latency_ms": _latency,
    "repeat_next_token": _flag,
    "seed": _count,
    "actions": _actions,
    "concurrent_mutation_first": _count,
    "ignore_association_ids": _flag,
}


def validate_faults(changes):
    result = {}
    for name, value in changes.items():
        validator = _VALIDATORS.get(name)
        if validator is None:
            raise FaultError(f"unknown fault {name!r}; known: {', '.join(sorted(FAULT_DEFAULTS))}")
        result[name] = validator(name, value)
    return result


class Faults:
    """The active fault configuration and its counters; thread safe.

    For each API request (whose action is in ``actions``, or any action when that is null), in this order:
    ``latency_ms`` is waited; the request is throttled while ``throttle_first`` requests remain to be throttled;
    otherwise it fails with InternalError while ``error_first`` remain; otherwise it is throttled with
    probability ``throttle_rate``, drawn from a ``random.Random(seed)``. After those, a request that changes an
    endpoint (``mutating``) fails with ConcurrentMutationLimitExceeded while ``concurrent_mutation_first`` remain.
    """

    def __init__(self, **changes):
        self._lock = threading.Lock()
        self._config = dict(FAULT_DEFAULTS)
        self._throttle_left = 0
        self._error_left = 0
        self._mutation_left = 0
        self._random = random.Random(0)
        self.update(**changes)

    def update(self, **changes):
        """Merge fault settings; counters given here restart, and so does the random sequence."""
        normalised = validate_faults(changes)
        with self._lock:
            self._config.update(normalised)
            if "throttle_first" in normalised:
                self._throttle_left = normalised["throttle_first"]
            if "error_first" in normalised:
                self._error_left = normalised["error_first"]
            if "concurrent_mutation_first" in normalised:
                self._mutation_left = normalised["concurrent_mutation_first"]
            if "seed" in normalised or "throttle_rate" in normalised:
                self._random = random.Random(self._config["seed"])
            return self._describe()

    def clear(self):
        with self._lock:
            self._config = dict(FAULT_DEFAULTS)
            self._throttle_left = self._error_left = self._mutation_left = 0
            self._random = random.Random(0)
            return self._describe()

    def describe(self):
        with self._lock:
            return self._describe()

    def _describe(self):
        result = dict(self._config)
        result["throttle_remaining"] = self._throttle_left
        result["error_remaining"] = self._error_left
        result["concurrent_mutation_remaining"] = self._mutation_left
        return result

    @property
    def repeat_next_token(self):
        return self._config["repeat_next_token"]

    @property
    def ignore_association_ids(self):
        return self._config["ignore_association_ids"]

    def latency_seconds(self, action):
        with self._lock:
            if not self._applies(action):
                return 0.0
            return self._config["latency_ms"] / 1000.0

    def next_error(self, action, mutating=False):
        """The ApiError this request must fail with, or None; ``mutating``: the action changes an endpoint."""
        with self._lock:
            if not self._applies(action):
                return None
            if self._throttle_left > 0:
                self._throttle_left -= 1
                return errors.throttled()
            if self._error_left > 0:
                self._error_left -= 1
                return errors.internal_error()
            rate = self._config["throttle_rate"]
            if rate > 0 and self._random.random() < rate:
                return errors.throttled()
            if mutating and self._mutation_left > 0:
                self._mutation_left -= 1
                return errors.concurrent_mutation()
            return None

    def _applies(self, action):
        actions = self._config["actions"]
        return actions is None or action in actions
