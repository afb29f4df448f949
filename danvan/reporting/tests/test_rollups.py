import contextlib
import random
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.accounts.roles import Perm, Role
from danvan.cases import indicators as case_indicators
from danvan.cases.models import Case, Category
from danvan.cases.services import case_apply_action, case_rate, case_submit, cases_sweep_overdue
from danvan.cases.workflow import Status, allowed_actions
from danvan.core.errors import DomainError
from danvan.core.indicators import Scope, indicator
from danvan.reporting.models import CaseRollup, HalfMonthRollup
from danvan.reporting.rollups import GROUPED_SOURCES, rollup_verify, values_for_units
from danvan.reporting.tests.conftest import at

KINDS = ["phan_anh", "kien_nghi", "khieu_nai", "to_cao"]
LEADER_PERMS = {Perm.CASE_HANDLE, Perm.CASE_DECIDE}


def _random_history(rng, submission, actor, communes, steps=60):
    categories = list(Category.objects.all()[:4])
    day = at(2026, 1, 5)
    for _ in range(steps):
        day += timedelta(hours=rng.randint(3, 60))
        cases = list(Case.objects.all())
        choice = rng.random()
        if choice < 0.3 or not cases:
            data = submission(
                kind=rng.choice(KINDS),
                category=rng.choice(categories),
                submitted_unit=rng.choice(communes),
                group_size=rng.choice([1, 1, 6]),
            )
            case_submit(data=data, now=day)
            continue
        if choice < 0.37:
            cases_sweep_overdue(today=day.date(), now=day)
            continue
        case = rng.choice(cases)
        if case.status in (Status.ANSWERED, Status.CLOSED) and case.satisfaction is None and rng.random() < 0.4:
            case_rate(case_id=case.pk, score=rng.randint(1, 5), now=day)
            continue
        actions = allowed_actions(Status(case.status), case.kind, LEADER_PERMS)
        if not actions:
            continue
        action = rng.choice(actions)
        params = {"public_answer": "Đã giải quyết xong."} if action == "answer" else {}
        if action == "extend":
            params = {"complexity": "complex"}
        with contextlib.suppress(DomainError):  # e.g. no extension left: refused and nothing changed
            case_apply_action(
                case_id=case.pk, action=action, actor=actor, note="Căn cứ kết quả xác minh.", now=day, **params
            )


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [7, 2026])
def test_rollups_equal_a_recount_after_random_case_actions(
    seed, submission, make_officer, province, commune_a, commune_b
):
    leader = make_officer(Role.LEADER, province)
    _random_history(random.Random(seed), submission, leader, [commune_a, commune_b])
    assert Case.objects.count() > 10
    assert rollup_verify() == []
    call_command("rollup-verify")  # exit code 0: no CommandError

    # and every cases indicator answers the same from the rollups as from the case table, for ranges made of
    # whole half-months (the coarse table: a year, a month, a 15th-to-14th period) and for others (the fine one)
    for code, direct in case_indicators.DIRECT.items():
        for paths in (("/",), (province.path,), (commune_a.path,)):
            for start, end in RANGES:
                scope = Scope(unit_paths=paths, start=start, end=end)
                assert indicator(code).value(scope) == direct(scope), (code, paths, start, end)

    # and the tile maps' grouped query gives each unit what asking unit by unit gives
    for start, end in RANGES:
        scopes = {unit.pk: Scope(unit_paths=(unit.path,), start=start, end=end) for unit in (commune_a, commune_b)}
        for code in GROUPED_SOURCES:
            grouped = values_for_units(code, scopes, within=(province.path,))
            assert grouped == {pk: direct_value(code, scope) for pk, scope in scopes.items()}, (code, start, end)
        provinces = {province.pk: Scope(unit_paths=(province.path,), start=start, end=end)}
        for code in GROUPED_SOURCES:
            grouped = values_for_units(code, provinces, within=("/",))
            assert grouped == {province.pk: direct_value(code, provinces[province.pk])}, (code, start, end)


RANGES = [
    (date(2026, 1, 1), date(2026, 12, 31)),  # whole half-months: the coarse table
    (date(2026, 2, 1), date(2026, 2, 28)),
    (date(2026, 1, 15), date(2026, 3, 14)),
    (date(2026, 1, 10), date(2026, 2, 20)),  # cuts half-months: the fine table
]


def direct_value(code, scope):
    value = case_indicators.DIRECT[code](scope)
    # a unit with no rows at all is Value(0, None) in the grouped answer; equal as a figure either way
    return value if value.numerator or value.denominator else type(value)(0, None)


