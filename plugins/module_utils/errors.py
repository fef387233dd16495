# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

One place that turns botocore exceptions into task failures a user can act on."""

import contextlib
import sys
import traceback

try:
    import botocore.exceptions
except ImportError:
    pass  # connection.require_boto3() reports the missing library before any API call

_THROTTLING_CODES = frozenset(("RequestLimitExceeded", "Throttling", "ThrottlingException"))
_CREDENTIAL_CODES = frozenset(
    ("AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "RequestExpired")
)
_CREDENTIAL_HINT = (
    "set access_key and secret_key (and session_token for temporary credentials), or profile, "
    "or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, or run with an IAM role"
)


def _client_error_message(code, message, operation, attempts, context):
    endpoint_id = context.get("client_vpn_endpoint_id")
    region = context.get("region") or "(unknown region)"
    if code == "InvalidClientVpnEndpointId.NotFound":
        return (
            f"Client VPN endpoint {endpoint_id} was not found in region {region}; check the endpoint id "
            f"and the region. AWS said: {message}"
        )
    if code == "UnauthorizedOperation":
        return (
            f"Not authorized to perform ec2:{operation} (UnauthorizedOperation): grant that IAM action to "
            "these credentials."
        )
    if code in _THROTTLING_CODES:
        return (
            f"AWS throttled {operation} ({code}) and it still failed after {attempts} attempts; retry later, "
            "send fewer requests at once (fewer forks or endpoints in parallel), or raise "
            "aws_config.retries.max_attempts."
        )
    if code in _CREDENTIAL_CODES:
        return f"AWS rejected the credentials for {operation} ({code}): {message} To fix: {_CREDENTIAL_HINT}."
    if code == "InvalidNextToken":
        return (
            f"The pagination token is not valid or has expired ({code}): {message} Start the listing "
            "again without starting_token."
        )
    return f"{operation} failed ({code}): {message}"


def _client_error(exc, context):
    error = exc.response.get("Error", {})
    metadata = exc.response.get("ResponseMetadata", {})
    code = error.get("Code", "Unknown")
    message = error.get("Message", "")
    attempts = metadata.get("RetryAttempts", 0) + 1
    msg = _client_error_message(code, message, exc.operation_name, attempts, context)
    details = {
        "error": {"code": code, "message": message},
        "response_metadata": {
            "request_id": metadata.get("RequestId"),
            "http_status_code": metadata.get("HTTPStatusCode"),
            "retry_attempts": metadata.get("RetryAttempts", 0),
        },
    }
    return msg, details


def _botocore_error(exc, operation):
    if isinstance(exc, botocore.exceptions.NoCredentialsError):
        return f"No AWS credentials were found for {operation}: {_CREDENTIAL_HINT}."
    if isinstance(exc, botocore.exceptions.PartialCredentialsError):
        return f"Incomplete AWS credentials for {operation}: {exc}. To fix: {_CREDENTIAL_HINT}."
    if isinstance(exc, botocore.exceptions.SSLError):
        return (
            f"TLS verification of the AWS endpoint failed for {operation}: {exc}. Set aws_ca_bundle to "
            "the certificate authority that signed it."
        )
    if isinstance(exc, (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectionError)):
        return f"Could not connect to the AWS endpoint for {operation}: {exc}. Check endpoint_url, region and network."
    if isinstance(exc, botocore.exceptions.HTTPClientError):
        return (
            f"The connection to the AWS endpoint failed during {operation}: {exc}. Check the network, or raise "
            "aws_config.read_timeout."
        )
    if isinstance(exc, botocore.exceptions.PaginationError):
        return (
            f"{operation} stopped: the service returned the same pagination token twice, so the listing "
            f"cannot complete and no partial result is reported. ({exc})"
        )
    return f"{operation} failed: {exc}"


def library_versions():
    """{boto3_version, botocore_version} of the libraries in use (None when one is not loaded), for a failed task."""
    return {
        f"{library}_version": getattr(sys.modules.get(library), "__version__", None)
        for library in ("boto3", "botocore")
    }


def describe_error(exc, operation, context=None):
    """(message, details) for a botocore exception raised by operation; context names the resources involved.

    details (extra keys of the failed result) hold the library versions, and for an AWS error its code,
    message and response metadata.
    """
    context = context or {}
    if isinstance(exc, botocore.exceptions.ClientError):
        msg, details = _client_error(exc, context)
    else:
        msg, details = _botocore_error(exc, operation), {}
    return msg, dict(details, **library_versions())


def fail_aws(module, exc, operation, **context):
    """Fail the task for a botocore exception, with what happened and what to do about it."""
    msg, details = describe_error(exc, operation, context)
    module.fail_json(msg=msg, **details)


def aws_errors():
    """The exception classes that fail_aws() handles, for use in an except clause."""
    return (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError)


def unexpected_failure(module, doing):
    """Fail the task for the exception being handled, which the collection did not expect: a bug.

    The message stays short and readable; the traceback goes to the result's exception key (shown with -vvv),
    with the library versions, for a bug report.  Call it from an except block.
    """
    error = traceback.format_exc().rstrip().splitlines()[-1]
    module.fail_json(
        msg=f"Unexpected error while {doing} ({error[:300]}). This is a bug in the vpnops.aws collection: please "
        "report it with the exception shown with -vvv and the versions in this result.",
        exception=traceback.format_exc(),
        **library_versions(),
    )


@contextlib.contextmanager
def failures_reported(module, doing="running the task"):
    """Run a module's work so that any exception ends the task in a clean failure:

        with failures_reported(module):
            _run(module)

    A botocore exception the module did not handle is reported as fail_aws() reports it; any other exception
    (a bug) through unexpected_failure().  exit_json() and fail_json() (SystemExit) pass through.
    """
    try:
        yield
    except aws_errors() as exc:
        fail_aws(module, exc, getattr(exc, "operation_name", None) or "The AWS request")
    except Exception:  # pylint: disable=broad-exception-caught  # reported with its traceback
        unexpected_failure(module, doing)
