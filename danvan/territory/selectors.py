from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from danvan.territory.models import AdministrativeUnit

Level = AdministrativeUnit.Level


def provinces_current() -> QuerySet[AdministrativeUnit]:
    return (
        AdministrativeUnit.objects.current()
        .filter(level=Level.PROVINCE)
        .annotate(child_count=Count("children"))
        .order_by("name_sort")
    )


def unit_children(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    return unit.children.order_by("name_sort")


def units_search(query: str, *, include_historical: bool = True, limit: int = 50) -> list[AdministrativeUnit]:
    """Diacritic-insensitive search; current units first, historical ones carry their successors."""
    units = AdministrativeUnit.objects.search(query).select_related("parent")
    if not include_historical:
        units = units.current()
    units = units.prefetch_related(Prefetch("successors", queryset=AdministrativeUnit.objects.order_by("name_sort")))
    return sorted(units[: limit * 2], key=lambda u: (not u.is_current, u.level, u.name_sort))[:limit]


def unit_detail(pk: int) -> AdministrativeUnit:
    return (
        AdministrativeUnit.objects.select_related("parent", "parent__parent")
        .prefetch_related("successors", "predecessors")
        .get(pk=pk)
    )


def unit_current(code: str, *, levels: tuple[int, ...] | None = None) -> AdministrativeUnit | None:
    """The unit in force today with this official code (communes before provinces if both matched)."""
    units = AdministrativeUnit.objects.current().filter(code=code)
    if levels:
        units = units.filter(level__in=levels)
    return units.order_by("-level").first()


def communes_current(province: AdministrativeUnit | None) -> QuerySet[AdministrativeUnit]:
    """The communes in force today under a province (none for no province)."""
    if province is None:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.current().filter(parent=province, level=Level.COMMUNE)


def province_current(value) -> AdministrativeUnit | None:
    """The province in force today with primary key ``value`` (as typed in a URL), or None."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return AdministrativeUnit.objects.current().filter(level=Level.PROVINCE, pk=pk).first() if pk > 0 else None
