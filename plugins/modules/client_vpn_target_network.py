#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_target_network
short_description: Associate a subnet with an AWS Client VPN endpoint, or disassociate it
version_added: 1.1.0
description:
  - Makes a subnet a target network of a Client VPN endpoint (C(AssociateClientVpnTargetNetwork)), or removes
    that association (C(DisassociateClientVpnTargetNetwork)). Clients reach the VPC through the target networks.
  - Reads the endpoint's associations first and acts only when the subnet's association is not already as asked,
    so running the task a second time changes nothing.
  - An association that AWS still lists with the status V(disassociated) counts as no association.
  - When AWS associates a subnet, it adds a route of its own to the endpoint for the subnet's VPC (origin
    V(associate)), and removes it on disassociation; M(vpnops.aws.client_vpn_route) leaves such routes alone.
options:
  client_vpn_endpoint_id:
    description:
      - The ID of the Client VPN endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
    type: str
    required: true
  subnet_id:
    description:
      - The ID of the subnet, C(subnet-) followed by 8 or 17 lowercase hexadecimal digits.
      - AWS accepts only one subnet per Availability Zone for an endpoint, and only subnets of the endpoint's VPC
        (an endpoint without a VPC takes the VPC of its first subnet).
    type: str
    required: true
  state:
    description:
      - V(present) associates the subnet; V(absent) disassociates it.
      - With V(present), a subnet whose association is V(disassociating) is first waited for until it is
        disassociated (within O(wait_timeout)), when O(wait=true); with O(wait=false) the task fails and says so.
      - With V(present), an association that reads V(association-failed) fails the task with AWS's message;
        disassociate it (V(absent)) and associate again.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait until the association reads V(associated) (O(state=present)), or until it reads V(disassociated) or
        is no longer listed (O(state=absent)), reading it every 5 seconds.
      - The task fails when O(wait_timeout) passes first, or when the association reads V(association-failed).
      - Also applies to an association that was already on its way when the task started.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds, when O(wait=true). At least V(1).
      - AWS usually associates or disassociates a subnet within a few minutes, sometimes much longer; the default
        is 30 minutes.
    type: int
    default: 1800
extends_documentation_fragment:
  - vpnops.aws.aws_connection
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details:
      - In check mode the module reads the associations (C(DescribeClientVpnTargetNetworks) changes nothing) and
        predicts C(changed) from what it read.
      - When it would associate or disassociate, it sends that request with C(DryRun) set, to check the IAM
        permission; nothing is changed. An C(UnauthorizedOperation) answer fails the task.
      - O(wait) is ignored. A predicted association has no RV(association_id) yet, and RV(status) reads
        V(associating); a predicted disassociation reads V(disassociating).
  diff_mode:
    support: full
    details:
      - The diff shows the subnet's association (subnet, association id and status code) before and after the
        task, or an empty dict when there is none.
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
notes:
  - Needs the IAM permissions C(ec2:DescribeClientVpnTargetNetworks), and C(ec2:AssociateClientVpnTargetNetwork)
    or C(ec2:DisassociateClientVpnTargetNetwork) to change anything.
  - The module matches the subnet's association in what AWS lists on its own side, by subnet id and association
    id, and does not rely on the API narrowing the listing down.
  - When AWS answers that the endpoint is busy applying another change (C(ConcurrentMutationLimitExceeded)), the
    request is retried with backoff, within the attempts that O(aws_config) allows (C(retries)).
seealso:
  - module: vpnops.aws.client_vpn_route
  - module: vpnops.aws.client_vpn_authorization_rule
  - module: vpnops.aws.client_vpn_endpoints_info
  - name: AssociateClientVpnTargetNetwork API
    description: The AWS API reference for associating a subnet.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateClientVpnTargetNetwork.html
  - name: DisassociateClientVpnTargetNetwork API
    description: The AWS API reference for disassociating a subnet.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisassociateClientVpnTargetNetwork.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Associate a second subnet, in another Availability Zone, and wait until it is associated
  vpnops.aws.client_vpn_target_network:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    subnet_id: subnet-0123456789abcdef1
  register: association

- name: Show the association
  ansible.builtin.debug:
    msg: "{{ association.association_id }} is {{ association.status.code }}"

- name: See whether the first subnet would be disassociated (run the play with --check, or set it here)
  vpnops.aws.client_vpn_target_network:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    subnet_id: subnet-0123456789abcdef0
    state: absent
  check_mode: true
  diff: true

- name: Disassociate the second subnet without waiting for AWS to finish
  vpnops.aws.client_vpn_target_network:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    subnet_id: subnet-0123456789abcdef1
    state: absent
    wait: false
"""

RETURN = r"""
client_vpn_endpoint_id:
  description: The ID of the Client VPN endpoint.
  returned: always
  type: str
  sample: cvpn-endpoint-0123456789abcdef0
