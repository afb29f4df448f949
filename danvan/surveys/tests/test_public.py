"""The acceptance test of surveys: 200 anonymous answers through printed one-time tokens give the index and
the Wilson interval of a hand calculation; a used token is refused; open links allow one answer per browser,
rate-limit addresses, and nothing identifying is stored with the answers."""

from __future__ import annotations

import math

import pytest
from django.test import Client

from danvan.core.indicators import Scope, indicator
from danvan.core.models import AuditEvent
from danvan.surveys import services
from danvan.surveys.models import Answer, Response, SurveyLink
from danvan.surveys.selectors import survey_index

pytestmark = pytest.mark.django_db


# Answers of respondent i (0–199) to the five SIPAS questions, chosen so the shares are easy to count:
# access 150/200 at 4–5, procedure 120/200, officials 180/200, result 160/200, feedback 100/200.
def _likert(i: int) -> list[int]:
    access = 5 if i < 90 else 4 if i < 150 else 3 if i < 180 else 2
    procedure = 4 if i < 120 else 2
    officials = 5 if i < 180 else 1
    result = 4 if i < 160 else 3
    feedback = 5 if i < 100 else 3
    return [access, procedure, officials, result, feedback]


def _post_data(survey, i: int) -> dict:
    questions = list(survey.questions.all())
    data = {q.field_name: str(value) for q, value in zip(questions[:5], _likert(i), strict=True)}
    data[questions[5].field_name] = "1 lần"
    data[questions[6].field_name] = "Cán bộ nhiệt tình" if i % 50 == 0 else ""
    return data


def _hand_wilson(p: float, n: int, z: float = 1.96) -> tuple[float, float]:
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_200_answers_through_the_public_link_give_the_hand_computed_index(sipas_survey, manager, commune_a):
    batch = services.tokens_issue(actor=manager, survey=sipas_survey, unit=commune_a, count=200, label="Một cửa")
    tokens = list(SurveyLink.objects.filter(survey=sipas_survey, batch=batch).values_list("token", flat=True))
    assert len(tokens) == 200 and len(set(tokens)) == 200

    client = Client(REMOTE_ADDR="203.113.1.7")
    for i, token in enumerate(tokens):
        response = client.post(f"/khao-sat/{token}/", _post_data(sipas_survey, i))
        assert response.status_code == 302, response.content.decode()[:500]
        assert response["Location"] == "/khao-sat/cam-on/"

    result = survey_index(sipas_survey)
    # Hand calculation: element shares and their mean.
    shares = [150 / 200, 120 / 200, 180 / 200, 160 / 200, 100 / 200]
    assert [e.index for e in result.elements] == pytest.approx(shares)
    assert result.index == pytest.approx(0.71)
    assert result.respondents == 200
    low, high = _hand_wilson(0.71, 200)
    assert (low, high) == pytest.approx((0.6436, 0.7685), abs=1e-4)
    assert result.interval.low == pytest.approx(low, abs=1e-5)
    assert result.interval.high == pytest.approx(high, abs=1e-5)
    # Element interval, e.g. officials 180/200.
    officials_low, officials_high = _hand_wilson(0.9, 200)
    assert result.elements[2].interval.low == pytest.approx(officials_low, abs=1e-5)
    assert result.elements[2].interval.high == pytest.approx(officials_high, abs=1e-5)

    # The indicator adds counts: 710 satisfied of 1000 Likert answers, in the commune's subtree.
    today = Response.objects.first().submitted_on
    value = indicator("surveys.satisfaction_index").value(Scope((commune_a.path,), today, today))
    assert (value.numerator, value.denominator) == (710, 1000)
    assert indicator("surveys.responses").value(Scope((commune_a.path,), today, today)).numerator == 200

    # The officer's results page shows the same figures.
    officer = Client()
    officer.force_login(manager)
    page = officer.get(f"/lam-viec/khao-sat/{sipas_survey.public_id}/ket-qua/").content.decode()
    assert "71,0 %" in page
    assert f"{low * 100:.1f}".replace(".", ",") in page and f"{high * 100:.1f}".replace(".", ",") in page

    # Nothing identifying is stored with the answers: no address in responses, answers or audit events.
    assert "203.113.1.7" not in str(list(Response.objects.values()))
    assert "203.113.1.7" not in str(list(Answer.objects.values()))
    assert not AuditEvent.objects.filter(action="surveys.response_recorded").exclude(object_id="").exists()


