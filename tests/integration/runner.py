# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the integration targets, the module EXAMPLES and the runbook through ansible-playbook against the emulator.

    python tests/integration/runner.py --collections-root build [TARGET ...]

The emulator (tests/emulator) runs in this process on 127.0.0.1.  Each target under
tests/integration/targets/ is a role whose tasks reset the emulator to one of the states written
here (see write_states) and then drive the modules end to end.  The Python running this script runs
ansible-playbook and the modules, so it needs ansible-core, boto3, botocore and jmespath.
"""

import argparse
import ast
import contextlib
import datetime
import json
import os
import pathlib
import queue
import subprocess
import sys
import tempfile
import threading
import time

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.hazmat.primitives.serialization import NoEncryption
from cryptography.hazmat.primitives.serialization import PrivateFormat
from cryptography.x509.oid import NameOID

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
TARGETS = HERE / "targets"
sys.path[:0] = [str(REPO / "tests" / "emulator"), str(REPO / "tests" / "utils")]

from emulator_harness import EmulatorProcess
from emulator_harness import isolated_aws_env

from cvpn_emulator import format_time
from cvpn_emulator import generate_endpoint
from cvpn_emulator import generate_state

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
OTHER_ENDPOINT = "cvpn-endpoint-0fedcba9876543210"
ACCESS_KEY = "AKIDINTEGRATION"
SECRET_KEY = "integration-secret-Xq7pL2mN9vR4"
UNAUTHORIZED_KEY = "AKIDUNAUTHORIZED"
BIG_COUNT = 2500
MODULES = (
    "client_vpn_connections_info",
    "client_vpn_connection",
    "client_vpn_endpoints_info",
    "client_vpn_target_networks_info",
    "client_vpn_authorization_rules_info",
    "client_vpn_routes_info",
    "client_vpn_target_network",
    "client_vpn_authorization_rule",
    "client_vpn_route",
    "client_vpn_client_configuration",
    "client_vpn_certificate_revocation_list",
    "client_vpn_certificate_revocation_list_info",
    "client_vpn_endpoint",
)


def _connection(number, user, status, established, now, end="-"):
    record = {
        "ClientVpnEndpointId": ENDPOINT,
        "ConnectionId": f"cvpn-connection-{number:017x}",
        "ConnectionEstablishedTime": format_time(now - established),
        "IngressBytes": str(1000 * number),
        "EgressBytes": str(3000 * number),
        "IngressPackets": str(10 * number),
        "EgressPackets": str(30 * number),
        "ClientIp": f"10.0.{number // 256 % 256}.{number % 256}",
        "CommonName": user or f"device-{number}.example.com",
        "Status": {"Code": status},
        "ConnectionEndTime": end,
    }
    if user:
        record["Username"] = user
    return record


VPC = "vpc-0123456789abcdef0"
SUBNET = "subnet-0123456789abcdef0"
OTHER_SUBNET = "subnet-0123456789abcdef1"
ASSOCIATION = "cvpn-assoc-0123456789abcdef0"
SECURITY_GROUP = "sg-0123456789abcdef0"
SERVER_CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"


def _network_state():
    """The VPC, its two subnets (the first associated with ENDPOINT, with its route) and one authorization rule."""
    active = {"Code": "active"}
    return {
        "vpcs": [{"VpcId": VPC, "CidrBlock": "10.0.0.0/16"}],
        "subnets": [
            {"SubnetId": SUBNET, "VpcId": VPC, "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"},
            {"SubnetId": OTHER_SUBNET, "VpcId": VPC, "CidrBlock": "10.0.2.0/24", "AvailabilityZone": "us-east-1b"},
        ],
        "target_networks": [
            {
                "AssociationId": ASSOCIATION,
                "VpcId": VPC,
                "TargetNetworkId": SUBNET,
                "ClientVpnEndpointId": ENDPOINT,
                "Status": {"Code": "associated"},
                "SecurityGroups": [SECURITY_GROUP],
            }
        ],
        "routes": [
            {
                "ClientVpnEndpointId": ENDPOINT,
                "DestinationCidr": "10.0.0.0/16",
                "TargetSubnet": SUBNET,
                "Type": "Nat",
                "Origin": "associate",
                "Status": active,
                "Description": "Default Route",
            }
        ],
        "authorization_rules": [
            {
                "ClientVpnEndpointId": ENDPOINT,
                "DestinationCidr": "10.0.0.0/16",
                "AccessAll": True,
                "Description": "Everyone reaches the VPC",
                "Status": active,
            }
        ],
    }


def _small_endpoint():
    """ENDPOINT as the modules' EXAMPLES know it: in VPC, with the security group and server certificate."""
    return dict(
        generate_endpoint(ENDPOINT),
        VpcId=VPC,
        SecurityGroupIds=[SECURITY_GROUP],
        ServerCertificateArn=SERVER_CERTIFICATE,
    )


