# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Waiting for Client VPN connections to be terminated, with botocore's own waiter machinery.

EC2 has no built-in waiter for Client VPN connections, so this module defines one: it reads the
connections with DescribeClientVpnConnections (a connection-id filter) until every one reads
terminated, and gives up early when one reads failed-to-terminate.
"""

import time

try:
    import botocore.exceptions
    import botocore.waiter
except ImportError:
    pass  # connection.require_boto3() reports the missing library before any API call

OPERATION = "DescribeClientVpnConnections"
WAITER_NAME = "ClientVpnConnectionsTerminated"
TERMINATED = "terminated"
FAILED_TO_TERMINATE = "failed-to-terminate"

# Seconds between two reads of the same connections.
POLL_DELAY = 2
# Connection ids in the connection-id filter of one DescribeClientVpnConnections request.
CONNECTION_ID_BATCH = 200
# MaxResults of each read; a batch of ids always fits in one page.
_PAGE_SIZE = 1000


class WaitFailed(Exception):
    """The connections did not all reach terminated.

    connections maps each connection id to the connection (API shape) as last read; failed is true when
    one of them reads failed-to-terminate, false when the time ran out.
    """

    def __init__(self, message, connections, failed):
        super().__init__(message)
        self.connections = connections
        self.failed = failed


def batches(items, size=None):
    """items cut into lists of at most size (CONNECTION_ID_BATCH when not given), in order."""
    size = size or CONNECTION_ID_BATCH
    return [items[start : start + size] for start in range(0, len(items), size)]


def terminated_waiter_model(delay, max_attempts):
    """A botocore WaiterModel with one waiter, WAITER_NAME."""
    codes = "Connections[].Status.Code"
    return botocore.waiter.WaiterModel(
        {
            "version": 2,
            "waiters": {
                WAITER_NAME: {
                    "operation": OPERATION,
                    "delay": delay,
                    "maxAttempts": max_attempts,
                    "acceptors": [
                        {"state": "success", "matcher": "pathAll", "argument": codes, "expected": TERMINATED},
                        {"state": "failure", "matcher": "pathAny", "argument": codes, "expected": FAILED_TO_TERMINATE},
                    ],
                },
            },
        }
    )


class _RecordingClient:
    """The client as the waiter sees it, keeping the last successful DescribeClientVpnConnections response."""

    def __init__(self, client):
        self.meta = client.meta
        self._client = client
        self.last_response = {}

    def describe_client_vpn_connections(self, **params):
        self.last_response = self._client.describe_client_vpn_connections(**params)
        return self.last_response


def _by_id(response):
    return {connection["ConnectionId"]: connection for connection in response.get("Connections", [])}


def _max_attempts(seconds, delay):
    """Reads that fit in seconds with delay between them: the first read, then one after each delay."""
    return 1 + max(0, int(seconds / delay))


def _wait_batch(client, endpoint_id, connection_ids, seconds):
    recorder = _RecordingClient(client)
    model = terminated_waiter_model(POLL_DELAY, _max_attempts(seconds, POLL_DELAY))
    waiter = botocore.waiter.create_waiter_with_client(WAITER_NAME, model, recorder)
    try:
        waiter.wait(
            ClientVpnEndpointId=endpoint_id,
            Filters=[{"Name": "connection-id", "Values": connection_ids}],
            MaxResults=_PAGE_SIZE,
        )
    except botocore.exceptions.WaiterError as exc:
        response = exc.last_response or {}
        if "Error" in response:
            # The waiter turned an API error into a WaiterError: raise it as the API error it was.
            raise botocore.exceptions.ClientError(response, OPERATION) from None
        connections = _by_id(response)
        failed = any(c.get("Status", {}).get("Code") == FAILED_TO_TERMINATE for c in connections.values())
        raise WaitFailed(str(exc), connections, failed) from None
    return _by_id(recorder.last_response)


def wait_until_terminated(client, endpoint_id, connection_ids, timeout):
    """{connection id: connection (API shape)} as last read, once every one of connection_ids reads terminated.

    Reads the ids in batches of CONNECTION_ID_BATCH, all within timeout seconds.  Raises WaitFailed when the
    time runs out or a connection reads failed-to-terminate, and botocore's ClientError or BotoCoreError when
    a read fails.
    """
    deadline = time.monotonic() + timeout
    latest = {}
    for batch in batches(list(connection_ids)):
        try:
            latest.update(_wait_batch(client, endpoint_id, batch, deadline - time.monotonic()))
        except WaitFailed as exc:
            latest.update(exc.connections)
            exc.connections = latest
            raise
    return latest