subnet_id:
  description: The ID of the subnet, as given in O(subnet_id).
  returned: always
  type: str
  sample: subnet-0123456789abcdef1
association_id:
  description:
    - The ID of the subnet's association with the endpoint.
    - Not returned when there is none (O(state=absent) and the subnet was not associated), nor for an
      association that check mode predicts.
  returned: when known
  type: str
  sample: cvpn-assoc-0123456789abcdef1
status:
  description:
    - The state of the association after the task, as AWS last described it; with O(state=absent), V(disassociated)
      once AWS no longer lists the association.
    - Not returned when there is no association and none was removed.
  returned: when there is an association, or one was removed
  type: dict
  contains:
    code:
      description: V(associating), V(associated), V(association-failed), V(disassociating) or V(disassociated).
      returned: always
      type: str
      sample: associated
    message:
      description: A message about the state, when AWS gives one.
      returned: when AWS gives one
      type: str
target_network:
  description:
    - The association as C(DescribeClientVpnTargetNetworks) describes it after the task, with snake_case names.
      With O(state=absent), the association that was removed, with its last status; an empty dict when the subnet
      had no association.
    - After a change with O(wait=false), what the request's answer gives (the association id and status, with
      the endpoint and subnet ids), or the association as read before with the status AWS answered.
    - In check mode, the association as read before with the predicted status (a predicted new one has only the
      endpoint id, the subnet id and the status).
  returned: always
  type: dict
  sample: {"association_id": "cvpn-assoc-0123456789abcdef1", "client_vpn_endpoint_id":
           "cvpn-endpoint-0123456789abcdef0", "target_network_id": "subnet-0123456789abcdef1",
           "vpc_id": "vpc-0123456789abcdef0", "security_groups": ["sg-0123456789abcdef0"],
           "status": {"code": "associated"}}
  contains:
    association_id:
      description: The ID of the association.
      returned: when there is an association
      type: str
    target_network_id:
      description: The ID of the subnet.
      returned: when there is an association
      type: str
    vpc_id:
      description: The ID of the subnet's VPC.
      returned: when AWS gives it
      type: str
    security_groups:
      description: The IDs of the security groups applied to the target network.
      returned: when AWS gives them
      type: list
      elements: str
    status:
      description: The state of the association, as in RV(status).
      returned: when there is an association
      type: dict
diff:
  description: The subnet's association before and after the task.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: C(subnet_id), C(association_id) and C(status) (the status code), or an empty dict.
      returned: in diff mode
      type: dict
      sample: {}
    after:
      description: C(subnet_id), C(association_id) and C(status) (the status code), or an empty dict.
      returned: in diff mode
      type: dict
      sample: {"subnet_id": "subnet-0123456789abcdef1", "association_id": "cvpn-assoc-0123456789abcdef1",
               "status": "associated"}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import endpoint_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.connection import create_client
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_dict
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import jmespath_literal
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import select_by_status
from ansible_collections.vpnops.aws.plugins.module_utils.network_changes import status_code
from ansible_collections.vpnops.aws.plugins.module_utils.network_ids import subnet_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.paging import paginate
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import Lifecycle
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import RecordTask
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import Watch
from ansible_collections.vpnops.aws.plugins.module_utils.resource import wait_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.resource import wait_timeout_error
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import StatusWait

DESCRIBE = "DescribeClientVpnTargetNetworks"
ASSOCIATE = "AssociateClientVpnTargetNetwork"
DISASSOCIATE = "DisassociateClientVpnTargetNetwork"
PAGE_SIZE = 1000
DEFAULT_WAIT_TIMEOUT = 1800
ASSOCIATING = "associating"
ASSOCIATED = "associated"
FAILED = "association-failed"
DISASSOCIATING = "disassociating"
DISASSOCIATED = "disassociated"
# A subnet has at most one live association with an endpoint; should AWS list more, the one in use counts.
PREFERENCE = (ASSOCIATED, ASSOCIATING, FAILED, DISASSOCIATING)
# Another writer got there first: the subnet is associated already, or the association is gone already.
ALREADY_ASSOCIATED = ("InvalidClientVpnDuplicateAssociationException",)
ALREADY_GONE = ("InvalidClientVpnAssociationIdNotFound",)


