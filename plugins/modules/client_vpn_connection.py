#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_connection
short_description: Terminate client connections of an AWS Client VPN endpoint
version_added: 1.0.0
description:
  - Terminates client connections of an AWS Client VPN endpoint, selected by connection id, by user name or by
    client certificate common name, and reports what it did.
  - Reads the connections first and acts only on those that are V(active) or V(failed-to-terminate) (the latter
    are tried again). Connections already V(terminating) or V(terminated) are left alone, so running the task a
    second time changes nothing.
  - Terminates each connection with its own C(TerminateClientVpnConnections) request, by connection id. This
    also covers a user with more than five active connections, which a single request by user name refuses.
  - O(max_terminations) caps how many connections one task may terminate; above it, the task fails before
    sending any terminate request.
  - Optionally waits until the connections it terminated read V(terminated).
options:
  client_vpn_endpoint_id:
    description:
      - The ID of the Client VPN endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
    type: str
    required: true
  connection_ids:
    description:
      - The IDs of the connections to terminate, for example the
        RV(vpnops.aws.client_vpn_connections_info#module:connections[].connection_id) values that
        M(vpnops.aws.client_vpn_connections_info) returns.
      - Each is C(cvpn-connection-) followed by 8 or 17 lowercase hexadecimal digits. Duplicates are ignored.
      - Every id must be a connection of O(client_vpn_endpoint_id), or the task fails before terminating anything.
        AWS lists a terminated connection only for 60 minutes after it ended, so an id older than that is not
        found either.
      - Mutually exclusive with O(username) and O(common_names); one of the three is required.
    type: list
    elements: str
  username:
    description:
      - Terminate every active or failed-to-terminate connection of this user (Active Directory or federated
        authentication).
      - A user without any active connection is not an error; the task reports no change.
      - Mutually exclusive with O(connection_ids) and O(common_names); one of the three is required.
    type: str
  common_names:
    description:
      - Terminate every active or failed-to-terminate connection of the endpoint whose common name is one of
        these, exactly and case-sensitively, however many there are. Failed-to-terminate ones are tried again,
        as with O(username).
      - With certificate (mutual) authentication a connection has no user name, and the common name of the client
        certificate, such as V(device-5.example.com), is its identity. With Active Directory or federated
        authentication the common name is the user name.
      - The API cannot filter on the common name, so the module reads every connection of the endpoint (every
        page) and selects on the client side.
      - A common name without any active connection is not an error; the task reports no change.
      - Each must be a non-empty string without white space at its start or end; an empty list is refused.
      - Mutually exclusive with O(connection_ids) and O(username); one of the three is required.
    type: list
    elements: raw
    version_added: 1.1.0
  max_terminations:
    description:
      - The most connections this task may terminate. When it would terminate more, it fails before sending any
        terminate request (in check mode, before the C(DryRun) request too), with a message that gives how many
        it would terminate and this cap.
      - V(0) refuses any termination. The task then succeeds, with no change, only when there is nothing to
        terminate, which makes it an alarm for a sweep that is meant to find nothing.
      - Connections that are already V(terminating) or V(terminated) do not count, as they are not acted on.
      - When not set, there is no cap.
    type: int
    version_added: 1.1.0
  state:
    description:
      - The state the connections should be in. V(terminated) is the only one.
    type: str
    choices: [terminated]
    default: terminated
  wait:
    description:
      - Wait until every connection the task terminated reads V(terminated), polling
        C(DescribeClientVpnConnections) every 2 seconds.
      - The task fails if O(wait_timeout) passes first, or if a connection reads V(failed-to-terminate).
      - Connections that were already V(terminating) before the task are not acted on, and so not waited for.
    type: bool
    default: false
  wait_timeout:
    description:
      - How long to wait, in seconds, when O(wait=true). At least V(1).
    type: int
    default: 300
extends_documentation_fragment:
  - vpnops.aws.aws_connection
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details:
      - In check mode the module reads the connections (C(DescribeClientVpnConnections) changes nothing) and
        predicts C(changed) from what it read.
      - When there is a connection to terminate, it sends one C(TerminateClientVpnConnections) request with
        C(DryRun) set, for the first of them, to check the IAM permission; it terminates nothing.
      - O(max_terminations) is checked before that request, as outside check mode.
      - RV(connection_statuses) lists the connections that would be terminated, with
        RV(connection_statuses[].current_status.code=terminating) as predicted. O(wait) is ignored.
  diff_mode:
    support: full
    details:
      - The diff maps each connection acted on (or that would be in check mode) to its status code before and after.
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
notes:
  - Needs the IAM permissions C(ec2:DescribeClientVpnConnections) and C(ec2:TerminateClientVpnConnections).
  - If a terminate request fails after others succeeded, the task fails with C(changed=true) and
    RV(connection_statuses) listing the connections already terminated. Running it again terminates the rest.
seealso:
  - module: vpnops.aws.client_vpn_connections_info
  - module: vpnops.aws.client_vpn_endpoints_info
  - name: TerminateClientVpnConnections API
    description: The AWS API reference for the call this module makes to terminate a connection.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TerminateClientVpnConnections.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Offboarding, disconnect every session of a user
  vpnops.aws.client_vpn_connection:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    username: alice
    region: eu-west-1

- name: Offboarding with certificate authentication, disconnect every session of a client certificate
  vpnops.aws.client_vpn_connection:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    common_names: [device-5.example.com]

- name: Find the active connections established more than 8 hours ago
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    status: [active]
    age: 8h
  register: stale

- name: Terminate them, but fail without terminating any if there are more than 25 (a selection gone wrong)
  vpnops.aws.client_vpn_connection:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    connection_ids: "{{ stale.connections | map(attribute='connection_id') | list }}"
    max_terminations: 25
  when: stale.connections | length > 0

- name: Terminate two connections and wait until AWS reports them terminated
  vpnops.aws.client_vpn_connection:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    connection_ids:
      - cvpn-connection-0a1b2c3d4e5f60718
      - cvpn-connection-0a1b2c3d4e5f60719
    wait: true
    wait_timeout: 120
  register: terminated

- name: See what would be terminated, without terminating it (run the play with --check, or set it here)
  vpnops.aws.client_vpn_connection:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    username: bob
  check_mode: true
  register: preview

- name: Show the connections that would be terminated
  ansible.builtin.debug:
    msg: "{{ preview.connection_statuses | map(attribute='connection_id') | list }}"

- name: An alarm, not a sweep - fail if any session of these certificates is still active, terminating none
  vpnops.aws.client_vpn_connection:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    common_names: [device-5.example.com, revoked-laptop.example.com]
    max_terminations: 0
"""

RETURN = r"""
client_vpn_endpoint_id:
  description: The ID of the Client VPN endpoint.
  returned: always
  type: str
  sample: cvpn-endpoint-0123456789abcdef0
username:
  description: The user name whose connections were selected, as given in O(username).
  returned: when O(username) is given
  type: str
  sample: alice
common_names:
  description: The common names whose connections were selected, as given in O(common_names).
  returned: when O(common_names) is given
  type: list
  elements: str
  sample: [device-5.example.com]
  version_added: 1.1.0
connection_statuses:
  description:
    - The connections terminated (in check mode, those that would be), in the order they were acted on;
      an empty list when there was nothing to terminate, or when O(max_terminations) stopped the task.
    - When a terminate request fails, the connections terminated before it.
  returned: always
  type: list
  elements: dict
  contains:
    connection_id:
      description: The ID of the client connection.
      returned: always
      type: str
      sample: cvpn-connection-0a1b2c3d4e5f60718
    previous_status:
      description: The state of the connection before it was terminated.
      returned: always
      type: dict
      contains:
        code:
          description: V(active) or V(failed-to-terminate).
          returned: always
          type: str
          sample: active
        message:
          description: A message about the state, when AWS gives one.
          returned: when AWS gives one
          type: str
    current_status:
      description:
        - The state of the connection after the terminate request, usually V(terminating).
        - With O(wait=true), the state last read, V(terminated) once the wait succeeded.
        - In check mode, V(terminating) as predicted.
      returned: always
      type: dict
      contains:
        code:
          description: V(terminating), V(terminated), V(failed-to-terminate) or V(active).
          returned: always
          type: str
          sample: terminating
        message:
          description: A message about the state, when AWS gives one.
          returned: when AWS gives one
          type: str
diff:
  description: The status code of each connection in RV(connection_statuses), before and after.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: Connection id to status code before the task.
      returned: in diff mode
      type: dict
      sample: {"cvpn-connection-0a1b2c3d4e5f60718": "active"}
    after:
      description: Connection id to status code after the task.
      returned: in diff mode
      type: dict
      sample: {"cvpn-connection-0a1b2c3d4e5f60718": "terminating"}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import CONNECTION_FILTERS
from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import connection_id_errors
from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import endpoint_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.connection import create_client
from ansible_collections.vpnops.aws.plugins.module_utils.dry_run import dry_run
from ansible_collections.vpnops.aws.plugins.module_utils.errors import aws_errors
from ansible_collections.vpnops.aws.plugins.module_utils.errors import describe_error
from ansible_collections.vpnops.aws.plugins.module_utils.errors import fail_aws
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported
from ansible_collections.vpnops.aws.plugins.module_utils.filters import build_filters
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_dict
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_list
from ansible_collections.vpnops.aws.plugins.module_utils.paging import paginate
from ansible_collections.vpnops.aws.plugins.module_utils.selection import common_names_errors
from ansible_collections.vpnops.aws.plugins.module_utils.selection import select_connections
from ansible_collections.vpnops.aws.plugins.module_utils.waiters import WaitFailed
from ansible_collections.vpnops.aws.plugins.module_utils.waiters import batches
from ansible_collections.vpnops.aws.plugins.module_utils.waiters import wait_until_terminated

DESCRIBE = "DescribeClientVpnConnections"
TERMINATE = "TerminateClientVpnConnections"
PAGE_SIZE = 1000
# Status codes of the connections the module terminates; failed-to-terminate ones are tried again.
TERMINABLE = ("active", "failed-to-terminate")
PREDICTED_STATUS = {"Code": "terminating"}
# The options that select the connections: exactly one of them.
SELECTORS = ("connection_ids", "username", "common_names")
# Connection ids that a max_terminations failure names, at most.
_IDS_SHOWN = 10


def _argument_spec():
    spec = dict(
        client_vpn_endpoint_id=dict(type="str", required=True),
        connection_ids=dict(type="list", elements="str"),
        username=dict(type="str"),
        # raw, not str: Ansible would turn a number or a dict into a string without a word.
        common_names=dict(type="list", elements="raw"),
        max_terminations=dict(type="int"),
        state=dict(type="str", choices=["terminated"], default="terminated"),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=300),
    )
    spec.update(aws_argument_spec())
    return spec


