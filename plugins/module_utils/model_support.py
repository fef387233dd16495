# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to the vpnops.aws collection, not a public API: it may change without notice.

What the installed botocore's service model can express: the request members it can send, the answer members it
can read.

botocore checks every request against the service model it ships, and reads every answer through it.  A member
that AWS added after that botocore was released is in neither: a request holding it is refused whole
("Parameter validation failed"), and an answer holding it comes back without it.  So, before a request is sent,
unsendable() finds the members of it that the installed model lacks, and unsendable_message() names the module
options behind them and the botocore release that has them; and unreadable() names the attributes whose answer
member the model lacks, which a module then leaves out of its comparison (their current value is unknown, not
different) and mentions in a warning from unreadable_message().
"""

import collections

try:
    import botocore
    from botocore import xform_name
except ImportError:
    pass  # connection.require_boto3() reports the missing library before any API call

# The first botocore release whose EC2 model has a member that the modules send or read and that the oldest
# supported release (1.35.0) lacks, by (shape name, member name).  docs/botocore_fields.md lists the same.
FIRST_RELEASE = {
    ("CreateClientVpnEndpointRequest", "DisconnectOnSessionTimeout"): "1.35.98",
    ("ModifyClientVpnEndpointRequest", "DisconnectOnSessionTimeout"): "1.35.98",
    ("CreateClientVpnEndpointRequest", "EndpointIpAddressType"): "1.40.17",
    ("CreateClientVpnEndpointRequest", "TrafficIpAddressType"): "1.40.17",
    ("ClientVpnEndpoint", "DisconnectOnSessionTimeout"): "1.35.98",
    ("ClientVpnEndpoint", "EndpointIpAddressType"): "1.40.17",
    ("ClientVpnEndpoint", "TrafficIpAddressType"): "1.40.17",
}

# A request member the installed model lacks: its path in the request ("A.B" for member B of structure A;
# "A[].B" inside a list), and the shape and member names that FIRST_RELEASE is keyed by.
Missing = collections.namedtuple("Missing", ["path", "shape", "member"])


def _missing(shape, value, path):
    if shape.type_name == "structure" and isinstance(value, dict):
        found = []
        for name, item in value.items():
            where = f"{path}.{name}" if path else name
            member = shape.members.get(name)
            found += [Missing(where, shape.name, name)] if member is None else _missing(member, item, where)
        return found
    if shape.type_name == "list" and isinstance(value, list):
        return [missing for item in value for missing in _missing(shape.member, item, f"{path}[]")]
    return []


def unsendable(service_model, operation, params):
    """[Missing] for each member of params (a request of operation, nested members included) that the installed
    service model's input shape does not have; [] when botocore can send the request as it is."""
    return _missing(service_model.operation_model(operation).input_shape, params, "")


def _release_needed(keys):
    """The newest of the first releases of the (shape, member) keys, or None when one of them is not known."""
    releases = [FIRST_RELEASE.get(key) for key in keys]
    if not releases or None in releases:
        return None
    return max(releases, key=lambda release: tuple(int(part) for part in release.split(".")))


def _upgrade(keys):
    release = _release_needed(keys)
    newer = f"botocore {release} or later" if release else f"a botocore newer than {botocore.__version__}"
    return f"{newer} (and boto3 of the same release)"


def _option_of(path, options):
    """The module option behind a request member path: options maps top-level members to option names; a member
    not in it is named as botocore names its parameters (DisconnectOnSessionTimeout: disconnect_on_session_timeout)."""
    top = path.split(".", 1)[0].split("[", 1)[0]
    return options.get(top) or xform_name(top)


def unsendable_message(operation, missing, options=None):
    """A message naming the options behind the missing members of an operation's request, the installed botocore
    and the release needed; missing is unsendable()'s result, options {top-level request member: option name}."""
    names = sorted({_option_of(item.path, options or {}) for item in missing})
    paths = ", ".join(item.path for item in missing)
    pronoun = "it" if len(names) == 1 else "them"
    return (
        f"{', '.join(names)} cannot be used with the installed botocore {botocore.__version__}: its EC2 model has no "
        f"{paths} in {operation}. Install {_upgrade([(item.shape, item.member) for item in missing])}, or leave "
        f"{pronoun} out of the task."
    )


def unreadable(service_model, shape_name, members):
    """The names of members ({name: answer member name}) that the installed model's shape_name does not have,
    in the order given: attributes whose current value botocore cannot read from AWS's answer."""
    known = service_model.shape_for(shape_name).members
    return [name for name, member in members.items() if member not in known]


def unreadable_message(names, shape_name, members):
    """A warning that the options names (unreadable()'s result) were neither compared nor changed, and why."""
    listed = ", ".join(f"{shape_name}.{members[name]}" for name in names)
    return (
        f"{', '.join(names)} {'was' if len(names) == 1 else 'were'} neither compared nor changed: the installed "
        f"botocore {botocore.__version__} does not read {listed} from AWS's answer. To manage "
        f"{'it' if len(names) == 1 else 'them'}, install {_upgrade([(shape_name, members[name]) for name in names])}."
    )
