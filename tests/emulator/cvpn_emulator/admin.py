# SPDX-License-Identifier: GPL-3.0-or-later
"""The JSON admin API under ``/_emulator/``, used by tests and playbooks to inspect and steer the emulator."""

import json
import urllib.parse

from .faults import FaultError
from .state import StateError

PREFIX = "/_emulator/"


class AdminError(Exception):
    def __init__(self, status, message, allow=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.allow = allow


def _json_body(body):
    try:
        value = json.loads(body.decode("utf-8") if body else "{}")
    except (UnicodeDecodeError, ValueError) as exc:
        raise AdminError(400, f"request body is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise AdminError(400, "request body must be a JSON object")
    return value


class AdminApi:
    """Routes ``(method, path, body)`` to the emulator; answers ``(status, JSON-able dict)``."""

    def __init__(self, emulator):
        self.emulator = emulator
        self._routes = {
            "health": {"GET": self.health},
            "requests": {"GET": self.get_requests, "DELETE": self.clear_requests},
            "state": {"GET": self.get_state, "PUT": self.put_state},
            "faults": {"GET": self.get_faults, "PUT": self.put_faults, "DELETE": self.clear_faults},
            "settings": {"GET": self.get_settings, "PUT": self.put_settings},
        }

    def handle(self, method, raw_path, body):
        parts = urllib.parse.urlsplit(raw_path)
        name = parts.path[len(PREFIX) :].strip("/")
        methods = self._routes.get(name)
        if methods is None:
            raise AdminError(404, f"no admin resource {parts.path}; known: {', '.join(sorted(self._routes))}")
        handler = methods.get(method)
        if handler is None:
            allow = ", ".join(sorted(methods))
            raise AdminError(405, f"{method} is not supported on {parts.path}; use {allow}", allow=allow)
        query = dict(urllib.parse.parse_qsl(parts.query))
        try:
            return handler(query, body)
        except (StateError, FaultError) as exc:
            raise AdminError(400, str(exc)) from None

    def health(self, _query, _body):
        state = self.emulator.state
        with state.lock:
            counts = {"endpoints": len(state.endpoints), "connections": len(state.connections)}
        return 200, {"status": "ok", "url": self.emulator.url, "requests": len(self.emulator.request_log), **counts}

    def get_requests(self, query, _body):
        return 200, {"requests": self.emulator.request_log.entries(action=query.get("action"))}

    def clear_requests(self, _query, _body):
        return 200, {"cleared": self.emulator.request_log.clear()}

    def get_state(self, _query, _body):
        return 200, self.emulator.state.to_dict()

    def put_state(self, _query, body):
        self.emulator.state.load(_json_body(body), copy=False)
        state = self.emulator.state
        with state.lock:
            return 200, {"endpoints": len(state.endpoints), "connections": len(state.connections)}

    def get_faults(self, _query, _body):
        return 200, self.emulator.faults.describe()

    def put_faults(self, _query, body):
        return 200, self.emulator.faults.update(**_json_body(body))

    def clear_faults(self, _query, _body):
        return 200, self.emulator.faults.clear()

    def get_settings(self, _query, _body):
        with self.emulator.state.lock:
            return 200, dict(self.emulator.state.settings)

    def put_settings(self, _query, body):
        return 200, self.emulator.state.update_settings(**_json_body(body))