def _input_errors(params):
    """Messages for the options the argument spec cannot check (an empty list when all are valid)."""
    errors = []
    endpoint_error = endpoint_id_error(params["client_vpn_endpoint_id"])
    if endpoint_error:
        errors.append(endpoint_error)
    if params["connection_ids"] is not None:
        if not params["connection_ids"]:
            errors.append(
                "connection_ids is empty: give at least one connection id, or username or common_names instead."
            )
        errors.extend(connection_id_errors(params["connection_ids"]))
    if params["username"] is not None and not params["username"].strip():
        errors.append(f"username {params['username']!r} is empty: give the user name whose connections to terminate.")
    if params["common_names"] is not None:
        errors.extend(common_names_errors(params["common_names"]))
    if params["max_terminations"] is not None and params["max_terminations"] < 0:
        errors.append(
            f"max_terminations must be 0 or more, got {params['max_terminations']}; leave it out for no "
            "cap, or give 0 to refuse any termination."
        )
    if params["wait_timeout"] < 1:
        errors.append(f"wait_timeout must be 1 or more (seconds), got {params['wait_timeout']}.")
    return errors


def _read_filters(connection_ids, username):
    """The Filters of each DescribeClientVpnConnections request that reads the selected connections.

    Neither connection_ids nor username (common names, which the API cannot filter on): one unfiltered read.
    """
    if username is not None:
        return [build_filters({"username": username}, CONNECTION_FILTERS)]
    if connection_ids is None:
        return [[]]
    return [build_filters({"connection-id": batch}, CONNECTION_FILTERS) for batch in batches(connection_ids)]


