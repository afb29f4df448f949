"""Working-day arithmetic against hand-computed dates (2026 calendar: DOMAIN.md §7)."""

from datetime import date

import pytest

from danvan.territory.calendar import WorkingCalendar, add_calendar_days, add_working_days, is_working_day
from danvan.territory.models import CalendarOverride

cal = WorkingCalendar()


def test_tet_2026_weekdays_are_off():
    assert [cal.is_working_day(date(2026, 2, d)) for d in range(16, 21)] == [False] * 5
    assert cal.is_working_day(date(2026, 2, 13)) is True  # Friday before Tết
    assert cal.is_working_day(date(2026, 2, 23)) is True  # first day back


def test_working_days_skip_tet():
    # Friday 13/2 + 1 working day: 14–22/2 are all off, so Monday 23/2.
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    # Received Wed 11/2, 7 working days: 12, 13, 23, 24, 25, 26, 27 → Fri 27/2.
    assert cal.add_working_days(date(2026, 2, 11), 7) == date(2026, 2, 27)


def test_swapped_working_saturday_2026_and_its_day_off():
    assert cal.is_working_day(date(2026, 8, 22)) is True  # Saturday made a working day
    assert cal.is_working_day(date(2026, 8, 31)) is False  # the Monday it was swapped for
    # From Thu 20/8, 5 working days: 21, 22 (Sat, swapped), 24, 25, 26 → Wed 26/8.
    assert cal.add_working_days(date(2026, 8, 20), 5) == date(2026, 8, 26)


def test_national_day_2026():
    assert not cal.is_working_day(date(2026, 9, 1))
    assert not cal.is_working_day(date(2026, 9, 2))
    # From Fri 28/8, 3 working days: 31/8, 1/9, 2/9 off → 3, 4, 7/9.
    assert cal.add_working_days(date(2026, 8, 28), 3) == date(2026, 9, 7)


def test_calendar_days_roll_forward_past_days_off():
    # Civil Code Art. 148: 10 days from 6/2/2026 ends on 16/2 (Tết) → rolls to Mon 23/2.
    assert cal.add_calendar_days(date(2026, 2, 6), 10) == date(2026, 2, 23)
    # 30 days from Mon 2/3/2026 is Wed 1/4/2026, a working day: no roll.
    assert cal.add_calendar_days(date(2026, 3, 2), 30) == date(2026, 4, 1)


def test_working_days_left_counts_down_and_goes_negative():
    assert cal.working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5
    assert cal.working_days_between(date(2026, 3, 3), date(2026, 2, 27)) == -2


@pytest.mark.django_db
def test_administrator_overrides_change_the_arithmetic():
    # A provincial extra day off on Tue 3/3/2026 and a working Saturday 7/3/2026.
    CalendarOverride.objects.create(date=date(2026, 3, 3), kind=CalendarOverride.Kind.DAY_OFF, note="Lễ hội tỉnh")
    CalendarOverride.objects.create(date=date(2026, 3, 7), kind=CalendarOverride.Kind.WORKING_DAY)
    assert is_working_day(date(2026, 3, 3)) is False
    assert is_working_day(date(2026, 3, 7)) is True
    # From Mon 2/3: 4, 5, 6, 7 (Sat, working) → Sat 7/3 after 4 working days.
    assert add_working_days(date(2026, 3, 2), 4) == date(2026, 3, 7)
    # 1 calendar day from 2/3 lands on the extra day off → rolls to 4/3.
    assert add_calendar_days(date(2026, 3, 2), 1) == date(2026, 3, 4)
