"""An injectable clock. Services take ``now=None`` and call ``now_or_current(now)``; tests pass a time
or use time-machine. Always timezone-aware UTC."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def current_time() -> datetime:
    return timezone.now()


def now_or_current(now: datetime | None) -> datetime:
    return now if now is not None else current_time()


def local_date(moment: datetime | None = None) -> date:
    """The calendar date in Vietnam (Asia/Ho_Chi_Minh) of a moment: legal deadlines count local days."""
    return timezone.localtime(now_or_current(moment)).date()


def day_start(day: date) -> datetime:
    """Local midnight at the start of ``day``: a date range filters a timestamp column by
    ``>= day_start(first)`` and ``< day_start(last + 1 day)``, which indexes can answer."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())
