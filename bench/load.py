"""Intake under load, through whole HTTP requests to the production server (`danvan serve`, gunicorn).

1. Maximum intake: API case creation (each with its own Idempotency-Key) by closed-loop clients at rising
   concurrency; the best throughput is the measured maximum.
2. Sustained load: an open-loop run at a fraction (default 80 %) of that maximum for a fixed time, with
   zero errors required; then every accepted submission is counted in the database (zero lost required).
3. Raw-SQL baseline in the same run: the same rows (case, person, timeline event, audit event) written
   by hand-written INSERT statements in one transaction, single-threaded.

    make bench-intake                # short run (30 s sustained), SQLite
    make soak                        # part of the soak: 10 minutes sustained
    python bench/load.py --help

Prints a Markdown table; writes bench/results/intake-<database>-<dataset size>.json. Exit code 1 on any error or loss.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402

from bench.httpload import Client, closed_loop, open_loop  # noqa: E402
from bench.processes import WebServer, default_workers  # noqa: E402
from bench.world import api_token_for, dataset_size, officer, prepare_database, results_dir, server_env  # noqa: E402

COMMUNE = ("31135", 3)  # Phường Ninh Kiều, Cần Thơ (level: commune)  # Phường Ninh Kiều, Cần Thơ


def payload(run_id: str, number: int) -> bytes:
    return json.dumps(
        {
            "kind": "phan_anh",
            "category": "moi_truong",
            "subject": f"Phản ánh rác thải tồn đọng {run_id}-{number}",
            "body": "Rác thải sinh hoạt tồn đọng nhiều ngày ở đầu hẻm 12, bốc mùi, đề nghị thu gom.",
            "unit": COMMUNE[0],
            "persons": [{"full_name": "Người Gửi Đo Tải", "phone": "0987654321"}],
        }
    ).encode()


def intake_call(run_id: str):
    numbers = itertools.count()  # one sequence across all phases: every request is a new submission

    def call(client: Client, _number: int) -> str | None:
        number = next(numbers)
        headers = {"Content-Type": "application/json", "Idempotency-Key": f"{run_id}-{number}"}
        status, body = client.request("POST", "/api/v1/cases", payload(run_id, number), headers)
        return None if status == 201 else f"HTTP {status}: {body[:200]!r}"

    return call


def raw_insert(instance) -> None:
    """One hand-written INSERT of a model row (values prepared beforehand, outside the timing)."""
    fields = [f for f in instance._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {instance._meta.db_table} ({columns}) VALUES ({marks})", values)


def raw_baseline(run_id: str, repeat: int = 200) -> float:
    """Median ms to write a case with its person, event and audit event by raw INSERTs in one transaction."""
    from danvan.cases.models import Case, CaseEvent, Person
    from danvan.core.models import AuditEvent

    template = Case.objects.filter(subject__contains=run_id).order_by("pk").first()
    person = template.persons.first()
    event = template.events.first()
    audit = AuditEvent.objects.filter(object_id=str(template.pk)).first()
    samples = []
    for number in range(repeat):
        template.tracking_code = f"R{number:09d}"[-10:]
        template.public_id = uuid.uuid4()
        rows = [template, person, event, audit]
        audit.seq = 10**12 + number
        audit.hash = uuid.uuid4().hex + uuid.uuid4().hex
        start = time.perf_counter()
        with transaction.atomic():
            for row in rows:
                raw_insert(row)
            transaction.set_rollback(True)  # leave the database as it was
        samples.append((time.perf_counter() - start) * 1000)
    del Case, CaseEvent, Person
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="1,2,4,8,16", help="closed-loop concurrencies")
    parser.add_argument("--step-seconds", type=float, default=10)
    parser.add_argument("--sustain-seconds", type=float, default=30)
    parser.add_argument("--fraction", type=float, default=0.8)
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()

    prepare_database()
    from danvan.cases.models import Case

    dataset = dataset_size(Case.objects.count())
    token = api_token_for(officer("bench.tiepnhan", "reception_officer", *COMMUNE))
    run_id = uuid.uuid4().hex[:8]
    server = WebServer(server_env(), results_dir() / "intake-server.log", workers=args.workers).start()
    server.wait_ready()
    make_client = lambda: Client(server.base_url, {"Authorization": f"Bearer {token}"})  # noqa: E731
    call = intake_call(run_id)
    rows, best = [], 0.0
    try:
        for level in [int(value) for value in args.levels.split(",")]:
            run = closed_loop(make_client, call, concurrency=level, seconds=args.step_seconds)
            summary = {**run.summary(), "error_samples": run.error_samples}
            rows.append({"phase": f"closed loop, {level} clients", **summary})
            if summary["errors"]:
                print(f"errors at {level} clients: {summary}", file=sys.stderr)
            best = max(best, summary["throughput_rps"])
        rate = round(best * args.fraction, 1)
        sustained = open_loop(make_client, call, rate=rate, seconds=args.sustain_seconds)
        rows.append(
            {
                "phase": f"open loop at {args.fraction:.0%} of max ({rate}/s, {args.sustain_seconds:.0f} s)",
                **sustained.summary(),
            }
        )
    finally:
        server.stop()

    accepted = sum(row["requests"] - row["errors"] for row in rows)
    stored = Case.objects.filter(subject__contains=f" {run_id}-").count()
    raw_ms = raw_baseline(run_id)
    vendor = connection.vendor
    print(f"\nintake on {vendor}, {args.workers} web workers; raw SQL insert of the same rows: {raw_ms:.2f} ms\n")
    print("| phase | requests | errors | median ms | p95 ms | p99 ms | req/s | median ÷ raw |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        ratio = round(row["median_ms"] / raw_ms, 1) if raw_ms else None
        print(
            f"| {row['phase']} | {row['requests']} | {row['errors']} | {row['median_ms']} | {row['p95_ms']} "
            f"| {row['p99_ms']} | {row['throughput_rps']} | {ratio} |"
        )
    lost = accepted - stored
    print(f"\naccepted {accepted}, stored {stored}, lost {lost}; errors in sustained phase: {rows[-1]['errors']}")
    (results_dir() / f"intake-{vendor}-{dataset}.json").write_text(
        json.dumps(
            {
                "database": vendor,
                "cases": dataset,
                "sustain_seconds": args.sustain_seconds,
                "raw_insert_ms": raw_ms,
                "phases": rows,
                "accepted": accepted,
                "stored": stored,
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    return 0 if lost == 0 and rows[-1]["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
