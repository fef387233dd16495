#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_authorization_rules_info
short_description: List the authorization rules of an AWS Client VPN endpoint
version_added: 1.1.0
description:
  - Lists the authorization rules of a Client VPN endpoint, which say which clients may reach which networks, as
    C(aws ec2 describe-client-vpn-authorization-rules) does.
  - Reads every page of results, so the list is complete however many rules there are.
  - Each rule has the fields that the API returns, with snake_case names.
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
      - Valid names are V(description), V(destination-cidr) and V(group-id); names and values are case-sensitive.
      - The values of one filter are OR'ed, and filters are AND'ed, as in the API.
      - The filters are applied again to each rule that AWS returns, so that only matching ones are listed even
        when AWS returns more. A value matches exactly, or with V(*) and V(?) as wildcards.
    type: dict
    default: {}
  page_size:
    description:
      - How many rules to ask for in each API request (C(MaxResults)), from 5 to 1000.
    type: int
    default: 1000
  max_items:
    description:
      - Stop after reading this many rules from AWS and return RV(next_token) to continue from there, as the AWS
        CLI's C(--max-items).
      - Counts the rules read from AWS, before the filters are applied again on the client side, so that a listing
        resumed with O(starting_token) continues exactly with the next rule.
    type: int
  starting_token:
    description:
      - Continue a listing where an earlier call with O(max_items) stopped, from its RV(next_token).
      - Use the same O(client_vpn_endpoint_id) and O(filters) as that call.
    type: str
  query:
    description:
      - A JMESPath expression applied to a document with one key, C(authorization_rules), holding
        RV(authorization_rules) (with the snake_case names); its result is returned as RV(query_result).
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
      - In check mode the module sends a single C(DescribeClientVpnAuthorizationRules) request with C(DryRun) set,
        which checks the endpoint and the IAM permission without reading any rule. It returns an empty
        RV(authorization_rules) list and RV(dry_run=true).
      - Set the task keyword C(check_mode) to V(false) when later tasks need the rules during C(--check).
  diff_mode:
    support: none
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
notes:
  - Needs the IAM permission C(ec2:DescribeClientVpnAuthorizationRules).
seealso:
  - module: vpnops.aws.client_vpn_endpoints_info
  - module: vpnops.aws.client_vpn_target_networks_info
  - module: vpnops.aws.client_vpn_routes_info
  - name: DescribeClientVpnAuthorizationRules API
    description: The AWS API reference for the call this module makes.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnAuthorizationRules.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: List the authorization rules of an endpoint
  vpnops.aws.client_vpn_authorization_rules_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
  register: rules

- name: Show the networks that every client may reach
  ansible.builtin.debug:
    msg: "{{ rules.authorization_rules | selectattr('access_all') | map(attribute='destination_cidr') | list }}"

- name: The rules for one network
  vpnops.aws.client_vpn_authorization_rules_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    filters:
      destination-cidr: 10.0.0.0/16
  register: network_rules

- name: Only the networks whose rules are not active yet, with a JMESPath query
  vpnops.aws.client_vpn_authorization_rules_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    query: "authorization_rules[?status.code != 'active'].destination_cidr"
  register: pending

- name: Gather the rules even under --check, for the tasks that follow
  vpnops.aws.client_vpn_authorization_rules_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
  check_mode: false
  register: rules
"""

RETURN = r"""
authorization_rules:
  description:
    - The authorization rules, in the order the API returned them; an empty list when none match.
    - Each has the API's fields in snake_case; those that AWS does not give for a rule are absent.
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
    description:
      description: The description of the rule.
      returned: when it has one
      type: str
      sample: Staff to the VPC
    group_id:
      description: The ID of the Active Directory group, or the SAML group, that the rule grants access to.
      returned: when AWS gives it
      type: str
      sample: S-1-5-21-1234567890-1234567890-1234567890-1234
    access_all:
      description: Whether the rule grants access to all clients.
      returned: always
      type: bool
      sample: true
    destination_cidr:
      description: The network, in CIDR notation, that the rule grants access to.
      returned: always
      type: str
      sample: 10.0.0.0/16
    status:
      description: The state of the rule.
      returned: always
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
next_token:
  description:
    - Pass this as O(starting_token) to continue the listing.
  returned: when O(max_items) stopped the listing before its end
  type: str
query_result:
  description: The result of O(query) over the document with the key C(authorization_rules).
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
  sample: DescribeClientVpnAuthorizationRules would have succeeded; check mode sent it with DryRun set.
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import AUTHORIZATION_RULE_FILTER_FIELDS
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.endpoint_listing import EndpointListing
from ansible_collections.vpnops.aws.plugins.module_utils.endpoint_listing import endpoint_listing_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.endpoint_listing import list_endpoint_items
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported

LISTING = EndpointListing(
    operation="DescribeClientVpnAuthorizationRules",
    result_key="AuthorizationRules",
    key="authorization_rules",
    filter_fields=AUTHORIZATION_RULE_FILTER_FIELDS,
)


def main():
    module = AnsibleModule(
        argument_spec=endpoint_listing_argument_spec(LISTING),
        mutually_exclusive=aws_mutually_exclusive(),
        supports_check_mode=True,
    )
    with failures_reported(module, "listing the authorization rules"):
        list_endpoint_items(module, LISTING)


if __name__ == "__main__":
    main()
