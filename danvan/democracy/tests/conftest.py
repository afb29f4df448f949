from datetime import date

import pytest

from danvan.accounts.roles import Role
from danvan.democracy.models import DisclosureGroup
from danvan.democracy.services import disclosure_groups_seed, village_households_record
from danvan.territory.services import village_create


@pytest.fixture
def groups(db):
    disclosure_groups_seed()
    return {group.number: group for group in DisclosureGroup.objects.all()}


@pytest.fixture
def villages(commune_a):
    return [village_create(commune=commune_a, code=f"T0{n}", name=f"Khu vực {n}", kind="to_dan_pho") for n in (1, 2, 3)]


@pytest.fixture
def households(villages):
    """120 households in each village on 1/1/2026; 50 of them chose online voting."""

    def record(village, households=120, online_opt_in=50, as_of=date(2026, 1, 1)):
        return village_households_record(
            actor=None, village=village, as_of=as_of, households=households, online_opt_in=online_opt_in
        )

    for village in villages:
        record(village)
    return record


@pytest.fixture
def leader(make_officer, commune_a):
    return make_officer(Role.LEADER, commune_a)


@pytest.fixture
def village_head(make_officer, villages):
    return make_officer(Role.VILLAGE_HEAD, villages[0])


@pytest.fixture
def outsider(make_officer, other_province):
    return make_officer(Role.COORDINATOR, other_province)
