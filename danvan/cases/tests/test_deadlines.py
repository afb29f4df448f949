"""The deadline engine against hand-computed dates (2026 calendar: DOMAIN.md §7; limits: DOMAIN.md §1).

2026 days off used below: Tết Mon 16/2–Fri 20/2 (so Sat 14/2–Sun 22/2 all off), Hùng Kings Sun 26/4 with
Mon 27/4 in lieu, Thu 30/4, Fri 1/5, Mon 31/8 (swapped for the working Saturday 22/8), Tue 1/9, Wed 2/9.
The start day is never counted.
"""

from datetime import date

import pytest

from danvan.cases.categories import CATEGORIES
from danvan.cases.deadlines import (
    NoDeadlineRule,
    NoRuleSet,
    compute_due_date,
    due_date_for,
    extensions_allowed,
    initial_step,
    period_days,
    resolution_step,
    rule_for,
    rule_set_on,
    seed_legal_data,
    working_days_left,
)
from danvan.cases.legal_rules import RULE_SETS
from danvan.cases.models import Category, DeadlineRule, RuleSet
from danvan.cases.workflow import Kind
from danvan.territory.calendar import WorkingCalendar
from danvan.territory.models import CalendarOverride

cal = WorkingCalendar()
Step = DeadlineRule.Step
OLD, NEW = "truoc-2026-07", "tu-2026-07"


def rule(step: str, rule_set: str = NEW) -> DeadlineRule:
    """An unsaved rule built from the seed data."""
    data = next(s for s in RULE_SETS if s["code"] == rule_set)
    return DeadlineRule(**next(r for r in data["rules"] if r["step"] == step))


def seed_set_on(day: date) -> str:
    """The seed rule set in force on ``day`` (the pure counterpart of ``rule_set_on``)."""
    return max((s for s in RULE_SETS if s["effective_from"] <= day), key=lambda s: s["effective_from"])["code"]


def due(step: str, start: date, *, rule_set: str = NEW, **kwargs) -> date:
    return compute_due_date(rule(step, rule_set), start=start, calendar=cal, **kwargs)


# --- the seed data ---------------------------------------------------------------------------------------


def test_each_rule_set_has_one_valid_rule_per_step():
    assert [s["code"] for s in RULE_SETS] == [OLD, NEW]
    for data in RULE_SETS:
        assert sorted(r["step"] for r in data["rules"]) == sorted(Step.values)
        for row in data["rules"]:
            DeadlineRule(**row).full_clean(exclude=["rule_set"], validate_unique=False, validate_constraints=False)
            assert row["confidence"] in DeadlineRule.Confidence.values


def test_resolution_limits_are_calendar_days_and_say_why():
    for code in (OLD, NEW):
        for step in (Step.COMPLAINT_RESOLVE_FIRST, Step.COMPLAINT_RESOLVE_SECOND, Step.DENUNCIATION_RESOLVE):
            resolution = rule(step, code)
            assert resolution.day_type == DeadlineRule.DayType.CALENDAR
            assert "“ngày”" in resolution.legal_basis


# --- which step --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "first", "resolution"),
    [
        (Kind.COMPLAINT, Step.COMPLAINT_ACCEPT, Step.COMPLAINT_RESOLVE_FIRST),
        (Kind.COMPLAINT_SECOND, Step.COMPLAINT_ACCEPT, Step.COMPLAINT_RESOLVE_SECOND),
        (Kind.DENUNCIATION, Step.DENUNCIATION_SCREEN, Step.DENUNCIATION_RESOLVE),
        (Kind.FEEDBACK, Step.PETITION_REPLY, Step.PETITION_REPLY),
        (Kind.PETITION, Step.PETITION_REPLY, Step.PETITION_REPLY),
        (Kind.MIXED, Step.PETITION_REPLY, None),
    ],
)
def test_steps_by_kind(kind, first, resolution):
    assert initial_step(kind) == first
    assert resolution_step(kind.value) == resolution


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError, match="unknown case kind"):
        initial_step("thu_tay")


# --- the 1/7/2026 rule change ------------------------------------------------------------------------------


