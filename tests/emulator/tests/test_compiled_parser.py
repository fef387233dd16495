# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's compiled EC2 parser (plugins/module_utils/response_parser.py) returns exactly what
botocore's EC2 parser returns, key order included, for a response of every operation of the EC2 model."""

import datetime
import importlib.util
import json
import pathlib

import botocore.parsers
import pytest

from cvpn_emulator import XmlSerializer
from cvpn_emulator.xmlserializer import load_ec2_model

PARSER_FILE = pathlib.Path(__file__).resolve().parents[3] / "plugins" / "module_utils" / "response_parser.py"
MAX_DEPTH = 6  # recursive shapes are cut here
SCALARS = {
    "string": lambda path: f"{path} & <text> ü",
    "integer": len,
    "long": lambda path: len(path) * 1_000_000_007,
    "boolean": lambda path: len(path) % 2 == 0,
    "float": lambda path: len(path) / 8,
    "double": lambda path: len(path) / 4,
    "timestamp": lambda path: datetime.datetime(2024, 5, 1, 12, len(path) % 60, tzinfo=datetime.UTC),
    "blob": lambda path: path.encode("utf-8"),
}


def _load_parser_module():
    spec = importlib.util.spec_from_file_location("response_parser", PARSER_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CompiledEC2QueryParser = _load_parser_module().CompiledEC2QueryParser


def sample(shape, path="", depth=0):
    """A value for every member of shape (lists of two), or None where the emulator cannot write one."""
    kind = shape.type_name
    if kind in SCALARS:
        return SCALARS[kind](path)
    if depth >= MAX_DEPTH or kind not in ("structure", "list"):
        return None
    if kind == "list":
        items = [sample(shape.member, f"{path}[{index}]", depth + 1) for index in range(2)]
        return [item for item in items if item is not None]
    value = {}
    for name, member in shape.members.items():
        if member.type_name == "map":
            continue  # the emulator writes no maps; botocore's parser reads them in either case
        item = sample(member, f"{path}.{name}", depth + 1)
        if item is not None:
            value[name] = item
    return value


def _operations_with_output():
    model = load_ec2_model()
    return [name for name in model.operation_names if model.operation_model(name).output_shape is not None]


def _as_text(parsed):
    return json.dumps(parsed, ensure_ascii=False, default=str)


def test_most_operations_are_covered():
    assert len(_operations_with_output()) > 500


@pytest.mark.parametrize("operation_name", _operations_with_output())
def test_compiled_parser_matches_botocore(operation_name):
    model = load_ec2_model()
    shape = model.operation_model(operation_name).output_shape
    xml = XmlSerializer(model).response(operation_name, sample(shape), "req-1")
    response = {"body": xml.encode("utf-8"), "headers": {}, "status_code": 200}
    compiled = CompiledEC2QueryParser().parse(response, shape)
    assert _as_text(compiled) == _as_text(botocore.parsers.EC2QueryParser().parse(response, shape))
    assert compiled["ResponseMetadata"]["RequestId"] == "req-1"
