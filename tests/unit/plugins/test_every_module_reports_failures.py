# SPDX-License-Identifier: GPL-3.0-or-later
"""Every module ends an error it does not expect in a clean failure: a short message, the traceback in the result's
exception key, and the library versions; an AWS error, handled by the module or not, in the usual AWS failure."""

import datetime
import importlib
import pathlib

import boto3
import botocore
import botocore.exceptions
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import connection
from ansible_collections.vpnops.aws.plugins.module_utils import crl as crl_utils
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import make_crl

MODULES_DIR = pathlib.Path(__file__).resolve().parents[3] / "plugins" / "modules"
ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
SUBNET = "subnet-0123456789abcdef0"
VERSIONS = {"boto3_version": boto3.__version__, "botocore_version": botocore.__version__}
DAY = datetime.timedelta(days=1)


def _valid_crl():
    now = datetime.datetime.now(datetime.UTC)
    return crl_utils.to_pem(make_crl(this_update=now - DAY, next_update=now + 30 * DAY))


# Valid arguments for each module, which get it past its input checks to its first request.
ARGUMENTS = {
    "client_vpn_authorization_rule": lambda: {
        "client_vpn_endpoint_id": ENDPOINT,
        "target_network_cidr": "10.0.0.0/16",
        "authorize_all_groups": True,
    },
    "client_vpn_authorization_rules_info": lambda: {"client_vpn_endpoint_id": ENDPOINT},
    "client_vpn_certificate_revocation_list": lambda: {"client_vpn_endpoint_id": ENDPOINT, "crl": _valid_crl()},
    "client_vpn_certificate_revocation_list_info": lambda: {"client_vpn_endpoint_id": ENDPOINT},
    "client_vpn_client_configuration": lambda: {"client_vpn_endpoint_id": ENDPOINT},
    "client_vpn_connection": lambda: {
        "client_vpn_endpoint_id": ENDPOINT,
        "connection_ids": ["cvpn-connection-0123456789abcdef0"],
    },
    "client_vpn_connections_info": lambda: {"client_vpn_endpoint_id": ENDPOINT},
    "client_vpn_endpoint": lambda: {"name": "engineering-vpn"},
    "client_vpn_endpoints_info": dict,
    "client_vpn_route": lambda: {
        "client_vpn_endpoint_id": ENDPOINT,
        "destination_cidr_block": "10.1.0.0/16",
        "target_vpc_subnet_id": SUBNET,
    },
    "client_vpn_routes_info": lambda: {"client_vpn_endpoint_id": ENDPOINT},
    "client_vpn_target_network": lambda: {"client_vpn_endpoint_id": ENDPOINT, "subnet_id": SUBNET},
    "client_vpn_target_networks_info": lambda: {"client_vpn_endpoint_id": ENDPOINT},
}
MODULE_NAMES = sorted(ARGUMENTS)


def _module(name):
    return importlib.import_module(f"ansible_collections.vpnops.aws.plugins.modules.{name}")


def _client_error(operation, code="UnsupportedOperation"):
    response = {
        "Error": {"Code": code, "Message": "The operation is not supported here."},
        "ResponseMetadata": {"RequestId": "req-1", "HTTPStatusCode": 400, "RetryAttempts": 0},
    }
    return botocore.exceptions.ClientError(response, operation)


@pytest.fixture
def first_call_raises(ec2, monkeypatch):
    """first_call_raises(make_error): the client's first API call raises make_error(operation name); returns the
    operations called."""
    called = []

    def install(make_error):
        def make_api_call(operation, params):
            called.append(operation)
            raise make_error(operation)

        monkeypatch.setattr(ec2.client, "_make_api_call", make_api_call)
        return called

    return install


def _assert_no_traceback_in(msg):
    assert "Traceback" not in msg
    assert 'File "' not in msg
    assert "\n" not in msg


def test_every_module_is_covered():
    found = sorted(path.stem for path in MODULES_DIR.glob("*.py") if not path.stem.startswith("_"))
    assert found == MODULE_NAMES, "give each new module its arguments in ARGUMENTS"


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("name", MODULE_NAMES)
def test_an_unexpected_exception_is_a_clean_failure(run_module, first_call_raises, name, check_mode):
    called = first_call_raises(lambda operation: RuntimeError("the connection pool is closed"))
    result = run_module(_module(name), ARGUMENTS[name](), check_mode=check_mode)
    assert len(called) == 1
    assert result["failed"] is True
    msg = result["msg"]
    assert msg.startswith("Unexpected error while ")
    assert "(RuntimeError: the connection pool is closed)" in msg
    assert "This is a bug in the vpnops.aws collection" in msg
    _assert_no_traceback_in(msg)
    assert result["exception"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: the connection pool is closed" in result["exception"]
    assert {key: result[key] for key in VERSIONS} == VERSIONS


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_an_aws_error_from_the_first_request_is_the_usual_aws_failure(run_module, first_call_raises, name):
    called = first_call_raises(_client_error)
    result = run_module(_module(name), ARGUMENTS[name]())
    assert len(called) == 1
    assert result["failed"] is True
    assert result["error"]["code"] == "UnsupportedOperation"
    assert f"{called[0]} failed (UnsupportedOperation): The operation is not supported here." in result["msg"]
    _assert_no_traceback_in(result["msg"])
    assert "exception" not in result
    assert result["botocore_version"] == botocore.__version__


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_an_aws_error_no_step_of_the_module_handles_is_the_usual_aws_failure(run_module, monkeypatch, calls, name):
    """A botocore error raised where the module has no handler of its own (here: while the client is set up)."""

    def unguarded_step(client):
        raise _client_error("DescribeClientVpnEndpoints", "UnauthorizedOperation")

    monkeypatch.setattr(connection, "register_concurrent_mutation_retries", unguarded_step)
    result = run_module(_module(name), ARGUMENTS[name]())
    assert calls == []
    assert result["failed"] is True
    assert result["msg"] == (
        "Not authorized to perform ec2:DescribeClientVpnEndpoints (UnauthorizedOperation): grant that IAM action "
        "to these credentials."
    )
    assert result["error"]["code"] == "UnauthorizedOperation"
    assert "exception" not in result


@pytest.mark.parametrize(
    "raised, msg_start",
    [
        (PermissionError(13, "Permission denied"), "dest {dest!r} could not be written: [Errno 13] Permission denied;"),
        (Exception("Could not replace the file."), "dest {dest!r} could not be written: Could not replace the file.;"),
        (TypeError("unsupported operand"), "Unexpected error while exporting the client configuration (TypeError: "),
    ],
)
def test_client_configuration_reports_a_write_failure_but_not_a_bug_as_one(
    ec2, run_module, monkeypatch, tmp_path, raised, msg_start
):
    """OSError and the plain Exception of atomic_move() say what went wrong with dest; any other exception is a bug,
    reported with its traceback."""
    module = _module("client_vpn_client_configuration")

    def failing_move(self, src, dest, *args, **kwargs):
        raise raised

    monkeypatch.setattr(module.AnsibleModule, "atomic_move", failing_move)
    dest = tmp_path / "alice.ovpn"
    ec2.add_response(
        "export_client_vpn_client_configuration",
        {"ClientConfiguration": "client\ndev tun\n"},
        {"ClientVpnEndpointId": ENDPOINT},
    )
    result = run_module(module, {"client_vpn_endpoint_id": ENDPOINT, "dest": str(dest)})
    assert result["failed"] is True
    assert result["msg"].startswith(msg_start.format(dest=str(dest)))
    assert ("exception" in result) is isinstance(raised, TypeError)
    assert sorted(path.name for path in tmp_path.iterdir()) == []
