#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `make demo`: build and install the collection, start the local Client VPN emulator with sample
# connections, run playbooks/vpn_report.yml against it (the report's CSV and HTML files go to
# build/demo/report), and stop the emulator.
#
#   tools/demo.sh [PYTHON]       PYTHON: the interpreter for the demo venv (default python3)
#
# The same playbook runs against AWS with real credentials and region in the environment and
# without AWS_URL: see docs/guide_connection_facts.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${1:-python3}
venv=$repo/.venv/demo
work=$repo/build/demo
report=$work/report
cd "$repo"

if [ ! -f "$venv/.installed" ] || [ tools/requirements-demo.txt -nt "$venv/.installed" ]; then
    echo "== Creating $venv (ansible-core, boto3, botocore, jmespath)"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tools/requirements-demo.txt
    touch "$venv/.installed"
fi

echo "== Building and installing the collection"
rm -rf "$work"
mkdir -p "$work/dist" "$work/collections"
"$venv/bin/ansible-galaxy" collection build --force --output-path "$work/dist" . >/dev/null
"$venv/bin/ansible-galaxy" collection install --force -p "$work/collections" "$work"/dist/vpnops-aws-*.tar.gz \
    >/dev/null
ls "$work"/dist

echo "== Starting the Client VPN emulator with 300 sample connections"
# shellcheck source=tests/emulator/background.sh
. "$repo/tests/emulator/background.sh"
trap stop_emulator EXIT
start_emulator "$venv/bin/python" "$work" --generate 300 --seed 42
url=$emulator_url
echo "   listening on $url"

echo "== Running playbooks/vpn_report.yml"
# The emulator's URL and made-up credentials; nothing from this machine's AWS configuration.
isolate_aws "$venv/bin/python" "$url" AKIDDEMOEXAMPLE demo-secret
ANSIBLE_COLLECTIONS_PATH="$work/collections" ANSIBLE_LOCALHOST_WARNING=false \
    "$venv/bin/ansible-playbook" -i localhost, -e "ansible_python_interpreter=$venv/bin/python" \
    -e "report_dir=$report" playbooks/vpn_report.yml

stop_emulator
trap - EXIT
echo "== Done: the emulator has stopped. The report:"
echo "   CSV (for a spreadsheet): $report/connections.csv"
echo "   HTML (for a browser):    $report/index.html"
