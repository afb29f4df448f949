"""Property tests (hypothesis) for working-day arithmetic over 2025–2027."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from danvan.territory.calendar import WorkingCalendar

calendar = WorkingCalendar()
days_2025_2027 = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 10, 31))


@given(days_2025_2027, st.integers(min_value=1, max_value=60))
def test_working_day_arithmetic_lands_on_working_days_and_counts_back(start, count):
    due = calendar.add_working_days(start, count)
    assert due > start
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(start, due) == count


@given(days_2025_2027, st.integers(min_value=0, max_value=90))
def test_calendar_day_limits_end_on_the_first_working_day_at_or_after_the_limit(start, count):
    due = calendar.add_calendar_days(start, count)
    assert due >= start + timedelta(days=count)
    assert calendar.is_working_day(due)
    assert all(
        not calendar.is_working_day(start + timedelta(days=count + n)) for n in range((due - start).days - count)
    )
