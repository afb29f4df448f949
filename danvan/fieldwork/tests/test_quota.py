"""The monthly quota (3 field trips + 1 block-meeting attendance, the preset) per cadre: who met it,
what is missing, month boundaries in Vietnam time, holidays, team visits, policy choice, indicators."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from danvan.accounts.roles import Role
from danvan.core.indicators import Scope, indicator
from danvan.core.sentiment import Tone
from danvan.fieldwork import services
from danvan.fieldwork.models import QuotaPolicy
from danvan.fieldwork.selectors import months_ending_between, quota_for, quota_rows, quota_rows_by_month
from danvan.fieldwork.services import ObservationInput
from danvan.fieldwork.tests.conftest import local
from danvan.territory.calendar import working_calendar

pytestmark = pytest.mark.django_db

NOW = local(2026, 12, 1, 8)
TODAY = date(2026, 12, 1)


def record(actor, visit_data, when, kind="field_trip", now=NOW, **extra):
    return services.visit_record(
        actor=actor, data=visit_data(client_id=uuid.uuid4(), visited_at=when, kind=kind, **extra), now=now
    ).visit


def rows_by_user(year=2026, month=10, paths=("/92/",)):
    return {row.user.pk: row for row in quota_rows(year=year, month=month, paths=list(paths), today=TODAY)}


def test_three_trips_and_one_block_meeting_meet_the_quota(policy, cadre, cadre_b, visit_data, commune_b):
    for day in (3, 10, 17):
        record(cadre, visit_data, local(2026, 10, day))
    record(cadre, visit_data, local(2026, 10, 24, 19), kind="block_meeting")
    # cadre_b: 2 trips (one a dialogue, which counts as a trip), no block meeting, one "other" (counts for nothing)
    record(cadre_b, visit_data, local(2026, 10, 6), unit=commune_b)
    record(cadre_b, visit_data, local(2026, 10, 7), kind="dialogue", unit=commune_b)
    record(cadre_b, visit_data, local(2026, 10, 8), kind="other", unit=commune_b)

    rows = rows_by_user()

    met, missed = rows[cadre.pk], rows[cadre_b.pk]
    assert (met.field_trips, met.block_meetings, met.met, met.missing) == (3, 1, True, [])
    assert (missed.field_trips, missed.block_meetings, missed.met) == (2, 0, False)
    assert missed.missing == ["thiếu 1 chuyến đi cơ sở", "thiếu 1 buổi dự sinh hoạt chi hội, khu dân cư"]
    assert met.organization.name == "Ủy ban Mặt trận Tổ quốc Việt Nam Phường Ninh Kiều"


def test_block_meetings_do_not_replace_field_trips(policy, cadre, visit_data):
    for day in (3, 10, 17, 24):
        record(cadre, visit_data, local(2026, 10, day), kind="block_meeting")
    row = rows_by_user()[cadre.pk]
    assert (row.field_trips, row.block_meetings, row.missing) == (0, 4, ["thiếu 3 chuyến đi cơ sở"])


def test_last_day_of_month_at_23_30_local_time_counts_in_that_month(policy, cadre, visit_data):
    for day in (3, 10):
        record(cadre, visit_data, local(2026, 10, day))
    record(cadre, visit_data, local(2026, 10, 31, 17), kind="block_meeting")
    late = record(cadre, visit_data, local(2026, 10, 31, 23, 30))  # 16:30 UTC on 31/10
    early_next = record(cadre, visit_data, local(2026, 11, 1, 0, 15))  # 17:15 UTC on 31/10!

    assert late.visited_on == date(2026, 10, 31)
    assert early_next.visited_on == date(2026, 11, 1)
    assert rows_by_user()[cadre.pk].field_trips == 3
    assert rows_by_user()[cadre.pk].met
    assert rows_by_user(month=11)[cadre.pk].field_trips == 1


def test_first_day_of_month_just_after_midnight_is_not_in_the_previous_month(policy, cadre, visit_data):
    record(cadre, visit_data, local(2026, 10, 1, 0, 5))  # 30/09 17:05 UTC
    assert rows_by_user(month=9)[cadre.pk].field_trips == 0
    assert rows_by_user(month=10)[cadre.pk].field_trips == 1


def test_visits_on_public_holidays_and_weekends_count(policy, cadre, visit_data):
    calendar = working_calendar([2026])
    national_day, sunday = date(2026, 9, 2), date(2026, 9, 6)
    assert not calendar.is_working_day(national_day) and not calendar.is_working_day(sunday)

    record(cadre, visit_data, local(2026, 9, 2, 8), kind="disaster_support")
    record(cadre, visit_data, local(2026, 9, 6, 8))
    record(cadre, visit_data, local(2026, 9, 1, 8))
    record(cadre, visit_data, local(2026, 9, 6, 19), kind="block_meeting")

    row = rows_by_user(month=9)[cadre.pk]
    assert (row.field_trips, row.block_meetings, row.met) == (3, 1, True)


def test_holiday_months_keep_the_full_quota(policy, cadre, visit_data):
    """Tết 2027 falls in February: the quota is not reduced for the days off (the rule has no relief)."""
    later = local(2027, 3, 1)
    for day in (1, 3):
        record(cadre, visit_data, local(2027, 2, day), now=later)
    record(cadre, visit_data, local(2027, 2, 4, 19), kind="block_meeting", now=later)
    row = quota_rows(year=2027, month=2, paths=["/92/"], today=date(2027, 3, 1))[0]
    assert row.missing == ["thiếu 1 chuyến đi cơ sở"]


def test_team_visit_counts_for_each_member(policy, reviewer, cadre, make_officer, commune_a, visit_data):
    member = make_officer(Role.VILLAGE_HEAD, commune_a)
    team = services.team_save(
        actor=reviewer,
        name="Tổ dân vận khu vực 1",
        kind="village",
        unit=commune_a,
        leader=cadre,
        members=[member],
        area=[],
    )
    for day in (3, 10, 17):
        record(cadre, visit_data, local(2026, 10, day), team=team)
    record(member, visit_data, local(2026, 10, 20, 19), kind="block_meeting", team=team)

    rows = rows_by_user()
    for user in (cadre, member):
        assert (rows[user.pk].field_trips, rows[user.pk].block_meetings, rows[user.pk].met) == (3, 1, True)


def test_policy_can_turn_off_team_credit(policy, reviewer, cadre, make_officer, commune_a, visit_data):
    policy.count_team_visits = False
    policy.save()
    member = make_officer(Role.VILLAGE_HEAD, commune_a)
    team = services.team_save(
        actor=reviewer,
        name="Tổ dân vận khu vực 1",
        kind="village",
        unit=commune_a,
        leader=cadre,
        members=[member],
        area=[],
    )
    record(cadre, visit_data, local(2026, 10, 3), team=team)
    rows = rows_by_user()
    assert rows[cadre.pk].field_trips == 1
    assert rows[member.pk].field_trips == 0


def test_most_specific_policy_wins(policy, cadre, cadre_b, commune_a, visit_data):
    QuotaPolicy.objects.create(
        name="Phường Ninh Kiều: 4 chuyến",
        role=Role.FIELD_CADRE,
        unit=commune_a,
        min_field_trips=4,
        min_block_meetings=2,
        valid_from=date(2026, 1, 1),
    )
    rows = rows_by_user()
    assert (rows[cadre.pk].policy.min_field_trips, rows[cadre.pk].policy.min_block_meetings) == (4, 2)
    assert rows[cadre_b.pk].policy == policy


def test_no_policy_in_force_means_no_quota(cadre, visit_data):
    QuotaPolicy.objects.all().delete()
    assert rows_by_user() == {}


def test_cadre_assigned_after_the_month_has_no_row(policy, make_officer, commune_a):
    newcomer = make_officer(Role.FIELD_CADRE, commune_a, valid_from=date(2026, 11, 5))
    assert newcomer.pk not in rows_by_user()
    assert newcomer.pk in rows_by_user(month=11)


def test_reviewer_sees_everyone_in_jurisdiction_cadre_only_self(
    policy, reviewer, cadre, cadre_b, make_officer, other_commune
):
    far = make_officer(Role.FIELD_CADRE, other_commune)
    seen = {row.user.pk for row in quota_for(reviewer, year=2026, month=10, today=TODAY)}
    assert cadre.pk in seen and cadre_b.pk in seen and far.pk not in seen
    assert {row.user.pk for row in quota_for(cadre, year=2026, month=10, today=TODAY)} == {cadre.pk}


def test_months_ending_between():
    assert months_ending_between(date(2026, 10, 1), date(2026, 12, 31)) == [(2026, 10), (2026, 11), (2026, 12)]
    assert months_ending_between(date(2026, 10, 15), date(2026, 11, 29)) == [(2026, 10)]
    assert months_ending_between(date(2026, 12, 1), date(2027, 1, 31)) == [(2026, 12), (2027, 1)]


def test_indicators(policy, cadre, cadre_b, visit_data, commune_b):
    for day in (3, 10, 17):
        record(cadre, visit_data, local(2026, 10, day))
    record(
        cadre,
        visit_data,
        local(2026, 10, 24, 19),
        kind="block_meeting",
        observations=[
            ObservationInput(topic="Trường học", tone=Tone.CONCERNED),
            ObservationInput("Đường", Tone.POSITIVE),
        ],
    )
    record(cadre_b, visit_data, local(2026, 10, 6), unit=commune_b)
    scope = Scope(unit_paths=("/92/",), start=date(2026, 10, 1), end=date(2026, 10, 31))
    ward_scope = Scope(unit_paths=("/92/31135/",), start=date(2026, 10, 1), end=date(2026, 10, 31))

    assert indicator("fieldwork.visits").value(scope).numerator == 5
    assert indicator("fieldwork.visits").value(ward_scope).numerator == 4
    # each default visit carries one angry observation (3 + cadre_b's 1), plus 1 concerned; positive not counted
    assert indicator("fieldwork.observations_concerning").value(scope).numerator == 5
    rate = indicator("fieldwork.quota_met").value(scope)
    assert (rate.numerator, rate.denominator) == (1, 2)
    assert indicator("fieldwork.quota_met").value(ward_scope).denominator == 1


def test_several_months_at_once_give_the_rows_of_each_month(
    policy, reviewer, cadre, make_officer, commune_a, visit_data
):
    # October only: a stricter policy for the ward that gives no credit for team visits.
    QuotaPolicy.objects.create(
        name="Phường Ninh Kiều, tháng 10: 4 chuyến, không tính theo tổ",
        unit=commune_a,
        min_field_trips=4,
        count_team_visits=False,
        valid_from=date(2026, 10, 1),
        valid_to=date(2026, 11, 1),
    )
    member = make_officer(Role.VILLAGE_HEAD, commune_a)
    team = services.team_save(
        actor=reviewer,
        name="Tổ dân vận khu vực 1",
        kind="village",
        unit=commune_a,
        leader=cadre,
        members=[member],
        area=[],
    )
    for month in (9, 10, 11):
        for day in (3, 10, 17):
            record(cadre, visit_data, local(2026, month, day), team=team)
        record(member, visit_data, local(2026, month, 20, 19), kind="block_meeting")
    member.role_assignments.update(valid_to=date(2026, 11, 1))  # left the post at the end of October
    months = [(2026, 9), (2026, 10), (2026, 11)]

    by_month = quota_rows_by_month(months, paths=["/92/"], today=TODAY)

    def summary(rows):
        return {(row.user.pk, row.policy.min_field_trips, row.field_trips, row.block_meetings) for row in rows}

    assert {month: summary(rows) for month, rows in by_month.items()} == {
        (2026, 9): {(cadre.pk, 3, 3, 0), (member.pk, 3, 3, 1), (reviewer.pk, 3, 0, 0)},
        (2026, 10): {(cadre.pk, 4, 3, 0), (member.pk, 4, 0, 1), (reviewer.pk, 3, 0, 0)},
        (2026, 11): {(cadre.pk, 3, 3, 0), (reviewer.pk, 3, 0, 0)},
    }
    for year, month in months:
        one = quota_rows(year=year, month=month, paths=["/92/"], today=TODAY)
        assert [(r.user.pk, r.missing) for r in one] == [(r.user.pk, r.missing) for r in by_month[(year, month)]]
