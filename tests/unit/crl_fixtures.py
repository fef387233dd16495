# SPDX-License-Identifier: GPL-3.0-or-later
"""Test CRLs, signed by a throw-away certificate authority key generated when the tests run (none is stored)."""

import datetime
import functools

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

NOW = datetime.datetime(2026, 6, 1, 12, 0, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
ISSUER = x509.Name(
    [
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Test"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Test VPN CA"),
    ]
)
ISSUER_TEXT = "CN=Test VPN CA,O=Example Test"


@functools.cache
def ca_key():
    """One EC key per test run, for signing test CRLs."""
    return ec.generate_private_key(ec.SECP256R1())


def make_crl(serials=(0x1A2B, 0x0C), this_update=NOW - DAY, next_update=NOW + 30 * DAY, crl_number=7, issuer=ISSUER):
    """A signed CRL object revoking serials."""
    builder = x509.CertificateRevocationListBuilder().issuer_name(issuer).last_update(this_update)
    builder = builder.next_update(next_update)
    if crl_number is not None:
        builder = builder.add_extension(x509.CRLNumber(crl_number), critical=False)
    for serial in serials:
        entry = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(this_update).build()
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(ca_key(), hashes.SHA256())


def crl_pem(**kwargs):
    """make_crl(**kwargs) as PEM text."""
    return make_crl(**kwargs).public_bytes(Encoding.PEM).decode("ascii")


def crl_der(**kwargs):
    return make_crl(**kwargs).public_bytes(Encoding.DER)


def certificate_pem():
    """A self-signed test certificate in PEM, for 'this is not a CRL' cases."""
    key = ca_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(ISSUER)
        .issuer_name(ISSUER)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(NOW - DAY)
        .not_valid_after(NOW + DAY)
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(Encoding.PEM).decode("ascii")
