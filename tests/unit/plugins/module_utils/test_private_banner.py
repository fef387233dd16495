# SPDX-License-Identifier: GPL-3.0-or-later
"""Every file in plugins/module_utils says, first thing in its docstring, that it is not a public API."""

import ast
import pathlib

import pytest

MODULE_UTILS = pathlib.Path(__file__).resolve().parents[4] / "plugins" / "module_utils"
FILES = sorted(path.name for path in MODULE_UTILS.glob("*.py") if path.name != "__init__.py")


def test_module_utils_are_found():
    assert "connection.py" in FILES


@pytest.mark.parametrize("name", FILES)
def test_the_docstring_opens_with_the_private_banner(name):
    docstring = ast.get_docstring(ast.parse((MODULE_UTILS / name).read_text(encoding="utf-8"))) or ""
    first_line = docstring.splitlines()[0] if docstring else ""
    assert first_line.startswith("Private to the vpnops.aws collection, not a public API"), (
        f"{name}: open the module docstring with the banner that says it is private to the collection"
    )
    assert "may change without notice" in first_line
