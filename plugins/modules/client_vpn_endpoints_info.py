#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_endpoints_info
short_description: List AWS Client VPN endpoints
version_added: 1.0.0
description:
  - Lists the Client VPN endpoints of a region, as C(aws ec2 describe-client-vpn-endpoints) does, or only those
    given by O(client_vpn_endpoint_ids) or selected by O(filters).
  - Reads every page of results, so the list is complete however many endpoints there are.
  - Each endpoint has the fields that the API returns, with snake_case names, except RV(client_vpn_endpoints[].tags),
    which is a dict of tag key to value.
  - Optionally applies a JMESPath O(query) to the result, as the AWS CLI's C(--query) does.
options:
  client_vpn_endpoint_ids:
    description:
      - The IDs of the endpoints to list, each C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
      - An id that does not exist in the region fails the task.
      - When not given, or empty, every endpoint of the region is listed (subject to O(filters)).
    type: list
    elements: str
  filters:
    description:
      - API filters, a dict of filter name to a value or a list of values.
      - Valid names are V(endpoint-id) and V(transport-protocol) (V(tcp) or V(udp)); names and values are
        case-sensitive.
      - The values of one filter are OR'ed, and filters are AND'ed, as in the API.
    type: dict
    default: {}
  page_size:
    description:
      - How many endpoints to ask for in each API request (C(MaxResults)), from 5 to 1000.
    type: int
    default: 1000
  max_items:
    description:
      - Stop after reading this many endpoints and return RV(next_token) to continue from there, as the AWS CLI's
        C(--max-items).
    type: int
  starting_token:
    description:
      - Continue a listing where an earlier call with O(max_items) stopped, from its RV(next_token).
      - Use the same O(client_vpn_endpoint_ids) and O(filters) as that call.
    type: str
  query:
    description:
      - A JMESPath expression applied to a document with one key, C(client_vpn_endpoints), holding
        RV(client_vpn_endpoints) (with the snake_case names); its result is returned as RV(query_result).
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
      - In check mode the module sends a single C(DescribeClientVpnEndpoints) request with C(DryRun) set, which
        checks the IAM permission (and that the given endpoints exist) without reading any endpoint. It returns
        an empty RV(client_vpn_endpoints) list and RV(dry_run=true).
      - Set the task keyword C(check_mode) to V(false) when later tasks need the endpoints during
        C(--check).
  diff_mode:
    support: none
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
notes:
  - Needs the IAM permission C(ec2:DescribeClientVpnEndpoints).
seealso:
  - module: vpnops.aws.client_vpn_connections_info
  - module: vpnops.aws.client_vpn_connection
  - name: DescribeClientVpnEndpoints API
    description: The AWS API reference for the call this module makes.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnEndpoints.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: List every Client VPN endpoint of a region
  vpnops.aws.client_vpn_endpoints_info:
    region: eu-west-1
  register: endpoints

- name: Show the endpoints tagged for production
  ansible.builtin.debug:
    msg: "{{ endpoints.client_vpn_endpoints | selectattr('tags.env', 'defined')
             | selectattr('tags.env', 'equalto', 'prod') | map(attribute='client_vpn_endpoint_id') | list }}"

- name: One endpoint
  vpnops.aws.client_vpn_endpoints_info:
    client_vpn_endpoint_ids: [cvpn-endpoint-0123456789abcdef0]
  register: one

- name: Endpoints that use UDP
  vpnops.aws.client_vpn_endpoints_info:
    filters:
      transport-protocol: udp

- name: Only the ids of the available endpoints, with a JMESPath query
  vpnops.aws.client_vpn_endpoints_info:
    query: "client_vpn_endpoints[?status.code == 'available'].client_vpn_endpoint_id"
  register: available

- name: Terminate a user's connections on every endpoint
  vpnops.aws.client_vpn_connection:
    client_vpn_endpoint_id: "{{ item }}"
    username: alice
  loop: "{{ available.query_result }}"
