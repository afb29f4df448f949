"""Fieldwork pages through the Django test client: the no-JavaScript form, the JSON sync (CSRF, session,
idempotency, conflicts), jurisdiction (404 for another province), the quota page, the offline pieces."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.fieldwork import services
from danvan.fieldwork.models import Visit
from danvan.fieldwork.tests.conftest import local

pytestmark = pytest.mark.django_db


def form_data(unit, **overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "unit": str(unit.pk),
        "visited_date": "2026-10-05",
        "visited_time": "08:30",
        "kind": "field_trip",
        "team": "",
        "purpose": "Nắm tình hình sau mưa lũ",
        "notes": "",
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-topic": "Sạt lở bờ sông",
        "form-0-tone": "concerned",
        "form-0-severity": "2",
        "form-0-text": "Các hộ ven sông lo lắng vì bờ sông sạt lở.",
    }
    data.update(overrides)
    return data


def sync_item(unit, **overrides):
    item = {
        "client_id": str(uuid.uuid4()),
        "unit": unit.pk,
        "visited_date": "2026-10-05",
        "visited_time": "08:30",
        "kind": "block_meeting",
        "team": "",
        "purpose": "Dự sinh hoạt chi hội phụ nữ khu vực 1",
        "notes": "",
        "observations": [{"topic": "Giá điện", "tone": "neutral", "severity": "1", "text": ""}],
    }
    item.update(overrides)
    return item


@pytest.fixture
def csrf_client(cadre):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cadre)
    return client


def post_sync(client, items):
    token = client.get(reverse("fieldwork:sync")).json()["csrf_token"]
    return client.post(
        reverse("fieldwork:sync"),
        json.dumps({"visits": items}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )


def test_form_without_javascript_records_a_visit(client, cadre, village_a):
    client.force_login(cadre)
    page = client.get(reverse("fieldwork:visit_new"))
    assert page.status_code == 200
    assert "Khu vực 1 — Phường Ninh Kiều" in page.content.decode()

    data = form_data(village_a)
    response = client.post(reverse("fieldwork:visit_new"), data, follow=True)

    visit = Visit.objects.get()
    assert response.redirect_chain[-1][0] == reverse("fieldwork:visit", args=[visit.public_id])
    text = response.content.decode()
    assert "Đã ghi nhận chuyến đi cơ sở." in text and "Sạt lở bờ sông" in text
    assert visit.visited_at == timezone.make_aware(timezone.datetime(2026, 10, 5, 8, 30))
    # The same form posted again (double click, back button) records nothing new.
    again = client.post(reverse("fieldwork:visit_new"), data, follow=True)
    assert "Chuyến đi này đã được ghi nhận trước đó." in again.content.decode()
    assert Visit.objects.count() == 1


def test_form_errors_keep_what_was_typed(client, cadre, commune_a):
    client.force_login(cadre)
    response = client.post(
        reverse("fieldwork:visit_new"),
        form_data(commune_a, purpose="", visited_date="31/02/2026", **{"form-0-topic": ""}),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Vui lòng ghi mục đích chuyến đi." in text
    assert "Ngày không hợp lệ" in text
    assert "Vui lòng ghi vấn đề cho nội dung đã ghi nhận." in text
    assert "Các hộ ven sông lo lắng vì bờ sông sạt lở." in text
    assert not Visit.objects.exists()


def test_form_refuses_a_unit_outside_jurisdiction(client, cadre, other_commune):
    client.force_login(cadre)
    response = client.post(reverse("fieldwork:visit_new"), form_data(other_commune))
    assert response.status_code == 400
    assert "Nơi đến không có trong danh sách." in response.content.decode()
    assert not Visit.objects.exists()


def test_officer_without_permission_gets_403(client, make_officer, commune_a):
    client.force_login(make_officer(Role.CASE_HANDLER, commune_a))
    assert client.get(reverse("fieldwork:visit_new")).status_code == 403
    assert client.get(reverse("fieldwork:index")).status_code == 403


def test_sync_is_idempotent(csrf_client, commune_a):
    items = [sync_item(commune_a), sync_item(commune_a, visited_time="19:00")]

    first = post_sync(csrf_client, items)
    second = post_sync(csrf_client, items)

    assert first.status_code == second.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["created", "created"]
    assert [r["status"] for r in second.json()["results"]] == ["already_recorded", "already_recorded"]
    assert second.json()["results"][0]["message"] == "Đã ghi nhận trước đó, không tạo thêm."
    assert Visit.objects.count() == 2
    assert set(Visit.objects.values_list("source", flat=True)) == {"offline"}
    assert [r["client_id"] for r in second.json()["results"]] == [i["client_id"] for i in items]


def test_sync_same_id_different_content_is_reported_as_conflict(csrf_client, commune_a):
    item = sync_item(commune_a)
    post_sync(csrf_client, [item])
    changed = dict(item, purpose="Một chuyến đi khác")

    result = post_sync(csrf_client, [changed]).json()["results"][0]

    assert result["status"] == "conflict"
    assert "nội dung khác" in result["message"]
    assert Visit.objects.get().purpose == "Dự sinh hoạt chi hội phụ nữ khu vực 1"


def test_sync_reports_jurisdiction_conflicts_and_invalid_items_one_by_one(csrf_client, commune_a, other_commune):
    items = [sync_item(other_commune), sync_item(commune_a, purpose=""), sync_item(commune_a), "rác"]

    results = post_sync(csrf_client, items).json()["results"]

    assert [r["status"] for r in results] == ["conflict", "invalid", "created", "invalid"]
    assert results[0]["message"] == "Nơi đến nằm ngoài địa bàn phụ trách của bạn."
    assert "Vui lòng ghi mục đích chuyến đi." in results[1]["message"]
    assert Visit.objects.count() == 1


def test_sync_requires_csrf_token(csrf_client, commune_a):
    response = csrf_client.post(
        reverse("fieldwork:sync"), json.dumps({"visits": [sync_item(commune_a)]}), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Visit.objects.exists()


def test_sync_requires_login_and_permission(client, make_officer, commune_a):
    assert client.get(reverse("fieldwork:sync")).status_code == 401
    client.force_login(make_officer(Role.CASE_HANDLER, commune_a))
    assert client.get(reverse("fieldwork:sync")).status_code == 403


def test_sync_rejects_malformed_payload(csrf_client):
    token = csrf_client.get(reverse("fieldwork:sync")).json()["csrf_token"]
    response = csrf_client.post(
        reverse("fieldwork:sync"), "{not json", content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 400
    assert response.json()["error"] == "Dữ liệu gửi lên không hợp lệ."


def _visit(actor, unit, visit_data):
    return services.visit_record(actor=actor, data=visit_data(unit=unit), now=local(2026, 10, 20)).visit


def test_visit_of_another_province_is_404(client, cadre, make_officer, other_commune, visit_data, reviewer):
    far_cadre = make_officer(Role.FIELD_CADRE, other_commune)
    far_visit = _visit(far_cadre, other_commune, visit_data)
    url = reverse("fieldwork:visit", args=[far_visit.public_id])

    for user in (cadre, reviewer):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(reverse("fieldwork:follow_up", args=[far_visit.public_id]), {}).status_code == 404
    client.force_login(far_cadre)
    assert client.get(url).status_code == 200


def test_reviewer_sees_visits_in_jurisdiction_cadre_only_own(client, cadre, cadre_b, reviewer, commune_b, visit_data):
    visit_b = _visit(cadre_b, commune_b, visit_data)
    url = reverse("fieldwork:visit", args=[visit_b.public_id])
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    assert (
        "Nắm tình hình giải phóng mặt bằng"
        in client.get(reverse("fieldwork:index") + "?month=2026-10").content.decode()
    )
    client.force_login(cadre)
    assert client.get(url).status_code == 404


def test_quota_page_shows_who_met_and_who_missed(client, policy, reviewer, cadre, cadre_b, commune_a, commune_b):
    cadre.full_name, cadre_b.full_name = "Nguyễn Văn Đạt", "Trần Thị Thiếu"
    cadre.save()
    cadre_b.save()
    for day in (3, 10, 17):
        services.visit_record(
            actor=cadre,
            data=services.VisitInput(uuid.uuid4(), commune_a, local(2026, 10, day), "field_trip", "Nắm tình hình"),
            now=local(2026, 11, 2),
        )
    services.visit_record(
        actor=cadre,
        data=services.VisitInput(uuid.uuid4(), commune_a, local(2026, 10, 31, 23, 30), "block_meeting", "Sinh hoạt"),
        now=local(2026, 11, 2),
    )
    client.force_login(reviewer)

    text = client.get(reverse("fieldwork:quota") + "?month=2026-10").content.decode()

    assert "Định mức đi cơ sở tháng 10/2026" in text
    # The coordinator logs visits too, so the preset applies to them as well (and they made none).
    assert "Đạt: <strong>1</strong> · Chưa đạt: <strong>2</strong>" in text
    met_row = text[text.index("Nguyễn Văn Đạt") : text.index("</tr>", text.index("Nguyễn Văn Đạt"))]
    missed_row = text[text.index("Trần Thị Thiếu") : text.index("</tr>", text.index("Trần Thị Thiếu"))]
    assert "3/3" in met_row and "1/1" in met_row and "Đạt" in met_row
    assert "0/3" in missed_row and "Chưa đạt" in missed_row
    assert "thiếu 3 chuyến đi cơ sở, thiếu 1 buổi dự sinh hoạt chi hội, khu dân cư" in missed_row
    # A field cadre sees only their own row.
    client.force_login(cadre_b)
    own = client.get(reverse("fieldwork:quota") + "?month=2026-10").content.decode()
    assert "Trần Thị Thiếu" in own and "Nguyễn Văn Đạt" not in own


def test_quota_page_bad_month_falls_back_with_message(client, policy, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("fieldwork:quota") + "?month=2026-13")
    assert response.status_code == 200
    assert "Tháng không hợp lệ" in response.content.decode()


def test_service_worker_and_manifest(client):
    worker = client.get(reverse("fieldwork:service_worker"))
    assert worker["Content-Type"].startswith("application/javascript")
    body = worker.content.decode()
    assert '"/lam-viec/di-co-so/ghi-nhan/"' in body and "/static/js/fieldwork.js" in body
    assert "no-cache" in worker["Cache-Control"] or "max-age=0" in worker["Cache-Control"]
    manifest = json.loads(client.get(reverse("fieldwork:manifest")).content)
    assert manifest["scope"] == "/lam-viec/di-co-so/"
    assert manifest["start_url"] == "/lam-viec/di-co-so/ghi-nhan/"


def test_follow_up_from_the_visit_page(client, cadre, commune_a, visit_data):
    from danvan.cases.deadlines import seed_legal_data
    from danvan.cases.models import Case, Category

    seed_legal_data()
    visit = _visit(cadre, commune_a, visit_data)
    client.force_login(cadre)
    response = client.post(
        reverse("fieldwork:follow_up", args=[visit.public_id]),
        {
            "kind": "kien_nghi",
            "category": Category.objects.get(code="dat_dai").pk,
            "observation": visit.observations.get().pk,
            "subject": "Kiến nghị xem xét giá bồi thường bờ kè",
            "body": "Các hộ dân khu vực 1 kiến nghị xem xét lại giá bồi thường.",
        },
        follow=True,
    )
    case = Case.objects.get()
    assert f"Đã chuyển thành đơn {case.tracking_code}" in response.content.decode()
    assert case.channel == "field_visit"


def test_desk_card_for_field_cadre_only(client, cadre, make_officer, commune_a):
    client.force_login(cadre)
    assert "Ghi nhận chuyến đi" in client.get("/lam-viec/").content.decode()
    client.force_login(make_officer(Role.CASE_HANDLER, commune_a))
    assert "Ghi nhận chuyến đi" not in client.get("/lam-viec/").content.decode()


def test_reviewer_creates_a_team_and_cadres_see_it(client, policy, reviewer, cadre, make_officer, commune_a, village_a):
    member = make_officer(Role.VILLAGE_HEAD, commune_a)
    client.force_login(reviewer)
    response = client.post(
        reverse("fieldwork:team_new"),
        {
            "name": "Tổ dân vận khu vực 1",
            "kind": "village",
            "unit": commune_a.pk,
            "leader": cadre.pk,
            "members": [member.pk],
            "area": [village_a.pk],
            "tasks": "Nắm tình hình dư luận về dự án bờ kè.",
        },
        follow=True,
    )
    assert "Đã lưu tổ dân vận." in response.content.decode()
    client.force_login(member)
    page = client.get(reverse("fieldwork:teams")).content.decode()
    assert "Tổ dân vận khu vực 1" in page
    assert client.get(reverse("fieldwork:team_new")).status_code == 403
    form = client.get(reverse("fieldwork:visit_new")).content.decode()
    assert "Tổ dân vận khu vực 1" in form  # the member may record a visit as the team


def test_team_of_another_province_is_404(client, reviewer, make_officer, other_province, other_commune):
    from danvan.fieldwork.services import team_save

    far_leader = make_officer(Role.LEADER, other_province)
    team = team_save(
        actor=far_leader,
        name="Tổ dân vận bản Bình Lư",
        kind="village",
        unit=other_commune,
        leader=far_leader,
        members=[],
        area=[],
    )
    client.force_login(reviewer)
    assert client.get(reverse("fieldwork:team", args=[team.public_id])).status_code == 404
    assert client.get(reverse("fieldwork:team_edit", args=[team.public_id])).status_code == 404
