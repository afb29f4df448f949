"""Writes to the unit tree. Paths and the search/sort columns are maintained here and nowhere else."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from danvan.core.audit import audit_record
from danvan.core.text import fold, normalize, vietnamese_sort_key
from danvan.territory.models import AdministrativeUnit

HISTORICAL_ROOT = "/pre2025/"  # keeps retired codes, which the 2025 list reuses, in their own subtree

_KIND_PREFIXES = sorted(
    [
        "thành phố",
        "tỉnh",
        "quận",
        "huyện",
        "thị xã",
        "xã",
        "phường",
        "thị trấn",
        "đặc khu",
        "thôn",
        "bản",
        "ấp",
        "tổ dân phố",
    ],
    key=len,
    reverse=True,
)


def name_without_kind(name: str) -> str:
    """'Xã Bình Lư' → 'Bình Lư': units sort and search by their proper name, not by their kind."""
    lowered = name.lower()
    for prefix in _KIND_PREFIXES:
        if lowered.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def unit_fill_derived(unit: AdministrativeUnit, *, historical: bool = False) -> AdministrativeUnit:
    unit.name = normalize(unit.name)
    unit.name_folded = fold(unit.name)
    unit.name_sort = vietnamese_sort_key(name_without_kind(unit.name))
    base = unit.parent.path if unit.parent_id else (HISTORICAL_ROOT if historical else "/")
    unit.path = f"{base}{unit.code}/"
    return unit


@transaction.atomic
def village_create(
    *,
    commune: AdministrativeUnit,
    code: str,
    name: str,
    kind: str,
    actor: object = None,
    valid_from: date | None = None,
) -> AdministrativeUnit:
    """Villages (thôn, tổ dân phố) are optional and entered by the commune; their codes are local."""
    unit = AdministrativeUnit(
        code=f"{commune.code}-{code}",
        name=name,
        kind=kind,
        level=AdministrativeUnit.Level.VILLAGE,
        parent=commune,
        valid_from=valid_from or commune.valid_from,
        remote_area=commune.remote_area,
    )
    unit_fill_derived(unit)
    unit.full_clean()
    unit.save()
    audit_record(action="territory.village_created", actor=actor, target=unit, unit_path=unit.path)
    return unit


@transaction.atomic
def unit_set_remote_area(*, unit: AdministrativeUnit, remote_area: bool, actor: object = None) -> None:
    """Remote-area status lengthens complaint time limits, so every change is audited."""
    locked = AdministrativeUnit.objects.select_for_update().get(pk=unit.pk)
    if locked.remote_area == remote_area:
        return
    locked.remote_area = remote_area
    locked.save(update_fields=["remote_area", "updated_at"])
    audit_record(
        action="territory.remote_area_changed",
        actor=actor,
        target=locked,
        unit_path=locked.path,
        data={"remote_area": remote_area},
    )
