# SPDX-License-Identifier: GPL-3.0-or-later
"""Put tests/utils/get_pip.py where the running interpreter's ansible-test looks for its pip bootstrap.

Run it with the Python of a venv that has ansible-core installed:

    .venv/core-2.19/bin/python tests/utils/install_get_pip.py

It reads the pip versions that this ansible-test release bootstraps into its
virtual environments (``get_venv_packages`` in
``ansible_test/_internal/python_requirements.py``) and writes the offline
bootstrap script to ``~/.ansible/test/cache/get_pip_<version>.py`` for each of
them, ``.`` replaced by ``_`` as ansible-test spells it.
"""

import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "get_pip.py")
CACHE = os.path.expanduser("~/.ansible/test/cache")

# pip='24.2' in both default_packages and the per-Python override_packages.
_PIP_VERSION = re.compile(r"""\bpip\s*=\s*['"]([0-9][0-9A-Za-z.]*)['"]""")


def wanted_pip_versions():
    import ansible_test  # the caller's venv must have ansible-core installed

    source = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    start = text.find("def get_venv_packages(")
    if start < 0:
        raise SystemExit(f"{source}: get_venv_packages() not found; update tests/utils/install_get_pip.py")
    end = text.find("\ndef ", start + 1)
    stop = end if end > 0 else len(text)
    versions = sorted(set(_PIP_VERSION.findall(text[start:stop])))
    if not versions:
        raise SystemExit(f"{source}: no pip version found in get_venv_packages()")
    return versions


def main():
    os.makedirs(CACHE, exist_ok=True)
    for version in wanted_pip_versions():
        target = os.path.join(CACHE, f"get_pip_{version.replace('.', '_')}.py")
        shutil.copyfile(SCRIPT, target)
        print(f"pip {version} bootstrap: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
