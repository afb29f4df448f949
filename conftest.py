"""Shared test set-up: settings for tests, a throwaway encryption keyring, and a small world of units,
organisations and personas (always two sibling communes, so that leaks between units show up)."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from danvan.core import crypto


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in Vietnamese, as a user does. Django keeps the active language per thread, so a test
    whose request switched to English would otherwise leave English behind for the next test in the process."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (dashboard figures, throttles), as a fresh server would."""
    from django.core.cache import cache

    cache.clear()


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


# --- No personal data in logs -----------------------------------------------------------------------
# Every log line written during the run is kept, and the run fails if one contains the identity of a
# person from the test data (names, ID numbers, phones used by the case fixtures). Logs must never
# carry personal data: the secrecy rules for denouncers (Luật Tố cáo, Điều 8) start there.
PERSONAL_DATA_MARKERS = ("Nguyễn Văn Tố", "001234567890", "0912345678", "Phạm Thị Bảo Mật", "Số 5, Khu vực 1")


class _LogCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(f"{record.name}: {record.getMessage()} {record.exc_text or ''}")
        except Exception:
            self.lines.append(f"{record.name}: <unformattable>")


_log_collector = _LogCollector()


@pytest.fixture(autouse=True, scope="session")
def _collect_logs(django_db_setup):
    """Fails the run (as an error at teardown, which pytest-xdist reports too) on any leak."""
    logging.getLogger().addHandler(_log_collector)
    yield
    logging.getLogger().removeHandler(_log_collector)
    leaks = [line for line in _log_collector.lines if any(marker in line for marker in PERSONAL_DATA_MARKERS)]
    if leaks:
        pytest.fail(f"Personal data found in {len(leaks)} log line(s), first: {leaks[0][:300]}")
