# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

The task of the target network, authorization rule and route modules.  Each manages one record of a Client VPN
endpoint (an association, a rule, a route) that AWS adds and removes in the background, and reports it the same
way: the record as read (or predicted) in a return key of its own, and the record before and after the task in
the diff.  A failure reports the record as far as known and whether anything was changed before it.

A module subclasses RecordTask with what is its own: how it reads its record, what it returns, and the diff's
view of the record; the Lifecycle names the Describe operation and the record in messages.
"""

import dataclasses

from ansible_collections.vpnops.aws.plugins.module_utils.errors import aws_errors
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_dict
from ansible_collections.vpnops.aws.plugins.module_utils.resource import api_failure
from ansible_collections.vpnops.aws.plugins.module_utils.resource import exit_resource


@dataclasses.dataclass(frozen=True)
class Lifecycle:
    """What a kind of record is called and how it is read.

    describe: the Describe operation (CamelCase) that lists the records.  noun: the record in messages
    ("rule", "route", "association").
    """

    describe: str
    noun: str


class RecordTask:
    """The module, its client, the record before and after the task, and what the task reports whatever happens.

    A subclass sets lifecycle (a Lifecycle) and result_key (the return key of the record), and gives
    read_record() and summary().  before and after are the record in the API's shape, None when there is none.
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
