#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_connections_info
short_description: List the client connections of an AWS Client VPN endpoint
version_added: 1.0.0
description:
  - Lists the client connections of an AWS Client VPN endpoint, as C(aws ec2 describe-client-vpn-connections) does;
    the active ones, and those terminated in the last 60 minutes, which AWS also returns.
  - Reads every page of results, so the list is complete however many connections there are.
  - Each connection has exactly the fields that the API returns, with snake_case names, in the API's order.
  - Optionally selects connections by O(status), O(age) and O(common_names) on the client side (the API filters on
    none of them), and applies a JMESPath O(query) to the result, as the AWS CLI's C(--query) does.
options:
  client_vpn_endpoint_id:
    description:
      - The ID of the Client VPN endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
    type: str
    required: true
  filters:
    description:
      - API filters, a dict of filter name to a value or a list of values.
      - Valid names are V(connection-id) and V(username); names and values are case-sensitive.
      - The values of one filter are OR'ed, and filters are AND'ed, as in the API.
      - AWS cannot filter on status or time; use O(status) and O(age) for that.
    type: dict
    default: {}
  status:
    description:
      - Return only the connections whose status code is one of these.
      - Applied on the client side, after the connections are read from AWS.
    type: list
    elements: str
    choices: [active, failed-to-terminate, terminating, terminated]
  age:
    description:
      - Return only the connections established at least this long ago, measured from
        RV(connections[].connection_established_time) (UTC) to now.
      - A whole number with an optional unit V(s), V(m), V(h), V(d) or V(w) (seconds when none is given), for
        example V(90s), V(30m), V(8h), V(2d) or V(1w), as for M(ansible.builtin.find).
      - A negative value, such as V(-8h), returns the connections established at most that long ago instead.
      - At most V(520w) (V(3640d), V(314496000) seconds, about ten years) either way. Only the ASCII digits
        V(0) to V(9) are taken, without a V(+) sign or spaces inside; spaces around the value are ignored.
      - Applied on the client side, after the connections are read from AWS.
    type: str
  common_names:
    description:
      - Return only the connections whose RV(connections[].common_name) is one of these, exactly and
        case-sensitively.
      - With certificate (mutual) authentication a connection has no RV(connections[].username), and the common
        name of the client certificate, such as V(device-5.example.com), is its identity. With Active Directory
        or federated authentication the common name is the user name.
      - Each must be a non-empty string without white space at its start or end; an empty list is refused.
      - Applied on the client side, after the connections are read from AWS (the API has no filter for it);
        combined with O(status) and O(age), a connection must match all of them.
    type: list
    elements: raw
    version_added: 1.1.0
  page_size:
    description:
      - How many connections to ask for in each API request (C(MaxResults)), from 5 to 1000.
      - The default lists N connections in ceil(N/1000) requests.
    type: int
    default: 1000
  max_items:
    description:
      - Stop after reading this many connections from AWS and return RV(next_token) to continue from there, as
        the AWS CLI's C(--max-items).
      - Counts the connections read from AWS, before O(status), O(age) and O(common_names) select among them, so
        that a listing resumed with O(starting_token) continues exactly with the next connection.
    type: int
  starting_token:
    description:
      - Continue a listing where an earlier call with O(max_items) stopped, from its RV(next_token).
      - Use the same O(client_vpn_endpoint_id) and O(filters) as that call.
    type: str
  query:
    description:
      - A JMESPath expression applied to the module's result, a document with the key C(connections) that holds
        the RV(connections) list (with the snake_case names), returned as RV(query_result).
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
      - In check mode the module sends a single C(DescribeClientVpnConnections) request with C(DryRun) set, which
        checks the endpoint and the IAM permission without reading any connection. It returns an empty
        RV(connections) list and RV(dry_run=true).
      - Set C(check_mode=false) on the task when later tasks need the connections during C(--check).
  diff_mode:
    support: none
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
notes:
  - Needs the IAM permission C(ec2:DescribeClientVpnConnections).
  - Connections terminated more than 60 minutes ago are no longer returned by AWS.
seealso:
  - module: vpnops.aws.client_vpn_connection
  - module: vpnops.aws.client_vpn_endpoints_info
  - name: DescribeClientVpnConnections API
    description: The AWS API reference for the call this module makes.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnConnections.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: List every connection of an endpoint
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    region: eu-west-1
  register: vpn

- name: Show who is connected
  ansible.builtin.debug:
    msg: "{{ vpn.connections | selectattr('status.code', 'equalto', 'active') | map(attribute='username')
             | select('defined') | unique | list }}"

