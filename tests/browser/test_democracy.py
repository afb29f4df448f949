"""Grassroots democracy through the UI: a citizen on a 360-px phone finds the public disclosure list of a
commune (province → commune), and a village head records the result of a household vote in the workspace.
axe-core audits on the public list, the vote page and the disclosure form. Screenshots go to
test-output/screenshots/ (prefix dc-)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Thu-nghiem-Dan-chu-2026!"
VILLAGE_HEAD = ("truongkv1.ninhkieu", "Trần Minh Đức")
LEADER = ("chutich.ninhkieu", "Võ Minh Tâm")
PUBLISHED = "Dự toán thu, chi ngân sách phường năm 2026"
NOT_PUBLISHED = "Kế hoạch mua sắm tài sản công chưa công khai"
VOTE_TITLE = "Quy ước Khu vực 1 về giữ gìn vệ sinh môi trường"


@pytest.fixture
def democracy_world(world):
    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.core.clock import local_date
    from danvan.democracy.models import Channel, DisclosureGroup, Matter, VoteForm
    from danvan.democracy.services import (
        DisclosureInput,
        VoteInput,
        disclosure_create,
        disclosure_groups_seed,
        village_households_record,
        vote_create,
    )
    from danvan.territory.services import village_create

    disclosure_groups_seed()  # live-server tests flush the database: seed what the migration seeded
    today = local_date()
    village = village_create(commune=world.ward, code="KV1", name="Khu vực 1", kind="to_dan_pho")
    village_households_record(actor=None, village=village, as_of=date(2026, 1, 1), households=120, online_opt_in=30)
    groups = {g.number: g for g in DisclosureGroup.objects.all()}
    disclosure_create(
        actor=None,
        commune=world.ward,
        data=DisclosureInput(
            group=groups[2],
            title=PUBLISHED,
            decision_reference="45/QĐ-UBND",
            decision_date=today - timedelta(days=10),
            published_on=today - timedelta(days=8),
            channels=[Channel.POSTING, Channel.PORTAL],
        ),
    )
    disclosure_create(
        actor=None,
        commune=world.ward,
        data=DisclosureInput(group=groups[6], title=NOT_PUBLISHED, decision_date=today - timedelta(days=20)),
    )
    vote = vote_create(
        actor=None,
        village=village,
        data=VoteInput(matter=Matter.CONVENTION, form=VoteForm.MEETING, title=VOTE_TITLE, vote_date=today),
    )
    head = user_create(username=VILLAGE_HEAD[0], full_name=VILLAGE_HEAD[1], password=PASSWORD)
    role_assign(user=head, role=Role.VILLAGE_HEAD, unit=village)
    leader = user_create(username=LEADER[0], full_name=LEADER[1], password=PASSWORD)
    role_assign(user=leader, role=Role.LEADER, unit=world.ward)
    world.vote = vote
    return world


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")


def test_public_disclosure_list_on_a_phone(browser, live_server, democracy_world, shoot):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Xem nội dung công khai").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Công khai thông tin của xã, phường")
        page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Cần Thơ")
        page.get_by_role("button", name="Xem các xã, phường").click()
        assert_accessible(page, "public commune chooser")
        page.get_by_role("link", name="Phường Ninh Kiều").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Công khai thông tin — Phường Ninh Kiều")
        group = page.get_by_role("region", name="2. Dự toán, báo cáo tình hình thực hiện và quyết toán ngân sách")
        expect(group.get_by_text(PUBLISHED)).to_be_visible()
        expect(group.get_by_text("45/QĐ-UBND")).to_be_visible()
        expect(page.get_by_text(NOT_PUBLISHED)).to_have_count(0)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width}px)"
        assert_accessible(page, "public disclosure list (phone)")
        shoot(page, "dc-01-public-disclosures-phone")
    finally:
        context.close()


def test_village_head_records_a_household_vote(page, live_server, democracy_world, shoot):
    url = live_server.url
    _login(page, url, VILLAGE_HEAD[0])
    page.get_by_role("link", name="biểu quyết đang theo dõi").click()
    page.get_by_role("link", name=VOTE_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(VOTE_TITLE)
    assert_accessible(page, "vote page")

    page.locator("summary", has_text="Nhập kết quả theo số lượng").click()
    page.get_by_label("Số hộ tham dự, có phiếu").fill("100")
    page.get_by_label("Số hộ tán thành").fill("60")
    page.get_by_label("Số hộ không tán thành").fill("40")
    page.get_by_label("Trưởng thôn").fill(VILLAGE_HEAD[1])
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(page.get_by_role("status").filter(has_text="Đã ghi nhận.")).to_be_visible()
    result = page.locator("#vote-result")
    expect(result).to_contain_text("60/120 hộ tán thành")
    expect(result).to_contain_text("Không thông qua")  # 60 of all 120 households is not more than half

    page.locator("summary", has_text="Nhập kết quả theo số lượng").click()
    page.get_by_label("Số hộ tán thành").fill("61")
    page.get_by_label("Số hộ không tán thành").fill("39")
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(result).to_contain_text("61/120 hộ tán thành")
    expect(result).to_contain_text("Thông qua")
    expect(page.get_by_text("Hạn gửi biên bản lên xã (05 ngày làm việc)")).to_be_visible()
    shoot(page, "dc-02-vote-recorded")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải biên bản (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")

    # A village head cannot manage the ward's disclosures: the form offers no commune to choose.
    page.goto(url + "/lam-viec/dan-chu-co-so/cong-khai/them/")
    expect(page.get_by_label("Xã, phường")).not_to_contain_text("Phường Ninh Kiều")
    page.problems.assert_none(allow=(r"bien-ban\.docx",))  # a download ends its request as "aborted"


def test_leader_disclosure_form_is_accessible_and_keeps_input(page, live_server, democracy_world, shoot):
    url = live_server.url
    _login(page, url, LEADER[0])
    page.goto(url + "/lam-viec/dan-chu-co-so/cong-khai/them/")
    assert_accessible(page, "disclosure form")
    page.get_by_label("Xã, phường").select_option(label="Phường Ninh Kiều (Thành phố Cần Thơ)")
    page.get_by_label("Nhóm nội dung (Điều 11)").select_option(index=7)
    page.get_by_label("Tiêu đề").fill("Danh sách hộ cận nghèo được hỗ trợ")
    page.get_by_label("Ngày ban hành quyết định").fill("14/10/2026")
    page.get_by_label("Ngày công khai", exact=True).fill("13/10/2026")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Ngày công khai không được trước ngày ban hành quyết định.")
    expect(page.get_by_label("Tiêu đề")).to_have_value("Danh sách hộ cận nghèo được hỗ trợ")
    assert_accessible(page, "disclosure form with an error")
    shoot(page, "dc-03-disclosure-form-error")

    page.goto(url + "/lam-viec/dan-chu-co-so/cong-khai/tuan-thu/")
    expect(page.get_by_role("link", name=NOT_PUBLISHED)).to_be_visible()  # decided 20 days ago, never published
    expect(page.get_by_text("Quá hạn chưa công khai")).to_be_visible()
    assert_accessible(page, "compliance list")
    page.goto(url + "/lam-viec/dan-chu-co-so/")
    assert_accessible(page, "democracy overview")
    shoot(page, "dc-04-overview")
    page.problems.assert_none()
