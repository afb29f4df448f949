"""Read scenarios as whole HTTP requests to the production server (`danvan serve`, gunicorn), each beside
the hand-written SQL that answers the same question on the same database and indexes, in the same run.

The headline is median(Danvan over HTTP) ÷ median(raw SQL in-process): everything Danvan adds — HTTP,
sessions, jurisdiction scoping, the ORM, templates — on top of the unavoidable database work. Each
scenario also reports p95 and p99 at one client and throughput at four.

    make bench-data SIZE=100k   # build the dataset once (SQLite var/bench-100k.sqlite3)
    make bench SIZE=100k        # run the scenarios; `make bench-postgres SIZE=100k` on PostgreSQL

Writes bench/results/read-<database>-<dataset size>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
django.setup()

from django.db import connection  # noqa: E402

from bench.httpload import Client, closed_loop  # noqa: E402
from bench.processes import WebServer, default_workers  # noqa: E402
from bench.world import (  # noqa: E402
    PASSWORD,
    api_token_for,
    dataset_size,
    national_coordinator,
    officer,
    prepare_database,
    results_dir,
    server_env,
)

PROVINCE = ("79", 1)  # TP. Hồ Chí Minh: 168 communes, about 5 % of the cases
OPEN = ("received", "screening", "accepted", "verifying", "suspended")


def raw_median(sql: str, params: list, repeat: int = 15) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def in_province(province_path: str) -> tuple[str, list]:
    """The scope condition a hand-writer would use: a prefix LIKE on PostgreSQL (pattern index); on SQLite,
    whose LIKE cannot use a binary index, the equivalent range (what Danvan's ``under`` lookup writes)."""
    if connection.vendor == "sqlite":
        return "unit_path >= %s AND unit_path < %s", [province_path, province_path[:-1] + "0"]
    return "unit_path LIKE %s", [province_path + "%"]


def scenarios(province_path: str, province_code: str, today) -> list[dict]:
    scope, bounds = in_province(province_path)
    marks = ", ".join(["%s"] * len(OPEN))
    year_start = today.replace(month=1, day=1)
    # The raw recount a dashboard without rollups would do: per-province totals straight from the case table.
    recount = (
        "SELECT substr(unit_path, 1, instr(substr(unit_path, 2), '/') + 1) AS province, COUNT(*), "
        "SUM(CASE WHEN status IN ('answered', 'closed') THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN status IN ({marks}) AND due_date < %s THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN group_size >= 5 THEN 1 ELSE 0 END) "
        "FROM cases_case WHERE received_at >= %s GROUP BY province"
    )
    if connection.vendor == "postgresql":
        recount = recount.replace(
            "substr(unit_path, 1, instr(substr(unit_path, 2), '/') + 1)", "split_part(unit_path, '/', 2)"
        )
    return [
        {
            "name": "dashboard: national key figures and the 34-province tile map (from rollups)",
            "path": "/lam-viec/bao-cao/bang-so-lieu/",
            "user": "national",
            "raw": [(recount, [*OPEN, today, year_start])],
        },
        {
            "name": "dashboard: a province with its communes' tile map (from rollups)",
            "path": "/lam-viec/bao-cao/bang-so-lieu/?don_vi={province_pk}",
            "user": "national",
            "raw": [(recount.replace("WHERE ", f"WHERE {scope} AND "), [*OPEN, today, *bounds, year_start])],
        },
        {
            "name": "worklist: open cases of a province, by due date, page 1 of 25 with counts",
            "path": "/lam-viec/don/?status=open&sort=due",
            "user": "province",
            "raw": [
                (
                    f"SELECT * FROM cases_case WHERE {scope} AND status IN ({marks}) "
                    "ORDER BY due_date, received_at DESC LIMIT 25",
                    [*bounds, *OPEN],
                ),
                (f"SELECT status, COUNT(*) FROM cases_case WHERE {scope} GROUP BY status", bounds),
            ],
        },
        {
            "name": "search: 'thu hoi dat' without diacritics in a province",
            "path": "/lam-viec/don/?q=thu+hoi+dat",
            "user": "province",
            "raw": [
                (
                    f"SELECT * FROM cases_case WHERE {scope} AND search_text LIKE %s AND search_text LIKE %s "
                    "AND search_text LIKE %s ORDER BY due_date LIMIT 25",
                    [*bounds, "%thu%", "%hoi%", "%dat%"],
                ),
            ],
        },
        {
            "name": "API: cases of a province, page of 25",
            "path": f"/api/v1/cases?unit={province_code}&page_size=25",
            "user": "token",
            "raw": [
                # The API's order (the worklist's: due date, then newest), ids first as Danvan does.
                (
                    "SELECT * FROM cases_case WHERE id IN (SELECT id FROM cases_case WHERE "
                    f"{scope} ORDER BY due_date, received_at DESC LIMIT 25) ORDER BY due_date, received_at DESC",
                    bounds,
                ),
                (f"SELECT COUNT(*) FROM cases_case WHERE {scope}", bounds),
            ],
        },
        {
            "name": "desk: the officer's home page with open, overdue and due-soon counts",
            "path": "/lam-viec/",
            "user": "province",
            "raw": [
                (f"SELECT COUNT(*) FROM cases_case WHERE {scope} AND status IN ({marks})", [*bounds, *OPEN]),
                (
                    f"SELECT COUNT(*) FROM cases_case WHERE {scope} AND status IN ({marks}) AND due_date < %s",
                    [*bounds, *OPEN, today],
                ),
            ],
        },
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5, help="per scenario and concurrency")
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()

    prepare_database()
    from danvan.cases.models import Case
    from danvan.core.clock import local_date
    from danvan.territory.models import AdministrativeUnit

    cases = Case.objects.count()
    province = AdministrativeUnit.objects.current().get(code=PROVINCE[0], level=PROVINCE[1])
    coordinator = officer("bench.dieuphoi", "coordinator", *PROVINCE)
    national = national_coordinator()
    token = api_token_for(coordinator)
    server = WebServer(server_env(), results_dir() / "read-server.log", workers=args.workers).start()
    server.wait_ready()

    def client_for(scenario):
        def make() -> Client:
            if scenario["user"] == "token":
                return Client(server.base_url, {"Authorization": f"Bearer {token}"})
            client = Client(server.base_url)
            client.login((national if scenario["user"] == "national" else coordinator).username, PASSWORD)
            return client

        return make

    def call(client: Client, _number: int, path: str) -> str | None:
        status, body = client.request("GET", path)
        return None if status == 200 else f"HTTP {status}: {body[:120]!r}"

    rows = []
    try:
        for scenario in scenarios(province.path, province.code, local_date()):
            make, path = client_for(scenario), scenario["path"].format(province_pk=province.pk)
            warm = make()
            for _ in range(3):
                warm.request("GET", path)
            one = closed_loop(make, lambda c, n, p=path: call(c, n, p), concurrency=1, seconds=args.seconds)
            four = closed_loop(make, lambda c, n, p=path: call(c, n, p), concurrency=4, seconds=args.seconds)
            raw_ms = sum(raw_median(sql, params) for sql, params in scenario["raw"])
            single = one.summary()
            rows.append(
                {
                    "scenario": scenario["name"],
                    **single,
                    "throughput_4_clients_rps": four.summary()["throughput_rps"],
                    "errors": one.errors + four.errors,
                    "error_samples": one.error_samples + four.error_samples,
                    "raw_ms": round(raw_ms, 2),
                    "ratio": round(single["median_ms"] / raw_ms, 2) if raw_ms else None,
                }
            )
    finally:
        server.stop()

    vendor = connection.vendor
    print(f"\n{vendor}, {cases} cases, {args.workers} web workers, {args.seconds:.0f} s per measurement\n")
    print("| scenario | median ms | p95 ms | p99 ms | req/s (4 clients) | raw SQL ms | ratio | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['scenario']} | {row['median_ms']} | {row['p95_ms']} | {row['p99_ms']} "
            f"| {row['throughput_4_clients_rps']} | {row['raw_ms']} | {row['ratio']} | {row['errors']} |"
        )
    out = results_dir() / f"read-{vendor}-{dataset_size(cases)}.json"
    out.write_text(json.dumps({"database": vendor, "cases": cases, "results": rows}, ensure_ascii=False, indent=2))
    return 1 if any(row["errors"] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
