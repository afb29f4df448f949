"""The key flow through the UI shell, as a person does it: home → login → officer desk → unit browser →
display preferences → English. Every step leaves a screenshot in test-output/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.world import COORDINATOR_PASSWORD, COORDINATOR_USERNAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _font_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def test_officer_flow(page, live_server, world, shoot):
    url = live_server.url

    # Public home, in Vietnamese by default, under a policy that refuses inline scripts and styles (so
    # the console check at the end also proves the pages need none).
    response = page.goto(url + "/")
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, policy
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dân vận số")
    expect(page.get_by_role("heading", name="Gửi phản ánh, kiến nghị")).to_be_visible()
    expect(page.get_by_text("Chức năng đang được xây dựng.")).to_be_visible()
    shoot(page, "01-home")

    # Keyboard: the first Tab reaches the skip link, which is then visible and moves focus to <main>.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    shoot(page, "01b-skip-link-focus", full_page=False)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Login page, first with a wrong password: a Vietnamese error, then the right one.
    page.get_by_role("banner").get_by_role("link", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/tai-khoan/dang-nhap/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    page.get_by_label("Tên đăng nhập").fill(COORDINATOR_USERNAME)
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    expect(page.get_by_label("Mật khẩu")).to_have_attribute("aria-invalid", "true")
    shoot(page, "02-login-error")
    page.get_by_label("Mật khẩu").fill(COORDINATOR_PASSWORD)
    shoot(page, "03-login")
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()

    # The officer's desk: name, role over their unit, organisations, unread messages.
    expect(page).to_have_url(re.compile(r"/lam-viec/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Nguyễn Thị Minh Hằng")
    expect(page.get_by_role("banner")).to_contain_text("Nguyễn Thị Minh Hằng")
    expect(main).to_contain_text("Cán bộ Ban Tuyên giáo và Dân vận, Mặt trận")
    expect(main.get_by_role("link", name=world.province.name)).to_be_visible()
    expect(main).to_contain_text("Lịch tiếp công dân định kỳ tháng này")
    shoot(page, "04-officer-home")

    # An organisation: kind, unit, document symbol, positions and holders.
    main.get_by_role("link", name=world.organization.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.organization.name)
    expect(main).to_contain_text("BTGDVTU")
    expect(main).to_contain_text("Ban Tuyên giáo và Dân vận")
    expect(main.get_by_role("row", name=re.compile("Trưởng ban.*Trần Văn Bình"))).to_be_visible()
    expect(main).to_contain_text("Chưa có người đảm nhiệm")
    shoot(page, "05-organization")

    # Unit browser: province list, then a search without diacritics.
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Đơn vị hành chính").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn vị hành chính")
    expect(main.get_by_role("row", name=re.compile("Thành phố Cần Thơ"))).to_be_visible()
    shoot(page, "06-unit-browser")
    page.get_by_label("Tìm đơn vị", exact=True).fill("can tho")
    page.get_by_role("main").get_by_role("button", name="Tìm", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?q=can\+tho"))
    results = main.get_by_role("list").filter(has_text="Cần Thơ")
    expect(results.get_by_role("link", name="Thành phố Cần Thơ")).to_have_count(3)  # current, old, successor link
    expect(main).to_contain_text("Đã giải thể/sáp nhập từ 01/07/2025")
    shoot(page, "07-unit-search")

    # Its detail page lists its communes.
    results.get_by_role("link", name="Thành phố Cần Thơ").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thành phố Cần Thơ")
    expect(main.get_by_role("link", name="Phường Ninh Kiều")).to_be_visible()
    expect(main.get_by_role("link", name="Xã Phong Điền")).to_be_visible()
    expect(main).to_contain_text("Hình thành từ")
    expect(main.get_by_role("link", name="Tỉnh Hậu Giang")).to_be_visible()
    shoot(page, "08-unit-detail")

    # A historical unit points to its successor.
    main.get_by_role("link", name="Tỉnh Hậu Giang").click()
    expect(main).to_contain_text("Đã giải thể/sáp nhập từ 01/07/2025")
    expect(main.get_by_role("link", name="Thành phố Cần Thơ").first).to_be_visible()
    shoot(page, "09-unit-historical")

    # Text size A+: a class on <html>, a larger computed size, remembered across pages.
    before = _font_size(page)
    larger = page.get_by_role("button", name="Chữ lớn")
    expect(larger).to_have_attribute("aria-pressed", "false")
    larger.click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bdv-text-large\b"))
    expect(larger).to_have_attribute("aria-pressed", "true")
    assert _font_size(page) > before
    page.reload()
    expect(page.locator("html")).to_have_class(re.compile(r"\bdv-text-large\b"))
    shoot(page, "10-text-large")

    # High contrast: a class on <html>, black page, pressed toggle.
    contrast = page.get_by_role("button", name="Tương phản cao")
    contrast.click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bdv-contrast\b"))
    expect(contrast).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    shoot(page, "11-high-contrast")
    contrast.click()
    page.get_by_role("button", name="Chữ vừa").click()
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bdv-(contrast|text-large)\b"))
    assert _font_size(page) == before

    # English, on the same page.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main navigation")).to_contain_text("Administrative units")
    expect(main).to_contain_text("Dissolved/merged from 01/07/2025")
    shoot(page, "12-english-unit")
    page.get_by_role("link", name="Workspace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workspace")
    shoot(page, "13-english-officer-home")

    # Log out (a POST form), back to the public home with a login link.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.problems.assert_none()


def test_phone_width(browser, live_server, world, shoot):
    """At 360 px nothing overflows sideways; wide tables scroll inside their wrapper."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN", device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for path, name in [
            ("/", "20-phone-home"),
            ("/don-vi/", "21-phone-units"),
            (f"/don-vi/{world.province.pk}/", "22-phone-unit-detail"),
            ("/tai-khoan/dang-nhap/", "23-phone-login"),
        ]:
            page.goto(live_server.url + path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} is {overflow}px wider than a 360-px screen"
            shoot(page, name)
        page.get_by_label("Tên đăng nhập").fill(COORDINATOR_USERNAME)
        page.get_by_label("Mật khẩu").fill(COORDINATOR_PASSWORD)
        page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        shoot(page, "24-phone-officer-home")

        # Large text still fits the phone's width.
        page.get_by_role("button", name="Chữ lớn").click()
        page.goto(live_server.url + "/")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"large text overflows a 360-px screen by {overflow}px"
        shoot(page, "25-phone-home-large-text")
    finally:
        context.close()


def test_pages_work_without_javascript(browser, live_server, world, shoot):
    """Progressive enhancement: without JS the pages, the search and the login still work, and the
    display controls (which need JS) are not shown."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 800}, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        shoot(page, "29-nojs-home")
        expect(page.get_by_role("button", name="Chữ lớn")).to_be_hidden()
        page.get_by_label("Tìm đơn vị", exact=True).fill("ninh kieu")
        page.get_by_role("main").get_by_role("button", name="Tìm", exact=True).click()
        expect(page.get_by_role("main").get_by_role("link", name="Phường Ninh Kiều").first).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("Quận Ninh Kiều")
        shoot(page, "30-nojs-search")
        page.goto(live_server.url + "/tai-khoan/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(COORDINATOR_USERNAME)
        page.get_by_label("Mật khẩu").fill(COORDINATOR_PASSWORD)
        page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")
        page.get_by_role("button", name="English").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Workspace")
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()
    finally:
        context.close()
