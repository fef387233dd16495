# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import stat

import pytest
from ansible.module_utils import basic

from ansible_collections.vpnops.aws.plugins.modules import client_vpn_client_configuration as module
from ansible_collections.vpnops.aws.tests.unit.client_certificates import certificate_pem
from ansible_collections.vpnops.aws.tests.unit.client_certificates import key_body_lines
from ansible_collections.vpnops.aws.tests.unit.client_certificates import key_pem
from ansible_collections.vpnops.aws.tests.unit.conftest import REGION

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
OPERATION = "export_client_vpn_client_configuration"
EXPORTED = (
    "client\ndev tun\nproto udp\nremote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-1.amazonaws.com "
    "443\nremote-random-hostname\nnobind\nremote-cert-tls server\ncipher AES-256-GCM\nverb 3\n<ca>\n"
    "-----BEGIN CERTIFICATE-----\nQUJDREVGRw==\n-----END CERTIFICATE-----\n</ca>\n\nreneg-sec 0\n"
)
CERT = certificate_pem("alice")
KEY = key_pem("alice")
WITH_CERT = f"{EXPORTED}<cert>\n{CERT}</cert>\n"
WITH_KEY = f"{WITH_CERT}<key>\n{KEY}</key>\n"


@pytest.fixture(autouse=True)
def _owner_only_umask():
    """A permissive umask, as on many hosts, so that the tests show the module does not rely on it."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _expect_export(ec2, configuration=EXPORTED):
    ec2.add_response(OPERATION, {"ClientConfiguration": configuration}, {"ClientVpnEndpointId": ENDPOINT})


def _args(**args):
    return dict({"client_vpn_endpoint_id": ENDPOINT}, **args)


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def _assert_no_key(result):
    text = json.dumps({key: value for key, value in result.items() if not key.startswith("_")})
    assert not any(line in text for line in key_body_lines(KEY))


@pytest.mark.parametrize("check_mode", [False, True])
def test_without_dest_the_exported_configuration_is_returned(ec2, run_module, calls, check_mode):
    _expect_export(ec2)
    result = run_module(module, _args(), check_mode=check_mode)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["client_configuration"] == EXPORTED
    assert result["client_vpn_endpoint_id"] == ENDPOINT
    assert "dest" not in result and "diff" not in result
    assert calls == [("ExportClientVpnClientConfiguration", {"ClientVpnEndpointId": ENDPOINT})]


@pytest.mark.parametrize("check_mode", [False, True])
def test_the_certificate_is_added_as_a_cert_block(ec2, run_module, check_mode):
    _expect_export(ec2)
    result = run_module(module, _args(client_certificate=CERT.replace("\n", "\r\n")), check_mode=check_mode)
    assert result["client_configuration"] == WITH_CERT


def test_a_cert_block_of_the_export_is_replaced(ec2, run_module):
    _expect_export(ec2, EXPORTED + "<cert>\nold\n</cert>\n")
    result = run_module(module, _args(client_certificate=CERT))
    assert result["client_configuration"] == WITH_CERT


def test_a_new_file_holds_cert_and_key_has_mode_0600_and_the_result_no_key(ec2, run_module, tmp_path):
    dest = tmp_path / "alice.ovpn"
    _expect_export(ec2)
    result = run_module(module, _args(client_certificate=CERT, client_key=KEY, dest=str(dest)))
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["dest"] == str(dest)
    assert result["client_configuration"] == WITH_CERT
    assert dest.read_text() == WITH_KEY
    assert _mode(dest) == 0o600
    _assert_no_key(result)
    assert os.listdir(tmp_path) == ["alice.ovpn"]


def test_the_file_is_written_again_only_when_its_content_or_mode_differs(ec2, run_module, tmp_path):
    dest = tmp_path / "alice.ovpn"
    args = _args(client_certificate=CERT, client_key=KEY, dest=str(dest))
    for expected_changed in (True, False, False):
        _expect_export(ec2)
        assert run_module(module, args, check_mode=not expected_changed)["changed"] is expected_changed
    before = os.stat(dest)
    _expect_export(ec2)
    assert run_module(module, args)["changed"] is False
    assert os.stat(dest).st_ino == before.st_ino
    assert os.stat(dest).st_mtime_ns == before.st_mtime_ns


def test_check_mode_predicts_a_new_file_and_writes_nothing(ec2, run_module, calls, tmp_path):
    dest = tmp_path / "alice.ovpn"
    _expect_export(ec2)
    result = run_module(
        module, _args(client_certificate=CERT, client_key=KEY, dest=str(dest)), check_mode=True, diff=True
    )
    assert result["changed"] is True
    assert not dest.exists()
    assert os.listdir(tmp_path) == []
    assert [name for name, _params in calls] == ["ExportClientVpnClientConfiguration"]
    diff = result["diff"]
    assert diff[0]["before"] == ""
    assert diff[0]["after"] == f"{WITH_CERT}<key>\n(secret not shown)\n</key>\n"
    _assert_no_key(result)


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_changed_export_replaces_the_content_and_the_diff_masks_the_key(ec2, run_module, tmp_path, check_mode):
    dest = tmp_path / "alice.ovpn"
    old = WITH_KEY.replace("verb 3", "verb 4")
    dest.write_text(old)
    dest.chmod(0o600)
    _expect_export(ec2)
    result = run_module(
        module, _args(client_certificate=CERT, client_key=KEY, dest=str(dest)), check_mode=check_mode, diff=True
    )
    assert result["changed"] is True
    assert dest.read_text() == (old if check_mode else WITH_KEY)
    assert len(result["diff"]) == 1
    content = result["diff"][0]
    assert content["before_header"] == content["after_header"] == str(dest)
    assert "verb 4" in content["before"] and "verb 3" in content["after"]
    assert "<key>\n(secret not shown)\n</key>" in content["before"]
    assert "<key>\n(secret not shown)\n</key>" in content["after"]
    _assert_no_key(result)


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_readable_file_with_the_same_content_is_changed_to_mode_0600(ec2, run_module, tmp_path, check_mode):
    dest = tmp_path / "alice.ovpn"
    dest.write_text(WITH_KEY)
    dest.chmod(0o644)
    _expect_export(ec2)
    result = run_module(
        module, _args(client_certificate=CERT, client_key=KEY, dest=str(dest)), check_mode=check_mode, diff=True
    )
    assert result["changed"] is True
    assert _mode(dest) == (0o644 if check_mode else 0o600)
    content, attributes = result["diff"]
    assert content["before"] == content["after"]
    assert attributes["before"] == {"mode": "0644"} and attributes["after"] == {"mode": "0600"}


def test_new_content_never_lands_in_a_file_readable_by_others(ec2, run_module, tmp_path, monkeypatch):
    """The mode asked for is in place before the move that makes the new content visible, and just after it."""
    seen = []
    real_move = basic.AnsibleModule.atomic_move

    def watching_move(self, src, dest, *args, **kwargs):
        seen.append(("temporary file", _mode(src)))
        if os.path.exists(dest):
            seen.append(("old file", _mode(dest)))
        real_move(self, src, dest, *args, **kwargs)
        seen.append(("new file", _mode(dest)))

    monkeypatch.setattr(basic.AnsibleModule, "atomic_move", watching_move)
    existing, new = tmp_path / "existing.ovpn", tmp_path / "new.ovpn"
    existing.write_text("old\n")
    existing.chmod(0o644)
    for dest in (existing, new):
        _expect_export(ec2)
        run_module(module, _args(client_certificate=CERT, client_key=KEY, dest=str(dest)))
    assert seen == [
        ("temporary file", 0o600),
        ("old file", 0o600),
        ("new file", 0o600),
        ("temporary file", 0o600),
        ("new file", 0o600),
    ]


def test_a_mode_that_lets_others_read_the_key_is_applied_with_a_warning(ec2, run_module, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, text: warnings.append(text))
    dest = tmp_path / "alice.ovpn"
    _expect_export(ec2)
    run_module(module, _args(client_certificate=CERT, client_key=KEY, dest=str(dest), mode="0640"))
    assert _mode(dest) == 0o640
    assert warnings == [
        f"dest {str(dest)!r} holds a private key and its mode 0640 lets other users than its owner "
        "read it; set mode to '0600' unless that is intended."
    ]
    _expect_export(ec2)
    result = run_module(module, _args(client_certificate=CERT, dest=str(dest), mode="u=rw,go=r"))
    assert result["changed"] is True
    assert dest.read_text() == WITH_CERT
    assert _mode(dest) == 0o644
    assert len(warnings) == 1


def test_no_warning_for_the_default_mode(ec2, run_module, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, text: warnings.append(text))
    _expect_export(ec2)
    run_module(module, _args(client_certificate=CERT, client_key=KEY, dest=str(tmp_path / "alice.ovpn")))
    assert warnings == []


def test_a_symbolic_link_is_followed(ec2, run_module, tmp_path):
    target = tmp_path / "real.ovpn"
    target.write_text("old\n")
    link = tmp_path / "link.ovpn"
    link.symlink_to(target)
    _expect_export(ec2)
    result = run_module(module, _args(dest=str(link)))
    assert result["dest"] == str(target)
    assert link.is_symlink()
    assert target.read_text() == EXPORTED


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(ec2, run_module, tmp_path, monkeypatch):
    def failing_move(self, src, dest, *args, **kwargs):
        raise Exception(f"Could not replace {dest!r} with {src!r}.")  # as atomic_move() raises

    monkeypatch.setattr(basic.AnsibleModule, "atomic_move", failing_move)
    dest = tmp_path / "alice.ovpn"
    dest.write_text("old\n")
    dest.chmod(0o600)
    _expect_export(ec2)
    result = run_module(module, _args(client_certificate=CERT, client_key=KEY, dest=str(dest)))
    assert result["failed"] is True
    assert result["msg"].startswith(f"dest {str(dest)!r} could not be written: Could not replace")
    assert "unchanged" in result["msg"]
    assert dest.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["alice.ovpn"]
    _assert_no_key(result)


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize(
    "code, fragments",
    [
        ("InvalidClientVpnEndpointId.NotFound", [ENDPOINT, REGION]),
        ("UnauthorizedOperation", ["ec2:ExportClientVpnClientConfiguration"]),
        ("InternalError", ["ExportClientVpnClientConfiguration failed (InternalError)"]),
    ],
)
def test_api_errors_fail_clearly_and_write_nothing(ec2, run_module, tmp_path, code, fragments, check_mode):
    ec2.add_client_error(OPERATION, code, "AWS message", 400)
    dest = tmp_path / "alice.ovpn"
    result = run_module(module, _args(client_certificate=CERT, client_key=KEY, dest=str(dest)), check_mode=check_mode)
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert "client_configuration" not in result
    assert not dest.exists()


def _bad_input_cases():
    other_key = key_pem("bob")
    return [
        ({"client_vpn_endpoint_id": "cvpn-endpoint-12"}, ["client_vpn_endpoint_id 'cvpn-endpoint-12'", "8 or 17"]),
        ({"client_certificate": "alice.crt"}, ["client_certificate is not a PEM certificate", "not a file name"]),
        ({"client_certificate": CERT + KEY}, ["client_certificate", "PRIVATE KEY", "belongs in client_key"]),
        (
            {"client_certificate": CERT, "client_key": other_key, "dest": "{tmp}/a.ovpn"},
            ["client_key does not belong to client_certificate", "CN=alice"],
        ),
        (
            {"client_certificate": CERT, "client_key": KEY + other_key, "dest": "{tmp}/a.ovpn"},
            ["client_key holds 2 private keys"],
        ),
        (
            {"client_certificate": CERT, "client_key": key_pem("alice", passphrase=b"pw"), "dest": "{tmp}/a.ovpn"},
            ["client_key is encrypted"],
        ),
        (
            {"client_certificate": CERT, "client_key": "alice.key", "dest": "{tmp}/a.ovpn"},
            ["client_key holds no PEM private key"],
        ),
        ({"client_certificate": CERT, "client_key": KEY}, ["client_key", "dest"]),
        ({"client_key": KEY, "dest": "{tmp}/a.ovpn"}, ["client_key", "client_certificate"]),
        ({"dest": "{tmp}"}, ["is a directory", "client.ovpn"]),
        ({"dest": "{tmp}/missing/a.ovpn"}, ["directory", "missing", "does not exist", "state=directory"]),
        ({"dest": os.devnull}, ["not a regular file"]),
        ({"dest": "{tmp}/a.ovpn", "mode": "0999"}, ["mode '0999' is not valid", "octal"]),
        ({"dest": "{tmp}/a.ovpn", "mode": "77777"}, ["mode '77777' is out of range"]),
        ({"dest": "{tmp}/a.ovpn", "mode": 0o17777}, ["mode 8191 is out of range"]),
        ({"dest": "{tmp}/a.ovpn", "mode": "rw-------"}, ["mode 'rw-------' is not valid", "u=rw"]),
        ({"dest": "{tmp}/a.ovpn", "mode": ""}, ["mode '' is not valid"]),
        ({"dest": "{tmp}/a.ovpn", "mode": ["0600"]}, ["mode ['0600'] is not valid"]),
        ({"dest": "{tmp}/a.ovpn", "owner": "no-such-user-vpnops"}, ["owner 'no-such-user-vpnops' is not a user"]),
        ({"dest": "{tmp}/a.ovpn", "group": "no-such-group-vpnops"}, ["group 'no-such-group-vpnops' is not a group"]),
        ({"profile": "ops", "secret_key": "x"}, ["mutually exclusive", "profile"]),
        ({"aws_config": {"retry": 1}}, ["aws_config", "'retry'"]),
    ]


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("case", range(len(_bad_input_cases())))
def test_bad_input_fails_before_any_api_request_without_showing_the_key(run_module, calls, tmp_path, case, check_mode):
    args, fragments = _bad_input_cases()[case]
    args = {name: value.format(tmp=tmp_path) if name == "dest" else value for name, value in args.items()}
    result = run_module(module, _args(**args), check_mode=check_mode)
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert calls == []
    _assert_no_key(result)
    assert not any(line in result["msg"] for line in key_body_lines(key_pem("bob")))
    assert os.listdir(tmp_path) == []


def test_every_bad_input_is_reported_at_once(run_module, calls, tmp_path):
    result = run_module(
        module, _args(client_vpn_endpoint_id="bad", client_certificate="x", dest=str(tmp_path), mode="9")
    )
    assert result["msg"].startswith("client_vpn_endpoint_id 'bad'")
    assert "client_certificate is not a PEM" in result["msg"]
    assert "is a directory" in result["msg"] and "mode '9'" in result["msg"]
    assert calls == []


def test_cryptography_is_needed_only_for_a_certificate_or_key(ec2, run_module, monkeypatch, tmp_path):
    monkeypatch.setattr(module.openvpn_config, "HAS_CRYPTOGRAPHY", False)
    result = run_module(module, _args(client_certificate=CERT))
    assert result["failed"] is True
    assert "cryptography" in result["msg"]
    _expect_export(ec2)
    assert run_module(module, _args(dest=str(tmp_path / "a.ovpn")))["changed"] is True


def test_a_new_file_shows_only_its_content_in_the_diff(ec2, run_module, tmp_path):
    dest = tmp_path / "alice.ovpn"
    _expect_export(ec2)
    result = run_module(module, _args(client_certificate=CERT, dest=str(dest), mode="0640"), diff=True)
    assert _mode(dest) == 0o640
    assert result["diff"] == [{"before_header": str(dest), "after_header": str(dest), "before": "", "after": WITH_CERT}]


def test_a_file_that_cannot_be_given_its_attributes_fails_cleanly(ec2, run_module, tmp_path, monkeypatch):
    def failing_attributes(self, file_args, changed, diff=None, expand=True):
        raise PermissionError(1, "Operation not permitted", file_args["path"])

    monkeypatch.setattr(basic.AnsibleModule, "set_fs_attributes_if_different", failing_attributes)
    dest = tmp_path / "alice.ovpn"
    dest.write_text(WITH_KEY)
    _expect_export(ec2)
    result = run_module(module, _args(client_certificate=CERT, client_key=KEY, dest=str(dest)))
    assert result["failed"] is True
    assert result["msg"].startswith(f"dest {str(dest)!r} could not be read or given its attributes: ")
    assert "Operation not permitted" in result["msg"]
    _assert_no_key(result)
