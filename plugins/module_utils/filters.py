# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Turning the filters option (a dict) into the API's Filters list, validated against the allowed names."""


class FilterError(ValueError):
    """A filters option that the API would reject or misread."""


def _shown(value):
    if isinstance(value, int) and abs(value) >= 10**30:
        return "a whole number of 30 digits or more"  # repr() of a huge int can fail
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:80]}... ({len(text)} characters)"


def _filter_value(name, item):
    # bool is an int subclass, and True would turn into the text "True": refuse it.
    if isinstance(item, bool) or not isinstance(item, (str, int)) or (isinstance(item, int) and abs(item) >= 10**30):
        raise FilterError(
            f"filters: filter {_shown(name)} has the value {_shown(item)} of type {type(item).__name__}; "
            "each value must be a string (or a whole number) or a list of them."
        )
    return str(item)


def _filter_values(name, value):
    values = value if isinstance(value, list) else [value]
    if not values:
        raise FilterError(f"filters: filter {_shown(name)} has an empty list of values; give at least one value.")
    return [_filter_value(name, item) for item in values]


def build_filters(filters, allowed_names):
    """[{'Name': ..., 'Values': [...]}] for a dict of filter names to a value or a list of values.

    Names are case-sensitive, as in the API; a name outside allowed_names raises FilterError.
    """
    if not filters:
        return []
    unknown = [name for name in filters if name not in allowed_names]
    if unknown:
        raise FilterError(
            f"filters: unknown filter name(s): {', '.join(_shown(name) for name in unknown)}. "
            f"Valid filter names (case-sensitive): {', '.join(allowed_names)}."
        )
    return [{"Name": name, "Values": _filter_values(name, value)} for name, value in filters.items()]
