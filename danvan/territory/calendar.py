"""The working calendar and legal time-limit arithmetic.

Sources (DOMAIN.md §0, §7): Labour Code 2019 Art. 112 for public holidays, the Prime Minister's yearly
notices for Tết, 2/9 and swapped working days (carried by the ``holidays`` package's Vietnam calendar),
and the Civil Code 2015 Arts. 145–148 for counting: the day of the triggering event is not counted, and
a calendar-day limit whose last day is a day off ends on the next working day.

``WorkingCalendar`` is pure (no database) so deadline rules can be unit-tested; ``working_calendar()``
adds the administrator's overrides (``CalendarOverride``) for the years asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

from danvan.territory.models import CalendarOverride

SATURDAY = 5


@lru_cache(maxsize=64)
def _official(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, swapped working weekend days) for a year, from the holidays package."""
    vietnam = holidays.country_holidays("VN", years=year, language="vi")
    return frozenset(vietnam.keys()), frozenset(getattr(vietnam, "weekend_workdays", ()))


@dataclass(frozen=True)
class WorkingCalendar:
    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        days_off, swapped_working = _official(day.year)
        if day in swapped_working:
            return True
        return day.weekday() < SATURDAY and day not in days_off

    def next_working_day(self, day: date) -> date:
        """The day itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (the start day itself is never counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        while count:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def add_calendar_days(self, start: date, count: int) -> date:
        """Civil Code Art. 148: ``count`` days after ``start``; a last day that is off rolls forward."""
        if count < 0:
            raise ValueError("count must not be negative")
        return self.next_working_day(start + timedelta(days=count))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: how many are left from ``start`` until a due date ``end``.
        Negative when ``end`` has passed."""
        if end < start:
            return -self.working_days_between(end, start)
        # Weekdays by arithmetic, then corrected on the few days that break the weekday rule (holidays,
        # swapped weekends, overrides): a worklist shows a clock per row, some cases years overdue.
        weeks, rest = divmod((end - start).days, 7)
        count = 5 * weeks + sum(1 for offset in range(1, rest + 1) if (start + timedelta(offset)).weekday() < SATURDAY)
        for day in self._exceptions(start.year, end.year):
            if start < day <= end:
                count += self.is_working_day(day) - (day.weekday() < SATURDAY)
        return count

    def _exceptions(self, first_year: int, last_year: int) -> set[date]:
        days = set(self.extra_days_off | self.extra_working_days)
        for year in range(first_year, last_year + 1):
            days_off, swapped_working = _official(year)
            days |= days_off | swapped_working
        return days

    def days_off(self, year: int) -> list[date]:
        first = date(year, 1, 1)
        return [
            first + timedelta(n)
            for n in range((date(year + 1, 1, 1) - first).days)
            if not self.is_working_day(first + timedelta(n))
        ]


def working_calendar(years: Iterable[int] | None = None) -> WorkingCalendar:
    """The calendar with administrator overrides (all of them, or those in the given years)."""
    overrides = CalendarOverride.objects.all()
    if years is not None:
        overrides = overrides.filter(date__year__in=list(years))
    off, working = set(), set()
    for day, kind in overrides.values_list("date", "kind"):
        (off if kind == CalendarOverride.Kind.DAY_OFF else working).add(day)
    return WorkingCalendar(frozenset(off), frozenset(working))


def is_working_day(day: date) -> bool:
    return working_calendar([day.year]).is_working_day(day)


def add_working_days(start: date, count: int) -> date:
    # A limit of n working days never spans more than ~n*2+30 calendar days; cover the next year too.
    return working_calendar([start.year, start.year + 1]).add_working_days(start, count)


def add_calendar_days(start: date, count: int) -> date:
    end_year = (start + timedelta(days=count)).year
    return working_calendar(range(start.year, end_year + 2)).add_calendar_days(start, count)
