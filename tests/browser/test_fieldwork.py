"""Offline visit capture: a field cadre opens the visit form, the network goes away, the form still opens
(service worker) and two visits are queued on the device; the network returns and the queue syncs; the
same queue synced again creates nothing ("already recorded"), and a visit to a unit outside the cadre's
jurisdiction comes back as a conflict shown on the device. Also the quota page (axe) and a 360-px phone.
Screenshots: test-output/screenshots/fieldwork-*.png."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import assert_accessible
from tests.browser.world import _unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Thu-nghiem-Di-co-so-2026!"
CADRE = ("coso.ninhkieu", "Đinh Thị Mỹ Duyên")
QUEUE_KEY = "danvan.fieldwork.queue"
# Offline, the browser reports the requests it could not make: expected, not a fault of the page.
OFFLINE_NOISE = (r"ERR_INTERNET_DISCONNECTED", r"request failed", r"Failed to fetch", r"ERR_FAILED")


@pytest.fixture
def field_world(world):
    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.fieldwork.services import quota_policy_seed
    from danvan.territory.models import AdministrativeUnit
    from danvan.territory.services import village_create

    quota_policy_seed()
    user = user_create(username=CADRE[0], full_name=CADRE[1], password=PASSWORD)
    role_assign(user=user, role=Role.FIELD_CADRE, unit=world.ward)
    village_create(commune=world.ward, code="KV1", name="Khu vực 1", kind=AdministrativeUnit.Kind.RESIDENTIAL_GROUP)
    level = AdministrativeUnit.Level
    lai_chau = _unit(code="12", name="Tỉnh Lai Châu", kind="tinh", level=level.PROVINCE)
    world.far_unit = _unit(code="03390", name="Xã Bình Lư", kind="xa", level=level.COMMUNE, parent=lai_chau)
    return world


def _login(page, url: str) -> None:
    page.goto(url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(CADRE[0])
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")


def _fill_visit(page, *, unit: str, day: str, time: str, kind: str, purpose: str, topic: str = "", tone: str = ""):
    form = page.locator("#fw-visit-form")
    form.get_by_label("Nơi đến").select_option(label=unit)
    form.get_by_label("Ngày đi").fill(day)
    form.get_by_label("Giờ").fill(time)
    form.get_by_label("Hình thức").select_option(label=kind)
    form.get_by_label("Mục đích").fill(purpose)
    if topic:
        form.get_by_label("Vấn đề người dân quan tâm").first.fill(topic)
        form.get_by_label("Thái độ").first.select_option(label=tone)
    form.get_by_role("button", name="Ghi nhận").click()


def _visits():
    from danvan.fieldwork.models import Visit

    return list(Visit.objects.order_by("visited_at").values_list("purpose", "source", "kind"))


def test_offline_capture_then_double_sync_records_exactly_two_visits(field_world, live_server, context, page, shoot):
    _login(page, live_server.url)
    page.goto(live_server.url + "/lam-viec/di-co-so/ghi-nhan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ghi nhận chuyến đi cơ sở")
    # The worker is installed and controls the page (it has cached the form and its files).
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")

    context.set_offline(True)
    page.reload()  # no network: the service worker serves the cached form
    expect(page.get_by_role("heading", level=1)).to_have_text("Ghi nhận chuyến đi cơ sở")
    expect(page.locator("#fw-connection")).to_contain_text("Đang không có mạng")

    _fill_visit(
        page,
        unit="Khu vực 1 — Phường Ninh Kiều",
        day="2026-11-20",
        time="08:30",
        kind="Đi cơ sở, nắm tình hình",
        purpose="Nắm tình hình giải phóng mặt bằng bờ kè sông Cần Thơ",
        topic="Giá bồi thường đất",
        tone="Bức xúc, gay gắt",
    )
    expect(page.locator("#fw-queue-status")).to_contain_text("Đã lưu phiếu trên máy")
    _fill_visit(
        page,
        unit="Phường Ninh Kiều",
        day="2026-11-21",
        time="19:30",
        kind="Dự sinh hoạt chi hội, khu dân cư",
        purpose="Dự sinh hoạt chi hội phụ nữ khu vực 2",
    )
    expect(page.locator("#fw-queue-status")).to_contain_text("Số phiếu chờ gửi: 2")
    expect(page.locator("#fw-queue-list > li")).to_have_count(2)
    shoot(page, "fieldwork-1-offline-queue")
    assert _visits() == []
    saved_queue = page.evaluate(f"localStorage.getItem('{QUEUE_KEY}')")
    assert len(json.loads(saved_queue)) == 2

    context.set_offline(False)  # the "online" event syncs the queue
    expect(page.locator("#fw-queue-status")).to_contain_text("Đồng bộ xong.")
    expect(page.locator("#fw-synced-list > li")).to_have_count(2)
    expect(page.locator("#fw-synced-list")).to_contain_text("Đã ghi nhận: Khu vực 1 — Phường Ninh Kiều")
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{QUEUE_KEY}'))") == []
    assert _visits() == [
        ("Nắm tình hình giải phóng mặt bằng bờ kè sông Cần Thơ", "offline", "field_trip"),
        ("Dự sinh hoạt chi hội phụ nữ khu vực 2", "offline", "block_meeting"),
    ]

    # The same queue again (a device that lost the answer), plus a visit to a unit of another province.
    items = json.loads(saved_queue)
    foreign = dict(items[0], client_id="6f1c1a3e-5d0e-4b1f-9a63-1e1f0c2b7d11", unit=field_world.far_unit.pk)
    foreign["unit_label"] = "Xã Bình Lư"
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [QUEUE_KEY, json.dumps([*items, foreign])])
    page.get_by_role("button", name="Đồng bộ ngay").click()
    expect(page.locator("#fw-synced-list > li").filter(has_text="Đã ghi nhận trước đó")).to_have_count(2)
    conflict = page.locator("#fw-queue-list > li")
    expect(conflict).to_have_count(1)
    expect(conflict).to_contain_text("Xung đột: Nơi đến nằm ngoài địa bàn phụ trách của bạn.")
    shoot(page, "fieldwork-2-after-double-sync")
    assert len(_visits()) == 2

    # The cadre discards the refused visit; it is gone from the device.
    conflict.get_by_role("button", name="Bỏ phiếu này").click()
    expect(page.locator("#fw-queue-list > li")).to_have_count(0)
    page.problems.assert_none(allow=OFFLINE_NOISE)


def test_form_without_network_is_accessible_and_fits_a_phone(field_world, live_server, context, page, shoot):
    _login(page, live_server.url)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/lam-viec/di-co-so/ghi-nhan/")
    assert_accessible(page, "visit form")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "fieldwork-3-phone-form")
    page.goto(live_server.url + "/lam-viec/di-co-so/chi-tieu/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Định mức đi cơ sở tháng \d\d/\d{4}$"))
    expect(page.get_by_role("table")).to_contain_text(CADRE[1])
    assert_accessible(page, "quota page")
    shoot(page, "fieldwork-4-phone-quota")

    visit = _record_visit(field_world)
    page.goto(live_server.url + "/lam-viec/di-co-so/")
    page.get_by_role("link", name=re.compile(r" 08:30$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Ninh Kiều")
    expect(page.get_by_role("main")).to_contain_text("Bức xúc, gay gắt")
    assert page.url.endswith(f"/lam-viec/di-co-so/{visit.public_id}/")
    assert_accessible(page, "visit page")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.problems.assert_none()


def _record_visit(world):
    import uuid

    from django.utils import timezone

    from danvan.accounts.models import User
    from danvan.fieldwork.services import ObservationInput, VisitInput, visit_record

    now = timezone.now()
    moment = timezone.localtime(now).replace(hour=8, minute=30, second=0, microsecond=0)
    if moment > now:
        moment -= timezone.timedelta(days=1)
    return visit_record(
        actor=User.objects.get(username=CADRE[0]),
        data=VisitInput(
            client_id=uuid.uuid4(),
            unit=world.ward,
            visited_at=moment,
            kind="field_trip",
            purpose="Nắm tình hình giải phóng mặt bằng bờ kè",
            observations=[ObservationInput("Thu hồi đất bờ kè", "angry", 3, "Các hộ chưa đồng ý giá bồi thường.")],
        ),
    ).visit
