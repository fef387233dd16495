# SPDX-License-Identifier: GPL-3.0-or-later
"""EC2-style API errors raised by the request handlers."""

DRY_RUN_MESSAGE = "Request would have succeeded, but DryRun flag is set."
UNAUTHORIZED_MESSAGE = "You are not authorized to perform this operation."


class ApiError(Exception):
    """An error answered with the EC2 error envelope: an error code, a message and an HTTP status."""

    def __init__(self, code, message, status=400):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


def auth_failure(message):
    return ApiError("AuthFailure", message, 401)


def invalid_action(action):
    return ApiError("InvalidAction", f"The action {action} is not valid for this web service.", 400)


def missing_parameter(name):
    return ApiError("MissingParameter", f"The request must contain the parameter {name}", 400)


def invalid_value(message):
    return ApiError("InvalidParameterValue", message, 400)


def unknown_parameter(name):
    return ApiError("UnknownParameter", f"The parameter {name} is not recognized", 400)


def invalid_combination(message):
    return ApiError("InvalidParameterCombination", message, 400)


def invalid_next_token(token):
    return ApiError("InvalidNextToken", f"The token '{token}' is invalid.", 400)


def endpoint_not_found(endpoint_id):
    return ApiError("InvalidClientVpnEndpointId.NotFound", f"Endpoint {endpoint_id} does not exist", 400)


def connection_not_found(connection_id):
    return ApiError("InvalidClientVpnConnection.IdNotFound", f"Connection {connection_id} does not exist", 400)


def terminate_limit_exceeded(username, count, limit):
    message = (f"User {username} has {count} active connections; at most {limit} connections can be "
               "terminated by username in one request")
    return ApiError("ClientVpnTerminateConnectionsLimitExceeded", message, 400)


def unauthorized():
    return ApiError("UnauthorizedOperation", UNAUTHORIZED_MESSAGE, 403)


def dry_run_ok():
    return ApiError("DryRunOperation", DRY_RUN_MESSAGE, 412)


def throttled():
    return ApiError("RequestLimitExceeded", "Request limit exceeded.", 503)


def internal_error():
    return ApiError("InternalError", "An internal error has occurred.", 500)
