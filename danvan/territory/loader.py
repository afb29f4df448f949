"""Import of administrative units from the ``vietnam-provinces`` package.

* Current units, valid from 1/7/2025 (NQ 202/2025/QH15, QĐ 19/2025/QĐ-TTg): 34 provinces and 3,321
  communes (2,621 xã, 687 phường, 13 đặc khu).
* Pre-2025 units (63 provinces, 696 districts, 10,051 communes) as retired units valid until 30/6/2025,
  linked to their successors with the package's old→new conversion tables. A district's successors are
  the new communes that took in its communes.

Idempotent: units are matched on (code, level, valid_from) and only changed fields are written, so a
second run changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from danvan.core.audit import audit_record
from danvan.core.errors import DomainError
from danvan.territory.models import REFORM_2025, AdministrativeUnit
from danvan.territory.services import unit_fill_derived

Kind, Level = AdministrativeUnit.Kind, AdministrativeUnit.Level
LEGACY_VALID_FROM = date(2004, 1, 1)  # the pre-2025 list descends from QĐ 124/2004/QĐ-TTg

# Province kinds come from the package. Its 2026 releases class Quảng Ninh, Bắc Ninh and Đồng Nai as
# centrally-run cities too (9 + 25), where the 1/7/2025 list had 6 + 28; we follow the newer data and
# record the difference in docs/decisions.md. An administrator can correct a kind in the admin.

_KIND_BY_PACKAGE_TYPE = {
    "tỉnh": Kind.PROVINCE,
    "thành phố trung ương": Kind.CENTRAL_CITY,
    "quận": Kind.URBAN_DISTRICT,
    "huyện": Kind.RURAL_DISTRICT,
    "thị xã": Kind.TOWN,
    "thành phố": Kind.PROVINCIAL_CITY,
    "xã": Kind.COMMUNE,
    "phường": Kind.WARD,
    "thị trấn": Kind.TOWNSHIP,
    "đặc khu": Kind.SPECIAL_ZONE,
}


class PackageTooOld(DomainError):
    code = "units_package_too_old"


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    links_added: int = 0


def _package():
    try:
        import vietnam_provinces
        from vietnam_provinces import legacy
    except ImportError as exc:
        raise PackageTooOld(
            "Cần gói vietnam-provinces ≥ 2026.1 (có dữ liệu trước 2025 và bảng chuyển đổi); chạy `make install`."
        ) from exc
    return vietnam_provinces, legacy


def _province_name(province) -> tuple[str, str]:
    return province.name, _KIND_BY_PACKAGE_TYPE[str(province.division_type.value)]


class _Upserter:
    """Creates or updates units, keyed on (code, level, valid_from), with one query per level to read."""

    def __init__(self, report: LoadReport) -> None:
        self.report = report
        self.cache: dict[tuple[str, int, date], AdministrativeUnit] = {}

    def preload(self, level: int, valid_from: date) -> None:
        for unit in AdministrativeUnit.objects.filter(level=level, valid_from=valid_from).select_related("parent"):
            self.cache[(unit.code, level, valid_from)] = unit

    def upsert(
        self,
        *,
        code: str,
        name: str,
        kind: str,
        level: int,
        parent: AdministrativeUnit | None,
        valid_from: date,
        valid_to: date | None,
    ) -> AdministrativeUnit:
        historical = valid_to is not None
        existing = self.cache.get((code, level, valid_from))
        candidate = unit_fill_derived(
            AdministrativeUnit(
                code=code, name=name, kind=kind, level=level, parent=parent, valid_from=valid_from, valid_to=valid_to
            ),
            historical=historical,
        )
        if existing is None:
            candidate.save()
            self.cache[(code, level, valid_from)] = candidate
            self.report.created += 1
            return candidate
        fields = ["name", "name_folded", "name_sort", "kind", "parent_id", "path", "valid_to"]
        changed = [f for f in fields if getattr(existing, f) != getattr(candidate, f)]
        if changed:
            for f in changed:
                setattr(existing, f, getattr(candidate, f))
            existing.save(update_fields=[*changed, "updated_at"])
            self.report.updated += 1
        return existing


def _load_current(package, upserter: _Upserter) -> tuple[dict[int, AdministrativeUnit], dict[int, AdministrativeUnit]]:
    upserter.preload(Level.PROVINCE, REFORM_2025)
    upserter.preload(Level.COMMUNE, REFORM_2025)
    provinces, communes = {}, {}
    for province in package.Province.iter_all():
        name, kind = _province_name(province)
        provinces[int(province.code)] = upserter.upsert(
            code=f"{int(province.code):02d}",
            name=name,
            kind=kind,
            level=Level.PROVINCE,
            parent=None,
            valid_from=REFORM_2025,
            valid_to=None,
        )
    for ward in package.Ward.iter_all():
        communes[int(ward.code)] = upserter.upsert(
            code=f"{int(ward.code):05d}",
            name=ward.name,
            kind=_KIND_BY_PACKAGE_TYPE[str(ward.division_type.value)],
            level=Level.COMMUNE,
            parent=provinces[int(ward.province_code)],
            valid_from=REFORM_2025,
            valid_to=None,
        )
    return provinces, communes


def _load_legacy(legacy, upserter: _Upserter):
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        upserter.preload(level, LEGACY_VALID_FROM)
    provinces, districts, communes = {}, {}, {}
    common = {"valid_from": LEGACY_VALID_FROM, "valid_to": REFORM_2025}
    for province in legacy.Province.iter_all():
        provinces[int(province.code)] = upserter.upsert(
            code=f"{int(province.code):02d}",
            name=province.name,
            kind=_KIND_BY_PACKAGE_TYPE[str(province.division_type.value)],
            level=Level.PROVINCE,
            parent=None,
            **common,
        )
    for district in legacy.District.iter_all():
        districts[int(district.code)] = upserter.upsert(
            code=f"{int(district.code):03d}",
            name=district.name,
            kind=_KIND_BY_PACKAGE_TYPE[str(district.division_type.value)],
            level=Level.DISTRICT,
            parent=provinces[int(district.province_code)],
            **common,
        )
    for ward in legacy.Ward.iter_all():
        communes[int(ward.code)] = upserter.upsert(
            code=f"{int(ward.code):05d}",
            name=ward.name,
            kind=_KIND_BY_PACKAGE_TYPE[str(ward.division_type.value)],
            level=Level.COMMUNE,
            parent=districts[int(ward.district_code)],
            **common,
        )
    return provinces, districts, communes


def _successor_pairs(package, current, legacy_units) -> set[tuple[int, int]]:
    """(old unit pk, new unit pk) links, from the package's new→old tables."""
    new_provinces, new_communes = current
    old_provinces, _old_districts, old_communes = legacy_units
    pairs: set[tuple[int, int]] = set()
    for province in package.Province.iter_all():
        for source in province.get_legacy_sources():
            pairs.add((old_provinces[int(source.code)].pk, new_provinces[int(province.code)].pk))
    for ward in package.Ward.iter_all():
        new_pk = new_communes[int(ward.code)].pk
        for source in ward.get_legacy_sources():
            old = old_communes.get(int(source.code))
            if old is None:
                continue
            pairs.add((old.pk, new_pk))
            pairs.add((old.parent_id, new_pk))  # the old district → each new commune that took its land
    return pairs