def small_state(now):
    """A few connections with known users, statuses and ages (hours of margin around 8h), and the network."""
    hours = datetime.timedelta(hours=1)
    rows = [
        (1, "alice", "active", 2 * hours),
        (2, "alice", "active", 10 * hours),
        (3, "bob", "active", 12 * hours),
        (4, "bob", "terminating", 9 * hours),
        (5, None, "active", 30 * hours),
        (6, "carol", "failed-to-terminate", 11 * hours),
        (7, "zoë", "active", 1 * hours),
    ]
    connections = [_connection(n, user, status, age, now) for n, user, status, age in rows]
    connections.append(_connection(8, "carol", "terminated", 20 * hours, now, end=format_time(now - 0.25 * hours)))
    connections += [_connection(20 + n, "heavy.user", "active", (3 + n) * hours, now) for n in range(7)]
    # The connection ids that the modules' EXAMPLES name.
    connections += [
        dict(_connection(n, "dave", "active", 5 * hours, now), ConnectionId=f"cvpn-connection-{n:017x}")
        for n in (0x0A1B2C3D4E5F60718, 0x0A1B2C3D4E5F60719)
    ]
    return {
        "endpoints": [_small_endpoint(), generate_endpoint(OTHER_ENDPOINT, transport_protocol="tcp")],
        "connections": connections,
        "unauthorized_access_keys": [UNAUTHORIZED_KEY],
        "settings": {"terminate_delay_seconds": 0.5, "transition_reads": 1},
        **_network_state(),
    }


def report_state(now):
    """Connections on both endpoints whose names test a report's escaping, at a frozen "now".

    User names with non-Latin letters, a leading formula character, a comma and quotes, and HTML markup; a
    certificate-only connection; connections terminated ten minutes ago (still listed, as AWS does).
    """
    hours = datetime.timedelta(hours=1)
    ended = format_time(now - datetime.timedelta(minutes=10))
    rows = [
        (0x101, "zoë", "active", 3 * hours, "-"),
        (0x102, "zoë", "terminated", 5 * hours, ended),
        (0x103, "山田太郎", "active", 26 * hours, "-"),
        (0x104, '=HYPERLINK("https://example.com","x")', "active", 1 * hours, "-"),
        (0x105, 'Smith, "Jo"', "active", 2 * hours, "-"),
        (0x106, "<b>bold</b>", "failed-to-terminate", 7 * hours, "-"),
        (0x107, None, "active", 30 * hours, "-"),
        (0x108, "@ops", "terminated", 4 * hours, ended),
    ]
    connections = [_connection(n, user, status, age, now, end) for n, user, status, age, end in rows]
    connections += [
        dict(_connection(0x201, "zoë", "active", 6 * hours, now), ClientVpnEndpointId=OTHER_ENDPOINT),
        dict(_connection(0x202, "-dash", "terminated", 2 * hours, now, ended), ClientVpnEndpointId=OTHER_ENDPOINT),
    ]
    return {
        "endpoints": [_small_endpoint(), generate_endpoint(OTHER_ENDPOINT, transport_protocol="tcp")],
        "connections": connections,
        "settings": {"now": format_time(now)},
    }


