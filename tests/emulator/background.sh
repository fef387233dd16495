#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shell functions around tests/utils/emulator_harness.py, for scripts that source this file.
#
#   start_emulator PYTHON DIR [cvpn_emulator options...]   start the emulator in the background and wait
#                                                         until it listens; sets emulator_pid and emulator_url
#   stop_emulator                                         stop it (safe to call more than once)
#   isolate_aws PYTHON URL ACCESS_KEY SECRET_KEY          unset every AWS_* variable of this shell, then export
#                                                         AWS_URL, the credentials, the region, no configuration
#                                                         files and no instance metadata
#
# DIR receives emulator.log and emulator.url.  PYTHON needs botocore.

emulator_pid=
# shellcheck disable=SC2034  # read by the scripts that source this file
emulator_url=
_emulator_harness=$(cd "$(dirname "${BASH_SOURCE[0]}")/../utils" && pwd)/emulator_harness.py

start_emulator() {
    local python=$1 dir=$2 started
    shift 2
    started=$("$python" "$_emulator_harness" start "$dir" "$@") || return 1
    emulator_pid=${started%% *}
    # shellcheck disable=SC2034  # read by the scripts that source this file
    emulator_url=${started#* }
}

stop_emulator() {
    if [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null; then
        # Not a child of this shell (the harness started it): wait for it with tail, for at most 30 s.
        timeout 30 tail --pid="$emulator_pid" -f /dev/null || kill -KILL "$emulator_pid" 2>/dev/null || true
    fi
    emulator_pid=
}

isolate_aws() {
    local python=$1 url=$2 access_key=$3 secret_key=$4 commands
    commands=$("$python" "$_emulator_harness" env --url "$url" --access-key "$access_key" --secret-key "$secret_key")
    eval "$commands"
}
