# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
name: idle_connections
short_description: Select the Client VPN connections that sent and received next to nothing between two readings
version_added: 1.1.0
author:
  - vpnops maintainers (!UNKNOWN)
description:
  - AWS Client VPN has no idle timeout, and bills every connection-hour. The API gives each connection cumulative
    byte counters only, so an idle connection shows only by comparing two readings of them.
  - Takes the connections of a current reading and returns those that are V(active), that O(previous) (an earlier
    reading) lists with the same C(connection_id), and whose C(ingress_bytes) plus C(egress_bytes) grew by at most
    O(max_bytes) between the two readings.
  - Both readings are lists of connections as
    RV(vpnops.aws.client_vpn_connections_info#module:connections) returns them (snake_case names). A reading can be
    kept between two scheduled runs in a JSON file, or made twice in one run with a pause in between.
  - A connection that O(previous) does not list (a new connection, or the first run with an empty O(previous)) is
    never idle.
  - A connection with a byte counter lower than in O(previous) (a counter that was reset) is never idle.
  - Returns the connections unchanged, in the order of the input; an empty list when none is idle.
positional: _input, previous
options:
  _input:
    description:
      - The current reading, a list of connections with at least C(connection_id), C(status.code),
        C(ingress_bytes) and C(egress_bytes).
      - The byte counters are strings of digits, as AWS gives them; whole numbers are taken too.
    type: list
    elements: dict
    required: true
  previous:
    description:
      - The earlier reading, a list of connections in the same form; an empty list finds no idle connection.
      - A connection must not be listed twice.
    type: list
    elements: dict
    required: true
  max_bytes:
    description:
      - The most bytes (ingress and egress together) a connection may have exchanged between the two readings and
        still be idle. At least V(0).
      - The default, V(262144) (256 KiB), is more than keep-alive traffic alone reaches in an hour. An idle
        OpenVPN-based client exchanges a keep-alive ping about every 10 seconds in each direction, 720 packets an
        hour. At 135 bytes a packet at most (a 16-byte ping with AES-256-CBC and HMAC-SHA256 framing, over TCP
        with timestamps and IPv4 headers; 68 bytes with AES-256-GCM over UDP), plus a 52-byte TCP acknowledgement
        for each, that is 134,640 bytes an hour. Two TLS renegotiations of at most 16 KiB each, certificates
        included (OpenVPN renegotiates once an hour by default, and a window a little longer than an hour can
        hold two), add 32,768 bytes, 167,408 bytes in all, about 64% of the default.
      - The default fits readings about an hour apart. For another interval, scale it, for example
        V(1048576) for four hours or V(65536) for fifteen minutes. A smaller value only finds fewer idle
        connections; a larger one may take a lightly used connection for an idle one.
    type: int
    default: 262144
notes:
  - Bad arguments fail the template with a message naming the argument, the bad value and what is allowed (input
    or O(previous) not a list, an entry that is not a dict or has no C(connection_id), a connection listed twice in
    O(previous), a byte counter that is not a whole number, or a O(max_bytes) that is negative or not an integer
    (convert a string with C(| int))).
  - Byte counters are read only for the connections compared, the active ones of the input that O(previous) lists.
seealso:
  - plugin: vpnops.aws.duplicate_connections
    plugin_type: filter
  - module: vpnops.aws.client_vpn_connections_info
  - module: vpnops.aws.client_vpn_connection
"""

EXAMPLES = r"""
- name: Read the connections now
  vpnops.aws.client_vpn_connections_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
  check_mode: false
  register: now

- name: Load the reading that the previous run saved (none on the first run)
  ansible.builtin.set_fact:
    previous: "{{ lookup('ansible.builtin.file', '/var/lib/vpnops/connections.json', errors='ignore')
                  | default('[]', true) | from_json }}"

- name: Select the connections that were idle since then
  ansible.builtin.set_fact:
    idle: "{{ now.connections | vpnops.aws.idle_connections(previous) }}"

- name: Save this reading for the next run
  ansible.builtin.copy:
    content: "{{ now.connections | to_json }}"
    dest: /var/lib/vpnops/connections.json
    mode: "0600"

- name: Terminate the idle connections, but never more than 20 in one run
  vpnops.aws.client_vpn_connection:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    connection_ids: "{{ idle | map(attribute='connection_id') | list }}"
    max_terminations: 20
  when: idle | length > 0

# Readings four hours apart: allow four times the traffic of the default.
- name: Idle over four hours
  ansible.builtin.debug:
    msg: "{{ now.connections | vpnops.aws.idle_connections(previous, max_bytes=4 * 262144) }}"
"""

RETURN = r"""
_value:
  description:
    - The idle connections of the input, unchanged and in the input's order; an empty list when none is idle.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.vpnops.aws.plugins.module_utils.sessions import DEFAULT_MAX_BYTES
from ansible_collections.vpnops.aws.plugins.module_utils.sessions import SessionError
from ansible_collections.vpnops.aws.plugins.module_utils.sessions import idle_connections


def _idle_connections(current, previous, max_bytes=DEFAULT_MAX_BYTES):
    try:
        return idle_connections(current, previous, max_bytes)
    except SessionError as exc:
        raise AnsibleFilterError(str(exc)) from None


class FilterModule:
    """Client VPN connections idle between two readings."""

    def filters(self):
        return {"idle_connections": _idle_connections}
