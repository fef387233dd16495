# SPDX-License-Identifier: GPL-3.0-or-later

import datetime

import pytest

from ansible_collections.vpnops.aws.plugins.module_utils import crl as crl_utils
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import DAY
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import ISSUER_TEXT
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import NOW
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import certificate_pem
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import crl_der
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import crl_pem
from ansible_collections.vpnops.aws.tests.unit.crl_fixtures import make_crl

FAKE_KEY = "-----BEGIN PRIVATE KEY-----\nTk9UIEEgS0VZ\n-----END PRIVATE KEY-----\n"


def test_load_crl_reads_pem_text_and_bytes():
    pem = crl_pem()
    assert crl_utils.same_crl(crl_utils.load_crl(pem, "crl"), crl_utils.load_crl(pem.encode(), "crl"))


def test_load_crl_ignores_text_around_the_block():
    pem = crl_pem()
    loaded = crl_utils.load_crl(f"Certificate Revocation List (CRL):\n  Version 2\n{pem}\n\n", "crl")
    assert crl_utils.to_pem(loaded) == pem


@pytest.mark.parametrize(
    "data, fragments",
    [
        ("", ["crl is empty", "BEGIN X509 CRL"]),
        ("   \n", ["crl is empty"]),
        ("hello world", ["crl is not PEM", "-----BEGIN X509 CRL-----"]),
        (crl_der(), ["crl is a DER-encoded", "openssl crl -inform DER"]),
        (b"\x30\x82\x01\x00garbage", ["crl is not PEM"]),
        (certificate_pem(), ["crl is not a CRL", "PEM CERTIFICATE", "expected one 'X509 CRL' block"]),
        (FAKE_KEY, ["crl is not a CRL", "PEM PRIVATE KEY"]),
        (crl_pem() + crl_pem(serials=(5,)), ["crl holds 2 CRLs", "one CRL per endpoint"]),
        (crl_pem() + certificate_pem(), ["PEM CERTIFICATE next to the CRL", "alone"]),
        ("-----BEGIN X509 CRL-----\nbm90IGEgY3Js\n-----END X509 CRL-----\n", ["cannot be read as a CRL"]),
    ],
)
def test_load_crl_names_the_problem_without_quoting_the_content(data, fragments):
    with pytest.raises(crl_utils.CrlError) as caught:
        crl_utils.load_crl(data, "crl")
    for fragment in fragments:
        assert fragment in str(caught.value)
    assert "Tk9UIEEgS0VZ" not in str(caught.value)
    assert "bm90IGEgY3Js" not in str(caught.value)


def test_summary():
    facts = crl_utils.summary(make_crl(serials=(0x1A2B, 0x0C, 0x123)))
    assert facts == {
        "issuer": ISSUER_TEXT,
        "this_update": "2026-05-31T12:00:00Z",
        "next_update": "2026-07-01T12:00:00Z",
        "revoked_count": 3,
        "revoked_serials": ["1A2B", "0C", "0123"],
        "crl_number": 7,
    }


class _WithoutNextUpdate:
    """A CRL without nextUpdate (optional in X.509, which cryptography reads but will not sign)."""

    def __init__(self, crl):
        self._crl = crl
        self.next_update_utc = None

    def __getattr__(self, name):
        return getattr(self._crl, name)

    def __iter__(self):
        return iter(self._crl)


def test_summary_of_an_empty_crl_without_next_update_or_number():
    facts = crl_utils.summary(_WithoutNextUpdate(make_crl(serials=(), crl_number=None)))
    assert facts["next_update"] is None
    assert facts["revoked_count"] == 0
    assert facts["revoked_serials"] == []
    assert "crl_number" not in facts


def test_same_crl_compares_the_whole_list():
    first = make_crl()
    assert crl_utils.same_crl(first, crl_utils.load_crl(crl_utils.to_pem(first), "crl"))
    assert not crl_utils.same_crl(first, make_crl())  # same fields, new signature (ECDSA is randomised)
    assert not crl_utils.same_crl(first, make_crl(serials=(0x1A2B,)))


@pytest.mark.parametrize("number, text", [(0, "00"), (0xC, "0C"), (0x1A2B, "1A2B"), (2**159 + 1, "8" + "0" * 38 + "1")])
def test_serial_hex(number, text):
    assert crl_utils.serial_hex(number) == text


@pytest.mark.parametrize(
    "seconds, text",
    [(0, "0s"), (59, "59s"), (90, "1m 30s"), (3600, "1h"), (-90000, "1d 1h"), (7 * 86400 + 61, "7d 1m")],
)
def test_span(seconds, text):
    assert crl_utils.span(seconds) == text


def test_seconds_until_rounds_down_and_is_negative_when_past():
    assert crl_utils.seconds_until(NOW + datetime.timedelta(seconds=1.5), NOW) == 1
    assert crl_utils.seconds_until(NOW - datetime.timedelta(seconds=0.5), NOW) == -1
    assert crl_utils.seconds_until(NOW - DAY, NOW) == -86400


def test_expired_message_names_the_dates():
    crl = make_crl(this_update=NOW - 10 * DAY, next_update=NOW - 2 * DAY)
    message = crl_utils.expired_message(crl, "src /tmp/crl.pem", NOW)
    for fragment in [
        "src /tmp/crl.pem has expired",
        "nextUpdate 2026-05-30T12:00:00Z",
        "2d in the past",
        "thisUpdate 2026-05-22T12:00:00Z",
        "now 2026-06-01T12:00:00Z",
        "refuses every client",
    ]:
        assert fragment in message


def test_not_expired():
    assert crl_utils.expired_message(make_crl(next_update=NOW + datetime.timedelta(seconds=1)), "crl", NOW) is None
    assert crl_utils.expired_message(_WithoutNextUpdate(make_crl()), "crl", NOW) is None


def test_expired_at_the_exact_next_update():
    assert crl_utils.expired_message(make_crl(next_update=NOW), "crl", NOW) is not None


def test_not_yet_valid_message():
    assert crl_utils.not_yet_valid_message(make_crl(this_update=NOW), "crl", NOW) is None
    message = crl_utils.not_yet_valid_message(make_crl(this_update=NOW + 3 * DAY), "crl", NOW)
    assert "thisUpdate 2026-06-04T12:00:00Z is 3d ahead" in message


def test_require_cryptography_fails_cleanly(monkeypatch):
    failures = []

    class _Module:
        def fail_json(self, **kwargs):
            failures.append(kwargs)

    monkeypatch.setattr(crl_utils, "HAS_CRYPTOGRAPHY", False)
    crl_utils.require_cryptography(_Module())
    assert "cryptography" in failures[0]["msg"]