def test_complaint_acceptance_is_10_working_days_before_1_july_2026_and_7_from_it():
    # Received Tue 30/6/2026, old set, 10 working days: 1, 2, 3, 6, 7, 8, 9, 10, 13, 14/7 → Tue 14/7.
    assert seed_set_on(date(2026, 6, 30)) == OLD
    assert due(Step.COMPLAINT_ACCEPT, date(2026, 6, 30), rule_set=OLD) == date(2026, 7, 14)
    # Received Wed 1/7/2026, new set, 7 working days: 2, 3, 6, 7, 8, 9, 10/7 → Fri 10/7.
    assert seed_set_on(date(2026, 7, 1)) == NEW
    assert due(Step.COMPLAINT_ACCEPT, date(2026, 7, 1), rule_set=NEW) == date(2026, 7, 10)


# --- Tết 2026 ----------------------------------------------------------------------------------------------


def test_working_day_limits_skip_tet_2026():
    # Complaint received Wed 11/2, 10 working days: 12, 13/2, (14–22/2 off), 23, 24, 25, 26, 27/2, 2, 3, 4/3
    # → Wed 4/3.
    assert due(Step.COMPLAINT_ACCEPT, date(2026, 2, 11), rule_set=OLD) == date(2026, 3, 4)
    # Petition received Fri 13/2, 10 working days: 23, 24, 25, 26, 27/2, 2, 3, 4, 5, 6/3 → Fri 6/3.
    assert due(Step.PETITION_REPLY, date(2026, 2, 13)) == date(2026, 3, 6)


def test_denunciation_initial_processing_7_then_10_working_days_across_tet():
    # Received Thu 12/2, 7 working days: 13/2, 23, 24, 25, 26, 27/2, 2/3 → Mon 2/3.
    assert due(Step.DENUNCIATION_SCREEN, date(2026, 2, 12)) == date(2026, 3, 2)
    # Extended once by 3 to 10 working days: 3, 4, 5/3 → Thu 5/3.
    assert due(Step.DENUNCIATION_SCREEN, date(2026, 2, 12), extensions=1) == date(2026, 3, 5)


def test_calendar_day_limit_ending_in_tet_rolls_to_the_first_working_day_after():
    # Complaint accepted Fri 16/1/2026: 30 days → Sun 15/2 (Tết break 14–22/2) → Mon 23/2.
    assert due(Step.COMPLAINT_RESOLVE_FIRST, date(2026, 1, 16)) == date(2026, 2, 23)
    # Denunciation accepted Thu 15/1/2026: 30 days → Sat 14/2, first day of the break → Mon 23/2.
    assert due(Step.DENUNCIATION_RESOLVE, date(2026, 1, 15)) == date(2026, 2, 23)
    # Accepted Wed 21/1/2026: 30 days → Fri 20/2 (mùng 4 Tết) → Mon 23/2.
    assert due(Step.COMPLAINT_RESOLVE_FIRST, date(2026, 1, 21)) == date(2026, 2, 23)


def test_calendar_day_limit_ending_on_a_weekend_rolls_to_monday():
    # Accepted Fri 6/3/2026: 6/3 + 25 = 31/3, + 30 = Sun 5/4 → Mon 6/4.
    assert due(Step.COMPLAINT_RESOLVE_FIRST, date(2026, 3, 6)) == date(2026, 4, 6)
    # Accepted Mon 2/3/2026: + 30 = Wed 1/4, a working day: no roll.
    assert due(Step.COMPLAINT_RESOLVE_FIRST, date(2026, 3, 2)) == date(2026, 4, 1)


# --- 2/9/2026 and the swapped Saturday 22/8/2026 ---------------------------------------------------------


def test_swapped_working_saturday_22_8_2026_counts_as_a_working_day():
    # Denunciation accepted Wed 19/8, notify within 5 working days: 20, 21, 22 (Sat, working), 24, 25/8 → Tue 25/8.
    assert due(Step.DENUNCIATION_NOTIFY, date(2026, 8, 19)) == date(2026, 8, 25)
    # Accepted Thu 23/7: 23/7 + 8 = 31/7, + 30 = Sat 22/8, a working day, so the limit ends that day.
    assert due(Step.COMPLAINT_RESOLVE_FIRST, date(2026, 7, 23)) == date(2026, 8, 22)