def _link_successors(pairs: set[tuple[int, int]], report: LoadReport) -> None:
    through = AdministrativeUnit.successors.through
    existing = set(through.objects.values_list("from_administrativeunit_id", "to_administrativeunit_id"))
    missing = pairs - existing
    through.objects.bulk_create(
        [through(from_administrativeunit_id=a, to_administrativeunit_id=b) for a, b in sorted(missing)],
        batch_size=2000,
    )
    report.links_added = len(missing)


@transaction.atomic
def load_units(*, actor: object = None) -> LoadReport:
    package, legacy = _package()
    report = LoadReport()
    upserter = _Upserter(report)
    current = _load_current(package, upserter)
    legacy_units = _load_legacy(legacy, upserter)
    _link_successors(_successor_pairs(package, current, legacy_units), report)
    if report.created or report.updated or report.links_added:
        audit_record(
            action="territory.units_loaded",
            actor=actor,
            data={
                "created": report.created,
                "updated": report.updated,
                "links": report.links_added,
                "package_version": getattr(package, "__version__", "?"),
            },
        )
    return report


def successor_summary() -> dict[str, int]:
    """Counts for the load command's report."""
    counts: dict[str, int] = defaultdict(int)
    for level, valid_to in AdministrativeUnit.objects.values_list("level", "valid_to"):
        counts[f"{'historical' if valid_to else 'current'}_{Level(level).name.lower()}"] += 1
    return dict(counts)
