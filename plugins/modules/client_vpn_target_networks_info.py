#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_target_networks_info
short_description: List the target networks (associated subnets) of an AWS Client VPN endpoint
version_added: 1.1.0
description:
  - Lists the target network associations of a Client VPN endpoint, the subnets through which clients reach the
    VPC, as C(aws ec2 describe-client-vpn-target-networks) does.
  - Reads every page of results, so the list is complete however many associations there are.
  - Each association has the fields that the API returns, with snake_case names.
  - Optionally applies a JMESPath O(query) to the result, as the AWS CLI's C(--query) does.
options:
  client_vpn_endpoint_id:
    description:
      - The ID of the Client VPN endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
    type: str
    required: true
  association_ids:
    description:
      - The IDs of the associations to list, each C(cvpn-assoc-) followed by 8 or 17 lowercase hexadecimal digits.
      - Like the filter V(association-id), combined with O(filters) (AND). AWS has been seen returning every
        association whatever ids were asked for, so the associations are matched against these ids again on the
        client side.
      - When not given, or empty, every association of the endpoint is listed (subject to O(filters)).
    type: list
    elements: str
  filters:
    description:
      - API filters, a dict of filter name to a value or a list of values.
      - Valid names are V(association-id), V(target-network-id) (a subnet id) and V(vpc-id); names and values are
        case-sensitive.
      - The values of one filter are OR'ed, and filters are AND'ed, as in the API.
      - The filters are applied again to each association that AWS returns, so that only matching ones are listed
        even when AWS returns more. A value matches exactly, or with V(*) and V(?) as wildcards.
    type: dict
    default: {}
  page_size:
    description:
      - How many associations to ask for in each API request (C(MaxResults)), from 5 to 1000.
    type: int
    default: 1000
  max_items:
    description:
      - Stop after reading this many associations from AWS and return RV(next_token) to continue from there, as the
        AWS CLI's C(--max-items).
      - Counts the associations read from AWS, before the filters and O(association_ids) are applied again on the
        client side, so that a listing resumed with O(starting_token) continues exactly with the next association.
    type: int
  starting_token:
    description:
      - Continue a listing where an earlier call with O(max_items) stopped, from its RV(next_token).
      - Use the same O(client_vpn_endpoint_id), O(association_ids) and O(filters) as that call.
    type: str
  query:
    description:
      - A JMESPath expression applied to a document with one key, C(target_networks), holding RV(target_networks)
        (with the snake_case names); its result is returned as RV(query_result).
      - An invalid expression fails the task before any API request.
    type: str
extends_documentation_fragment:
  - vpnops.aws.aws_connection
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details:
      - In check mode the module sends a single C(DescribeClientVpnTargetNetworks) request with C(DryRun) set, which
        checks the endpoint and the IAM permission without reading any association. It returns an empty
        RV(target_networks) list and RV(dry_run=true).
      - Set the task keyword C(check_mode) to V(false) when later tasks need the associations during C(--check).
  diff_mode:
    support: none
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
notes:
  - Needs the IAM permission C(ec2:DescribeClientVpnTargetNetworks).
  - AWS lists a disassociated subnet for a while with the status V(disassociated).
seealso:
  - module: vpnops.aws.client_vpn_endpoints_info
  - module: vpnops.aws.client_vpn_routes_info
  - module: vpnops.aws.client_vpn_authorization_rules_info
  - name: DescribeClientVpnTargetNetworks API
    description: The AWS API reference for the call this module makes.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnTargetNetworks.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: List the subnets associated with an endpoint
  vpnops.aws.client_vpn_target_networks_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
  register: associations

- name: Show the subnets that clients can reach the VPC through
  ansible.builtin.debug:
    msg: "{{ associations.target_networks | selectattr('status.code', 'equalto', 'associated')
             | map(attribute='target_network_id') | list }}"

- name: The association of one subnet
  vpnops.aws.client_vpn_target_networks_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    filters:
      target-network-id: subnet-0123456789abcdef0
  register: subnet_association

- name: Two associations by id
  vpnops.aws.client_vpn_target_networks_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    association_ids: [cvpn-assoc-0123456789abcdef0, cvpn-assoc-0123456789abcdef1]

- name: Only the association ids in a VPC, with a JMESPath query
  vpnops.aws.client_vpn_target_networks_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    filters:
      vpc-id: vpc-0123456789abcdef0
    query: "target_networks[].association_id"
  register: association_ids

- name: Gather the associations even under --check, for the tasks that follow
  vpnops.aws.client_vpn_target_networks_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
  check_mode: false
  register: associations
"""

RETURN = r"""
target_networks:
  description:
    - The target network associations, in the order the API returned them; an empty list when none match.
    - Each has the API's fields in snake_case; those that AWS does not give for an association are absent.
    - In check mode, always an empty list.
  returned: always
  type: list
  elements: dict
  contains:
    association_id:
      description: The ID of the association.
      returned: always
      type: str
      sample: cvpn-assoc-0123456789abcdef0
    vpc_id:
      description: The ID of the VPC of the subnet.
      returned: always
      type: str
      sample: vpc-0123456789abcdef0
    target_network_id:
      description: The ID of the subnet.
      returned: always
      type: str
      sample: subnet-0123456789abcdef0
    client_vpn_endpoint_id:
      description: The ID of the Client VPN endpoint.
      returned: always
      type: str
      sample: cvpn-endpoint-0123456789abcdef0
    status:
      description: The state of the association.
      returned: always
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
    security_groups:
      description: The IDs of the security groups applied to the association.
      returned: when AWS gives them
      type: list
      elements: str
      sample: [sg-0123456789abcdef0]
    availability_zones:
      description: The Availability Zone names of the association, when the endpoint uses a transit gateway.
      returned: when AWS gives them
      type: list
      elements: str
      sample: [us-east-1a]
    availability_zone_ids:
      description: The Availability Zone IDs of the association, when the endpoint uses a transit gateway.
      returned: when AWS gives them
      type: list
      elements: str
      sample: [use1-az1]
next_token:
  description:
    - Pass this as O(starting_token) to continue the listing.
  returned: when O(max_items) stopped the listing before its end
  type: str
query_result:
  description: The result of O(query) over the document with the key C(target_networks).
  returned: when O(query) is given
  type: raw
  sample: [cvpn-assoc-0123456789abcdef0]
dry_run:
  description: Whether the result comes from a C(DryRun) request (check mode) rather than a listing.
  returned: in check mode
  type: bool
  sample: true
msg:
  description: What the dry run found.
  returned: in check mode
  type: str
  sample: DescribeClientVpnTargetNetworks would have succeeded; check mode sent it with DryRun set.
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import TARGET_NETWORK_FILTER_FIELDS
from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import association_id_errors
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.endpoint_listing import EndpointListing
from ansible_collections.vpnops.aws.plugins.module_utils.endpoint_listing import endpoint_listing_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.endpoint_listing import list_endpoint_items
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported

LISTING = EndpointListing(
    operation="DescribeClientVpnTargetNetworks",
    result_key="ClientVpnTargetNetworks",
    key="target_networks",
    filter_fields=TARGET_NETWORK_FILTER_FIELDS,
    ids_option="association_ids",
    ids_parameter="AssociationIds",
    ids_filter="association-id",
    ids_errors=association_id_errors,
)


def main():
    module = AnsibleModule(
        argument_spec=endpoint_listing_argument_spec(LISTING),
        mutually_exclusive=aws_mutually_exclusive(),
        supports_check_mode=True,
    )
    with failures_reported(module, "listing the target networks"):
        list_endpoint_items(module, LISTING)


if __name__ == "__main__":
    main()
