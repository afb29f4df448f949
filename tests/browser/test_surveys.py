"""A citizen answers a satisfaction survey on a 360-px phone through a printed one-time token: a missing
answer is pointed out, the answers are sent, and the same token is refused afterwards. axe-core audits the
answer page (empty and with an error). Screenshots: test-output/screenshots/ (prefix 9x-survey)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Thu-nghiem-Khao-sat-2026!"


@pytest.fixture
def survey_token(world):
    from django.core.cache import cache

    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.surveys import services
    from danvan.surveys.models import SurveyLink

    cache.clear()
    manager = user_create(username="khaosat.cantho", full_name="Phan Thị Diễm", password=PASSWORD)
    role_assign(user=manager, role=Role.COORDINATOR, unit=world.province)
    survey = services.survey_create(
        actor=manager,
        unit=world.province,
        title="Khảo sát sự hài lòng tại Bộ phận một cửa",
        description="Phiếu không ghi tên. Xin ông/bà dành 2 phút cho ý kiến.",
    )
    for element, text in (
        ("officials", "Ông/bà hài lòng thế nào với công chức tiếp nhận hồ sơ?"),
        ("result", "Ông/bà hài lòng thế nào với kết quả nhận được?"),
    ):
        services.question_add(
            actor=manager,
            survey=survey,
            data=services.QuestionInput(kind="likert", text=text, element=element, aspect="satisfaction"),
        )
    services.question_add(
        actor=manager,
        survey=survey,
        data=services.QuestionInput(
            kind="single", text="Ông/bà đi lại mấy lần?", choices=["1 lần", "2 lần", "3 lần trở lên"]
        ),
    )
    services.question_add(
        actor=manager, survey=survey, data=services.QuestionInput(kind="text", text="Góp ý thêm", required=False)
    )
    services.survey_set_status(actor=manager, survey=survey, status="open")
    services.tokens_issue(actor=manager, survey=survey, unit=world.ward, count=1, label="Một cửa")
    return SurveyLink.objects.get(survey=survey).token


def _no_overflow(page, label: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label} is {overflow}px wider than the screen"


def test_answer_a_survey_on_a_phone(browser, live_server, survey_token, shoot):
    from danvan.surveys.models import Answer, Response

    context = browser.new_context(viewport=PHONE, locale="vi-VN", device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        # The code typed from the slip, in lower case, opens the questionnaire.
        page.goto(live_server.url + "/khao-sat/")
        page.get_by_label("Mã phiếu khảo sát").fill(survey_token.lower())
        page.get_by_role("button", name="Mở phiếu").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Khảo sát sự hài lòng tại Bộ phận một cửa")
        _no_overflow(page, "answer page")
        assert_accessible(page, "survey answer page")
        shoot(page, "91-survey-phone")

        officials = page.get_by_role("group", name="1. Ông/bà hài lòng thế nào với công chức tiếp nhận hồ sơ?")
        officials.get_by_label("5. Rất hài lòng").check()
        page.get_by_role("button", name="Gửi phiếu").click()
        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("Câu hỏi này bắt buộc trả lời.")
        expect(officials.get_by_label("5. Rất hài lòng")).to_be_checked()  # nothing typed is lost
        _no_overflow(page, "answer page with errors")
        assert_accessible(page, "survey answer page with errors")
        shoot(page, "92-survey-phone-error")

        page.get_by_role("group", name="2. Ông/bà hài lòng thế nào với kết quả nhận được?").get_by_label(
            "4. Hài lòng"
        ).check()
        page.get_by_role("group", name="3. Ông/bà đi lại mấy lần?").get_by_label("1 lần").check()
        page.get_by_label("Góp ý thêm").fill("Cán bộ hướng dẫn rất tận tình.")
        page.get_by_role("button", name="Gửi phiếu").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Cảm ơn bạn đã trả lời")
        shoot(page, "93-survey-thanks")
        assert Response.objects.count() == 1
        assert sorted(Answer.objects.exclude(likert=None).values_list("likert", flat=True)) == [4, 5]

        page.goto(f"{live_server.url}/khao-sat/{survey_token}/")
        expect(page.get_by_role("alert")).to_contain_text("Mã phiếu này đã được sử dụng")
    finally:
        context.close()
