# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: may change without notice.

Comparing a resource as read with what the task wants: which attributes differ, and which of those
cannot be changed in place.

Both sides are dicts of the module's option names (snake_case) to values in the options' shapes; an
attribute the task does not give (wanted value None) is not compared.  Lists compare as given, so a
module normalises order first where the API does not keep it (sorted ids, for example).
"""


def differences(current, wanted, names=None):
    """[(name, current value, wanted value)] for each name (default: every key of wanted) whose wanted value
    is not None and differs from current.get(name), in the order of names."""
    names = list(wanted) if names is None else names
    return [
        (name, current.get(name), wanted[name])
        for name in names
        if wanted.get(name) is not None and current.get(name) != wanted[name]
    ]


def immutable_message(what, changes, hint=""):
    """One message naming each attribute that cannot change in place, with its current and wanted values.

    changes is differences() over the immutable attributes; "" when it is empty.  hint says what to do
    (for example "delete the endpoint and create it again").
    """
    if not changes:
        return ""
    listed = "; ".join(f"{name}: current {current!r}, wanted {wanted!r}" for name, current, wanted in changes)
    message = f"{what} cannot change in place: {listed}."
    return f"{message} {hint}" if hint else message


def changed_names(changes):
    """The attribute names of differences()' result."""
    return [name for name, _current, _wanted in changes]