def test_national_day_2026_holidays_are_skipped():
    # Forward within 5 working days from Thu 27/8: 28/8, (29–30 weekend, 31/8, 1/9, 2/9 off), 3, 4, 7, 8/9
    # → Tue 8/9.
    assert due(Step.FORWARD, date(2026, 8, 27)) == date(2026, 9, 8)
    # New-rule complaint received Tue 25/8, 7 working days: 26, 27, 28/8, 3, 4, 7, 8/9 → Tue 8/9.
    assert due(Step.COMPLAINT_ACCEPT, date(2026, 8, 25)) == date(2026, 9, 8)
    # Complaint accepted Thu 30/7: 30/7 + 2 = 1/8, + 30 = Sat 29/8; 29/8–2/9 all off → Thu 3/9.
    assert due(Step.COMPLAINT_RESOLVE_FIRST, date(2026, 7, 30)) == date(2026, 9, 3)


# --- complaint periods: complexity and remote areas ------------------------------------------------------


@pytest.mark.parametrize(
    ("complexity", "remote", "days", "expected"),
    [
        # Accepted Mon 2/3/2026. 2/3 + 30 = Wed 1/4.
        ("normal", False, 30, date(2026, 4, 1)),
        # + 45 = Thu 16/4.
        ("complex", False, 45, date(2026, 4, 16)),
        ("especially_complex", False, 45, date(2026, 4, 16)),
        ("normal", True, 45, date(2026, 4, 16)),
        # + 60 = Fri 1/5 (Labour Day), 2–3/5 weekend → Mon 4/5.
        ("complex", True, 60, date(2026, 5, 4)),
    ],
)
def test_first_instance_complaint_30_45_45_60(complexity, remote, days, expected):
    first = rule(Step.COMPLAINT_RESOLVE_FIRST)
    assert period_days(first, complexity=complexity, remote_area=remote) == days
    assert due(Step.COMPLAINT_RESOLVE_FIRST, date(2026, 3, 2), complexity=complexity, remote_area=remote) == expected


@pytest.mark.parametrize(
    ("complexity", "remote", "days", "expected"),
    [
        # Accepted Mon 2/3/2026. + 45 = Thu 16/4.
        ("normal", False, 45, date(2026, 4, 16)),
        # + 60 = Fri 1/5 (Labour Day) → Mon 4/5.
        ("complex", False, 60, date(2026, 5, 4)),
        ("normal", True, 60, date(2026, 5, 4)),
        # + 70 = Mon 11/5.
        ("complex", True, 70, date(2026, 5, 11)),
        ("especially_complex", True, 70, date(2026, 5, 11)),
    ],
)
def test_second_instance_complaint_45_60_60_70(complexity, remote, days, expected):
    second = rule(Step.COMPLAINT_RESOLVE_SECOND)
    assert period_days(second, complexity=complexity, remote_area=remote) == days
    assert due(Step.COMPLAINT_RESOLVE_SECOND, date(2026, 3, 2), complexity=complexity, remote_area=remote) == expected


def test_complaint_resolution_has_no_extensions():
    for step in (Step.COMPLAINT_RESOLVE_FIRST, Step.COMPLAINT_RESOLVE_SECOND, Step.COMPLAINT_ACCEPT):
        for complexity in ("normal", "complex", "especially_complex"):
            assert extensions_allowed(rule(step), complexity=complexity) == 0


def test_period_days_falls_back_when_a_column_is_empty():
    plain = DeadlineRule(step=Step.FORWARD, day_type="working", days=5)
    for complexity in ("normal", "complex", "especially_complex"):
        for remote in (False, True):
            assert period_days(plain, complexity=complexity, remote_area=remote) == 5
    # No combined remote-and-complex figure: the longer of the remote (40) and complex (45) periods.
    partial = DeadlineRule(step=Step.FORWARD, day_type="calendar", days=30, complex_days=45, remote_days=40)
    assert period_days(partial, complexity="complex", remote_area=True) == 45
    assert period_days(partial, complexity="normal", remote_area=True) == 40
    assert period_days(partial, complexity="complex", remote_area=False) == 45
    with pytest.raises(ValueError, match="unknown complexity"):
        period_days(partial, complexity="rat_phuc_tap", remote_area=False)


# --- denunciation extensions --------------------------------------------------------------------------------


