#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build the collection tarball as a release would, check what it ships, install it and use it.
#
#   tests/utils/build-check.sh        (run from anywhere; needs .venv/core-2.19 from `make venv`)
#
# 1. `ansible-galaxy collection build` of the work tree (galaxy.yml's build_ignore applies), with
#    .venv/core-2.19's ansible-galaxy.
# 2. The tarball's file list is printed; the check fails if it holds anything that must not ship
#    (virtual environments, build and test output, caches, bytecode, CI and development files, VCS
#    metadata) or lacks a file that must (modules, metadata, docs, changelog, requirements).
# 3. galaxy-importer (from .venv/importer, see tests/utils/requirements-importer.txt), the checker that
#    Galaxy and Automation Hub run on every upload, imports the tarball with the configuration in
#    tests/utils/galaxy-importer.cfg (ansible-doc of every module, ansible-lint of the collection root
#    with the production profile, the changelog); any ERROR or WARNING it prints fails the check.
# 4. The tarball is installed with `ansible-galaxy collection install -p` into an empty directory,
#    offline; ansible-doc must read every module from there.
# 5. The Client VPN emulator (tests/emulator) serves 50 generated connections, and
#    playbooks/vpn_report.yml runs against it with ANSIBLE_COLLECTIONS_PATH set to that directory
#    only, so the installed copy is what runs.  The report must count all 50 connections.
# 6. ansible-builder (from .venv/docs, see tests/utils/requirements-docs.txt) introspects the
#    installed copy, which must declare boto3 and botocore through meta/execution-environment.yml,
#    and creates a build context from docs/examples/execution-environment.yml with the tarball.
set -euo pipefail

# shellcheck source=tests/utils/docs-tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/docs-tools.sh"
cd "$repo"

core=$repo/.venv/core-2.19
if [ ! -x "$core/bin/ansible-galaxy" ]; then
    echo "build-check: $core/bin/ansible-galaxy not found; run \`make venv\` first" >&2
    exit 2
fi
docs_tools_venv

work=$(mktemp -d "${TMPDIR:-/tmp}/vpnops-build-check.XXXXXX")
# shellcheck source=tests/emulator/background.sh
. "$repo/tests/emulator/background.sh"
cleanup() {
    stop_emulator
    rm -rf "$work"
}
trap cleanup EXIT
isolate_ansible "$work"
# The installed copy only: no collections from $HOME, /usr/share or next to the playbook.
export ANSIBLE_COLLECTIONS_PATH=$work/collections
mkdir -p "$work/dist" "$work/collections"

