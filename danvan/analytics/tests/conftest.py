import pytest

from danvan.accounts.roles import Role
from danvan.cases.services import PersonInput, Submission, case_submit
from danvan.cases.tests.conftest import legal_data  # noqa: F401 (a fixture)

LAND_BODY = (
    "Gia đình tôi bị thu hồi đất nông nghiệp để làm đường nhưng mức bồi thường thấp hơn giá thị trường, "
    "chưa được hỗ trợ chuyển đổi nghề. Đề nghị xem xét lại quyết định bồi thường."
)


@pytest.fixture(autouse=True)
def analytics_settings(settings, tmp_path):
    """Train on a small subset (fast) and keep trained files out of var/."""
    settings.DANVAN_ANALYTICS = {"TRAIN_LIMIT": 15, "MODEL_DIR": str(tmp_path / "models")}


@pytest.fixture
def submit(legal_data, commune_a, django_capture_on_commit_callbacks):  # noqa: F811
    """Submit a case as a citizen and run what analytics does after commit."""
    from danvan.cases.models import Category

    counter = {"n": 0}

    def make(*, category="dat_dai", unit=None, subject="Khiếu nại quyết định thu hồi đất", body=LAND_BODY, **kw):
        counter["n"] += 1
        now = kw.pop("now", None)
        values = {
            "kind": "khieu_nai",
            "channel": "portal",
            "category": Category.objects.get(code=category),
            "subject": subject,
            "body": body,
            "submitted_unit": unit or commune_a,
            "persons": [PersonInput(full_name=f"Người Gửi {counter['n']}", phone=f"09000000{counter['n']:02d}")],
        }
        values.update(kw)
        with django_capture_on_commit_callbacks(execute=True):
            return case_submit(data=Submission(**values), now=now).case

    return make


@pytest.fixture
def leader(make_officer, commune_a):
    return make_officer(Role.LEADER, commune_a)


@pytest.fixture
def handler(make_officer, commune_a):
    return make_officer(Role.CASE_HANDLER, commune_a)


@pytest.fixture
def coordinator(make_officer, province):
    return make_officer(Role.COORDINATOR, province)


@pytest.fixture
def outsider(make_officer, other_province):
    return make_officer(Role.LEADER, other_province)
