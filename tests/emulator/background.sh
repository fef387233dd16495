#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Shell functions to run the emulator in the background, for scripts that source this file.
#
#   start_emulator PYTHON DIR [cvpn_emulator options...]   sets emulator_pid and emulator_url
#   stop_emulator                                         stops it (safe to call more than once)
#
# DIR receives emulator.url, emulator.pid and emulator.log.  PYTHON needs botocore.

emulator_pid=
# shellcheck disable=SC2034  # read by the scripts that source this file
emulator_url=

start_emulator() {
    local python=$1 dir=$2
    shift 2
    PYTHONPATH=$(dirname "${BASH_SOURCE[0]}") "$python" -m cvpn_emulator "$@" \
        --url-file "$dir/emulator.url" --pid-file "$dir/emulator.pid" >"$dir/emulator.log" 2>&1 &
    emulator_pid=$!
    local _attempt
    for _attempt in $(seq 100); do
        [ -s "$dir/emulator.url" ] && break
        kill -0 "$emulator_pid" 2>/dev/null || { cat "$dir/emulator.log" >&2; return 1; }
        sleep 0.1
    done
    [ -s "$dir/emulator.url" ] || { echo "the emulator did not start within 10 seconds" >&2; return 1; }
    # shellcheck disable=SC2034  # read by the scripts that source this file
    emulator_url=$(cat "$dir/emulator.url")
}

stop_emulator() {
    if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill "$emulator_pid"
        wait "$emulator_pid" 2>/dev/null || true
    fi
    emulator_pid=
}
