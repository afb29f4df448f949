"""The province views its evaluation round's ranking: ranks by percentage of applicable points, a unit that
has not finished shown as not ranked with the reason; axe-core audits the page (desktop and phone)."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Thu-nghiem-Danh-gia-2026!"


@pytest.fixture
def finished_round(world):
    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.evaluations import services
    from danvan.evaluations.services import CriterionInput, SelfEntry

    reviewer = user_create(username="thamdinh.cantho", full_name="Nguyễn Hữu Phước", password=PASSWORD)
    role_assign(user=reviewer, role=Role.COORDINATOR, unit=world.province)
    ward_officer = user_create(username="tucham.ninhkieu", full_name="Đoàn Thị Mỹ", password=PASSWORD)
    role_assign(user=ward_officer, role=Role.COORDINATOR, unit=world.ward)
    criteria = services.criteria_set_create(
        actor=reviewer, unit=world.province, name="Tiêu chí dân vận chính quyền 2026"
    )
    top = services.criterion_add(
        actor=reviewer, criteria_set=criteria, data=CriterionInput(code="1", title="Lãnh đạo, chỉ đạo")
    )
    middle = services.criterion_add(
        actor=reviewer, criteria_set=criteria, data=CriterionInput(code="1.1", title="Ban hành kế hoạch", parent=top)
    )
    leaf = services.criterion_add(
        actor=reviewer,
        criteria_set=criteria,
        data=CriterionInput(code="1.1.a", title="Kế hoạch dân vận chính quyền", max_points=50, parent=middle),
    )
    second = services.criterion_add(
        actor=reviewer,
        criteria_set=criteria,
        data=CriterionInput(code="2", title="Đối thoại với Nhân dân", max_points=50),
    )
    round_ = services.round_create(
        actor=reviewer,
        criteria_set=criteria,
        parent_unit=world.province,
        name="Đánh giá dân vận chính quyền năm 2026",
        year=2026,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    ward = round_.assessments.get(unit=world.ward)
    services.assessment_self_score(
        actor=ward_officer,
        assessment=ward,
        entries={leaf.pk: SelfEntry(points=45), second.pk: SelfEntry(points=40)},
    )
    services.assessment_submit(actor=ward_officer, assessment=ward)
    services.assessment_review(actor=reviewer, assessment=ward, entries={})
    services.round_finalize(actor=reviewer, round_=round_)
    return round_


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")


def test_view_a_round_ranking(page, browser, live_server, finished_round, shoot):
    _login(page, live_server.url, "thamdinh.cantho")
    page.get_by_role("link", name="Các đợt đánh giá").click()
    page.get_by_role("link", name="Đánh giá dân vận chính quyền năm 2026").click()
    table = page.get_by_role("table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Phường Ninh Kiều")
    expect(rows.nth(0)).to_contain_text("85,00")
    expect(rows.nth(0)).to_contain_text("Tốt")
    expect(rows.nth(1)).to_contain_text("Xã Phong Điền")
    expect(rows.nth(1)).to_contain_text("Không xếp thứ")
    expect(rows.nth(1)).to_contain_text("Chưa hoàn thành tự đánh giá và thẩm định.")
    expect(rows.nth(1).locator("td").nth(3)).to_have_text("—")
    assert_accessible(page, "evaluation ranking")
    shoot(page, "95-evaluation-ranking")
    page.problems.assert_none()

    phone = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    try:
        small = phone.new_page()
        _login(small, live_server.url, "thamdinh.cantho")
        small.goto(f"{live_server.url}/lam-viec/danh-gia/dot/{finished_round.public_id}/")
        overflow = small.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"ranking page is {overflow}px wider than the phone"
        assert_accessible(small, "evaluation ranking on a phone")
        shoot(small, "96-evaluation-ranking-phone")
    finally:
        phone.close()
