"""Early warning through the UI: a planted burst of land complaints in one ward raises a hotspot alert that
the ward's leader finds on the desk and in the alert inbox, acknowledges, acts on and closes with a note;
the case page shows the category suggestion, the same-incident group and the explained risk; the
worklist shows the group badge. axe-core audits and a 360-px phone check. Screenshots: prefix 9x."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Thu-nghiem-Canh-bao-2026!"
LEADER = ("lanhdao.ninhkieu", "Trương Văn Bình")
BODIES = [
    "Gia đình tôi bị thu hồi đất nông nghiệp để làm đường nhưng mức bồi thường thấp hơn giá thị trường.",
    "Khiếu nại việc thu hồi đất ruộng làm khu dân cư, giá bồi thường không thỏa đáng.",
    "Chúng tôi chưa được bố trí đất tái định cư dù đã bàn giao mặt bằng từ lâu.",
    "Đo đạc sai diện tích thửa đất khi giải phóng mặt bằng, đề nghị đo lại.",
    "Gia dinh toi bi thu hoi dat nong nghiep de lam duong nhung muc boi thuong thap hon gia thi truong.",
]


@pytest.fixture
def burst_world(world, settings):
    from django.core.cache import cache

    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.cases.deadlines import seed_legal_data
    from danvan.cases.models import Category
    from danvan.cases.services import PersonInput, Submission, case_submit

    settings.DANVAN_ANALYTICS = {"TRAIN_LIMIT": 15}
    seed_legal_data()
    cache.clear()
    user = user_create(username=LEADER[0], full_name=LEADER[1], password=PASSWORD)
    role_assign(user=user, role=Role.LEADER, unit=world.ward)
    land = Category.objects.get(code="dat_dai")
    for index, body in enumerate(BODIES):
        case_submit(  # each submission is processed after commit (immediate task backend in tests)
            data=Submission(
                kind="khieu_nai",
                channel="in_person",
                category=land,
                subject=f"Khiếu nại bồi thường thu hồi đất ({index + 1})",
                body=body,
                submitted_unit=world.ward,
                persons=[PersonInput(full_name=f"Người Dân {index}", phone=f"09390000{index:02d}")],
            )
        )
    return world


def _login(page, url: str) -> None:
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(LEADER[0])
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")


def test_leader_handles_a_hotspot_alert(browser, page, live_server, burst_world, shoot):
    url = live_server.url
    main = page.get_by_role("main")
    _login(page, url)

    # The desk counts the open alert and links to the inbox.
    card = main.get_by_role("region", name="Cảnh báo sớm")
    expect(card.get_by_role("link", name="1 cảnh báo đang mở")).to_be_visible()
    card.get_by_role("link", name="1 cảnh báo đang mở").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cảnh báo sớm")
    title = "Điểm nóng: 5 đơn về Đất đai, bồi thường, giải phóng mặt bằng, tái định cư tại Phường Ninh Kiều"
    alert_link = main.get_by_role("link", name=title, exact=False)
    expect(alert_link).to_be_visible()
    assert_accessible(page, "alert inbox")
    shoot(page, "90-analytics-inbox")

    # The alert page explains the baseline and offers the ways to act.
    alert_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Điểm nóng: 5 đơn")
    expect(main).to_contain_text("Mức nền của địa bàn: 0,50 đơn/tuần")
    expect(main.get_by_role("link", name="Các đơn đang giải quyết tại địa bàn (phân công)")).to_be_visible()
    assert_accessible(page, "alert page")
    shoot(page, "91-analytics-alert")

    main.get_by_role("region", name="Xác nhận đã nắm").get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("status").filter(has_text="Đã xác nhận nắm thông tin.")).to_be_visible()
    act = main.get_by_role("region", name="Xử lý")
    act.get_by_label("Biện pháp").select_option(label="Tổ chức đối thoại với người dân")
    act.get_by_label("Ghi chú").fill("Đối thoại với các hộ bị thu hồi đất ngày 28/11")
    act.get_by_role("button", name="Ghi nhận biện pháp").click()
    expect(page.get_by_role("status").filter(has_text="Đã ghi nhận biện pháp xử lý.")).to_be_visible()

    # Closing needs a note: the server says so in Vietnamese and keeps the choice.
    page.locator("form").evaluate_all("forms => forms.forEach(f => f.noValidate = true)")
    close = main.get_by_role("region", name="Đóng cảnh báo")
    close.get_by_label("Kết quả", exact=True).select_option(label="Đã giải quyết, ổn định")
    close.get_by_role("button", name="Đóng cảnh báo").click()
    expect(main.get_by_role("alert")).to_contain_text("Vui lòng ghi rõ kết quả xử lý")
    close = main.get_by_role("region", name="Đóng cảnh báo")
    expect(close.get_by_label("Kết quả", exact=True)).to_have_value("resolved")
    close.get_by_label("Kết quả xử lý").fill("Đã đối thoại, điều chỉnh phương án hỗ trợ; người dân đồng tình.")
    close.get_by_role("button", name="Đóng cảnh báo").click()
    expect(page.get_by_role("status").filter(has_text="Đã đóng cảnh báo.")).to_be_visible()
    expect(main.get_by_role("region", name="Diễn biến")).to_contain_text("Xử lý: Tổ chức đối thoại với người dân")
    shoot(page, "92-analytics-closed")

    page.goto(url + "/lam-viec/canh-bao/?tab=history")
    expect(main).to_contain_text("Đã giải quyết, ổn định")

    # The worklist marks the two letters about the same plot; the case page explains the suggestion and risk.
    page.goto(url + "/lam-viec/don/")
    expect(main.locator(".badge-group")).to_have_count(2)
    expect(main.locator(".badge-group").first).to_have_text("2 đơn cùng vụ việc")
    main.get_by_role("link", name=main.locator("a.code").first.inner_text()).click()
    panel = page.get_by_role("complementary").get_by_role("region", name="Cảnh báo sớm")
    expect(panel).to_contain_text("Gợi ý lĩnh vực")
    expect(panel).to_contain_text("Đất đai, bồi thường")
    expect(panel).to_contain_text("Nguy cơ phức tạp")
    assert_accessible(page, "case page with the early-warning panel")
    shoot(page, "93-analytics-case-panel")

    page.set_viewport_size(PHONE)
    page.goto(url + "/lam-viec/canh-bao/?tab=history")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the inbox is {overflow}px wider than a phone"
    shoot(page, "94-analytics-phone")