def write_states(directory):
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    frozen = format_time(now)
    big = generate_state(ENDPOINT, BIG_COUNT, seed=7, now=frozen)
    big["endpoints"].append(generate_endpoint(OTHER_ENDPOINT, now=frozen, transport_protocol="tcp"))
    big["unauthorized_access_keys"] = [UNAUTHORIZED_KEY]
    big["settings"] = {"now": frozen}
    states = {"big": big, "small": small_state(now.replace(tzinfo=None))}
    states["report"] = report_state(now.replace(tzinfo=None))
    for name, state in states.items():
        (directory / f"{name}.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")


def write_client_certificates(directory):
    """alice.crt and alice.key, bob.crt and bob.key: self-signed client certificates and their keys, made for this
    run only, for the client configuration module's EXAMPLES and target."""
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    for user in ("alice", "bob"):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, user)])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(key, hashes.SHA256())
        )
        (directory / f"{user}.crt").write_bytes(certificate.public_bytes(Encoding.PEM))
        key_file = directory / f"{user}.key"
        key_file.touch(mode=0o600)
        key_file.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))


def _sign_crl(key, number, serials, this_update, next_update):
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Integration Test VPN CA")])
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
    )
    for serial in serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(this_update).build()
        )
    return builder.sign(key, hashes.SHA256())


def write_crls(directory):
    """CRL files for the CRL modules' EXAMPLES (crl.pem) and targets, signed by a key made for this run only."""
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    day = datetime.timedelta(days=1)
    key = ec.generate_private_key(ec.SECP256R1())
    crls = {
        "crl.pem": (1, (0x1A2B3C4D, 0x0C), now - day, now + 30 * day),
        "crl-next.pem": (2, (0x1A2B3C4D, 0x0C, 0x2F), now - day, now + 60 * day),
        "crl-expiring.pem": (3, (0x0C,), now - 28 * day, now + 2 * day),
        "crl-expired.pem": (4, (0x0C,), now - 40 * day, now - 3 * day),
    }
    for name, fields in crls.items():
        crl = _sign_crl(key, *fields)
        (directory / name).write_bytes(crl.public_bytes(Encoding.PEM))
        if name == "crl.pem":
            (directory / "crl.der").write_bytes(crl.public_bytes(Encoding.DER))


def _play(name, emulator_url, state_dir, tasks=None, roles=None):
    play = {
        "name": name,
        "hosts": "localhost",
        "connection": "local",
        "gather_facts": False,
        "vars": {
            "ansible_python_interpreter": sys.executable,
            "ansible_playbook_command": str(pathlib.Path(sys.executable).parent / "ansible-playbook"),
            "repository_root": str(REPO),
            "emulator_url": emulator_url,
            "emulator_state_dir": str(state_dir),
            "endpoint_id": ENDPOINT,
            "other_endpoint_id": OTHER_ENDPOINT,
            "unauthorized_access_key": UNAUTHORIZED_KEY,
            "emulator_aws": {
                "endpoint_url": emulator_url,
                "region": "us-east-1",
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
            },
        },
    }
    if tasks is not None:
        play["tasks"] = tasks
    if roles is not None:
        play["roles"] = roles
    return play


def _environment(collections_root):
    # No AWS_* variable, configuration file or instance metadata of this machine reaches the modules; the
    # targets set the region and credentials themselves, also through the environment.
    env = {
        key: value for key, value in isolated_aws_env(os.environ, region=None).items() if not key.startswith("ANSIBLE_")
    }
    env.update(
        ANSIBLE_COLLECTIONS_PATH=str(collections_root),
        ANSIBLE_ROLES_PATH=str(TARGETS),
        ANSIBLE_LOOKUP_PLUGINS=str(HERE / "plugins" / "lookup"),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
    )
    return env