def test_denunciation_resolution_30_then_60_then_90_days():
    start = date(2026, 3, 2)  # accepted Mon 2/3/2026
    # 30 days → Wed 1/4.
    assert due(Step.DENUNCIATION_RESOLVE, start, complexity="especially_complex") == date(2026, 4, 1)
    # 1 extension, 60 days → Fri 1/5 (Labour Day) → Mon 4/5.
    assert due(Step.DENUNCIATION_RESOLVE, start, complexity="especially_complex", extensions=1) == date(2026, 5, 4)
    # 2 extensions, 90 days: 1/5 + 30 = Sun 31/5 → Mon 1/6.
    assert due(Step.DENUNCIATION_RESOLVE, start, complexity="especially_complex", extensions=2) == date(2026, 6, 1)
    # Complexity does not lengthen the base period of a denunciation: only extensions do.
    assert due(Step.DENUNCIATION_RESOLVE, start, complexity="complex", remote_area=True) == date(2026, 4, 1)


@pytest.mark.parametrize(("complexity", "allowed"), [("normal", 0), ("complex", 1), ("especially_complex", 2)])
def test_denunciation_resolution_extensions_follow_complexity(complexity, allowed):
    for code in (OLD, NEW):
        assert extensions_allowed(rule(Step.DENUNCIATION_RESOLVE, code), complexity=complexity) == allowed


def test_denunciation_initial_processing_may_be_extended_once_whatever_the_complexity():
    screen = rule(Step.DENUNCIATION_SCREEN)
    for complexity in ("normal", "complex", "especially_complex"):
        assert extensions_allowed(screen, complexity=complexity) == 1
    # Received Mon 2/3/2026, 7 working days: 3, 4, 5, 6, 9, 10, 11/3 → Wed 11/3; extended to 10: 12, 13, 16/3.
    assert due(Step.DENUNCIATION_SCREEN, date(2026, 3, 2)) == date(2026, 3, 11)
    assert due(Step.DENUNCIATION_SCREEN, date(2026, 3, 2), extensions=1) == date(2026, 3, 16)


def test_negative_extensions_are_rejected():
    with pytest.raises(ValueError, match="negative"):
        due(Step.DENUNCIATION_RESOLVE, date(2026, 3, 2), extensions=-1)


# --- database ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_migration_seeded_both_rule_sets_and_all_categories():
    assert dict(RuleSet.objects.values_list("code", "effective_from")) == {
        OLD: date(2012, 7, 1),
        NEW: date(2026, 7, 1),
    }
    for rule_set in RuleSet.objects.all():
        assert sorted(rule_set.rules.values_list("step", flat=True)) == sorted(Step.values)
    assert rule_for(RuleSet.objects.get(code=OLD), Step.COMPLAINT_ACCEPT).days == 10
    assert rule_for(RuleSet.objects.get(code=NEW), Step.COMPLAINT_ACCEPT).days == 7
    assert Category.objects.count() == 11
    assert set(Category.objects.values_list("code", flat=True)) == {code for code, _name, _order in CATEGORIES}


@pytest.mark.django_db
def test_rule_set_on_picks_the_set_in_force_on_the_day():
    assert rule_set_on(date(2012, 7, 1)).code == OLD
    assert rule_set_on(date(2026, 6, 30)).code == OLD
    assert rule_set_on(date(2026, 7, 1)).code == NEW
    assert rule_set_on(date(2027, 1, 1)).code == NEW
    with pytest.raises(NoRuleSet, match="30/06/2012"):
        rule_set_on(date(2012, 6, 30))


@pytest.mark.django_db
def test_rule_for_a_step_missing_from_the_set_raises():
    rule_set = RuleSet.objects.get(code=NEW)
    rule_set.rules.filter(step=Step.FORWARD).delete()
    with pytest.raises(NoDeadlineRule, match="Chuyển đơn không thuộc thẩm quyền"):
        rule_for(rule_set, Step.FORWARD)


@pytest.mark.django_db
def test_due_date_for_uses_the_set_in_force_on_the_start_day():
    # 30/6 → old set, 10 working days → Tue 14/7; 1/7 → new set, 7 working days → Fri 10/7 (as above).
    rule_set, due_on = due_date_for(step=Step.COMPLAINT_ACCEPT, start=date(2026, 6, 30))
    assert (rule_set.code, due_on) == (OLD, date(2026, 7, 14))
    rule_set, due_on = due_date_for(step=Step.COMPLAINT_ACCEPT, start=date(2026, 7, 1))
    assert (rule_set.code, due_on) == (NEW, date(2026, 7, 10))
    # A set given explicitly wins: from Wed 1/7, 10 working days: 2, 3, 6, 7, 8, 9, 10, 13, 14, 15/7 → Wed 15/7.
    old = RuleSet.objects.get(code=OLD)
    assert due_date_for(step=Step.COMPLAINT_ACCEPT, start=date(2026, 7, 1), rule_set=old) == (old, date(2026, 7, 15))


