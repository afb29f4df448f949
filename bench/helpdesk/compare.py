"""Danvan ÷ django-helpdesk: the same intake and queue-listing workload, the same number of records, the
same HTTP harness, server (gunicorn, same worker count) and database engine (SQLite), in one run.

django-helpdesk 2.6.1 is installed from PyPI into its own virtual environment (bench/helpdesk/.venv), with
its REST API switched on. Workloads, each closed-loop with 4 clients for a fixed time:
- intake: create a record through the JSON API (Danvan: POST /api/v1/cases with an Idempotency-Key, which
  also encrypts the submitter, computes the legal deadline and writes the audit chain; helpdesk: POST
  /helpdesk/api/tickets/);
- queue listing: the first page of 25 open records for a staff member (Danvan: a national coordinator,
  GET /api/v1/cases?status=received; helpdesk: a superuser, GET /helpdesk/api/tickets/?status=1).

    make bench-helpdesk SIZE=100k   # after `make bench-data SIZE=100k`
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")

from bench.generate import parse_size
from bench.httpload import Client, closed_loop
from bench.processes import ROOT, Process, WebServer, default_workers, free_port

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
HELPDESK = "django-helpdesk==2.6.1"


def ensure_venv() -> None:
    if not (VENV / "bin" / "gunicorn").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = [str(VENV / "bin" / "pip"), "install", "--quiet"]
        subprocess.run([*pip, HELPDESK, "dj-database-url>=3", "gunicorn>=23"], check=True)


def measure(make_client, workloads: dict, seconds: float) -> dict:
    results = {}
    for name, call in workloads.items():
        warm = make_client()
        call(warm, 0)
        run = closed_loop(make_client, call, concurrency=4, seconds=seconds)
        results[name] = {**run.summary(), "error_samples": run.error_samples}
    return results


def helpdesk_side(size: int, seconds: float, workers: int) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{ROOT / 'var' / f'helpdesk-{size}.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "hdsite.settings",
        "PYTHONPATH": str(HERE),
    }
    env.pop("VIRTUAL_ENV", None)
    seeded = subprocess.run(
        [str(VENV / "bin" / "python"), str(HERE / "seed.py"), str(size)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    token = seeded.stdout.strip().rpartition("TOKEN=")[2]
    port = free_port()
    argv = [
        str(VENV / "bin" / "gunicorn"),
        "hdsite.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        "2",
        "--no-control-socket",
    ]
    server = Process(argv, env, ROOT / "bench" / "results" / "helpdesk-server.log").start()
    auth = f"Token {token}"
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/helpdesk/api/tickets/?page_size=1", auth)
        queue_id = json.loads(
            Client(base, {"Authorization": auth}).request("GET", "/helpdesk/api/tickets/?page_size=1")[1]
        )["results"][0]["queue"]

        def intake(client, number):
            body = json.dumps(
                {
                    "queue": queue_id,
                    "title": f"Phản ánh rác thải {uuid.uuid4().hex[:8]}",
                    "description": "Rác thải tồn đọng nhiều ngày, đề nghị thu gom.",
                    "submitter_email": "cong.dan@example.vn",
                    "priority": 3,
                }
            ).encode()
            status, data = client.request("POST", "/helpdesk/api/tickets/", body, {"Content-Type": "application/json"})
            return None if status == 201 else f"HTTP {status}: {data[:150]!r}"

        def listing(client, number):
            status, data = client.request("GET", "/helpdesk/api/tickets/?status=1")
            return None if status == 200 else f"HTTP {status}: {data[:150]!r}"

        return measure(lambda: Client(base, {"Authorization": auth}), {"intake": intake, "listing": listing}, seconds)
    finally:
        server.stop()


def _wait(url: str, auth: str, timeout: float = 120) -> None:
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": auth}), timeout=60):
                return
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{url}: HTTP {error.code}") from error
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


def danvan_side(seconds: float, workers: int) -> dict:
    django.setup()
    from bench.world import api_token_for, national_coordinator, officer, prepare_database, results_dir, server_env

    prepare_database()
    coordinator = national_coordinator()
    receiver = officer("bench.tiepnhan", "reception_officer", "31135", 3)
    list_token, intake_token = api_token_for(coordinator), api_token_for(receiver)
    server = WebServer(server_env(), results_dir() / "compare-server.log", workers=workers).start()
    try:
        server.wait_ready()

        def intake(client, number):
            body = json.dumps(
                {
                    "kind": "phan_anh",
                    "category": "moi_truong",
                    "subject": f"Phản ánh rác thải {uuid.uuid4().hex[:8]}",
                    "body": "Rác thải tồn đọng nhiều ngày, đề nghị thu gom.",
                    "unit": "31135",
                    "persons": [{"full_name": "Người Gửi", "phone": "0987654321"}],
                }
            ).encode()
            headers = {
                "Content-Type": "application/json",
                "Idempotency-Key": uuid.uuid4().hex,
                "Authorization": f"Bearer {intake_token}",
            }
            status, data = client.request("POST", "/api/v1/cases", body, headers)
            return None if status == 201 else f"HTTP {status}: {data[:150]!r}"

        def listing(client, number):
            headers = {"Authorization": f"Bearer {list_token}"}
            status, data = client.request("GET", "/api/v1/cases?status=received&page_size=25", headers=headers)
            return None if status == 200 else f"HTTP {status}: {data[:150]!r}"

        return measure(lambda: Client(server.base_url), {"intake": intake, "listing": listing}, seconds)
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    size = parse_size(args.size)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / f'bench-{args.size}.sqlite3'}")
    ensure_venv()
    ours = danvan_side(args.seconds, args.workers)
    theirs = helpdesk_side(size, args.seconds, args.workers)
    print(f"\n{size} records each, SQLite, gunicorn {args.workers} workers, 4 clients, {args.seconds:.0f} s\n")
    print(
        "| workload | Danvan median ms | helpdesk median ms | Danvan req/s | helpdesk req/s | "
        "Danvan ÷ helpdesk (median) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name in ours:
        a, b = ours[name], theirs[name]
        print(
            f"| {name} | {a['median_ms']} | {b['median_ms']} | {a['throughput_rps']} | {b['throughput_rps']} "
            f"| {round(a['median_ms'] / b['median_ms'], 2) if b['median_ms'] else None} |"
        )
    out = ROOT / "bench" / "results" / f"helpdesk-{size}.json"
    out.write_text(json.dumps({"records": size, "danvan": ours, "helpdesk": theirs}, ensure_ascii=False, indent=2))
    return 1 if any(r["errors"] for r in [*ours.values(), *theirs.values()]) else 0


if __name__ == "__main__":
    sys.exit(main())
