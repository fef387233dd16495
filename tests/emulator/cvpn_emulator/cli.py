# SPDX-License-Identifier: GPL-3.0-or-later
"""Command line: ``python -m cvpn_emulator [options]``."""

import argparse
import os
import signal
import sys
import threading

from .faults import FaultError
from .faults import validate_faults
from .generator import DEFAULT_ENDPOINT_ID
from .generator import ENDPOINT_ID_PATTERN
from .generator import generate_connections
from .generator import generate_endpoint
from .server import Emulator
from .server import loopback_host
from .state import DEFAULT_SETTINGS
from .state import EmulatorState
from .state import StateError

DESCRIPTION = """\
Serve a local emulation of the EC2 Client VPN API (connections, endpoints, target networks,
authorization rules, routes, tags, client configuration and CRLs) over HTTP on a loopback address,
with a JSON admin API under /_emulator/. With --write-state, write the state file and exit instead."""


def _parser():
    parser = argparse.ArgumentParser(prog="python -m cvpn_emulator", description=DESCRIPTION)
    _server_options(parser.add_argument_group("server"))
    _data_options(parser.add_argument_group("data"))
    _settings_options(parser.add_argument_group("settings"))
    _fault_options(parser.add_argument_group("faults"))
    return parser


def _server_options(group):
    group.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    group.add_argument("--port", type=int, default=0, help="TCP port (default 0: a free port)")
    group.add_argument("--url-file", help="write the base URL here once listening (removed on exit)")
    group.add_argument("--pid-file", help="write the process id here (removed on exit)")
    group.add_argument("--log-file", help="append each API request as a JSON line")


def _data_options(group):
    group.add_argument("--state", help="load this JSON state file")
    group.add_argument("--generate", type=int, metavar="N", help="add N generated connections (and their endpoint)")
    group.add_argument(
        "--endpoint-id",
        default=DEFAULT_ENDPOINT_ID,
        help=f"endpoint of the generated connections (default {DEFAULT_ENDPOINT_ID})",
    )
    group.add_argument("--seed", type=int, default=0, help="seed of the generator (default 0)")
    group.add_argument("--write-state", metavar="FILE", help="write the resulting state as JSON ('-': stdout) and exit")
    group.add_argument(
        "--unauthorized-key",
        action="append",
        default=[],
        metavar="AKID",
        help="access key id answered with UnauthorizedOperation (repeatable)",
    )


def _settings_options(group):
    group.add_argument(
        "--now", help="freeze the clock at this UTC time ('YYYY-MM-DD HH:MM:SS'); also used by --generate"
    )
    group.add_argument(
        "--retention-minutes",
        type=float,
        help=f"how long terminated connections stay listed (default {DEFAULT_SETTINGS['retention_minutes']})",
    )
    group.add_argument(
        "--terminate-delay",
        type=float,
        metavar="SECONDS",
        help=f"terminating -> terminated delay (default {DEFAULT_SETTINGS['terminate_delay_seconds']})",
    )
    group.add_argument(
        "--default-page-size",
        type=int,
        help=f"page size when MaxResults is absent (default {DEFAULT_SETTINGS['default_page_size']})",
    )
    group.add_argument(
        "--transition-reads",
        type=int,
        metavar="N",
        help="Describe reads that still see a transitional status such as associating (default "
        f"{DEFAULT_SETTINGS['transition_reads']}; 0: the first read sees the final status)",
    )


