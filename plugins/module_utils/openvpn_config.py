# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

OpenVPN client configuration files: the client certificate and private key checked with cryptography,
embedded as inline blocks, and every secret block masked for display.

No message made here quotes a private key, or any part of one.
"""

import re

try:
    from cryptography import x509
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
except ImportError:
    HAS_CRYPTOGRAPHY = False
else:
    HAS_CRYPTOGRAPHY = True

_PEM_BLOCK = re.compile(r"-----BEGIN ([A-Za-z0-9 ]+)-----(.*?)-----END \1-----", re.DOTALL)
# The PEM labels of unencrypted private keys that OpenVPN and cryptography both read.
KEY_LABELS = ("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY")
# Inline blocks of an OpenVPN configuration that hold secrets.
_SECRET_TAGS = (
    "key",
    "secret",
    "tls-auth",
    "tls-crypt",
    "tls-crypt-v2",
    "pkcs12",
    "auth-user-pass",
    "http-proxy-user-pass",
)
_SECRET_BLOCK = re.compile(rf"<({'|'.join(map(re.escape, _SECRET_TAGS))})>.*?</\1>", re.DOTALL)
_SECRET_PEM = re.compile(
    r"-----BEGIN ([A-Za-z0-9 ]*(?:PRIVATE KEY|Static key)[A-Za-z0-9 ]*)-----.*?-----END \1-----", re.DOTALL
)
# A private key in the traditional format, encrypted with a passphrase.
_ENCRYPTED_HEADER = re.compile(r"^Proc-Type:.*ENCRYPTED", re.MULTILINE)
MASK = "(secret not shown)"


class PemError(ValueError):
    """PEM text that is not what an option asks for; the message names the option, never the secret."""


def _blocks(text):
    """[(label, the whole block with \\n line ends)] in order."""
    text = text.replace("\r\n", "\n")
    return [(match.group(1), match.group(0)) for match in _PEM_BLOCK.finditer(text)]


def _load_certificate(option, position, block):
    try:
        return x509.load_pem_x509_certificate(block.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise PemError(
            f"{option}: certificate {position} is not a valid X.509 certificate (its base64 text or its "
            "structure is damaged)."
        ) from None


def load_certificates(option, text):
    """(PEM text of the certificates, in order, as cryptography writes them; the first certificate).

    Only CERTIFICATE blocks are allowed: the client certificate first, then any intermediate certificates.
    """
    blocks = _blocks(text) if isinstance(text, str) else []
    if not blocks:
        raise PemError(
            f"{option} is not a PEM certificate: expected the text of a '-----BEGIN CERTIFICATE-----' "
            "block, for example from lookup('ansible.builtin.file', path), not a file name."
        )
    others = sorted({label for label, _block in blocks if label != "CERTIFICATE"})
    if others:
        hint = " (the private key belongs in client_key)" if any("PRIVATE KEY" in label for label in others) else ""
        raise PemError(
            f"{option} holds a PEM block of another kind ({', '.join(others)}){hint}: it may hold only "
            "CERTIFICATE blocks, the client certificate first."
        )
    certificates = [
        _load_certificate(option, position, block) for position, (_label, block) in enumerate(blocks, start=1)
    ]
    pem = "".join(cert.public_bytes(serialization.Encoding.PEM).decode("ascii") for cert in certificates)
    return pem, certificates[0]


def _key_block(option, text):
    blocks = _blocks(text) if isinstance(text, str) else []
    keys = [(label, block) for label, block in blocks if "PRIVATE KEY" in label]
    if not keys:
        raise PemError(
            f"{option} holds no PEM private key: expected a '-----BEGIN PRIVATE KEY-----' block "
            "(or RSA, EC or DSA PRIVATE KEY)."
        )
    if len(keys) > 1:
        raise PemError(f"{option} holds {len(keys)} private keys: give exactly one.")
    label, block = keys[0]
    if label not in KEY_LABELS or _ENCRYPTED_HEADER.search(block):
        raise PemError(
            f"{option} is encrypted, or of a kind that is not read ({label}): give the private key "
            f"without a passphrase, as a block labelled {', '.join(KEY_LABELS)}."
        )
    return block


def load_private_key(option, text):
    """(the private key's PEM block as given, with \\n line ends; the key loaded by cryptography)."""
    block = _key_block(option, text)
    try:
        key = serialization.load_pem_private_key(block.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError, UnsupportedAlgorithm):
        raise PemError(
            f"{option} could not be read as a private key: its PEM block is damaged, encrypted, or of "
            "a key type that is not supported."
        ) from None
    return block + "\n", key


def _public_key_der(public_key):
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_matches_certificate(key, certificate):
    """Whether the private key is the one of the certificate's public key."""
    return _public_key_der(key.public_key()) == _public_key_der(certificate.public_key())


def subject_text(certificate):
    return certificate.subject.rfc4514_string() or "(empty subject)"


def with_inline_block(configuration, tag, content):
    """configuration with <tag>content</tag> at its end, instead of any <tag> block it had."""
    pattern = re.compile(rf"<{re.escape(tag)}>.*?</{re.escape(tag)}>\n?", re.DOTALL)
    text = pattern.sub("", configuration)
    if text and not text.endswith("\n"):
        text += "\n"
    return f"{text}<{tag}>\n{content.strip()}\n</{tag}>\n"


def masked(text):
    """text with the content of every secret inline block and every private or static key replaced by MASK."""
    text = _SECRET_BLOCK.sub(lambda match: f"<{match.group(1)}>\n{MASK}\n</{match.group(1)}>", text)
    return _SECRET_PEM.sub(MASK, text)