def _argument_spec():
    spec = dict(
        client_vpn_endpoint_id=dict(type="str", required=True),
        subnet_id=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    spec.update(wait_argument_spec(DEFAULT_WAIT_TIMEOUT))
    spec.update(aws_argument_spec())
    return spec


def _input_errors(params):
    """Messages for the options the argument spec cannot check (an empty list when all are valid)."""
    errors = [
        endpoint_id_error(params["client_vpn_endpoint_id"]),
        subnet_id_error("subnet_id", params["subnet_id"]),
        wait_timeout_error(params),
    ]
    return [error for error in errors if error]


def _read_association(client, endpoint_id, subnet_id):
    """The subnet's association with the endpoint (API shape), or None; disassociated ones count as none.

    Every association of the endpoint is read and matched here by subnet id, whatever the API returned.
    """
    request = {"ClientVpnEndpointId": endpoint_id}
    associations, _token = paginate(client, DESCRIBE, request, "ClientVpnTargetNetworks", list, page_size=PAGE_SIZE)
    return select_by_status([a for a in associations if a.get("TargetNetworkId") == subnet_id], PREFERENCE)


def _blocked_message(current, subnet_id, endpoint_id):
    """Why state=present cannot be reached from current (an association that failed), else None."""
    if status_code(current) != FAILED:
        return None
    reason = current.get("Status", {}).get("Message") or "AWS gave no reason"
    return (
        f"The association {current['AssociationId']} of subnet {subnet_id} with Client VPN endpoint "
        f"{endpoint_id} reads association-failed ({reason}). Disassociate it (state=absent), then associate "
        "the subnet again. Nothing was changed."
    )


def _summary(association, subnet_id):
    """The diff's view of an association: subnet, association id and status code, or {} for none."""
    if association is None or status_code(association) == DISASSOCIATED:
        return {}
    summary = {"subnet_id": subnet_id, "status": status_code(association)}
    if association.get("AssociationId"):
        summary["association_id"] = association["AssociationId"]
    return summary


def _association_wait(association_id):
    """What to read while waiting for one association: AWS has been seen listing others too, so match by id."""
    return StatusWait(
        operation=DESCRIBE,
        statuses=f"ClientVpnTargetNetworks[?AssociationId=={jmespath_literal(association_id)}].Status.Code",
        what=f"target network association {association_id}",
    )


def _latest(response, association_id):
    """The association association_id in a DescribeClientVpnTargetNetworks response, or None."""
    for association in (response or {}).get("ClientVpnTargetNetworks", []):
        if association.get("AssociationId") == association_id:
            return association
    return None


class _Task(RecordTask):
    """The task on the association of one subnet with the endpoint."""

    lifecycle = Lifecycle(
        describe=DESCRIBE,
        noun="association",
        add="associate",
        remove="disassociate",
        adding=ASSOCIATING,
        live=ASSOCIATED,
        removing=DISASSOCIATING,
        already_added=ALREADY_ASSOCIATED,
        already_removed=ALREADY_GONE,
        fails_adding=(FAILED, DISASSOCIATING, DISASSOCIATED),
        fails_removing=(),
        removed=DISASSOCIATED,
    )
    result_key = "target_network"

    def __init__(self, module, client):
        super().__init__(module, client)
        self.subnet_id = module.params["subnet_id"]

    def read_record(self):
        return _read_association(self.client, self.endpoint_id, self.subnet_id)

    def request(self, action):
        if action == "associate":
            return ASSOCIATE, {"ClientVpnEndpointId": self.endpoint_id, "SubnetId": self.subnet_id}
        return DISASSOCIATE, {"ClientVpnEndpointId": self.endpoint_id, "AssociationId": self.before["AssociationId"]}

    def added(self, status, response=None):
        association = {
            "ClientVpnEndpointId": self.endpoint_id,
            "TargetNetworkId": self.subnet_id,
            "Status": dict(status),
        }
        # AWS names the association in its answer; check mode cannot know it.
        return {"AssociationId": response["AssociationId"], **association} if response else association

    def watch(self):
        association_id = self.after["AssociationId"]
        request = {"ClientVpnEndpointId": self.endpoint_id, "AssociationIds": [association_id]}
        return Watch(_association_wait(association_id), request, lambda response: _latest(response, association_id))

    def removing_message(self):
        return (
            f"Subnet {self.subnet_id} is being disassociated from Client VPN endpoint {self.endpoint_id} "
            f"(association {self.before['AssociationId']}) and cannot be associated again"
        )

    def blocked(self, state):
        return _blocked_message(self.before, self.subnet_id, self.endpoint_id) if state == "present" else None

    def summary(self, record):
        return _summary(record, self.subnet_id)

    def result(self):
        result = dict(super().result(), subnet_id=self.subnet_id)
        if self.after is not None:
            if self.after.get("AssociationId"):
                result["association_id"] = self.after["AssociationId"]
            result["status"] = snake_dict(self.after.get("Status", {}))
        return result


def main():
    module = AnsibleModule(
        argument_spec=_argument_spec(), mutually_exclusive=aws_mutually_exclusive(), supports_check_mode=True
    )
    with failures_reported(module, "managing the target network association"):
        errors = _input_errors(module.params)
        if errors:
            module.fail_json(msg=" ".join(errors))
        _Task(module, create_client(module)).run()


if __name__ == "__main__":
    main()
