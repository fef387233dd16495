# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading EC2 Query request parameters (``Name=value``, ``List.N``, ``Filter.N.Name``, ``Filter.N.Value.M``)."""

import re
import urllib.parse

from . import errors

PROTOCOL_PARAMETERS = frozenset(("Action", "Version"))
_FILTER_KEY = re.compile(r"^Filter\.(\d+)\.(Name|Value\.(\d+))$")


def parse_form(body):
    """Decode a form-encoded request body into a dict; a repeated key keeps its first value."""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    params = {}
    for key, value in urllib.parse.parse_qsl(text, keep_blank_values=True):
        params.setdefault(key, value)
    return params


def top_level_names(input_shape):
    """The parameter names (first dotted component) an operation's input shape accepts on the wire."""
    names = set(PROTOCOL_PARAMETERS)
    for member_name, member in input_shape.members.items():
        serialization = member.serialization
        wire = serialization.get("queryName") or serialization.get("name") or member_name
        names.add(wire[:1].upper() + wire[1:])
    return names


def check_known(params, allowed):
    """Reject parameters the operation does not define, as EC2 does."""
    for key in params:
        if key.split(".", 1)[0] not in allowed:
            raise errors.unknown_parameter(key)


def required(params, name):
    value = params.get(name)
    if value is None or value == "":
        raise errors.missing_parameter(name)
    return value


def boolean(params, name):
    value = params.get(name)
    if value is None:
        return False
    lowered = value.strip().lower()
    if lowered not in ("true", "false"):
        raise errors.invalid_value(f"Value ({value}) for parameter {name} is invalid. Expected a boolean.")
    return lowered == "true"


def integer(params, name):
    value = params.get(name)
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        raise errors.invalid_value(f"Value ({value}) for parameter {name} is invalid. Expected an integer.") from None


def indexed_list(params, prefix):
    """Values of ``prefix.1``, ``prefix.2``... ordered by index."""
    pattern = re.compile(rf"^{re.escape(prefix)}\.(\d+)$")
    found = []
    for key, value in params.items():
        match = pattern.match(key)
        if match is None:
            if key.startswith(f"{prefix}."):
                raise errors.unknown_parameter(key)
            continue
        found.append((int(match.group(1)), value))
    return [value for _index, value in sorted(found)]


def filters(params):
    """``[(name, [values...]), ...]`` ordered by filter index; each filter needs a name and one value at least."""
    by_index = {}
    for key, value in params.items():
        if not key.startswith("Filter."):
            continue
        match = _FILTER_KEY.match(key)
        if match is None:
            raise errors.unknown_parameter(key)
        entry = by_index.setdefault(int(match.group(1)), {"name": None, "values": []})
        if match.group(3) is None:
            entry["name"] = value
        else:
            entry["values"].append((int(match.group(3)), value))
    result = []
    for index in sorted(by_index):
        entry = by_index[index]
        if not entry["name"]:
            raise errors.invalid_value(f"The filter at index {index} has no name.")
        if not entry["values"]:
            raise errors.invalid_value(f"The filter '{entry['name']}' must have at least one value.")
        result.append((entry["name"], [value for _m, value in sorted(entry["values"])]))
    return result


def check_filter_names(filter_list, supported):
    for name, _values in filter_list:
        if name not in supported:
            raise errors.invalid_value(f"The filter '{name}' is invalid")


def _wire_name(member_name, member):
    """The first-letter-uppercased query name of a structure member, as botocore's EC2 serializer writes it."""
    serialization = member.serialization
    wire = serialization.get("queryName") or serialization.get("name") or member_name
    return wire[:1].upper() + wire[1:]


def _tree(request_params):
    """Nest dotted parameter names: ``{"A.1.B": "x"}`` -> ``{"A": {"1": {"B": "x"}}}``."""
    root = {}
    for key, value in request_params.items():
        if key in PROTOCOL_PARAMETERS:
            continue
        node = root
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise errors.unknown_parameter(key)
        if isinstance(node.get(parts[-1]), dict):
            raise errors.unknown_parameter(key)
        node[parts[-1]] = value
    return root


def _scalar(shape, value, path):
    if isinstance(value, dict):
        raise errors.unknown_parameter(f"{path}.{next(iter(value))}")
    if shape.type_name == "boolean":
        lowered = value.strip().lower()
        if lowered not in ("true", "false"):
            raise errors.invalid_value(f"Value ({value}) for parameter {path} is invalid. Expected a boolean.")
        return lowered == "true"
    if shape.type_name in ("integer", "long"):
        try:
            return int(value.strip())
        except ValueError:
            raise errors.invalid_value(
                f"Value ({value}) for parameter {path} is invalid. Expected an integer."
            ) from None
    return value


def _decode(shape, node, path):
    if shape.type_name == "structure":
        if not isinstance(node, dict):
            raise errors.invalid_value(f"Value ({node}) for parameter {path} is invalid. Expected a structure.")
        wires = {_wire_name(name, member): (name, member) for name, member in shape.members.items()}
        result = {}
        for key, value in node.items():
            if key not in wires:
                raise errors.unknown_parameter(f"{path}.{key}" if path else key)
            name, member = wires[key]
            result[name] = _decode(member, value, f"{path}.{key}" if path else key)
        return result
    if shape.type_name == "list":
        if not isinstance(node, dict) or not all(key.isdigit() and int(key) > 0 for key in node):
            raise errors.invalid_value(f"Parameter {path} is a list: give {path}.1, {path}.2, ...")
        return [_decode(shape.member, node[key], f"{path}.{key}") for key in sorted(node, key=int)]
    return _scalar(shape, node, path)


def decode(input_shape, request_params):
    """The request as a nested dict keyed by the model's member names (lists in index order, typed scalars).

    Names the shape does not define are ``UnknownParameter``; a malformed boolean or integer is
    ``InvalidParameterValue``. ``Action`` and ``Version`` are left out.
    """
    return _decode(input_shape, _tree(request_params), "")
