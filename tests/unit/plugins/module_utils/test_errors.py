# SPDX-License-Identifier: GPL-3.0-or-later

import botocore.exceptions
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils.errors import describe_error

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


@pytest.mark.parametrize(
    "error, fragments",
    [
        (botocore.exceptions.NoCredentialsError(), ["No AWS credentials", "access_key", "profile"]),
        (botocore.exceptions.PartialCredentialsError(provider="env", cred_var="AWS_SECRET_ACCESS_KEY"),
         ["Incomplete", "AWS_SECRET_ACCESS_KEY"]),
        (botocore.exceptions.EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
         ["Could not connect", "http://127.0.0.1:9", "endpoint_url"]),
        (botocore.exceptions.PaginationError(message="The same next token was received twice: {}"),
         ["same pagination token twice", "no partial result"]),
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
    assert details == {}
    assert "Traceback" not in msg
