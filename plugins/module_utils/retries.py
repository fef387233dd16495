# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: may change without notice.

Retrying ConcurrentMutationLimitExceeded with backoff, inside botocore's own retry loop.

A Client VPN endpoint accepts one change at a time: while an association, an authorization rule, a
route or a modification is being applied, another mutating request on the same endpoint fails with
ConcurrentMutationLimitExceeded ("Cannot initiate another change for this endpoint at this time").
botocore's retry modes do not count that code as retryable.  register_concurrent_mutation_retries()
adds one handler to the client's ``needs-retry`` event, ahead of botocore's own: it answers a delay
for that code (while attempts remain) and leaves every other response to botocore's retry mode, so
throttling (RequestLimitExceeded) keeps botocore's standard behaviour.  Both count the same attempts,
so aws_config.retries.max_attempts bounds them together.  create_client() registers it on every
client it builds; modules do nothing.
"""

import random

try:
    from botocore.retries.base import BaseRetryableChecker
    from botocore.retries.base import BaseRetryBackoff
    from botocore.retries.standard import MaxAttemptsChecker
    from botocore.retries.standard import RetryEventAdapter
    from botocore.retries.standard import RetryPolicy
except ImportError:  # connection.require_boto3() reports the missing library
    BaseRetryableChecker = BaseRetryBackoff = object

CONCURRENT_MUTATION = "ConcurrentMutationLimitExceeded"
# The collection's default (connection.DEFAULT_RETRIES: 10 retries), for a client without a retries setting.
_DEFAULT_TOTAL_ATTEMPTS = 11
# Backoff: half of min(BASE_DELAY * 2 ** retry, MAX_DELAY) for sure, the other half at random (seconds).
BASE_DELAY = 1.0
MAX_DELAY = 20.0


class _ConcurrentMutationChecker(BaseRetryableChecker):
    """True for a ConcurrentMutationLimitExceeded response while attempts remain."""

    def __init__(self, max_attempts):
        self._attempts = MaxAttemptsChecker(max_attempts)

    def is_retryable(self, context):
        return context.get_error_code() == CONCURRENT_MUTATION and self._attempts.is_retryable(context)


class _EqualJitterBackoff(BaseRetryBackoff):
    """Exponential backoff that never retries at once: the endpoint is busy applying another change."""

    def __init__(self, base_delay, max_delay, rand=random.random):
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._random = rand

    def delay_amount(self, context):
        ceiling = min(self._base_delay * 2 ** (context.attempt_number - 1), self._max_delay)
        return ceiling / 2 + self._random() * ceiling / 2


class _ConcurrentMutationRetry:
    """The needs-retry handler: a delay for ConcurrentMutationLimitExceeded, None for anything else."""

    def __init__(self, policy):
        self._policy = policy
        self._adapter = RetryEventAdapter()

    def needs_retry(self, **kwargs):
        context = self._adapter.create_retry_context(**kwargs)
        if not self._policy.should_retry(context):
            return None  # botocore's retry mode decides
        return self._policy.compute_retry_delay(context)


def total_attempts(client):
    """Attempts in all (the first one included) that the client's retry configuration allows."""
    retries = client.meta.config.retries or {}
    if retries.get("total_max_attempts") is not None:
        return retries["total_max_attempts"]
    if retries.get("max_attempts") is not None:
        return retries["max_attempts"] + 1
    return _DEFAULT_TOTAL_ATTEMPTS


def register_concurrent_mutation_retries(client, base_delay=BASE_DELAY, max_delay=MAX_DELAY):
    """Make client retry ConcurrentMutationLimitExceeded within its configured attempts; returns client.

    Registered once per client: a second call on the same client changes nothing.  base_delay and max_delay
    are in seconds; tests pass 0 to run without sleeping.
    """
    policy = RetryPolicy(
        retry_checker=_ConcurrentMutationChecker(total_attempts(client)),
        retry_backoff=_EqualJitterBackoff(base_delay, max_delay),
    )
    service = client.meta.service_model.service_id.hyphenize()
    client.meta.events.register_first(
        f"needs-retry.{service}",
        _ConcurrentMutationRetry(policy).needs_retry,
        unique_id=f"vpnops-concurrent-mutation-retry-{service}",
    )
    return client


def retry_advice(code, attempts):
    """What to do after code still failed after attempts attempts; "" for a code this module does not retry."""
    if code != CONCURRENT_MUTATION:
        return ""
    return (
        f"The endpoint was still applying another change after {attempts} attempts ({code}). Wait for "
        "the endpoint's pending changes (target network associations, authorization rules, routes) to "
        "finish and run the task again, run fewer tasks against the same endpoint at once, or raise "
        "aws_config.retries.max_attempts."
    )