def test_a_one_time_token_is_refused_the_second_time(sipas_survey, manager, commune_a):
    services.tokens_issue(actor=manager, survey=sipas_survey, unit=commune_a, count=2)
    token = SurveyLink.objects.filter(survey=sipas_survey).first().token
    client = Client()
    assert client.post(f"/khao-sat/{token}/", _post_data(sipas_survey, 0)).status_code == 302

    again = Client().post(f"/khao-sat/{token}/", _post_data(sipas_survey, 1))
    assert again.status_code == 409
    assert "Mã phiếu này đã được sử dụng" in again.content.decode()
    assert Client().get(f"/khao-sat/{token}/").status_code == 409
    assert Response.objects.count() == 1
    with pytest.raises(Exception, match="đã được sử dụng"):
        services.response_submit(token=token, values={})


def test_a_token_typed_in_lower_case_opens_its_survey(sipas_survey, manager):
    services.tokens_issue(actor=manager, survey=sipas_survey, count=1)
    token = SurveyLink.objects.get(survey=sipas_survey).token
    response = Client().get("/khao-sat/", {"ma": f" {token.lower()} "})
    assert response.status_code == 302 and response["Location"] == f"/khao-sat/{token}/"
    wrong = Client().get("/khao-sat/", {"ma": "KHONGCO1"})
    assert wrong.status_code == 400
    assert "Không tìm thấy mã phiếu này" in wrong.content.decode()


def test_a_missing_required_answer_keeps_what_was_ticked(sipas_survey, manager):
    link = services.link_create_open(actor=manager, survey=sipas_survey)
    data = _post_data(sipas_survey, 0)
    first_question = sipas_survey.questions.first()
    del data[first_question.field_name]
    response = Client().post(f"/khao-sat/{link.token}/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Câu hỏi này bắt buộc trả lời." in page
    second = sipas_survey.questions.all()[1]
    assert f'name="{second.field_name}" id="{second.field_name}-4" value="4" checked' in page
    assert Response.objects.count() == 0


def test_an_open_link_takes_one_answer_per_browser_and_limits_an_address(sipas_survey, manager, settings):
    settings.SURVEY_RATE_LIMIT = (3, 600)
    link = services.link_create_open(actor=manager, survey=sipas_survey, label="Áp phích tại trụ sở")
    browser = Client(REMOTE_ADDR="198.51.100.4")
    assert browser.post(f"/khao-sat/{link.token}/", _post_data(sipas_survey, 0)).status_code == 302
    again = browser.post(f"/khao-sat/{link.token}/", _post_data(sipas_survey, 1))
    assert again.status_code == 409
    assert "Trình duyệt này đã gửi phiếu cho khảo sát này" in again.content.decode()

    # Other browsers behind the same address: two more pass, then the address waits.
    for i in (2, 3):
        assert (
            Client(REMOTE_ADDR="198.51.100.4").post(f"/khao-sat/{link.token}/", _post_data(sipas_survey, i)).status_code
            == 302
        )
    limited = Client(REMOTE_ADDR="198.51.100.4").post(f"/khao-sat/{link.token}/", _post_data(sipas_survey, 4))
    assert limited.status_code == 429
    assert "quá nhiều phiếu" in limited.content.decode()
    assert (
        Client(REMOTE_ADDR="198.51.100.9").post(f"/khao-sat/{link.token}/", _post_data(sipas_survey, 5)).status_code
        == 302
    )
    assert Response.objects.count() == 4


def test_a_closed_survey_takes_no_answers(sipas_survey, manager):
    link = services.link_create_open(actor=manager, survey=sipas_survey)
    services.survey_set_status(actor=manager, survey=sipas_survey, status="closed")
    response = Client().post(f"/khao-sat/{link.token}/", _post_data(sipas_survey, 0))
    assert response.status_code == 410
    assert "không nhận phiếu" in response.content.decode()


def test_the_qr_code_is_an_svg_from_our_own_site(sipas_survey, manager):
    link = services.link_create_open(actor=manager, survey=sipas_survey)
    response = Client().get(f"/khao-sat/{link.token}/ma-qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")
    assert Client().get("/khao-sat/KHONGCO1/ma-qr.svg").status_code == 404