"""

RETURN = r"""
client_vpn_endpoints:
  description:
    - The endpoints, in the order the API returned them; an empty list when none match.
    - Each has the API's fields in snake_case; those that AWS does not give for an endpoint are absent.
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
      description: The description of the endpoint.
      returned: when it has one
      type: str
      sample: Staff VPN
    status:
      description: The state of the endpoint.
      returned: always
      type: dict
      contains:
        code:
          description: V(pending-associate), V(available), V(deleting), V(deleted) or V(pending).
          returned: always
          type: str
          sample: available
        message:
          description: A message about the state, when AWS gives one.
          returned: when AWS gives one
          type: str
    creation_time:
      description: When the endpoint was created (UTC).
      returned: always
      type: str
      sample: "2026-01-12 09:30:00"
    deletion_time:
      description: When the endpoint was deleted (UTC).
      returned: when it was deleted
      type: str
    dns_name:
      description: The DNS name that clients use to connect, with a leading C(*.).
      returned: always
      type: str
      sample: "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-1.amazonaws.com"
    client_cidr_block:
      description: The IPv4 address range from which client addresses are assigned.
      returned: when the endpoint assigns IPv4 addresses
      type: str
      sample: 10.0.0.0/22
    dns_servers:
      description: The DNS servers clients use, when set.
      returned: when set
      type: list
      elements: str
      sample: [10.1.0.2]
    split_tunnel:
      description: Whether split-tunnel is enabled.
      returned: always
      type: bool
      sample: true
    vpn_protocol:
      description: The VPN protocol, V(openvpn).
      returned: always
      type: str
      sample: openvpn
    transport_protocol:
      description: The transport protocol, V(tcp) or V(udp).
      returned: always
      type: str
      sample: udp
    vpn_port:
      description: The port number of the endpoint.
      returned: always
      type: int
      sample: 443
    associated_target_networks:
      description: Deprecated by AWS; the target networks are listed by C(DescribeClientVpnTargetNetworks).
      returned: when AWS gives it
      type: list
      elements: dict
    server_certificate_arn:
      description: The ARN of the server certificate.
      returned: always
      type: str
      sample: arn:aws:acm:eu-west-1:123456789012:certificate/0b8c7f2e-4d1a-4b6e-9c3f-2a5d8e7f1b3c
    authentication_options:
      description:
        - How clients authenticate, one entry per method, of the type in
          RV(client_vpn_endpoints[].authentication_options[].type).
      returned: always
      type: list
      elements: dict
      sample: [{"type": "certificate-authentication", "mutual_authentication": {"client_root_certificate_chain":
               "arn:aws:acm:eu-west-1:123456789012:certificate/5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b"}}]
      contains:
        type:
          description: V(certificate-authentication), V(directory-service-authentication) or
            V(federated-authentication).
          returned: always
          type: str
    connection_log_options:
      description: The connection logging settings.
      returned: always
      type: dict
      sample: {"enabled": true, "cloudwatch_log_group": "/vpn/staff", "cloudwatch_log_stream": "connections"}
    tags:
      description:
        - The tags of the endpoint, as a dict of tag key to value. Tag keys are kept exactly as they are in AWS.
        - An empty dict when the endpoint has no tags.
      returned: always
      type: dict
      sample: {"Name": "staff-vpn", "env": "prod"}
    security_group_ids:
      description: The IDs of the security groups of the endpoint's network interfaces.
      returned: when the endpoint is associated with a VPC
      type: list
      elements: str
      sample: [sg-0123456789abcdef0]
    vpc_id:
      description: The ID of the VPC of those security groups.
      returned: when the endpoint is associated with a VPC
      type: str
      sample: vpc-0123456789abcdef0
    self_service_portal_url:
      description: The URL of the self-service portal.
      returned: when the self-service portal is enabled
      type: str
    client_connect_options:
      description: The client connect handler settings (C(enabled), C(lambda_function_arn), C(status)).
      returned: always
      type: dict
      sample: {"enabled": false, "status": {"code": "applied"}}
    session_timeout_hours:
      description: The maximum VPN session duration, in hours.
      returned: always
      type: int
      sample: 24
    client_login_banner_options:
      description: The banner shown on the AWS provided client (C(enabled), C(banner_text)).
      returned: always
      type: dict
      sample: {"enabled": false}
    client_route_enforcement_options:
      description: The client route enforcement settings (C(enforced)).
      returned: when AWS gives it
      type: dict
      sample: {"enforced": false}
    disconnect_on_session_timeout:
      description: Whether clients are disconnected when the session times out.
      returned: when AWS gives it
      type: bool
      sample: true
    endpoint_ip_address_type:
      description: The IP address type of the endpoint, V(ipv4), V(ipv6) or V(dual-stack).
      returned: when AWS gives it
      type: str
      sample: ipv4
    traffic_ip_address_type:
      description: The IP address type of the traffic through the endpoint, V(ipv4), V(ipv6) or V(dual-stack).
      returned: when AWS gives it
      type: str
      sample: ipv4
    transit_gateway_configuration:
      description: The transit gateway attachment of the endpoint.
      returned: when the endpoint is attached to a transit gateway
      type: dict
    device_posture_options:
      description: The device posture trust providers of the endpoint.
      returned: when AWS gives it
      type: dict
