#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_certificate_revocation_list_info
short_description: Report the client certificate revocation list of an AWS Client VPN endpoint and when it expires
version_added: 1.1.0
description:
  - Reads the client certificate revocation list (CRL) of an AWS Client VPN endpoint
    (C(ExportClientVpnClientCertificateRevocationList)) and reports its issuer, thisUpdate, nextUpdate, revoked
    serial numbers and status, and how long until it expires.
  - An endpoint with an expired CRL (past its nextUpdate) refuses every client, and nothing warns before it happens.
    Run this module on a schedule; it returns RV(expiring=true) and emits a warning when the CRL expires within
    O(expiry_warning), or has expired. To make the play fail instead, add an P(ansible.builtin.assert#module)
    task on RV(expiring), as in the examples.
  - An endpoint without a CRL is not an error; RV(crl_present) is V(false).
options:
  client_vpn_endpoint_id:
    description:
      - The ID of the Client VPN endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
    type: str
    required: true
  expiry_warning:
    description:
      - Warn, and return RV(expiring=true), when the CRL expires within this long from now, or has expired.
      - A whole number of seconds, or a whole number with a unit V(s), V(m), V(h), V(d) or V(w), for example
        V(3600), V(12h), V(7d) or V(2w).
      - V(0) warns only about a CRL that has already expired.
    type: str
    default: 7d
extends_documentation_fragment:
  - vpnops.aws.aws_connection
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details:
      - As the collection's other info modules, in check mode the module sends one
        C(ExportClientVpnClientCertificateRevocationList) request with C(DryRun) set, which checks the IAM
        permission (and that the endpoint exists) without reading the CRL. It returns RV(dry_run=true) and
        RV(msg), and none of the facts about the CRL.
      - Set the task keyword C(check_mode) to V(false) for the facts, or the expiry check, under C(--check).
  diff_mode:
    support: none
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
requirements:
  - cryptography (where the module runs; ansible-core already depends on it)
notes:
  - Needs the IAM permission C(ec2:ExportClientVpnClientCertificateRevocationList).
  - The expiry is computed with the clock of the host that runs the module.
seealso:
  - module: vpnops.aws.client_vpn_certificate_revocation_list
  - module: vpnops.aws.client_vpn_endpoints_info
  - name: ExportClientVpnClientCertificateRevocationList API
    description: The AWS API reference for the call this module makes.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ExportClientVpnClientCertificateRevocationList.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Read the CRL of an endpoint (also under --check)
  vpnops.aws.client_vpn_certificate_revocation_list_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    region: eu-west-1
  check_mode: false
  register: crl

- name: Show when it expires
  ansible.builtin.debug:
    msg: "{{ crl.revoked_count }} revoked; expires {{ crl.next_update }},
      in {{ (crl.expires_in / 86400) | round(1) }} days"
  when: crl.crl_present and crl.expires_in is not none

- name: Is a certificate revoked on the endpoint?
  ansible.builtin.debug:
    msg: "{{ '1A2B3C4D' in crl.revoked_serials | default([]) }}"

- name: Scheduled check, warn 14 days ahead
  vpnops.aws.client_vpn_certificate_revocation_list_info:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    expiry_warning: 14d
  check_mode: false
  register: crl_check

- name: Fail the play when the CRL expires within 14 days
  ansible.builtin.assert:
    that:
      - not crl_check.expiring
    fail_msg: "The CRL of {{ crl_check.client_vpn_endpoint_id }} expires {{ crl_check.next_update }}:
      issue a new one and import it"
    success_msg: "The CRL is valid until {{ crl_check.next_update | default('(no CRL)') }}"
"""

RETURN = r"""
client_vpn_endpoint_id:
  description: The ID of the Client VPN endpoint.
  returned: always
  type: str
  sample: cvpn-endpoint-0123456789abcdef0
crl_present:
  description: Whether the endpoint has a CRL.
  returned: success, not in check mode
  type: bool
  sample: true
status:
  description: The state of the endpoint's CRL, as AWS reports it; an empty dict when AWS gives none.
  returned: success, not in check mode
  type: dict
  contains:
    code:
      description: V(pending) or V(active).
      returned: when AWS gives it
      type: str
      sample: active
    message:
      description: A message about the state, when AWS gives one.
      returned: when AWS gives one
      type: str
  sample: {"code": "active"}
issuer:
  description: The issuer of the CRL, as an RFC 4514 distinguished name.
  returned: when RV(crl_present=true)
  type: str
  sample: CN=Example VPN CA,O=Example
this_update:
  description: When the CRL was issued (its thisUpdate), in UTC, ISO 8601.
  returned: when RV(crl_present=true)
  type: str
  sample: "2026-12-01T09:00:00Z"
next_update:
  description:
    - When the CRL expires (its nextUpdate), in UTC, ISO 8601. After that the endpoint refuses every client
      until a newer CRL is imported.
    - V(null) for a CRL without nextUpdate.
  returned: when RV(crl_present=true)
  type: str
  sample: "2026-12-31T09:00:00Z"
expires_in:
  description:
    - Seconds from now until RV(next_update), negative when it has passed.
    - V(null) for a CRL without nextUpdate.
  returned: when RV(crl_present=true)
  type: int
  sample: 2592000
revoked_count:
  description: How many certificates the CRL revokes.
  returned: when RV(crl_present=true)
  type: int
  sample: 2
revoked_serials:
  description: The serial numbers of the revoked certificates, in uppercase hexadecimal as C(openssl) prints them.
  returned: when RV(crl_present=true)
  type: list
  elements: str
  sample: ["1A2B3C4D", "0C"]
crl_number:
  description: The CRL number extension, which the certificate authority increases with each CRL it issues.
  returned: when RV(crl_present=true) and the CRL has one
  type: int
  sample: 7
expiring:
  description:
    - Whether the CRL expires within O(expiry_warning), or has expired. The module also emits a warning then.
    - V(false) when the endpoint has no CRL, or its CRL has no nextUpdate.
  returned: success, not in check mode
  type: bool
  sample: false
expired:
  description: Whether the CRL's nextUpdate has passed, so that the endpoint refuses every client.
  returned: success, not in check mode
  type: bool
  sample: false
dry_run:
  description: Whether the result comes from a C(DryRun) request (check mode) rather than a read.
  returned: in check mode
  type: bool
  sample: true
msg:
  description: What the dry run found.
  returned: in check mode
  type: str
  sample: ExportClientVpnClientCertificateRevocationList would have succeeded; check mode sent it with DryRun set.
"""

import datetime

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.vpnops.aws.plugins.module_utils import crl as crl_utils
from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import endpoint_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.connection import create_client
from ansible_collections.vpnops.aws.plugins.module_utils.dry_run import dry_run
from ansible_collections.vpnops.aws.plugins.module_utils.errors import aws_errors
from ansible_collections.vpnops.aws.plugins.module_utils.errors import fail_aws
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_dict
from ansible_collections.vpnops.aws.plugins.module_utils.selection import parse_age

EXPORT = "ExportClientVpnClientCertificateRevocationList"
WINDOW_FORM = (
    "a whole number of seconds, or a whole number with a unit s, m, h, d or w (for example 3600, 12h, 7d "
    "or 2w); 0 warns only about an expired CRL"
)


def _argument_spec():
    spec = dict(
        client_vpn_endpoint_id=dict(type="str", required=True),
        expiry_warning=dict(type="str", default="7d"),
    )
    spec.update(aws_argument_spec())
    return spec


def _now():
    return datetime.datetime.now(datetime.UTC)


def _warning_seconds(value):
    """(seconds, error message or None) for the expiry_warning option."""
    try:
        seconds = parse_age(value)
    except ValueError:
        seconds = -1
    if seconds < 0:
        return None, f"expiry_warning {value!r} is not valid: expected {WINDOW_FORM}."
    return seconds, None


def _plan(params):
    """(warning window in seconds, error messages) from the options."""
    errors = [error for error in [endpoint_id_error(params["client_vpn_endpoint_id"])] if error]
    window, window_error = _warning_seconds(params["expiry_warning"])
    return window, errors + ([window_error] if window_error else [])


def _export(module, client, context):
    try:
        if module.check_mode:
            dry_run(client, EXPORT, {"ClientVpnEndpointId": context["client_vpn_endpoint_id"]})
            return None
        return client.export_client_vpn_client_certificate_revocation_list(
            ClientVpnEndpointId=context["client_vpn_endpoint_id"]
        )
    except aws_errors() as exc:
        fail_aws(module, exc, EXPORT, **context)
        raise  # not reached: fail_aws() exits


def _load_exported(module, response, endpoint_id):
    """The CRL in the export response, None when the endpoint has none; fails when AWS's text is unreadable."""
    text = response.get("CertificateRevocationList") or ""
    if not text.strip():
        return None
    try:
        return crl_utils.load_crl(text, f"The CRL that AWS returned for endpoint {endpoint_id}")
    except crl_utils.CrlError as exc:
        module.fail_json(msg=str(exc), client_vpn_endpoint_id=endpoint_id)
        raise  # not reached: fail_json() exits


def _crl_facts(crl, window, now):
    """The facts about crl (None: no CRL) with its expiry judged at now against a warning window in seconds."""
    if crl is None:
        return {"crl_present": False, "expiring": False, "expired": False}
    facts = dict(crl_present=True, **crl_utils.summary(crl))
    expires = crl_utils.next_update(crl)
    facts["expires_in"] = None if expires is None else crl_utils.seconds_until(expires, now)
    facts["expired"] = expires is not None and facts["expires_in"] <= 0
    facts["expiring"] = expires is not None and facts["expires_in"] <= window
    return facts


def _expiry_warning(endpoint_id, facts, window):
    seconds = facts["expires_in"]
    if facts["expired"]:
        return (
            f"The client certificate revocation list of {endpoint_id} expired at {facts['next_update']} "
            f"({crl_utils.span(seconds)} ago): the endpoint refuses every client until a new CRL is imported."
        )
    return (
        f"The client certificate revocation list of {endpoint_id} expires at {facts['next_update']}, in "
        f"{crl_utils.span(seconds)}, within expiry_warning ({crl_utils.span(window)}): issue a new CRL and import "
        "it before then, or the endpoint will refuse every client."
    )


def main():
    module = AnsibleModule(
        argument_spec=_argument_spec(),
        mutually_exclusive=aws_mutually_exclusive(),
        supports_check_mode=True,
    )
    with failures_reported(module, "reading the certificate revocation list"):
        crl_utils.require_cryptography(module)
        window, errors = _plan(module.params)
        if errors:
            module.fail_json(msg=" ".join(errors))

        endpoint_id = module.params["client_vpn_endpoint_id"]
        client = create_client(module)
        response = _export(module, client, dict(client_vpn_endpoint_id=endpoint_id, region=client.meta.region_name))
        if module.check_mode:
            module.exit_json(
                changed=False,
                client_vpn_endpoint_id=endpoint_id,
                dry_run=True,
                msg=f"{EXPORT} would have succeeded; check mode sent it with DryRun set.",
            )
        facts = _crl_facts(_load_exported(module, response, endpoint_id), window, _now())
        if facts["expiring"]:
            module.warn(_expiry_warning(endpoint_id, facts, window))
        module.exit_json(
            changed=False, client_vpn_endpoint_id=endpoint_id, status=snake_dict(response.get("Status") or {}), **facts
        )


if __name__ == "__main__":
    main()