@pytest.mark.django_db
def test_verify_reports_every_difference_and_rebuild_repairs(submission, leader):
    case = case_submit(data=submission(), now=at(2026, 3, 2)).case
    case_apply_action(case_id=case.pk, action="start_screening", actor=leader, now=at(2026, 3, 3))
    row = CaseRollup.objects.get(count=1)
    assert row.status == Status.SCREENING and row.received_on == date(2026, 3, 2)
    assert CaseRollup.objects.get(status=Status.RECEIVED).count == 0  # the count moved, not added

    CaseRollup.objects.filter(pk=row.pk).update(count=5)
    differences = rollup_verify()
    assert [(d.expected, d.stored) for d in differences] == [(1, 5)]
    with pytest.raises(CommandError):
        call_command("rollup-verify")
    call_command("rollup-rebuild")
    assert rollup_verify() == []
    assert CaseRollup.objects.get(status=Status.SCREENING).count == 1


@pytest.mark.django_db
def test_whole_half_months_are_summed_from_the_coarse_rows(submission):
    case_submit(data=submission(), now=at(2026, 3, 16))

    def tables(start, end):
        with CaptureQueriesContext(connection) as queries:
            value = indicator("cases.received").value(Scope(unit_paths=("/",), start=start, end=end))
        sql = " ".join(query["sql"] for query in queries.captured_queries)
        return value.numerator, "halfmonthrollup" in sql, "caserollup" in sql

    assert tables(date(2026, 3, 1), date(2026, 3, 31)) == (1, True, False)  # a month
    assert tables(date(2026, 3, 15), date(2026, 4, 14)) == (1, True, False)  # 15th to 14th
    assert tables(date(2026, 3, 16), date(2026, 3, 31)) == (1, False, True)  # cuts a half-month: exact days
    assert tables(date(2026, 3, 17), date(2026, 3, 31)) == (0, False, True)


@pytest.mark.django_db
def test_verify_sees_a_wrong_coarse_row_and_rebuild_repairs_it(submission):
    case_submit(data=submission(), now=at(2026, 3, 16))
    row = HalfMonthRollup.objects.get(level=1, measure="received")
    assert row.half_month == date(2026, 3, 15) and row.count == 1

    HalfMonthRollup.objects.filter(pk=row.pk).update(count=0)
    differences = rollup_verify()
    assert [(d.expected, d.stored, d.fields[0]) for d in differences] == [(1, 0, "level")]
    assert "half_month=2026-03-15" in str(differences[0])
    call_command("rollup-rebuild")
    assert rollup_verify() == []


@pytest.mark.django_db
def test_answered_on_time_counts_cases_the_sweep_marked_late(submission, leader):
    on_time = case_submit(data=submission(kind="phan_anh"), now=at(2026, 3, 2)).case
    late = case_submit(data=submission(kind="phan_anh"), now=at(2026, 3, 2)).case
    for case in (on_time, late):
        case_apply_action(case_id=case.pk, action="accept", actor=leader, now=at(2026, 3, 3))
    case_apply_action(
        case_id=on_time.pk,
        action="answer",
        actor=leader,
        note="Đã trả lời.",
        public_answer="Đã xử lý.",
        now=at(2026, 3, 9),
    )
    late.refresh_from_db()
    cases_sweep_overdue(today=late.due_date + timedelta(days=1), now=at(2026, 6, 1))
    case_apply_action(
        case_id=late.pk,
        action="answer",
        actor=leader,
        note="Đã trả lời.",
        public_answer="Đã xử lý.",
        now=at(2026, 6, 2),
    )
    case_rate(case_id=on_time.pk, score=5, now=at(2026, 6, 3))
    case_rate(case_id=late.pk, score=2, now=at(2026, 6, 3))
    scope = Scope(unit_paths=("/",), start=date(2025, 12, 15), end=date(2026, 6, 14))
    rate = indicator("cases.answered_on_time").value(scope)
    assert (rate.numerator, rate.denominator) == (1, 2)
    assert indicator("cases.answered_on_time").value(scope).result("rate") == 50.0
    assert indicator("cases.satisfaction").value(scope).result("mean") == 3.5
    assert indicator("cases.received").value(scope).numerator == 2
    # outside the period: nothing
    before = Scope(unit_paths=("/",), start=date(2025, 1, 1), end=date(2026, 3, 1))
    assert indicator("cases.received").value(before).numerator == 0