- name: The connections of two users (values of one filter are OR'ed)
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    filters:
      username: [alice, bob]

- name: Active connections established more than 8 hours ago
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    status: [active]
    age: 8h
  register: stale

- name: The active connections of two client certificates (certificate authentication has no user name)
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    status: [active]
    common_names: [device-5.example.com, device-9.example.com]
  register: devices

- name: Only the connection ids, with a JMESPath query
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    query: "connections[?status.code == 'active'].connection_id"
  register: ids

- name: Read the first 500 connections, then the rest
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    max_items: 500
  register: first

- name: Continue where the first call stopped
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    starting_token: "{{ first.next_token }}"
  when: first.next_token is defined

- name: Gather the facts even under --check, for the tasks that follow
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
  check_mode: false
  register: vpn
"""

RETURN = r"""
connections:
  description:
    - The connections, in the order the API returned them; an empty list when none match.
    - In check mode, always an empty list.
  returned: always
  type: list
  elements: dict
  contains:
    client_vpn_endpoint_id:
      description: The ID of the Client VPN endpoint the client is connected to.
      returned: always
      type: str
      sample: cvpn-endpoint-0123456789abcdef0
    timestamp:
      description: The current date and time (UTC) when AWS answered.
      returned: always
      type: str
      sample: "2026-11-26 08:00:00"
    connection_id:
      description: The ID of the client connection.
      returned: always
      type: str
      sample: cvpn-connection-0a1b2c3d4e5f60718
    username:
      description: The user name of the client, only for Active Directory or federated authentication.
      returned: when the client authenticated with a user name
      type: str
      sample: alice
    connection_established_time:
      description: When the connection was established (UTC).
      returned: always
      type: str
      sample: "2026-11-26 06:12:09"
    ingress_bytes:
      description: The number of bytes sent by the client.
      returned: always
      type: str
      sample: "32302"
    egress_bytes:
      description: The number of bytes received by the client.
      returned: always
      type: str
      sample: "5696"
    ingress_packets:
      description: The number of packets sent by the client.
      returned: always
      type: str
      sample: "332"
    egress_packets:
      description: The number of packets received by the client.
      returned: always
      type: str
      sample: "67"
    client_ip:
      description: The IP address of the client.
      returned: always
      type: str
      sample: 10.0.1.25
    client_ipv6_address:
      description: The IPv6 address of the client.
      returned: when the connection has one
      type: str
      sample: "2001:db8::1"
    common_name:
      description: The common name of the client certificate, or the Active Directory user name.
      returned: always
      type: str
      sample: client1.domain.tld
    status:
      description: The state of the connection.
      returned: always
      type: dict
      contains:
        code:
          description: V(active), V(failed-to-terminate), V(terminating) or V(terminated).
          returned: always
          type: str
          sample: active
        message:
          description: A message about the state, when AWS gives one.
          returned: when AWS gives one
          type: str
    connection_end_time:
      description: When the connection was terminated (UTC); V(-) while it is active.
      returned: always
      type: str
      sample: "-"
    posture_compliance_statuses:
      description: The statuses returned by the client connect handler for posture compliance.
      returned: when the endpoint uses a client connect handler
      type: list
      elements: str
    authorization_policy_last_evaluated_time:
      description: When AWS last evaluated the authorization rules for this connection (UTC).
      returned: when AWS gives it
      type: str
      sample: "2026-11-26 07:59:00"
next_token:
  description:
    - Pass this as O(starting_token) to continue the listing.
  returned: when O(max_items) stopped the listing before its end
  type: str
query_result:
  description: The result of O(query) over the document with the key C(connections).
  returned: when O(query) is given
  type: raw
  sample: [cvpn-connection-0a1b2c3d4e5f60718]
dry_run:
  description: Whether the result comes from a C(DryRun) request (check mode) rather than a listing.
  returned: in check mode
  type: bool
  sample: true
msg:
  description: What the dry run found.
  returned: in check mode
  type: str
  sample: DescribeClientVpnConnections would have succeeded; check mode sent it with DryRun set.
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import CONNECTION_FILTERS
from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import CONNECTION_STATUSES
from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import endpoint_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.connection import create_client
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported
from ansible_collections.vpnops.aws.plugins.module_utils.listing import exit_listing
from ansible_collections.vpnops.aws.plugins.module_utils.listing import listing_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.listing import plan_listing
from ansible_collections.vpnops.aws.plugins.module_utils.listing import run_listing
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_list
from ansible_collections.vpnops.aws.plugins.module_utils.paging import cyclic_gc_paused
from ansible_collections.vpnops.aws.plugins.module_utils.selection import common_names_errors
from ansible_collections.vpnops.aws.plugins.module_utils.selection import parse_age
from ansible_collections.vpnops.aws.plugins.module_utils.selection import select_connections

OPERATION = "DescribeClientVpnConnections"


def _argument_spec():
    return listing_argument_spec(
        client_vpn_endpoint_id=dict(type="str", required=True),
        status=dict(type="list", elements="str", choices=list(CONNECTION_STATUSES)),
        age=dict(type="str"),
        # raw, not str: Ansible would turn a number or a dict into a string without a word.
        common_names=dict(type="list", elements="raw"),
    )


def _plan(params):
    """(request parameters, age in seconds, compiled query, errors) from the validated options."""
    request = {"ClientVpnEndpointId": params["client_vpn_endpoint_id"]}
    endpoint_error = endpoint_id_error(params["client_vpn_endpoint_id"])
    query, errors = plan_listing(params, request, CONNECTION_FILTERS)
    if endpoint_error:
        errors.insert(0, endpoint_error)
    age_seconds = None
    try:
        age_seconds = None if params["age"] is None else parse_age(params["age"])
    except ValueError as exc:
        errors.append(str(exc))
    if params["common_names"] is not None:
        errors.extend(common_names_errors(params["common_names"]))
    return request, age_seconds, query, errors


def main():
    # The listing and exit_json()'s copy of it are large and free of cycles: see cyclic_gc_paused().
    with cyclic_gc_paused():
        _run()


def _run():
    module = AnsibleModule(
        argument_spec=_argument_spec(),
        mutually_exclusive=aws_mutually_exclusive(),
        supports_check_mode=True,
    )
    with failures_reported(module, "listing the client connections"):
        request, age_seconds, query, errors = _plan(module.params)
        if errors:
            module.fail_json(msg=" ".join(errors))

        client = create_client(module)
        context = dict(client_vpn_endpoint_id=request["ClientVpnEndpointId"], region=client.meta.region_name)
        connections, next_token = run_listing(module, client, OPERATION, request, "Connections", snake_list, context)
        connections = select_connections(
            connections, module.params["status"], age_seconds, module.params["common_names"]
        )
        exit_listing(module, OPERATION, "connections", connections, next_token, query)


if __name__ == "__main__":
    main()
