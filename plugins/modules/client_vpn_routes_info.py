#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_routes_info
short_description: List the routes of an AWS Client VPN endpoint
version_added: 1.1.0
description:
  - Lists the routes of a Client VPN endpoint's route table, as C(aws ec2 describe-client-vpn-routes) does; both
    the routes that AWS adds when a subnet is associated (RV(routes[].origin=associate)) and those added by hand
    (RV(routes[].origin=add-route)).
  - Reads every page of results, so the list is complete however many routes there are.
  - Each route has the fields that the API returns, with snake_case names.
  - Optionally applies a JMESPath O(query) to the result, as the AWS CLI's C(--query) does.
options:
  client_vpn_endpoint_id:
    description:
      - The ID of the Client VPN endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
    type: str
    required: true
  filters:
    description:
      - API filters, a dict of filter name to a value or a list of values.
      - Valid names are V(destination-cidr), V(origin) (V(associate) or V(add-route)) and V(target-subnet) (a subnet
        id); names and values are case-sensitive.
      - The values of one filter are OR'ed, and filters are AND'ed, as in the API.
      - The filters are applied again to each route that AWS returns, so that only matching ones are listed even
        when AWS returns more. A value matches exactly, or with V(*) and V(?) as wildcards.
    type: dict
    default: {}
  page_size:
    description:
      - How many routes to ask for in each API request (C(MaxResults)), from 5 to 1000.
    type: int
    default: 1000
  max_items:
    description:
      - Stop after reading this many routes from AWS and return RV(next_token) to continue from there, as the AWS
        CLI's C(--max-items).
      - Counts the routes read from AWS, before the filters are applied again on the client side, so that a listing
        resumed with O(starting_token) continues exactly with the next route.
    type: int
  starting_token:
    description:
      - Continue a listing where an earlier call with O(max_items) stopped, from its RV(next_token).
      - Use the same O(client_vpn_endpoint_id) and O(filters) as that call.
    type: str
  query:
    description:
      - A JMESPath expression applied to a document with one key, C(routes), holding RV(routes) (with the
        snake_case names); its result is returned as RV(query_result).
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
      - In check mode the module sends a single C(DescribeClientVpnRoutes) request with C(DryRun) set, which checks
        the endpoint and the IAM permission without reading any route. It returns an empty RV(routes) list and
        RV(dry_run=true).
      - Set the task keyword C(check_mode) to V(false) when later tasks need the routes during C(--check).
  diff_mode:
    support: none
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
notes:
  - Needs the IAM permission C(ec2:DescribeClientVpnRoutes).
seealso:
  - module: vpnops.aws.client_vpn_endpoints_info
  - module: vpnops.aws.client_vpn_target_networks_info
  - module: vpnops.aws.client_vpn_authorization_rules_info
  - name: DescribeClientVpnRoutes API
    description: The AWS API reference for the call this module makes.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnRoutes.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: List the routes of an endpoint
  vpnops.aws.client_vpn_routes_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
  register: route_table

- name: Show each destination and the subnet it goes through
  ansible.builtin.debug:
    msg: "{{ route_table.routes | map(attribute='destination_cidr')
             | zip(route_table.routes | map(attribute='target_subnet')) | map('join', ' via ') | list }}"

- name: The routes that AWS added when the subnets were associated
  vpnops.aws.client_vpn_routes_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    filters:
      origin: associate
  register: associate_routes

- name: Only the destinations through one subnet, with a JMESPath query
  vpnops.aws.client_vpn_routes_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    filters:
      target-subnet: subnet-0123456789abcdef0
    query: "routes[].destination_cidr"
  register: destinations

- name: Gather the routes even under --check, for the tasks that follow
  vpnops.aws.client_vpn_routes_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
  check_mode: false
  register: route_table
"""

RETURN = r"""
routes:
  description:
    - The routes, in the order the API returned them; an empty list when none match.
    - Each has the API's fields in snake_case; those that AWS does not give for a route are absent.
    - In check mode, always an empty list.
  returned: always
  type: list
  elements: dict
  contains:
    client_vpn_endpoint_id:
      description: The ID of the Client VPN endpoint.
      returned: always
      type: str
      sample: cvpn-endpoint-0123456789abcdef0
    destination_cidr:
      description: The destination of the route, in CIDR notation.
      returned: always
      type: str
      sample: 10.0.0.0/16
    target_subnet:
      description: The ID of the subnet through which the traffic goes.
      returned: always
      type: str
      sample: subnet-0123456789abcdef0
    type:
      description: The type of the route.
      returned: always
      type: str
      sample: Nat
    origin:
      description:
        - How the route was added, V(associate) (by AWS, when the subnet was associated) or V(add-route) (by hand).
      returned: always
      type: str
      sample: associate
    status:
      description: The state of the route.
      returned: always
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
    description:
      description: The description of the route.
      returned: when it has one
      type: str
      sample: Default route for VPC
    transit_gateway_attachment_id:
      description: The ID of the transit gateway attachment, when the route goes to a transit gateway.
      returned: when AWS gives it
      type: str
next_token:
  description:
    - Pass this as O(starting_token) to continue the listing.
  returned: when O(max_items) stopped the listing before its end
  type: str
query_result:
  description: The result of O(query) over the document with the key C(routes).
  returned: when O(query) is given
  type: raw
  sample: [10.0.0.0/16]
dry_run:
  description: Whether the result comes from a C(DryRun) request (check mode) rather than a listing.
  returned: in check mode
  type: bool
  sample: true
msg:
  description: What the dry run found.
  returned: in check mode
  type: str
  sample: DescribeClientVpnRoutes would have succeeded; check mode sent it with DryRun set.
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import ROUTE_FILTER_FIELDS
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.endpoint_listing import EndpointListing
from ansible_collections.vpnops.aws.plugins.module_utils.endpoint_listing import endpoint_listing_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.endpoint_listing import list_endpoint_items
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported

LISTING = EndpointListing(
    operation="DescribeClientVpnRoutes", result_key="Routes", key="routes", filter_fields=ROUTE_FILTER_FIELDS
)


def main():
    module = AnsibleModule(
        argument_spec=endpoint_listing_argument_spec(LISTING),
        mutually_exclusive=aws_mutually_exclusive(),
        supports_check_mode=True,
    )
    with failures_reported(module, "listing the routes"):
        list_endpoint_items(module, LISTING)


if __name__ == "__main__":
    main()
