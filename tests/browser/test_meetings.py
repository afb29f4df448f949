"""Meetings through the UI: a reception day (a walk-in with a mixed letter becomes two cases, the conclusion
notice, the compliance view showing a commune chair who missed a week) and a dialogue (minutes, three issues
ending as an answer, a commitment and a case; the commitment on the portal with its timeline; an XLSX
progress import with one bad row). Screenshots go to test-output/screenshots/ (prefix 9x)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Thu-nghiem-Tiep-dan-2026!"
OFFICER = ("tiepdan.ninhkieu", "Phạm Thu Hà")
CHAIR = ("chutich.ninhkieu", "Võ Minh Tâm")
CITIZEN = "Huỳnh Văn Lợi"
SLOW = 90_000  # ms, for submits that create cases


@pytest.fixture
def meetings_world(world):
    from django.core.cache import cache

    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.cases.deadlines import seed_legal_data
    from danvan.meetings.services import reception_policies_seed

    # Live-server tests flush the database: seed what the migrations seeded.
    seed_legal_data()
    reception_policies_seed()
    cache.clear()
    officer = user_create(username=OFFICER[0], full_name=OFFICER[1], password=PASSWORD)
    role_assign(user=officer, role=Role.RECEPTION_OFFICER, unit=world.ward)
    chair = user_create(username=CHAIR[0], full_name=CHAIR[1], password=PASSWORD)
    role_assign(user=chair, role=Role.LEADER, unit=world.ward)
    world.officer, world.chair = officer, chair
    return world


def _login(page, url: str, username: str) -> None:
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")


def _duty_with_a_missed_week(world):
    """The ward chair's weekly duty, held in every finished week of last and this month but one."""
    from datetime import date

    from danvan.core.clock import local_date
    from danvan.meetings import selectors, services
    from danvan.meetings.models import ReceptionPolicy

    duty = services.duty_assign(
        actor=world.officer,
        leader=world.chair,
        title="Chủ tịch UBND phường Ninh Kiều",
        policy=ReceptionPolicy.objects.get(code="chu-tich-xa"),
        unit=world.ward,
        valid_from=date(2025, 7, 1),
    )
    today = local_date()
    first = date(today.year, today.month, 1)
    start = (first - timedelta(days=1)).replace(day=1)
    finished = [p for p in selectors.periods("week", start, today + timedelta(days=40)) if p.end < today]
    missed = finished[-2]
    for period in finished:
        if period == missed:
            continue
        services.session_schedule(
            actor=world.officer,
            unit=world.ward,
            duty=duty,
            kind="regular",
            held_on=period.start + timedelta(days=1),
            chaired_by="Ông Võ Minh Tâm, Chủ tịch UBND phường",
            location="Trụ sở UBND phường Ninh Kiều",
            status="held",
        )
    return duty, missed


