# SPDX-License-Identifier: GPL-3.0-or-later
"""Summarise an `ansible-test sanity --junit` run: which tests passed, failed, or did not apply.

    python tests/utils/sanity_summary.py JUNIT_DIR LABEL

JUNIT_DIR is the collection's tests/output/junit, emptied before the run.
Exits 1 if it holds no sanity results at all.
"""

import glob
import os
import sys
from xml.etree import ElementTree


def read_results(junit_dir):
    """{test name: ("passed" | "failed" | "skipped", detail)} from ansible-test's sanity junit files."""
    results = {}
    for path in sorted(glob.glob(os.path.join(junit_dir, "ansible-test-sanity-*.xml"))):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            name = case.get("name")
            failure = case.find("failure")
            if failure is None:
                failure = case.find("error")
            skipped = case.find("skipped")
            if failure is not None:
                results[name] = ("failed", failure.get("message") or "")
            elif skipped is not None:
                results[name] = ("skipped", (skipped.text or skipped.get("message") or "").strip())
            else:
                results[name] = ("passed", "")
    return results


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    junit_dir, label = argv[1], argv[2]
    results = read_results(junit_dir)
    if not results:
        print(f"sanity summary ({label}): no results in {junit_dir}", file=sys.stderr)
        return 1

    by_outcome = {"passed": [], "failed": [], "skipped": []}
    for name, (outcome, detail) in sorted(results.items()):
        by_outcome[outcome].append((name, detail))

    ran = len(by_outcome["passed"]) + len(by_outcome["failed"])
    print(
        f"sanity summary ({label}): {ran} tests ran, {len(by_outcome['passed'])} of them passed "
        f"and {len(by_outcome['failed'])} failed; {len(by_outcome['skipped'])} did not run"
    )
    for outcome in ("passed", "failed"):
        names = ", ".join(name for name, dummy in by_outcome[outcome])
        print(f"  {outcome}:  {names or '-'}")
    # ansible-test records "No tests applicable." both when a test has no files to check
    # and when a program it needs is missing; the latter also prints a WARNING, which
    # run-ansible-test.sh turns into a failure.
    for name, detail in by_outcome["skipped"]:
        print(f"  not run: {name} ({detail or 'no reason given'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
