"""The questionnaire builder, links, permissions, the configurable index and the case-satisfaction series."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from danvan.accounts.roles import Role
from danvan.cases.models import Case, Category
from danvan.cases.services import PersonInput, Submission, case_rate, case_submit
from danvan.cases.workflow import Status
from danvan.core.errors import PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.indicators import Scope, indicator
from danvan.surveys import services
from danvan.surveys.index import LikertCount, Method, compute_index, wilson_interval
from danvan.surveys.models import IndexMethod
from danvan.surveys.selectors import case_satisfaction_series, survey_index, survey_unit_comparison

pytestmark = pytest.mark.django_db


def _likert_values(survey, value):
    return {
        q.pk: value if q.kind == "likert" else ("1 lần" if q.kind == "single" else "") for q in survey.questions.all()
    }


def test_wilson_interval_known_values():
    # Textbook values: 0 of 10 → [0, 27.75 %]; 10 of 10 → [72.25 %, 100 %]; 50 of 100 → [40.38 %, 59.62 %].
    assert wilson_interval(0, 10).high == pytest.approx(0.2775, abs=1e-4)
    assert wilson_interval(10, 10).low == pytest.approx(0.7225, abs=1e-4)
    middle = wilson_interval(50, 100)
    assert (middle.low, middle.high) == pytest.approx((0.4038, 0.5962), abs=1e-4)
    assert wilson_interval(0, 0) is None


def test_the_index_formula_is_configuration():
    counts = [
        LikertCount("access", "satisfaction", 5, 6),
        LikertCount("access", "satisfaction", 4, 2),
        LikertCount("access", "satisfaction", 2, 2),
        LikertCount("result", "satisfaction", 4, 5),
        LikertCount("result", "satisfaction", 3, 5),
        LikertCount("result", "expectation", 1, 10),
    ]
    order = ["access", "result"]
    default = compute_index(counts, respondents=10, method=Method(), element_order=order)
    # access 8/10; result 5/20 (expectation answers count too) → mean (0.8 + 0.25) / 2.
    assert [e.index for e in default.elements] == [0.8, 0.25]
    assert default.index == pytest.approx(0.525)
    only_satisfaction = compute_index(
        counts, respondents=10, method=Method(aspects=("satisfaction",)), element_order=order
    )
    assert [e.index for e in only_satisfaction.elements] == [0.8, 0.5]
    strict = compute_index(counts, respondents=10, method=Method(satisfied_from=5), element_order=order)
    assert [e.index for e in strict.elements] == [0.6, 0.0]
    weighted = compute_index(counts, respondents=10, method=Method(weights={"access": 3}), element_order=order)
    assert weighted.index == pytest.approx((3 * 0.8 + 0.25) / 4)


def test_a_stored_default_method_is_used(sipas_survey, manager):
    link = services.link_create_open(actor=manager, survey=sipas_survey)
    services.response_submit(token=link.token, values=_likert_values(sipas_survey, 4))
    assert survey_index(sipas_survey).index == 1.0
    IndexMethod.objects.create(name="Chỉ tính mức 5", satisfied_from=5, is_default=True)
    assert survey_index(sipas_survey).index == 0.0


def test_question_validation_speaks_vietnamese(sipas_survey, manager, province):
    survey = services.survey_create(actor=manager, unit=province, title="Khảo sát thử")
    with pytest.raises(ValidationFailed, match="ít nhất 2 lựa chọn"):
        services.question_add(
            actor=manager, survey=survey, data=services.QuestionInput(kind="single", text="Chọn?", choices=["Một"])
        )
    with pytest.raises(ValidationFailed, match="Chỉ câu hỏi thang 1–5"):
        services.question_add(
            actor=manager, survey=survey, data=services.QuestionInput(kind="text", text="Góp ý", element="access")
        )
    with pytest.raises(ValidationFailed, match="nội dung câu hỏi"):
        services.question_add(actor=manager, survey=survey, data=services.QuestionInput(kind="likert", text="  "))
    with pytest.raises(TransitionNotAllowed, match="chưa có câu hỏi"):
        services.survey_set_status(actor=manager, survey=survey, status="open")


def test_questions_can_be_reordered_until_the_first_answer(sipas_survey, manager):
    first, second = list(sipas_survey.questions.all())[:2]
    services.question_move(actor=manager, question=second, up=True)
    assert list(sipas_survey.questions.values_list("pk", flat=True))[:2] == [second.pk, first.pk]
    link = services.link_create_open(actor=manager, survey=sipas_survey)
    services.response_submit(token=link.token, values=_likert_values(sipas_survey, 5))
    with pytest.raises(TransitionNotAllowed, match="đã có phiếu trả lời"):
        services.question_move(actor=manager, question=second, up=False)


def test_the_builder_page_adds_a_question_and_shows_errors_beside_the_field(manager, province):
    survey = services.survey_create(actor=manager, unit=province, title="Khảo sát thử")
    client = Client()
    client.force_login(manager)
    url = f"/lam-viec/khao-sat/{survey.public_id}/cau-hoi/"
    bad = client.post(
        url, {"kind": "multiple", "text": "Ông/bà biết đến dịch vụ qua đâu?", "choices": "Loa phát thanh"}
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "ít nhất 2 lựa chọn" in page and "Ông/bà biết đến dịch vụ qua đâu?" in page
    good = client.post(
        url,
        {
            "kind": "likert",
            "text": "Hài lòng với thái độ cán bộ?",
            "element": "officials",
            "aspect": "satisfaction",
            "required": "on",
        },
    )
    assert good.status_code == 302
    question = survey.questions.get()
    assert (question.kind, question.element, question.aspect, question.required) == (
        "likert",
        "officials",
        "satisfaction",
        True,
    )


def test_jurisdiction(sipas_survey, manager, commune_manager, outsider, commune_b, other_province):
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/lam-viec/khao-sat/{sipas_survey.public_id}/").status_code == 404
    assert client.get(f"/lam-viec/khao-sat/{sipas_survey.public_id}/ket-qua/").status_code == 404
    with pytest.raises(PermissionDeniedError):
        services.survey_create(actor=commune_manager, unit=sipas_survey.unit, title="Vượt thẩm quyền")
    with pytest.raises(PermissionDeniedError):
        services.link_create_open(actor=commune_manager, survey=sipas_survey, unit=commune_b)
    with pytest.raises(ValidationFailed, match="thuộc địa bàn"):
        services.link_create_open(actor=manager, survey=sipas_survey, unit=other_province)
    own = Client()
    own.force_login(manager)
    assert own.get(f"/lam-viec/khao-sat/{sipas_survey.public_id}/").status_code == 200


def test_units_below_the_minimum_sample_are_not_compared(sipas_survey, manager, commune_a, commune_b):
    IndexMethod.objects.create(name="Mẫu tối thiểu 4", min_sample=4, is_default=True)
    link_a = services.link_create_open(actor=manager, survey=sipas_survey, unit=commune_a)
    link_b = services.link_create_open(actor=manager, survey=sipas_survey, unit=commune_b)
    for value in (5, 4, 4, 2):
        services.response_submit(token=link_a.token, values=_likert_values(sipas_survey, value))
    for value in (5, 5):
        services.response_submit(token=link_b.token, values=_likert_values(sipas_survey, value))
    rows = survey_unit_comparison(sipas_survey)
    assert [(row.unit.pk, row.compared, row.rank) for row in rows] == [
        (commune_a.pk, True, 1),
        (commune_b.pk, False, None),
    ]
    assert rows[0].result.index == pytest.approx(0.75)
    assert rows[1].reason == "Mới có 2 phiếu, cần tối thiểu 4 phiếu để so sánh."
    client = Client()
    client.force_login(manager)
    page = client.get(f"/lam-viec/khao-sat/{sipas_survey.public_id}/ket-qua/").content.decode()
    assert "Không so sánh" in page and "Mới có 2 phiếu, cần tối thiểu 4 phiếu để so sánh." in page


def test_case_ratings_feed_the_case_satisfaction_series(commune_a, commune_b, manager):
    from danvan.cases.deadlines import seed_legal_data

    seed_legal_data()
    category = Category.objects.get(code="dat_dai")
    moment = datetime(2026, 10, 5, 3, 0, tzinfo=UTC)
    for unit, scores in ((commune_a, [5, 4, 3, 1]), (commune_b, [5])):
        for score in scores:
            data = Submission(
                kind="phan_anh",
                channel="portal",
                category=category,
                subject="Phản ánh đèn đường hỏng",
                body="Đèn đường khu vực 3 hỏng đã lâu.",
                submitted_unit=unit,
                persons=[PersonInput(full_name="Lê Thị Hoa")],
            )
            case = case_submit(data=data, now=moment).case
            Case.objects.filter(pk=case.pk).update(status=Status.ANSWERED, answered_at=moment)
            case_rate(case_id=case.pk, score=score, now=moment)
    rows = case_satisfaction_series([commune_a.path, commune_b.path])
    by_unit = {row.unit.pk: row for row in rows}
    assert (by_unit[commune_a.pk].period, by_unit[commune_a.pk].rated, by_unit[commune_a.pk].satisfied) == (
        "10/2026",
        4,
        2,
    )
    interval = by_unit[commune_a.pk].interval
    assert (interval.low, interval.high) == pytest.approx((0.1500, 0.8500), abs=1e-4)
    assert by_unit[commune_a.pk].enough is False
    value = indicator("surveys.case_satisfaction").value(Scope((commune_a.path,), moment.date(), moment.date()))
    assert (value.numerator, value.denominator) == (2, 4)
    client = Client()
    client.force_login(manager)
    page = client.get("/lam-viec/khao-sat/hai-long-giai-quyet-don/").content.decode()
    assert "Phường Ninh Kiều" in page and "50,0" in page


def test_desk_and_portal_cards(manager, make_officer, commune_a):
    client = Client()
    client.force_login(manager)
    assert "/lam-viec/khao-sat/" in client.get("/lam-viec/").content.decode()
    handler = make_officer(Role.CASE_HANDLER, commune_a)
    client.force_login(handler)
    assert "/lam-viec/khao-sat/" not in client.get("/lam-viec/").content.decode()
    assert "/khao-sat/" in Client().get("/").content.decode()
