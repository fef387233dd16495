# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line: --help, --write-state, serving with --url-file/--pid-file, clean stop on signals."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import EMULATOR_DIR
from conftest import ENDPOINT_ID
from conftest import NOW
from conftest import admin
from conftest import make_client

from cvpn_emulator.cli import main


def run_cli(*args, timeout=60):
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    return subprocess.run(
        [sys.executable, "-m", "cvpn_emulator", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class _Remote:
    """Enough of Emulator for the test helpers: the URL of a server started by the CLI."""

    def __init__(self, url):
        self.url = url


def wait_for_file(path, process, timeout=30):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"no {path}; exit code {process.poll()}: {process.stderr.read()}")
        time.sleep(0.05)
    with open(path, encoding="utf-8") as handle:
        return handle.read().strip()


def test_help_lists_the_options():
    result = run_cli("--help")
    assert result.returncode == 0
    for option in (
        "--host",
        "--port",
        "--state",
        "--generate",
        "--endpoint-id",
        "--seed",
        "--write-state",
        "--url-file",
        "--pid-file",
        "--log-file",
        "--throttle-first",
        "--throttle-rate",
        "--error-first",
        "--latency-ms",
        "--repeat-next-token",
        "--now",
        "--retention-minutes",
        "--terminate-delay",
        "--default-page-size",
        "--unauthorized-key",
        "--transition-reads",
        "--concurrent-mutation-first",
        "--ignore-association-ids",
    ):
        assert option in result.stdout


def test_write_state_generates_and_exits(tmp_path):
    path = tmp_path / "state.json"
    result = run_cli(
        "--generate",
        "40",
        "--endpoint-id",
        ENDPOINT_ID,
        "--seed",
        "3",
        "--now",
        NOW,
        "--unauthorized-key",
        "AKIDNO",
        "--write-state",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    state = json.loads(path.read_text(encoding="utf-8"))
    assert [item["ClientVpnEndpointId"] for item in state["endpoints"]] == [ENDPOINT_ID]
    assert len(state["connections"]) == 40
    assert state["unauthorized_access_keys"] == ["AKIDNO"]
    assert state["settings"]["now"] == NOW
    again = tmp_path / "again.json"
    run_cli("--state", str(path), "--write-state", str(again))
    assert json.loads(again.read_text(encoding="utf-8")) == state


def test_write_state_to_stdout_is_deterministic(capsys):
    outputs = []
    for _run in range(2):
        assert main(["--generate", "5", "--seed", "9", "--now", NOW, "--write-state", "-"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])["connections"]) == 5


def test_transition_reads_goes_into_the_written_state(capsys):
    assert main(["--transition-reads", "0", "--write-state", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["settings"]["transition_reads"] == 0


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--host", "0.0.0.0"], "loopback"),
        (["--host", "192.168.1.10"], "loopback"),
        (["--host", "::1"], "loopback"),
        (["--generate", "3", "--endpoint-id", "vpn-1"], "endpoint-id"),
        (["--state", "/nonexistent/state.json"], "state.json"),
        (["--throttle-rate", "2"], "throttle_rate"),
        (["--default-page-size", "0"], "default_page_size"),
        (["--now", "noon"], "now"),
        (["--transition-reads", "-1"], "transition_reads"),
        (["--concurrent-mutation-first", "-2"], "concurrent_mutation_first"),
    ],
)
def test_bad_arguments_exit_with_an_error(args, fragment, capsys):
    with pytest.raises(SystemExit) as caught:
        main([*args, "--write-state", "-"])
    assert caught.value.code == 2
    assert fragment in capsys.readouterr().err


def test_serves_until_sigterm_and_cleans_up(tmp_path):
    url_file, pid_file, log_file = tmp_path / "url", tmp_path / "pid", tmp_path / "requests.jsonl"
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    command = [
        sys.executable,
        "-m",
        "cvpn_emulator",
        "--generate",
        "12",
        "--now",
        NOW,
        "--url-file",
        str(url_file),
        "--pid-file",
        str(pid_file),
        "--log-file",
        str(log_file),
        "--throttle-first",
        "1",
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = wait_for_file(str(url_file), process)
        assert url.startswith("http://127.0.0.1:")
        assert wait_for_file(str(pid_file), process) == str(process.pid)
        remote = _Remote(url)
        assert admin(remote, "GET", "health")[1]["connections"] == 12
        client = make_client(remote, max_attempts=2)
        assert len(client.describe_client_vpn_connections(ClientVpnEndpointId=ENDPOINT_ID)["Connections"]) == 12
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not url_file.exists() and not pid_file.exists()
    logged = [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines()]
    assert [entry["error_code"] for entry in logged] == ["RequestLimitExceeded", None]


def test_sigint_stops_too(tmp_path):
    url_file = tmp_path / "url"
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    process = subprocess.Popen(
        [sys.executable, "-m", "cvpn_emulator", "--url-file", str(url_file)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_file(str(url_file), process)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "stopped" in process.stdout.read()


def test_new_fault_and_setting_flags_reach_the_server(tmp_path):
    url_file = tmp_path / "url"
    env = dict(os.environ, PYTHONPATH=EMULATOR_DIR)
    command = [
        sys.executable,
        "-m",
        "cvpn_emulator",
        "--url-file",
        str(url_file),
        "--transition-reads",
        "0",
        "--concurrent-mutation-first",
        "2",
        "--ignore-association-ids",
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        remote = _Remote(wait_for_file(str(url_file), process))
        faults = admin(remote, "GET", "faults")[1]
        assert (faults["concurrent_mutation_remaining"], faults["ignore_association_ids"]) == (2, True)
        assert admin(remote, "GET", "settings")[1]["transition_reads"] == 0
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
