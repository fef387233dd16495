# SPDX-License-Identifier: GPL-3.0-or-later
"""The record of API requests the emulator answered. Signatures and secrets are never stored."""

import collections
import datetime
import json
import re
import threading

DEFAULT_LIMIT = 100000
_SECRET_PARAMETER = re.compile(r"signature|secret|security-?token|password", re.IGNORECASE)


def loggable_params(params):
    """The request parameters minus anything that could carry a signature or a secret."""
    return {key: value for key, value in params.items() if not _SECRET_PARAMETER.search(key)}


class RequestLog:
    """The most recent ``limit`` API requests, in order, optionally also appended to a JSON-lines file."""

    def __init__(self, limit=DEFAULT_LIMIT, path=None):
        self._lock = threading.Lock()
        self._entries = collections.deque(maxlen=limit)
        self._sequence = 0
        self._path = path

    def record(self, action, params, access_key_id, status, error_code, request_id):
        time_text = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")
        with self._lock:
            self._sequence += 1
            entry = {
                "seq": self._sequence,
                "time": time_text,
                "action": action,
                "params": loggable_params(params),
                "access_key_id": access_key_id,
                "status": status,
                "error_code": error_code,
                "request_id": request_id,
            }
            self._entries.append(entry)
            if self._path is not None:
                with open(self._path, "a", encoding="utf-8") as handle:
                    handle.write(f"{json.dumps(entry, ensure_ascii=False)}\n")
        return entry

    def entries(self, action=None):
        with self._lock:
            return [
                dict(entry, params=dict(entry["params"]))
                for entry in self._entries
                if action is None or entry["action"] == action
            ]

    def clear(self):
        with self._lock:
            count = len(self._entries)
            self._entries.clear()
            return count

    def __len__(self):
        with self._lock:
            return len(self._entries)
