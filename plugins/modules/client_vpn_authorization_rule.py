#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_authorization_rule
short_description: Authorize or revoke access to a network through an AWS Client VPN endpoint
version_added: 1.1.0
description:
  - Adds an ingress authorization rule to a Client VPN endpoint (C(AuthorizeClientVpnIngress)), which lets the
    clients of one group, or all clients, reach a network; or removes it (C(RevokeClientVpnIngress)).
  - A rule is identified by its network (O(target_network_cidr)) and who it is for (O(access_group_id), or every
    client with O(authorize_all_groups=true)). The module reads the endpoint's rules first and acts only when
    that rule is not already as asked, so running the task a second time changes nothing.
  - AWS cannot change the description of a rule. When the rule exists with another description than
    O(description), the task fails naming both, and changes nothing; see O(description).
options:
  client_vpn_endpoint_id:
    description:
      - The ID of the Client VPN endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
    type: str
    required: true
  target_network_cidr:
    description:
      - The network the rule grants access to, in CIDR notation, such as V(10.0.0.0/16); V(0.0.0.0/0) for every
        destination.
      - The address must be the network's own (V(10.0.0.1/16) is refused, naming V(10.0.0.0/16)). AWS documents
        IPv4 networks; an IPv6 network is passed on for AWS to accept or refuse.
    type: str
    required: true
  access_group_id:
    description:
      - The group the rule is for, as the endpoint's authentication knows it, for example the SID of an Active
        Directory group or the name of an identity provider group. Compared exactly, case included.
      - Exactly one of O(access_group_id) and O(authorize_all_groups=true) is required.
    type: str
  authorize_all_groups:
    description:
      - V(true) for a rule that lets every client that connects reach the network, whatever its groups.
      - Exactly one of O(access_group_id) and O(authorize_all_groups=true) is required.
    type: bool
  description:
    description:
      - A description of the rule, used when the module authorizes it.
      - When the rule exists already, its description is compared with this one. AWS has no way to change it in
        place, and revoking and authorizing the rule again would cut the group off the network in between, so
        the module does neither; the task fails, naming the current and the wanted description, and changes
        nothing. To replace the rule, revoke it (O(state=absent)) and authorize it again.
      - When not given, the description of an existing rule is not compared.
      - Ignored with O(state=absent).
    type: str
  state:
    description:
      - V(present) authorizes the rule; V(absent) revokes it.
      - With V(present), a rule that is being revoked is first waited for until it is gone (within
        O(wait_timeout)), when O(wait=true); with O(wait=false) the task fails and says so.
      - With V(present), a rule that reads V(failed) fails the task with AWS's message; revoke it (V(absent))
        and authorize it again.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait until the rule reads V(active) (O(state=present)) or is no longer listed (O(state=absent)), reading
        the endpoint's rules for that network every 5 seconds.
      - The task fails when O(wait_timeout) passes first, or when the rule reads V(failed).
      - Also applies to a rule that was already on its way when the task started.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds, when O(wait=true). At least V(1).
      - AWS can take ten minutes or more to apply a rule; the default is 20 minutes.
    type: int
    default: 1200
extends_documentation_fragment:
  - vpnops.aws.aws_connection
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details:
      - In check mode the module reads the rules (C(DescribeClientVpnAuthorizationRules) changes nothing) and
        predicts C(changed) from what it read; a description that differs fails the task as it would without
        check mode.
      - When it would authorize or revoke, it sends that request with C(DryRun) set, to check the IAM
        permission; nothing is changed. An C(UnauthorizedOperation) answer fails the task.
      - O(wait) is ignored; RV(authorization_rule) shows the predicted status, V(authorizing) or V(revoking).
  diff_mode:
    support: full
    details:
      - The diff shows the rule (network, group or all groups, description and status code) before and after the
        task, or an empty dict when there is none.
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
notes:
  - Needs the IAM permissions C(ec2:DescribeClientVpnAuthorizationRules), and C(ec2:AuthorizeClientVpnIngress)
    or C(ec2:RevokeClientVpnIngress) to change anything.
  - A rule that another writer authorizes (or revokes) between the module's read and its request is reported as
    it is, with C(changed=false).
  - When AWS answers that the endpoint is busy applying another change (C(ConcurrentMutationLimitExceeded)), the
    request is retried with backoff, within the attempts that O(aws_config) allows (C(retries)).
seealso:
  - module: vpnops.aws.client_vpn_route
  - module: vpnops.aws.client_vpn_target_network
  - name: AuthorizeClientVpnIngress API
    description: The AWS API reference for adding a rule.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeClientVpnIngress.html
  - name: RevokeClientVpnIngress API
    description: The AWS API reference for removing a rule.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeClientVpnIngress.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Let the database administrators reach the database subnet
  vpnops.aws.client_vpn_authorization_rule:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    target_network_cidr: 10.0.2.0/24
    access_group_id: S-1-5-21-1004336348-1177238915-682003330-512
    description: DBAs to the database subnet
  register: dba_rule

