# SPDX-License-Identifier: GPL-3.0-or-later
"""The targets of the benchmark, checked for every size, and the verdict lines that say whether they were met."""

from programs import LABELS
from programs import PAGE_SIZE

# Targets: module wall time / Ansible floor, module peak RSS / boto3 floor.
TIME_LIMIT = 1.05
MEMORY_LIMIT = 1.5


def row_checks(row):
    """{target: passed} for one size."""
    ratios = row["ratios"]
    return {
        "correct": not any(item["errors"] for item in row["contenders"].values()),
        "requests": row["contenders"]["module"]["requests"] == [row["expected_requests"]],
        "time_floor": ratios["time_vs_ansible_floor"] <= TIME_LIMIT,
        "time_cli": ratios["time_vs_cli"] < 1.0,
        "memory": ratios["memory_vs_boto3_floor"] <= MEMORY_LIMIT,
    }


def verdicts(rows):
    """[(passed, line)] for each target, over every size."""

    def sizes(key):
        return ", ".join(f"{row['size']:,}: {row['ratios'][key]:.2f}x" for row in rows)

    checks = [row_checks(row) for row in rows]
    every = {target: all(check[target] for check in checks) for target in checks[0]} if checks else {}
    wrong = [
        f"{row['size']:,} ({', '.join(LABELS[c] for c, s in row['contenders'].items() if s['errors'])})"
        for row, check in zip(rows, checks, strict=True)
        if not check["correct"]
    ]
    requests = ", ".join(
        f"{row['size']:,}: {requests_text(row['contenders']['module']['requests'])} "
        f"(expected {row['expected_requests']})"
        for row in rows
    )
    return [
        (
            every.get("correct", False),
            "Correct answers from every program at every N"
            if every.get("correct")
            else f"Wrong answers at N = {'; '.join(wrong)}",
        ),
        (every.get("requests", False), f"Module API requests = ceil(N/{PAGE_SIZE}) at every N: {requests}"),
        (
            every.get("time_floor", False),
            f"Module wall time <= {TIME_LIMIT:.2f}x the Ansible floor at every N: {sizes('time_vs_ansible_floor')}",
        ),
        (every.get("time_cli", False), f"Module wall time below the AWS CLI at every N: {sizes('time_vs_cli')}"),
        (
            every.get("memory", False),
            f"Module peak RSS <= {MEMORY_LIMIT:.1f}x the boto3 floor at every N: {sizes('memory_vs_boto3_floor')}",
        ),
    ]


def requests_text(counts):
    return "/".join(str(count) for count in counts)