def _read_connections(client, endpoint_id, connection_ids, username):
    """The selected connections of the endpoint (API shape), in the API's order."""
    connections = []
    for filters in _read_filters(connection_ids, username):
        request = {"ClientVpnEndpointId": endpoint_id}
        if filters:
            request["Filters"] = filters
        page_items, _next_token = paginate(client, DESCRIBE, request, "Connections", list, page_size=PAGE_SIZE)
        connections.extend(page_items)
    return connections


def _in_given_order(connections, connection_ids):
    """(connections in the order of connection_ids, ids that the endpoint does not have)."""
    by_id = {connection["ConnectionId"]: connection for connection in connections}
    missing = [connection_id for connection_id in connection_ids if connection_id not in by_id]
    return [by_id[connection_id] for connection_id in connection_ids if connection_id in by_id], missing


def _not_found_message(missing, endpoint_id, region):
    return (
        f"Connection(s) {', '.join(missing)} not found on Client VPN endpoint {endpoint_id} in region "
        f"{region}. AWS lists a terminated connection only for 60 minutes after it ended, so an older one is "
        "not found either; check the ids, the endpoint and the region. Nothing was terminated."
    )


def _terminable(connections, common_names):
    """The connections (API shape) the module acts on: active or failed-to-terminate, and with one of
    common_names as their common name when that is given; in their order."""
    chosen = {
        connection["connection_id"]
        for connection in select_connections(snake_list(connections), TERMINABLE, None, common_names)
    }
    return [connection for connection in connections if connection["ConnectionId"] in chosen]


