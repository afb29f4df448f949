from __future__ import annotations

from typing import Self

from danvan.cases.workflow import OPEN_STATUSES
from danvan.core.querysets import JurisdictionQuerySet
from danvan.core.text import fold


class CaseQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"

    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today) -> Self:
        """Open, running (not suspended) cases past their due date."""
        return self.open().exclude(status="suspended").filter(due_date__lt=today)

    def search(self, query: str) -> Self:
        """Diacritic-insensitive search over tracking code, subject and body (never personal data)."""
        terms = fold(query).split()
        queryset = self
        for term in terms[:8]:
            queryset = queryset.filter(search_text__contains=term)
        return queryset
