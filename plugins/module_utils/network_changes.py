# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

The pieces under module_utils/record_task.py, the task of the target network, authorization rule and route
modules: a change that another writer may have made (or undone) first, a record's status, and picking one
record out of a listing that AWS may not have narrowed down as asked."""

import json

try:
    import botocore.exceptions
    from botocore import xform_name
except ImportError:
    pass  # connection.require_boto3() reports the missing library before any API call


def error_code(exc):
    """The AWS error code of a botocore exception, or None for one that carries none."""
    if isinstance(exc, botocore.exceptions.ClientError):
        return exc.response.get("Error", {}).get("Code")
    return None


def send_unless_done(client, operation, params, done_codes):
    """The response of operation, or None when AWS answers with one of done_codes: another writer made the
    same change first (a duplicate), or undid the record first (not found).  Other errors propagate."""
    try:
        return getattr(client, xform_name(operation))(**params)
    except botocore.exceptions.ClientError as exc:
        if error_code(exc) in done_codes:
            return None
        raise


def jmespath_literal(value):
    """value as a JMESPath JSON literal, for comparing a field with it in a filter expression."""
    return "`" + json.dumps(value).replace("`", "\\`") + "`"


def select_by_status(records, preference):
    """The first of records by the order of its status code in preference; records with other codes (or
    none) are ignored.  None when there is no such record."""
    ranked = [
        (preference.index(status_code(record)), index)
        for index, record in enumerate(records)
        if status_code(record) in preference
    ]
    return records[min(ranked)[1]] if ranked else None


def status_code(record):
    """The status code of a record (API shape: {"Status": {"Code": ...}}), or None for none or no record."""
    return (record or {}).get("Status", {}).get("Code")


def with_status(record, status):
    """A copy of record with a copy of status (API shape, {"Code": ...}) as its Status."""
    return dict(record, Status=dict(status))
