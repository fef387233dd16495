# SPDX-License-Identifier: GPL-3.0-or-later
"""The EC2 Query API: one form-encoded request in, one XML document and HTTP status out.

Checks happen in this order (the first failing one answers):

1. injected faults (latency, then RequestLimitExceeded / InternalError);
2. the SigV4 ``Authorization`` header must be there with ``Credential=<access key id>/...``
   (``AuthFailure``); the signature is not verified;
3. ``Action`` must be a supported action (``InvalidAction``), ``Version`` present (``MissingParameter``);
4. parameter syntax: unknown parameters, required ones, filter names, ``MaxResults``, ``NextToken``, ``DryRun``;
5. the access key id must not be among the state's unauthorized keys (``UnauthorizedOperation``);
6. existence of the endpoint(s) and connection, and the terminate-by-username limit;
7. ``DryRun=true`` answers ``DryRunOperation``; otherwise the action runs.
"""

import logging
import re
import time
import uuid

from . import errors
from . import params
from .catalog import MUTATING_ACTIONS
from .catalog import OPERATIONS
from .xmlserializer import XmlSerializer
from .xmlserializer import error_document

LOG = logging.getLogger(__name__)
_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")
_SCOPE_REGION = re.compile(r"Credential=[^/,\s]+/[^/,\s]+/([^/,\s]+)/")


def region_from_authorization(header):
    """The region of a SigV4 credential scope (``Credential=AKID/date/region/ec2/aws4_request``), or None."""
    match = _SCOPE_REGION.search(header or "")
    return match.group(1) if match else None


def access_key_from_authorization(header):
    """The access key id of a SigV4 ``Authorization`` header, or ``AuthFailure``."""
    if not header:
        raise errors.auth_failure("AWS was not able to validate the provided access credentials")
    if not header.startswith("AWS4-HMAC-SHA256 "):
        raise errors.auth_failure("Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported")
    match = _CREDENTIAL.search(header)
    if match is None:
        raise errors.auth_failure("The Authorization header has no Credential")
    return match.group(1)


class ApiService:
    """Answers EC2 Query requests against an ``EmulatorState``, applying ``Faults`` and logging every request."""

    def __init__(self, state, faults, request_log, serializer=None):
        self.state = state
        self.faults = faults
        self.request_log = request_log
        self.serializer = serializer or XmlSerializer()
        self._allowed = {
            name: params.top_level_names(self.serializer.model.operation_model(name).input_shape) for name in OPERATIONS
        }

    def handle(self, body, authorization):
        """``(http status, xml text)`` for one request body and its Authorization header value."""
        request_params = params.parse_form(body)
        action = request_params.get("Action", "")
        request_id = str(uuid.uuid4())
        access_key_id = None
        try:
            self._apply_faults(action)
            access_key_id = access_key_from_authorization(authorization)
            result = self._call(action, request_params, access_key_id, region_from_authorization(authorization))
            status, text, code = 200, self.serializer.response(action, result, request_id), None
        except errors.ApiError as exc:
            status, text, code = exc.status, error_document(exc.code, exc.message, request_id), exc.code
        except Exception:  # pylint: disable=broad-except
            LOG.exception("unexpected failure answering %s", action)
            exc = errors.internal_error()
            status, text, code = exc.status, error_document(exc.code, exc.message, request_id), exc.code
        self.request_log.record(action, request_params, access_key_id, status, code, request_id)
        return status, text

    def _apply_faults(self, action):
        delay = self.faults.latency_seconds(action)
        if delay > 0:
            time.sleep(delay)
        failure = self.faults.next_error(action, mutating=action in MUTATING_ACTIONS)
        if failure is not None:
            raise failure

    def _call(self, action, request_params, access_key_id, region):
        operation = OPERATIONS.get(action)
        if operation is None:
            raise errors.invalid_action(action)
        params.required(request_params, "Version")
        params.check_known(request_params, self._allowed[action])
        dry_run = params.boolean(request_params, "DryRun")
        with self.state.lock:
            request = operation.prepare(request_params, self.state, self.faults)
            request["region"] = region
            if self.state.is_unauthorized(access_key_id):
                raise errors.unauthorized()
            return operation.run(self.state, request, dry_run)
