# shellcheck shell=bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by docs.sh, lint.sh and build-check.sh (sourced, not run).
#
#   docs_tools_venv            make sure .venv/docs holds tests/utils/requirements-docs.txt, and put
#                              its bin/ first on PATH (antsibull-docs runs `ansible` and `ansible-doc`
#                              from PATH)
#   collection_copy ROOT       copy the work tree to ROOT/ansible_collections/vpnops/aws, for the tools
#                              that only find the collection in an ansible_collections tree, and set
#                              ANSIBLE_COLLECTIONS_PATH to ROOT only
#   isolate_ansible DIR        keep ansible's configuration, collections and caches out of $HOME and
#                              the work tree: everything goes under DIR
#
# The venv is created from the interpreter of .venv/core-2.19 (made by `make venv`), else from
# $DOCS_PYTHON or python3.11 on PATH.  It is rebuilt when requirements-docs.txt changes.

repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
docs_venv=$repo/.venv/docs
docs_requirements=$repo/tests/utils/requirements-docs.txt

_docs_python() {
    if [ -n "${DOCS_PYTHON:-}" ]; then
        printf '%s\n' "$DOCS_PYTHON"
    elif [ -x "$repo/.venv/core-2.19/bin/python" ]; then
        printf '%s\n' "$repo/.venv/core-2.19/bin/python"
    elif command -v python3.11 >/dev/null; then
        command -v python3.11
    else
        echo "docs-tools: no Python 3.11 found; run \`make venv\` or set DOCS_PYTHON" >&2
        return 1
    fi
}

_docs_venv_install() {
    local python wanted
    wanted=$(sha256sum "$docs_requirements" | cut -d' ' -f1)
    if [ -f "$docs_venv/.installed" ] && [ "$(cat "$docs_venv/.installed")" = "$wanted" ]; then
        return 0
    fi
    python=$(_docs_python) || return 1
    echo "== Installing the documentation and lint tools into $docs_venv"
    rm -rf "$docs_venv"
    # Create the venv from the base interpreter, not from another venv's symlinks.
    python=$("$python" -c 'import sys; print(getattr(sys, "_base_executable", sys.executable))')
    "$python" -m venv "$docs_venv"
    if ! "$docs_venv/bin/python" -m pip install --disable-pip-version-check --quiet --no-input \
        -r "$docs_requirements" >"$docs_venv/pip.log" 2>&1; then
        cat "$docs_venv/pip.log" >&2
        echo "docs-tools: installing $docs_requirements failed" >&2
        return 1
    fi
    printf '%s\n' "$wanted" >"$docs_venv/.installed"
}

docs_tools_venv() {
    mkdir -p "$repo/.venv"
    # Two scripts started at once must not build the venv over each other.
    (
        flock 9
        _docs_venv_install
    ) 9>"$repo/.venv/docs.lock"
    PATH=$docs_venv/bin:$PATH
    export PATH
}

collection_copy() {
    local root=$1
    "$repo/tests/utils/refresh-collection.sh" "$root/ansible_collections/vpnops/aws" >/dev/null
    export ANSIBLE_COLLECTIONS_PATH=$root
}

isolate_ansible() {
    local dir=$1
    mkdir -p "$dir/home"
    : >"$dir/ansible.cfg"
    export ANSIBLE_CONFIG=$dir/ansible.cfg
    export ANSIBLE_LOCAL_TEMP=$dir/home/tmp
    export ANSIBLE_HOME=$dir/home
    export ANSIBLE_NOCOLOR=1
    export ANSIBLE_LOCALHOST_WARNING=false
    export ANSIBLE_INVENTORY_UNPARSED_WARNING=false
}
