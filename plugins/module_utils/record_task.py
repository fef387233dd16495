# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

The task of the target network, authorization rule and route modules.  Each manages one record of a Client VPN
endpoint (an association, a rule, a route) that AWS adds and removes in the background, and reports it the same
way: the record as read (or predicted) in a return key of its own, and the record before and after the task in
the diff.  A failure reports the record as far as known and whether anything was changed before it.

The task decides from the record's status what to do: add it (state=present), remove it (state=absent), or
nothing when it is there, on its way, or gone already; or it fails, saying why (blocked()).  It sends that one
request, or in check mode sends it with DryRun and predicts the record; an answer that another writer made the
change first counts as no change.  With wait=true it then waits until the record reads live, or is gone; a record
still being removed when state=present asks for it is waited for first (or fails the task with wait=false).

A module subclasses RecordTask with what is its own: how it reads its record, its requests, the record as it is
added, what to read while waiting, what it returns, the diff's view of the record, and its messages; its
Lifecycle gives the names, status codes and error codes of its kind of record.  main() validates the options,
then RecordTask.run() does the rest.
"""

import dataclasses
from collections.abc import Callable

from ansible_collections.vpnops.aws.plugins.module_utils.errors import aws_errors
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_dict
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import send_unless_done
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import status_code
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import with_status
from ansible_collections.vpnops.aws.plugins.module_utils.resource import api_failure
from ansible_collections.vpnops.aws.plugins.module_utils.resource import apply_changes
from ansible_collections.vpnops.aws.plugins.module_utils.resource import exit_resource
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import StatusWait
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import WaitFailed
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import wait_for_status


@dataclasses.dataclass(frozen=True)
class Lifecycle:
    """What a kind of record is called, the statuses it goes through and the requests that change it.

    describe: the Describe operation (CamelCase) that lists the records.  noun: the record in messages
    ("rule", "route", "association").  add, remove: the names of the two actions ("authorize", "revoke").
    adding, live, removing: the status codes while AWS adds the record, once it is in force, and while AWS
    removes it.  already_added, already_removed: the error codes with which AWS refuses the add or the remove
    request when another writer added or removed the record first.  fails_adding, fails_removing: the status
    codes that end a wait for live, or for gone, as a failure.  removed: the status code of a record that is
    gone but still listed for a while, None when AWS stops listing it at once.
    """

    describe: str
    noun: str
    add: str
    remove: str
    adding: str
    live: str
    removing: str
    already_added: tuple
    already_removed: tuple
    fails_adding: tuple
    fails_removing: tuple
    removed: str = None


@dataclasses.dataclass(frozen=True)
class Watch:
    """What to read while waiting for one record: spec and request for wait_for_status(), and pick(response),
    the record in a Describe response (None when it is not listed)."""

    spec: StatusWait
    request: dict
    pick: Callable


class RecordTask:
    """The module, its client, the record before and after the task, and what the task reports whatever happens.

    A subclass sets lifecycle (a Lifecycle) and result_key (the return key of the record), and gives
    read_record(), request(), added(), watch(), blocked(), removing_message() and summary().  before and after
    are the record in the API's shape, None when there is none.
    """

    lifecycle = None
    result_key = None

    def __init__(self, module, client):
        self.module = module
        self.params = module.params
        self.client = client
        self.endpoint_id = module.params["client_vpn_endpoint_id"]
        self.context = dict(client_vpn_endpoint_id=self.endpoint_id, region=client.meta.region_name)
        self.before = None
        self.after = None
        self.changed = False

    def read_record(self):
        """The record (API shape) as AWS lists it now, or None; botocore errors propagate."""
        raise NotImplementedError

    def request(self, action):
        """(operation, params) of the request that performs action (lifecycle.add or .remove) on the record."""
        raise NotImplementedError

    def added(self, status, response=None):
        """The record as the add request makes it, with status (API shape); response is that request's answer,
        None in check mode."""
        raise NotImplementedError

    def watch(self):
        """The Watch for the record in after."""
        raise NotImplementedError

    def removing_message(self):
        """The start of the message that fails state=present with wait=false on a record being removed: which
        record, that it is being removed and cannot be added again ("The route ... is being deleted and cannot be
        added again")."""
        raise NotImplementedError

    def blocked(self, state):
        """Why the task must not bring the record before to state (a message that fails it), else None."""
        raise NotImplementedError

    def summary(self, record):
        """The diff's view of record (API shape, or None): a dict in the module's option names, {} for none."""
        raise NotImplementedError

    def result(self):
        """What the task returns besides changed (and diff): the endpoint and the record after the task."""
        return {"client_vpn_endpoint_id": self.endpoint_id, self.result_key: snake_dict(self.after or {})}

    def fail(self, msg, **details):
        self.module.fail_json(msg=msg, changed=self.changed, **details, **self.result())

    def fail_api(self, exc, operation, consequence):
        msg, details = api_failure(exc, operation, self.context, consequence)
        self.fail(msg, **details)

    def exit(self):
        exit_resource(self.module, self.changed, self.result(), self.summary(self.before), self.summary(self.after))

    def read(self):
        """read_record(); an AWS error fails the task, saying whether the change was made before it."""
        try:
            return self.read_record()
        except aws_errors() as exc:
            consequence = "The change was made; reading it back failed." if self.changed else "Nothing was changed."
            self.fail_api(exc, self.lifecycle.describe, consequence)
            raise  # not reached: fail_json() exits

    def action(self, state):
        """What the task does to the record before: lifecycle.add, lifecycle.remove, or None when it is already
        as state asks or on its way there."""
        code = status_code(self.before)
        if state == "present":
            return None if code in (self.lifecycle.adding, self.lifecycle.live) else self.lifecycle.add
        return None if self.before is None or code == self.lifecycle.removing else self.lifecycle.remove

    def _acted(self, action, status, response=None):
        """The record after action, with status: as added, or as read before."""
        return self.added(status, response) if action == self.lifecycle.add else with_status(self.before, status)

    def check(self, action):
        """Check mode: verify the permission for action with a DryRun request, then exit with the prediction."""
        if action:
            apply_changes(self.module, self.client, [self.request(action)], self.context, self.result())
            self.changed = True
            code = self.lifecycle.adding if action == self.lifecycle.add else self.lifecycle.removing
            self.after = self._acted(action, {"Code": code})
        self.exit()

    def act(self, action):
        """Send the request of action; when AWS answers that another writer made the change first, the record is
        read again and the task reports no change."""
        operation, params = self.request(action)
        adding = action == self.lifecycle.add
        done_codes = self.lifecycle.already_added if adding else self.lifecycle.already_removed
        try:
            response = send_unless_done(self.client, operation, params, done_codes)
        except aws_errors() as exc:
            self.fail_api(exc, operation, "Nothing was changed.")
            raise  # not reached: fail_json() exits
        if response is None:
            self.after = self.read()
            return
        self.changed = True
        default = {"Code": self.lifecycle.adding if adding else self.lifecycle.removing}
        self.after = self._acted(action, response.get("Status", default), response)

    def _wait_consequence(self):
        if self.changed:
            return "The change was made; run the task again to see where it stands."
        return "Nothing was changed."

    def wait(self, gone):
        """Wait until the record in after reads live, or (gone=True) is no longer listed or reads removed; then
        after is the record as last read (None when gone).  A failure status, wait_timeout or an AWS error fails
        the task, saying whether the change was made."""
        watch = self.watch()
        lifecycle = self.lifecycle
        if gone:
            wanted = [lifecycle.removed] if lifecycle.removed else []
            failed = list(lifecycle.fails_removing)
        else:
            wanted, failed = [lifecycle.live], list(lifecycle.fails_adding)
        timeout = self.params["wait_timeout"]
        try:
            response = wait_for_status(self.client, watch.spec, watch.request, wanted, timeout, failed, gone)
        except WaitFailed as exc:
            self.after = watch.pick(exc.last_response) or self.after
            self.fail(f"{exc} {self._wait_consequence()}")
        except aws_errors() as exc:
            consequence = f"Reading the {lifecycle.noun} while waiting failed. {self._wait_consequence()}"
            self.fail_api(exc, lifecycle.describe, consequence)
        else:
            gone_record = with_status(self.after, {"Code": lifecycle.removed}) if lifecycle.removed else None
            self.after = watch.pick(response) or gone_record

    def clear_the_way(self, state):
        """state=present on a record being removed: wait until it is gone (wait=true), or fail."""
        if state != "present" or status_code(self.before) != self.lifecycle.removing:
            return
        if not self.params["wait"]:
            self.fail(
                f"{self.removing_message()} until that ends; run the task again later, or with wait=true to wait "
                "for it. Nothing was changed."
            )
        self.wait(gone=True)
        self.after = None

    def needs_wait(self, state):
        """Whether wait=true and the record in after has yet to read live (state=present) or to be gone."""
        if not self.params["wait"] or self.after is None:
            return False
        if state == "present":
            return status_code(self.after) != self.lifecycle.live
        return self.lifecycle.removed is None or status_code(self.after) != self.lifecycle.removed

    def run(self):
        """Read the record, decide, act (in check mode: predict), wait, and exit; or fail, through the module."""
        state = self.params["state"]
        self.before = self.after = self.read()
        blocked = self.blocked(state)
        if blocked:
            self.fail(blocked)
        action = self.action(state)
        if self.module.check_mode:
            self.check(action)  # exits with the prediction
        self.clear_the_way(state)
        if action:
            self.act(action)
        if self.needs_wait(state):
            self.wait(gone=state == "absent")
        self.exit()
