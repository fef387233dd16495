# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

What the authorization rule and route modules share beyond record_task.RecordTask: a record that its
destination network (DestinationCidr) and one more field identify (the rule's group, the route's subnet).  It is
picked out of every record of the endpoint, and out of what the Describe filter destination-cidr returns while
waiting (AWS lists the other records for that network too); and AWS cannot change its description, so a task
that asks for another one fails instead of replacing the record.
"""

from ansible_collections.vpnops.aws.plugins.module_utils.cidr import same_cidr
from ansible_collections.vpnops.aws.plugins.module_utils.compare import differences
from ansible_collections.vpnops.aws.plugins.module_utils.compare import immutable_message
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import jmespath_literal
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import select_by_status
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import status_code
from ansible_collections.vpnops.aws.plugins.module_utils.paging import paginate
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import RecordTask
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import Watch
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import StatusWait

PAGE_SIZE = 1000
# The status code of a rule or route that AWS could not put in force.
FAILED = "failed"


class DestinationTask(RecordTask):
    """A RecordTask on the record for the destination network cidr (canonical, as parse_cidr() gives it).

    A subclass sets, besides lifecycle and result_key: records_key (the list in the Describe response),
    preference (status codes; where AWS lists the record more than once, the first found in this order counts),
    failed_advice (what to do about a record that reads failed) and description_hint (what to do instead of
    changing the description); and gives what(), is_ours() and condition() besides request(), added(),
    removing_message() and summary().
    """

    records_key = None
    preference = ()
    failed_advice = ""
    description_hint = ""

    def __init__(self, module, client, cidr):
        super().__init__(module, client)
        self.cidr = cidr

    def what(self):
        """The record in messages ("route to 10.0.0.0/16 through subnet-0123456789abcdef0")."""
        raise NotImplementedError

    def is_ours(self, record):
        """Whether record (API shape), listed for the task's destination, is the task's record (its other field)."""
        raise NotImplementedError

    def condition(self):
        """The JMESPath condition on a record that is_ours() tests, for the status expression of the wait."""
        raise NotImplementedError

    @property
    def name(self):
        """what() at the start of a sentence."""
        return f"The {self.what()}"

    def read_record(self):
        request = {"ClientVpnEndpointId": self.endpoint_id}
        records, _token = paginate(
            self.client, self.lifecycle.describe, request, self.records_key, list, page_size=PAGE_SIZE
        )
        for_destination = [record for record in records if same_cidr(record.get("DestinationCidr"), self.cidr)]
        return select_by_status([record for record in for_destination if self.is_ours(record)], self.preference)

    def _listed(self, response, cidr_text):
        """The record for cidr_text (the destination as AWS lists it) in a Describe response, or None."""
        records = [
            record
            for record in (response or {}).get(self.records_key, [])
            if record.get("DestinationCidr") == cidr_text and self.is_ours(record)
        ]
        return select_by_status(records, self.preference)

    def watch(self):
        cidr_text = self.after["DestinationCidr"]
        records = f"{self.records_key}[?DestinationCidr=={jmespath_literal(cidr_text)} && {self.condition()}]"
        spec = StatusWait(operation=self.lifecycle.describe, statuses=f"{records}.Status.Code", what=self.what())
        request = {
            "ClientVpnEndpointId": self.endpoint_id,
            "MaxResults": PAGE_SIZE,
            "Filters": [{"Name": "destination-cidr", "Values": [cidr_text]}],
        }
        return Watch(spec, request, lambda response: self._listed(response, cidr_text))

    def description_message(self):
        """Why the task stops at the record before (in force or on its way): it has another description than the
        task's, which AWS cannot change; else None."""
        current = {"description": self.before.get("Description") or ""}
        changes = differences(current, {"description": self.params["description"]})
        return immutable_message(self.name, changes, self.description_hint) or None

    def blocked(self, state):
        """With state=present: why the record before cannot be kept without replacing it (it reads failed, or
        description_message()), else None."""
        if state != "present":
            return None
        code = status_code(self.before)
        if code == FAILED:
            reason = self.before.get("Status", {}).get("Message") or "AWS gave no reason"
            return f"{self.name} reads failed ({reason}). {self.failed_advice} Nothing was changed."
        if code not in (self.lifecycle.adding, self.lifecycle.live):
            return None
        return self.description_message()
