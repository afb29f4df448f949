from __future__ import annotations

from django.db import transaction

from danvan.core.audit import audit_record
from danvan.core.text import fold, normalize
from danvan.organizations.kinds import KINDS
from danvan.organizations.models import Organization, OrganizationKind, Position
from danvan.territory.models import AdministrativeUnit


def organization_fill_derived(organization: Organization) -> Organization:
    organization.name = normalize(organization.name)
    organization.name_folded = fold(organization.name)
    organization.unit_path = organization.unit.path
    return organization


def organization_kinds_seed() -> None:
    """Add any missing kind (never renames: administrators own the names once seeded)."""
    for code, name, family, symbol, order in KINDS:
        OrganizationKind.objects.get_or_create(
            code=code, defaults={"name": name, "family": family, "default_symbol": symbol, "sort_order": order}
        )


@transaction.atomic
def organization_ensure(
    *,
    kind_code: str,
    unit: AdministrativeUnit,
    name: str,
    parent: Organization | None = None,
    document_symbol: str = "",
    actor: object = None,
) -> Organization:
    """Create the organisation if the unit has none of that kind and name; return it either way."""
    kind = OrganizationKind.objects.get(code=kind_code)
    organization = Organization.objects.filter(unit=unit, kind=kind, name=normalize(name)).first()
    if organization is not None:
        return organization
    organization = organization_fill_derived(
        Organization(
            kind=kind, unit=unit, name=name, parent=parent, document_symbol=document_symbol or kind.default_symbol
        )
    )
    organization.full_clean()
    organization.save()
    audit_record(action="organizations.created", actor=actor, target=organization, unit_path=organization.unit_path)
    return organization


@transaction.atomic
def position_assign(
    *,
    organization: Organization,
    title: str,
    holder: object,
    is_head: bool = False,
    actor: object = None,
) -> Position:
    position, _ = Position.objects.get_or_create(
        organization=organization, title=normalize(title), defaults={"is_head": is_head}
    )
    if position.holder_id != getattr(holder, "pk", None) or position.is_head != is_head:
        position.holder, position.is_head = holder, is_head
        position.save(update_fields=["holder", "is_head", "updated_at"])
        audit_record(
            action="organizations.position_assigned",
            actor=actor,
            target=position,
            unit_path=organization.unit_path,
            data={"holder": getattr(holder, "pk", None)},
        )
    return position
