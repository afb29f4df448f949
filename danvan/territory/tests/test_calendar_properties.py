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


overrides = st.frozensets(days_2025_2027, max_size=6)


@given(days_2025_2027, days_2025_2027, overrides, overrides)
def test_working_days_between_counts_exactly_the_working_days_in_the_range(start, end, off, working):
    # the count is computed arithmetically; it must equal looking at every day, with overrides of both kinds
    with_overrides = WorkingCalendar(extra_days_off=off, extra_working_days=working)
    low, high = min(start, end), max(start, end)
    by_day = sum(1 for n in range(1, (high - low).days + 1) if with_overrides.is_working_day(low + timedelta(n)))
    assert with_overrides.working_days_between(start, end) == (by_day if end >= start else -by_day)
