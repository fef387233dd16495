#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copy the working tree to a real ansible_collections/<namespace>/<name> path for ansible-test.
#
#   tests/utils/refresh-collection.sh [DEST]
#
# DEST defaults to build/ansible_collections/vpnops/aws.  The copy holds exactly
# the files that git tracks or would track (`git ls-files -co --exclude-standard`,
# less files deleted from the work tree), so a file removed or renamed in the work
# tree leaves nothing stale behind: DEST is recreated on every run, with a git
# repository of its own (see below).  Only the
# virtual environments that `ansible-test --venv` keeps in
# DEST/tests/output/.tmp/delegation are carried over, so that warm runs do not
# install their requirements again.
set -euo pipefail

repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
dest=${1:-build/ansible_collections/vpnops/aws}
case $dest in
    /*) ;;
    *) dest=$repo/$dest ;;
esac

case $dest in
    */ansible_collections/*/*) ;;
    *) echo "refresh-collection: $dest is not an ansible_collections/<namespace>/<name> path" >&2; exit 2 ;;
esac

# Parked outside ansible_collections/, where ansible-test would take it for a collection.
keep=$(dirname "$(dirname "$(dirname "$dest")")")/.delegation-venvs
rm -rf "$keep"
if [ -d "$dest/tests/output/.tmp/delegation" ]; then
    mv "$dest/tests/output/.tmp/delegation" "$keep"
fi

rm -rf "$dest"
mkdir -p "$dest"

cd "$repo"
git ls-files -z -co --exclude-standard |
    while IFS= read -r -d '' path; do
        # Tracked files deleted from the work tree are still listed by git.
        if [ -e "$path" ] || [ -L "$path" ]; then
            printf '%s\0' "$path"
        fi
    done |
    tar --null --no-recursion -T - -cf - |
    tar -C "$dest" -xf -

# ansible-test lists the collection's files with git when it finds a repository at
# or above the collection root.  Above the copy sits this repository, which
# ignores build/, so it would see no files at all: give the copy a repository
# of its own, with every copied file staged.
git -C "$dest" init --quiet
git -C "$dest" add --all --force

if [ -d "$keep" ]; then
    mkdir -p "$dest/tests/output/.tmp"
    mv "$keep" "$dest/tests/output/.tmp/delegation"
fi

echo "refresh-collection: $(git -C "$dest" ls-files | wc -l) files in $dest"
