"""An inspection from plan to a followed-up recommendation, through the UI: the inspector plans a check of
Chỉ thị 33/CT-TTg by the city's People's Committee in Phường Ninh Kiều, approves and starts it, records the
findings and a recommendation; the ward's officer reports it done with an evidence file; the inspector
accepts it and downloads the report (DOCX, checked with python-docx). axe-core audits the plan page.
Screenshots go to test-output/screenshots/ (prefix 9x)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Thu-nghiem-Kiem-tra-2026!"
INSPECTOR = ("kiemtra.cantho", "Đặng Thị Khiết")
WARD_OFFICER = ("canbo.ninhkieu", "Huỳnh Văn Lợi")
TITLE = "Kế hoạch kiểm tra việc thực hiện Chỉ thị 33/CT-TTg tại phường Ninh Kiều"
RECOMMENDATION = "Niêm yết công khai quy chế thực hiện dân chủ ở cơ sở tại trụ sở và các khu vực."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def inspection_world(world):
    from django.core.cache import cache

    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.inspections.services import directives_seed
    from danvan.organizations.services import organization_ensure

    cache.clear()
    directives_seed()  # live-server tests flush the database: seed what the migration seeded
    organization_ensure(
        kind_code="ubnd", unit=world.province, name="Ủy ban nhân dân thành phố Cần Thơ", document_symbol="UBND"
    )
    for (username, full_name), role, unit in (
        (INSPECTOR, Role.INSPECTOR, world.province),
        (WARD_OFFICER, Role.CASE_HANDLER, world.ward),
    ):
        user = user_create(username=username, full_name=full_name, password=PASSWORD)
        role_assign(user=user, role=role, unit=unit)
    return world


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")


def _logout(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Đăng nhập")).to_be_visible()
    page.wait_for_load_state("networkidle")


def _done(page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def test_inspection_from_plan_to_followed_up_recommendation(browser, page, live_server, inspection_world, shoot):
    from docx import Document

    from danvan.core.clock import local_date
    from danvan.inspections.services import DIRECTIVES

    url = live_server.url
    today = local_date()
    starts, ends = today, today + timedelta(days=14)
    visit, deadline = today + timedelta(days=2), today + timedelta(days=30)

    # The inspector plans the inspection from the desk card.
    _login(page, url, INSPECTOR[0])
    page.get_by_role("region", name="Kiểm tra, giám sát").get_by_role("link", name="Lập kế hoạch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lập kế hoạch kiểm tra, giám sát")
    page.get_by_label("Tên kế hoạch").fill(TITLE)
    page.get_by_label("Văn bản, chương trình được kiểm tra").select_option(
        label=f"33/CT-TTg — {DIRECTIVES[0]['title']}"
    )
    page.get_by_label("Cơ quan chủ trì").select_option(label="Ủy ban nhân dân thành phố Cần Thơ")
    page.get_by_label("Từ ngày").fill(starts.isoformat())
    page.get_by_label("Đến ngày").fill(ends.isoformat())
    page.get_by_label("Nội dung kiểm tra").fill("Quán triệt Chỉ thị; tiếp công dân, đối thoại; dân chủ ở cơ sở.")
    page.get_by_role("button", name="Tạo kế hoạch").click()
    _done(page, "Đã tạo kế hoạch (dự thảo).")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#plan-status")).to_have_text("Dự thảo")

    # Team and target, then approval and start.
    page.get_by_label("Cán bộ").select_option(label=INSPECTOR[1])
    page.get_by_label("Nhiệm vụ trong đoàn").select_option(label="Trưởng đoàn")
    page.get_by_role("button", name="Thêm thành viên").click()
    _done(page, "Đã thêm thành viên đoàn.")
    target_form = page.get_by_role("form", name="Thêm đơn vị được kiểm tra")
    target_form.get_by_label("Đơn vị được kiểm tra").select_option(label="Phường Ninh Kiều")
    target_form.get_by_label("Ngày làm việc").fill(visit.isoformat())
    page.get_by_role("button", name="Thêm đơn vị").click()
    _done(page, "Đã thêm đơn vị được kiểm tra.")
    shoot(page, "90-inspection-plan-draft")
    page.get_by_role("button", name="Phê duyệt kế hoạch").click()
    _done(page, "Đã thực hiện: Phê duyệt kế hoạch.")
    page.get_by_role("button", name="Bắt đầu kiểm tra").click()
    _done(page, "Đã thực hiện: Bắt đầu kiểm tra.")
    expect(page.locator("#plan-status")).to_have_text("Đang kiểm tra")

    # Findings at the ward and a recommendation.
    findings = page.get_by_role("form", name="Kết quả kiểm tra tại Phường Ninh Kiều")
    findings.get_by_label("Ưu điểm, kết quả đạt được").fill("Đã ban hành kế hoạch thực hiện Chỉ thị 33/CT-TTg.")
    findings.get_by_label("Hạn chế, thiếu sót").fill("Chưa niêm yết công khai quy chế dân chủ ở cơ sở.")
    findings.get_by_label("Nguyên nhân").fill("Chưa phân công cán bộ theo dõi.")
    page.get_by_role("button", name="Lưu kết quả tại Phường Ninh Kiều").click()
    _done(page, "Đã ghi nhận kết quả kiểm tra tại Phường Ninh Kiều.")
    rec_form = page.get_by_role("form", name="Ghi kiến nghị")
    rec_form.get_by_label("Đơn vị thực hiện").select_option(label="Phường Ninh Kiều")
    rec_form.get_by_label("Nội dung kiến nghị").fill(RECOMMENDATION)
    rec_form.get_by_label("Hạn thực hiện").fill(deadline.isoformat())
    rec_form.get_by_label("Minh chứng cần nộp").fill("Ảnh chụp niêm yết, biên bản kiểm tra")
    page.get_by_role("button", name="Ghi kiến nghị").click()
    _done(page, "Đã ghi kiến nghị.")
    main = page.get_by_role("main")
    expect(main.get_by_role("region", name="Kiến nghị", exact=True).first).to_contain_text("Đang thực hiện")
    expect(main.get_by_role("region", name="Diễn biến")).to_contain_text("Phê duyệt kế hoạch")
    page.reload()  # the flash message list (shared templates/includes/messages.html) is audited elsewhere
    assert_accessible(page, "inspection plan page")
    shoot(page, "91-inspection-plan-in-progress")
    plan_url = page.url
    _logout(page)

    # The ward's officer reports the recommendation done, with the evidence file.
    _login(page, url, WARD_OFFICER[0])
    page.get_by_role("region", name="Kiến nghị sau kiểm tra").get_by_role("link").click()
    page.get_by_role("link", name=re.compile(r"^Niêm yết công khai quy chế")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiến nghị sau kiểm tra")
    page.get_by_label("Nội dung báo cáo").fill("Đã niêm yết quy chế tại trụ sở và 3/3 khu vực.")
    page.get_by_label("Tệp minh chứng").set_input_files(
        files=[{"name": "bien-ban-niem-yet.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Báo cáo hoàn thành").click()
    _done(page, "Đã thực hiện: Báo cáo hoàn thành.")
    expect(page.locator("#rec-status")).to_have_text("Đơn vị báo đã hoàn thành, chờ đoàn xác nhận")
    expect(page.get_by_role("region", name="Minh chứng đã nộp")).to_contain_text("bien-ban-niem-yet.pdf")
    page.reload()
    assert_accessible(page, "recommendation page (owner)")
    shoot(page, "92-inspection-recommendation-reported")
    _logout(page)

    # The inspector accepts it and downloads the report.
    _login(page, url, INSPECTOR[0])
    page.goto(url + "/lam-viec/kiem-tra/kien-nghi/?status=submitted")
    page.get_by_role("link", name=re.compile(r"^Niêm yết công khai quy chế")).click()
    page.get_by_role("button", name="Xác nhận hoàn thành").click()
    _done(page, "Đã thực hiện: Xác nhận hoàn thành.")
    expect(page.locator("#rec-status")).to_have_text("Đã hoàn thành")
    page.goto(plan_url)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải báo cáo kết quả kiểm tra (DOCX)").click()
    with open(download.value.path(), "rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 01/BC-UBND" in text
    assert RECOMMENDATION in text and "Tình hình thực hiện: đã hoàn thành." in text
    assert "Chưa niêm yết công khai quy chế dân chủ ở cơ sở." in text
    shoot(page, "93-inspection-report-downloaded")
    # A download ends the navigation that asked for it, which the browser reports as a failed request.
    page.problems.assert_none(allow=(r"request failed: .*/van-ban/bao-cao/$",))

    # The plan page fits a phone.
    phone = browser.new_context(viewport=PHONE, locale="vi-VN")
    try:
        small = phone.new_page()
        small.context.add_cookies(page.context.cookies())
        small.goto(plan_url)
        overflow = small.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the plan page is {overflow}px wider than a 360-px phone"
        shoot(small, "94-inspection-plan-phone")
    finally:
        phone.close()
