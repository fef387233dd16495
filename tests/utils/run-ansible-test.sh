#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Run ansible-test from the collection copy with one ansible-core venv and one Python.
#
#   tests/utils/run-ansible-test.sh VENV PYTHON COMMAND [ANSIBLE-TEST OPTIONS...]
#
#   VENV     a venv with ansible-core installed (.venv/core-2.19)
#   PYTHON   the real interpreter to test with (not a pyenv shim); its directory
#            goes first on PATH, since ansible-test looks up pythonX.Y there
#   COMMAND  sanity or units
#
# Environment: COLLECTION_DIR (default build/ansible_collections/vpnops/aws, made
# by refresh-collection.sh) and TOOLS_BIN (default .venv/tools/bin: programs that
# ansible-test calls from PATH).
#
# The output is also kept in build/logs/COMMAND-CORE.log.  For sanity, a summary of
# the tests that passed, failed or did not run is printed afterwards, and the run
# fails if ansible-test skipped a test that applies because something was missing
# from the environment (a program, an interpreter, libyaml, venv support).
set -euo pipefail

if [ $# -lt 3 ]; then
    sed -n '3,12p' "$0" >&2
    exit 2
fi
venv=$1
python=$2
command=$3
shift 3

repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
absolute() {
    case $1 in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s\n' "$repo/$1" ;;
    esac
}
venv=$(absolute "$venv")
collection=$(absolute "${COLLECTION_DIR:-build/ansible_collections/vpnops/aws}")
tools_bin=$(absolute "${TOOLS_BIN:-.venv/tools/bin}")

python_version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
core_version=$("$venv/bin/python" -c 'from ansible.release import __version__ as v; print(".".join(v.split(".")[:2]))')
label="ansible-core $core_version, Python $python_version"

log=$repo/build/logs/$command-$core_version.log
mkdir -p "$(dirname "$log")"
junit=$collection/tests/output/junit
rm -rf "$junit"

options=(--venv --color no --python "$python_version")
if [ "$command" = sanity ]; then
    options+=(--junit)
fi

echo "== ansible-test $command ($label)"
status=0
(
    cd "$collection"
    PATH="$(dirname "$python"):$tools_bin:$PATH" \
        "$venv/bin/ansible-test" "$command" "${options[@]}" "$@"
) 2>&1 | tee "$log" || status=$?

if [ "$command" = sanity ]; then
    "$venv/bin/python" "$repo/tests/utils/sanity_summary.py" "$junit" "$label" || status=1
    # ansible-test only warns when a test that has files to check cannot run.
    # It repeats its warnings at the end of the run, hence sort -u.
    pattern='^WARNING: (Required program "[^"]*" not found|Skipping sanity test)'
    if grep -qE "$pattern" "$log"; then
        grep -E "$pattern" "$log" | sort -u >&2
        echo "sanity ($label): the tests above were not run for lack of something in the environment" >&2
        status=1
    fi
fi

exit "$status"
