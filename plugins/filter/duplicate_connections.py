# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
name: duplicate_connections
short_description: Select the Client VPN connections of a user beyond the most recent ones
version_added: 1.1.0
author:
  - vpnops maintainers (!UNKNOWN)
description:
  - AWS Client VPN bills every connection-hour, and users leave a second laptop connected. This filter finds the
    extra sessions.
  - Groups the V(active) connections of the input by identity, the C(username) of a connection or, when it has
    none (certificate authentication), its C(common_name). Returns, for each identity, its active connections
    beyond the O(keep) most recently established ones (by C(connection_established_time)).
  - Of two connections established in the same second, the later in the input counts as the more recent.
  - Connections that are not active, and connections with neither a user name nor a common name, are never
    returned, and do not count towards O(keep).
  - Returns the connections unchanged, in the order of the input; an empty list when there is no duplicate.
  - The input is a list of connections as RV(vpnops.aws.client_vpn_connections_info#module:connections) returns
    them (snake_case names), for example of one endpoint. Identities are compared exactly and case-sensitively.
positional: _input, keep
options:
  _input:
    description:
      - The connections, each with at least C(connection_id), C(status.code), C(connection_established_time),
        and C(username) or C(common_name).
    type: list
    elements: dict
    required: true
  keep:
    description:
      - How many of the most recently established active connections of each identity are not duplicates. At
        least V(1).
    type: int
    default: 1
notes:
  - Bad arguments fail the template with a message naming the argument, the bad value and what is allowed (input
    not a list, an entry that is not a dict or has no C(connection_id), an active connection whose
    C(connection_established_time) is not a time, or a O(keep) that is less than 1 or not an integer (convert a
    string with C(| int))).
seealso:
  - plugin: vpnops.aws.idle_connections
    plugin_type: filter
  - module: vpnops.aws.client_vpn_connections_info
  - module: vpnops.aws.client_vpn_connection
"""

EXAMPLES = r"""
- name: Read the active connections
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    status: [active]
  check_mode: false
  register: vpn

- name: Keep only the newest session of each user or certificate, and end the older ones
  vpnops.aws.client_vpn_connection:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    connection_ids: "{{ older | map(attribute='connection_id') | list }}"
    max_terminations: 50
  vars:
    older: "{{ vpn.connections | vpnops.aws.duplicate_connections }}"
  when: older | length > 0

- name: Who has more than two sessions
  ansible.builtin.debug:
    msg: "{{ vpn.connections | vpnops.aws.duplicate_connections(keep=2) | map(attribute='common_name') | unique }}"
"""

RETURN = r"""
_value:
  description:
    - The active connections beyond the O(keep) most recent ones of their identity, unchanged and in the input's
      order; an empty list when there is none.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.vpnops.aws.plugins.module_utils.sessions import SessionError
from ansible_collections.vpnops.aws.plugins.module_utils.sessions import duplicate_connections


def _duplicate_connections(connections, keep=1):
    try:
        return duplicate_connections(connections, keep)
    except SessionError as exc:
        raise AnsibleFilterError(str(exc)) from None


class FilterModule:
    """Client VPN connections beyond the most recent ones of each user."""

    def filters(self):
        return {"duplicate_connections": _duplicate_connections}