next_token:
  description:
    - Pass this as O(starting_token) to continue the listing.
  returned: when O(max_items) stopped the listing before its end
  type: str
query_result:
  description:
    - The result of O(query) over a document whose one key, C(client_vpn_endpoints), holds RV(client_vpn_endpoints).
  returned: when O(query) is given
  type: raw
  sample: [cvpn-endpoint-0123456789abcdef0]
dry_run:
  description: Whether the result comes from a C(DryRun) request (check mode) rather than a listing.
  returned: in check mode
  type: bool
  sample: true
msg:
  description: What the dry run found.
  returned: in check mode
  type: str
  sample: DescribeClientVpnEndpoints would have succeeded; check mode sent it with DryRun set.
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import ENDPOINT_FILTERS
from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import endpoint_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.connection import create_client
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported
from ansible_collections.vpnops.aws.plugins.module_utils.listing import exit_listing
from ansible_collections.vpnops.aws.plugins.module_utils.listing import listing_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.listing import plan_listing
from ansible_collections.vpnops.aws.plugins.module_utils.listing import run_listing
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_dict

OPERATION = "DescribeClientVpnEndpoints"


def _argument_spec():
    return listing_argument_spec(client_vpn_endpoint_ids=dict(type="list", elements="str"))


def _tag_dict(tags):
    """{key: value} for the API's [{'Key': ..., 'Value': ...}] tag list; keys are kept exactly."""
    return {tag["Key"]: tag.get("Value", "") for tag in tags or [] if "Key" in tag}


def _convert(endpoints):
    """The endpoints in snake_case, with tags as a dict of key to value."""
    converted = []
    for endpoint in endpoints:
        item = snake_dict(endpoint)
        item["tags"] = _tag_dict(endpoint.get("Tags"))
        converted.append(item)
    return converted


def _endpoint_ids(values):
    """(the ids without duplicates, in order, error messages)."""
    values = list(dict.fromkeys(values or []))
    errors = [f"In client_vpn_endpoint_ids: {error}" for error in map(endpoint_id_error, values) if error]
    return values, errors


def _plan(params):
    """(request parameters, compiled query, errors) from the validated options."""
    endpoint_ids, id_errors = _endpoint_ids(params["client_vpn_endpoint_ids"])
    request = {"ClientVpnEndpointIds": endpoint_ids} if endpoint_ids else {}
    query, errors = plan_listing(params, request, ENDPOINT_FILTERS)
    return request, query, id_errors + errors


def main():
    module = AnsibleModule(
        argument_spec=_argument_spec(),
        mutually_exclusive=aws_mutually_exclusive(),
        supports_check_mode=True,
    )
    with failures_reported(module, "listing the Client VPN endpoints"):
        request, query, errors = _plan(module.params)
        if errors:
            module.fail_json(msg=" ".join(errors))

        client = create_client(module)
        context = dict(
            client_vpn_endpoint_id=", ".join(request.get("ClientVpnEndpointIds", [])) or None,
            region=client.meta.region_name,
        )
        endpoints, next_token = run_listing(module, client, OPERATION, request, "ClientVpnEndpoints", _convert, context)
        exit_listing(module, OPERATION, "client_vpn_endpoints", endpoints, next_token, query)


if __name__ == "__main__":
    main()
