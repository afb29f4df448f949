from datetime import UTC, date, datetime

import pytest

from danvan.accounts.roles import Role
from danvan.cases.models import Case, Category
from danvan.cases.services import PersonInput, Submission, case_rate, case_submit
from danvan.cases.workflow import Status
from danvan.evaluations import services
from danvan.evaluations.services import CriterionInput

YEAR_START, YEAR_END = date(2026, 1, 1), date(2026, 12, 31)
ANSWERED_AT = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)


@pytest.fixture
def commune_c(make_unit, province):
    return make_unit("31150", "Xã Phong Điền", parent=province, kind="xa")


@pytest.fixture
def reviewer(make_officer, province):
    return make_officer(Role.COORDINATOR, province)


@pytest.fixture
def unit_officer(make_officer):
    return lambda unit: make_officer(Role.COORDINATOR, unit)


@pytest.fixture
def outsider(make_officer, other_province):
    return make_officer(Role.COORDINATOR, other_province)


@pytest.fixture
def rated_cases(db):
    """rated_cases(unit, [scores]): petitions answered in June 2026 and rated by their citizens."""
    from danvan.cases.deadlines import seed_legal_data

    seed_legal_data()
    category = Category.objects.get(code="dat_dai")

    def make(unit, scores):
        for score in scores:
            data = Submission(
                kind="kien_nghi",
                channel="portal",
                category=category,
                subject="Kiến nghị sửa đường liên ấp",
                body="Đường liên ấp xuống cấp, đề nghị sửa chữa.",
                submitted_unit=unit,
                persons=[PersonInput(full_name="Trần Văn Dân")],
            )
            case = case_submit(data=data, now=ANSWERED_AT).case
            # Test set-up: skip the handling steps (tested in cases); the rating itself uses case_rate.
            Case.objects.filter(pk=case.pk).update(status=Status.ANSWERED, answered_at=ANSWERED_AT)
            case_rate(case_id=case.pk, score=score, now=ANSWERED_AT)

    return make


@pytest.fixture
def criteria(reviewer, province):
    """Three levels, 100 points; criterion 2.1 is scored automatically from case-handling satisfaction."""
    criteria_set = services.criteria_set_create(
        actor=reviewer, unit=province, name="Tiêu chí đánh giá công tác dân vận chính quyền cấp xã năm 2026"
    )

    def add(code, title, points=0, parent=None, **extra):
        return services.criterion_add(
            actor=reviewer,
            criteria_set=criteria_set,
            data=CriterionInput(code=code, title=title, max_points=points, parent=parent, **extra),
        )

    lead = add("1", "Công tác lãnh đạo, chỉ đạo")
    plans = add("1.1", "Ban hành kế hoạch", parent=lead)
    add("1.1.a", "Kế hoạch công tác dân vận chính quyền năm", 10, plans, evidence_required=True)
    add("1.1.b", "Kế hoạch thực hiện dân chủ ở cơ sở", 10, plans)
    add("1.2", "Tiếp công dân định kỳ của người đứng đầu", 20, lead)
    results = add("2", "Kết quả phục vụ Nhân dân")
    add("2.1", "Người dân hài lòng với kết quả giải quyết đơn", 20, results, indicator_code="surveys.case_satisfaction")
    add("2.2", "Đối thoại với Nhân dân", 40, results)
    return criteria_set