def run_playbook(plays, work, name, env, extra_args=()):
    playbook = work / f"{name}.yml"
    playbook.write_text(yaml.safe_dump(plays, sort_keys=False, allow_unicode=True), encoding="utf-8")
    command = [
        str(pathlib.Path(sys.executable).parent / "ansible-playbook"),
        "-i",
        "localhost,",
        str(playbook),
        *extra_args,
    ]
    completed = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    return completed.returncode, completed.stdout + completed.stderr


def example_tasks(module_name):
    """The EXAMPLES of a module, as a task list, run with the emulator's connection options as module_defaults."""
    source = (REPO / "plugins" / "modules" / f"{module_name}.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and [target.id for target in node.targets] == ["EXAMPLES"]:
            return yaml.safe_load(ast.literal_eval(node.value))
    raise SystemExit(f"{module_name} has no EXAMPLES")


def _examples_play(emulator_url, state_dir):
    tasks = [
        {
            "name": "Reset the emulator",
            "ansible.builtin.include_role": {"name": "setup_emulator"},
            "vars": {"setup_emulator_state": "small"},
        }
    ]
    for module_name in MODULES:
        if (REPO / "plugins" / "modules" / f"{module_name}.py").exists():
            tasks.append(
                {
                    "name": f"EXAMPLES of {module_name}",
                    "module_defaults": {"group/vpnops.aws.aws": "{{ emulator_aws }}"},
                    "block": example_tasks(module_name),
                }
            )
    return [_play("Module EXAMPLES", emulator_url, state_dir, tasks=tasks)]


def secret_check(emulator_url, state_dir, work, env):
    """A secret given as an option must not appear in the output, even with -vvv, on success or failure.

    The secrets come from a variables file, as they would from a vault: Ansible shows the playbook's own
    lines around a failed task, so a secret written into the playbook text would be shown by Ansible itself.
    """
    secrets = work / "secret-vars.yml"
    client_key = (work / "alice.key").read_text(encoding="ascii")
    secrets.write_text(
        yaml.safe_dump(
            {"test_secret_key": SECRET_KEY, "test_session_token": SECRET_KEY + "-token", "test_client_key": client_key}
        ),
        encoding="utf-8",
    )
    connection = {
        "endpoint_url": emulator_url,
        "region": "us-east-1",
        "access_key": ACCESS_KEY,
        "secret_key": "{{ test_secret_key }}",
    }
    tasks = [
        {
            "name": "List with the secret",
            "vpnops.aws.client_vpn_connections_info": {"client_vpn_endpoint_id": ENDPOINT, **connection},
        },
        {
            "name": "Fail with the secret",
            "ignore_errors": True,
            "vpnops.aws.client_vpn_connections_info": {
                "client_vpn_endpoint_id": "cvpn-endpoint-00000000",
                "session_token": "{{ test_session_token }}",
                **connection,
            },
        },
        {
            "name": "Write a client configuration file with the client's key, with its diff",
            "diff": True,
            "vpnops.aws.client_vpn_client_configuration": {
                "client_vpn_endpoint_id": ENDPOINT,
                "client_certificate": "{{ lookup('ansible.builtin.file', playbook_dir ~ '/alice.crt') }}",
                "client_key": "{{ test_client_key }}",
                "dest": "{{ playbook_dir }}/secrets.ovpn",
                **connection,
            },
        },
    ]
    code, output = run_playbook(
        [_play("Secrets stay secret", emulator_url, state_dir, tasks=tasks)],
        work,
        "secrets",
        env,
        ["-vvv", "-e", f"@{secrets}"],
    )
    if code != 0:
        return code, output
    if SECRET_KEY in output:
        return 1, output + "\nFAILED: the secret key appears in the output above"
    if any(line in output for line in client_key.splitlines() if not line.startswith("-----")):
        return 1, output + "\nFAILED: a line of the client's private key appears in the output above"
    if "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" not in output:
        return 1, output + "\nFAILED: the module arguments were not shown masked (was -vvv honoured?)"
    return 0, output


def _selected_targets(names):
    available = sorted(
        path.name
        for path in TARGETS.iterdir()
        if (path / "tasks" / "main.yml").exists() and not path.name.startswith("setup_")
    )
    unknown = sorted(set(names) - set(available))
    if unknown:
        raise SystemExit(f"unknown target(s): {', '.join(unknown)}; available: {', '.join(available)}")
    return names or available


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--collections-root",
        required=True,
        type=pathlib.Path,
        help="directory that holds ansible_collections/vpnops/aws",
    )
    parser.add_argument("targets", nargs="*", help="targets to run (default: all, then EXAMPLES and the secret check)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every playbook's output")
    parser.add_argument(
        "--emulator-python",
        default=sys.executable,
        help="the Python (with botocore) that runs the emulator; default: this one",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=2,
        help="playbooks run at the same time, each against an emulator of its own (default: 2)",
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be 1 or more, not {args.jobs}")
    targets = _selected_targets(args.targets)
    env = _environment(args.collections_root.resolve())
    runs = [(name, _target_run(name)) for name in targets]
    if not args.targets:
        runs += [("examples", _examples_run), ("secrets", lambda url, work, env: secret_check(url, work, work, env))]
    # The longest first, so that the workers finish at about the same time.
    runs.sort(key=lambda run: -_EXPECTED_SECONDS.get(run[0], 30))
    with tempfile.TemporaryDirectory(prefix="vpnops-integration-") as tmp:
        work = pathlib.Path(tmp)
        write_states(work)
        write_client_certificates(work)
        write_crls(work)
        results = _run_all(runs, min(args.jobs, len(runs)), work, env, args)
    passed = sum(1 for ok in results.values() if ok)
    print(f"integration: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


# About how long each run takes alone (seconds), to start the longest first; a run not listed counts as 30.
_EXPECTED_SECONDS = {
    "examples": 70,
    "client_vpn_route": 65,
    "client_vpn_connections_info": 60,
    "endpoint_playbook": 55,
    "client_vpn_target_network": 50,
    "client_vpn_authorization_rule": 45,
    "client_vpn_connection": 40,
}


def _target_run(name):
    def run(emulator_url, work, env):
        return run_playbook([_play(name, emulator_url, work, roles=[name])], work, name, env)

    return run


def _examples_run(emulator_url, work, env):
    return run_playbook(_examples_play(emulator_url, work), work, "examples", env)


def _run_all(runs, jobs, work, env, args):
    """Run every (name, run) on `jobs` workers, each with an emulator of its own; {name: passed}.

    Every target resets its emulator to the state it needs first, so a worker's emulator can serve one target
    after another.  The playbooks share the work directory (states, certificates, CRLs), and each writes its
    own files there under names of its own.
    """
    pending = queue.Queue()
    for item in runs:
        pending.put(item)
    results = {}
    lock = threading.Lock()

    def worker(emulator):
        while True:
            try:
                name, run = pending.get_nowait()
            except queue.Empty:
                return
            started = time.monotonic()
            try:
                code, output = run(emulator.url, work, env)
            except Exception as exc:  # pylint: disable=broad-exception-caught  # reported as the run's failure
                code, output = 1, f"{type(exc).__name__}: {exc}"
            with lock:
                results[name] = code == 0
                print(f"{'PASSED' if code == 0 else 'FAILED'}: {name} ({time.monotonic() - started:.0f} s)", flush=True)
                if code != 0 or args.verbose:
                    print(output, flush=True)

    with contextlib.ExitStack() as stack:
        emulators = [
            stack.enter_context(EmulatorProcess(args.emulator_python, work, name=f"emulator-{number}"))
            for number in range(jobs)
        ]
        threads = [threading.Thread(target=worker, args=(emulator,)) for emulator in emulators]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return {name: results.get(name, False) for name, _run in runs}


if __name__ == "__main__":
    sys.exit(main())
