# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

The form of the subnet ids that the target network and route modules take."""

import re

SUBNET_ID_FORM = "subnet- followed by 8 or 17 lowercase hexadecimal digits"
_SUBNET_ID = re.compile(r"subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})")


def subnet_id_error(option, value, also=()):
    """A message naming option and value when value is not a subnet id (nor one of also), else None."""
    if isinstance(value, str) and (_SUBNET_ID.fullmatch(value) or value in also):
        return None
    allowed = SUBNET_ID_FORM + "".join(f", or {word}" for word in also)
    return f"{option} {value!r} is not a subnet id: expected {allowed}."
