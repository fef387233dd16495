# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

Turning the filters option (a dict) into the API's Filters list, validated against the allowed names."""


class FilterError(ValueError):
    """A filters option that the API would reject or misread."""


def _filter_values(name, value):
    values = value if isinstance(value, list) else [value]
    if not values:
        raise FilterError(f"Filter {name!r} has an empty list of values; give at least one value.")
    result = []
    for item in values:
        # bool is an int subclass, and True would turn into the text "True": refuse it.
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise FilterError(
                f"Filter {name!r} has the value {item!r} of type {type(item).__name__}; "
                "each value must be a string or a list of strings."
            )
        result.append(str(item))
    return result


def build_filters(filters, allowed_names):
    """[{'Name': ..., 'Values': [...]}] for a dict of filter names to a value or a list of values.

    Names are case-sensitive, as in the API; a name outside allowed_names raises FilterError.
    """
    if not filters:
        return []
    unknown = [name for name in filters if name not in allowed_names]
    if unknown:
        raise FilterError(
            f"Unknown filter name(s): {', '.join(repr(name) for name in unknown)}. "
            f"Valid filter names (case-sensitive): {', '.join(allowed_names)}."
        )
    return [{"Name": name, "Values": _filter_values(name, value)} for name, value in filters.items()]
