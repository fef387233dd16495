# SPDX-License-Identifier: GPL-3.0-or-later

import pytest
from ansible.module_utils import basic

from ansible_collections.vpnops.aws.plugins.module_utils import crl as crl_utils
from ansible_collections.vpnops.aws.plugins.modules import client_vpn_certificate_revocation_list as module
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import DAY
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import ISSUER_TEXT
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import NOW
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import certificate_pem
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import crl_der
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import make_crl

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
EXPORT = "ExportClientVpnClientCertificateRevocationList"
IMPORT = "ImportClientVpnClientCertificateRevocationList"
OLD = make_crl(serials=(0x0C,), this_update=NOW - 20 * DAY, next_update=NOW + 10 * DAY, crl_number=6)
NEW = make_crl(serials=(0x1A2B, 0x0C), crl_number=7)
OLD_PEM = crl_utils.to_pem(OLD)
NEW_PEM = crl_utils.to_pem(NEW)
EXPIRED_PEM = crl_utils.to_pem(make_crl(this_update=NOW - 40 * DAY, next_update=NOW - 3 * DAY))


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(module, "_now", lambda: NOW)


def _args(**args):
    return dict({"client_vpn_endpoint_id": ENDPOINT}, **args)


def _expect_export(ec2, pem, code="active"):
    response = {"Status": {"Code": code}}
    if pem is not None:
        response["CertificateRevocationList"] = pem
    ec2.add_response(
        "export_client_vpn_client_certificate_revocation_list", response, {"ClientVpnEndpointId": ENDPOINT}
    )


def _expect_import(ec2, check_mode, pem=NEW_PEM, after_code="pending"):
    """Queue the import and the export that follows it, or the DryRun import of check mode."""
    expected = {"ClientVpnEndpointId": ENDPOINT, "CertificateRevocationList": pem}
    if check_mode:
        ec2.add_client_error(
            "import_client_vpn_client_certificate_revocation_list",
            "DryRunOperation",
            "Request would have succeeded, but DryRun flag is set.",
            412,
            expected_params=dict(expected, DryRun=True),
        )
        return
    ec2.add_response("import_client_vpn_client_certificate_revocation_list", {"Return": True}, expected)
    _expect_export(ec2, pem, after_code)


def _imports(calls):
    """The real (not DryRun) import requests."""
    return [params for name, params in calls if name == IMPORT and not params.get("DryRun")]


def _dry_runs(calls):
    return [params for name, params in calls if name == IMPORT and params.get("DryRun")]


@pytest.fixture
def crl_file(tmp_path):
    path = tmp_path / "crl.pem"
    path.write_text(NEW_PEM, encoding="ascii")
    return str(path)


# ---------------------------------------------------------------------------------------------------------------
# Input validation: every failure names the problem, and no request is sent.


