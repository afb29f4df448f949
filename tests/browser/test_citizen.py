"""The citizen's side, as a person does it on a phone: choose the kind of letter, pick the place, make a
mistake and correct it, send a complaint, note the code and PIN, track it, and (once answered) rate it.
Without JavaScript first (nothing may depend on it), then with it for the axe-core audits. Every step
leaves a screenshot in test-output/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, PageProblems
from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng"
BODY = (
    "Ngày 02/11/2026 Ủy ban nhân dân phường ban hành quyết định xử phạt gia đình tôi vì xây dựng không phép, "
    "trong khi gia đình đã được cấp giấy phép sửa chữa nhà số 45/2026/GP. Đề nghị xem xét lại quyết định."
)
NAME = "Phạm Thị Thu Trang"


@pytest.fixture
def citizen_world(world):
    from django.core.cache import cache

    from danvan.cases.deadlines import seed_legal_data

    # Live-server tests flush the database: seed the categories and rule sets again, and start with no
    # rate-limit counts left over from another test.
    seed_legal_data()
    cache.clear()
    return world


def _no_overflow(page, label: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label} is {overflow}px wider than the screen"


def _phone(browser, *, javascript: bool):
    return browser.new_context(
        viewport=PHONE,
        locale="vi-VN",
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
    )


def _fill_complaint(page, *, with_name: bool) -> None:
    page.get_by_label("Xã, phường, đặc khu").select_option(label="Phường Ninh Kiều")
    page.get_by_label("Lĩnh vực").select_option(label="Nhà ở, xây dựng, trật tự đô thị")
    page.get_by_label("Tiêu đề").fill(SUBJECT)
    page.get_by_role("textbox", name=re.compile(r"^Nội dung")).fill(BODY)
    if with_name:
        page.get_by_label("Họ và tên").fill(NAME)
        page.get_by_label("Địa chỉ nơi cư trú").fill("Số 8, đường Mậu Thân, phường Ninh Kiều")
        page.get_by_label("Số điện thoại").fill("0939 123 456")


def test_citizen_submits_and_tracks_a_complaint_on_a_phone_without_javascript(
    browser, live_server, citizen_world, shoot
):
    context = _phone(browser, javascript=False)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        main = page.get_by_role("main")

        # Home: two clear entry points.
        page.goto(live_server.url + "/")
        expect(page.get_by_role("heading", name="Gửi phản ánh, kiến nghị, khiếu nại, tố cáo")).to_be_visible()
        expect(page.get_by_role("heading", name="Tra cứu kết quả")).to_be_visible()
        _no_overflow(page, "home")
        shoot(page, "50-citizen-home")
        main.get_by_role("link", name="Gửi đơn").click()

        # Step 1: the four kinds, each with what the law requires.
        expect(page.get_by_role("heading", level=1)).to_have_text("Gửi phản ánh, kiến nghị, khiếu nại, tố cáo")
        expect(main).to_contain_text("Gửi trong 90 ngày")
        expect(main).to_contain_text("chỉ lưu làm thông tin")
        _no_overflow(page, "kind chooser")
        shoot(page, "51-citizen-choose-kind")
        main.get_by_role("link", name="Gửi khiếu nại").click()

        # Step 2: the province reloads the page (GET) with its communes.
        expect(page.get_by_role("heading", level=1)).to_have_text("Gửi khiếu nại")
        expect(page.get_by_label("Xã, phường, đặc khu").locator("option")).to_have_count(1)
        page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Cần Thơ")
        page.get_by_role("button", name="Hiện danh sách xã, phường").click()
        expect(page).to_have_url(re.compile(r"province=\d+"))
        expect(page.get_by_label("Xã, phường, đặc khu").locator("option")).to_have_count(3)
        _no_overflow(page, "submission form")
        shoot(page, "52-citizen-form")

        # A complaint without a name: a Vietnamese error next to the field, nothing typed is lost.
        _fill_complaint(page, with_name=False)
        page.get_by_role("button", name="Gửi đơn").click()
        expect(page.get_by_role("alert")).to_contain_text("Đơn chưa gửi được")
        name = page.get_by_label("Họ và tên")
        expect(name).to_have_attribute("aria-invalid", "true")
        expect(main).to_contain_text("Đơn khiếu nại phải ghi rõ họ tên người khiếu nại")
        expect(page.get_by_label("Tiêu đề")).to_have_value(SUBJECT)
        expect(page.get_by_label("Xã, phường, đặc khu")).to_have_value(str(citizen_world.ward.pk))
        _no_overflow(page, "form with errors")
        shoot(page, "53-citizen-form-error")

        # Corrected and sent.
        _fill_complaint(page, with_name=True)
        page.get_by_role("button", name="Gửi đơn").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Đã gửi đơn thành công")
        expect(main).to_contain_text("Ghi lại mã này")
        code = page.locator("#tracking-code").inner_text().strip()
        pin = page.locator("#tracking-pin").inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{10}", code) and re.fullmatch(r"\d{6}", pin)
        assert pin not in page.url and code not in page.url
        expect(main).to_contain_text(re.compile(r"Hạn xử lý bước đầu\s*\d{2}/\d{2}/\d{4}"))
        _no_overflow(page, "sent page")
        shoot(page, "54-citizen-submitted")

        # Track with the code and PIN.
        main.get_by_role("link", name="Tra cứu kết quả").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tra cứu kết quả giải quyết đơn")
        page.get_by_label("Mã tra cứu").fill(code.lower())
        page.get_by_label("Mã PIN").fill(pin)
        shoot(page, "55-citizen-track-form")
        page.get_by_role("button", name="Tra cứu", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Đơn {code}")
        expect(main).to_contain_text("Đã nhận đơn, đang chờ xem xét")
        expect(main).to_contain_text("Khiếu nại lần đầu")
        expect(main).to_contain_text("Tiếp nhận đơn")
        expect(main).not_to_contain_text(NAME)
        assert pin not in page.url
        _no_overflow(page, "tracking page")
        shoot(page, "56-citizen-track-result")

        # What happens in my province: public counts only.
        page.get_by_role("link", name="Trang chủ").click()
        page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Cần Thơ")
        page.get_by_role("button", name="Xem", exact=True).click()
        expect(main).to_contain_text("Trong 30 ngày qua tại Thành phố Cần Thơ")
        expect(main.locator(".activity")).to_contain_text("1 đơn đã tiếp nhận")
        shoot(page, "56b-citizen-home-activity", full_page=False)
    finally:
        context.close()


def _answer(case_code: str, unit) -> None:
    """An officer accepts and answers the case through the services."""
    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.cases.models import Case
    from danvan.cases.services import case_apply_action

    leader = user_create(username="chutich.ninhkieu", full_name="Võ Minh Tâm", password=None)
    role_assign(user=leader, role=Role.LEADER, unit=unit)
    case = Case.objects.get(tracking_code=case_code)
    case_apply_action(case_id=case.pk, action="accept", actor=leader)
    case_apply_action(
        case_id=case.pk,
        action="answer",
        actor=leader,
        note="Quyết định số 25/QĐ-UBND",
        public_answer="Hủy quyết định xử phạt vì gia đình đã có giấy phép sửa chữa nhà hợp lệ.",
    )


def test_citizen_pages_pass_axe_and_the_script_fills_communes_in_place(browser, live_server, citizen_world, shoot):
    context = _phone(browser, javascript=True)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        problems = PageProblems(page)
        main = page.get_by_role("main")
        url = live_server.url

        page.goto(url + "/gui-don/")
        assert_accessible(page, "kind chooser")
        page.set_viewport_size(DESKTOP)
        shoot(page, "61-citizen-choose-kind-desktop")
        page.goto(url + "/gui-don/?kind=khieu_nai")
        shoot(page, "62-citizen-form-desktop")
        page.set_viewport_size(PHONE)

        page.goto(url + "/gui-don/?kind=to_cao")
        assert_accessible(page, "denunciation form")
        # With JavaScript the commune list fills in place: no reload, the button is not needed.
        expect(page.get_by_role("button", name="Hiện danh sách xã, phường")).to_be_hidden()
        page.get_by_label("Tiêu đề").fill("Cán bộ địa chính đòi tiền khi làm thủ tục")
        page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Cần Thơ")
        expect(page.get_by_label("Xã, phường, đặc khu").locator("option")).to_have_count(3)
        assert "province=" not in page.url
        expect(page.get_by_label("Tiêu đề")).to_have_value("Cán bộ địa chính đòi tiền khi làm thủ tục")
        # The representatives appear only for 5 people or more.
        expect(page.get_by_role("group", name="Tên người đại diện", exact=True)).to_be_hidden()
        page.get_by_role("spinbutton", name=re.compile("^Số người cùng nội dung")).fill("6")
        expect(page.get_by_role("group", name="Tên người đại diện", exact=True)).to_be_visible()
        page.get_by_role("spinbutton", name=re.compile("^Số người cùng nội dung")).fill("1")

        # Anonymous denunciation: warned, accepted, told again it is kept as information.
        expect(main).to_contain_text("sẽ chỉ được lưu làm thông tin")
        page.get_by_label("Xã, phường, đặc khu").select_option(label="Xã Phong Điền")
        page.get_by_label("Lĩnh vực").select_option(label="Tham nhũng, tiêu cực")
        page.get_by_label("Gửi không ghi tên (nặc danh)").check()
        page.get_by_role("button", name="Gửi đơn").click()
        expect(page.get_by_role("alert")).to_contain_text("Vui lòng nhập nội dung")
        expect(page.locator("#error-summary")).to_be_focused()  # portal.js: read the problems first
        assert_accessible(page, "denunciation form with errors")
        shoot(page, "57-citizen-form-error-js")
        body = page.get_by_role("textbox", name=re.compile(r"^Nội dung"))
        body.fill("Khi làm thủ tục sang tên, cán bộ yêu cầu nộp thêm tiền.")
        page.get_by_role("button", name="Gửi đơn").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Đã gửi đơn thành công")
        expect(main).to_contain_text("chỉ được lưu làm thông tin")
        assert_accessible(page, "sent page")

        # A signed complaint, then its tracking page once answered, with the rating form.
        page.goto(url + "/gui-don/?kind=khieu_nai")
        page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Cần Thơ")
        expect(page.get_by_label("Xã, phường, đặc khu").locator("option")).to_have_count(3)
        _fill_complaint(page, with_name=True)
        page.get_by_role("button", name="Gửi đơn").click()
        code = page.locator("#tracking-code").inner_text().strip()
        pin = page.locator("#tracking-pin").inner_text().strip()

        page.goto(url + "/tra-cuu/")
        assert_accessible(page, "track form")
        page.get_by_label("Mã tra cứu").fill(code)
        page.get_by_label("Mã PIN").fill("000000" if pin != "000000" else "111111")
        page.get_by_role("button", name="Tra cứu", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("Mã tra cứu hoặc mã PIN không đúng.")
        assert_accessible(page, "track form with a wrong PIN")
        page.get_by_label("Mã PIN").fill(pin)
        page.get_by_role("button", name="Tra cứu", exact=True).click()
        expect(main).to_contain_text("Đã nhận đơn, đang chờ xem xét")
        assert_accessible(page, "tracking page")

        _answer(code, citizen_world.ward)
        page.reload()
        expect(main).to_contain_text("Đã có kết quả giải quyết")
        expect(main).to_contain_text("Hủy quyết định xử phạt")
        assert_accessible(page, "tracking page with an answer")
        shoot(page, "58-citizen-track-answered")
        page.get_by_label("4 – Hài lòng").check()
        page.get_by_role("button", name="Gửi đánh giá").click()
        expect(page.get_by_role("status").filter(has_text="Cảm ơn")).to_be_visible()
        page.get_by_label("Vì sao ông/bà cho rằng").fill("Tôi chưa nhận được bản chính quyết định.")
        page.get_by_role("button", name="Báo chưa được giải quyết").click()
        expect(page.get_by_role("alert")).to_contain_text("khiếu nại lần hai")
        assert_accessible(page, "complaint not resolved: appeal advice")
        expect(main).not_to_contain_text(NAME)
        _no_overflow(page, "tracking page with forms")
        shoot(page, "59-citizen-track-appeal-advice")

        # High contrast on the tracking page.
        page.get_by_role("button", name="Tương phản cao").click()
        assert_accessible(page, "tracking page in high contrast")
        shoot(page, "60-citizen-track-high-contrast")
        problems.assert_none(allow=(r"status of 422",))
    finally:
        context.close()
