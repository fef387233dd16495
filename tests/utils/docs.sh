#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Render the module pages in docs/modules/ from the modules' own documentation, and check the changelog.
#
#   tests/utils/docs.sh          (`make docs`)
#
# 1. antsibull-docs renders every module of the collection (simplified RST) from a copy of the work
#    tree.  The pages are written to docs/modules/; when they differ from what was there, the script
#    says which pages changed and fails, so that a module whose documentation changed without its page
#    being re-rendered and committed fails CI.  Run it, review `git diff docs/modules`, commit.
# 2. CHANGELOG.rst is regenerated from changelogs/changelog.yaml with antsibull-changelog and must not
#    change either.
#
# The tools come from tests/utils/requirements-docs.txt, installed into .venv/docs on first use.
set -euo pipefail

# shellcheck source=tests/utils/docs-tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/docs-tools.sh"
cd "$repo"
docs_tools_venv

work=$(mktemp -d "${TMPDIR:-/tmp}/vpnops-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT
isolate_ansible "$work"
collection_copy "$work/collections"

version=$(python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' galaxy.yml)

# The collection is installed from the tarball that `ansible-galaxy collection build` makes (see
# README.md), and each page links back to the README rather than to a collection index.
cat >"$work/antsibull-docs.cfg" <<EOF
collection_url = {
    vpnops.aws = ../../README.md
}
collection_install = {
    vpnops.aws = "ansible-galaxy collection install vpnops-aws-$version.tar.gz"
}
EOF

echo "== Rendering the module pages (antsibull-docs $(antsibull-docs --version | awk '{print $NF}'))"
# antsibull-docs insists on an output directory that only its owner can write to.
mkdir -m 700 "$work/render"
(
    cd "$work"
    antsibull-docs --config-file "$work/antsibull-docs.cfg" collection --use-current --squash-hierarchy \
        --output-format simplified-rst --fail-on-error --no-add-antsibull-docs-version \
        --dest-dir "$work/render" vpnops.aws
)

status=0
pages=docs/modules
mkdir -p "$pages"
changed=$(
    cd "$work/render"
    for page in *; do
        cmp -s "$page" "$repo/$pages/$page" || echo "$pages/$page"
    done
    cd "$repo/$pages"
    for page in *; do
        [ -e "$page" ] || continue
        [ -e "$work/render/$page" ] || echo "$pages/$page (no such module any more)"
    done
)
# The work tree is written only when a page differs: other suites may be copying it at the same time.
if [ -n "$changed" ]; then
    echo "docs: these pages did not match the modules' documentation:" >&2
    printf '%s\n' "$changed" | sed 's/^/    /' >&2
    echo "docs: they have been re-rendered; review \`git diff $pages\` and commit them." >&2
    status=1
    rm -rf "$pages"
    cp -R "$work/render" "$pages"
    chmod 755 "$pages"
fi
echo "   $(find "$work/render" -name '*.rst' | wc -l) pages in $pages"

changelog_version=$(antsibull-changelog --version | awk '{print $NF}')
echo "== Regenerating CHANGELOG.rst from changelogs/changelog.yaml (antsibull-changelog $changelog_version)"
# Generated in the copy, and copied to the work tree only when it differs.
copy=$work/collections/ansible_collections/vpnops/aws
(
    cd "$copy"
    antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
    antsibull-changelog generate
)
if ! diff -u CHANGELOG.rst "$copy/CHANGELOG.rst" >&2; then
    cp "$copy/CHANGELOG.rst" CHANGELOG.rst
    echo "docs: CHANGELOG.rst did not match changelogs/changelog.yaml; it has been regenerated, commit it." >&2
    status=1
fi

if [ "$status" = 0 ]; then
    echo "docs: module pages and changelog are up to date"
fi
exit "$status"
