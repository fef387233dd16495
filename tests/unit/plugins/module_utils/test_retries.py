# SPDX-License-Identifier: GPL-3.0-or-later
"""ConcurrentMutationLimitExceeded retries, with a real EC2 client against a tiny local HTTP server."""

import http.server
import threading

import boto3
import botocore.config
import botocore.exceptions
import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import retries

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
_NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
_SUCCESS = (
    f'<DeleteClientVpnEndpointResponse xmlns="{_NS}"><requestId>r-ok</requestId>'
    "<status><code>deleting</code></status></DeleteClientVpnEndpointResponse>"
)


def _error(code, message):
    return (
        f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
        "<RequestID>r-error</RequestID></Response>"
    )


BUSY = _error(retries.CONCURRENT_MUTATION, "Cannot initiate another change for this endpoint at this time")
THROTTLED = _error("RequestLimitExceeded", "Request limit exceeded.")
INVALID = _error("InvalidParameterValue", "Bad value.")


class _Server(http.server.ThreadingHTTPServer):
    """Answers each POST with the next (status, body) of script; the last one repeats."""

    def __init__(self, script):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = list(script)
        self.requests = 0


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        server = self.server
        status, body = server.script[min(server.requests, len(server.script) - 1)]
        server.requests += 1
        payload = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """serve(script, retries_config, register) -> (client, server): a client talking to a fresh server, with the
    collection's concurrent-mutation retries registered unless register is false."""
    servers = []

    def start(script, retries_config=None, register=True):
        server = _Server(script)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
        servers.append(server)
        config = botocore.config.Config(retries=retries_config or {"mode": "standard", "max_attempts": 10})
        client = boto3.client(
            "ec2",
            region_name="us-east-1",
            endpoint_url=f"http://127.0.0.1:{server.server_port}",
            aws_access_key_id="AKIDUNITTEST",
            aws_secret_access_key="unit-test-secret",
            config=config,
        )
        # botocore's own throttling retries sleep: answer them first, at once, within the same attempts.
        client.meta.events.register_first("needs-retry.ec2", _instant_throttling_retries(client))
        if not register:
            return client, server
        return retries.register_concurrent_mutation_retries(client, base_delay=0, max_delay=0), server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _instant_throttling_retries(client):
    def needs_retry(response, attempts, **kwargs):
        throttled = response and response[1].get("Error", {}).get("Code") == "RequestLimitExceeded"
        return 0 if throttled and attempts < retries.total_attempts(client) else None

    return needs_retry


def _delete(client):
    return client.delete_client_vpn_endpoint(ClientVpnEndpointId=ENDPOINT)


@pytest.mark.parametrize("busy", [0, 1, 3, 10])
def test_concurrent_mutation_retried_until_success(serve, busy):
    client, server = serve([(400, BUSY)] * busy + [(200, _SUCCESS)])
    response = _delete(client)
    assert response["Status"] == {"Code": "deleting"}
    assert response["ResponseMetadata"]["RetryAttempts"] == busy
    assert server.requests == busy + 1


@pytest.mark.parametrize("max_attempts, requests", [(10, 11), (2, 3), (0, 1)])
def test_concurrent_mutation_beyond_the_limit_fails(serve, max_attempts, requests):
    client, server = serve([(400, BUSY)], {"mode": "standard", "max_attempts": max_attempts})
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        _delete(client)
    assert caught.value.response["Error"]["Code"] == retries.CONCURRENT_MUTATION
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == requests - 1
    assert server.requests == requests


def test_total_max_attempts_is_respected(serve):
    client, server = serve([(400, BUSY)], {"mode": "standard", "total_max_attempts": 4})
    with pytest.raises(botocore.exceptions.ClientError):
        _delete(client)
    assert server.requests == 4


def test_other_errors_are_left_to_botocore(serve):
    client, server = serve([(400, INVALID), (200, _SUCCESS)])
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        _delete(client)
    assert caught.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert server.requests == 1


def test_throttling_is_still_retried(serve):
    client, server = serve([(503, THROTTLED), (400, BUSY), (503, THROTTLED), (400, BUSY), (200, _SUCCESS)])
    response = _delete(client)
    assert response["ResponseMetadata"]["RetryAttempts"] == 4
    assert server.requests == 5


def test_throttling_and_concurrent_mutation_share_the_attempts(serve):
    client, server = serve(
        [(503, THROTTLED), (400, BUSY), (400, BUSY), (200, _SUCCESS)], {"mode": "standard", "max_attempts": 2}
    )
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        _delete(client)
    assert caught.value.response["Error"]["Code"] == retries.CONCURRENT_MUTATION
    assert server.requests == 3


def test_registering_twice_changes_nothing(serve):
    client, server = serve([(400, BUSY)], {"mode": "standard", "max_attempts": 2})
    retries.register_concurrent_mutation_retries(client, base_delay=0, max_delay=0)
    with pytest.raises(botocore.exceptions.ClientError):
        _delete(client)
    assert server.requests == 3


def test_without_the_handler_botocore_does_not_retry(serve):
    """The premise: botocore's standard mode alone gives up on the first ConcurrentMutationLimitExceeded."""
    client, server = serve([(400, BUSY), (200, _SUCCESS)], register=False)
    with pytest.raises(botocore.exceptions.ClientError):
        _delete(client)
    assert server.requests == 1


@pytest.mark.parametrize(
    "attempt, low, high", [(1, 0.5, 1.0), (2, 1.0, 2.0), (3, 2.0, 4.0), (6, 10.0, 20.0), (30, 10.0, 20.0)]
)
def test_backoff_grows_and_never_retries_at_once(attempt, low, high):
    class _Context:
        attempt_number = attempt

    for rand in (0.0, 0.5, 0.999):
        delay = retries._EqualJitterBackoff(1.0, 20.0, rand=lambda value=rand: value).delay_amount(_Context())
        assert low <= delay <= high


@pytest.mark.parametrize(
    "config, expected",
    [
        ({"mode": "standard", "total_max_attempts": 7}, 7),
        ({"max_attempts": 3}, 4),
        ({}, 11),
    ],
)
def test_total_attempts(config, expected):
    class _Meta:
        class config:
            retries = config

    class _Client:
        meta = _Meta

    assert retries.total_attempts(_Client) == expected


def test_retry_advice_names_the_code_and_what_to_do():
    advice = retries.retry_advice(retries.CONCURRENT_MUTATION, 11)
    assert "ConcurrentMutationLimitExceeded" in advice
    assert "11 attempts" in advice
    assert "aws_config.retries.max_attempts" in advice
    assert retries.retry_advice("RequestLimitExceeded", 11) == ""