- name: Show the rule
  ansible.builtin.debug:
    msg: "{{ dba_rule.authorization_rule.destination_cidr }} is {{ dba_rule.authorization_rule.status.code }}"

- name: Everyone may reach the VPC (this rule exists already, so nothing changes)
  vpnops.aws.client_vpn_authorization_rule:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    target_network_cidr: 10.0.0.0/16
    authorize_all_groups: true

- name: See whether the group's rule would be revoked (run the play with --check, or set it here)
  vpnops.aws.client_vpn_authorization_rule:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    target_network_cidr: 10.0.2.0/24
    access_group_id: S-1-5-21-1004336348-1177238915-682003330-512
    state: absent
  check_mode: true
  diff: true

- name: Revoke it without waiting for AWS to finish
  vpnops.aws.client_vpn_authorization_rule:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    target_network_cidr: 10.0.2.0/24
    access_group_id: S-1-5-21-1004336348-1177238915-682003330-512
    state: absent
    wait: false
"""

RETURN = r"""
client_vpn_endpoint_id:
  description: The ID of the Client VPN endpoint.
  returned: always
  type: str
  sample: cvpn-endpoint-0123456789abcdef0
authorization_rule:
  description:
    - The rule as C(DescribeClientVpnAuthorizationRules) describes it after the task, with snake_case names; an
      empty dict when there is none (with O(state=absent), once AWS no longer lists it).
    - After a change with O(wait=false), and in check mode, the rule as read before (or as it would be
      authorized) with the status AWS answered or that check mode predicts (V(revoking) for a rule being
      revoked).
  returned: always
  type: dict
  sample: {"client_vpn_endpoint_id": "cvpn-endpoint-0123456789abcdef0", "destination_cidr": "10.0.2.0/24",
           "group_id": "S-1-5-21-1004336348-1177238915-682003330-512", "access_all": false,
           "description": "DBAs to the database subnet", "status": {"code": "active"}}
  contains:
    client_vpn_endpoint_id:
      description: The ID of the Client VPN endpoint.
      returned: when there is a rule
      type: str
    destination_cidr:
      description: The network the rule grants access to.
      returned: when there is a rule
      type: str
    group_id:
      description: The group the rule is for; empty or absent for a rule for all groups.
      returned: when AWS gives it
      type: str
    access_all:
      description: Whether the rule is for every client.
      returned: when there is a rule
      type: bool
    description:
      description: The description of the rule.
      returned: when it has one
      type: str
    status:
      description: The state of the rule.
      returned: when there is a rule
      type: dict
      contains:
        code:
          description: V(authorizing), V(active), V(failed) or V(revoking).
          returned: always
          type: str
          sample: active
        message:
          description: A message about the state, when AWS gives one.
          returned: when AWS gives one
          type: str
diff:
  description: The rule before and after the task.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: C(target_network_cidr), C(access_group_id) or C(authorize_all_groups), C(description) and
        C(status) (the status code), or an empty dict.
      returned: in diff mode
      type: dict
      sample: {}
    after:
      description: The same keys as RV(diff.before), after the task.
      returned: in diff mode
      type: dict
      sample: {"target_network_cidr": "10.0.2.0/24", "access_group_id": "S-1-5-21-1004336348-1177238915-682003330-512",
               "description": "DBAs to the database subnet", "status": "active"}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vpnops.aws.plugins.module_utils.cidr import parse_cidr
from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import endpoint_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.connection import create_client
from ansible_collections.vpnops.aws.plugins.module_utils.destination_task import DestinationTask
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import jmespath_literal
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import status_code
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import Lifecycle
from ansible_collections.vpnops.aws.plugins.module_utils.resource import wait_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.resource import wait_timeout_error

DESCRIBE = "DescribeClientVpnAuthorizationRules"
AUTHORIZE = "AuthorizeClientVpnIngress"
REVOKE = "RevokeClientVpnIngress"
DEFAULT_WAIT_TIMEOUT = 1200
AUTHORIZING = "authorizing"
ACTIVE = "active"
FAILED = "failed"
REVOKING = "revoking"
# Should AWS list the same rule twice, the one in force counts.
PREFERENCE = (ACTIVE, AUTHORIZING, FAILED, REVOKING)
# Another writer got there first: the rule exists already, or is gone already.
ALREADY_AUTHORIZED = ("InvalidClientVpnDuplicateAuthorizationRule",)
ALREADY_REVOKED = ("InvalidClientVpnEndpointAuthorizationRuleNotFound",)

# What to do when the task asks for another description than the existing one.
DESCRIPTION_HINT = (
    "AWS cannot change the description of a rule. To replace the rule, revoke it (state=absent) and "
    "authorize it again, which cuts its clients off the network in between; or give its current "
    "description. Nothing was changed."
)


