# SPDX-License-Identifier: GPL-3.0-or-later

import boto3
import botocore
import botocore.exceptions
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.errors import describe_error
from ansible_collections.vpnops.aws.plugins.module_utils.errors import fail_aws
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported

VERSIONS = {"boto3_version": boto3.__version__, "botocore_version": botocore.__version__}

OPERATION = "DescribeClientVpnConnections"
CONTEXT = {"client_vpn_endpoint_id": "cvpn-endpoint-0123456789abcdef0", "region": "eu-west-1"}


def _client_error(code, message="AWS says no", retries=0):
    response = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"RequestId": "req-1", "HTTPStatusCode": 400, "RetryAttempts": retries},
    }
    return botocore.exceptions.ClientError(response, OPERATION)


@pytest.mark.parametrize(
    "code, retries, fragments",
    [
        ("InvalidClientVpnEndpointId.NotFound", 0, ["cvpn-endpoint-0123456789abcdef0", "eu-west-1", "not found"]),
        ("UnauthorizedOperation", 0, ["ec2:DescribeClientVpnConnections", "UnauthorizedOperation"]),
        ("RequestLimitExceeded", 9, ["RequestLimitExceeded", "10 attempts", "max_attempts"]),
        ("AuthFailure", 0, ["AuthFailure", "AWS says no", "access_key"]),
        ("InvalidNextToken", 0, ["InvalidNextToken", "starting_token"]),
        ("InternalError", 2, ["InternalError", "AWS says no", OPERATION]),
    ],
)
def test_client_errors(code, retries, fragments):
    msg, details = describe_error(_client_error(code, retries=retries), OPERATION, CONTEXT)
    for fragment in fragments:
        assert fragment in msg
    assert details["error"] == {"code": code, "message": "AWS says no"}
    assert details["response_metadata"] == {"request_id": "req-1", "http_status_code": 400, "retry_attempts": retries}
    assert {key: details[key] for key in VERSIONS} == VERSIONS


@pytest.mark.parametrize(
    "error, fragments",
    [
        (botocore.exceptions.NoCredentialsError(), ["No AWS credentials", "access_key", "profile"]),
        (
            botocore.exceptions.PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY"),
            ["Incomplete", "AWS_SECRET_ACCESS_KEY"],
        ),
        (
            botocore.exceptions.EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
            ["Could not connect", "http://127.0.0.1:9", "endpoint_url"],
        ),
        (
            botocore.exceptions.PaginationError(message="The same next token was received twice: {}"),
            ["same pagination token twice", "no partial result"],
        ),
        (botocore.exceptions.SSLError(endpoint_url="https://x", error="bad cert"), ["TLS", "aws_ca_bundle"]),
        (
            botocore.exceptions.ReadTimeoutError(endpoint_url="https://x"),
            ["connection to the AWS endpoint failed", "https://x", "read_timeout"],
        ),
    ],
)
def test_botocore_errors(error, fragments):
    msg, details = describe_error(error, OPERATION, CONTEXT)
    for fragment in fragments:
        assert fragment in msg
    assert details == VERSIONS
    assert "Traceback" not in msg


class _Failed(Exception):
    pass


class _Module:
    def __init__(self):
        self.result = None

    def fail_json(self, **result):
        self.result = result
        raise _Failed()


def test_fail_aws_reports_the_library_versions():
    module = _Module()
    with pytest.raises(_Failed):
        fail_aws(module, _client_error("InternalError"), OPERATION, **CONTEXT)
    assert module.result["boto3_version"] == boto3.__version__
    assert module.result["botocore_version"] == botocore.__version__
    assert module.result["error"]["code"] == "InternalError"
    assert "exception" not in module.result


def test_failures_reported_turns_a_bug_into_a_failure_with_its_traceback():
    module = _Module()
    with pytest.raises(_Failed), failures_reported(module):
        {}["missing"]  # pylint: disable=pointless-statement
    result = module.result
    assert result["msg"].startswith("Unexpected error while running the task (KeyError: 'missing').")
    assert "bug in the vpnops.aws collection" in result["msg"]
    assert "Traceback" not in result["msg"]
    assert result["exception"].startswith("Traceback (most recent call last):")
    assert "KeyError: 'missing'" in result["exception"]
    assert {key: result[key] for key in VERSIONS} == VERSIONS


def test_failures_reported_reports_an_unhandled_aws_error_as_fail_aws_does():
    module = _Module()
    with pytest.raises(_Failed), failures_reported(module):
        raise _client_error("UnauthorizedOperation")
    assert module.result["msg"] == (
        "Not authorized to perform ec2:DescribeClientVpnConnections "
        "(UnauthorizedOperation): grant that IAM action to these credentials."
    )
    assert module.result["error"]["code"] == "UnauthorizedOperation"
    assert "exception" not in module.result


def test_failures_reported_lets_exit_json_and_fail_json_through():
    module = _Module()
    with pytest.raises(SystemExit), failures_reported(module):
        raise SystemExit(0)
    assert module.result is None
    with failures_reported(module):
        pass
    assert module.result is None