@pytest.mark.parametrize(
    "args, fragments",
    [
        (_args(client_vpn_endpoint_id="cvpn-endpoint-123", crl=NEW_PEM), ["'cvpn-endpoint-123'", "8 or 17"]),
        (_args(crl=""), ["crl is empty"]),
        (_args(crl="not a crl"), ["crl is not PEM", "BEGIN X509 CRL"]),
        (_args(crl=certificate_pem()), ["crl is not a CRL", "PEM CERTIFICATE"]),
        (_args(crl=OLD_PEM + NEW_PEM), ["crl holds 2 CRLs"]),
        (
            _args(crl=EXPIRED_PEM),
            [
                "crl has expired",
                "nextUpdate 2026-05-29T12:00:00Z",
                "3d in the past",
                "thisUpdate 2026-04-22T12:00:00Z",
                "refuses every client",
            ],
        ),
        (_args(src="/nonexistent/crl.pem"), ["src /nonexistent/crl.pem cannot be read", "No such file"]),
        (_args(crl=NEW_PEM, src="/tmp/crl.pem"), ["mutually exclusive", "crl|src"]),
        (_args(), ["one of the following is required", "crl, src"]),
        (_args(crl=None), ["One of crl", "or src", "both are unset"]),
        (_args(crl=NEW_PEM, state="absent"), ["state", "present", "absent"]),
        (_args(crl=NEW_PEM, profile="ops", secret_key="x"), ["mutually exclusive", "profile"]),
        (_args(crl=NEW_PEM, aws_config={"retry": 1}), ["aws_config", "'retry'"]),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_bad_input_fails_before_any_request(run_module, calls, args, fragments, check_mode):
    result = run_module(module, args, check_mode=check_mode)
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert calls == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_src_with_a_nul_fails_naming_it(run_module, calls, monkeypatch, check_mode):
    # ansible-core 2.21 refuses any argument with a NUL when it logs the invocation to syslog, before the
    # module's code runs; without that log (no_target_syslog), the module's own check answers.
    monkeypatch.setattr(basic.AnsibleModule, "_log_invocation", lambda self: None)
    result = run_module(module, _args(src="/tmp/a\x00b.pem"), check_mode=check_mode)
    assert result["failed"] is True
    assert "src '/tmp/a\\x00b.pem' is not a valid path: it contains a NUL character" in result["msg"]
    assert calls == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_der_file_fails_with_the_conversion_command(run_module, calls, tmp_path, check_mode):
    path = tmp_path / "crl.der"
    path.write_bytes(crl_der())
    result = run_module(module, _args(src=str(path)), check_mode=check_mode)
    assert result["failed"] is True
    assert f"src {path} is a DER-encoded" in result["msg"]
    assert "openssl crl -inform DER" in result["msg"]
    assert calls == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_directory_as_src_fails(run_module, calls, tmp_path, check_mode):
    result = run_module(module, _args(src=str(tmp_path)), check_mode=check_mode)
    assert result["failed"] is True
    assert f"src {tmp_path} cannot be read" in result["msg"]
    assert calls == []


def test_every_problem_is_named_in_one_message(run_module, calls):
    result = run_module(module, _args(client_vpn_endpoint_id="cvpn-endpoint-x", crl=EXPIRED_PEM))
    assert "'cvpn-endpoint-x'" in result["msg"]
    assert "crl has expired" in result["msg"]
    assert calls == []


def test_missing_cryptography_fails_before_any_request(run_module, calls, monkeypatch):
    monkeypatch.setattr(crl_utils, "HAS_CRYPTOGRAPHY", False)
    result = run_module(module, _args(crl=NEW_PEM))
    assert result["failed"] is True
    assert "cryptography" in result["msg"]
    assert calls == []


# ---------------------------------------------------------------------------------------------------------------
# Importing, idempotence, check mode and diff.


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("current", [OLD_PEM, None, ""])
def test_imports_a_different_list(ec2, run_module, calls, crl_file, check_mode, current):
    _expect_export(ec2, current)
    _expect_import(ec2, check_mode)
    result = run_module(module, _args(src=crl_file), check_mode=check_mode)
    assert result["failed"] is False
    assert result["changed"] is True
    assert result["client_vpn_endpoint_id"] == ENDPOINT
    assert result["issuer"] == ISSUER_TEXT
    assert result["this_update"] == "2026-05-31T12:00:00Z"
    assert result["next_update"] == "2026-07-01T12:00:00Z"
    assert result["revoked_count"] == 2
    assert result["revoked_serials"] == ["1A2B", "0C"]
    assert result["crl_number"] == 7
    assert result["status"] == {"code": "pending"}
    if check_mode:
        assert _imports(calls) == []
        assert len(_dry_runs(calls)) == 1
        assert [name for name, _params in calls] == [EXPORT, IMPORT]
    else:
        assert _imports(calls) == [{"ClientVpnEndpointId": ENDPOINT, "CertificateRevocationList": NEW_PEM}]
        assert _dry_runs(calls) == []
        assert [name for name, _params in calls] == [EXPORT, IMPORT, EXPORT]


@pytest.mark.parametrize("check_mode", [False, True])
def test_same_list_is_not_imported_again(ec2, run_module, calls, check_mode):
    _expect_export(ec2, NEW_PEM.replace("\n", "\r\n") + "\n", code="active")
    result = run_module(module, _args(crl=f"Some text before the block\n{NEW_PEM}"), check_mode=check_mode)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["status"] == {"code": "active"}
    assert result["next_update"] == "2026-07-01T12:00:00Z"
    assert [name for name, _params in calls] == [EXPORT]


def test_same_fields_but_a_new_signature_is_a_different_list(ec2, run_module, calls):
    reissued = crl_utils.to_pem(make_crl(serials=(0x1A2B, 0x0C), crl_number=7))
    _expect_export(ec2, reissued)
    _expect_import(ec2, False, after_code="active")
    result = run_module(module, _args(crl=NEW_PEM))
    assert result["changed"] is True
    assert result["status"] == {"code": "active"}


def test_second_run_changes_nothing(ec2, run_module, calls, crl_file):
    _expect_export(ec2, OLD_PEM)
    _expect_import(ec2, False)
    assert run_module(module, _args(src=crl_file))["changed"] is True
    _expect_export(ec2, NEW_PEM)
    second = run_module(module, _args(src=crl_file))
    assert second["changed"] is False
    assert len(_imports(calls)) == 1


def test_the_block_alone_is_sent(ec2, run_module, calls):
    _expect_export(ec2, OLD_PEM)
    _expect_import(ec2, False)
    run_module(module, _args(crl=f"Certificate Revocation List (CRL):\n    Version 2 (0x1)\n{NEW_PEM}"))
    assert _imports(calls)[0]["CertificateRevocationList"] == NEW_PEM


@pytest.mark.parametrize("check_mode", [False, True])
def test_diff_shows_the_lists_not_the_pem(ec2, run_module, calls, check_mode):
    _expect_export(ec2, OLD_PEM)
    _expect_import(ec2, check_mode)
    result = run_module(module, _args(crl=NEW_PEM), check_mode=check_mode, diff=True)
    assert result["diff"]["before"] == {
        "issuer": ISSUER_TEXT,
        "this_update": "2026-05-12T12:00:00Z",
        "next_update": "2026-06-11T12:00:00Z",
        "crl_number": 6,
        "revoked_serials": ["0C"],
    }
    assert result["diff"]["after"] == {
        "issuer": ISSUER_TEXT,
        "this_update": "2026-05-31T12:00:00Z",
        "next_update": "2026-07-01T12:00:00Z",
        "crl_number": 7,
        "revoked_serials": ["1A2B", "0C"],
    }
    assert "BEGIN X509 CRL" not in repr(result)


def test_diff_before_is_empty_without_a_crl(ec2, run_module, calls):
    _expect_export(ec2, None)
    _expect_import(ec2, True)
    result = run_module(module, _args(crl=NEW_PEM), check_mode=True, diff=True)
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["revoked_serials"] == ["1A2B", "0C"]


def test_no_diff_unless_asked(ec2, run_module, calls):
    _expect_export(ec2, NEW_PEM)
    assert "diff" not in run_module(module, _args(crl=NEW_PEM))


def test_unreadable_current_crl_warns_and_is_replaced(ec2, run_module, calls, monkeypatch):
    warnings = []
    monkeypatch.setattr(module.AnsibleModule, "warn", lambda self, text: warnings.append(text))
    _expect_export(ec2, "garbage")
    _expect_import(ec2, False)
    result = run_module(module, _args(crl=NEW_PEM))
    assert result["changed"] is True
    assert warnings == [
        "The endpoint's current CRL is not PEM: expected a CRL between '-----BEGIN X509 CRL-----' "
        "and '-----END X509 CRL-----'. It is treated as different from the CRL to import."
    ]


def test_a_crl_from_the_future_warns(ec2, run_module, calls, monkeypatch):
    warnings = []
    monkeypatch.setattr(module.AnsibleModule, "warn", lambda self, text: warnings.append(text))
    future = crl_utils.to_pem(make_crl(this_update=NOW + 2 * DAY, next_update=NOW + 30 * DAY))
    _expect_export(ec2, future)
    result = run_module(module, _args(crl=future))
    assert result["changed"] is False
    assert len(warnings) == 1
    assert "not valid yet: its thisUpdate 2026-06-03T12:00:00Z is 2d ahead" in warnings[0]


# ---------------------------------------------------------------------------------------------------------------
# AWS errors.


@pytest.mark.parametrize("check_mode", [False, True])
def test_export_error_fails_without_importing(ec2, run_module, calls, check_mode):
    ec2.add_client_error(
        "export_client_vpn_client_certificate_revocation_list",
        "InvalidClientVpnEndpointId.NotFound",
        "The endpoint does not exist",
        400,
    )
    result = run_module(module, _args(crl=NEW_PEM), check_mode=check_mode)
    assert result["failed"] is True
    assert f"Client VPN endpoint {ENDPOINT} was not found in region eu-west-1" in result["msg"]
    assert result.get("changed") is None
    assert [name for name, _params in calls] == [EXPORT]


def test_unauthorized_dry_run_fails_in_check_mode(ec2, run_module, calls):
    _expect_export(ec2, OLD_PEM)
    ec2.add_client_error(
        "import_client_vpn_client_certificate_revocation_list", "UnauthorizedOperation", "You are not authorized", 403
    )
    result = run_module(module, _args(crl=NEW_PEM), check_mode=True)
    assert result["failed"] is True
    assert f"ec2:{IMPORT}" in result["msg"]
    assert _imports(calls) == []


def test_import_error_fails(ec2, run_module, calls):
    _expect_export(ec2, OLD_PEM)
    ec2.add_client_error(
        "import_client_vpn_client_certificate_revocation_list",
        "InvalidParameterValue",
        "The CRL is not signed by the client CA",
        400,
    )
    result = run_module(module, _args(crl=NEW_PEM))
    assert result["failed"] is True
    assert result["msg"] == f"{IMPORT} failed (InvalidParameterValue): The CRL is not signed by the client CA"
    assert result.get("changed") is None


def test_import_answered_false_fails(ec2, run_module, calls):
    _expect_export(ec2, OLD_PEM)
    ec2.add_response("import_client_vpn_client_certificate_revocation_list", {"Return": False})
    result = run_module(module, _args(crl=NEW_PEM))
    assert result["failed"] is True
    assert "Return=false" in result["msg"]
    assert "not imported" in result["msg"]


def test_status_read_failure_after_import_says_it_was_imported(ec2, run_module, calls):
    _expect_export(ec2, OLD_PEM)
    ec2.add_response("import_client_vpn_client_certificate_revocation_list", {"Return": True})
    ec2.add_client_error("export_client_vpn_client_certificate_revocation_list", "InternalError", "Oops", 500)
    result = run_module(module, _args(crl=NEW_PEM, aws_config={"retries": {"max_attempts": 0}}))
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["msg"].startswith("The CRL was imported, but reading its status back failed:")
