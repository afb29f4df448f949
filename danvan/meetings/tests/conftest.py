from datetime import date

import pytest

from danvan.accounts.roles import Role
from danvan.meetings.models import ReceptionPolicy


@pytest.fixture
def legal_data(db):
    from danvan.cases.deadlines import seed_legal_data

    seed_legal_data()


@pytest.fixture
def category(legal_data):
    from danvan.cases.models import Category

    return Category.objects.get(code="dat_dai")


@pytest.fixture
def officer(make_officer, commune_a, legal_data):
    """A reception officer of the commune: MEETING_MANAGE and CASE_RECEIVE."""
    return make_officer(Role.RECEPTION_OFFICER, commune_a)


@pytest.fixture
def outsider(make_officer, other_province):
    return make_officer(Role.RECEPTION_OFFICER, other_province)


@pytest.fixture
def chair(make_officer, commune_a):
    return make_officer(Role.LEADER, commune_a, username="chutich")


@pytest.fixture
def weekly(db):
    return ReceptionPolicy.objects.get(code="chu-tich-xa")


@pytest.fixture
def duty(officer, chair, weekly, commune_a):
    from danvan.meetings.services import duty_assign

    return duty_assign(
        actor=officer,
        leader=chair,
        title="Chủ tịch UBND phường Ninh Kiều",
        policy=weekly,
        unit=commune_a,
        valid_from=date(2025, 7, 1),
    )


@pytest.fixture
def committee(make_org, commune_a):
    return make_org(commune_a)
