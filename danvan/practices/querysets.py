from __future__ import annotations

from datetime import datetime
from typing import Self

from django.db.models import Q

from danvan.core.querysets import JurisdictionQuerySet
from danvan.core.text import fold


def _search(queryset, query: str):
    """Every word must appear in the folded search column: "nuoc sach" finds "Nước sạch"."""
    for term in fold(query).split()[:8]:
        queryset = queryset.filter(search_text__contains=term)
    return queryset


class PracticeQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"

    def recognised(self) -> Self:
        """What the public showcase may show: recognised at some level."""
        return self.exclude(recognised_level="")

    def search(self, query: str) -> Self:
        return _search(self, query)


class ReplicationQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"


class NewsQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"

    def published(self, now: datetime) -> Self:
        return self.filter(Q(status="published") & Q(published_at__lte=now))

    def search(self, query: str) -> Self:
        return _search(self, query)
