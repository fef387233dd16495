#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_route
short_description: Add or delete a route of an AWS Client VPN endpoint
version_added: 1.1.0
description:
  - Adds a route to the route table of a Client VPN endpoint (C(CreateClientVpnRoute)), which sends the clients'
    traffic for a network through one of the endpoint's target subnets; or deletes it (C(DeleteClientVpnRoute)).
  - A route is identified by its destination (O(destination_cidr_block)) and its target subnet
    (O(target_vpc_subnet_id)); the same destination may have routes through several subnets. The module reads
    the endpoint's routes first and acts only when that route is not already as asked, so running the task a
    second time changes nothing. A route that AWS reports as a duplicate, because another writer added it in the
    meantime, is no change either.
  - When a subnet is associated with the endpoint, AWS adds a route of its own for the subnet's VPC (origin
    V(associate)) and deletes it when the subnet is disassociated. The module never deletes such a route, nor
    compares its description; see O(state).
  - AWS cannot change the description of a route. When the route exists with another description than
    O(description), the task fails naming both, and changes nothing; see O(description).
options:
  client_vpn_endpoint_id:
    description:
      - The ID of the Client VPN endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
    type: str
    required: true
  destination_cidr_block:
    description:
      - The destination of the route in CIDR notation, such as V(172.16.0.0/16) for a peered VPC or an on-premises
        network, or V(0.0.0.0/0) for the internet.
      - The address must be the network's own (V(172.16.0.1/16) is refused, naming V(172.16.0.0/16)). AWS
        documents IPv4 networks; an IPv6 network is passed on for AWS to accept or refuse.
    type: str
    required: true
  target_vpc_subnet_id:
    description:
      - The subnet the traffic goes through, C(subnet-) followed by 8 or 17 lowercase hexadecimal digits; it must
        be a target network of the endpoint (see M(vpnops.aws.client_vpn_target_network)).
      - V(local) for a route to the local network, as the API allows.
    type: str
    required: true
  description:
    description:
      - A description of the route, used when the module adds it.
      - When the route exists already, its description is compared with this one. AWS has no way to change it in
        place, and deleting and adding the route again would interrupt the clients' traffic in between, so the
        module does neither; the task fails, naming the current and the wanted description, and changes
        nothing. To replace the route, delete it (O(state=absent)) and add it again.
      - When not given, the description of an existing route is not compared; neither is that of a route that AWS
        added itself (origin V(associate)).
      - Ignored with O(state=absent).
    type: str
  state:
    description:
      - V(present) adds the route; V(absent) deletes it.
      - V(absent) on a route that AWS added when it associated the subnet (origin V(associate)) fails the task and
        deletes nothing. AWS deletes that route when the subnet is disassociated; use
        M(vpnops.aws.client_vpn_target_network) with O(state=absent) for that.
      - With V(present), a route that is being deleted is first waited for until it is gone (within
        O(wait_timeout)), when O(wait=true); with O(wait=false) the task fails and says so.
      - With V(present), a route that reads V(failed) fails the task with AWS's message; delete it (V(absent)) and
        add it again.
    type: str
    choices: [present, absent]
    default: present
  wait:
    description:
      - Wait until the route reads V(active) (O(state=present)) or is no longer listed (O(state=absent)), reading
        the endpoint's routes for that destination every 5 seconds.
      - The task fails when O(wait_timeout) passes first, or when the route reads V(failed).
      - Also applies to a route that was already on its way when the task started.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds, when O(wait=true). At least V(1).
      - AWS can take ten minutes or more to apply a route; the default is 20 minutes.
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
      - In check mode the module reads the routes (C(DescribeClientVpnRoutes) changes nothing) and predicts
        C(changed) from what it read; a description that differs, or deleting a route of origin V(associate),
        fails the task as it would without check mode.
      - When it would add or delete, it sends that request with C(DryRun) set, to check the IAM permission;
        nothing is changed. An C(UnauthorizedOperation) answer fails the task.
      - O(wait) is ignored; RV(route) shows the predicted status, V(creating) or V(deleting).
  diff_mode:
    support: full
    details:
      - The diff shows the route (destination, target subnet, description, origin and status code) before and
        after the task, or an empty dict when there is none.
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
notes:
  - Needs the IAM permissions C(ec2:DescribeClientVpnRoutes), and C(ec2:CreateClientVpnRoute) or
    C(ec2:DeleteClientVpnRoute) to change anything.
  - A route that another writer deletes between the module's read and its request is reported as it is, with
    C(changed=false).
  - When AWS answers that the endpoint is busy applying another change (C(ConcurrentMutationLimitExceeded)), the
    request is retried with backoff, within the attempts that O(aws_config) allows (C(retries)).
