# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Check mode through the API's DryRun flag."""

try:
    import botocore.exceptions
    from botocore import xform_name
except ImportError:
    pass  # connection.require_boto3() reports the missing library before any API call


def dry_run(client, operation, params):
    """Send operation with DryRun=True; return when AWS answers DryRunOperation (the call is permitted).

    Any other error, UnauthorizedOperation included, propagates for the caller to report.
    """
    try:
        getattr(client, xform_name(operation))(DryRun=True, **params)
    except botocore.exceptions.ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "DryRunOperation":
            raise
