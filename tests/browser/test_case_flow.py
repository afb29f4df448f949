"""A complaint's whole life through the UI: a citizen sends it on the portal; a handler screens it from the
worklist; the leader accepts it, extends it as complex and answers it; the handler closes it; the citizen
tracks it, reads the answer and rates it. Also the reception desk (a mixed letter split in two), axe-core
audits of the worklist, case page and reception page, and a 360-px phone check. Screenshots of each step go
to test-output/screenshots/ (prefix 7x/8x)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Thu-nghiem-Don-thu-2026!"
HANDLER = ("xuly.ninhkieu", "Lê Hoàng Phúc")
LEADER = ("chutich.ninhkieu", "Võ Minh Tâm")
SUBJECT = "Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng"
BODY = (
    "Ngày 02/11/2026 Ủy ban nhân dân phường ban hành quyết định xử phạt gia đình tôi vì xây dựng không phép, "
    "trong khi gia đình đã được cấp giấy phép sửa chữa nhà số 45/2026/GP. Đề nghị xem xét lại quyết định."
)
CITIZEN = "Phạm Thị Thu Trang"
ANSWER = "Hủy quyết định xử phạt vì gia đình đã có giấy phép sửa chữa nhà hợp lệ."


@pytest.fixture
def case_world(world):
    from django.core.cache import cache

    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.cases.deadlines import seed_legal_data

    # Live-server tests flush the database: seed the categories and rule sets again, no rate-limit leftovers.
    seed_legal_data()
    cache.clear()
    for (username, full_name), role in ((HANDLER, Role.CASE_HANDLER), (LEADER, Role.LEADER)):
        user = user_create(username=username, full_name=full_name, password=PASSWORD)
        role_assign(user=user, role=role, unit=world.ward)
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
    page.wait_for_load_state("networkidle")  # let the home page load its styles and icon: leaving earlier aborts them


def _act(page, action: str, *, note: str = "", fields: dict | None = None) -> None:
    """Open an action's panel on the case page, fill it in and send it."""
    actions = page.get_by_role("complementary").get_by_role("region", name="Thao tác")
    summary = page.locator("summary", has_text=re.compile(rf"^{re.escape(action)}$"))
    panel = actions.locator("details.action-panel").filter(has=summary)
    if panel.get_attribute("open") is None:  # a panel shown again with an error is open already
        panel.locator("summary").click()
    for label, value in (fields or {}).items():
        control = panel.get_by_label(label)
        if control.evaluate("el => el.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    if note:
        panel.get_by_role("textbox", name=re.compile(r"^(Lý do|Ghi chú)")).fill(note)
    panel.get_by_role("button", name=action, exact=True).click()
    expect(page.get_by_role("status").filter(has_text=f"Đã thực hiện: {action}.")).to_be_visible()


def _no_overflow(page, label: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label} is {overflow}px wider than the screen"


def _submit_on_portal(page, url: str) -> tuple[str, str]:
    page.goto(url + "/gui-don/?kind=khieu_nai")
    page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Cần Thơ")
    expect(page.get_by_label("Xã, phường, đặc khu").locator("option")).to_have_count(3)
    page.get_by_label("Xã, phường, đặc khu").select_option(label="Phường Ninh Kiều")
    page.get_by_label("Lĩnh vực").select_option(label="Nhà ở, xây dựng, trật tự đô thị")
    page.get_by_label("Tiêu đề").fill(SUBJECT)
    page.get_by_role("textbox", name=re.compile(r"^Nội dung")).fill(BODY)
    page.get_by_label("Họ và tên").fill(CITIZEN)
    page.get_by_label("Địa chỉ nơi cư trú").fill("Số 8, đường Mậu Thân, phường Ninh Kiều")
    page.get_by_label("Số điện thoại").fill("0939 123 456")
    page.get_by_role("button", name="Gửi đơn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã gửi đơn thành công")
    return page.locator("#tracking-code").inner_text().strip(), page.locator("#tracking-pin").inner_text().strip()


def test_complaint_from_portal_to_rating(browser, page, live_server, case_world, shoot):
    url = live_server.url
    main = page.get_by_role("main")

    # The citizen sends a complaint on the portal, in a browser of their own.
    citizen = browser.new_context(viewport={"width": 1024, "height": 800}, locale="vi-VN")
    citizen_page = citizen.new_page()
    citizen_page.set_default_timeout(10_000)
    try:
        code, pin = _submit_on_portal(citizen_page, url)
        shoot(citizen_page, "70-case-citizen-sent")

        # The handler's desk counts it and links into the worklist.
        _login(page, url, HANDLER[0])
        desk = main.get_by_role("region", name="Đơn thư, vụ việc")
        expect(desk.get_by_role("link", name="1 đang giải quyết")).to_be_visible()
        shoot(page, "71-case-desk-counts")
        desk.get_by_role("link", name="1 đang giải quyết").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Đơn thư, vụ việc")
        expect(main.get_by_role("link", name=code)).to_be_visible()
        expect(main).to_contain_text("còn ")
        expect(main).not_to_contain_text(CITIZEN)
        assert_accessible(page, "worklist")
        shoot(page, "72-case-worklist")

        # A search without diacritics finds it; the case page shows the case, the clock and the allowed actions.
        page.get_by_label("Tìm kiếm").fill("xu phat xay dung")
        page.get_by_role("button", name="Lọc", exact=True).click()
        expect(main.get_by_role("link", name=code)).to_be_visible()
        main.get_by_role("link", name=code).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
        expect(main).to_contain_text("Khiếu nại lần đầu")
        expect(main).to_contain_text("Thụ lý khiếu nại")
        expect(main).to_contain_text(CITIZEN)  # a complaint's complainant is known to the officers handling it
        side = page.get_by_role("complementary")
        expect(side.locator("summary")).to_have_text(["Phân loại, xem xét", "Chuyển cơ quan có thẩm quyền", "Rút đơn"])
        assert_accessible(page, "case page")
        shoot(page, "73-case-page-handler")
        case_url = page.url
        _act(page, "Phân loại, xem xét", note="Đơn có chữ ký, trong thời hiệu")
        expect(main.locator(".badge-status")).to_have_text("Đang phân loại, xem xét thụ lý")
        shoot(page, "74-case-screened")
        _logout(page)

        # The leader accepts, extends as complex with a reason, and answers.
        _login(page, url, LEADER[0])
        page.goto(case_url)
        _act(page, "Thụ lý", note="Đủ điều kiện thụ lý theo Điều 27 Luật Khiếu nại")
        expect(main.locator(".badge-status")).to_have_text("Đã thụ lý")
        expect(main).to_contain_text("Giải quyết khiếu nại lần đầu")
        due_before = page.locator(".clock-date").inner_text()
        shoot(page, "75-case-accepted")

        # An action that needs a reason says so in Vietnamese when sent without one (the browser's own check
        # is switched off here to reach the server's).
        page.locator("form").evaluate_all("forms => forms.forEach(f => f.noValidate = true)")
        actions = side.get_by_role("region", name="Thao tác")
        extend = actions.locator("details.action-panel").filter(
            has=page.locator("summary", has_text=re.compile("^Gia hạn$"))
        )
        extend.locator("summary").click()
        extend.get_by_label("Mức độ vụ việc").select_option(label="Phức tạp")
        extend.get_by_role("button", name="Gia hạn").click()
        expect(page.get_by_role("alert")).to_have_text("Thao tác này cần ghi rõ lý do hoặc căn cứ.")
        expect(extend.get_by_label("Mức độ vụ việc")).to_have_value("complex")
        assert_accessible(page, "case page with an error")
        shoot(page, "76-case-extend-error")

        _act(
            page,
            "Gia hạn",
            note="Nhiều hộ dân có quyền lợi liên quan, cần xác minh tại nhiều nơi",
            fields={"Mức độ vụ việc": "Phức tạp"},
        )
        expect(main.locator(".badges")).to_contain_text("Phức tạp")
        assert page.locator(".clock-date").inner_text() != due_before
        shoot(page, "77-case-extended")
        _act(
            page,
            "Ban hành kết quả, trả lời",
            note="Quyết định số 25/QĐ-UBND ngày 20/11/2026",
            fields={"Kết quả trả lời công dân (công khai)": ANSWER},
        )
        expect(main.locator(".badge-status")).to_have_text("Đã có kết quả, trả lời")
        expect(main.get_by_role("region", name="Kết quả trả lời công dân")).to_contain_text(ANSWER)

        # The drafts: the acceptance notice and the reply, as Word files.
        docs = side.get_by_role("region", name="Dự thảo văn bản")
        expect(docs.get_by_role("link")).to_have_text(["Thông báo thụ lý", "Văn bản trả lời"])
        with page.expect_download() as download:
            docs.get_by_role("link", name="Văn bản trả lời").click()
        from docx import Document

        with open(download.value.path(), "rb") as handle:
            text = "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)
        assert code in text and ANSWER in text
        shoot(page, "78-case-answered")
        _logout(page)

        # The handler closes the file.
        _login(page, url, HANDLER[0])
        page.goto(case_url)
        _act(page, "Kết thúc hồ sơ")
        expect(main.locator(".badge-status")).to_have_text("Đã kết thúc")
        expect(main.get_by_role("region", name="Diễn biến xử lý")).to_contain_text("Gia hạn")
        expect(side.locator("summary")).to_have_count(0)
        shoot(page, "79-case-closed")

        # The citizen tracks it, reads the answer and rates it.
        citizen_page.goto(url + "/tra-cuu/")
        citizen_page.get_by_label("Mã tra cứu").fill(code)
        citizen_page.get_by_label("Mã PIN").fill(pin)
        citizen_page.get_by_role("button", name="Tra cứu", exact=True).click()
        citizen_main = citizen_page.get_by_role("main")
        expect(citizen_page.get_by_role("heading", level=1)).to_have_text(f"Đơn {code}")
        expect(citizen_main).to_contain_text("Đã giải quyết xong")
        expect(citizen_main).to_contain_text(ANSWER)
        expect(citizen_main).to_contain_text("Gia hạn thời hạn giải quyết")
        citizen_page.get_by_label("5 – Rất hài lòng").check()
        citizen_page.get_by_role("button", name="Gửi đánh giá").click()
        expect(citizen_page.get_by_role("status").filter(has_text="Cảm ơn")).to_be_visible()
        shoot(citizen_page, "80-case-citizen-rated")

        # The officer sees the rating; the page also passes axe in high contrast.
        page.reload()
        expect(main).to_contain_text("Công dân đánh giá: 5/5.")
        page.get_by_role("button", name="Tương phản cao").click()
        expect(page.locator("html")).to_have_class(re.compile(r"\bdv-contrast\b"))
        assert_accessible(page, "closed case page in high contrast")
        shoot(page, "80b-case-closed-high-contrast")
        page.get_by_role("button", name="Tương phản cao").click()
        # A download ends the navigation that asked for it, which the browser reports as a failed request.
        page.problems.assert_none(allow=(r"status of 422", r"request failed: .*/van-ban/tra-loi/$"))
    finally:
        citizen.close()


def test_reception_desk_splits_a_mixed_letter(page, live_server, case_world, shoot):
    url = live_server.url
    main = page.get_by_role("main")
    _login(page, url, HANDLER[0])
    main.get_by_role("link", name="Tiếp nhận đơn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận đơn")
    # Their one ward is chosen already.
    expect(page.get_by_label("Xã, phường nơi phát sinh")).to_have_value(str(case_world.ward.pk))
    assert_accessible(page, "reception page")
    shoot(page, "81-reception-empty")

    page.get_by_label("Họ và tên người gửi").fill("Trần Văn Hùng")
    page.get_by_label("Điện thoại").fill("0907 111 222")
    page.get_by_label("Địa chỉ", exact=True).fill("Tổ 7, khu vực 3, phường Ninh Kiều")
    block = page.get_by_role("group", name="Nội dung 1")
    block.get_by_label("Loại đơn").select_option(label="Khiếu nại lần đầu")
    block.get_by_label("Lĩnh vực").select_option(label="Đất đai, bồi thường, giải phóng mặt bằng, tái định cư")
    block.get_by_label("Tiêu đề").fill("Khiếu nại mức bồi thường khi thu hồi đất")
    block.get_by_label("Nội dung").fill("Giá bồi thường thấp hơn giá thị trường.")
    page.get_by_role("button", name="Thêm nội dung").click()

    # A second block, the first one kept, focus on the new block.
    second = page.get_by_role("group", name="Nội dung 2")
    expect(second).to_be_visible()
    expect(second.get_by_label("Loại đơn")).to_be_focused()
    expect(page.get_by_role("group", name="Nội dung 1").get_by_label("Tiêu đề")).to_have_value(
        "Khiếu nại mức bồi thường khi thu hồi đất"
    )
    expect(page.get_by_label("Họ và tên người gửi")).to_have_value("Trần Văn Hùng")
    second.get_by_label("Loại đơn").select_option(label="Kiến nghị")
    second.get_by_label("Lĩnh vực").select_option(label="Môi trường")
    second.get_by_label("Tiêu đề").fill("Kiến nghị nạo vét kênh thoát nước")
    second.get_by_label("Nội dung").fill("Kênh bị bồi lắng, mưa là ngập.")
    assert_accessible(page, "reception page with two blocks")
    shoot(page, "82-reception-two-blocks")
    page.get_by_role("button", name="Lưu và cấp mã tra cứu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tiếp nhận đơn")
    rows = main.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Khiếu nại mức bồi thường khi thu hồi đất")
    expect(rows.nth(1)).to_contain_text("Kiến nghị nạo vét kênh thoát nước")
    for i in range(2):
        assert re.fullmatch(r"\d{6}", rows.nth(i).locator(".pin").inner_text())
    expect(page.get_by_role("button", name="In phiếu")).to_be_visible()
    assert_accessible(page, "reception result")
    shoot(page, "83-reception-result")
    page.problems.assert_none()


def test_case_pages_fit_a_phone(browser, live_server, case_world, shoot):
    from danvan.cases.models import Category
    from danvan.cases.services import PersonInput, Submission, case_submit

    case = case_submit(
        data=Submission(
            kind="to_cao",
            channel="hotline",
            category=Category.objects.get(code="tham_nhung_tieu_cuc"),
            subject="Tố cáo cán bộ địa chính đòi tiền khi làm thủ tục sang tên",
            body="Khi làm thủ tục sang tên, cán bộ yêu cầu nộp thêm 5 triệu đồng ngoài lệ phí.",
            submitted_unit=case_world.ward,
            persons=[PersonInput(full_name="Người Tố Cáo Bí Mật", phone="0911000111")],
            group_size=6,
        )
    ).case
    context = browser.new_context(viewport=PHONE, locale="vi-VN", device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        _login(page, live_server.url, LEADER[0])
        _no_overflow(page, "desk")
        for path, name in [
            ("/lam-viec/don/", "84-phone-worklist"),
            (f"/lam-viec/don/{case.public_id}/", "85-phone-denunciation"),
        ]:
            page.goto(live_server.url + path)
            _no_overflow(page, path)
            expect(page.get_by_role("main")).not_to_contain_text("Người Tố Cáo Bí Mật")
            shoot(page, name)
        main = page.get_by_role("main")
        expect(main).to_contain_text("Thông tin người tố cáo được bảo mật")
        expect(main).to_contain_text("Đông người (6 người)")
        assert_accessible(page, "denunciation page")

        # The leader reveals the denouncer with a reason: shown on that response only.
        page.get_by_label("Lý do cần xem danh tính").fill("Cần liên hệ để xác minh nội dung tố cáo")
        page.get_by_role("button", name="Xem danh tính").click()
        expect(main).to_contain_text("Người Tố Cáo Bí Mật")
        expect(main).to_contain_text("đã được ghi nhật ký")
        _no_overflow(page, "revealed")
        shoot(page, "86-phone-revealed")
        page.goto(live_server.url + f"/lam-viec/don/{case.public_id}/")
        expect(main).not_to_contain_text("Người Tố Cáo Bí Mật")
    finally:
        context.close()
