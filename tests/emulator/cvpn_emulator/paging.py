# SPDX-License-Identifier: GPL-3.0-or-later
"""Opaque pagination tokens: base64 of an offset plus a checksum bound to the request that produced it."""

import base64
import binascii
import hashlib

from . import errors

MIN_RESULTS = 5
MAX_RESULTS = 1000
REPEATED_TOKEN = "ZW11bGF0b3ItcmVwZWF0ZWQtdG9rZW4"


def request_scope(action, *parts):
    """A string naming what a token belongs to: the action, the endpoint and the filters."""
    return "|".join([action, *(repr(part) for part in parts)])


def _checksum(scope, offset):
    return hashlib.sha256(f"{scope}#{offset}".encode()).hexdigest()[:16]


def encode_token(scope, offset):
    raw = f"{offset}:{_checksum(scope, offset)}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_token(scope, token):
    """The offset a token stands for; ``InvalidNextToken`` when it is malformed or from another request."""
    if token is None or token == "":
        return 0
    try:
        padded = token + "=" * (-len(token) % 4)
        offset_text, checksum = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii").split(":")
        offset = int(offset_text)
    except (ValueError, UnicodeError, binascii.Error):
        raise errors.invalid_next_token(token) from None
    if offset <= 0 or checksum != _checksum(scope, offset):
        raise errors.invalid_next_token(token)
    return offset


def page_size(params_value, default):
    """``MaxResults`` if given (must be 5..1000), else the configured default page size."""
    if params_value is None:
        return default
    if not MIN_RESULTS <= params_value <= MAX_RESULTS:
        raise errors.invalid_value(
            f"Value ( {params_value} ) for parameter maxResults is invalid. "
            f"Parameter must be between {MIN_RESULTS} and {MAX_RESULTS}."
        )
    return params_value


def paginate(items, scope, offset, size):
    """The page starting at ``offset`` and the token of the next one (``None`` on the last page)."""
    end = offset + size
    page = items[offset:end]
    next_token = encode_token(scope, end) if end < len(items) else None
    return page, next_token
