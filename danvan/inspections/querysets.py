from __future__ import annotations

from datetime import date
from typing import Self

from django.db.models import Q

from danvan.core.querysets import JurisdictionQuerySet
from danvan.core.text import fold
from danvan.inspections.workflow import RecStatus


def rec_overdue_q(today: date) -> Q:
    """Still to be carried out (open, including returned ones) and past the deadline."""
    return Q(status=RecStatus.OPEN, deadline__lt=today)


def _search(queryset, query: str):
    for term in fold(query).split()[:8]:
        queryset = queryset.filter(search_text__contains=term)
    return queryset


class PlanQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"

    def search(self, query: str) -> Self:
        return _search(self, query)


class RecommendationQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"

    def open(self) -> Self:
        return self.exclude(status=RecStatus.DONE)

    def overdue(self, today: date) -> Self:
        return self.filter(rec_overdue_q(today))

    def search(self, query: str) -> Self:
        return _search(self, query)