@pytest.mark.django_db
def test_due_date_for_honours_an_administrators_extra_day_off():
    # Petition received Mon 2/3/2026, 10 working days: 3, 4, 5, 6, 9, 10, 11, 12, 13, 16/3 → Mon 16/3.
    assert due_date_for(step=Step.PETITION_REPLY, start=date(2026, 3, 2))[1] == date(2026, 3, 16)
    # Complaint accepted Mon 2/3/2026: 30 days → Wed 1/4.
    assert due_date_for(step=Step.COMPLAINT_RESOLVE_FIRST, start=date(2026, 3, 2))[1] == date(2026, 4, 1)
    CalendarOverride.objects.create(date=date(2026, 3, 3), kind=CalendarOverride.Kind.DAY_OFF, note="Lễ hội tỉnh")
    CalendarOverride.objects.create(date=date(2026, 4, 1), kind=CalendarOverride.Kind.DAY_OFF, note="Nghỉ thêm")
    # Tue 3/3 off: 4, 5, 6, 9, 10, 11, 12, 13, 16, 17/3 → Tue 17/3.
    assert due_date_for(step=Step.PETITION_REPLY, start=date(2026, 3, 2))[1] == date(2026, 3, 17)
    # Wed 1/4 off: the calendar-day limit rolls to Thu 2/4.
    assert due_date_for(step=Step.COMPLAINT_RESOLVE_FIRST, start=date(2026, 3, 2))[1] == date(2026, 4, 2)


@pytest.mark.django_db
def test_working_days_left_uses_the_database_calendar():
    # From Fri 13/2 to Fri 27/2/2026: 23, 24, 25, 26, 27/2 → 5 (Tết skipped).
    assert working_days_left(date(2026, 2, 27), date(2026, 2, 13)) == 5
    assert working_days_left(date(2026, 2, 27), date(2026, 2, 27)) == 0
    # Tue 3/3 is two working days (2/3, 3/3) past Fri 27/2.
    assert working_days_left(date(2026, 2, 27), date(2026, 3, 3)) == -2
    CalendarOverride.objects.create(date=date(2026, 2, 24), kind=CalendarOverride.Kind.DAY_OFF)
    assert working_days_left(date(2026, 2, 27), date(2026, 2, 13)) == 4
    # Across the new year: from Wed 30/12/2026 to Mon 4/1/2027: 31/12, (1/1 off, 2–3/1 weekend), 4/1 → 2.
    assert working_days_left(date(2027, 1, 4), date(2026, 12, 30)) == 2


@pytest.mark.django_db
def test_seed_legal_data_is_idempotent_restores_missing_rows_and_keeps_edits():
    seed_legal_data()
    assert (RuleSet.objects.count(), DeadlineRule.objects.count(), Category.objects.count()) == (2, 16, 11)
    DeadlineRule.objects.filter(rule_set__code=NEW, step=Step.FORWARD).delete()
    Category.objects.filter(code="khac").delete()
    DeadlineRule.objects.filter(rule_set__code=NEW, step=Step.PETITION_REPLY).update(days=8)
    seed_legal_data()
    assert (RuleSet.objects.count(), DeadlineRule.objects.count(), Category.objects.count()) == (2, 16, 11)
    assert rule_for(RuleSet.objects.get(code=NEW), Step.PETITION_REPLY).days == 8


@pytest.mark.django_db
def test_seed_legal_data_fills_an_empty_database():
    # What a transactional test finds after Django's flush: no seeded rows at all.
    DeadlineRule.objects.all().delete()
    RuleSet.objects.all().delete()
    Category.objects.all().delete()
    seed_legal_data()
    assert rule_set_on(date(2026, 7, 1)).code == NEW
    assert (DeadlineRule.objects.count(), Category.objects.count()) == (16, 11)
