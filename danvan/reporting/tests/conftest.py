from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from danvan.cases.tests.conftest import category, handler, leader, legal_data, submission  # noqa: F401

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, h=9):
    return datetime(y, m, d, h, tzinfo=VN)


@pytest.fixture
def province_leader(make_officer, province):
    from danvan.accounts.roles import Role

    return make_officer(Role.LEADER, province)


@pytest.fixture
def national_coordinator(make_officer):
    from danvan.accounts.roles import Role

    return make_officer(Role.COORDINATOR, None)
