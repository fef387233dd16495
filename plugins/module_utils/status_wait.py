# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: may change without notice.

Waiting until a Client VPN resource reads a wanted status, or is gone, with botocore's waiter machinery.

A StatusWait says which Describe operation to read and where the statuses are in its response (a
JMESPath expression that gives a list of status codes, one per resource read).  wait_for_status()
builds a botocore WaiterModel from it and reads until every status read is one of the wanted ones,
and fails early when one reads a failure status.  Waiting for deletion (gone=True) also succeeds when
nothing is listed any more or the read fails with one of the gone_error_codes (a NotFound).  When the
wait fails, WaitFailed says what was last read.

Example (an endpoint until available, then until deleted)::

    ENDPOINT_STATUS = StatusWait(
        operation="DescribeClientVpnEndpoints", statuses="ClientVpnEndpoints[].Status.Code",
        gone_error_codes=("InvalidClientVpnEndpointId.NotFound",), what="Client VPN endpoint")
    wait_for_status(client, ENDPOINT_STATUS, {"ClientVpnEndpointIds": [endpoint_id]}, ["available"],
                    timeout=600, failed=["deleting", "deleted"])
    wait_for_status(client, ENDPOINT_STATUS, {"ClientVpnEndpointIds": [endpoint_id]}, ["deleted"],
                    timeout=600, gone=True)
"""

import dataclasses
import json

try:
    import botocore.exceptions
    import botocore.waiter
    import jmespath
except ImportError:
    pass  # connection.require_boto3() reports the missing library before any API call

# Seconds between two reads.  AWS takes seconds to minutes to apply a Client VPN change; tests patch it.
POLL_DELAY = 5
_WAITER_NAME = "StatusReached"


@dataclasses.dataclass(frozen=True)
class StatusWait:
    """What to read while waiting.

    operation: the Describe operation (CamelCase, as in the API).  statuses: a JMESPath expression over its
    response giving the list of status codes, one per resource read (for example
    "ClientVpnTargetNetworks[].Status.Code").  gone_error_codes: error codes of that read meaning the resource
    does not exist.  what: the resource in messages ("target network association").
    """

    operation: str
    statuses: str
    gone_error_codes: tuple = ()
    what: str = "resource"


class WaitFailed(Exception):
    """The wait ended without success: a failure status was read (failed=True) or the time ran out.

    statuses: the status codes last read (an empty list when nothing was listed or nothing could be read).
    last_response: the last Describe response, for a module to report the resource as last read.
    """

    def __init__(self, message, statuses, last_response, failed):
        super().__init__(message)
        self.statuses = statuses
        self.last_response = last_response
        self.failed = failed


def _literal(values):
    return f"`{json.dumps(list(values))}`"


def _acceptors(spec, wanted, failed, gone):
    statuses = f"({spec.statuses} || `[]`)"
    all_wanted = f"length({statuses}[?!contains({_literal(wanted)}, @)]) == `0`"
    found = "`true`" if gone else f"length({statuses}) > `0`"
    acceptors = [{"state": "success", "matcher": "path", "argument": f"{found} && {all_wanted}", "expected": True}]
    acceptors += [
        {"state": "failure", "matcher": "pathAny", "argument": spec.statuses, "expected": status} for status in failed
    ]
    if gone:
        acceptors += [{"state": "success", "matcher": "error", "expected": code} for code in spec.gone_error_codes]
    return acceptors


def waiter_model(spec, wanted, failed=(), gone=False, delay=None, max_attempts=1):
    """The botocore WaiterModel (one waiter) that wait_for_status() runs; delay defaults to POLL_DELAY."""
    return botocore.waiter.WaiterModel(
        {
            "version": 2,
            "waiters": {
                _WAITER_NAME: {
                    "operation": spec.operation,
                    "delay": POLL_DELAY if delay is None else delay,
                    "maxAttempts": max_attempts,
                    "acceptors": _acceptors(spec, wanted, failed, gone),
                },
            },
        }
    )


class _RecordingClient:
    """The client as the waiter sees it: every read goes to the real client and the last answer is kept."""

    def __init__(self, client, method_name):
        self.meta = client.meta
        self.last_response = {}
        method = getattr(client, method_name)

        def read(**params):
            self.last_response = {}  # stays empty when the read fails (a NotFound while waiting until gone)
            self.last_response = method(**params)
            return self.last_response

        setattr(self, method_name, read)


def _statuses(spec, response):
    found = jmespath.search(spec.statuses, response or {})
    return found if isinstance(found, list) else []


def _failure_message(spec, wanted, statuses, failed, timeout):
    read = ", ".join(statuses) if statuses else "nothing listed"
    goal = " or ".join(wanted)
    if failed:
        return f"The {spec.what} reads {read} while waiting for {goal}: a status it does not recover from."
    return f"The {spec.what} did not reach {goal} within wait_timeout ({timeout} seconds); last read: {read}."


def _max_attempts(timeout):
    """Reads that fit in timeout seconds: the first at once, then one after each POLL_DELAY."""
    return 1 + max(0, int(timeout // POLL_DELAY if POLL_DELAY else timeout))


def wait_for_status(client, spec, params, wanted, timeout, failed=(), gone=False):
    """The last Describe response, once every status read (at spec.statuses) is in wanted.

    With gone=True an empty listing, or an error whose code is in spec.gone_error_codes, is success too (the
    response returned is then {} for such an error).
    Reads every POLL_DELAY seconds for at most timeout seconds (the first read at once).  Raises WaitFailed
    when a status in failed is read or the time runs out, and botocore's ClientError (or BotoCoreError) when
    a read fails otherwise.
    """
    wanted = list(wanted)
    recorder = _RecordingClient(client, botocore.xform_name(spec.operation))
    model = waiter_model(spec, wanted, failed, gone, max_attempts=_max_attempts(timeout))
    waiter = botocore.waiter.create_waiter_with_client(_WAITER_NAME, model, recorder)
    try:
        waiter.wait(**params)
    except botocore.exceptions.WaiterError as exc:
        response = exc.last_response or {}
        if "Error" in response:
            # The waiter turned an API error into a WaiterError: raise it as the API error it was.
            raise botocore.exceptions.ClientError(response, spec.operation) from None
        statuses = _statuses(spec, response)
        was_failure = any(status in failed for status in statuses)
        message = _failure_message(spec, wanted, statuses, was_failure, timeout)
        raise WaitFailed(message, statuses, response, was_failure) from None
    return recorder.last_response
