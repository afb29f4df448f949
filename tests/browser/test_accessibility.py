"""axe-core audits (WCAG 2.1 AA and best practice): no serious or critical violation on any page of the
UI shell, in the normal theme and in high contrast."""

from __future__ import annotations

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.world import COORDINATOR_PASSWORD, COORDINATOR_USERNAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def assert_accessible(page, label: str) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    details = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [node["target"] for node in v["nodes"]][:10]}
        for v in blocking
    ]
    assert not blocking, f"axe found serious/critical violations on {label}:\n" + json.dumps(
        details, ensure_ascii=False, indent=2
    )


def test_pages_have_no_serious_violations(page, live_server, world, shoot):
    url = live_server.url
    page.goto(url + "/")
    assert_accessible(page, "public home")

    page.goto(url + "/tai-khoan/dang-nhap/")
    assert_accessible(page, "login")
    page.get_by_label("Tên đăng nhập").fill(COORDINATOR_USERNAME)
    page.get_by_label("Mật khẩu").fill("khong-dung")
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page, "login with an error")

    page.get_by_label("Mật khẩu").fill(COORDINATOR_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")
    assert_accessible(page, "officer home")

    page.goto(url + f"/lam-viec/co-quan/{world.organization.pk}/")
    assert_accessible(page, "organization detail")

    page.goto(url + "/don-vi/")
    assert_accessible(page, "unit browser")
    page.goto(url + "/don-vi/?q=can+tho")
    assert_accessible(page, "unit search results")
    page.goto(url + f"/don-vi/{world.province.pk}/")
    assert_accessible(page, "unit detail")
    page.goto(url + f"/don-vi/{world.old_district.pk}/")
    assert_accessible(page, "historical unit detail")

    page.goto(url + "/khong-co-trang-nay/")
    assert_accessible(page, "page not found")
    page.problems.assert_none(allow=(r"status of 404",))


def test_high_contrast_and_large_text_have_no_serious_violations(page, live_server, world, shoot):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Tương phản cao").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bdv-contrast\b"))
    assert_accessible(page, "public home in high contrast")
    shoot(page, "40-high-contrast-home")

    page.goto(live_server.url + "/don-vi/?q=can+tho")
    assert_accessible(page, "unit search results in high contrast")
    page.get_by_role("button", name="Chữ lớn").click()
    assert_accessible(page, "unit search results in high contrast, large text")
    shoot(page, "41-high-contrast-large-search")

    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    assert_accessible(page, "login in high contrast, large text")


def test_english_pages_have_no_serious_violations(page, live_server, world):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page, "public home in English")
    page.goto(live_server.url + f"/don-vi/{world.province.pk}/")
    assert_accessible(page, "unit detail in English")


def test_lockout_page_is_vietnamese_and_accessible(page, live_server, world):
    """After repeated failures django-axes answers with our page, not its bare English text."""
    page.goto(live_server.url + "/tai-khoan/dang-nhap/")
    for _attempt in range(6):
        page.get_by_label("Tên đăng nhập").fill(COORDINATOR_USERNAME)
        page.get_by_label("Mật khẩu").fill("van-sai-mat-khau")
        with page.expect_navigation():
            page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
        if page.get_by_role("heading", name="Tài khoản tạm bị khóa").count():
            break
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản tạm bị khóa")
    expect(page.get_by_role("alert")).to_contain_text("Xin thử lại sau khoảng 15 phút.")
    assert_accessible(page, "locked-out page")
