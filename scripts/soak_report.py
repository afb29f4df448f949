#!/usr/bin/env python3
"""Write docs/reliability.md from the figures of the last `make soak` run (var/soak/ and
bench/results/intake-*.json). Run by `make soak`; re-running the soak rewrites the figures."""

from __future__ import annotations

import json
import platform
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOAK_SECONDS = 600  # make soak holds the load for ten minutes (Makefile: --sustain-seconds 600)
SOAK = ROOT / "var" / "soak"
OUT = ROOT / "docs" / "reliability.md"
TEMPLATE_HEAD = ROOT / "docs" / "reliability.head.md"


def merged(prefix: str) -> dict:
    total: Counter = Counter()
    for path in sorted(SOAK.glob(f"{prefix}*.json")):
        total.update(json.loads(path.read_text()))
    return dict(total)


def junit_counts() -> dict[str, tuple[int, int]]:
    """Per test file: (cases run, cases failed)."""
    counts: dict[str, list[int]] = {}
    for path in SOAK.glob("junit*.xml"):
        for case in ET.parse(path).getroot().iter("testcase"):
            name = case.get("classname", "")
            entry = counts.setdefault(name, [0, 0])
            entry[0] += 1
            entry[1] += any(child.tag in ("failure", "error") for child in case)
    return {name: (run, failed) for name, (run, failed) in counts.items()}


def main() -> int:
    crash = merged("crash-")
    api = merged("schemathesis")
    tests = junit_counts()
    matrix = [
        (name, run, failed)
        for name, (run, failed) in sorted(tests.items())
        if "permission_matrix" in name or "security" in name
    ]
    secrecy = [(name, run, failed) for name, (run, failed) in sorted(tests.items()) if "secrecy" in name]
    intake = {}
    for path in sorted((ROOT / "bench" / "results").glob("intake-*.json")):
        data = json.loads(path.read_text())
        if data.get("sustain_seconds", 0) >= SOAK_SECONDS:  # the soak's run, not a benchmark's short one
            intake[data["database"]] = data
    lines = [TEMPLATE_HEAD.read_text().rstrip(), "", "## Figures of the last `make soak`", ""]
    lines.append(
        f"Run {datetime.now(UTC):%d/%m/%Y %H:%M} UTC on {platform.node()} ({platform.machine()}, "
        f"Python {platform.python_version()})."
    )
    lines += ["", "| what | figure |", "|---|---:|"]
    lines.append(
        f"| submissions sent / acknowledged / found exactly once | {crash.get('sent', 0)} / "
        f"{crash.get('acknowledged', 0)} / {crash.get('found', 0)} |"
    )
    lines.append(f"| SIGKILLs of the production server survived | {crash.get('kills', 0)} |")
    lines.append(
        f"| schemathesis requests / failures (5xx or crash) | {api.get('sent', 0)} / {api.get('failures', 0)} |"
    )
    lines.append(
        f"| permission-matrix and page-access cells checked / failed | {sum(r for _, r, _ in matrix)} / "
        f"{sum(f for _, _, f in matrix)} |"
    )
    lines.append(
        f"| secrecy checks run / leaks found | {sum(r for _, r, _ in secrecy)} / {sum(f for _, _, f in secrecy)} |"
    )
    for vendor, data in intake.items():
        sustained = data["phases"][-1]
        lines.append(
            f"| sustained intake on {vendor}: {sustained['phase']} — requests / errors / lost | "
            f"{sustained['requests']} / {sustained['errors']} / {data['accepted'] - data['stored']} |"
        )
        lines.append(
            f"| … its latency median / p95 / p99 (ms) | {sustained['median_ms']} / {sustained['p95_ms']} / "
            f"{sustained['p99_ms']} |"
        )
    lines.append("")
    OUT.write_text("\n".join(lines) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")
    failed = sum(f for _, _, f in matrix + secrecy) + api.get("failures", 0)
    return 1 if failed or crash.get("acknowledged") != crash.get("found") else 0


if __name__ == "__main__":
    sys.exit(main())
