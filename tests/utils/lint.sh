#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Lint the documentation, the changelog, the playbooks and the module examples.
#
#   tests/utils/lint.sh          (`make lint`)
#
# 1. antsibull-docs lint-collection-docs --plugin-docs: the modules' DOCUMENTATION, EXAMPLES and
#    RETURN against the schema, their markup, and every reference (O(), RV(), M(), seealso) to this
#    collection and to ansible.builtin.
# 2. antsibull-changelog lint: the changelog fragments and changelogs/changelog.yaml.
# 3. The relative links of README.md and docs/ lead to files that exist, and every YAML block of the
#    guides parses (tests/utils/docs_snippets.py).
# 4. ansible-lint --offline with the repository's .ansible-lint (profile production, no rule skipped) over
#    the root of the collection, as Galaxy, Automation Hub and a user's own CI run it: every file it
#    recognises (galaxy.yml, meta/, playbooks/, the integration targets, changelogs/, the YAML configs),
#    plus each module's EXAMPLES and the guides' plays and tasks, each extracted into a playbook of its own
#    inside the copy.
#
# Everything runs on a copy of the work tree at TMP/collections/ansible_collections/vpnops/aws, which
# is what the tools need to resolve vpnops.aws.* names; ANSIBLE_COLLECTIONS_PATH points there only,
# so nothing is looked up or installed from elsewhere.  The tools come from
# tests/utils/requirements-docs.txt, installed into .venv/docs on first use.
set -euo pipefail

# shellcheck source=tests/utils/docs-tools.sh
. "$(dirname "${BASH_SOURCE[0]}")/docs-tools.sh"
cd "$repo"
docs_tools_venv

work=$(mktemp -d "${TMPDIR:-/tmp}/vpnops-lint.XXXXXX")
trap 'rm -rf "$work"' EXIT
isolate_ansible "$work"
collection_copy "$work/collections"
copy=$work/collections/ansible_collections/vpnops/aws
status=0

echo "== antsibull-docs lint-collection-docs --plugin-docs"
(
    cd "$work"
    antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all \
        --disallow-unknown-collection-refs "$copy"
) || status=1

echo "== antsibull-changelog lint"
(
    cd "$copy"
    antsibull-changelog lint
) || status=1

echo "== Documentation links and YAML snippets"
python tests/utils/docs_snippets.py links "$copy" || status=1
# Each module's EXAMPLES, and each YAML block of the guides that holds plays or tasks, becomes a
# playbook, so that ansible-lint checks them like the playbooks: option names, types and choices
# against the module's argument spec (the args rule), FQCNs, task names, YAML style.
python tests/utils/docs_snippets.py examples "$copy" "$copy/lint-examples"
python tests/utils/docs_snippets.py snippets "$copy" "$copy/lint-snippets" || status=1

echo "== ansible-lint (the collection root)"
(
    cd "$copy"
    # Without a git repository, ansible-lint walks every file under the current directory, the extracted
    # EXAMPLES and snippets included, instead of only those that git tracks.
    rm -rf .git
    ansible-lint --offline --nocolor
) || status=1

if [ "$status" = 0 ]; then
    echo "lint: clean"
else
    echo "lint: failed, see above" >&2
fi
exit "$status"