def test_reception_day(page, live_server, meetings_world, shoot):
    from danvan.cases.models import Case
    from danvan.meetings.models import ReceptionVisit

    url = live_server.url
    _duty, missed = _duty_with_a_missed_week(meetings_world)
    _login(page, url, OFFICER[0])
    main = page.get_by_role("main")

    # The desk card leads to the calendar; the officer schedules today's reception.
    main.get_by_role("region", name="Tiếp công dân, đối thoại, cam kết").get_by_role("link", name="Lịch tiếp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch tiếp công dân")
    main.get_by_role("link", name="Lên lịch tiếp").click()
    from danvan.core.clock import local_date

    today = local_date()
    page.get_by_label("Hình thức").select_option(label="Định kỳ")
    page.get_by_label("Lãnh đạo tiếp theo định mức").select_option(label="Chủ tịch UBND phường Ninh Kiều")
    page.get_by_label("Người chủ trì").fill("Ông Võ Minh Tâm, Chủ tịch UBND phường")
    page.get_by_label("Ngày tiếp").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Bắt đầu").fill("07:30")
    page.get_by_label("Kết thúc").fill("11:00")
    page.get_by_label("Địa điểm").fill("Trụ sở UBND phường Ninh Kiều, 2 Đại lộ Hòa Bình")
    assert_accessible(page, "session form")
    page.get_by_role("button", name="Lưu lịch tiếp").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lên lịch tiếp công dân.")
    session_url = page.url
    shoot(page, "90-meetings-session")

    # A walk-in with a mixed letter: one complaint and one denunciation → two cases.
    main.get_by_role("link", name="Ghi sổ lượt tiếp").click()
    page.get_by_label("Họ và tên").fill(CITIZEN)
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("092088001234")
    page.get_by_label("Địa chỉ").fill("Số 18, hẻm 51, khu vực 4")
    page.get_by_label("Tóm tắt nội dung trình bày").fill(
        "Khiếu nại quyết định thu hồi đất và tố cáo cán bộ địa chính đòi tiền khi đo đạc."
    )
    page.get_by_label("Tiếp nhận đơn, chuyển xử lý").check()
    blocks = page.locator("fieldset.content-block")
    first, second = blocks.nth(0), blocks.nth(1)
    first.get_by_label("Loại đơn").select_option(label="Khiếu nại lần đầu")
    first.get_by_label("Lĩnh vực").select_option(index=1)
    first.get_by_label("Tiêu đề").fill("Khiếu nại quyết định thu hồi đất hẻm 51")
    first.get_by_label("Nội dung").fill("Không đồng ý mức bồi thường theo quyết định số 120/QĐ-UBND.")
    second.get_by_label("Loại đơn").select_option(label="Tố cáo")
    second.get_by_label("Lĩnh vực").select_option(index=1)
    second.get_by_label("Tiêu đề").fill("Tố cáo cán bộ địa chính đòi tiền")
    second.get_by_label("Nội dung").fill("Cán bộ đo đạc yêu cầu nộp 5 triệu đồng ngoài quy định.")
    assert_accessible(page, "reception book form")
    # New cases start other apps' after-commit work (early-warning analysis), which may take a while here.
    page.get_by_role("button", name="Ghi sổ", exact=True).click(timeout=SLOW)
    expect(page.get_by_role("status")).to_contain_text("và tạo 2 đơn", timeout=SLOW)
    visit = ReceptionVisit.objects.get()
    codes = sorted(visit.cases.values_list("tracking_code", flat=True))
    assert len(codes) == 2
    assert sorted(Case.objects.values_list("kind", flat=True)) == ["khieu_nai", "to_cao"]
    for code in codes:
        expect(main.get_by_role("link", name=code)).to_be_visible()
    expect(main).to_contain_text("Hạn trả lời (10 ngày làm việc)")
    shoot(page, "91-meetings-visit")

    # The conclusion, then the draft notice as DOCX.
    page.goto(session_url)
    expect(main.get_by_role("region", name="Sổ tiếp công dân của buổi tiếp")).to_contain_text(codes[0])
    page.get_by_label("Kết luận, chỉ đạo").fill(
        "Giao Phòng Kinh tế, Hạ tầng và Đô thị kiểm tra hồ sơ bồi thường hẻm 51.\nBáo cáo kết quả trước ngày 15/12."
    )
    page.get_by_role("button", name="Lưu kết luận").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu kết luận")
    with page.expect_download() as download:
        main.get_by_role("link", name="Tải dự thảo Thông báo kết luận (.docx)").click()
    from docx import Document

    with open(download.value.path(), "rb") as handle:
        text = "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)
    assert "kiểm tra hồ sơ bồi thường hẻm 51" in text and CITIZEN not in text

    # The compliance view: the chair missed one week, highlighted.
    page.goto(url + "/lam-viec/tiep-dan-doi-thoai/tuan-thu/")
    card = main.get_by_role("region", name=f"{CHAIR[1]} — Chủ tịch UBND phường Ninh Kiều")
    expect(card.locator(".gap-count")).to_have_text("Thiếu 1 kỳ")
    gap = card.locator(".period-gap")
    expect(gap).to_have_count(1)
    expect(gap).to_contain_text(missed.label)
    expect(gap).to_contain_text("0/1")
    assert_accessible(page, "compliance view")
    shoot(page, "92-meetings-compliance")

    # The public calendar lists today's session.
    page.goto(url + "/lich-tiep-cong-dan/")
    expect(main).to_contain_text("2 Đại lộ Hòa Bình")
    assert_accessible(page, "public reception calendar")
    page.problems.assert_none(allow=(r"request failed: .*\.docx$",))


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_dialogue_commitment_portal_and_import(page, live_server, meetings_world, shoot, tmp_path):
    from danvan.core.clock import local_date
    from danvan.meetings import services
    from danvan.meetings.models import Commitment, Dialogue

    url = live_server.url
    today = local_date()
    world = meetings_world
    other = services.commitment_create(
        actor=world.officer,
        organization=world.ward_committee,
        unit=world.ward,
        title="Lắp đèn chiếu sáng hẻm 12",
        due_date=today + timedelta(days=40),
        committed_on=today - timedelta(days=20),
    )
    _login(page, url, OFFICER[0])
    main = page.get_by_role("main")

    # Plan the dialogue (notice 7 days before, today).
    page.goto(url + "/lam-viec/tiep-dan-doi-thoai/doi-thoai/them/")
    page.get_by_label("Cơ quan tổ chức").select_option(label="Ủy ban nhân dân phường Ninh Kiều")
    page.get_by_label("Lãnh đạo chủ trì").fill("Ông Võ Minh Tâm, Chủ tịch UBND phường")
    page.get_by_label("Chủ đề").fill("Bồi thường, tái định cư dự án bờ kè sông Cần Thơ")
    page.get_by_label("Đối tượng đối thoại").fill("Các hộ dân khu vực 2 bị ảnh hưởng")
    page.get_by_label("Ngày đối thoại").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Địa điểm").fill("Nhà văn hóa khu vực 2")
    page.get_by_label("Ngày gửi thông báo").fill((today - timedelta(days=3)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.get_by_role("alert")).to_contain_text("ít nhất 05 ngày")  # 3 days is too short
    expect(page.get_by_label("Chủ đề")).to_have_value("Bồi thường, tái định cư dự án bờ kè sông Cần Thơ")
    page.get_by_label("Ngày gửi thông báo").fill((today - timedelta(days=7)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu kế hoạch").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lên kế hoạch đối thoại.")

    # Minutes.
    page.get_by_role("textbox", name=re.compile(r"^Biên bản")).fill(
        "Hội nghị khai mạc lúc 8 giờ, có 45 hộ dân tham dự."
    )
    page.get_by_role("button", name="Lưu biên bản").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu biên bản.")

    def issue(topic, text, outcome, fields, tone="Băn khoăn, lo lắng"):
        page.locator("summary", has_text="Ghi nhận ý kiến").click()
        form = page.locator("form.issue-form")
        form.get_by_label("Vấn đề").fill(topic)
        form.get_by_label("Ý kiến người dân").fill(text)
        form.get_by_label("Thái độ").select_option(label=tone)
        form.get_by_label(outcome).check()
        for label, value in fields.items():
            control = form.get_by_label(label, exact=True)
            if control.evaluate("el => el.tagName") == "SELECT":
                control.select_option(label=value)
            else:
                control.fill(value)
        form.get_by_role("button", name="Lưu ý kiến").click(timeout=SLOW)
        expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận ý kiến.", timeout=SLOW)

    issue(
        "Đơn giá bồi thường",
        "Đơn giá đất thấp hơn giá thị trường.",
        "Trả lời ngay tại hội nghị",
        {"Trả lời tại hội nghị": "Đơn giá đã được điều chỉnh theo Quyết định 35/2026 của UBND thành phố."},
    )
    due = today + timedelta(days=60)
    issue(
        "Nền tái định cư",
        "Chưa được giao nền tái định cư.",
        "Cam kết giải quyết",
        {
            "Nội dung cam kết": "Giao nền tái định cư cho 12 hộ khu vực 2",
            "Hạn hoàn thành cam kết": due.strftime("%d/%m/%Y"),
        },
        tone="Bức xúc, gay gắt",
    )
    issue(
        "Đo đạc diện tích",
        "Diện tích đo đạc nhà ông Sáu thiếu 20 m².",
        "Chuyển thành đơn để giải quyết",
        {"Loại đơn": "Kiến nghị", "Lĩnh vực": "Đất đai, bồi thường, giải phóng mặt bằng, tái định cư"},
    )
    dialogue = Dialogue.objects.get()
    assert dialogue.status == "held"
    assert [i.outcome for i in dialogue.issues.all()] == ["answered", "commitment", "case"]
    issues = main.get_by_role("region", name="Ý kiến, kiến nghị tại hội nghị")
    case_code = dialogue.issues.get(outcome="case").case.tracking_code
    expect(issues.get_by_role("link", name=case_code)).to_be_visible()
    # Audit without the flash message: includes/messages.html puts role="status" on its <ul>, which axe
    # reports as list items outside a list (reported to the lead).
    page.reload()
    assert_accessible(page, "dialogue page")
    shoot(page, "93-meetings-dialogue")

    # The commitment: a progress update, then the public page with its timeline.
    commitment = Commitment.objects.get(title="Giao nền tái định cư cho 12 hộ khu vực 2")
    issues.get_by_role("link", name=commitment.code).click()
    page.get_by_label("Tiến độ (%)").fill("30")
    page.get_by_label("Nội dung").fill("Đã đo đạc, phân lô 12 nền tại khu tái định cư Cửu Long.")
    page.get_by_role("button", name="Lưu tiến độ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã cập nhật tiến độ.")

    page.goto(url + "/cam-ket/")
    main.get_by_role("link", name="Giao nền tái định cư cho 12 hộ khu vực 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Giao nền tái định cư cho 12 hộ khu vực 2")
    timeline = main.locator("ol.timeline > li")
    expect(timeline).to_have_count(2)
    expect(timeline.nth(0)).to_contain_text(today.strftime("%d/%m/%Y"))
    expect(timeline.nth(0)).to_contain_text(f"hạn hoàn thành {due.strftime('%d/%m/%Y')}")
    expect(timeline.nth(1)).to_contain_text("30%")
    expect(timeline.nth(1)).to_contain_text("phân lô 12 nền")
    assert_accessible(page, "public commitment")
    shoot(page, "94-meetings-public-commitment")

    # Bulk import: one good row, one bad row.
    path = tmp_path / "tien-do-cam-ket.xlsx"
    path.write_bytes(
        _xlsx(
            [
                ["Mã cam kết", "Tiến độ (%)", "Ghi chú"],
                [other.code, 75, "Đã lắp 15/20 bóng"],
                [commitment.code, 130, ""],
            ]
        )
    )
    page.goto(url + "/lam-viec/tiep-dan-doi-thoai/cam-ket/")
    main.get_by_role("link", name="Nhập tiến độ từ tệp").click()
    page.get_by_label("Tệp tiến độ (.xlsx hoặc .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Nhập tiến độ").click()
    report = main.get_by_role("region", name="Kết quả nhập")
    expect(report.get_by_role("status")).to_have_text("Đã cập nhật 1 dòng, từ chối 1 dòng.")
    rejected = report.locator("table.rejected tbody tr")
    expect(rejected).to_have_count(1)
    expect(rejected).to_contain_text("3")
    expect(rejected).to_contain_text("Tiến độ phải là số nguyên từ 0 đến 100.")
    assert_accessible(page, "import report")
    shoot(page, "95-meetings-import")
    other.refresh_from_db()
    commitment.refresh_from_db()
    assert (other.progress, commitment.progress) == (75, 30)
    page.problems.assert_none(allow=(r"status of 422",))


def test_meetings_pages_fit_a_phone(browser, live_server, meetings_world, shoot):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    try:
        _login(page, live_server.url, OFFICER[0])
        for path in ("/lam-viec/tiep-dan-doi-thoai/", "/lam-viec/tiep-dan-doi-thoai/tuan-thu/", "/cam-ket/"):
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} is {width}px wide on a phone"
        shoot(page, "96-meetings-phone")
        assert re.search(r"cam-ket", page.url)
    finally:
        context.close()
