"""No lost and no doubled submissions when the production server is killed mid-flight.

Clients submit cases through the API (each with its own Idempotency-Key, retrying after any failure as a
real integration does) while the server — gunicorn, production settings — is killed with SIGKILL at random
moments and restarted. Afterwards every key has exactly one complete case (person, timeline event, audit
event), nothing half-written exists, and the audit chain is intact.

`make test` kills the server a few times; `make soak` (DANVAN_SOAK=1) at least 20 times.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from danvan.accounts.roles import Role
from danvan.api.services import api_token_create
from danvan.cases.models import Case, CaseEvent, IdempotencyKey, Person
from danvan.core.audit import audit_verify
from danvan.core.models import AuditEvent
from tests.reliability.processes import web_server
from tests.reliability.soak import record_soak_figures

SOAK = os.environ.get("DANVAN_SOAK") == "1"
KILLS = 20 if SOAK else 3
CLIENTS = 4
PER_CLIENT = 40 if SOAK else 12
DEADLINE_SECONDS = 900 if SOAK else 150


def payload(commune_code: str, key: str) -> bytes:
    return json.dumps(
        {
            "kind": "phan_anh",
            "category": "moi_truong",
            "subject": f"Phản ánh rác thải {key}",
            "body": "Rác thải tồn đọng nhiều ngày ở đầu hẻm, chưa được thu gom.",
            "unit": commune_code,
            "persons": [{"full_name": "Người Gửi Thử", "phone": "0987654321"}],
        }
    ).encode()


def submit_until_accepted(base_url: str, token: str, body: bytes, key: str, stop_at: float) -> dict:
    """POST until the server answers 200/201; connection errors and 5xx mean "try again", like a real client."""
    request_headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Idempotency-Key": key,
    }
    while time.monotonic() < stop_at:
        request = urllib.request.Request(f"{base_url()}/api/v1/cases", data=body, headers=request_headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return {"status": response.status, **json.loads(response.read())}
        except urllib.error.HTTPError as error:
            if error.code < 500 and error.code != 429:
                raise AssertionError(f"{key}: HTTP {error.code} {error.read()[:300]!r}") from error
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError):
            pass  # refused, reset, or cut mid-response (IncompleteRead) by the kill: try again
        time.sleep(0.05)
    raise AssertionError(f"{key}: no success before the deadline")


@pytest.mark.django_db(transaction=True)
def test_sigkilled_server_loses_and_doubles_no_submission(
    tmp_path, settings, field_keyring, make_unit, province, make_officer
):
    from danvan.cases.deadlines import seed_legal_data

    seed_legal_data()
    settings.MEDIA_ROOT = tmp_path / "uploads"
    commune = make_unit("31135", "Phường Ninh Kiều", parent=province, kind="phuong")
    officer = make_officer(Role.RECEPTION_OFFICER, commune)
    _token, plaintext = api_token_create(user=officer, name="Tổng đài thử nghiệm")

    server = web_server(tmp_path / "server.log").start()
    server.wait_ready()
    current = {"server": server}
    stop_at = time.monotonic() + DEADLINE_SECONDS
    accepted: dict[str, dict] = {}
    failures: list[BaseException] = []

    def client(number: int) -> None:
        try:
            for index in range(PER_CLIENT):
                key = f"khach{number}-{index}"
                reply = submit_until_accepted(
                    lambda: current["server"].base_url, plaintext, payload(commune.code, key), key, stop_at
                )
                accepted[key] = reply
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    # Kill at random points of the run (after a random number of accepted submissions, plus a random
    # few milliseconds), so some kills land mid-request and mid-transaction.
    rng = random.Random(20261122)
    total = CLIENTS * PER_CLIENT
    thresholds = sorted(rng.sample(range(1, total - CLIENTS), KILLS))
    kills = 0
    try:
        for threshold in thresholds:
            while len(accepted) < threshold and any(thread.is_alive() for thread in threads):
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.03))
            current["server"].kill()
            kills += 1
            current["server"] = web_server(tmp_path / "server.log", port=current["server"].port).start()
            current["server"].wait_ready()
        for thread in threads:
            thread.join(timeout=max(1, stop_at - time.monotonic()))
    finally:
        current["server"].stop()

    record_soak_figures(
        f"crash-{connection.vendor}",
        {
            "clients": CLIENTS,
            "sent": CLIENTS * PER_CLIENT,
            "acknowledged": len(accepted),
            "found": Case.objects.count(),
            "kills": kills,
        },
    )
    assert failures == [], [str(failure)[:500] for failure in failures]
    assert kills == KILLS
    keys = {f"khach{n}-{i}" for n in range(CLIENTS) for i in range(PER_CLIENT)}
    assert set(accepted) == keys  # every submission was eventually accepted…

    # …exactly once: one case per key, and the case each client was told about is that one.
    assert Case.objects.count() == len(keys)
    stored = dict(IdempotencyKey.objects.values_list("key", "case__public_id"))
    assert {key: str(public_id) for key, public_id in stored.items()} == {
        key: reply["public_id"] for key, reply in accepted.items()
    }
    # Complete, never half-written: each case has its person, its "submitted" event and its audit event.
    case_ids = set(Case.objects.values_list("pk", flat=True))
    assert set(Person.objects.values_list("case_id", flat=True)) == case_ids
    assert Person.objects.count() == len(keys)
    submitted = CaseEvent.objects.filter(action="submitted")
    assert sorted(submitted.values_list("case_id", flat=True)) == sorted(case_ids)
    audited = AuditEvent.objects.filter(action="cases.submitted").values_list("object_id", flat=True)
    assert sorted(int(object_id) for object_id in audited) == sorted(case_ids)
    assert audit_verify().ok
