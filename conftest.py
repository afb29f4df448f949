"""Shared test set-up: settings for tests, a throwaway encryption keyring, and a small world of units,
organisations and personas (always two sibling communes, so that leaks between units show up)."""

from __future__ import annotations

from datetime import date

import pytest

from danvan.core import crypto


@pytest.fixture(autouse=True)
def field_keyring(settings, tmp_path):
    settings.FIELD_ENCRYPTION_KEYRING = tmp_path / "keys" / "field-keyring.json"
    crypto.write_keyring(crypto.new_keyring(), settings.FIELD_ENCRYPTION_KEYRING)
    return settings.FIELD_ENCRYPTION_KEYRING


@pytest.fixture
def make_unit():
    from danvan.territory.models import AdministrativeUnit
    from danvan.territory.services import unit_fill_derived

    def make(
        code: str,
        name: str,
        *,
        parent=None,
        level=None,
        kind=None,
        valid_from=date(2025, 7, 1),
        valid_to=None,
        remote_area=False,
    ):
        level = level or (AdministrativeUnit.Level.COMMUNE if parent else AdministrativeUnit.Level.PROVINCE)
        kind = kind or ("xa" if parent else "tinh")
        unit = AdministrativeUnit(
            code=code,
            name=name,
            parent=parent,
            level=level,
            kind=kind,
            valid_from=valid_from,
            valid_to=valid_to,
            remote_area=remote_area,
        )
        unit_fill_derived(unit, historical=valid_to is not None)
        unit.save()
        return unit

    return make


@pytest.fixture
def province(make_unit):
    return make_unit("92", "Thành phố Cần Thơ", kind="thanh_pho_tw")


@pytest.fixture
def other_province(make_unit):
    return make_unit("12", "Tỉnh Lai Châu")


@pytest.fixture
def commune_a(make_unit, province):
    return make_unit("31135", "Phường Ninh Kiều", parent=province, kind="phuong")


@pytest.fixture
def commune_b(make_unit, province):
    return make_unit("31186", "Phường Cái Răng", parent=province, kind="phuong")


@pytest.fixture
def organizations_seeded(db):
    from danvan.organizations.services import organization_kinds_seed

    organization_kinds_seed()


@pytest.fixture
def make_org(organizations_seeded):
    from danvan.organizations.services import organization_ensure

    def make(unit, kind="ubnd", name=None):
        return organization_ensure(kind_code=kind, unit=unit, name=name or f"Ủy ban nhân dân {unit.name}")

    return make


@pytest.fixture
def make_officer(db):
    from danvan.accounts.services import role_assign, user_create

    counter = {"n": 0}

    def make(role, unit=None, *, username=None, password="mat-khau-kiem-thu-2026", valid_from=None, **kwargs):
        counter["n"] += 1
        user = user_create(
            username=username or f"canbo{counter['n']}", full_name=f"Cán bộ Số {counter['n']}", password=password
        )
        role_assign(user=user, role=role, unit=unit, valid_from=valid_from or date(2025, 7, 1), **kwargs)
        return user

    return make
