# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: may change without notice.

The steps every Client VPN resource module takes, in order: read the resource, compute the changes,
then apply_changes() (each request checked first against what the installed botocore can send; in check mode:
each request with DryRun, nothing modified), wait_until() the
resource reads its new status, read it again, and exit_resource() with the resource and a before/after
diff.  Reading and computing are the module's own; these helpers keep the rest the same everywhere,
failures included: an AWS error says what happened, what to do, and whether anything was changed
before it, and a task that changed something never fails with changed=false.

A change is a tuple (operation, params): the API operation in CamelCase and its request without DryRun,
for example ("ModifyClientVpnEndpoint", {"ClientVpnEndpointId": ..., "Description": ...}).
"""

try:
    from botocore import xform_name
except ImportError:
    pass  # connection.require_boto3() reports the missing library before any API call

from ansible_collections.vpnops.aws.plugins.module_utils.dry_run import dry_run
from ansible_collections.vpnops.aws.plugins.module_utils.errors import aws_errors
from ansible_collections.vpnops.aws.plugins.module_utils.errors import describe_error
from ansible_collections.vpnops.aws.plugins.module_utils.model_support import unsendable
from ansible_collections.vpnops.aws.plugins.module_utils.model_support import unsendable_message
from ansible_collections.vpnops.aws.plugins.module_utils.retries import retry_advice
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import WaitFailed
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import wait_for_status


def wait_argument_spec(default_timeout):
    """wait (default true) and wait_timeout (seconds, default default_timeout)."""
    return dict(wait=dict(type="bool", default=True), wait_timeout=dict(type="int", default=default_timeout))


def wait_timeout_error(params):
    """A message when wait_timeout is not a positive number of seconds, else None."""
    if params["wait_timeout"] < 1:
        return f"wait_timeout must be 1 or more (seconds), got {params['wait_timeout']}."
    return None


def api_failure(exc, operation, context, consequence=""):
    """(msg, details) for a botocore exception: errors.describe_error()'s, plus what to do when the endpoint
    stayed busy (ConcurrentMutationLimitExceeded), plus consequence (what was or was not changed)."""
    msg, details = describe_error(exc, operation, context)
    code = details.get("error", {}).get("code")
    attempts = details.get("response_metadata", {}).get("retry_attempts", 0) + 1
    extra = [text for text in (retry_advice(code, attempts), consequence) if text]
    return " ".join([msg] + extra), details


def fail_api(module, exc, operation, context, consequence="", changed=False, **result):
    """Fail the task for a botocore exception; result (the resource as far as known, ...) is reported too."""
    msg, details = api_failure(exc, operation, context, consequence)
    module.fail_json(msg=msg, changed=changed, **details, **result)


def _done_text(done):
    if not done:
        return "Nothing was changed."
    return f"Already done before the error: {', '.join(done)}; run the task again to complete the change."


def fail_unsendable(module, client, changes, options=None, consequence="Nothing was changed.", changed=False, **result):
    """Fail the task when a request of changes holds a member that the installed botocore's model lacks (botocore
    would refuse it), naming the module option behind it and the botocore release needed; before any is sent.

    options maps top-level request members to option names where they are not the members' snake_case names.
    """
    for operation, params in changes:
        missing = unsendable(client.meta.service_model, operation, params)
        if missing:
            msg = f"{unsendable_message(operation, missing, options)} {consequence}"
            module.fail_json(msg=msg.rstrip(), changed=changed, **result)


def apply_changes(module, client, changes, context, result=None, already=(), options=None):
    """Send each change in order and return their responses; in check mode send each with DryRun instead
    (DryRunOperation means permitted) and return [].

    First, fail_unsendable() checks every change against the installed botocore's model (options as it takes
    them).  On an AWS error the task fails, naming the requests already sent (changed=true when there are any)
    and reporting result (a dict, for example the resource as read before).  already names the operations
    an earlier apply_changes() of the same task sent, for that message.
    """
    responses = []
    done = [] if module.check_mode else list(already)
    fail_unsendable(module, client, changes, options, _done_text(done), changed=bool(done), **(result or {}))
    for operation, params in changes:
        try:
            if module.check_mode:
                dry_run(client, operation, params)
            else:
                responses.append(getattr(client, xform_name(operation))(**params))
                done.append(operation)
        except aws_errors() as exc:
            fail_api(module, exc, operation, context, _done_text(done), changed=bool(done), **(result or {}))
    return responses


def wait_until(module, client, spec, params, wanted, context, failed=(), gone=False, result=None):
    """wait_for_status() for module.params["wait_timeout"] seconds; returns the last Describe response.

    Called after a change was made, so a failure reports changed=true and result: WaitFailed says what was
    last read, an AWS error what happened.
    """
    try:
        return wait_for_status(client, spec, params, wanted, module.params["wait_timeout"], failed, gone)
    except WaitFailed as exc:
        module.fail_json(
            msg=f"The change was made, but waiting for it failed. {exc}",
            changed=True,
            statuses_read=exc.statuses,
            **(result or {}),
        )
    except aws_errors() as exc:
        fail_api(
            module,
            exc,
            spec.operation,
            context,
            "The change was made; reading it while waiting failed.",
            changed=True,
            **(result or {}),
        )
    return None  # not reached: fail_json() exits


def exit_resource(module, changed, result, before=None, after=None):
    """exit_json(changed=changed, **result), with diff={"before": before, "after": after} in diff mode.

    before and after are the managed attributes ({} for a resource that does not exist); in check mode,
    after is the prediction.
    """
    if module._diff:
        result = dict(result, diff={"before": before or {}, "after": after or {}})
    module.exit_json(changed=changed, **result)
