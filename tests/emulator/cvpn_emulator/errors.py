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
    message = (
        f"User {username} has {count} active connections; at most {limit} connections can be "
        "terminated by username in one request"
    )
    return ApiError("ClientVpnTerminateConnectionsLimitExceeded", message, 400)


def unauthorized():
    return ApiError("UnauthorizedOperation", UNAUTHORIZED_MESSAGE, 403)


def dry_run_ok():
    return ApiError("DryRunOperation", DRY_RUN_MESSAGE, 412)


def throttled():
    return ApiError("RequestLimitExceeded", "Request limit exceeded.", 503)


def internal_error():
    return ApiError("InternalError", "An internal error has occurred.", 500)


def incorrect_state(message):
    return ApiError("IncorrectState", message, 400)


def idempotent_mismatch(token):
    message = f"The client token {token} was already used with different parameters."
    return ApiError("IdempotentParameterMismatch", message, 400)


def concurrent_mutation():
    return ApiError(
        "ConcurrentMutationLimitExceeded", "Cannot initiate another change for this endpoint at this time", 400
    )


def invalid_id(resource_id):
    return ApiError("InvalidID", f"The ID '{resource_id}' is not valid", 400)


def unsupported(message):
    return ApiError("UnsupportedOperation", message, 400)


def subnet_not_found(subnet_id):
    return ApiError("InvalidSubnetID.NotFound", f"The subnet ID '{subnet_id}' does not exist", 400)


def vpc_not_found(vpc_id):
    return ApiError("InvalidVpcID.NotFound", f"The vpc ID '{vpc_id}' does not exist", 400)


def association_not_found(association_id):
    return ApiError(
        "InvalidClientVpnAssociationIdNotFound",
        f"The specified target network association {association_id} cannot be found.",
        400,
    )


def duplicate_association(subnet_id, endpoint_id):
    return ApiError(
        "InvalidClientVpnDuplicateAssociationException",
        f"The target network {subnet_id} has already been associated with the Client VPN endpoint {endpoint_id}.",
        400,
    )


def duplicate_az(zone):
    return ApiError(
        "InvalidClientVpnSubnetId.DuplicateAz",
        f"A subnet in Availability Zone {zone} is already associated with the Client VPN endpoint.",
        400,
    )


def association_exists(association_ids):
    return ApiError(
        "ClientVpnEndpointAssociationExists",
        f"The endpoint that you're trying to delete has associations {', '.join(association_ids)}",
        400,
    )


def duplicate_rule(cidr, group):
    return ApiError(
        "InvalidClientVpnDuplicateAuthorizationRule",
        f"An authorization rule for {cidr} and {group} has already been added to the Client VPN endpoint.",
        400,
    )


def rule_not_found(cidr, group):
    return ApiError(
        "InvalidClientVpnEndpointAuthorizationRuleNotFound",
        f"There is no authorization rule for {cidr} and {group} on the Client VPN endpoint.",
        400,
    )


def duplicate_route(cidr, subnet_id):
    return ApiError(
        "InvalidClientVpnDuplicateRoute",
        f"A route to {cidr} through {subnet_id} has already been added to the Client VPN endpoint.",
        400,
    )


def route_not_found(cidr):
    return ApiError("InvalidClientVpnRouteNotFound", f"There is no route to {cidr} on the Client VPN endpoint.", 400)


def active_association_not_found(subnet_id):
    return ApiError(
        "InvalidClientVpnActiveAssociationNotFound",
        f"The subnet {subnet_id} does not have an active association with the Client VPN endpoint.",
        400,
    )
