# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark of vpnops.aws.client_vpn_connections_info against what it cannot do better than.

    python benchmarks/bench.py [--sizes 1000,10000,50000] [--rounds 5] [--write docs/performance.md]

For each size N, the Client VPN emulator (tests/emulator) serves N connections of one endpoint on loopback,
and four programs list them all, each in its own process, in turns (the order rotates every round):

  module          the module, run as Ansible runs it minus the AnsiballZ wrapper:
                  python -m ansible_collections.vpnops.aws.plugins.modules.client_vpn_connections_info ARGS
  ansible_floor   benchmarks/floor_ansible.py: the same paging in a bare AnsibleModule, raw list to exit_json()
  boto3_floor     benchmarks/floor_boto3.py: plain boto3 paging, the list printed as JSON
  aws_cli         aws ec2 describe-client-vpn-connections --page-size 1000

Each run records the wall time, the peak RSS of the child process (from wait4()) and the number of API
requests (from the emulator's request log, cleared before the run), and checks the answer: the module's
connections must equal the emulator's records converted by ansible's camel_dict_to_snake_dict (Timestamp is
the emulator's frozen clock), and the other programs must return the same connection ids in the same order.

Only the Python that runs this script is needed, with what .venv/core-2.19 holds (ansible-core, boto3,
awscli); no network access beyond loopback.
"""

import argparse
import datetime
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

import programs
from measurement import BenchError
from measurement import Spawner
from measurement import bench_size
from measurement import progress
from measurement import summarize
from report import machine
from report import render_report
from report import versions
from report import write_document
from targets import verdicts

DEFAULT_SIZES = (1000, 10000, 50000)
DEFAULT_ROUNDS = 5
DEFAULT_WARMUP = 1


def _sizes(text):
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of whole numbers: {text!r}") from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be 1 or more: {text!r}")
    return sizes


def _positive(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python benchmarks/bench.py",
        description="Time client_vpn_connections_info against the Ansible floor, the boto3 floor and the AWS CLI "
        "on the local Client VPN emulator.",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        help="numbers of connections, comma-separated (default 1000,10000,50000)",
    )
    parser.add_argument(
        "--rounds",
        type=_positive,
        default=DEFAULT_ROUNDS,
        help=f"measured rounds per size (default {DEFAULT_ROUNDS}); the median is reported",
    )
    parser.add_argument(
        "--warmup",
        type=_positive,
        default=DEFAULT_WARMUP,
        help=f"unmeasured rounds before them, still checked (default {DEFAULT_WARMUP})",
    )
    parser.add_argument("--write", metavar="FILE", help="write the report into FILE (e.g. docs/performance.md)")
    parser.add_argument("--json", metavar="FILE", help="also write every run's raw numbers to FILE")
    parser.add_argument("--strict", action="store_true", help="exit with status 3 when a target is missed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work directory")
    options = parser.parse_args(argv)
    if options.rounds < 1:
        parser.error("--rounds must be 1 or more")
    return options


def _measurement_options(options):
    """The command line options that shape the measurement (not where the results go)."""
    words = []
    if options.sizes != list(DEFAULT_SIZES):
        words += ["--sizes", ",".join(str(size) for size in options.sizes)]
    if options.rounds != DEFAULT_ROUNDS:
        words += ["--rounds", str(options.rounds)]
    if options.warmup != DEFAULT_WARMUP:
        words += ["--warmup", str(options.warmup)]
    if options.write:
        words += ["--write", options.write]
    return words


def main(argv=None):
    options = parse_args(sys.argv[1:] if argv is None else argv)
    python = sys.executable
    aws = Path(python).parent / "aws"
    if not aws.is_file():
        progress(f"bench: the AWS CLI is not next to {python} ({aws}); run this with .venv/core-2.19/bin/python")
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="vpnops-bench-"))
    (workdir / "home").mkdir()
    spawner = Spawner(python, workdir)
    setup = {
        "python": python,
        "aws": aws,
        "workdir": workdir,
        "env": programs.child_env(workdir),
        "collections": programs.collection_tree(workdir),
        "spawner": spawner,
    }
    started = time.monotonic()
    load_before = os.getloadavg()
    rows, raw = [], {}
    try:
        rss_floor = spawner.run(["/bin/true"], {}, workdir / "stdout", workdir / "stderr")["peak_rss"]
        for size in options.sizes:
            runs = bench_size(size, options, setup)
            raw[size] = runs
            rows.append(summarize(size, runs))
    except BenchError as exc:
        progress(f"bench: {exc}")
        return 2
    finally:
        spawner.close()
        if options.keep:
            progress(f"bench: work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    command = shlex.join(["python", "benchmarks/bench.py", *_measurement_options(options)])
    result = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
        "duration": time.monotonic() - started,
        "command": command,
        "options": {"sizes": options.sizes, "rounds": options.rounds, "warmup": options.warmup},
        "machine": machine(),
        "versions": versions(),
        "load_before": load_before,
        "load_after": os.getloadavg(),
        "rss_floor": rss_floor,
        "rows": rows,
    }
    print("\n".join(render_report(result)))
    if options.write:
        write_document(options.write, result)
        progress(f"bench: wrote {options.write}")
    if options.json:
        Path(options.json).parent.mkdir(parents=True, exist_ok=True)
        Path(options.json).write_text(json.dumps(dict(result, runs=raw), indent=1) + "\n", encoding="utf-8")
    outcome = verdicts(rows)
    if not outcome[0][0]:
        return 1
    if options.strict and not all(passed for passed, _line in outcome):
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
