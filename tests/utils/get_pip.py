# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline stand-in for the pip bootstrap script that ansible-test downloads.

ansible-test creates its virtual environments without pip and then runs a
"get-pip" script, which it looks for first in
``~/.ansible/test/cache/get_pip_<version>.py`` and downloads only when that file
is missing.  The download host is not reachable from our machines, so the
Makefile copies this script to that path for every pip version the installed
ansible-core releases ask for.

ansible-test runs the script in-process with ``runpy.run_module(...,
run_name='__main__', alter_sys=True)`` and passes the arguments of a pip
install, for example::

    --disable-pip-version-check pip==25.2 --no-setuptools --no-wheel

Like the real script, this one accepts ``--no-setuptools`` and ``--no-wheel``
and hands everything else to ``pip install --upgrade --force-reinstall``.  The
pip that does the work is the wheel the interpreter bundles for ``ensurepip``,
run straight from the wheel file.  When the requested pip version is the
bundled one, that wheel is installed and nothing is fetched; any other version
comes from the configured package index.  If that install fails, the bundled
pip is installed instead with a warning, unless ``GET_PIP_STRICT`` is set to a
non-empty value.
"""

import argparse
import glob
import importlib.util
import os
import re
import subprocess
import sys
import sysconfig

_PIN = re.compile(r"^pip\s*==\s*([0-9][0-9A-Za-z.+!-]*)$")


def _log(message):
    print(f"get_pip (offline): {message}", file=sys.stderr)
    sys.stderr.flush()


def _wheel_version(path):
    # pip-24.2-py3-none-any.whl -> 24.2
    return os.path.basename(path).split("-")[1]


def bundled_pip_wheel():
    """Path of the pip wheel that ships with this interpreter's ensurepip."""
    directories = []
    spec = importlib.util.find_spec("ensurepip")
    if spec is not None and spec.origin:
        directories.append(os.path.join(os.path.dirname(spec.origin), "_bundled"))
    # Distributions that strip ensurepip's own copy point it at a shared folder.
    wheel_dir = sysconfig.get_config_var("WHEEL_PKG_DIR")
    if wheel_dir:
        directories.append(wheel_dir)
    directories.append("/usr/share/python-wheels")

    for directory in directories:
        candidates = glob.glob(os.path.join(directory, "pip-*-py3-none-any.whl"))
        if candidates:
            return max(
                candidates,
                key=lambda path: [int(part) if part.isdigit() else 0 for part in _wheel_version(path).split(".")],
            )
    return None


def wanted_extras(no_setuptools, no_wheel):
    """setuptools and wheel, as the real script adds them: unless refused or already present."""
    extras = []
    if not (no_setuptools or os.environ.get("PIP_NO_SETUPTOOLS")) and importlib.util.find_spec("setuptools") is None:
        extras.append("setuptools")
    if not (no_wheel or os.environ.get("PIP_NO_WHEEL")) and importlib.util.find_spec("wheel") is None:
        extras.append("wheel")
    return extras


def run_pip(wheel, arguments):
    """Run pip from the wheel file itself, in a child interpreter, and return its exit code."""
    command = [sys.executable, os.path.join(wheel, "pip"), "install", "--upgrade", "--force-reinstall"]
    command.extend(arguments)
    _log("running " + " ".join(command))
    return subprocess.call(command)


def main(argv=None):
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--no-setuptools", action="store_true")
    parser.add_argument("--no-wheel", action="store_true")
    known, rest = parser.parse_known_args(sys.argv[1:] if argv is None else argv)

    wheel = bundled_pip_wheel()
    if wheel is None:
        _log("this interpreter ships no pip wheel for ensurepip; cannot bootstrap pip")
        return 1
    bundled_version = _wheel_version(wheel)

    options = [arg for arg in rest if arg.startswith("-")]
    packages = [arg for arg in rest if not arg.startswith("-")]
    pins = [match.group(1) for match in (_PIN.match(arg) for arg in packages) if match]
    others = [arg for arg in packages if not _PIN.match(arg) and arg != "pip"]
    extras = wanted_extras(known.no_setuptools, known.no_wheel)

    requested = pins[0] if pins else None
    if requested is None or requested == bundled_version:
        # Nothing newer is needed than what the interpreter already carries.
        return run_pip(wheel, options + [wheel] + others + extras)

    status = run_pip(wheel, options + [f"pip=={requested}"] + others + extras)
    if status == 0:
        return 0
    if os.environ.get("GET_PIP_STRICT"):
        _log(f"pip {requested} could not be installed (exit {status})")
        return status
    _log(
        f"WARNING: pip {requested} could not be installed (exit {status}); "
        f"installing the bundled pip {bundled_version} instead"
    )
    return run_pip(wheel, options + [wheel] + others + extras)


if __name__ == "__main__":
    sys.exit(main())
