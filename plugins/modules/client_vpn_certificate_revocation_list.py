#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_certificate_revocation_list
short_description: Import a client certificate revocation list into an AWS Client VPN endpoint
version_added: 1.1.0
description:
  - Imports a client certificate revocation list (CRL), in PEM, into an AWS Client VPN endpoint that uses
    certificate (mutual) authentication, so that the endpoint refuses the client certificates it lists.
  - Reads the endpoint's current CRL first (C(ExportClientVpnClientCertificateRevocationList)) and imports only
    when it is a different list, so running the task again changes nothing. Two CRLs are the same list when their
    DER encodings are equal (the same issuer, thisUpdate, nextUpdate, revoked serial numbers, extensions and
    signature). A CRL re-issued with the same entries but new dates is a different list, and is imported.
  - AWS documents that importing a CRL replaces the endpoint's CRL and resets the existing client connections,
    which is one more reason why an unchanged list is not imported again.
  - Checks the CRL before any request, where the module runs, and fails naming the problem when it is not PEM,
    is not a CRL (a certificate or a key, for example), holds more than one CRL, or has already expired (its
    nextUpdate has passed, with the dates in the message); an endpoint with an expired CRL refuses every client.
  - Warns when the CRL's thisUpdate is still in the future by this host's clock.
  - Does not verify the CRL's signature, for want of the certificate authority's certificate; import the CRL of
    the certificate authority that the endpoint trusts for client certificates.
  - There is no API to remove a CRL from an endpoint, so V(present) is the only O(state).
