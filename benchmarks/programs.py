# SPDX-License-Identifier: GPL-3.0-or-later
"""The four programs the benchmark runs, the environment they run in, and how their answers are checked.

module          the module, run as Ansible runs it minus the AnsiballZ wrapper:
                python -m ansible_collections.vpnops.aws.plugins.modules.client_vpn_connections_info ARGS
ansible_floor   benchmarks/floor_ansible.py: the same paging in a bare AnsibleModule, raw list to exit_json()
boto3_floor     benchmarks/floor_boto3.py: plain boto3 paging, the list printed as JSON
aws_cli         aws ec2 describe-client-vpn-connections --page-size 1000
"""

import datetime
import json
import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO / "tests" / "utils"))

from emulator_harness import isolated_aws_env  # noqa: E402 pylint: disable=C0413

ENDPOINT_ID = "cvpn-endpoint-0123456789abcdef0"
NOW = "2024-05-01 12:00:00"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
SEED = 0
REGION = "us-east-1"
ACCESS_KEY = "AKIDBENCHMARK"
SECRET_KEY = "benchmark-secret-access-key"
PAGE_SIZE = 1000
MODULE = "ansible_collections.vpnops.aws.plugins.modules.client_vpn_connections_info"

CONTENDERS = ("module", "ansible_floor", "boto3_floor", "aws_cli")
LABELS = {
    "module": "module",
    "ansible_floor": "Ansible floor",
    "boto3_floor": "boto3 floor",
    "aws_cli": "AWS CLI",
}


def expected_connections(state, endpoint_id=ENDPOINT_ID):
    """What DescribeClientVpnConnections lists for endpoint_id, snake_cased as ansible does it.

    The emulator serves its records as they are, with Timestamp set to its clock, ConnectionEndTime "-"
    when a connection that is not terminated has none, and without the terminated connections that ended
    more than retention_minutes ago (see tests/emulator/README.md).
    """
    from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

    retention = (state.get("settings") or {}).get("retention_minutes", 60)
    now = datetime.datetime.strptime(NOW, TIME_FORMAT)
    cutoff = (now - datetime.timedelta(minutes=retention)).strftime(TIME_FORMAT)
    expected = []
    for record in state.get("connections", []):
        if record.get("ClientVpnEndpointId") != endpoint_id:
            continue
        code = (record.get("Status") or {}).get("Code")
        end = record.get("ConnectionEndTime")
        if code == "terminated" and isinstance(end, str) and len(end) == len(cutoff) and end < cutoff:
            continue
        view = dict(record, Timestamp=NOW)
        if "ConnectionEndTime" not in view and code != "terminated":
            view["ConnectionEndTime"] = "-"
        expected.append(camel_dict_to_snake_dict(view))
    return expected


def child_env(workdir):
    """A small, predictable environment: nothing from the machine's AWS setup, no proxies, no instance metadata."""
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir / "home"),
        "LANG": "C.UTF-8",
        # Byte code of everything the children import is cached here, not in the work tree.
        "PYTHONPYCACHEPREFIX": str(workdir / "pycache"),
    }
    return isolated_aws_env(base, region=None)


def collection_tree(workdir):
    """A directory whose ansible_collections/vpnops/aws is the work tree (a symlink)."""
    root = workdir / "collections"
    namespace = root / "ansible_collections" / "vpnops"
    namespace.mkdir(parents=True, exist_ok=True)
    (namespace / "aws").symlink_to(REPO, target_is_directory=True)
    return root


def module_args(url):
    return {
        "ANSIBLE_MODULE_ARGS": {
            "endpoint_url": url,
            "region": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "client_vpn_endpoint_id": ENDPOINT_ID,
        }
    }


def _connections_key(document, key):
    value = document.get(key)
    if not isinstance(value, list):
        raise ValueError(f"no {key!r} list in the output")
    return value


def _ansible_result(text):
    result = json.loads(text)
    if result.get("failed"):
        raise ValueError(f"the module failed: {result.get('msg')}")
    return result


def _first_difference(got, expected):
    if len(got) != len(expected):
        return f"{len(got)} connections instead of {len(expected)}"
    for index, (left, right) in enumerate(zip(got, expected, strict=True)):
        if left != right:
            return f"connection {index} differs: got {json.dumps(left)[:300]}, expected {json.dumps(right)[:300]}"
    return "the connections differ"


def _same_ids(items, id_key, expected_ids):
    got = [item.get(id_key) if isinstance(item, dict) else None for item in items]
    if got == expected_ids:
        return None
    return _first_difference(got, expected_ids)


def check_module(text, expected, expected_ids):
    connections = _connections_key(_ansible_result(text), "connections")
    return None if connections == expected else _first_difference(connections, expected)


def check_ansible_floor(text, expected, expected_ids):
    return _same_ids(_connections_key(_ansible_result(text), "connections"), "ConnectionId", expected_ids)


def check_boto3(text, expected, expected_ids):
    return _same_ids(_connections_key(json.loads(text), "Connections"), "ConnectionId", expected_ids)


CHECKS = {
    "module": check_module,
    "ansible_floor": check_ansible_floor,
    "boto3_floor": check_boto3,
    "aws_cli": check_boto3,
}


def commands(python, aws, url, args_file, collections, env):
    """{contender: (argv, env)} for an emulator at url."""
    cli_env = dict(env, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY)
    return {
        "module": ([python, "-m", MODULE, str(args_file)], dict(env, PYTHONPATH=str(collections))),
        "ansible_floor": ([python, str(BENCH_DIR / "floor_ansible.py"), str(args_file)], env),
        "boto3_floor": ([python, str(BENCH_DIR / "floor_boto3.py"), url, REGION, ENDPOINT_ID], cli_env),
        "aws_cli": (
            [
                python,
                str(aws),
                "ec2",
                "describe-client-vpn-connections",
                "--client-vpn-endpoint-id",
                ENDPOINT_ID,
                "--page-size",
                str(PAGE_SIZE),
                "--endpoint-url",
                url,
                "--region",
                REGION,
                "--output",
                "json",
            ],
            cli_env,
        ),
    }


# The children are started by this small helper process, not by the benchmark itself: Linux carries the
# peak RSS of the process that forks over exec() into the child's ru_maxrss, and the benchmark grows to


def check_run(contender, status, stdout_path, stderr_path, expected, expected_ids):
    text = stdout_path.read_text(encoding="utf-8", errors="replace")
    try:
        if status != 0:
            detail = text.strip() or stderr_path.read_text(encoding="utf-8", errors="replace").strip()
            return f"exit status {status}: {detail[-500:]}"
        return CHECKS[contender](text, expected, expected_ids)
    except ValueError as exc:  # json.JSONDecodeError included
        return f"unreadable output: {exc}"
