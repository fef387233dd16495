# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

The task of the target network, authorization rule and route modules.  Each manages one record of a Client VPN
endpoint (an association, a rule, a route) that AWS adds and removes in the background, and reports it the same
way: the record as read (or predicted) in a return key of its own, and the record before and after the task in
the diff.  A failure reports the record as far as known and whether anything was changed before it.

The task decides from the record's status what to do: add it (state=present), remove it (state=absent), or
nothing when it is there, on its way, or gone already.  It sends that one request, or in check mode sends it with
DryRun and predicts the record; an answer that another writer made the change first counts as no change.

A module subclasses RecordTask with what is its own: how it reads its record, its requests, the record as it is
added, what it returns, and the diff's view of the record; its Lifecycle gives the names, status codes and error
codes of its kind of record.
"""

import dataclasses

from ansible_collections.vpnops.aws.plugins.module_utils.errors import aws_errors
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_dict
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import send_unless_done
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import status_code
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import with_status
from ansible_collections.vpnops.aws.plugins.module_utils.resource import api_failure
from ansible_collections.vpnops.aws.plugins.module_utils.resource import apply_changes
from ansible_collections.vpnops.aws.plugins.module_utils.resource import exit_resource


@dataclasses.dataclass(frozen=True)
class Lifecycle:
    """What a kind of record is called, the statuses it goes through and the requests that change it.

    describe: the Describe operation (CamelCase) that lists the records.  noun: the record in messages
    ("rule", "route", "association").  add, remove: the names of the two actions ("authorize", "revoke").
    adding, live, removing: the status codes while AWS adds the record, once it is in force, and while AWS
    removes it.  already_added, already_removed: the error codes with which AWS refuses the add or the remove
    request when another writer added or removed the record first.
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


class RecordTask:
    """The module, its client, the record before and after the task, and what the task reports whatever happens.

    A subclass sets lifecycle (a Lifecycle) and result_key (the return key of the record), and gives
    read_record(), request(), added() and summary().  before and after are the record in the API's shape, None
    when there is none.
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
