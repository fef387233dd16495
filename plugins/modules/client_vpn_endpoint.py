#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_endpoint
short_description: Create, modify and delete AWS Client VPN endpoints
version_added: 1.1.0
description:
  - Creates an AWS Client VPN endpoint, changes the attributes that AWS can change in place, manages its tags, and
    deletes it (first disassociating its target networks).
  - The endpoint is the one O(client_vpn_endpoint_id) names or, without it, the one whose C(Name) tag is O(name).
    With O(state=present) and no endpoint of that name, one is created. Two endpoints with that name fail the task,
    naming both, before anything changes.
  - Options not given are left as they are (on creation, AWS's defaults apply). Every option is checked before any
    request. What AWS cannot change in place (O(client_cidr_block), O(authentication_options),
    O(transport_protocol), O(endpoint_ip_address_type), O(traffic_ip_address_type)) fails the task before anything
    changes, naming each attribute with its current and wanted values.
  - O(disconnect_on_session_timeout), O(endpoint_ip_address_type) and O(traffic_ip_address_type) need a botocore newer
    than the oldest one supported (see each option). With an older one, a task that would send such an option fails
    before it changes anything, naming the option and the botocore release needed. As that botocore cannot read the
    attribute from AWS's answer either, the option is not compared with an existing endpoint; the attribute is left
    as it is, and a warning says so.
  - All the attributes AWS can change in place are changed with one C(ModifyClientVpnEndpoint) request, then the
    tags with C(DeleteTags) and C(CreateTags).
  - Creation sends a C(ClientToken) derived from the creation request (a SHA-256 of the options and tags, the name
    included). botocore's retries resend the same request, and a retried task (after a lost answer, for example)
    sends the same token again, so AWS returns the endpoint the first attempt created instead of making a second
    one. A token that AWS answers with an endpoint being deleted (the same task run again after a deletion) is
    followed by one more request with a token derived from that endpoint's id.
options:
  state:
    description:
      - V(present) creates or updates the endpoint; V(absent) deletes it.
      - With V(absent) only O(client_vpn_endpoint_id) or O(name), O(wait), O(wait_timeout) and the connection options
        are used.
    type: str
    choices: [present, absent]
    default: present
  client_vpn_endpoint_id:
    description:
      - The ID of the endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
      - With O(state=present) the endpoint must exist; to create one, give O(name) instead.
      - One of O(client_vpn_endpoint_id) and O(name) is required.
    type: str
  name:
    description:
      - The endpoint's C(Name) tag, which finds the endpoint when O(client_vpn_endpoint_id) is not given.
      - With O(client_vpn_endpoint_id), the C(Name) tag is set to it.
      - The C(Name) tag is kept when O(purge_tags=true) removes other tags.
    type: str
  description:
    description: A description of the endpoint.
    type: str
  server_certificate_arn:
    description:
      - The ARN of the server certificate in AWS Certificate Manager,
        C(arn:aws:acm:<region>:<account>:certificate/<id>).
      - Required to create an endpoint.
    type: str
  client_cidr_block:
    description:
      - The IPv4 range, from V(/12) to V(/22), from which client addresses are assigned, for example
        V(172.16.0.0/22).
      - Required to create an endpoint, unless O(traffic_ip_address_type=ipv6). Cannot change in place.
    type: str
  authentication_options:
    description:
      - How clients authenticate, with one or two options in the API's C(AuthenticationOptions) request shape. Not
        C(directory-service-authentication) and C(federated-authentication) together.
      - Required to create an endpoint. Cannot change in place. Compared without regard to order.
    type: list
    elements: dict
    suboptions:
      type:
        description: The kind of authentication; its suboption of the same name is required.
        type: str
        required: true
        choices: [certificate-authentication, directory-service-authentication, federated-authentication]
      mutual_authentication:
        description: For V(certificate-authentication).
        type: dict
        suboptions:
          client_root_certificate_chain_arn:
            description: The ARN of the client root certificate chain in AWS Certificate Manager.
            type: str
            required: true
      active_directory:
        description: For V(directory-service-authentication).
        type: dict
        suboptions:
          directory_id:
            description: The ID of the AWS Directory Service directory, C(d-) and 10 hexadecimal digits.
            type: str
            required: true
      federated_authentication:
        description: For V(federated-authentication).
        type: dict
        suboptions:
          saml_provider_arn:
            description: The ARN of the IAM SAML identity provider.
            type: str
            required: true
          self_service_saml_provider_arn:
            description: The ARN of the IAM SAML identity provider for the self-service portal.
            type: str
  connection_log_options:
    description:
      - Connection logging to CloudWatch Logs. Creation without it sends C(Enabled=false) (the API requires the
        option).
      - Only the suboptions given are compared; with O(connection_log_options.enabled=false) the others are ignored.
    type: dict
    suboptions:
      enabled:
        description: Whether connection logging is on.
        type: bool
        required: true
      cloudwatch_log_group:
        description: The log group. Required when O(connection_log_options.enabled=true).
        type: str
      cloudwatch_log_stream:
        description: The log stream (AWS creates one when not given).
        type: str
  dns_servers:
    description:
      - Up to two DNS server IP addresses for the clients. V([]) removes custom DNS servers, so clients use the
        VPC's.
      - Order matters (the first is the primary).
    type: list
    elements: str
  transport_protocol:
    description: The transport protocol (AWS's default V(udp)). Cannot change in place.
    type: str
    choices: [udp, tcp]
  vpn_port:
    description: The port clients connect to (AWS's default V(443)).
    type: int
    choices: [443, 1194]
  split_tunnel:
    description: Whether only traffic to the endpoint's routes goes through the VPN (AWS's default V(false)).
    type: bool
  vpc_id:
    description: The VPC whose security groups apply to the endpoint, C(vpc-) and 8 or 17 hexadecimal digits.
    type: str
  security_group_ids:
    description:
      - One to five security groups of the VPC (O(vpc_id), or the endpoint's VPC), C(sg-) and 8 or 17 hexadecimal
        digits. Compared without regard to order.
    type: list
    elements: str
  self_service_portal:
    description: Whether the self-service portal is on (needs federated authentication). AWS's default V(disabled).
    type: str
    choices: [enabled, disabled]
  session_timeout_hours:
    description: The maximum VPN session duration, in hours (AWS's default V(24)).
    type: int
    choices: [8, 10, 12, 24]
  disconnect_on_session_timeout:
    description:
      - Whether clients are disconnected when the session times out.
      - Needs botocore 1.35.98 or later (and boto3 of the same release).
    type: bool
  client_login_banner:
    description:
      - The banner the AWS VPN client shows when a session is established.
      - With O(client_login_banner.enabled=false) the text is ignored.
    type: dict
    suboptions:
      enabled:
        description: Whether the banner is shown.
        type: bool
        required: true
      banner_text:
        description: The text, at most 1400 characters. Required when O(client_login_banner.enabled=true).
        type: str
  client_connect_options:
    description:
      - A Lambda function that authorizes new connections.
      - With O(client_connect_options.enabled=false) the function is ignored.
    type: dict
    suboptions:
      enabled:
        description: Whether the function is called.
        type: bool
        required: true
      lambda_function_arn:
        description:
          - The ARN of the function (its name starts with C(AWSClientVPN-)). Required when
            O(client_connect_options.enabled=true).
        type: str
  endpoint_ip_address_type:
    description:
      - The IP address type of the endpoint itself (AWS's default V(ipv4)). Cannot change in place.
      - Needs botocore 1.40.17 or later (and boto3 of the same release).
    type: str
    choices: [ipv4, ipv6, dual-stack]
  traffic_ip_address_type:
    description:
      - The IP address type of the traffic through the VPN (AWS's default V(ipv4)). Cannot change in place.
      - Needs botocore 1.40.17 or later (and boto3 of the same release).
    type: str
    choices: [ipv4, ipv6, dual-stack]
  tags:
    description:
      - Tags of the endpoint. When not given, the tags are left as they are (apart from O(name)).
      - Keys starting with C(aws:) are reserved. A C(Name) tag here must agree with O(name).
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - With O(tags) given, remove the tags that O(tags) does not list; never C(aws:) tags, nor the C(Name) tag
        (which only O(name) changes).
    type: bool
    default: true
  wait:
    description:
      - Wait, polling C(DescribeClientVpnEndpoints) every 5 seconds, until a created endpoint reads
        V(pending-associate) or V(available), until a changed Lambda authorizer reads V(applied), and, with
        O(state=absent), until the endpoint is gone.
      - Deleting an endpoint always waits for its target networks to be disassociated first (AWS refuses to delete
        an endpoint that has associations), whatever O(wait) says.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds, for each of the waits above. At least V(1).
      - The default allows for AWS, where disassociating target networks and deleting an endpoint take several
        minutes.
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
      - Reads the endpoint (and, for O(state=absent), its target networks), predicts C(changed) and the result,
        and sends each request it would make (C(CreateClientVpnEndpoint), C(ModifyClientVpnEndpoint),
        C(CreateTags), C(DeleteTags), C(DisassociateClientVpnTargetNetwork), C(DeleteClientVpnEndpoint)) with
        C(DryRun) set, so missing IAM permissions fail the task. Nothing is changed, and nothing is waited for.
      - RV(client_vpn_endpoint) is the prediction; a new endpoint has no id yet.
  diff_mode:
    support: full
    details:
      - The diff shows the attributes this module manages (and the tags) before and after; an absent endpoint is
        V({}).
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
notes:
  - Needs the IAM permissions C(ec2:DescribeClientVpnEndpoints), C(ec2:CreateClientVpnEndpoint),
    C(ec2:ModifyClientVpnEndpoint), C(ec2:DeleteClientVpnEndpoint), C(ec2:CreateTags), C(ec2:DeleteTags), and for
    O(state=absent) C(ec2:DescribeClientVpnTargetNetworks) and C(ec2:DisassociateClientVpnTargetNetwork).
  - AWS applies one change at a time to an endpoint. A request refused with C(ConcurrentMutationLimitExceeded) is
    retried with backoff within the attempts that C(retries.max_attempts) of O(aws_config) allows.
  - Associating subnets, authorization rules and routes are the business of M(vpnops.aws.client_vpn_target_network),
    M(vpnops.aws.client_vpn_authorization_rule) and M(vpnops.aws.client_vpn_route).
seealso:
  - module: vpnops.aws.client_vpn_endpoints_info
  - module: vpnops.aws.client_vpn_target_network
  - module: vpnops.aws.client_vpn_authorization_rule
  - module: vpnops.aws.client_vpn_route
  - module: vpnops.aws.client_vpn_client_configuration
  - name: CreateClientVpnEndpoint API
    description: The AWS API reference for creating an endpoint, with the meaning of each attribute.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateClientVpnEndpoint.html
  - name: ModifyClientVpnEndpoint API
    description: What AWS can change on an existing endpoint.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyClientVpnEndpoint.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Create an endpoint for the engineers (or leave it as it is)
  vpnops.aws.client_vpn_endpoint:
    name: engineering-vpn
    description: Engineering remote access
    server_certificate_arn: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9
    client_cidr_block: 172.16.0.0/22
    authentication_options:
      - type: certificate-authentication
        mutual_authentication:
          client_root_certificate_chain_arn: >-
            arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9
    connection_log_options:
      enabled: false
    split_tunnel: true
    vpc_id: vpc-0123456789abcdef0
    security_group_ids: [sg-0123456789abcdef0]
    dns_servers: [10.0.0.2]
    session_timeout_hours: 12
    tags:
      team: network
  register: engineering

- name: Show its DNS name
  ansible.builtin.debug:
    msg: "{{ engineering.client_vpn_endpoint.dns_name }}"

- name: Preview a change without making it (the diff shows before and after)
  vpnops.aws.client_vpn_endpoint:
    name: engineering-vpn
    vpn_port: 1194
    client_login_banner:
      enabled: true
      banner_text: Authorized users only.
  check_mode: true
  diff: true

- name: Change the port and show a banner, by id this time
  vpnops.aws.client_vpn_endpoint:
    client_vpn_endpoint_id: "{{ engineering.client_vpn_endpoint_id }}"
    vpn_port: 1194
    client_login_banner:
      enabled: true
      banner_text: Authorized users only.

- name: Delete it, disassociating its subnets first, and wait until it is gone
  vpnops.aws.client_vpn_endpoint:
    name: engineering-vpn
    state: absent
"""

RETURN = r"""
client_vpn_endpoint_id:
  description: The ID of the endpoint; absent when there is none (O(state=absent), or a creation in check mode).
  returned: when there is an endpoint
  type: str
  sample: cvpn-endpoint-0123456789abcdef0
client_vpn_endpoint:
  description:
    - The endpoint as C(DescribeClientVpnEndpoints) describes it after the task, snake_cased, with the tags as a
      dict. In check mode, the prediction, that is the endpoint as read with the changes applied (the URL of a
      self-service portal being enabled, which AWS assigns, is not known yet).
    - V({}) when there is no endpoint after the task (O(state=absent) with O(wait=true), or nothing to delete).
  returned: always
  type: dict
  contains:
    client_vpn_endpoint_id:
      description: The ID of the endpoint.
      returned: except for a creation in check mode
      type: str
      sample: cvpn-endpoint-0123456789abcdef0
    description:
      description: The description.
      returned: when set
      type: str
    status:
      description: The state, C(code) V(pending-associate), V(available), V(deleting) or V(deleted), and C(message).
      returned: except in check mode
      type: dict
      sample: {"code": "pending-associate"}
    dns_name:
      description: The DNS name clients connect to.
      returned: except in check mode
      type: str
      sample: "*.cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com"
    client_cidr_block:
      description: The client address range.
      returned: when known
      type: str
      sample: 172.16.0.0/22
    dns_servers:
      description: The custom DNS servers.
      returned: when set
      type: list
      elements: str
    split_tunnel:
      description: Whether split tunnel is on.
      returned: when known
      type: bool
    transport_protocol:
      description: V(udp) or V(tcp).
      returned: when known
      type: str
    vpn_port:
      description: The port.
      returned: when known
      type: int
      sample: 443
    server_certificate_arn:
      description: The server certificate's ARN.
      returned: when known
      type: str
    authentication_options:
      description: The authentication options, in the response shape (for example C(mutual_authentication) with
        C(client_root_certificate_chain)).
      returned: when known
      type: list
      elements: dict
    connection_log_options:
      description: C(enabled), C(cloudwatch_log_group), C(cloudwatch_log_stream).
      returned: when known
      type: dict
    vpc_id:
      description: The VPC.
      returned: when set
      type: str
    security_group_ids:
      description: The security groups.
      returned: when set
      type: list
      elements: str
    self_service_portal_url:
      description: The self-service portal's URL, when the portal is on.
      returned: when the portal is on
      type: str
    session_timeout_hours:
      description: The maximum session duration.
      returned: when known
      type: int
    client_login_banner_options:
      description: C(enabled) and C(banner_text).
      returned: when known
      type: dict
    client_connect_options:
      description: C(enabled), C(lambda_function_arn) and C(status).
      returned: when known
      type: dict
    tags:
      description: The tags, as a dict.
      returned: always
      type: dict
      sample: {"Name": "engineering-vpn", "team": "network"}
diff:
  description: The managed attributes (option names) and tags before and after.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: Before the task; V({}) when there was no endpoint.
      returned: in diff mode
      type: dict
    after:
      description: After the task (in check mode, the prediction); V({}) when there is none.
      returned: in diff mode
      type: dict
"""

import hashlib
import ipaddress
import json
import re

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import endpoint_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.compare import differences
from ansible_collections.vpnops.aws.plugins.module_utils.compare import immutable_message
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.connection import create_client
from ansible_collections.vpnops.aws.plugins.module_utils.dry_run import dry_run
from ansible_collections.vpnops.aws.plugins.module_utils.errors import aws_errors
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported
from ansible_collections.vpnops.aws.plugins.module_utils.model_support import unreadable
from ansible_collections.vpnops.aws.plugins.module_utils.model_support import unreadable_message
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_dict
from ansible_collections.vpnops.aws.plugins.module_utils.paging import paginate
from ansible_collections.vpnops.aws.plugins.module_utils.resource import apply_changes
from ansible_collections.vpnops.aws.plugins.module_utils.resource import exit_resource
from ansible_collections.vpnops.aws.plugins.module_utils.resource import fail_api
from ansible_collections.vpnops.aws.plugins.module_utils.resource import fail_unsendable
from ansible_collections.vpnops.aws.plugins.module_utils.resource import wait_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.resource import wait_timeout_error
from ansible_collections.vpnops.aws.plugins.module_utils.resource import wait_until
from ansible_collections.vpnops.aws.plugins.module_utils.status_wait import StatusWait
from ansible_collections.vpnops.aws.plugins.module_utils.tags import boto3_tags_to_dict
from ansible_collections.vpnops.aws.plugins.module_utils.tags import compare_tags
from ansible_collections.vpnops.aws.plugins.module_utils.tags import tag_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.tags import tag_changes
from ansible_collections.vpnops.aws.plugins.module_utils.tags import tag_errors
from ansible_collections.vpnops.aws.plugins.module_utils.tags import tag_specifications
from ansible_collections.vpnops.aws.plugins.module_utils.tags import tags_after

DESCRIBE = "DescribeClientVpnEndpoints"
CREATE = "CreateClientVpnEndpoint"
MODIFY = "ModifyClientVpnEndpoint"
DELETE = "DeleteClientVpnEndpoint"
DESCRIBE_NETWORKS = "DescribeClientVpnTargetNetworks"
DISASSOCIATE = "DisassociateClientVpnTargetNetwork"
NOT_FOUND = "InvalidClientVpnEndpointId.NotFound"
ASSOCIATIONS_EXIST = "ClientVpnEndpointAssociationExists"
PAGE_SIZE = 1000
# Endpoints in these states are on their way out: they neither match a name nor are deleted again.
GONE_STATUSES = ("deleting", "deleted")
READY_STATUSES = ("pending-associate", "available")
# Associations that still need a DisassociateClientVpnTargetNetwork request.
ASSOCIATED_STATUSES = ("associating", "associated")

ENDPOINT_STATUS = StatusWait(
    operation=DESCRIBE,
    statuses="ClientVpnEndpoints[].Status.Code",
    gone_error_codes=(NOT_FOUND,),
    what="Client VPN endpoint",
)
CLIENT_CONNECT_STATUS = StatusWait(
    operation=DESCRIBE,
    statuses="ClientVpnEndpoints[].ClientConnectOptions.Status.Code",
    what="Client VPN endpoint's client connect handler",
)
ASSOCIATIONS = StatusWait(
    operation=DESCRIBE_NETWORKS,
    statuses="ClientVpnTargetNetworks[].Status.Code",
    what="Client VPN endpoint's target network associations",
)

IMMUTABLE = (
    "client_cidr_block",
    "authentication_options",
    "transport_protocol",
    "endpoint_ip_address_type",
    "traffic_ip_address_type",
)
MODIFIABLE = (
    "description",
    "server_certificate_arn",
    "connection_log_options",
    "dns_servers",
    "vpn_port",
    "split_tunnel",
    "vpc_id",
    "security_group_ids",
    "self_service_portal",
    "session_timeout_hours",
    "disconnect_on_session_timeout",
    "client_login_banner",
    "client_connect_options",
)
# The shape of an endpoint in DescribeClientVpnEndpoints' answer, and its member that holds each managed attribute.
ENDPOINT_SHAPE = "ClientVpnEndpoint"
ANSWER_MEMBERS = {
    "client_cidr_block": "ClientCidrBlock",
    "authentication_options": "AuthenticationOptions",
    "transport_protocol": "TransportProtocol",
    "endpoint_ip_address_type": "EndpointIpAddressType",
    "traffic_ip_address_type": "TrafficIpAddressType",
    "description": "Description",
    "server_certificate_arn": "ServerCertificateArn",
    "connection_log_options": "ConnectionLogOptions",
    "dns_servers": "DnsServers",
    "vpn_port": "VpnPort",
    "split_tunnel": "SplitTunnel",
    "vpc_id": "VpcId",
    "security_group_ids": "SecurityGroupIds",
    "self_service_portal": "SelfServicePortalUrl",
    "session_timeout_hours": "SessionTimeoutHours",
    "disconnect_on_session_timeout": "DisconnectOnSessionTimeout",
    "client_login_banner": "ClientLoginBannerOptions",
    "client_connect_options": "ClientConnectOptions",
}
# The option behind each request member whose name is not the option's in CamelCase, for messages.
REQUEST_OPTIONS = {
    "ClientLoginBannerOptions": "client_login_banner",
    "TagSpecifications": "tags",
}
REQUIRED_TO_CREATE = ("server_certificate_arn", "authentication_options")
IMMUTABLE_HINT = (
    "Delete the endpoint (state: absent) and create it again with the new values, or leave these "
    "options out of the task."
)

_ACM_ARN = re.compile(r"arn:aws[a-z-]*:acm:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:certificate/[0-9A-Za-z-]{1,128}")
_SAML_ARN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:saml-provider/[\w+=,.@-]{1,128}")
_LAMBDA_ARN = re.compile(r"arn:aws[a-z-]*:lambda:[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:function:[\w-]{1,64}(?::[\w$-]+)?")
_LOG_NAME = re.compile(r"[\w./#-]{1,512}")
_DIRECTORY_ID = re.compile(r"d-[0-9a-f]{10}")
_VPC_ID = re.compile(r"vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})")
_SG_ID = re.compile(r"sg-(?:[0-9a-f]{8}|[0-9a-f]{17})")
ACM_ARN_FORM = "an ACM certificate ARN, arn:aws:acm:<region>:<12-digit account>:certificate/<id>"
AUTH_MEMBERS = {
    "certificate-authentication": ("mutual_authentication", "client_root_certificate_chain_arn"),
    "directory-service-authentication": ("active_directory", "directory_id"),
    "federated-authentication": ("federated_authentication", "saml_provider_arn"),
}
MAX_BANNER = 1400
MAX_DESCRIPTION = 255
MAX_SECURITY_GROUPS = 5
MAX_DNS_SERVERS = 2


def _enabled_options(**suboptions):
    return dict(type="dict", options=dict(enabled=dict(type="bool", required=True), **suboptions))


def _authentication_spec():
    return dict(
        type="list",
        elements="dict",
        options=dict(
            type=dict(type="str", required=True, choices=list(AUTH_MEMBERS)),
            mutual_authentication=dict(
                type="dict", options=dict(client_root_certificate_chain_arn=dict(type="str", required=True))
            ),
            active_directory=dict(type="dict", options=dict(directory_id=dict(type="str", required=True))),
            federated_authentication=dict(
                type="dict",
                options=dict(
                    saml_provider_arn=dict(type="str", required=True), self_service_saml_provider_arn=dict(type="str")
                ),
            ),
        ),
    )


def _argument_spec():
    ip_types = ["ipv4", "ipv6", "dual-stack"]
    spec = dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        client_vpn_endpoint_id=dict(type="str"),
        name=dict(type="str"),
        description=dict(type="str"),
        server_certificate_arn=dict(type="str"),
        client_cidr_block=dict(type="str"),
        authentication_options=_authentication_spec(),
        connection_log_options=_enabled_options(
            cloudwatch_log_group=dict(type="str"), cloudwatch_log_stream=dict(type="str")
        ),
        dns_servers=dict(type="list", elements="str"),
        transport_protocol=dict(type="str", choices=["udp", "tcp"]),
        vpn_port=dict(type="int", choices=[443, 1194]),
        split_tunnel=dict(type="bool"),
        vpc_id=dict(type="str"),
        security_group_ids=dict(type="list", elements="str"),
        self_service_portal=dict(type="str", choices=["enabled", "disabled"]),
        session_timeout_hours=dict(type="int", choices=[8, 10, 12, 24]),
        disconnect_on_session_timeout=dict(type="bool"),
        client_login_banner=_enabled_options(banner_text=dict(type="str")),
        client_connect_options=_enabled_options(lambda_function_arn=dict(type="str")),
        endpoint_ip_address_type=dict(type="str", choices=ip_types),
        traffic_ip_address_type=dict(type="str", choices=ip_types),
    )
    spec.update(tag_argument_spec())
    spec.update(wait_argument_spec(1200))
    spec.update(aws_argument_spec())
    return spec


# Validation: each function returns a list of messages, each naming the option, the bad value and what is allowed.


def _form_error(option, value, pattern, form):
    if isinstance(value, str) and pattern.fullmatch(value):
        return []
    return [f"{option} {value!r} is not valid: expected {form}."]


def _cidr_errors(value):
    if value is None:
        return []
    try:
        network = ipaddress.IPv4Network(value)
    except ValueError:
        return [
            f"client_cidr_block {value!r} is not an IPv4 network in CIDR notation (host bits clear): expected "
            "a block from /12 to /22, such as 172.16.0.0/22."
        ]
    if "/" not in value or not 12 <= network.prefixlen <= 22:
        return [f"client_cidr_block {value!r} is not valid: the prefix length must be from /12 to /22."]
    return []


def _one_authentication_errors(index, option):
    option_name = f"authentication_options[{index}]"
    member, field = AUTH_MEMBERS[option["type"]]
    others = [name for name, _field in AUTH_MEMBERS.values() if name != member and option.get(name) is not None]
    if option.get(member) is None:
        return [f"{option_name} has type {option['type']!r} but no {member}: give {member}.{field}."]
    errors = (
        [f"{option_name} has type {option['type']!r}, which takes {member} only, not {', '.join(others)}."]
        if others
        else []
    )
    value = option[member][field]
    if member == "mutual_authentication":
        errors += _form_error(f"{option_name}.{member}.{field}", value, _ACM_ARN, ACM_ARN_FORM)
    elif member == "active_directory":
        errors += _form_error(f"{option_name}.{member}.{field}", value, _DIRECTORY_ID, "d- and 10 hexadecimal digits")
    else:
        saml_form = "an IAM SAML provider ARN, arn:aws:iam::<12-digit account>:saml-provider/<name>"
        errors += _form_error(f"{option_name}.{member}.{field}", value, _SAML_ARN, saml_form)
        self_service = option[member].get("self_service_saml_provider_arn")
        if self_service is not None:
            errors += _form_error(
                f"{option_name}.{member}.self_service_saml_provider_arn", self_service, _SAML_ARN, saml_form
            )
    return errors


def _authentication_errors(options):
    if options is None:
        return []
    if not 1 <= len(options) <= 2:
        return [f"authentication_options has {len(options)} entries: give one or two."]
    errors = []
    for index, option in enumerate(options):
        errors += _one_authentication_errors(index, option)
    kinds = [option["type"] for option in options]
    if len(set(kinds)) != len(kinds):
        errors.append(f"authentication_options lists the type {kinds[0]!r} twice: each type at most once.")
    elif {"directory-service-authentication", "federated-authentication"} <= set(kinds):
        errors.append(
            "authentication_options cannot combine directory-service-authentication and "
            "federated-authentication; either may be combined with certificate-authentication."
        )
    return errors


def _log_errors(options):
    if options is None:
        return []
    group, stream = options.get("cloudwatch_log_group"), options.get("cloudwatch_log_stream")
    errors = []
    if options["enabled"] and group is None:
        errors.append(
            "connection_log_options.enabled is true but no cloudwatch_log_group is given: name the log "
            "group that receives the connection logs."
        )
    if stream is not None and group is None:
        errors.append(f"connection_log_options.cloudwatch_log_stream {stream!r} needs cloudwatch_log_group too.")
    for option, value in (("cloudwatch_log_group", group), ("cloudwatch_log_stream", stream)):
        if value is not None:
            errors += _form_error(
                f"connection_log_options.{option}", value, _LOG_NAME, "1 to 512 letters, digits and _ - . / #"
            )
    return errors


def _dns_errors(servers):
    if servers is None:
        return []
    errors = []
    if len(servers) > MAX_DNS_SERVERS:
        errors.append(f"dns_servers has {len(servers)} addresses: give at most {MAX_DNS_SERVERS} ([] for none).")
    for server in servers:
        try:
            ipaddress.ip_address(server)
        except ValueError:
            errors.append(f"dns_servers contains {server!r}, which is not an IP address.")
    return errors


def _network_errors(params):
    errors = []
    if params["vpc_id"] is not None:
        errors += _form_error("vpc_id", params["vpc_id"], _VPC_ID, "vpc- followed by 8 or 17 hexadecimal digits")
    groups = params["security_group_ids"]
    if groups is not None:
        if not 1 <= len(groups) <= MAX_SECURITY_GROUPS:
            errors.append(f"security_group_ids has {len(groups)} ids: give 1 to {MAX_SECURITY_GROUPS}.")
        for group in groups:
            errors += _form_error(
                "security_group_ids entry", group, _SG_ID, "sg- followed by 8 or 17 hexadecimal digits"
            )
        if len(set(groups)) != len(groups):
            errors.append(f"security_group_ids {groups!r} lists an id more than once.")
    return errors


def _switch_errors(params):
    errors = []
    banner = params["client_login_banner"]
    if banner is not None:
        text = banner.get("banner_text")
        if banner["enabled"] and not text:
            errors.append("client_login_banner.enabled is true but banner_text is empty: give the text to show.")
        if text is not None and len(text) > MAX_BANNER:
            errors.append(f"client_login_banner.banner_text has {len(text)} characters: at most {MAX_BANNER}.")
    connect = params["client_connect_options"]
    if connect is not None:
        arn = connect.get("lambda_function_arn")
        if connect["enabled"] and arn is None:
            errors.append("client_connect_options.enabled is true but no lambda_function_arn is given.")
        if arn is not None:
            errors += _form_error(
                "client_connect_options.lambda_function_arn",
                arn,
                _LAMBDA_ARN,
                "a Lambda function ARN, arn:aws:lambda:<region>:<account>:function:<name>",
            )
    return errors


def _identity_errors(params):
    errors = []
    if params["client_vpn_endpoint_id"] is not None:
        errors += [error for error in [endpoint_id_error(params["client_vpn_endpoint_id"])] if error]
    name = params["name"]
    if name is not None and not (name.strip() and len(name) <= 256):
        errors.append(f"name {name!r} is not valid: a Name tag value is 1 to 256 characters, not only spaces.")
    tag_name = (params["tags"] or {}).get("Name")
    if name is not None and tag_name is not None and tag_name != name:
        errors.append(f"tags has Name {tag_name!r} but name is {name!r}: give the name once, in name.")
    return errors + tag_errors(params["tags"])


def _input_errors(params):
    """Every message about the options (an empty list when all are valid); no request is made before this."""
    errors = _identity_errors(params)
    if params["state"] == "present":
        if params["server_certificate_arn"] is not None:
            errors += _form_error("server_certificate_arn", params["server_certificate_arn"], _ACM_ARN, ACM_ARN_FORM)
        if params["description"] is not None and len(params["description"]) > MAX_DESCRIPTION:
            errors.append(f"description has {len(params['description'])} characters: at most {MAX_DESCRIPTION}.")
        errors += _cidr_errors(params["client_cidr_block"])
        errors += _authentication_errors(params["authentication_options"])
        errors += _log_errors(params["connection_log_options"])
        errors += _dns_errors(params["dns_servers"])
        errors += _network_errors(params)
        errors += _switch_errors(params)
    error = wait_timeout_error(params)
    return errors + ([error] if error else [])


# The endpoint's attributes in the options' shapes, for comparison and the diff.


def _drop_none(values):
    return {key: value for key, value in values.items() if value is not None}


def _wanted_switch(value):
    """A dict option as compared: the suboptions given; only enabled when it is false (the rest does not apply)."""
    if value is None:
        return None
    return {"enabled": False} if not value["enabled"] else _drop_none(value)


def _wanted_authentication(options):
    if options is None:
        return None
    normalised = []
    for option in options:
        member = AUTH_MEMBERS[option["type"]][0]
        normalised.append({"type": option["type"], member: _drop_none(option[member])})
    return sorted(normalised, key=lambda option: option["type"])


def _wanted(params):
    """The managed attributes the task gives (None for those it does not)."""
    wanted = {name: params[name] for name in IMMUTABLE + MODIFIABLE}
    wanted["authentication_options"] = _wanted_authentication(params["authentication_options"])
    for name in ("connection_log_options", "client_login_banner", "client_connect_options"):
        wanted[name] = _wanted_switch(params[name])
    if params["security_group_ids"] is not None:
        wanted["security_group_ids"] = sorted(params["security_group_ids"])
    if params["client_cidr_block"] is not None:
        wanted["client_cidr_block"] = str(ipaddress.IPv4Network(params["client_cidr_block"]))
    return wanted


def _current_authentication(options):
    by_type = {
        "certificate-authentication": lambda o: {
            "mutual_authentication": {
                "client_root_certificate_chain_arn": o.get("MutualAuthentication", {}).get("ClientRootCertificateChain")
            }
        },
        "directory-service-authentication": lambda o: {
            "active_directory": {"directory_id": o.get("ActiveDirectory", {}).get("DirectoryId")}
        },
        "federated-authentication": lambda o: {
            "federated_authentication": _drop_none(
                {
                    "saml_provider_arn": o.get("FederatedAuthentication", {}).get("SamlProviderArn"),
                    "self_service_saml_provider_arn": o.get("FederatedAuthentication", {}).get(
                        "SelfServiceSamlProviderArn"
                    ),
                }
            )
        },
    }
    converted = [dict(type=o.get("Type"), **by_type.get(o.get("Type"), lambda o: {})(o)) for o in options]
    return sorted(converted, key=lambda option: option["type"] or "")


def _switch(value, names):
    """A response's option structure in the option's shape: {option suboption: value} for those present."""
    return _drop_none({option: (value or {}).get(api) for option, api in names.items()})


def _current(endpoint):
    """The managed attributes of an endpoint (API shape), in the options' shapes."""
    return {
        "client_cidr_block": endpoint.get("ClientCidrBlock"),
        "authentication_options": _current_authentication(endpoint.get("AuthenticationOptions", [])),
        "transport_protocol": endpoint.get("TransportProtocol"),
        "endpoint_ip_address_type": endpoint.get("EndpointIpAddressType"),
        "traffic_ip_address_type": endpoint.get("TrafficIpAddressType"),
        "description": endpoint.get("Description", ""),
        "server_certificate_arn": endpoint.get("ServerCertificateArn"),
        "connection_log_options": _switch(
            endpoint.get("ConnectionLogOptions"),
            {
                "enabled": "Enabled",
                "cloudwatch_log_group": "CloudwatchLogGroup",
                "cloudwatch_log_stream": "CloudwatchLogStream",
            },
        ),
        "dns_servers": endpoint.get("DnsServers", []),
        "vpn_port": endpoint.get("VpnPort"),
        "split_tunnel": endpoint.get("SplitTunnel"),
        "vpc_id": endpoint.get("VpcId"),
        "security_group_ids": sorted(endpoint.get("SecurityGroupIds", [])),
        "self_service_portal": "enabled" if endpoint.get("SelfServicePortalUrl") else "disabled",
        "session_timeout_hours": endpoint.get("SessionTimeoutHours"),
        "disconnect_on_session_timeout": endpoint.get("DisconnectOnSessionTimeout"),
        "client_login_banner": _switch(
            endpoint.get("ClientLoginBannerOptions"), {"enabled": "Enabled", "banner_text": "BannerText"}
        ),
        "client_connect_options": _switch(
            endpoint.get("ClientConnectOptions"), {"enabled": "Enabled", "lambda_function_arn": "LambdaFunctionArn"}
        ),
    }


def _comparable(current, wanted):
    """current with each dict option cut down to the suboptions wanted gives, so that only those are compared."""
    result = dict(current)
    for name, value in wanted.items():
        if isinstance(value, dict):
            section = current.get(name) or {}
            result[name] = {key: section.get(key) for key in value}
            if value.get("enabled") is False and section.get("enabled") is False:
                result[name] = {"enabled": False}
    return result


def _predicted(current, changes):
    """current with the changed attributes set to the wanted values (dict options merged)."""
    predicted = dict(current)
    for name, before, after in changes:
        merge = isinstance(after, dict) and after.get("enabled") is not False
        predicted[name] = dict(before or {}, **after) if merge else after
    return predicted


def _predicted_endpoint(endpoint, attribute_changes, values):
    """endpoint (API shape, as read) with the changes applied: the result of a modification in check mode.

    values are the attributes after the changes, in the options' shapes (_predicted()).  What AWS alone sets
    is left as read: the URL of a self-service portal being enabled, and the status of a client connect handler.
    """
    predicted = dict(endpoint)
    for name, _before, _after in attribute_changes:
        member, value = ANSWER_MEMBERS[name], values[name]
        if name == "self_service_portal":
            if value == "disabled":
                predicted.pop(member, None)
        elif name in _SWITCH_NAMES:
            kept = dict(endpoint.get(member) or {}) if value.get("enabled") else {}
            predicted[member] = dict(kept, **_api_switch(value, _SWITCH_NAMES[name]))
        else:
            predicted[member] = value
    return predicted


def _managed_view(attributes, tags):
    """The diff's view: the attributes AWS reports (None for those it does not), and the tags."""
    view = {name: value for name, value in attributes.items() if value is not None}
    view["tags"] = tags
    return view


# Requests.


def _api_authentication(options):
    to_api = {
        "mutual_authentication": lambda v: {
            "MutualAuthentication": {"ClientRootCertificateChainArn": v["client_root_certificate_chain_arn"]}
        },
        "active_directory": lambda v: {"ActiveDirectory": {"DirectoryId": v["directory_id"]}},
        "federated_authentication": lambda v: {
            "FederatedAuthentication": _drop_none(
                {
                    "SAMLProviderArn": v["saml_provider_arn"],
                    "SelfServiceSAMLProviderArn": v.get("self_service_saml_provider_arn"),
                }
            )
        },
    }
    request = []
    for option in options:
        member = AUTH_MEMBERS[option["type"]][0]
        request.append(dict(Type=option["type"], **to_api[member](option[member])))
    return request


def _api_switch(value, names):
    return _drop_none({api: value.get(option) for option, api in names.items()})


_LOG_NAMES = {
    "enabled": "Enabled",
    "cloudwatch_log_group": "CloudwatchLogGroup",
    "cloudwatch_log_stream": "CloudwatchLogStream",
}
_BANNER_NAMES = {"enabled": "Enabled", "banner_text": "BannerText"}
_CONNECT_NAMES = {"enabled": "Enabled", "lambda_function_arn": "LambdaFunctionArn"}
_SWITCH_NAMES = {
    "connection_log_options": _LOG_NAMES,
    "client_login_banner": _BANNER_NAMES,
    "client_connect_options": _CONNECT_NAMES,
}
# Option -> request member and conversion, for what both CreateClientVpnEndpoint and ModifyClientVpnEndpoint take.
_SHARED_MEMBERS = {
    "description": ("Description", None),
    "server_certificate_arn": ("ServerCertificateArn", None),
    "connection_log_options": ("ConnectionLogOptions", lambda v: _api_switch(v, _LOG_NAMES)),
    "vpn_port": ("VpnPort", None),
    "split_tunnel": ("SplitTunnel", None),
    "vpc_id": ("VpcId", None),
    "security_group_ids": ("SecurityGroupIds", None),
    "self_service_portal": ("SelfServicePortal", None),
    "session_timeout_hours": ("SessionTimeoutHours", None),
    "disconnect_on_session_timeout": ("DisconnectOnSessionTimeout", None),
    "client_login_banner": ("ClientLoginBannerOptions", lambda v: _api_switch(v, _BANNER_NAMES)),
    "client_connect_options": ("ClientConnectOptions", lambda v: _api_switch(v, _CONNECT_NAMES)),
}


def _members(names, values):
    request = {}
    for name in names:
        if values.get(name) is not None and name in _SHARED_MEMBERS:
            member, convert = _SHARED_MEMBERS[name]
            request[member] = convert(values[name]) if convert else values[name]
    return request


def _create_request(params, wanted, tags):
    request = _members(MODIFIABLE, params)
    request["ConnectionLogOptions"] = request.get("ConnectionLogOptions", {"Enabled": False})
    request["AuthenticationOptions"] = _api_authentication(params["authentication_options"])
    simple = {
        "client_cidr_block": "ClientCidrBlock",
        "transport_protocol": "TransportProtocol",
        "endpoint_ip_address_type": "EndpointIpAddressType",
        "traffic_ip_address_type": "TrafficIpAddressType",
    }
    request.update({member: wanted[name] for name, member in simple.items() if wanted[name] is not None})
    if params["dns_servers"]:
        request["DnsServers"] = params["dns_servers"]
    if tags:
        request["TagSpecifications"] = tag_specifications("client-vpn-endpoint", tags)
    return request


def client_token(request, salt=""):
    """The ClientToken of a creation request: SHA-256 (64 hex digits, AWS's limit) of the request and salt."""
    material = json.dumps({"request": request, "salt": salt}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _modify_request(endpoint_id, changes, wanted, current):
    names = [name for name, _before, _after in changes]
    request = {"ClientVpnEndpointId": endpoint_id}
    request.update(_members(names, wanted))
    if "dns_servers" in names:
        servers = wanted["dns_servers"]
        request["DnsServers"] = {"Enabled": bool(servers), **({"CustomDnsServers": servers} if servers else {})}
    # AWS: "Security Groups cannot be modified without specifying Vpc Id".
    if "security_group_ids" in names and "VpcId" not in request and current.get("vpc_id"):
        request["VpcId"] = current["vpc_id"]
    return request


# Reading.


def _read_by_id(client, endpoint_id):
    """The endpoint (API shape), or None when AWS does not know it or it is deleted."""
    try:
        response = client.describe_client_vpn_endpoints(ClientVpnEndpointIds=[endpoint_id])
    except aws_errors() as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") == NOT_FOUND:
            return None
        raise
    for endpoint in response.get("ClientVpnEndpoints", []):
        if endpoint.get("ClientVpnEndpointId") == endpoint_id and endpoint.get("Status", {}).get("Code") != "deleted":
            return endpoint
    return None


def _read_by_name(client, name):
    """Every endpoint whose Name tag is name and that is not being deleted (API shape)."""
    endpoints, _next_token = paginate(client, DESCRIBE, {}, "ClientVpnEndpoints", list, page_size=PAGE_SIZE)
    return [
        endpoint
        for endpoint in endpoints
        if boto3_tags_to_dict(endpoint.get("Tags")).get("Name") == name
        and endpoint.get("Status", {}).get("Code") not in GONE_STATUSES
    ]


def _result_endpoint(endpoint):
    """The endpoint as returned: snake_cased, with the tags as a dict."""
    if not endpoint:
        return {}
    result = snake_dict({key: value for key, value in endpoint.items() if key != "Tags"})
    result["tags"] = boto3_tags_to_dict(endpoint.get("Tags"))
    return result


class _Task:
    """The module, its client and the context for error messages."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = create_client(module)
        self.context = {
            "client_vpn_endpoint_id": module.params["client_vpn_endpoint_id"],
            "region": self.client.meta.region_name,
        }

    def fail_read(self, exc, operation):
        fail_api(self.module, exc, operation, self.context, "Nothing was changed.")

    def find(self):
        """The endpoint (API shape) or None; fails when the name matches more than one."""
        params = self.params
        matches = []
        try:
            if params["client_vpn_endpoint_id"] is not None:
                return _read_by_id(self.client, params["client_vpn_endpoint_id"])
            matches = _read_by_name(self.client, params["name"])
        except aws_errors() as exc:
            self.fail_read(exc, DESCRIBE)
        if len(matches) > 1:
            ids = ", ".join(endpoint["ClientVpnEndpointId"] for endpoint in matches)
            self.module.fail_json(
                msg=f"More than one Client VPN endpoint has the Name tag {params['name']!r}: {ids}. "
                "Give client_vpn_endpoint_id to choose one. Nothing was changed."
            )
        return matches[0] if matches else None

    def read_after(self, endpoint_id):
        try:
            return _read_by_id(self.client, endpoint_id)
        except aws_errors() as exc:
            fail_api(
                self.module,
                exc,
                DESCRIBE,
                self.context,
                "The change was made; reading the endpoint after it failed.",
                changed=True,
                client_vpn_endpoint_id=endpoint_id,
            )
        return None


def _wanted_tags(params, current_name=None):
    """(wanted tags or None, purge): tags with the Name tag from name (or, without name, the current one, which
    is never purged); only the Name tag, without purging, when tags is not given."""
    if params["tags"] is None:
        return ({"Name": params["name"]}, False) if params["name"] is not None else (None, False)
    wanted = dict(params["tags"])
    name = params["name"] if params["name"] is not None else current_name
    if name is not None:
        wanted["Name"] = name
    return wanted, params["purge_tags"]


# state: present, the endpoint exists.


def _readable_wanted(task):
    """_wanted(), without the attributes that the installed botocore cannot read from AWS's answer (their current
    value is unknown, so they are neither compared nor changed), with a warning naming them."""
    wanted = _wanted(task.params)
    given = {name: member for name, member in ANSWER_MEMBERS.items() if wanted.get(name) is not None}
    unknown = unreadable(task.client.meta.service_model, ENDPOINT_SHAPE, given)
    if unknown:
        task.module.warn(unreadable_message(unknown, ENDPOINT_SHAPE, given))
    return dict(wanted, **dict.fromkeys(unknown))


def _update_plan(task, endpoint):
    """(changes, attribute changes, tags after): fails before any change when something cannot change in place."""
    wanted = _readable_wanted(task)
    current = _current(endpoint)
    comparable = _comparable(current, wanted)
    message = immutable_message(
        f"Client VPN endpoint {endpoint['ClientVpnEndpointId']}",
        differences(comparable, wanted, IMMUTABLE),
        IMMUTABLE_HINT,
    )
    if message:
        task.module.fail_json(msg=message, client_vpn_endpoint_id=endpoint["ClientVpnEndpointId"])
    attribute_changes = [
        (name, current.get(name), after) for name, _before, after in differences(comparable, wanted, MODIFIABLE)
    ]
    current_tags = boto3_tags_to_dict(endpoint.get("Tags"))
    wanted_tags, purge = _wanted_tags(task.params, current_tags.get("Name"))
    to_set, to_unset = compare_tags(current_tags, wanted_tags, purge)
    changes = []
    if attribute_changes:
        changes.append((MODIFY, _modify_request(endpoint["ClientVpnEndpointId"], attribute_changes, wanted, current)))
    changes += tag_changes(endpoint["ClientVpnEndpointId"], to_set, to_unset)
    return changes, attribute_changes, tags_after(current_tags, to_set, to_unset)


def _update(task, endpoint):
    endpoint_id = endpoint["ClientVpnEndpointId"]
    task.context["client_vpn_endpoint_id"] = endpoint_id
    changes, attribute_changes, predicted_tags = _update_plan(task, endpoint)
    current = _current(endpoint)
    before = _managed_view(current, boto3_tags_to_dict(endpoint.get("Tags")))
    apply_changes(
        task.module,
        task.client,
        changes,
        task.context,
        result={"client_vpn_endpoint_id": endpoint_id},
        options=REQUEST_OPTIONS,
    )
    if task.module.check_mode or not changes:
        values = _predicted(current, attribute_changes)
        after = _managed_view(values, predicted_tags)
        predicted = dict(
            _predicted_endpoint(endpoint, attribute_changes, values),
            Tags=[{"Key": k, "Value": v} for k, v in predicted_tags.items()],
        )
        _exit(task, bool(changes), endpoint_id, predicted, before, after)
    changed_names = [name for name, _before, _after in attribute_changes]
    if task.params["wait"] and "client_connect_options" in changed_names:
        wait_until(
            task.module,
            task.client,
            CLIENT_CONNECT_STATUS,
            {"ClientVpnEndpointIds": [endpoint_id]},
            ["applied"],
            task.context,
            result={"client_vpn_endpoint_id": endpoint_id},
        )
    endpoint_after = task.read_after(endpoint_id) or {}
    after = _managed_view(_current(endpoint_after), boto3_tags_to_dict(endpoint_after.get("Tags")))
    _exit(task, True, endpoint_id, endpoint_after, before, after)


def _exit(task, changed, endpoint_id, endpoint, before, after):
    result = {"client_vpn_endpoint": _result_endpoint(endpoint)}
    if endpoint_id:
        result["client_vpn_endpoint_id"] = endpoint_id
    exit_resource(task.module, changed, result, before=before, after=after)


# state: present, no endpoint yet.


def _create_request_checked(task):
    params = task.params
    missing = [name for name in REQUIRED_TO_CREATE if params[name] is None]
    if params["client_cidr_block"] is None and params["traffic_ip_address_type"] != "ipv6":
        missing.append("client_cidr_block")
    if params["client_vpn_endpoint_id"] is not None:
        task.module.fail_json(
            msg=f"Client VPN endpoint {params['client_vpn_endpoint_id']} was not found in region "
            f"{task.context['region']}. To create an endpoint, give name instead of "
            "client_vpn_endpoint_id. Nothing was changed."
        )
    if missing:
        task.module.fail_json(
            msg=f"No Client VPN endpoint has the Name tag {params['name']!r}, and creating one "
            f"needs {', '.join(missing)}. Nothing was changed."
        )
    if params["security_group_ids"] is not None and params["vpc_id"] is None:
        task.module.fail_json(
            msg="security_group_ids needs vpc_id when an endpoint is created: name the VPC the "
            "security groups belong to. Nothing was changed."
        )
    wanted_tags, _purge = _wanted_tags(params)
    return _create_request(params, _wanted(params), wanted_tags), wanted_tags or {}


def _send_create(task, request):
    """The CreateClientVpnEndpoint response; a token that AWS ties to an endpoint being deleted is replaced once."""
    response = task.client.create_client_vpn_endpoint(ClientToken=client_token(request), **request)
    if response.get("Status", {}).get("Code") in GONE_STATUSES:
        salt = response["ClientVpnEndpointId"]
        response = task.client.create_client_vpn_endpoint(ClientToken=client_token(request, salt), **request)
    return response


def _create(task):
    request, wanted_tags = _create_request_checked(task)
    fail_unsendable(task.module, task.client, [(CREATE, request)], REQUEST_OPTIONS)
    if task.module.check_mode:
        _check_create(task, request, wanted_tags)
    response = {}
    try:
        response = _send_create(task, request)
    except aws_errors() as exc:
        fail_api(task.module, exc, CREATE, task.context, "No endpoint was created.")
    endpoint_id = response["ClientVpnEndpointId"]
    task.context["client_vpn_endpoint_id"] = endpoint_id
    if task.params["wait"]:
        wait_until(
            task.module,
            task.client,
            ENDPOINT_STATUS,
            {"ClientVpnEndpointIds": [endpoint_id]},
            READY_STATUSES,
            task.context,
            failed=GONE_STATUSES,
            result={"client_vpn_endpoint_id": endpoint_id},
        )
    endpoint = task.read_after(endpoint_id) or {}
    after = _managed_view(_current(endpoint), boto3_tags_to_dict(endpoint.get("Tags"))) if endpoint else {}
    _exit(task, True, endpoint_id, endpoint, {}, after)


def _check_create(task, request, wanted_tags):
    """Check mode: DryRun the creation, then report the endpoint as the request describes it."""
    try:
        dry_run(task.client, CREATE, dict(request, ClientToken=client_token(request)))
    except aws_errors() as exc:
        fail_api(task.module, exc, CREATE, task.context, "Nothing was changed.")
    attributes = {name: value for name, value in _wanted(task.params).items() if value is not None}
    predicted = {key: value for key, value in request.items() if key != "TagSpecifications"}
    predicted["Tags"] = [{"Key": key, "Value": value} for key, value in wanted_tags.items()]
    _exit(task, True, None, predicted, {}, _managed_view(attributes, wanted_tags))


# state: absent.


def _associations(task, endpoint_id):
    """The endpoint's associations that are not yet disassociated (API shape)."""
    networks = []
    try:
        networks, _next_token = paginate(
            task.client,
            DESCRIBE_NETWORKS,
            {"ClientVpnEndpointId": endpoint_id},
            "ClientVpnTargetNetworks",
            list,
            page_size=PAGE_SIZE,
        )
    except aws_errors() as exc:
        task.fail_read(exc, DESCRIBE_NETWORKS)
    return [network for network in networks if network.get("Status", {}).get("Code") != "disassociated"]


def _check_delete(task, endpoint_id, has_associations):
    """Check mode: DryRun the deletion.  While the endpoint has associations (which check mode does not remove),
    AWS answers ClientVpnEndpointAssociationExists before it checks the permission: that is the expected answer."""
    try:
        dry_run(task.client, DELETE, {"ClientVpnEndpointId": endpoint_id})
    except aws_errors() as exc:
        code = getattr(exc, "response", {}).get("Error", {}).get("Code")
        if not (has_associations and code == ASSOCIATIONS_EXIST):
            fail_api(task.module, exc, DELETE, task.context, "Nothing was changed.", client_vpn_endpoint_id=endpoint_id)


def _delete(task, endpoint):
    endpoint_id = endpoint["ClientVpnEndpointId"]
    task.context["client_vpn_endpoint_id"] = endpoint_id
    result = {"client_vpn_endpoint_id": endpoint_id}
    before = _managed_view(_current(endpoint), boto3_tags_to_dict(endpoint.get("Tags")))
    networks = _associations(task, endpoint_id)
    disassociations = [
        (DISASSOCIATE, {"ClientVpnEndpointId": endpoint_id, "AssociationId": network["AssociationId"]})
        for network in networks
        if network.get("Status", {}).get("Code") in ASSOCIATED_STATUSES
    ]
    apply_changes(task.module, task.client, disassociations, task.context, result=result)
    if networks and not task.module.check_mode:
        # AWS refuses to delete an endpoint with associations, disassociating ones included.
        wait_until(
            task.module,
            task.client,
            ASSOCIATIONS,
            {"ClientVpnEndpointId": endpoint_id},
            ["disassociated"],
            task.context,
            gone=True,
            result=result,
        )
    if task.module.check_mode:
        _check_delete(task, endpoint_id, bool(networks))
        _exit(task, True, endpoint_id, dict(endpoint, Status={"Code": "deleting"}), before, {})
    done = [DISASSOCIATE] * len(disassociations)
    apply_changes(
        task.module,
        task.client,
        [(DELETE, {"ClientVpnEndpointId": endpoint_id})],
        task.context,
        result=result,
        already=done,
    )
    if task.params["wait"]:
        wait_until(
            task.module,
            task.client,
            ENDPOINT_STATUS,
            {"ClientVpnEndpointIds": [endpoint_id]},
            ["deleted"],
            task.context,
            gone=True,
            result=result,
        )
    _exit(task, True, endpoint_id, task.read_after(endpoint_id), before, {})


def main():
    module = AnsibleModule(
        argument_spec=_argument_spec(),
        mutually_exclusive=aws_mutually_exclusive(),
        required_one_of=[["client_vpn_endpoint_id", "name"]],
        supports_check_mode=True,
    )
    with failures_reported(module, "managing the Client VPN endpoint"):
        errors = _input_errors(module.params)
        if errors:
            module.fail_json(msg=" ".join(errors))
        task = _Task(module)
        endpoint = task.find()
        if module.params["state"] == "absent":
            if endpoint is None:
                exit_resource(module, False, {"client_vpn_endpoint": {}}, before={}, after={})
            _delete(task, endpoint)
        if endpoint is None:
            _create(task)
        _update(task, endpoint)


if __name__ == "__main__":
    main()
