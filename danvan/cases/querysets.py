from __future__ import annotations

from datetime import date
from typing import Self

from django.db.models import Q

from danvan.cases.workflow import OPEN_STATUSES, Status
from danvan.core.querysets import JurisdictionQuerySet
from danvan.core.text import fold


# The definitions behind the worklist filters and the desk's counts, as conditions so that one
# aggregate can count them all and they cannot drift apart.
def open_q() -> Q:
    return Q(status__in=OPEN_STATUSES)


def overdue_q(today: date) -> Q:
    """Open, running (not suspended) cases past their due date."""
    return open_q() & ~Q(status=Status.SUSPENDED) & Q(due_date__lt=today)


def due_soon_q(today: date, until: date) -> Q:
    """Open cases due from today to ``until``: not yet overdue (overdue has its own filter)."""
    return open_q() & Q(due_date__gte=today, due_date__lte=until)


class CaseQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"

    def open(self) -> Self:
        return self.filter(open_q())

    def overdue(self, today: date) -> Self:
        return self.filter(overdue_q(today))

    def due_soon(self, today: date, until: date) -> Self:
        return self.filter(due_soon_q(today, until))

    def search(self, query: str) -> Self:
        """Diacritic-insensitive search over tracking code, subject and body (never personal data)."""
        terms = fold(query).split()
        queryset = self
        for term in terms[:8]:
            queryset = queryset.filter(search_text__contains=term)
        return queryset
