from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.core.sentiment import Severity, Tone
from danvan.fieldwork.services import ObservationInput, VisitInput, quota_policy_seed
from danvan.territory.models import AdministrativeUnit


def local(year, month, day, hour=9, minute=0):
    """An aware moment in Vietnam time."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.fixture
def policy(db):
    return quota_policy_seed()


@pytest.fixture
def village_a(make_unit, commune_a):
    return make_unit(
        "31135-T01",
        "Khu vực 1",
        parent=commune_a,
        level=AdministrativeUnit.Level.VILLAGE,
        kind="to_dan_pho",
    )


@pytest.fixture
def other_commune(make_unit, other_province):
    return make_unit("03390", "Xã Bình Lư", parent=other_province)


@pytest.fixture
def cadre(make_officer, commune_a, make_org):
    org = make_org(commune_a, kind="mttq", name="Ủy ban Mặt trận Tổ quốc Việt Nam Phường Ninh Kiều")
    return make_officer(Role.FIELD_CADRE, commune_a, organization=org)


@pytest.fixture
def cadre_b(make_officer, commune_b):
    return make_officer(Role.FIELD_CADRE, commune_b)


@pytest.fixture
def reviewer(make_officer, province):
    return make_officer(Role.COORDINATOR, province)


@pytest.fixture
def visit_data(commune_a):
    def make(**overrides):
        values = {
            "client_id": uuid.uuid4(),
            "unit": commune_a,
            "visited_at": local(2026, 10, 5),
            "kind": "field_trip",
            "purpose": "Nắm tình hình giải phóng mặt bằng dự án bờ kè",
            "notes": "Làm việc với chi hội nông dân khu vực 1.",
            "observations": [
                ObservationInput(
                    topic="Thu hồi đất làm bờ kè",
                    tone=Tone.ANGRY,
                    severity=Severity.HIGH,
                    text="Nhiều hộ chưa đồng ý giá bồi thường.",
                )
            ],
        }
        values.update(overrides)
        return VisitInput(**values)

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Officers are created with passwords in every test: the production hasher would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