version=$("$core/bin/python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' galaxy.yml)
tarball=$work/dist/vpnops-aws-$version.tar.gz

core_version=$("$core/bin/python" -c 'from ansible.release import __version__; print(__version__)')
echo "== ansible-galaxy collection build (ansible-core $core_version)"
"$core/bin/ansible-galaxy" collection build --output-path "$work/dist" "$repo" >/dev/null
tar -tzf "$tarball" | sed 's|^\./||; s|/$||' | sort >"$work/files"
echo "   $(basename "$tarball"): $(wc -l <"$work/files") entries, $(du -k "$tarball" | cut -f1) KiB"
sed 's/^/     /' "$work/files"

status=0
# Anything matching one of these must not ship.
forbidden='^(build|tools|benchmarks|\.ci)(/|$)'
forbidden+='|^(Makefile|\.gitignore)$'
forbidden+='|(^|/)(\.venv|venv|\.git|\.ansible|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.tox|__pycache__)(/|$)'
forbidden+='|(^|/)tests/output(/|$)|\.py[co]$|\.tar\.gz$|(^|/)changelogs/\.plugin-cache\.yaml$'
if grep -E "$forbidden" "$work/files" >"$work/forbidden"; then
    echo "build-check: the tarball ships files that must not be in it:" >&2
    sed 's/^/    /' "$work/forbidden" >&2
    status=1
fi
required=(
    MANIFEST.json FILES.json README.md CHANGELOG.rst changelogs/changelog.yaml requirements.txt
    meta/runtime.yml meta/execution-environment.yml plugins/doc_fragments/aws_connection.py
    playbooks/vpn_report.yml playbooks/templates/vpn_report.csv.j2 playbooks/templates/vpn_report.html.j2
    playbooks/stale_sessions.yml docs/README.md
)
for module in plugins/modules/*.py; do
    required+=("$module" "docs/modules/$(basename "$module" .py)_module.rst")
done
for path in "${required[@]}"; do
    if ! grep -qxF "$path" "$work/files"; then
        echo "build-check: the tarball lacks $path" >&2
        status=1
    fi
done
[ "$status" = 0 ] || exit "$status"

importer=${IMPORTER_VENV:-$repo/.venv/importer}
if [ ! -x "$importer/bin/python" ]; then
    echo "build-check: $importer not found; run \`make build-check\` (it builds the venv) first" >&2
    exit 2
fi
echo "== galaxy-importer $("$importer/bin/python" -c 'from importlib.metadata import version; print(version("galaxy-importer"))')"
mkdir "$work/importer"
# Its ansible-doc and ansible-lint are looked up on PATH; it writes importer_result.json to the current directory.
if ! (
    cd "$work/importer"
    PATH=$importer/bin:$PATH GALAXY_IMPORTER_CONFIG=$repo/tests/utils/galaxy-importer.cfg \
        GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=$work/importer/tmp "$importer/bin/python" -m galaxy_importer.main "$tarball"
) >"$work/importer.log" 2>&1; then
    cat "$work/importer.log" >&2
    echo "build-check: galaxy-importer refused $(basename "$tarball")" >&2
    exit 1
fi
if grep -qE '^(WARNING|ERROR|CRITICAL)' "$work/importer.log" ||
    ! grep -qx 'Importer processing completed successfully' "$work/importer.log"; then
    cat "$work/importer.log" >&2
    echo "build-check: galaxy-importer reported the problems above" >&2
    exit 1
fi
grep -E '^(Importing with|Linting collection|Importer processing)' "$work/importer.log" | sed 's/^/   /'

echo "== ansible-galaxy collection install -p (offline)"
"$core/bin/ansible-galaxy" collection install --offline -p "$work/collections" "$tarball" >"$work/install.log" 2>&1 ||
    { cat "$work/install.log" >&2; exit 1; }
if [ ! -f "$work/collections/ansible_collections/vpnops/aws/MANIFEST.json" ]; then
    cat "$work/install.log" >&2
    echo "build-check: the tarball did not install into $work/collections" >&2
    exit 1
fi
"$core/bin/ansible-galaxy" collection list vpnops.aws | grep -E '^vpnops\.aws +' | sed 's/^/   /'
for module in plugins/modules/*.py; do
    name=vpnops.aws.$(basename "$module" .py)
    # ansible-doc reads the documentation from the installed copy, with the doc fragment.
    "$core/bin/ansible-doc" --json "$name" |
        "$core/bin/python" -c 'import json, sys; d = json.load(sys.stdin); name = sys.argv[1]
doc = d[name]["doc"]
assert doc["collection"] == "vpnops.aws" and "region" in doc["options"], name
print("   ansible-doc", name, "from", d[name]["doc"]["filename"].split("/ansible_collections/")[0])' "$name"
done

echo "== playbooks/vpn_report.yml against the emulator, with the installed collection"
start_emulator "$core/bin/python" "$work" --generate 50 || { echo "build-check: the emulator did not start" >&2; exit 1; }
url=$emulator_url
echo "   emulator on $url"

# The AWS settings of this machine, if any, stay out of it.
isolate_aws "$core/bin/python" "$url" AKIDBUILDCHECK build-check-secret
if ! "$core/bin/ansible-playbook" -i localhost, -e "ansible_python_interpreter=$core/bin/python" \
    -e "report_dir=$work/report" playbooks/vpn_report.yml >"$work/playbook.log" 2>&1; then
    cat "$work/playbook.log" >&2
    echo "build-check: playbooks/vpn_report.yml failed with the installed collection" >&2
    exit 1
fi
if ! grep -q ': 50 connections, ' "$work/playbook.log"; then
    cat "$work/playbook.log" >&2
    echo "build-check: the report did not count the emulator's 50 connections" >&2
    exit 1
fi
grep -E '"Endpoint |^PLAY RECAP|ok=' "$work/playbook.log" | sed 's/^ */   /'

echo "== ansible-builder ($(ansible-builder --version))"
(
    cd "$work"
    ansible-builder introspect --sanitize "$work/collections" >"$work/introspect.log"
)
for package in boto3 botocore jmespath; do
    if ! grep -qE "^- '?${package}[<>=!~ ].*# from collection vpnops\.aws" "$work/introspect.log"; then
        cat "$work/introspect.log" >&2
        echo "build-check: ansible-builder does not find $package among the collection's Python requirements" >&2
        exit 1
    fi
done
echo "   introspect: boto3, botocore and jmespath from vpnops.aws (meta/execution-environment.yml)"
mkdir "$work/ee"
cp docs/examples/execution-environment.yml "$tarball" "$work/ee/"
(
    cd "$work/ee"
    ansible-builder create --file execution-environment.yml --context context --output-filename Containerfile \
        >"$work/ee.log" 2>&1
) || { cat "$work/ee.log" >&2; echo "build-check: docs/examples/execution-environment.yml is not valid" >&2; exit 1; }
if [ ! -f "$work/ee/context/_build/collections/$(basename "$tarball")" ]; then
    echo "build-check: docs/examples/execution-environment.yml does not name $(basename "$tarball")" >&2
    exit 1
fi
echo "   create: docs/examples/execution-environment.yml makes a build context with $(basename "$tarball")"

echo "build-check: $(basename "$tarball") ships what it should, installs, and runs"
