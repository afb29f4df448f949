from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from danvan.accounts.roles import Role
from danvan.practices.models import PracticeField
from danvan.practices.services import PracticeInput, ResultInput, criteria_sets_seed, practice_register

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 10, 10, 9, 0, tzinfo=VN)


@pytest.fixture
def criteria(db):
    criteria_sets_seed()


@pytest.fixture
def commune_officer(make_officer, commune_a):
    return make_officer(Role.COORDINATOR, commune_a)


@pytest.fixture
def province_officer(make_officer, province):
    return make_officer(Role.COORDINATOR, province)


@pytest.fixture
def national_officer(make_officer):
    return make_officer(Role.COORDINATOR, None)


@pytest.fixture
def other_officer(make_officer, other_province):
    return make_officer(Role.COORDINATOR, other_province)


@pytest.fixture
def register(criteria, commune_a, commune_officer):
    def make(
        title="Nước sạch về bản – cả làng cùng góp công",
        *,
        unit=None,
        actor=None,
        field=PracticeField.NEW_RURAL,
        description=None,
    ):
        return practice_register(
            data=PracticeInput(
                title=title,
                field=field,
                holder="tap_the",
                holder_name="Chi hội Phụ nữ khu vực 2",
                unit=unit or commune_a,
                period_start=date(2025, 3, 1),
                description=description or "Vận động các hộ góp ngày công, tự quản đường ống dẫn nước sạch.",
                results=[
                    ResultInput(
                        indicator="Hộ dùng nước sạch", baseline=Decimal(45), result=Decimal(312), unit_of_measure="hộ"
                    )
                ],
            ),
            actor=actor or commune_officer,
            now=NOW,
        )

    return make


def full_scores(review, value=None):
    """Every criterion of the review's set scored ``value`` (default: its maximum)."""
    return {c.pk: (c.max_score if value is None else value) for c in review.criteria_set.criteria.all()}
