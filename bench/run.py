"""Benchmarks: each scenario timed through Danvan's own code and through the raw SQL it boils down to,
in the same run, on the same data; reported as a ratio (ours / raw) plus absolute milliseconds.

    make bench N=100000            # SQLite (var/bench.sqlite3)
    make bench-postgres N=100000   # a throwaway PostgreSQL cluster

Results are printed as a Markdown table and written to bench/results/<database>-<N>.json.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.generate import generate_cases  # noqa: E402
from danvan.accounts.roles import Role  # noqa: E402
from danvan.accounts.scoping import forget_assignments  # noqa: E402
from danvan.accounts.services import role_assign, user_create  # noqa: E402
from danvan.cases.models import Case  # noqa: E402
from danvan.cases.selectors import WorklistFilters, status_counts, worklist  # noqa: E402
from danvan.core.clock import local_date  # noqa: E402
from danvan.territory.loader import load_units  # noqa: E402
from danvan.territory.models import AdministrativeUnit  # noqa: E402

REPEAT = 7


def timed(function, user=None) -> float:
    samples = []
    for _ in range(REPEAT):
        if user is not None:
            forget_assignments(user)  # each request starts with a fresh user object
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()


def main() -> None:
    count = int(os.environ.get("BENCH_CASES", "100000"))
    call_command("migrate", verbosity=0)
    if not AdministrativeUnit.objects.exists():
        load_units()
    existing = Case.objects.count()
    if existing < count:
        start = time.perf_counter()
        generate_cases(count - existing, seed=existing)
        print(f"generated {count - existing} cases in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    province = AdministrativeUnit.objects.current().get(code="79", level=AdministrativeUnit.Level.PROVINCE)
    user = (
        role_assign(
            user=user_create(username=f"bench{time.time_ns()}", full_name="Cán bộ Đo", password=None),
            role=Role.COORDINATOR,
            unit=province,
        )
    ).user
    today = local_date()
    open_statuses = ["received", "screening", "accepted", "verifying", "suspended"]
    like = province.path + "%"
    scenarios = {
        "worklist: first page, open cases of a province by due date": (
            lambda: list(worklist(user, WorklistFilters(status=""), today=today).filter(status__in=open_statuses)[:25]),
            lambda: raw(
                "SELECT * FROM cases_case WHERE unit_path LIKE %s AND status IN (%s, %s, %s, %s, %s) "
                "ORDER BY due_date, received_at DESC LIMIT 25",
                [like, *open_statuses],
            ),
        ),
        "search: 'thu hoi dat' without diacritics in a province": (
            lambda: list(worklist(user, WorklistFilters(query="thu hoi dat"), today=today)[:25]),
            lambda: raw(
                "SELECT * FROM cases_case WHERE unit_path LIKE %s AND search_text LIKE %s AND search_text "
                "LIKE %s AND search_text LIKE %s ORDER BY due_date LIMIT 25",
                [like, "%thu%", "%hoi%", "%dat%"],
            ),
        ),
        "dashboard: counts per status in a province": (
            lambda: status_counts(user),
            lambda: raw("SELECT status, COUNT(*) FROM cases_case WHERE unit_path LIKE %s GROUP BY status", [like]),
        ),
        "overdue: open cases past due in a province": (
            lambda: worklist(user, WorklistFilters(overdue=True), today=today).count(),
            lambda: raw(
                "SELECT COUNT(*) FROM cases_case WHERE unit_path LIKE %s AND status IN (%s, %s, %s, %s) "
                "AND due_date < %s",
                [like, *open_statuses[:4], today],
            ),
        ),
    }
    results = []
    for name, (ours, baseline) in scenarios.items():
        ours(), baseline()  # warm caches
        ours_ms, raw_ms = timed(ours, user), timed(baseline)
        results.append(
            {
                "scenario": name,
                "ours_ms": round(ours_ms, 2),
                "raw_ms": round(raw_ms, 2),
                "ratio": round(ours_ms / raw_ms, 2) if raw_ms else None,
            }
        )
    vendor = connection.vendor
    print(f"\n{vendor}, {Case.objects.count()} cases, median of {REPEAT}\n")
    print("| scenario | Danvan (ms) | raw SQL (ms) | ratio |\n|---|---:|---:|---:|")
    for row in results:
        print(f"| {row['scenario']} | {row['ours_ms']} | {row['raw_ms']} | {row['ratio']} |")
    out = Path(__file__).parent / "results" / f"{vendor}-{count}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"database": vendor, "cases": count, "results": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
