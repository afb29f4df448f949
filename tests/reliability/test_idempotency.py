"""Retried creates never make a second case, including when the retry races the first request."""

import threading

import pytest
from django.db import connection

from danvan.cases.models import Case, Category
from danvan.cases.services import PersonInput, Submission, case_submit_idempotent


@pytest.mark.django_db(transaction=True)  # real commits, seen across threads
def test_racing_retries_with_one_key_make_one_case(make_unit, province):
    from danvan.cases.deadlines import seed_legal_data

    seed_legal_data()
    commune = make_unit("31135", "Phường Ninh Kiều", parent=province, kind="phuong")
    data = Submission(
        kind="phan_anh",
        channel="api",
        category=Category.objects.get(code="moi_truong"),
        subject="Rác thải",
        body="Chưa thu gom",
        submitted_unit=commune,
        persons=[PersonInput(full_name="Công dân")],
    )
    barrier = threading.Barrier(4)
    outcomes, errors = [], []

    def retry():
        try:
            barrier.wait(timeout=10)
            outcomes.append(case_submit_idempotent(client="app", key="retry-1", data=data))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=retry) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Case.objects.count() == 1
    assert {case.pk for case, _pin in outcomes} == {Case.objects.get().pk}
    assert sum(pin is not None for _case, pin in outcomes) == 1  # the PIN is handed out once
