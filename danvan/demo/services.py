"""Build the demo world with the same services the application uses. Idempotent: run it again and
nothing is duplicated."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from danvan.accounts.models import User
from danvan.accounts.services import role_assign, user_create
from danvan.demo.personas import (
    COMMUNE_BODIES,
    DEMO_COMMUNES,
    DEMO_PASSWORD,
    PERSONAS,
    PROVINCE_BODIES,
    REMOTE_PROVINCE,
    VILLAGES,
    Persona,
)
from danvan.organizations.models import Organization
from danvan.organizations.services import organization_ensure, organization_kinds_seed, position_assign
from danvan.territory.models import AdministrativeUnit
from danvan.territory.services import name_without_kind, unit_set_remote_area, village_create

Level = AdministrativeUnit.Level
DEMO_ROLES_SINCE = date(2025, 7, 1)


def _bodies(unit: AdministrativeUnit, templates, parent_by_kind=None) -> dict[str, Organization]:
    short = name_without_kind(unit.name)
    made = {}
    for kind, pattern, symbol in templates:
        parent = (parent_by_kind or {}).get(kind)
        made[kind] = organization_ensure(
            kind_code=kind,
            unit=unit,
            name=pattern.format(unit=unit.name, short=short),
            parent=parent,
            document_symbol=symbol,
        )
    return made


def _persona_user(persona: Persona, organizations: dict[tuple[str, str], Organization]) -> User:
    user = User.objects.filter(username=persona.username).first()
    if user is None:
        user = user_create(
            username=persona.username,
            full_name=persona.full_name,
            password=DEMO_PASSWORD,
            email=f"{persona.username}@demo.danvan.local",
            is_staff=persona.role == "administrator",
        )
        if persona.role == "administrator":
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
    organization = organizations.get((persona.unit_code, persona.organization_kind))
    unit = AdministrativeUnit.objects.current().get(code=persona.unit_code) if persona.unit_code else None
    # The personas have held their posts since the 2025 reform, so months of demo history (visits,
    # reports, quotas) fall inside their assignments.
    role_assign(user=user, role=persona.role, unit=unit, organization=organization, valid_from=DEMO_ROLES_SINCE)
    if organization is not None:
        position_assign(organization=organization, title=persona.title, holder=user, is_head=persona.is_head)
    return user


@transaction.atomic
def demo_build() -> list[Persona]:
    organization_kinds_seed()
    organizations: dict[tuple[str, str], Organization] = {}
    for province_code, commune_codes in DEMO_COMMUNES.items():
        province = AdministrativeUnit.objects.current().get(code=province_code, level=Level.PROVINCE)
        provincial = _bodies(province, PROVINCE_BODIES)
        organizations.update({(province_code, kind): org for kind, org in provincial.items()})
        for commune in AdministrativeUnit.objects.current().filter(code__in=commune_codes, level=Level.COMMUNE):
            if province_code == REMOTE_PROVINCE:
                unit_set_remote_area(unit=commune, remote_area=True)
                commune.refresh_from_db()
            communal = _bodies(commune, COMMUNE_BODIES, parent_by_kind=provincial)
            organizations.update({(commune.code, kind): org for kind, org in communal.items()})
            for code, name, kind in VILLAGES.get(commune.code, []):
                if not commune.children.filter(code=f"{commune.code}-{code}").exists():
                    village_create(commune=commune, code=code, name=name, kind=kind)
    for persona in PERSONAS:
        _persona_user(persona, organizations)
    return PERSONAS
