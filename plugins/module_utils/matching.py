# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Applying the API's Filters again to the records AWS returned, on the client side.

AWS has been seen returning records that a request did not ask for (DescribeClientVpnTargetNetworks
ignoring AssociationIds), so the listings check each record against the request's filters as well.  A
value matches a field exactly, or with ``*`` (any characters) and ``?`` (one character) as wildcards, as
EC2 filters allow: whichever of the two AWS applies, a record that AWS rightly returned is never dropped.
"""

import re


def _value_pattern(value):
    parts = (".*" if char == "*" else "." if char == "?" else re.escape(char) for char in value)
    return re.compile("".join(parts), re.DOTALL)


def _field_test(values):
    exact = frozenset(values)
    patterns = [_value_pattern(value) for value in values if "*" in value or "?" in value]

    def test(field_value):
        if field_value in exact:
            return True
        return any(pattern.fullmatch(field_value) for pattern in patterns)

    return test


def filter_matcher(api_filters, fields):
    """A predicate that is true for an API record matching every one of api_filters.

    api_filters is the request's Filters list ([{'Name': ..., 'Values': [...]}], as build_filters() makes it);
    fields maps each filter name to the key of the record that it tests.  The values of one filter are OR'ed,
    the filters AND'ed, as in the API; a record without the key is tested as an empty string.  A filter name
    missing from fields raises KeyError.
    """
    tests = [(fields[api_filter["Name"]], _field_test(api_filter["Values"])) for api_filter in api_filters or ()]

    def matches(record):
        return all(test(str(record.get(key, ""))) for key, test in tests)

    return matches


def matching(records, api_filters, fields):
    """The records that match every one of api_filters (see filter_matcher()), in their order."""
    if not api_filters:
        return list(records)
    matches = filter_matcher(api_filters, fields)
    return [record for record in records if matches(record)]


def matching_converter(api_filters, fields, convert):
    """A page converter for paginate() and run_listing(): convert() of the records that match api_filters."""
    if not api_filters:
        return convert
    matches = filter_matcher(api_filters, fields)

    def converter(records):
        return convert([record for record in records if matches(record)])

    return converter
