"""Reads the interfaces need that have no scoped selector in the owning app.

Categories and administrative units are public reference data (no jurisdiction). ``open311_cases`` is the
one unscoped read of cases here, and says why: it is the public Open311 feed, limited to the kinds and
fields that are public by nature (feedback and petitions; never denunciations, complaints or persons).
Candidates to move into ``cases.selectors`` / ``territory.selectors``.
"""

from __future__ import annotations

from django.db.models import QuerySet

from danvan.cases.models import Case, Category
from danvan.cases.workflow import Kind
from danvan.territory.models import AdministrativeUnit

# Only these kinds are published on Open311. Complaints concern one person's rights and decisions about
# them; denunciations must never be public (Luật Tố cáo 2018, Điều 8, 47); mixed letters are split first.
OPEN311_KINDS = (Kind.FEEDBACK, Kind.PETITION)


def categories_active() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("sort_order", "name")


def category_active(code: str) -> Category | None:
    return categories_active().filter(code=code).first()


def unit_current(code: str, *, levels: tuple[int, ...] | None = None) -> AdministrativeUnit | None:
    """The unit in force today with this official code (communes before provinces if both matched)."""
    units = AdministrativeUnit.objects.current().filter(code=code)
    if levels:
        units = units.filter(level__in=levels)
    return units.order_by("-level").first()


def open311_cases() -> QuerySet[Case]:
    """Every case the public Open311 feed may show, newest first. Unscoped on purpose (see module doc)."""
    return (
        Case.objects.filter(kind__in=OPEN311_KINDS)
        .select_related("category", "handling_unit")
        .order_by("-received_at", "-pk")
    )
