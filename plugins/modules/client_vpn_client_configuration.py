#!/usr/bin/python
# SPDX-License-Identifier: GPL-3.0-or-later
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: client_vpn_client_configuration
short_description: Get the OpenVPN client configuration of an AWS Client VPN endpoint, or write a ready .ovpn file
version_added: 1.1.0
description:
  - Exports the OpenVPN client configuration of a Client VPN endpoint, as
    C(aws ec2 export-client-vpn-client-configuration) does, and returns it as RV(client_configuration).
  - With O(client_certificate), the client certificate is added to the configuration as an inline
    C(<cert>) block, as the AWS Client VPN documentation describes for mutual authentication.
  - With O(dest), writes a configuration file that a client can use as it is, with the C(<cert>) block and, with
    O(client_key), the client's private key as an inline C(<key>) block. The file is replaced atomically and is
    changed only when its content or attributes differ from what the task asks for.
  - The private key is never returned, shown in a diff or logged.
options:
  client_vpn_endpoint_id:
    description:
      - The ID of the Client VPN endpoint, C(cvpn-endpoint-) followed by 8 or 17 lowercase hexadecimal digits.
    type: str
    required: true
  client_certificate:
    description:
      - The client certificate, as PEM text (not a file name; read a file with the P(ansible.builtin.file#lookup)
        lookup).
      - Only C(CERTIFICATE) blocks are allowed, the client certificate first, then any intermediate certificates.
        Each must be a valid X.509 certificate.
      - Added to RV(client_configuration) and to the file at O(dest) as a C(<cert>) block, which replaces any
        C(<cert>) block of the exported configuration.
    type: str
  client_key:
    description:
      - The private key of O(client_certificate), as PEM text, written into the file at O(dest) as a C(<key>) block.
      - One unencrypted private key, labelled C(PRIVATE KEY), C(RSA PRIVATE KEY), C(EC PRIVATE KEY) or
        C(DSA PRIVATE KEY); an encrypted key is refused. It must belong to O(client_certificate).
      - Requires O(client_certificate) and O(dest). It is never returned, shown in a diff or logged.
    type: str
  dest:
    description:
      - The path of the configuration file to write, usually ending in C(.ovpn).
      - Its directory must exist. A symbolic link is followed, and the file it points to is written.
      - When not given, nothing is written and the configuration is only returned.
    type: path
  mode:
    description:
      - The permissions of the file at O(dest), in octal (quote it, for example V('0600')) or symbolic form (for
        example V(u=rw,g=r)).
      - Defaults to V('0600'), readable by its owner only, since the file may hold a private key. The file is
        created with that mode before any content is written to it.
    type: raw
    default: '0600'
extends_documentation_fragment:
  - vpnops.aws.aws_connection
  - ansible.builtin.files
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details:
      - In check mode the module still exports the configuration, a read that changes nothing at AWS, so that it
        can compare it with the file at O(dest) and report C(changed) truthfully; it writes nothing.
        The export also checks the IAM permission, so no C(DryRun) request is needed.
  diff_mode:
    support: full
    details:
      - Shows the file's content before and after, with the content of the C(<key>) block and of any other
        secret block or private key replaced by C((secret not shown)), and the changes of mode, owner or group.
  platform:
    platforms: aws, posix
    details:
      - The file is written on the host that runs the module, usually the controller (C(localhost)).
  action_group:
    support: full
    membership: [vpnops.aws.aws]
  safe_file_operations:
    description: Uses Ansible's strict file operation functions to ensure proper permissions and avoid data corruption.
    support: full
    details:
      - The file is written to a temporary file in the same directory, created with mode V(0600), and moved into
        place with Ansible's atomic move.
  vault:
    description: Can automatically decrypt Ansible vaulted files.
    support: none
    details:
      - O(client_certificate) and O(client_key) are content, not files; a key kept in a vaulted file can be read
        with the P(ansible.builtin.file#lookup) lookup, which decrypts it.
notes:
  - Needs the IAM permission C(ec2:ExportClientVpnClientConfiguration).
  - Needs the C(cryptography) Python library (a requirement of ansible-core) when O(client_certificate) or
    O(client_key) is given.
  - The exported configuration holds the endpoint's DNS name and its server certificate authority, but no secret.
seealso:
  - module: vpnops.aws.client_vpn_endpoints_info
  - name: ExportClientVpnClientConfiguration API
    description: The AWS API reference for the call this module makes.
    link: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ExportClientVpnClientConfiguration.html
  - name: Export and configure the client configuration file
    description: How AWS describes adding the client certificate and key to the file.
    link: https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-endpoint-export.html
author:
  - vpnops maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Get the client configuration of an endpoint
  vpnops.aws.client_vpn_client_configuration:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
  register: exported

- name: Show the server that clients connect to
  ansible.builtin.debug:
    msg: "{{ exported.client_configuration | regex_search('^remote .*$', multiline=True) }}"

- name: Write a ready .ovpn file for alice, with her certificate and key (readable by its owner only)
  vpnops.aws.client_vpn_client_configuration:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    client_certificate: "{{ lookup('ansible.builtin.file', playbook_dir ~ '/alice.crt') }}"
    client_key: "{{ lookup('ansible.builtin.file', playbook_dir ~ '/alice.key') }}"
    dest: "{{ playbook_dir }}/alice.ovpn"
  register: alice

- name: Preview what would change in her file, without the key (run with --check --diff, or set it here)
  vpnops.aws.client_vpn_client_configuration:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    client_certificate: "{{ lookup('ansible.builtin.file', playbook_dir ~ '/alice.crt') }}"
    client_key: "{{ lookup('ansible.builtin.file', playbook_dir ~ '/alice.key') }}"
    dest: "{{ playbook_dir }}/alice.ovpn"
  check_mode: true
  diff: true

- name: A file without the key, for a client that reads the key from elsewhere, readable by a group
  vpnops.aws.client_vpn_client_configuration:
    client_vpn_endpoint_id: cvpn-endpoint-0123456789abcdef0
    client_certificate: "{{ lookup('ansible.builtin.file', playbook_dir ~ '/alice.crt') }}"
    dest: "{{ playbook_dir }}/alice-cert-only.ovpn"
    mode: "0640"
"""

RETURN = r"""
client_vpn_endpoint_id:
  description: The ID of the Client VPN endpoint.
  returned: always
  type: str
  sample: cvpn-endpoint-0123456789abcdef0
client_configuration:
  description:
    - The OpenVPN client configuration as AWS exported it, with a C(<cert>) block holding O(client_certificate)
      when that is given.
    - Never holds the private key, even when O(client_key) is given.
  returned: success
  type: str
  sample: |-
    client
    dev tun
    proto udp
    remote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.us-east-1.amazonaws.com 443
    remote-random-hostname
    resolv-retry infinite
    nobind
    remote-cert-tls server
    cipher AES-256-GCM
    verb 3
    <ca>
    -----BEGIN CERTIFICATE-----
    ...
    -----END CERTIFICATE-----
    </ca>
    reneg-sec 0
dest:
  description: The path of the file written (or, in check mode, that would be written), symbolic links followed.
  returned: when O(dest) is given
  type: str
  sample: /home/ops/vpn/alice.ovpn
mode:
  description:
    - The permissions of the file at RV(dest) once the task is done, in octal.
    - This and the other facts about the file below are added by Ansible to every result that names a file; in
      check mode they describe the file as it is, not as it would be.
  returned: when O(dest) is given and the file exists
  type: str
  sample: "0600"
owner:
  description: The name of the file's owner.
  returned: when O(dest) is given and the file exists
  type: str
  sample: ops
group:
  description: The name of the file's group.
  returned: when O(dest) is given and the file exists
  type: str
  sample: ops
uid:
  description: The user id of the file's owner.
  returned: when O(dest) is given and the file exists
  type: int
  sample: 1000
gid:
  description: The group id of the file's group.
  returned: when O(dest) is given and the file exists
  type: int
  sample: 1000
size:
  description: The size of the file, in bytes.
  returned: when O(dest) is given and the file exists
  type: int
  sample: 2114
state:
  description: V(file) (or V(hard) when the file has more than one hard link).
  returned: when O(dest) is given and the file exists
  type: str
  sample: file
secontext:
  description: The SELinux context of the file.
  returned: when O(dest) is given, the file exists and SELinux is enabled
  type: str
  sample: unconfined_u:object_r:user_home_t:s0
"""

import grp
import os
import pwd
import re
import tempfile

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.basic import missing_required_lib

from ansible_collections.vpnops.aws.plugins.module_utils import openvpn_config
from ansible_collections.vpnops.aws.plugins.module_utils.client_vpn import endpoint_id_error
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_argument_spec
from ansible_collections.vpnops.aws.plugins.module_utils.connection import aws_mutually_exclusive
from ansible_collections.vpnops.aws.plugins.module_utils.connection import create_client
from ansible_collections.vpnops.aws.plugins.module_utils.errors import aws_errors
from ansible_collections.vpnops.aws.plugins.module_utils.errors import fail_aws
from ansible_collections.vpnops.aws.plugins.module_utils.errors import failures_reported
from ansible_collections.vpnops.aws.plugins.module_utils.openvpn_config import PemError

OPERATION = "ExportClientVpnClientConfiguration"
DEFAULT_MODE = "0600"
MODE_FORM = (
    "an octal number up to 07777 (quoted, for example '0600') or a symbolic mode such as u=rw,g=r "
    "(who: u, g, o or a; operators: +, - or =; permissions: r, w, x, X, s, t, u, g or o)"
)
_SYMBOLIC_CLAUSE = re.compile(r"[ugoa]*(?:[-+=][rwxXstugo]*)+")


def _argument_spec():
    spec = dict(
        client_vpn_endpoint_id=dict(type="str", required=True),
        client_certificate=dict(type="str"),
        client_key=dict(type="str", no_log=True),
        dest=dict(type="path"),
        mode=dict(type="raw", default=DEFAULT_MODE),
    )
    spec.update(aws_argument_spec())
    return spec


class _Plan:
    """What the options ask for, once validated: the PEM blocks to embed and the file to write."""

    def __init__(self):
        self.certificate_pem = None
        self.key_pem = None
        self.dest = None


def _mode_error(mode):
    if isinstance(mode, bool) or not isinstance(mode, (int, str)):
        return f"mode {mode!r} is not valid: expected {MODE_FORM}."
    if isinstance(mode, int):
        return None if 0 <= mode <= 0o7777 else f"mode {mode!r} is out of range: expected {MODE_FORM}."
    if re.fullmatch(r"[0-7]{1,5}", mode):
        return None if int(mode, 8) <= 0o7777 else f"mode {mode!r} is out of range: expected {MODE_FORM}."
    if mode and all(_SYMBOLIC_CLAUSE.fullmatch(clause) for clause in mode.split(",")):
        return None
    return f"mode {mode!r} is not valid: expected {MODE_FORM}."


def _account_errors(owner, group):
    errors = []
    for option, value, lookup in (("owner", owner, pwd.getpwnam), ("group", group, grp.getgrnam)):
        if value is None or value.isdigit():
            continue
        try:
            lookup(value)
        except (KeyError, ValueError):
            kind = "user" if option == "owner" else "group"
            errors.append(f"{option} {value!r} is not a {kind} on this host: give an existing {kind} name or a number.")
    return errors


def _dest_path(dest):
    """(the path to write, symbolic links followed, error message or None)."""
    if dest.endswith(os.sep) or os.path.isdir(dest):
        example = os.path.join(dest, "client.ovpn")
        return dest, f"dest {dest!r} is a directory: give the path of the file to write, such as {example!r}."
    path = os.path.realpath(dest) if os.path.islink(dest) else dest
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        return path, (
            f"dest {dest!r} cannot be written: the directory {directory!r} does not exist; create it first, "
            "for example with ansible.builtin.file and state=directory."
        )
    if os.path.lexists(path) and not os.path.isfile(path):
        return path, f"dest {dest!r} exists and is not a regular file: give the path of a file."
    if not os.access(directory, os.W_OK | os.X_OK):
        return path, f"dest {dest!r} cannot be written: the directory {directory!r} is not writable by this user."
    return path, None


def _pem_errors(params, plan):
    errors = []
    certificate = key = None
    try:
        if params["client_certificate"] is not None:
            plan.certificate_pem, certificate = openvpn_config.load_certificates(
                "client_certificate", params["client_certificate"]
            )
    except PemError as exc:
        errors.append(str(exc))
    try:
        if params["client_key"] is not None:
            plan.key_pem, key = openvpn_config.load_private_key("client_key", params["client_key"])
    except PemError as exc:
        errors.append(str(exc))
    if certificate is not None and key is not None and not openvpn_config.key_matches_certificate(key, certificate):
        errors.append(
            "client_key does not belong to client_certificate: the certificate "
            f"({openvpn_config.subject_text(certificate)}) holds the public key of another private key."
        )
    return errors


def _plan(params):
    """(_Plan, error messages) from the options; nothing is read from AWS or written."""
    plan = _Plan()
    errors = [error for error in [endpoint_id_error(params["client_vpn_endpoint_id"])] if error]
    if params["client_certificate"] is not None or params["client_key"] is not None:
        if not openvpn_config.HAS_CRYPTOGRAPHY:
            return plan, [missing_required_lib("cryptography")]
        errors.extend(_pem_errors(params, plan))
    if params["dest"] is not None:
        plan.dest, dest_error = _dest_path(params["dest"])
        mode_error = _mode_error(params["mode"])
        errors.extend(error for error in (dest_error, mode_error) if error)
        errors.extend(_account_errors(params["owner"], params["group"]))
    return plan, errors


def _export(module, client):
    endpoint_id = module.params["client_vpn_endpoint_id"]
    try:
        return client.export_client_vpn_client_configuration(ClientVpnEndpointId=endpoint_id).get(
            "ClientConfiguration", ""
        )
    except aws_errors() as exc:
        fail_aws(module, exc, OPERATION, client_vpn_endpoint_id=endpoint_id, region=client.meta.region_name)
    return None  # not reached: fail_aws() exits


def _read(module, path):
    """The file's bytes, or None when there is no file."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        module.fail_json(msg=f"dest {path!r} exists but cannot be read ({exc.strerror}); nothing was written.")
    return None


def _write(module, path, data):
    """Replace the file at path with data, atomically; a new file is created with mode 0600 at first."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
            output.flush()
            os.fsync(output.fileno())
        umask = os.umask(0o077)
        try:
            module.atomic_move(temporary, path, unsafe_writes=module.params["unsafe_writes"])
        finally:
            os.umask(umask)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        # OSError, and the plain Exception that atomic_move() raises, carry a readable message; anything else is
        # a bug, which main() reports with its traceback.
        if not isinstance(exc, OSError) and exc.__class__ is not Exception:
            raise
        module.fail_json(msg=f"dest {path!r} could not be written: {exc}; the previous file, if any, is unchanged.")
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _file_args(module, path):
    params = dict(module.params, mode=module.params["mode"] if module.params["mode"] is not None else DEFAULT_MODE)
    return module.load_file_common_arguments(params, path=path)


def _content_diff(path, before, after):
    return {
        "before_header": path,
        "after_header": path,
        "before": "" if before is None else openvpn_config.masked(before.decode("utf-8", errors="replace")),
        "after": openvpn_config.masked(after.decode("utf-8")),
    }


def _apply(module, path, data):
    """(changed, diffs): write the file and set its attributes as asked; in check mode, only predict."""
    before = _read(module, path)
    attribute_diff = {}
    changed = False
    if before is not None:
        # Attributes first, so that new content lands in a file that already has the mode and owner asked for.
        changed = module.set_fs_attributes_if_different(_file_args(module, path), False, attribute_diff)
    if before != data:
        changed = True
        if not module.check_mode:
            _write(module, path, data)
    if before is None and not module.check_mode:
        # A new file: its attributes are part of its creation, not a change to show.
        module.set_fs_attributes_if_different(_file_args(module, path), True, {})
    diffs = [_content_diff(path, before, data)]
    if attribute_diff:
        diffs.append(dict(attribute_diff, before_header=path, after_header=path))
    return changed, diffs


def _warn_if_readable(module, path, holds_key):
    if not holds_key or module.check_mode or not os.path.exists(path):
        return
    mode = os.stat(path).st_mode & 0o777
    if mode & 0o077:
        module.warn(
            f"dest {path!r} holds a private key and its mode {mode:04o} lets other users than its owner "
            "read it; set mode to '0600' unless that is intended."
        )


def _file_result(module, plan, configuration):
    """Write (or, in check mode, compare) the file; the result keys that report it."""
    content = configuration
    if plan.key_pem is not None:
        content = openvpn_config.with_inline_block(content, "key", plan.key_pem)
    try:
        changed, diffs = _apply(module, plan.dest, content.encode("utf-8"))
        _warn_if_readable(module, plan.dest, plan.key_pem is not None)
    except OSError as exc:
        module.fail_json(
            msg=f"dest {plan.dest!r} could not be read or given its attributes: {exc}.",
            client_vpn_endpoint_id=module.params["client_vpn_endpoint_id"],
        )
    result = dict(changed=changed, dest=plan.dest)
    if module._diff:
        result["diff"] = diffs
    return result


def main():
    module = AnsibleModule(
        argument_spec=_argument_spec(),
        mutually_exclusive=aws_mutually_exclusive(),
        required_by={"client_key": ("client_certificate", "dest")},
        add_file_common_args=True,
        supports_check_mode=True,
    )
    with failures_reported(module, "exporting the client configuration"):
        plan, errors = _plan(module.params)
        if errors:
            module.fail_json(msg=" ".join(errors))

        configuration = _export(module, create_client(module))
        if plan.certificate_pem is not None:
            configuration = openvpn_config.with_inline_block(configuration, "cert", plan.certificate_pem)
        result = dict(
            changed=False,
            client_vpn_endpoint_id=module.params["client_vpn_endpoint_id"],
            client_configuration=configuration,
        )
        if plan.dest is not None:
            result.update(_file_result(module, plan, configuration))
        module.exit_json(**result)


if __name__ == "__main__":
    main()
