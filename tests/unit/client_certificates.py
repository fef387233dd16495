# SPDX-License-Identifier: GPL-3.0-or-later
"""Client certificates and private keys made when the tests run (none is stored), as PEM text."""

import datetime
import functools

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.UTC)
DAY = datetime.timedelta(days=1)


def private_key(name="alice", kind="ec"):
    """One key per name and kind for the whole test run."""
    return _private_key(name, kind)


@functools.cache
def _private_key(name, kind):
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def certificate(name="alice", kind="ec"):
    """A self-signed certificate with the common name name, for private_key(name, kind); one per test run."""
    return _certificate(name, kind)


@functools.cache
def _certificate(name, kind):
    key = private_key(name, kind)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - DAY)
        .not_valid_after(NOW + 365 * DAY)
    )
    return builder.sign(key, hashes.SHA256())


def certificate_pem(name="alice", kind="ec"):
    return certificate(name, kind).public_bytes(serialization.Encoding.PEM).decode("ascii")


def key_pem(name="alice", kind="ec", key_format=serialization.PrivateFormat.PKCS8, passphrase=None):
    encryption = serialization.NoEncryption()
    if passphrase is not None:
        encryption = serialization.BestAvailableEncryption(passphrase)
    return private_key(name, kind).private_bytes(serialization.Encoding.PEM, key_format, encryption).decode("ascii")


def key_body_lines(pem):
    """The base64 lines of a PEM block: none of them may appear in any output."""
    return [line for line in pem.splitlines() if line and not line.startswith("-----")]
