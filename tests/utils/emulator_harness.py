# SPDX-License-Identifier: GPL-3.0-or-later
"""Start the Client VPN emulator and wait for its URL; an environment that keeps the AWS SDK off the machine's AWS.

Shared by tests/integration/runner.py, benchmarks/, tools/demo.sh and tests/utils/build-check.sh (the last two
through tests/emulator/background.sh, which calls this file).  Standard library only.

    python tests/utils/emulator_harness.py start DIR [cvpn_emulator options...]
        start the emulator (tests/emulator) with this Python in the background, its output in DIR/emulator.log;
        once it listens, print "PID URL" and exit (the emulator keeps running: stop it with SIGTERM)
    python tests/utils/emulator_harness.py env [--url URL] [--access-key AKID --secret-key SECRET]
        print the shell commands that make the current environment AWS-isolated (see isolated_aws_env)
"""

import argparse
import os
import pathlib
import shlex
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
EMULATOR_PATH = REPO / "tests" / "emulator"
REGION = "us-east-1"
START_SECONDS = 300
_POLL_SECONDS = 0.05


def isolated_aws_env(base, url=None, access_key=None, secret_key=None, region=REGION):
    """base without any AWS_* variable, plus no configuration files, no instance metadata, and what is given.

    Nothing from the machine's AWS setup (variables, ~/.aws, an instance role) can reach a program run with it.
    """
    env = {key: value for key, value in base.items() if not key.startswith("AWS_")}
    env.update(AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true")
    if region:
        env.update(AWS_REGION=region, AWS_DEFAULT_REGION=region)
    if url:
        env["AWS_URL"] = url
    if access_key:
        env.update(AWS_ACCESS_KEY_ID=access_key, AWS_SECRET_ACCESS_KEY=secret_key or "")
    return env


class EmulatorProcess:
    """`python -m cvpn_emulator OPTIONS` in a child process; url is set once it listens.

    Use as a context manager, or call start() and stop().  Its output goes to workdir/NAME.log.
    """

    def __init__(self, python, workdir, options=(), env=None, name="emulator", timeout=START_SECONDS):
        self.argv = [str(python), "-m", "cvpn_emulator", *map(str, options)]
        self.workdir = pathlib.Path(workdir)
        self.env = dict(os.environ if env is None else env, PYTHONPATH=str(EMULATOR_PATH))
        self.log = self.workdir / f"{name}.log"
        self.url_file = self.workdir / f"{name}.url"
        self.timeout = timeout
        self.process = None
        self.url = None

    def start(self, detach=False):
        """Start the emulator and wait until it listens; RuntimeError when it exits or does not listen in time."""
        self.url_file.unlink(missing_ok=True)
        argv = [*self.argv, "--url-file", str(self.url_file)]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                argv,
                env=self.env,
                cwd=self.workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=detach,
            )
        self.url = self._wait_for_url()
        return self

    def _wait_for_url(self):
        deadline = time.monotonic() + self.timeout
        while not self.url_file.exists():
            if self.process.poll() is not None:
                raise RuntimeError(f"the emulator exited with status {self.process.returncode}:\n{self.tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the emulator did not listen within {self.timeout} s:\n{self.tail()}")
            time.sleep(_POLL_SECONDS)
        return self.url_file.read_text(encoding="utf-8").strip()

    def stop(self):
        """SIGTERM, then SIGKILL after 30 s; does nothing when it is not running."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def tail(self, size=2000):
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-size:]
        except OSError:
            return ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


def _start_command(args):
    emulator = EmulatorProcess(sys.executable, args.dir, args.options, timeout=args.timeout)
    try:
        emulator.start(detach=True)
    except RuntimeError as exc:
        print(f"emulator_harness: {exc}", file=sys.stderr)
        return 1
    print(emulator.process.pid, emulator.url)
    return 0


def _env_command(args):
    env = isolated_aws_env({}, url=args.url, access_key=args.access_key, secret_key=args.secret_key, region=args.region)
    for key in sorted(key for key in os.environ if key.startswith("AWS_")):
        print(f"unset {key}")
    for key, value in sorted(env.items()):
        print(f"export {key}={shlex.quote(value)}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start the emulator in the background and print 'PID URL'")
    start.add_argument("dir", help="directory for emulator.log and emulator.url")
    start.add_argument("--timeout", type=float, default=START_SECONDS, help="seconds to wait for it to listen")
    start.add_argument("options", nargs=argparse.REMAINDER, help="cvpn_emulator options")
    env = commands.add_parser("env", help="print shell commands that isolate the environment from AWS")
    env.add_argument("--url", help="AWS_URL: the endpoint the modules talk to")
    env.add_argument("--region", default=REGION, help=f"AWS_REGION (default {REGION})")
    env.add_argument("--access-key", help="AWS_ACCESS_KEY_ID")
    env.add_argument("--secret-key", help="AWS_SECRET_ACCESS_KEY")
    args = parser.parse_args(argv)
    return _start_command(args) if args.command == "start" else _env_command(args)


if __name__ == "__main__":
    sys.exit(main())
