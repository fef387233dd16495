# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Reading a client certificate revocation list (CRL) with cryptography: loading and checking a PEM CRL,
a summary of it for task results and diffs, and how long until it expires."""

import datetime
import math
import re
import traceback

from ansible.module_utils.basic import missing_required_lib

try:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding
except ImportError:
    HAS_CRYPTOGRAPHY = False
    CRYPTOGRAPHY_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_CRYPTOGRAPHY = True
    CRYPTOGRAPHY_IMPORT_ERROR = None

CRL_LABEL = "X509 CRL"
_PEM_BEGIN = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----")
_SPAN_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


class CrlError(ValueError):
    """A CRL that cannot be used; the message says why without quoting the content."""


def require_cryptography(module):
    """Fail the task when the cryptography library is missing where the module runs."""
    if not HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography"), exception=CRYPTOGRAPHY_IMPORT_ERROR)


def _der_crl_or_none(data):
    try:
        return x509.load_der_x509_crl(data)
    except ValueError:
        return None


def _not_pem_message(data, source):
    if not data.strip():
        return f"{source} is empty: expected a PEM CRL (a '-----BEGIN {CRL_LABEL}-----' block)."
    if _der_crl_or_none(data) is not None:
        return (
            f"{source} is a DER-encoded (binary) CRL, but AWS takes PEM: convert it with "
            "'openssl crl -inform DER -in crl.der -outform PEM -out crl.pem'."
        )
    return f"{source} is not PEM: expected a CRL between '-----BEGIN {CRL_LABEL}-----' and '-----END {CRL_LABEL}-----'."


def _label_message(labels, source):
    """A message when the PEM blocks are not exactly one CRL, else None."""
    crls = labels.count(CRL_LABEL)
    others = sorted({label for label in labels if label != CRL_LABEL})
    if crls == 0:
        return f"{source} is not a CRL: it holds PEM {', '.join(others)}, expected one '{CRL_LABEL}' block."
    if crls > 1:
        return f"{source} holds {crls} CRLs: give one '{CRL_LABEL}' block (one CRL per endpoint)."
    if others:
        return f"{source} holds PEM {', '.join(others)} next to the CRL: give the '{CRL_LABEL}' block alone."
    return None


def load_crl(data, source):
    """The CRL in data (PEM, str or bytes); CrlError naming source (for example 'crl') and what is wrong."""
    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    labels = [label.decode("ascii") for label in _PEM_BEGIN.findall(data)]
    if not labels:
        raise CrlError(_not_pem_message(data, source))
    message = _label_message(labels, source)
    if message:
        raise CrlError(message)
    try:
        return x509.load_pem_x509_crl(data)
    except ValueError as exc:
        raise CrlError(f"{source} has a '{CRL_LABEL}' block that cannot be read as a CRL: {exc}") from None


def to_pem(crl):
    """The CRL as PEM text, without any text that surrounded it."""
    return crl.public_bytes(Encoding.PEM).decode("ascii")


def same_crl(first, second):
    """Whether two CRLs are the same list: the same DER encoding (issuer, dates, entries, extensions, signature)."""
    return first.public_bytes(Encoding.DER) == second.public_bytes(Encoding.DER)


def this_update(crl):
    return _utc(crl, "last_update")


def next_update(crl):
    """When the CRL expires (UTC), or None when it has no nextUpdate."""
    return _utc(crl, "next_update")


def _utc(crl, name):
    """An aware UTC datetime from cryptography's *_utc property, or from the naive one of releases before 42."""
    if hasattr(crl, f"{name}_utc"):
        return getattr(crl, f"{name}_utc")
    moment = getattr(crl, name)
    return None if moment is None else moment.replace(tzinfo=datetime.UTC)


def iso_utc(moment):
    """'2026-12-02T17:00:00Z' for an aware datetime, None for None."""
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def serial_hex(number):
    """A serial number as openssl prints it: uppercase hexadecimal, an even number of digits."""
    digits = format(number, "X")
    return digits if len(digits) % 2 == 0 else f"0{digits}"


def _crl_number(crl):
    try:
        return crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    except x509.ExtensionNotFound:
        return None


def summary(crl):
    """The facts about a CRL that the modules return: issuer, dates (ISO 8601, UTC), revoked serials."""
    serials = [serial_hex(entry.serial_number) for entry in crl]
    facts = {
        "issuer": crl.issuer.rfc4514_string(),
        "this_update": iso_utc(this_update(crl)),
        "next_update": iso_utc(next_update(crl)),
        "revoked_count": len(serials),
        "revoked_serials": serials,
    }
    number = _crl_number(crl)
    if number is not None:
        facts["crl_number"] = number
    return facts


def seconds_until(moment, now):
    """Whole seconds from now until moment, negative when moment has passed (rounded down)."""
    return math.floor((moment - now).total_seconds())


def span(seconds):
    """A duration for messages: '6d 23h', '45m', '0s'; the sign is left to the caller."""
    seconds = abs(int(seconds))
    parts = []
    for unit, size in _SPAN_UNITS:
        if seconds >= size and len(parts) < 2:
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return " ".join(parts) or "0s"


def expired_message(crl, source, now):
    """A message when the CRL's nextUpdate has passed at now, else None."""
    expires = next_update(crl)
    if expires is None or expires > now:
        return None
    return (
        f"{source} has expired: its nextUpdate {iso_utc(expires)} is {span(seconds_until(expires, now))} in "
        f"the past (thisUpdate {iso_utc(this_update(crl))}, now {iso_utc(now)}). An endpoint with an expired "
        "CRL refuses every client: issue a new CRL from the certificate authority and import that one."
    )


def not_yet_valid_message(crl, source, now):
    """A message when the CRL's thisUpdate is still in the future at now, else None."""
    issued = this_update(crl)
    if issued <= now:
        return None
    return (
        f"{source} is not valid yet: its thisUpdate {iso_utc(issued)} is {span(seconds_until(issued, now))} "
        f"ahead of this host's clock ({iso_utc(now)}); clients may be refused until then. Check the clocks of "
        "the certificate authority and of this host."
    )