def _cap_message(targets, cap):
    ids = [connection["ConnectionId"] for connection in targets]
    shown = ", ".join(ids[:_IDS_SHOWN]) + (f" and {len(ids) - _IDS_SHOWN} more" if len(ids) > _IDS_SHOWN else "")
    return (
        f"The task would terminate {len(ids)} connection(s), more than max_terminations ({cap}): {shown}. "
        "Nothing was terminated. Narrow the selection, or raise max_terminations if that many is intended."
    )


def _status(connection_id, previous, current):
    """One entry of connection_statuses from API-shaped statuses."""
    return snake_dict({"ConnectionId": connection_id, "PreviousStatus": previous, "CurrentStatus": current})


def _terminate_status(response, connection):
    """The entry of connection_statuses for connection, from the TerminateClientVpnConnections response."""
    for entry in response.get("ConnectionStatuses", []):
        if entry.get("ConnectionId") == connection["ConnectionId"]:
            return _status(
                entry["ConnectionId"],
                entry.get("PreviousStatus", connection["Status"]),
                entry.get("CurrentStatus", connection["Status"]),
            )
    # AWS named no status for it: report the status read before the request.
    return _status(connection["ConnectionId"], connection["Status"], connection["Status"])


def _terminate_each(client, endpoint_id, targets, done):
    """Terminate each target by id, appending its status to done, so that done is complete even on an error."""
    for connection in targets:
        response = client.terminate_client_vpn_connections(
            ClientVpnEndpointId=endpoint_id, ConnectionId=connection["ConnectionId"]
        )
        done.append(_terminate_status(response, connection))


def _apply_latest(statuses, latest):
    """Set current_status of each entry of statuses from latest, {connection id: connection as last read}."""
    for entry in statuses:
        connection = latest.get(entry["connection_id"])
        if connection and "Status" in connection:
            entry["current_status"] = snake_dict(connection["Status"])


def _with_code(statuses, code):
    return [entry["connection_id"] for entry in statuses if entry["current_status"].get("code") == code]


def _wait_failed_message(statuses, failed, wait_timeout):
    if failed:
        return (
            f"The terminate requests were sent, but AWS reports failed-to-terminate for connection(s) "
            f"{', '.join(_with_code(statuses, 'failed-to-terminate'))}; run the task again to retry them."
        )
    pending = [entry["connection_id"] for entry in statuses if entry["current_status"].get("code") != "terminated"]
    return (
        f"The terminate requests were sent, but connection(s) {', '.join(pending)} were not terminated within "
        f"wait_timeout ({wait_timeout} seconds); see connection_statuses for their last status."
    )


