# SPDX-License-Identifier: GPL-3.0-or-later

import datetime

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import crl as crl_utils
from ansible_collections.vpnops.aws.plugins.modules import client_vpn_certificate_revocation_list_info as module
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import DAY
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import ISSUER_TEXT
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import NOW
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import crl_pem

ENDPOINT = "cvpn-endpoint-0123456789abcdef0"
EXPORT = "ExportClientVpnClientCertificateRevocationList"
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(module, "_now", lambda: NOW)


@pytest.fixture
def warnings(monkeypatch):
    seen = []
    monkeypatch.setattr(module.AnsibleModule, "warn", lambda self, text: seen.append(text))
    return seen


def _args(**args):
    return dict({"client_vpn_endpoint_id": ENDPOINT}, **args)


def _expect_export(ec2, pem, status=None):
    response = {}
    if pem is not None:
        response["CertificateRevocationList"] = pem
    if status is not None:
        response["Status"] = status
    ec2.add_response(
        "export_client_vpn_client_certificate_revocation_list", response, {"ClientVpnEndpointId": ENDPOINT}
    )


# ---------------------------------------------------------------------------------------------------------------
# Input validation: every failure names the value, and no request is sent.


@pytest.mark.parametrize(
    "args, fragments",
    [
        (_args(client_vpn_endpoint_id="cvpn-endpoint-123"), ["'cvpn-endpoint-123'", "8 or 17"]),
        (_args(expiry_warning="soon"), ["expiry_warning 'soon' is not valid", "12h, 7d or 2w"]),
        (_args(expiry_warning="-7d"), ["expiry_warning '-7d' is not valid"]),
        (_args(expiry_warning="7 days"), ["expiry_warning '7 days' is not valid"]),
        (_args(expiry_warning="1.5d"), ["expiry_warning '1.5d' is not valid"]),
        (_args(expiry_warning=""), ["expiry_warning '' is not valid"]),
        (_args(profile="ops", secret_key="x"), ["mutually exclusive", "profile"]),
        (_args(aws_config={"retry": 1}), ["aws_config", "'retry'"]),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_bad_input_fails_before_any_request(run_module, calls, args, fragments, check_mode):
    result = run_module(module, args, check_mode=check_mode)
    assert result["failed"] is True
    for fragment in fragments:
        assert fragment in result["msg"]
    assert calls == []


def test_missing_cryptography_fails_before_any_request(run_module, calls, monkeypatch):
    monkeypatch.setattr(crl_utils, "HAS_CRYPTOGRAPHY", False)
    result = run_module(module, _args())
    assert result["failed"] is True
    assert "cryptography" in result["msg"]
    assert calls == []


@pytest.mark.parametrize(
    "value, seconds",
    [("0", 0), ("3600", 3600), ("90m", 5400), ("12h", 43200), ("7d", 604800), ("2w", 1209600), (" 1d ", 86400)],
)
def test_warning_window(value, seconds):
    assert module._warning_seconds(value) == (seconds, None)


# ---------------------------------------------------------------------------------------------------------------
# Reading and judging the expiry.


def test_reports_the_crl(ec2, run_module, calls, warnings):
    _expect_export(ec2, crl_pem(), {"Code": "active"})
    result = run_module(module, _args())
    assert result == dict(
        result,
        failed=False,
        changed=False,
        client_vpn_endpoint_id=ENDPOINT,
        crl_present=True,
        status={"code": "active"},
        issuer=ISSUER_TEXT,
        this_update="2026-05-31T12:00:00Z",
        next_update="2026-07-01T12:00:00Z",
        expires_in=30 * 86400,
        revoked_count=2,
        revoked_serials=["1A2B", "0C"],
        crl_number=7,
        expiring=False,
        expired=False,
    )
    assert warnings == []
    assert calls == [(EXPORT, {"ClientVpnEndpointId": ENDPOINT})]


@pytest.mark.parametrize("pem", [None, "", "  \n"])
def test_endpoint_without_a_crl(ec2, run_module, calls, warnings, pem):
    _expect_export(ec2, pem)
    result = run_module(module, _args())
    assert result["failed"] is False
    assert result["crl_present"] is False
    assert result["expiring"] is False
    assert result["expired"] is False
    assert result["status"] == {}
    for key in ("issuer", "this_update", "next_update", "expires_in", "revoked_count", "revoked_serials"):
        assert key not in result
    assert warnings == []


@pytest.mark.parametrize(
    "next_update, window, expiring, expired",
    [
        (NOW + 8 * DAY, "7d", False, False),
        (NOW + 7 * DAY, "7d", True, False),
        (NOW + 6 * DAY, "7d", True, False),
        (NOW + 6 * DAY, "0", False, False),
        (NOW + HOUR, "30m", False, False),
        (NOW + HOUR, "3600", True, False),
        (NOW - HOUR, "0", True, True),
        (NOW - 3 * DAY, "7d", True, True),
    ],
)
def test_expiry_window(ec2, run_module, calls, warnings, next_update, window, expiring, expired):
    _expect_export(ec2, crl_pem(this_update=NOW - 20 * DAY, next_update=next_update), {"Code": "active"})
    result = run_module(module, _args(expiry_warning=window))
    assert result["failed"] is False
    assert result["expires_in"] == int((next_update - NOW).total_seconds())
    assert result["expiring"] is expiring
    assert result["expired"] is expired
    assert len(warnings) == (1 if expiring else 0)


def test_warning_says_when_it_expires(ec2, run_module, calls, warnings):
    _expect_export(ec2, crl_pem(next_update=NOW + 2 * DAY + 3 * HOUR))
    run_module(module, _args())
    assert warnings == [
        f"The client certificate revocation list of {ENDPOINT} expires at 2026-06-03T15:00:00Z, in 2d 3h, within "
        "expiry_warning (7d): issue a new CRL and import it before then, or the endpoint will refuse every client."
    ]


def test_warning_says_that_it_expired(ec2, run_module, calls, warnings):
    _expect_export(ec2, crl_pem(this_update=NOW - 20 * DAY, next_update=NOW - 5 * HOUR))
    result = run_module(module, _args())
    assert result["expires_in"] == -5 * 3600
    assert warnings == [
        f"The client certificate revocation list of {ENDPOINT} expired at 2026-06-01T07:00:00Z (5h ago): the "
        "endpoint refuses every client until a new CRL is imported."
    ]


def test_unreadable_crl_from_aws_fails(ec2, run_module, calls):
    _expect_export(ec2, "not a CRL at all", {"Code": "active"})
    result = run_module(module, _args())
    assert result["failed"] is True
    assert result["msg"].startswith(f"The CRL that AWS returned for endpoint {ENDPOINT} is not PEM")


# ---------------------------------------------------------------------------------------------------------------
# Check mode and AWS errors.


def test_check_mode_sends_only_a_dry_run(ec2, run_module, calls):
    ec2.add_client_error(
        "export_client_vpn_client_certificate_revocation_list",
        "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.",
        412,
        expected_params={"ClientVpnEndpointId": ENDPOINT, "DryRun": True},
    )
    result = run_module(module, _args(), check_mode=True)
    assert result["failed"] is False
    assert result["changed"] is False
    assert result["dry_run"] is True
    assert result["msg"] == f"{EXPORT} would have succeeded; check mode sent it with DryRun set."
    assert "crl_present" not in result
    assert "expiring" not in result


@pytest.mark.parametrize("check_mode", [False, True])
def test_unauthorized_fails(ec2, run_module, calls, check_mode):
    ec2.add_client_error(
        "export_client_vpn_client_certificate_revocation_list", "UnauthorizedOperation", "You are not authorized", 403
    )
    result = run_module(module, _args(), check_mode=check_mode)
    assert result["failed"] is True
    assert f"Not authorized to perform ec2:{EXPORT}" in result["msg"]


@pytest.mark.parametrize("check_mode", [False, True])
def test_unknown_endpoint_fails(ec2, run_module, calls, check_mode):
    ec2.add_client_error(
        "export_client_vpn_client_certificate_revocation_list",
        "InvalidClientVpnEndpointId.NotFound",
        "The endpoint does not exist",
        400,
    )
    result = run_module(module, _args(), check_mode=check_mode)
    assert result["failed"] is True
    assert f"Client VPN endpoint {ENDPOINT} was not found in region eu-west-1" in result["msg"]