seealso:
  - module: vpnops.aws.client_vpn_target_network
  - module: vpnops.aws.client_vpn_authorization_rule
  - name: CreateClientVpnRoute API
    description: The AWS API reference for adding a route.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateClientVpnRoute.html
  - name: DeleteClientVpnRoute API
    description: The AWS API reference for deleting a route.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteClientVpnRoute.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Send the clients' internet traffic through the associated subnet
  vpnops.aws.client_vpn_route:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    destination_cidr_block: 0.0.0.0/0
    target_vpc_subnet_id: subnet-0123456789abcdef0
    description: Internet through the VPC
  register: internet

- name: Show the route
  ansible.builtin.debug:
    msg: "{{ internet.route.destination_cidr }}: {{ internet.route.status.code }}"

- name: The VPC route that AWS added when it associated the subnet is there already (no change)
  vpnops.aws.client_vpn_route:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    destination_cidr_block: 10.0.0.0/16
    target_vpc_subnet_id: subnet-0123456789abcdef0

- name: See whether the internet route would be deleted (run the play with --check, or set it here)
  vpnops.aws.client_vpn_route:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    destination_cidr_block: 0.0.0.0/0
    target_vpc_subnet_id: subnet-0123456789abcdef0
    state: absent
  check_mode: true
  diff: true

- name: Delete it without waiting for AWS to finish
  vpnops.aws.client_vpn_route:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    destination_cidr_block: 0.0.0.0/0
    target_vpc_subnet_id: subnet-0123456789abcdef0
    state: absent
    wait: false
"""

RETURN = r"""
client_vpn_endpoint_id:
  description: The ID of the Client VPN endpoint.
  returned: always
  type: str
  sample: cvpn-endpoint-0123456789abcdef0
route:
  description:
    - The route as C(DescribeClientVpnRoutes) describes it after the task, with snake_case names; an empty dict
      when there is none (with O(state=absent), once AWS no longer lists it).
    - After a change with O(wait=false), and in check mode, the route as read before (or as it would be added)
      with the status AWS answered or that check mode predicts (V(deleting) for a route being deleted).
  returned: always
  type: dict
  sample: {"client_vpn_endpoint_id": "cvpn-endpoint-0123456789abcdef0", "destination_cidr": "0.0.0.0/0",
           "target_subnet": "subnet-0123456789abcdef0", "type": "Nat", "origin": "add-route",
           "description": "Internet through the VPC", "status": {"code": "active"}}
  contains:
    client_vpn_endpoint_id:
      description: The ID of the Client VPN endpoint.
      returned: when there is a route
      type: str
    destination_cidr:
      description: The destination of the route.
      returned: when there is a route
      type: str
    target_subnet:
      description: The subnet the traffic goes through.
      returned: when there is a route
      type: str
    type:
      description: The type of the route, as AWS gives it (for example V(Nat)).
      returned: when AWS gives it
      type: str
    origin:
      description: V(add-route) for a route that was added, V(associate) for one AWS added when it associated the
        subnet.
      returned: when AWS gives it
      type: str
    description:
      description: The description of the route.
      returned: when it has one
      type: str
    status:
      description: The state of the route.
      returned: when there is a route
      type: dict
      contains:
        code:
          description: V(creating), V(active), V(failed) or V(deleting).
          returned: always
          type: str
          sample: active
        message:
          description: A message about the state, when AWS gives one.
          returned: when AWS gives one
          type: str
diff:
  description: The route before and after the task.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: C(destination_cidr_block), C(target_vpc_subnet_id), C(description), C(origin) and C(status) (the
        status code), or an empty dict.
      returned: in diff mode
      type: dict
      sample: {}
    after:
      description: The same keys as RV(diff.before), after the task.
      returned: in diff mode
      type: dict
      sample: {"destination_cidr_block": "0.0.0.0/0", "target_vpc_subnet_id": "subnet-0123456789abcdef0",
               "description": "Internet through the VPC", "origin": "add-route", "status": "active"}
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
from ansible_collections.vpnops.aws.plugins.module_utils.network_ids import subnet_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.record_task import Lifecycle
from ansible_collections.vpnops.aws.plugins.module_utils.resource import wait_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.resource import wait_timeout_error

DESCRIBE = "DescribeClientVpnRoutes"
CREATE = "CreateClientVpnRoute"
DELETE = "DeleteClientVpnRoute"
DEFAULT_WAIT_TIMEOUT = 1200
LOCAL = "local"
CREATING = "creating"
ACTIVE = "active"
FAILED = "failed"
DELETING = "deleting"
ASSOCIATE_ORIGIN = "associate"
# Should AWS list the same route twice, the one in force counts.
PREFERENCE = (ACTIVE, CREATING, FAILED, DELETING)
# Another writer got there first: the route exists already, or is gone already.
ALREADY_CREATED = ("InvalidClientVpnDuplicateRoute",)
ALREADY_DELETED = ("InvalidClientVpnRouteNotFound",)

# What to do when the task asks for another description than the existing one.
DESCRIPTION_HINT = (
    "AWS cannot change the description of a route. To replace the route, delete it (state=absent) and add "
    "it again, which interrupts the clients' traffic to that destination in between; or give its current "
    "description. Nothing was changed."
)