options:
  client_vpn_endpoint_id:
    description:
      - The ID of the Client VPN endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
    type: str
    required: true
  crl:
    description:
      - The CRL itself, PEM text with one C(-----BEGIN X509 CRL-----) block, for example from a
        P(ansible.builtin.file#lookup) lookup or a variable.
      - Text around the block, such as the output of C(openssl crl -text), is ignored; the module sends the
        block alone.
      - Mutually exclusive with O(src); one of the two is required.
    type: str
  src:
    description:
      - Path to a PEM CRL file on the host that runs the module (usually the controller, C(localhost)).
      - A DER (binary) CRL fails with the C(openssl) command that converts it.
      - Mutually exclusive with O(crl); one of the two is required.
    type: path
  state:
    description:
      - V(present) imports the CRL unless the endpoint already has the same list.
    type: str
    choices: [present]
    default: present
extends_documentation_fragment:
  - vpnops.aws.aws_connection
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details:
      - In check mode the module checks the CRL, reads the endpoint's current CRL (the export changes nothing)
        and predicts C(changed) from it.
      - When the list would be imported, it sends C(ImportClientVpnClientCertificateRevocationList) with
        C(DryRun) set, which checks the IAM permission and imports nothing, and reports RV(status) as
        V(pending), as predicted.
  diff_mode:
    support: full
    details:
      - The diff shows the issuer, thisUpdate, nextUpdate, CRL number and revoked serial numbers of the endpoint's
        CRL before and after (an empty C(before) when the endpoint had none); never the PEM text.
  platform:
    platforms: aws
  action_group:
    support: full
    membership: [vpnops.aws.aws]
requirements:
  - cryptography (where the module runs; ansible-core already depends on it)
notes:
  - Needs the IAM permissions C(ec2:ExportClientVpnClientCertificateRevocationList) and
    C(ec2:ImportClientVpnClientCertificateRevocationList).
  - Revoking a certificate at the certificate authority does nothing to the endpoint until the new CRL is
    imported. Re-issue the CRL well before its nextUpdate, and watch that date with
    M(vpnops.aws.client_vpn_certificate_revocation_list_info), which warns within its
    O(vpnops.aws.client_vpn_certificate_revocation_list_info#module:expiry_warning).
seealso:
  - module: vpnops.aws.client_vpn_certificate_revocation_list_info
  - module: vpnops.aws.client_vpn_connection
  - module: vpnops.aws.client_vpn_endpoints_info
  - name: ImportClientVpnClientCertificateRevocationList API
    description: The AWS API reference for the call this module makes to import a CRL.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ImportClientVpnClientCertificateRevocationList.html
  - name: Client certificate revocation lists
    description: The AWS Client VPN administrator guide on generating and importing a CRL.
    link: https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-certificates.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Import the CRL that the certificate authority issued (a file on the controller)
  vpnops.aws.client_vpn_certificate_revocation_list:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    src: "{{ playbook_dir }}/crl.pem"
    region: eu-west-1
  register: imported

- name: Show when the imported CRL expires
  ansible.builtin.debug:
    msg: "{{ imported.revoked_count }} certificate(s) revoked; re-issue the CRL before {{ imported.next_update }}"

- name: The same CRL as content, for example from a lookup (a second run reports no change)
  vpnops.aws.client_vpn_certificate_revocation_list:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    crl: "{{ lookup('ansible.builtin.file', playbook_dir ~ '/crl.pem') }}"

- name: Preview an import with the revoked serials before and after (run with --check --diff, or set it here)
  vpnops.aws.client_vpn_certificate_revocation_list:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    src: "{{ playbook_dir }}/crl.pem"
  check_mode: true
  diff: true
"""

RETURN = r"""
client_vpn_endpoint_id:
  description: The ID of the Client VPN endpoint.
  returned: always
  type: str
  sample: cvpn-endpoint-0123456789abcdef0
issuer:
  description: The issuer of the CRL, as an RFC 4514 distinguished name.
  returned: success
  type: str
  sample: CN=Example VPN CA,O=Example
this_update:
  description: When the CRL was issued (its thisUpdate), in UTC, ISO 8601.
  returned: success
  type: str
  sample: "2026-12-01T09:00:00Z"
next_update:
  description:
    - When the CRL expires (its nextUpdate), in UTC, ISO 8601. After that the endpoint refuses every client
      until a newer CRL is imported.
    - V(null) for a CRL without nextUpdate.
  returned: success
  type: str
  sample: "2026-12-31T09:00:00Z"
revoked_count:
  description: How many certificates the CRL revokes.
  returned: success
  type: int
  sample: 2
revoked_serials:
  description: The serial numbers of the revoked certificates, in uppercase hexadecimal as C(openssl) prints them.
  returned: success
  type: list
  elements: str
  sample: ["1A2B3C4D", "0C"]
crl_number:
  description: The CRL number extension, which the certificate authority increases with each CRL it issues.
  returned: when the CRL has one
  type: int
  sample: 7
status:
  description:
    - The state of the endpoint's CRL after the task, as AWS reports it after the import (or as it read it when
      nothing was imported).
    - In check mode, when the list would be imported, V(pending) as predicted.
  returned: success
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
diff:
  description: The endpoint's CRL before and after, as issuer, dates, CRL number and revoked serials.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: The CRL the endpoint had; an empty dict when it had none.
      returned: in diff mode
      type: dict
      sample: {"issuer": "CN=Example VPN CA,O=Example", "this_update": "2026-11-01T09:00:00Z",
               "next_update": "2026-12-01T09:00:00Z", "crl_number": 6, "revoked_serials": ["0C"]}
    after:
      description: The CRL the endpoint has after the task.
      returned: in diff mode
      type: dict
      sample: {"issuer": "CN=Example VPN CA,O=Example", "this_update": "2026-12-01T09:00:00Z",
               "next_update": "2026-12-31T09:00:00Z", "crl_number": 7, "revoked_serials": ["1A2B3C4D", "0C"]}
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
from ansible_collections.vpnops.aws.plugins.module_utils.errors import describe_error
from ansible_collections.vpnops.aws.plugins.module_utils.errors import fail_aws
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported
from ansible_collections.vpnops.aws.plugins.module_utils.naming import snake_dict

EXPORT = "ExportClientVpnClientCertificateRevocationList"
IMPORT = "ImportClientVpnClientCertificateRevocationList"
PREDICTED_STATUS = {"code": "pending"}
DIFF_KEYS = ("issuer", "this_update", "next_update", "crl_number", "revoked_serials")


def _argument_spec():
    spec = dict(
        client_vpn_endpoint_id=dict(type="str", required=True),
        crl=dict(type="str"),
        src=dict(type="path"),
        state=dict(type="str", choices=["present"], default="present"),
    )
    spec.update(aws_argument_spec())
    return spec


def _now():
    return datetime.datetime.now(datetime.UTC)


def _read_source(params):
    """(source name for messages, CRL data, error message or None)."""
    if params["crl"] is not None:
        return "crl", params["crl"], None
    if params["src"] is None:
        return "crl", None, "One of crl (the PEM text) or src (a path to it) is required; both are unset."
    if "\x00" in params["src"]:
        return "src", None, f"src {params['src']!r} is not a valid path: it contains a NUL character."
    source = f"src {params['src']}"
    try:
        with open(params["src"], "rb") as handle:
            return source, handle.read(), None
    except OSError as exc:
        return source, None, f"{source} cannot be read: {exc.strerror or exc}."


def _load_wanted(params, now):
    """(the CRL to import or None, error messages) after every check that needs no request."""
    errors = [error for error in [endpoint_id_error(params["client_vpn_endpoint_id"])] if error]
    source, data, read_error = _read_source(params)
    if read_error:
        return None, errors + [read_error]
    try:
        wanted = crl_utils.load_crl(data, source)
    except crl_utils.CrlError as exc:
        return None, errors + [str(exc)]
    expired = crl_utils.expired_message(wanted, source, now)
    return wanted, errors + ([expired] if expired else [])


def _diff_view(crl):
    if crl is None:
        return {}
    facts = crl_utils.summary(crl)
    return {key: facts[key] for key in DIFF_KEYS if key in facts}


class _Task:
    """The module, its client and request context, and the endpoint's CRL as read."""

    def __init__(self, module):
        self.module = module
        self.endpoint_id = module.params["client_vpn_endpoint_id"]
        self.client = None
        self.context = {}
        self.current = None

    def export(self):
        """(current CRL or None, status dict) of the endpoint; fails the task on an AWS error."""
        try:
            response = self.client.export_client_vpn_client_certificate_revocation_list(
                ClientVpnEndpointId=self.endpoint_id
            )
        except aws_errors() as exc:
            fail_aws(self.module, exc, EXPORT, **self.context)
            raise  # not reached: fail_aws() exits
        return _exported_crl(self.module, response), snake_dict(response.get("Status") or {})

    def exit(self, changed, wanted, status):
        result = dict(changed=changed, client_vpn_endpoint_id=self.endpoint_id, status=status)
        result.update(crl_utils.summary(wanted))
        if self.module._diff:
            result["diff"] = {"before": _diff_view(self.current), "after": _diff_view(wanted)}
        self.module.exit_json(**result)


def _exported_crl(module, response):
    """The CRL in an export response, None when the endpoint has none; a warning when AWS's text is unreadable."""
    text = response.get("CertificateRevocationList") or ""
    if not text.strip():
        return None
    try:
        return crl_utils.load_crl(text, "The endpoint's current CRL")
    except crl_utils.CrlError as exc:
        module.warn(f"{exc} It is treated as different from the CRL to import.")
        return None


def _check(task, wanted, pem):
    try:
        dry_run(task.client, IMPORT, {"ClientVpnEndpointId": task.endpoint_id, "CertificateRevocationList": pem})
    except aws_errors() as exc:
        fail_aws(task.module, exc, IMPORT, **task.context)
    task.exit(True, wanted, dict(PREDICTED_STATUS))


def _import(task, pem):
    """Import pem; fails the task on an AWS error or when AWS answers that it did not import it."""
    try:
        response = task.client.import_client_vpn_client_certificate_revocation_list(
            ClientVpnEndpointId=task.endpoint_id, CertificateRevocationList=pem
        )
    except aws_errors() as exc:
        fail_aws(task.module, exc, IMPORT, **task.context)
        raise  # not reached: fail_aws() exits
    if response.get("Return") is False:
        task.module.fail_json(
            msg=f"{IMPORT} answered Return=false for endpoint {task.endpoint_id}: the CRL was "
            "not imported. Check the endpoint's state and its client certificate authority."
        )


def _status_after_import(task):
    """The endpoint's CRL status after the import; a failure here says that the import itself was done."""
    try:
        response = task.client.export_client_vpn_client_certificate_revocation_list(
            ClientVpnEndpointId=task.endpoint_id
        )
    except aws_errors() as exc:
        msg, details = describe_error(exc, EXPORT, task.context)
        task.module.fail_json(
            msg=f"The CRL was imported, but reading its status back failed: {msg}",
            changed=True,
            client_vpn_endpoint_id=task.endpoint_id,
            **details,
        )
        raise  # not reached: fail_json() exits
    return snake_dict(response.get("Status") or {})


def main():
    module = AnsibleModule(
        argument_spec=_argument_spec(),
        mutually_exclusive=aws_mutually_exclusive() + [["crl", "src"]],
        required_one_of=[["crl", "src"]],
        supports_check_mode=True,
    )
    with failures_reported(module, "importing the certificate revocation list"):
        crl_utils.require_cryptography(module)
        now = _now()
        wanted, errors = _load_wanted(module.params, now)
        if errors:
            module.fail_json(msg=" ".join(errors))
        early = crl_utils.not_yet_valid_message(wanted, "The CRL", now)
        if early:
            module.warn(early)

        task = _Task(module)
        task.client = create_client(module)
        task.context = dict(client_vpn_endpoint_id=task.endpoint_id, region=task.client.meta.region_name)
        task.current, status = task.export()
        if task.current is not None and crl_utils.same_crl(task.current, wanted):
            task.exit(False, wanted, status)
        pem = crl_utils.to_pem(wanted)
        if module.check_mode:
            _check(task, wanted, pem)  # reports the prediction and exits
        _import(task, pem)
        task.exit(True, wanted, _status_after_import(task))


if __name__ == "__main__":
    main()
