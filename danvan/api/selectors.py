"""Reads only the API needs. ``open311_cases`` is the one unscoped read of cases, and says why: it is the
public Open311 feed, limited to the kinds and fields that are public by nature (feedback and petitions;
never denunciations, complaints or persons). Reference data comes from ``cases.selectors`` (categories)
and ``territory.selectors`` (units)."""

from __future__ import annotations

from django.db.models import QuerySet

from danvan.cases.models import Case
from danvan.cases.selectors import categories_active, category_active  # noqa: F401 - used by v1/open311
from danvan.cases.workflow import Kind
from danvan.territory.selectors import unit_current  # noqa: F401 - used by v1/open311

# Only these kinds are published on Open311. Complaints concern one person's rights and decisions about
# them; denunciations must never be public (Luật Tố cáo 2018, Điều 8, 47); mixed letters are split first.
OPEN311_KINDS = (Kind.FEEDBACK, Kind.PETITION)


def open311_cases() -> QuerySet[Case]:
    """Every case the public Open311 feed may show, newest first. Unscoped on purpose (see module doc)."""
    return (
        Case.objects.filter(kind__in=OPEN311_KINDS)
        .select_related("category", "handling_unit")
        .order_by("-received_at", "-pk")
    )
