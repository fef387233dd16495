# SPDX-License-Identifier: GPL-3.0-or-later
"""How the benchmark measures: the emulator per size, the process that starts the programs, rounds, medians.

Each run records the wall time, the CPU time and the peak RSS of the child process (from wait4()) and the
number of API requests (from the emulator's request log, cleared before the run), and checks the answer
(programs.check_run).
"""

import json
import math
import statistics
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import programs
from programs import CONTENDERS
from programs import ENDPOINT_ID
from programs import LABELS
from programs import NOW
from programs import PAGE_SIZE
from programs import SEED

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "utils"))

from emulator_harness import EmulatorProcess  # pylint: disable=C0413

EMULATOR_START_SECONDS = 300
# Admin calls go straight to the loopback emulator, never through a proxy from the environment.
_ADMIN = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class BenchError(Exception):
    """A problem that stops the benchmark (not a wrong answer, which is recorded and reported)."""


class BenchEmulator(EmulatorProcess):
    """The emulator serving `size` generated connections with a frozen clock, and its admin calls."""

    def __init__(self, python, size, workdir, env):
        options = ["--generate", size, "--seed", SEED, "--endpoint-id", ENDPOINT_ID, "--now", NOW]
        super().__init__(python, workdir, options, env=env, name=f"emulator-{size}", timeout=EMULATOR_START_SECONDS)

    def start(self, detach=False):
        try:
            return super().start(detach)
        except RuntimeError as exc:
            raise BenchError(str(exc)) from exc

    def admin(self, method, path):
        request = urllib.request.Request(f"{self.url}/_emulator/{path}", method=method)
        try:
            with _ADMIN.open(request, timeout=120) as response:
                return json.load(response)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise BenchError(f"emulator admin call {method} {path} failed: {exc}") from exc

    def clear_requests(self):
        self.admin("DELETE", "requests")

    def api_requests(self):
        return self.admin("GET", "requests")["requests"]

    def state(self):
        return self.admin("GET", "state")


_SPAWNER = """
import json, os, sys, time
for line in sys.stdin:
    job = json.loads(line)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, job["stdout"], flags, 0o600),
               (os.POSIX_SPAWN_OPEN, 2, job["stderr"], flags, 0o600)]
    start = time.perf_counter()
    pid = os.posix_spawn(job["argv"][0], job["argv"], job["env"], file_actions=actions)
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_rss": usage.ru_maxrss * 1024,
                      "cpu": usage.ru_utime + usage.ru_stime, "status": os.waitstatus_to_exitcode(status)}),
          flush=True)
"""


class Spawner:
    """Runs one child at a time and reports its wall time, peak RSS, CPU time and exit status."""

    def __init__(self, python, cwd):
        self.proc = subprocess.Popen(
            [python, "-I", "-c", _SPAWNER],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def run(self, argv, env, stdout_path, stderr_path):
        """{"seconds", "peak_rss" (bytes), "cpu" (seconds), "status"} of one run of argv (argv[0]: a full path)."""
        job = {"argv": [str(arg) for arg in argv], "env": env, "stdout": str(stdout_path), "stderr": str(stderr_path)}
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise BenchError(f"the process that starts the programs exited with status {self.proc.wait()}")
        return json.loads(line)

    def close(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


def _rotated(items, turn):
    turn %= len(items)
    return items[turn:] + items[:turn]


def bench_size(size, options, setup):
    """Every run of every contender at one size: {contender: [run, ...]} (warm-up runs are marked)."""
    python, aws, workdir, env, collections, spawner = (
        setup[key] for key in ("python", "aws", "workdir", "env", "collections", "spawner")
    )
    progress(f"N={size:,}: starting the emulator")
    with BenchEmulator(python, size, workdir, env) as emulator:
        expected = programs.expected_connections(emulator.state())
        if len(expected) != size:
            raise BenchError(f"the emulator lists {len(expected)} connections, not {size}")
        expected_ids = [connection["connection_id"] for connection in expected]
        args_file = workdir / f"args-{size}.json"
        args_file.write_text(json.dumps(programs.module_args(emulator.url)), encoding="utf-8")
        argvs = programs.commands(python, aws, emulator.url, args_file, collections, env)
        runs = {contender: [] for contender in CONTENDERS}
        total = options.warmup + options.rounds
        for turn in range(total):
            warmup = turn < options.warmup
            for contender in _rotated(list(CONTENDERS), turn):
                argv, child_env = argvs[contender]
                stdout_path = workdir / "stdout"
                stderr_path = workdir / "stderr"
                emulator.clear_requests()
                run = spawner.run(argv, child_env, stdout_path, stderr_path)
                seconds, peak_rss = run["seconds"], run["peak_rss"]
                requests = len(emulator.api_requests())
                error = programs.check_run(contender, run["status"], stdout_path, stderr_path, expected, expected_ids)
                runs[contender].append(
                    {
                        "round": turn - options.warmup + 1,
                        "warmup": warmup,
                        "seconds": seconds,
                        "cpu": run["cpu"],
                        "peak_rss": peak_rss,
                        "requests": requests,
                        "error": error,
                    }
                )
                label = "warm-up" if warmup else f"round {turn - options.warmup + 1}/{options.rounds}"
                progress(
                    f"N={size:,} {label} {LABELS[contender]:<13} {seconds:7.2f} s "
                    f"{peak_rss / 2**20:7.1f} MiB {requests:3d} requests" + (f"  WRONG: {error}" if error else "")
                )
    return runs


def summarize(size, runs):
    """Per contender: medians and ranges over the measured runs; errors from every run (warm-up included)."""
    summary = {}
    for contender, all_runs in runs.items():
        measured = [run for run in all_runs if not run["warmup"]]
        seconds = [run["seconds"] for run in measured]
        requests = sorted({run["requests"] for run in all_runs})
        summary[contender] = {
            "seconds": statistics.median(seconds),
            "seconds_min": min(seconds),
            "seconds_max": max(seconds),
            "cpu": statistics.median(run["cpu"] for run in measured),
            "peak_rss": statistics.median(run["peak_rss"] for run in measured),
            "requests": requests,
            "errors": [run["error"] for run in all_runs if run["error"]],
        }
    module, floor = summary["module"], summary["ansible_floor"]
    ratios = {
        "time_vs_ansible_floor": module["seconds"] / floor["seconds"],
        "time_vs_cli": module["seconds"] / summary["aws_cli"]["seconds"],
        "memory_vs_boto3_floor": module["peak_rss"] / summary["boto3_floor"]["peak_rss"],
        # Not targets: CPU time is less disturbed by other work on the machine than wall time.
        "cpu_vs_ansible_floor": module["cpu"] / floor["cpu"],
        "cpu_vs_cli": module["cpu"] / summary["aws_cli"]["cpu"],
    }
    return {"size": size, "expected_requests": math.ceil(size / PAGE_SIZE), "contenders": summary, "ratios": ratios}


def progress(message):
    print(message, file=sys.stderr, flush=True)
