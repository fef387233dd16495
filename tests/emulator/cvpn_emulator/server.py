# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP front end (loopback only) and the ``Emulator`` object that owns state, faults, log and server."""

import http.server
import ipaddress
import json
import logging
import os
import socket
import socketserver
import threading

from .admin import PREFIX as ADMIN_PREFIX
from .admin import AdminApi
from .admin import AdminError
from .faults import Faults
from .requestlog import DEFAULT_LIMIT
from .requestlog import RequestLog
from .service import ApiService
from .state import EmulatorState

LOG = logging.getLogger(__name__)
MAX_BODY_BYTES = 512 * 1024 * 1024
IDLE_TIMEOUT_SECONDS = 30


def loopback_host(host):
    """``host`` if it is an IPv4 loopback address ("localhost" means 127.0.0.1); ValueError otherwise."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"host must be an IPv4 loopback address such as 127.0.0.1, got {host!r}") from None
    if address.version != 4 or not address.is_loopback:
        raise ValueError(f"host must be an IPv4 loopback address such as 127.0.0.1, got {host!r}")
    return str(address)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, emulator):
        self.emulator = emulator
        self.stopping = False
        super().__init__(address, _Handler)

    def server_bind(self):
        # Skip HTTPServer.server_bind, whose reverse DNS lookup of the address can stall.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "cvpn-emulator/1"
    timeout = IDLE_TIMEOUT_SECONDS

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle's algorithm and delayed ACKs
        # add about 40 ms to every response on loopback.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Requests are recorded in the request log instead of on stderr."""

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY_BYTES:
            raise AdminError(413, f"request body of {length} bytes is too large")
        return self.rfile.read(length) if length else b""

    def _send(self, status, content_type, payload, extra_headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _send_json(self, status, value, extra_headers=None):
        payload = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self._send(status, "application/json", payload, extra_headers)

    def _dispatch(self):
        if self.server.stopping:
            self.close_connection = True
            return
        path = self.path.split("?", 1)[0]
        try:
            body = self._read_body()
            if path.startswith(ADMIN_PREFIX) or path == ADMIN_PREFIX.rstrip("/"):
                status, value = self.server.emulator.admin.handle(self.command, self.path, body)
                self._send_json(status, value)
            elif path == "/" and self.command == "POST":
                status, text = self.server.emulator.service.handle(body, self.headers.get("Authorization"))
                self._send(status, "text/xml;charset=UTF-8", text.encode("utf-8"))
            else:
                raise AdminError(
                    404,
                    f"nothing at {self.command} {path}; the EC2 API is POST / "
                    f"and the admin API is under {ADMIN_PREFIX}",
                )
        except AdminError as exc:
            headers = {"Allow": exc.allow} if exc.allow else None
            self._send_json(exc.status, {"error": exc.message}, headers)
        except Exception as exc:  # pylint: disable=broad-except
            LOG.exception("unexpected failure answering %s %s", self.command, path)
            self._send_json(500, {"error": f"{type(exc).__name__}: {exc}"})

    do_GET = do_POST = do_PUT = do_DELETE = _dispatch


def _coerce_state(state, settings):
    if isinstance(state, EmulatorState):
        if settings:
            state.update_settings(**settings)
        return state
    if isinstance(state, (str, os.PathLike)):
        return EmulatorState.from_file(state, **settings)
    return EmulatorState(state, **settings)


class Emulator:
    """An EC2 Client VPN API emulator served over HTTP on a loopback address, in a daemon thread.

    ``state`` is an ``EmulatorState``, a dict in the state file format, a path to a state file, or None (empty).
    ``settings`` are ``retention_minutes``, ``terminate_delay_seconds``, ``now`` and ``default_page_size``.
    ``faults`` is a dict as accepted by ``set_faults``; ``log_file`` also appends each request as a JSON line.

    Use as a context manager (``with Emulator(state) as emu: emu.url``) or call ``start()`` and ``stop()``.
    """

    def __init__(
        self,
        state=None,
        host="127.0.0.1",
        port=0,
        faults=None,
        log_file=None,
        request_log_limit=DEFAULT_LIMIT,
        **settings,
    ):
        self.host = loopback_host(host)
        self._requested_port = int(port)
        self.state = _coerce_state(state, settings)
        self.faults = Faults(**(faults or {}))
        self.request_log = RequestLog(limit=request_log_limit, path=log_file)
        self.service = ApiService(self.state, self.faults, self.request_log)
        self.admin = AdminApi(self)
        self._server = None
        self._thread = None

    def start(self):
        """Bind and start serving; returns self. Starting a running emulator does nothing."""
        if self._server is not None:
            return self
        self._server = _Server((self.host, self._requested_port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"cvpn-emulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self):
        """Stop serving and close the listening socket. Safe to call more than once."""
        server, self._server = self._server, None
        if server is None:
            return
        server.stopping = True
        server.shutdown()
        server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def running(self):
        return self._server is not None

    @property
    def port(self):
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return self._server.server_address[1]

    @property
    def url(self):
        """The base URL for ``endpoint_url`` (``http://127.0.0.1:PORT``)."""
        return f"http://{self.host}:{self.port}"

    @property
    def requests(self):
        """A copy of the request log: dicts with seq, time, action, params, access_key_id, status, error_code..."""
        return self.request_log.entries()

    def clear_requests(self):
        return self.request_log.clear()

    def set_faults(self, **faults):
        """Merge fault settings (see ``Faults``); returns the resulting configuration."""
        return self.faults.update(**faults)

    def clear_faults(self):
        return self.faults.clear()

    def update_settings(self, **settings):
        return self.state.update_settings(**settings)

    def load_state(self, data):
        """Replace the state with ``data`` (the state file format)."""
        self.state.load(data)