def _argument_spec():
    spec = dict(
        client_vpn_endpoint_id=dict(type="str", required=True),
        target_network_cidr=dict(type="str", required=True),
        access_group_id=dict(type="str"),
        authorize_all_groups=dict(type="bool"),
        description=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    spec.update(wait_argument_spec(DEFAULT_WAIT_TIMEOUT))
    spec.update(aws_argument_spec())
    return spec


def _group_error(group, all_groups):
    """A message unless exactly one of a group and authorize_all_groups=true is given, else None."""
    if group is not None and not group.strip():
        return f"access_group_id {group!r} is empty: give the group's id, or authorize_all_groups=true instead."
    if group is not None and all_groups:
        return (
            f"access_group_id {group!r} and authorize_all_groups=true are mutually exclusive: a rule is for one "
            "group or for all of them."
        )
    if group is None and not all_groups:
        given = "" if all_groups is None else " (authorize_all_groups is false)"
        return f"Give access_group_id, or authorize_all_groups=true for a rule for every client{given}."
    return None


def _input_errors(params):
    """(target network in canonical form, messages for the options the argument spec cannot check)."""
    cidr, cidr_error = parse_cidr("target_network_cidr", params["target_network_cidr"])
    errors = [
        endpoint_id_error(params["client_vpn_endpoint_id"]),
        cidr_error,
        _group_error(params["access_group_id"], params["authorize_all_groups"]),
        wait_timeout_error(params),
    ]
    return cidr, [error for error in errors if error]


def _what(cidr, group):
    """The rule as messages name it."""
    return f"authorization rule for {cidr} ({'all groups' if group is None else f'group {group!r}'})"


def _summary(rule):
    """The diff's view of a rule, in the module's option names, or {} for none."""
    if rule is None:
        return {}
    summary = {"target_network_cidr": rule.get("DestinationCidr")}
    if rule.get("AccessAll"):
        summary["authorize_all_groups"] = True
    else:
        summary["access_group_id"] = rule.get("GroupId")
    if rule.get("Description"):
        summary["description"] = rule["Description"]
    summary["status"] = status_code(rule)
    return summary


def _who(group, all_key):
    return {all_key: True} if group is None else {"AccessGroupId": group}


class _Task(DestinationTask):
    """The task on the rule for one network and group (None: all groups)."""

    lifecycle = Lifecycle(
        describe=DESCRIBE,
        noun="rule",
        add="authorize",
        remove="revoke",
        adding=AUTHORIZING,
        live=ACTIVE,
        removing=REVOKING,
        already_added=ALREADY_AUTHORIZED,
        already_removed=ALREADY_REVOKED,
        fails_adding=(FAILED, REVOKING),
        fails_removing=(FAILED,),
    )
    result_key = "authorization_rule"
    records_key = "AuthorizationRules"
    preference = PREFERENCE
    failed_advice = "Revoke it (state=absent), then authorize it again."
    description_hint = DESCRIPTION_HINT

    def __init__(self, module, client, cidr):
        super().__init__(module, client, cidr)
        self.group = None if module.params["authorize_all_groups"] else module.params["access_group_id"]

    def what(self):
        return _what(self.cidr, self.group)

    def is_ours(self, record):
        if self.group is None:
            return record.get("AccessAll") is True
        return record.get("AccessAll") is not True and record.get("GroupId") == self.group

    def condition(self):
        if self.group is None:
            return "AccessAll==`true`"
        return f"GroupId=={jmespath_literal(self.group)} && AccessAll!=`true`"

    def request(self, action):
        if action == "authorize":
            params = {
                "ClientVpnEndpointId": self.endpoint_id,
                "TargetNetworkCidr": self.cidr,
                **_who(self.group, "AuthorizeAllGroups"),
            }
            if self.params["description"]:
                params["Description"] = self.params["description"]
            return AUTHORIZE, params
        return REVOKE, {
            "ClientVpnEndpointId": self.endpoint_id,
            "TargetNetworkCidr": self.before["DestinationCidr"],
            **_who(self.group, "RevokeAllGroups"),
        }

    def added(self, status, response=None):
        rule = {"ClientVpnEndpointId": self.endpoint_id, "DestinationCidr": self.cidr, "AccessAll": self.group is None}
        if self.group is not None:
            rule["GroupId"] = self.group
        if self.params["description"]:
            rule["Description"] = self.params["description"]
        rule["Status"] = dict(status)
        return rule

    def removing_message(self):
        return f"{self.name} is being revoked and cannot be authorized again"

    def summary(self, record):
        return _summary(record)


def main():
    module = AnsibleModule(
        argument_spec=_argument_spec(), mutually_exclusive=aws_mutually_exclusive(), supports_check_mode=True
    )
    with failures_reported(module, "managing the authorization rule"):
        cidr, errors = _input_errors(module.params)
        if errors:
            module.fail_json(msg=" ".join(errors))
        _Task(module, create_client(module), cidr).run()


if __name__ == "__main__":
    main()
