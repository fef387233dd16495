#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Run the integration targets, the module EXAMPLES and the secret check against the local emulator,
# through ansible-playbook with the collection copy at $COLLECTION_DIR (make integration sets it).
set -euo pipefail

repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
collection_dir=${COLLECTION_DIR:-$repo/build/ansible_collections/vpnops/aws}
venv=${VENV_2_19:-$repo/.venv/core-2.19}
collections_root=$(cd "$collection_dir/../../.." && pwd)

"$venv/bin/python" "$repo/tests/integration/runner.py" --collections-root "$collections_root" "$@"