def _fault_options(group):
    group.add_argument(
        "--throttle-first", type=int, metavar="K", help="answer the first K requests RequestLimitExceeded"
    )
    group.add_argument("--throttle-rate", type=float, metavar="F", help="throttle this fraction (0..1) of requests")
    group.add_argument("--error-first", type=int, metavar="K", help="answer the next K requests InternalError")
    group.add_argument("--latency-ms", type=float, metavar="MS", help="delay each API response by MS milliseconds")
    group.add_argument(
        "--repeat-next-token",
        action="store_true",
        help="DescribeClientVpnConnections always returns the same NextToken",
    )
    group.add_argument("--fault-seed", type=int, metavar="N", help="seed of the --throttle-rate draws (default 0)")
    group.add_argument(
        "--fault-action",
        action="append",
        metavar="ACTION",
        help="limit the faults to this action (repeatable; default: every action)",
    )
    group.add_argument(
        "--concurrent-mutation-first",
        type=int,
        metavar="K",
        help="answer the first K endpoint changes ConcurrentMutationLimitExceeded",
    )
    group.add_argument(
        "--ignore-association-ids",
        action="store_true",
        help="DescribeClientVpnTargetNetworks ignores AssociationIds and lists every association",
    )


def _settings(args):
    chosen = {
        "now": args.now,
        "retention_minutes": args.retention_minutes,
        "terminate_delay_seconds": args.terminate_delay,
        "default_page_size": args.default_page_size,
        "transition_reads": args.transition_reads,
    }
    return {name: value for name, value in chosen.items() if value is not None}


def _faults(args):
    chosen = {
        "throttle_first": args.throttle_first,
        "throttle_rate": args.throttle_rate,
        "error_first": args.error_first,
        "latency_ms": args.latency_ms,
        "seed": args.fault_seed,
        "actions": args.fault_action,
        "repeat_next_token": args.repeat_next_token or None,
        "concurrent_mutation_first": args.concurrent_mutation_first,
        "ignore_association_ids": args.ignore_association_ids or None,
    }
    return {name: value for name, value in chosen.items() if value is not None}


def build_state(args):
    """The state described by --state, --generate, --unauthorized-key and the settings flags."""
    state = EmulatorState.from_file(args.state) if args.state else EmulatorState()
    state.update_settings(**_settings(args))
    if args.unauthorized_key:
        state.set_unauthorized_access_keys(state.unauthorized_access_keys + args.unauthorized_key)
    if args.generate is not None:
        if args.generate < 0:
            raise StateError("--generate needs a count >= 0")
        if not ENDPOINT_ID_PATTERN.match(args.endpoint_id):
            raise StateError(f"--endpoint-id must look like cvpn-endpoint-<17 hex digits>, got {args.endpoint_id}")
        if state.endpoint(args.endpoint_id) is None:
            state.add_endpoint(generate_endpoint(args.endpoint_id, now=args.now))
        records = generate_connections(args.endpoint_id, args.generate, seed=args.seed, now=args.now)
        state.add_connections(records, copy=False)
    return state


def _write_state(state, path):
    text = state.to_json(indent=1)
    if path == "-":
        sys.stdout.write(f"{text}\n")
        return
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"{text}\n")


def _write_atomically(path, text):
    temporary = f"{path}.tmp{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, path)


def _remove_quietly(path):
    if path:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


def serve(args, state):
    """Run until SIGTERM or SIGINT."""
    stop = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_ignored: stop.set())
    emulator = Emulator(state, host=args.host, port=args.port, faults=_faults(args), log_file=args.log_file)
    with emulator:
        if args.pid_file:
            _write_atomically(args.pid_file, f"{os.getpid()}\n")
        if args.url_file:
            _write_atomically(args.url_file, f"{emulator.url}\n")
        print(f"cvpn_emulator listening on {emulator.url}", flush=True)
        try:
            while not stop.wait(0.5):
                pass
        finally:
            _remove_quietly(args.url_file)
            _remove_quietly(args.pid_file)
    print("cvpn_emulator stopped", flush=True)


def main(argv=None):
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        loopback_host(args.host)
        validate_faults(_faults(args))
        state = build_state(args)
        if args.write_state:
            _write_state(state, args.write_state)
            return 0
        serve(args, state)
    except (StateError, FaultError, ValueError, OSError) as exc:
        parser.exit(2, f"{parser.prog}: error: {exc}\n")
    return 0
