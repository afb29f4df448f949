"""What the HTTP benchmarks and the load run need in the database: the units, the legal data, officers who
can log in or hold an API token. Idempotent; the data generator (bench/generate.py) adds the cases."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from bench.processes import ROOT

PASSWORD = "Bench-Dan-van-2026!"


def prepare_database() -> None:
    from danvan.cases.deadlines import seed_legal_data
    from danvan.territory.loader import load_units
    from danvan.territory.models import AdministrativeUnit

    call_command("init-keys", verbosity=0)
    call_command("migrate", verbosity=0)
    if not AdministrativeUnit.objects.exists():
        load_units()
    seed_legal_data()


@transaction.atomic
def officer(username: str, role: str, unit_code: str, level: int):
    from danvan.accounts.models import User
    from danvan.accounts.services import role_assign, user_create
    from danvan.territory.models import AdministrativeUnit

    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(username=username, full_name="Cán bộ đo hiệu năng", password=PASSWORD)
        unit = AdministrativeUnit.objects.current().get(code=unit_code, level=level)
        role_assign(user=user, role=role, unit=unit)
    return user


@transaction.atomic
def national_coordinator():
    """A coordinator with nationwide jurisdiction (the central Commission's view)."""
    from danvan.accounts.models import User
    from danvan.accounts.services import role_assign, user_create

    user = User.objects.filter(username="bench.quocgia").first()
    if user is None:
        user = user_create(username="bench.quocgia", full_name="Điều phối toàn quốc", password=PASSWORD)
        role_assign(user=user, role="coordinator", unit=None)
    return user


def api_token_for(user) -> str:
    from danvan.api.services import api_token_create

    _token, plaintext = api_token_create(user=user, name="Đo hiệu năng")
    return plaintext


def server_env() -> dict[str, str]:
    """The server sees the same database, keys and secret as this process, with production settings."""
    return {
        **os.environ,
        "DANVAN_DEBUG": "0",
        "DANVAN_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{settings.DATABASES['default']['NAME']}"),
        "DANVAN_FIELD_KEYRING_FILE": str(settings.FIELD_ENCRYPTION_KEYRING),
        "DANVAN_SECURE_COOKIES": "0",
        "DANVAN_STATIC_MANIFEST": "0",
        "DANVAN_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def results_dir() -> Path:
    path = ROOT / "bench" / "results"
    path.mkdir(exist_ok=True)
    return path


def dataset_size(cases: int) -> int:
    """The dataset's nominal size (102,692 → 100,000; 1,003,714 → 1,000,000): each run adds the cases it
    submits, and a re-run must replace the previous results of the same dataset, not sit beside them."""
    step = 10 ** max(len(str(cases)) - 2, 0)
    return round(cases / step) * step
