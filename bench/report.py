"""Write docs/benchmarks.md and bench/results/results.csv from the JSON results of the last runs
(bench/results/read-*.json, intake-*.json, helpdesk-*.json). Run by `make bench`; re-running updates both.

The method text lives in docs/benchmarks.head.md; everything below it is generated."""

from __future__ import annotations

import csv
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
OUT = ROOT / "docs" / "benchmarks.md"
HEAD = ROOT / "docs" / "benchmarks.head.md"


def _version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def machine() -> str:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    import sqlite3

    import django

    return (
        f"{platform.node()}: {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}; Python "
        f"{platform.python_version()}, Django {django.get_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{_version([str(Path(sys.executable).with_name('gunicorn')), '--version'])}; "
        f"PostgreSQL: {_version(['psql', '--version'])}"
    )


def main() -> int:
    sections, rows = [], []
    for path in sorted(RESULTS.glob("read-*.json")):
        data = json.loads(path.read_text())
        sections.append(
            f"\n### Read scenarios, {data['database']}, {data['cases']:,} cases\n\n"
            "| scenario | median ms | p95 ms | p99 ms | req/s (4 clients) | raw SQL ms | ratio | errors |\n"
            "|---|---:|---:|---:|---:|---:|---:|---:|"
        )
        for row in data["results"]:
            sections.append(
                f"| {row['scenario']} | {row['median_ms']} | {row['p95_ms']} | {row['p99_ms']} | "
                f"{row['throughput_4_clients_rps']} | {row['raw_ms']} | {row['ratio']} | {row['errors']} |"
            )
            rows.append({"suite": "read", "database": data["database"], "cases": data["cases"], **row})
    for path in sorted(RESULTS.glob("intake-*.json")):
        data = json.loads(path.read_text())
        if not data.get("cases"):
            continue  # the soak's ten-minute run on an empty database: docs/reliability.md reports it
        sections.append(
            f"\n### Intake, {data['database']}, {data['cases']:,} cases (raw SQL insert of the same rows: "
            f"{data['raw_insert_ms']:.2f} ms)\n\n"
            "| phase | requests | errors | median ms | p95 ms | p99 ms | req/s |\n|---|---:|---:|---:|---:|---:|---:|"
        )
        for row in data["phases"]:
            sections.append(
                f"| {row['phase']} | {row['requests']} | {row['errors']} | {row['median_ms']} | {row['p95_ms']} | "
                f"{row['p99_ms']} | {row['throughput_rps']} |"
            )
            rows.append({"suite": "intake", "database": data["database"], **row})
        sections.append(
            f"\nAccepted {data['accepted']}, stored {data['stored']}, lost {data['accepted'] - data['stored']}."
        )
    for path in sorted(RESULTS.glob("batch-*.json")):
        data = json.loads(path.read_text())
        sections.append(f"\n### Batch work, {data['database']}, {data['cases']:,} cases\n")
        for name, figures in data["results"].items():
            sections.append(
                f"- {name}: " + ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in figures.items())
            )
            rows.append({"suite": "batch", "database": data["database"], "scenario": name, **figures})
    for path in sorted(RESULTS.glob("helpdesk-*.json")):
        data = json.loads(path.read_text())
        sections.append(
            f"\n### Peer: django-helpdesk 2.6.1, {data['records']:,} records each\n\n"
            "| workload | Danvan median ms | helpdesk median ms | Danvan req/s | helpdesk req/s | "
            "throughput Danvan ÷ helpdesk |\n|---|---:|---:|---:|---:|---:|"
        )
        for name, ours in data["danvan"].items():
            theirs = data["helpdesk"][name]
            ratio = round(ours["throughput_rps"] / theirs["throughput_rps"], 1) if theirs["throughput_rps"] else "∞"
            sections.append(
                f"| {name} | {ours['median_ms']} | {theirs['median_ms']} | {ours['throughput_rps']} | "
                f"{theirs['throughput_rps']} | {ratio} |"
            )
            rows.append(
                {
                    "suite": "helpdesk",
                    "workload": name,
                    "danvan_rps": ours["throughput_rps"],
                    "helpdesk_rps": theirs["throughput_rps"],
                }
            )
    text = [
        HEAD.read_text().rstrip(),
        "",
        f"## Last results ({datetime.now(UTC):%d/%m/%Y %H:%M} UTC)",
        "",
        f"Machine: {machine()}.",
        *sections,
        "",
    ]
    OUT.write_text("\n".join(text) + "\n")
    with (RESULTS / "results.csv").open("w", newline="") as handle:
        fields = sorted({key for row in rows for key in row if key != "error_samples"})
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {OUT.relative_to(ROOT)} and {(RESULTS / 'results.csv').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
