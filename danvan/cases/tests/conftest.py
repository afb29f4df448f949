import pytest

from danvan.accounts.roles import Role
from danvan.cases.models import Category
from danvan.cases.services import PersonInput, Submission


@pytest.fixture
def legal_data(db):
    from danvan.cases.deadlines import seed_legal_data

    seed_legal_data()


@pytest.fixture
def category(legal_data):
    return Category.objects.get(code="dat_dai")


@pytest.fixture
def submission(category, commune_a):
    def make(kind="khieu_nai", **overrides):
        values = {
            "kind": kind,
            "channel": "portal",
            "category": category,
            "subject": "Khiếu nại quyết định thu hồi đất",
            "body": "Gia đình tôi không đồng ý mức bồi thường.",
            "submitted_unit": commune_a,
            "persons": [
                PersonInput(
                    full_name="Nguyễn Văn Tố", id_number="001234567890", phone="0912345678", address="Số 5, Khu vực 1"
                )
            ],
            "notify_email": "to@example.vn",
        }
        values.update(overrides)
        return Submission(**values)

    return make


@pytest.fixture
def handler(make_officer, commune_a):
    return make_officer(Role.CASE_HANDLER, commune_a)


@pytest.fixture
def leader(make_officer, commune_a):
    return make_officer(Role.LEADER, commune_a)