def _argument_spec():
    spec = dict(
        client_vpn_endpoint_id=dict(type="str", required=True),
        destination_cidr_block=dict(type="str", required=True),
        target_vpc_subnet_id=dict(type="str", required=True),
        description=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    spec.update(wait_argument_spec(DEFAULT_WAIT_TIMEOUT))
    spec.update(aws_argument_spec())
    return spec


def _input_errors(params):
    """(destination in canonical form, messages for the options the argument spec cannot check)."""
    cidr, cidr_error = parse_cidr("destination_cidr_block", params["destination_cidr_block"])
    errors = [
        endpoint_id_error(params["client_vpn_endpoint_id"]),
        cidr_error,
        subnet_id_error("target_vpc_subnet_id", params["target_vpc_subnet_id"], also=(LOCAL,)),
        wait_timeout_error(params),
    ]
    return cidr, [error for error in errors if error]


def _what(cidr, subnet_id):
    """The route as messages name it."""
    return f"route to {cidr} through {subnet_id}"


def _absent_blocked(current, name, endpoint_id):
    """Why state=absent must not delete current (a route AWS added when it associated the subnet), else None."""
    if current is None or current.get("Origin") != ASSOCIATE_ORIGIN:
        return None
    return (
        f"{name} was added by AWS when the subnet was associated with Client VPN endpoint {endpoint_id} "
        "(origin associate), and AWS deletes it when the subnet is disassociated: use "
        "vpnops.aws.client_vpn_target_network with state=absent for that. Nothing was deleted."
    )


def _summary(route):
    """The diff's view of a route, in the module's option names, or {} for none."""
    if route is None:
        return {}
    summary = {
        "destination_cidr_block": route.get("DestinationCidr"),
        "target_vpc_subnet_id": route.get("TargetSubnet"),
    }
    if route.get("Description"):
        summary["description"] = route["Description"]
    if route.get("Origin"):
        summary["origin"] = route["Origin"]
    summary["status"] = status_code(route)
    return summary


class _Task(DestinationTask):
    """The task on the route to one destination through one subnet."""

    lifecycle = Lifecycle(
        describe=DESCRIBE,
        noun="route",
        add="create",
        remove="delete",
        adding=CREATING,
        live=ACTIVE,
        removing=DELETING,
        already_added=ALREADY_CREATED,
        already_removed=ALREADY_DELETED,
        fails_adding=(FAILED, DELETING),
        fails_removing=(FAILED,),
    )
    result_key = "route"
    records_key = "Routes"
    preference = PREFERENCE
    failed_advice = "Delete it (state=absent), then add it again."
    description_hint = DESCRIPTION_HINT

    def __init__(self, module, client, cidr):
        super().__init__(module, client, cidr)
        self.subnet_id = module.params["target_vpc_subnet_id"]

    def what(self):
        return _what(self.cidr, self.subnet_id)

    def is_ours(self, record):
        return record.get("TargetSubnet") == self.subnet_id

    def condition(self):
        return f"TargetSubnet=={jmespath_literal(self.subnet_id)}"

    def request(self, action):
        if action == "create":
            params = {
                "ClientVpnEndpointId": self.endpoint_id,
                "DestinationCidrBlock": self.cidr,
                "TargetVpcSubnetId": self.subnet_id,
            }
            if self.params["description"]:
                params["Description"] = self.params["description"]
            return CREATE, params
        return DELETE, {
            "ClientVpnEndpointId": self.endpoint_id,
            "DestinationCidrBlock": self.before["DestinationCidr"],
            "TargetVpcSubnetId": self.subnet_id,
        }

    def added(self, status, response=None):
        route = {
            "ClientVpnEndpointId": self.endpoint_id,
            "DestinationCidr": self.cidr,
            "TargetSubnet": self.subnet_id,
            "Origin": "add-route",
        }
        if self.params["description"]:
            route["Description"] = self.params["description"]
        route["Status"] = dict(status)
        return route

    def removing_message(self):
        return f"{self.name} is being deleted and cannot be added again"

    def description_message(self):
        # The route AWS added on association is not the task's: its description is not compared.
        if self.before.get("Origin") == ASSOCIATE_ORIGIN:
            return None
        return super().description_message()

    def blocked(self, state):
        if state == "present":
            return super().blocked(state)
        return _absent_blocked(self.before, self.name, self.endpoint_id)

    def summary(self, record):
        return _summary(record)


def main():
    module = AnsibleModule(
        argument_spec=_argument_spec(), mutually_exclusive=aws_mutually_exclusive(), supports_check_mode=True
    )
    with failures_reported(module, "managing the route"):
        cidr, errors = _input_errors(module.params)
        if errors:
            module.fail_json(msg=" ".join(errors))
        _Task(module, create_client(module), cidr).run()


if __name__ == "__main__":
    main()