class _Task:
    """The module, its client, and the result the task reports whatever happens."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = None
        self.statuses = []
        self.context = {}

    def result(self, changed):
        result = dict(
            changed=changed,
            client_vpn_endpoint_id=self.params["client_vpn_endpoint_id"],
            connection_statuses=self.statuses,
        )
        for selector in ("username", "common_names"):
            if self.params[selector] is not None:
                result[selector] = self.params[selector]
        if self.module._diff:
            result["diff"] = {
                "before": {entry["connection_id"]: entry["previous_status"].get("code") for entry in self.statuses},
                "after": {entry["connection_id"]: entry["current_status"].get("code") for entry in self.statuses},
            }
        return result

    def fail_after_change(self, msg, **details):
        """Fail the task while reporting the connections already terminated."""
        self.module.fail_json(msg=msg, **details, **self.result(bool(self.statuses)))

    def fail_api(self, exc, operation, consequence):
        msg, details = describe_error(exc, operation, self.context)
        self.fail_after_change(f"{msg} {consequence}", **details)


def _select_targets(task):
    """The connections to terminate (API shape), in order; fails the task when an id is not found."""
    params = task.params
    connection_ids = None
    if params["connection_ids"] is not None:
        connection_ids = list(dict.fromkeys(params["connection_ids"]))
    try:
        connections = _read_connections(
            task.client, params["client_vpn_endpoint_id"], connection_ids, params["username"]
        )
    except aws_errors() as exc:
        fail_aws(task.module, exc, DESCRIBE, **task.context)
        raise  # not reached: fail_aws() exits
    if connection_ids is not None:
        connections, missing = _in_given_order(connections, connection_ids)
        if missing:
            task.module.fail_json(
                msg=_not_found_message(missing, params["client_vpn_endpoint_id"], task.context["region"])
            )
    return _terminable(connections, params["common_names"])


def _check(task, targets):
    """Check mode: verify the permission with one DryRun request, then report the prediction."""
    if targets:
        try:
            dry_run(
                task.client,
                TERMINATE,
                {
                    "ClientVpnEndpointId": task.params["client_vpn_endpoint_id"],
                    "ConnectionId": targets[0]["ConnectionId"],
                },
            )
        except aws_errors() as exc:
            fail_aws(task.module, exc, TERMINATE, **task.context)
    task.statuses = [_status(c["ConnectionId"], c["Status"], PREDICTED_STATUS) for c in targets]
    task.module.exit_json(**task.result(bool(targets)))


def _terminate(task, targets):
    try:
        _terminate_each(task.client, task.params["client_vpn_endpoint_id"], targets, task.statuses)
    except aws_errors() as exc:
        done = len(task.statuses)
        consequence = (
            f"{done} of {len(targets)} connection(s) were terminated before the error (see "
            "connection_statuses); run the task again to terminate the rest."
            if done
            else "Nothing was terminated."
        )
        task.fail_api(exc, TERMINATE, consequence)


def _wait(task):
    connection_ids = [entry["connection_id"] for entry in task.statuses]
    try:
        latest = wait_until_terminated(
            task.client, task.params["client_vpn_endpoint_id"], connection_ids, task.params["wait_timeout"]
        )
    except WaitFailed as exc:
        _apply_latest(task.statuses, exc.connections)
        task.fail_after_change(_wait_failed_message(task.statuses, exc.failed, task.params["wait_timeout"]))
    except aws_errors() as exc:
        task.fail_api(exc, DESCRIBE, "The terminate requests were sent; waiting for them to complete failed.")
    else:
        _apply_latest(task.statuses, latest)


def main():
    module = AnsibleModule(
        argument_spec=_argument_spec(),
        mutually_exclusive=aws_mutually_exclusive() + [list(SELECTORS)],
        required_one_of=[list(SELECTORS)],
        supports_check_mode=True,
    )
    with failures_reported(module, "terminating the client connections"):
        errors = _input_errors(module.params)
        if errors:
            module.fail_json(msg=" ".join(errors))

        task = _Task(module)
        task.client = create_client(module)
        task.context = dict(
            client_vpn_endpoint_id=module.params["client_vpn_endpoint_id"], region=task.client.meta.region_name
        )
        targets = _select_targets(task)
        cap = module.params["max_terminations"]
        if cap is not None and len(targets) > cap:
            task.fail_after_change(_cap_message(targets, cap))
        if module.check_mode:
            _check(task, targets)  # reports the prediction and exits
        _terminate(task, targets)
        if module.params["wait"] and task.statuses:
            _wait(task)
        module.exit_json(**task.result(bool(task.statuses)))


if __name__ == "__main__":
    main()
