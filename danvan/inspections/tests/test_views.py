from datetime import date

import pytest
from django.urls import reverse

from danvan.inspections import services
from danvan.inspections.models import Plan
from danvan.inspections.tests.conftest import pdf

PASSWORD = "mat-khau-kiem-thu-2026"


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_new_plan_keeps_what_was_typed_on_error(iw, login):
    client = login(iw.inspector)
    url = reverse("inspections:plan_new")
    page = client.get(url)
    assert page.status_code == 200
    assert "Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ" in page.content.decode()
    data = {
        "kind": "kiem_tra",
        "title": "Kiểm tra thực hiện Chỉ thị 33 tại Ninh Kiều",
        "directive": iw.directive.pk,
        "organization": iw.ban.pk,
        "starts_on": "2026-09-20",
        "ends_on": "2026-09-07",
        "contents": "Quán triệt Chỉ thị.",
    }
    response = client.post(url, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Ngày kết thúc không được trước ngày bắt đầu." in html
    assert "Kiểm tra thực hiện Chỉ thị 33 tại Ninh Kiều" in html and "Quán triệt Chỉ thị." in html
    assert not Plan.objects.exists()

    response = client.post(url, {**data, "ends_on": "25/09/2026"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inspections:plan", args=[plan.public_id])
    assert (plan.ends_on, plan.status) == (date(2026, 9, 25), "draft")


def test_plan_page_answers_404_outside_jurisdiction(iw, login, draft_plan):
    url = reverse("inspections:plan", args=[draft_plan.public_id])
    assert login(iw.inspector).get(url).status_code == 200
    assert login(iw.outsider).get(url).status_code == 404
    assert (
        login(iw.outsider).post(reverse("inspections:plan_action", args=[draft_plan.public_id, "approve"])).status_code
        == 404
    )
    # A ward officer may follow recommendations but not manage inspections.
    assert login(iw.officer_a).get(reverse("inspections:index")).status_code == 403


def test_recommendation_error_is_shown_beside_the_form(iw, login, running_plan):
    plan, target = running_plan
    response = login(iw.inspector).post(
        reverse("inspections:recommendation_add", args=[plan.public_id]),
        {
            "target": target.pk,
            "text": "Kiện toàn tổ dân vận.",
            "deadline": "2026-09-01",
            "evidence_required": "Quyết định",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Hạn thực hiện kiến nghị (01/09/2026) không được trước ngày bắt đầu kiểm tra (07/09/2026)." in html
    assert "Kiện toàn tổ dân vận." in html


def test_owner_reports_with_evidence_and_filters(iw, login, recommendation):
    url = reverse("inspections:recommendation", args=[recommendation.public_id])
    client = login(iw.officer_a)
    assert "Báo cáo hoàn thành" in client.get(url).content.decode()
    response = client.post(
        reverse("inspections:recommendation_action", args=[recommendation.public_id]),
        {"action": "mark_done", "note": "Đã ban hành quy chế.", "files": [pdf("quyet-dinh-ban-hanh.pdf")]},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "quyet-dinh-ban-hanh.pdf" in page and "chờ đoàn xác nhận" in page
    evidence = recommendation.evidence.get()
    download = client.get(reverse("inspections:evidence", args=[recommendation.public_id, evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert login(iw.officer_b).get(url).status_code == 404

    listing = reverse("inspections:recommendations")
    inspector = login(iw.inspector)
    assert recommendation.text[:30] in inspector.get(listing + "?status=submitted").content.decode()
    assert "0 kiến nghị" in inspector.get(listing + "?status=overdue").content.decode()
    assert "1 kiến nghị" in inspector.get(listing + f"?owner={iw.commune_a.pk}").content.decode()


def test_report_download(iw, login, running_plan, recommendation):
    plan, target = running_plan
    services.target_findings_record(target_id=target.pk, results="Tốt.", limitations="", causes="", actor=iw.inspector)
    response = login(iw.inspector).post(reverse("inspections:document", args=[plan.public_id, "bao-cao"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="bao-cao-01-')
    assert login(iw.outsider).post(reverse("inspections:document", args=[plan.public_id, "bao-cao"])).status_code == 404


def test_desk_card_depends_on_the_role(iw, login):
    home = reverse("workspace:home")
    inspector_desk = login(iw.inspector).get(home).content.decode()
    assert reverse("inspections:plan_new") in inspector_desk
    ward_desk = login(iw.officer_a).get(home).content.decode()
    assert reverse("inspections:plan_new") not in ward_desk
    assert "Kiến nghị đơn vị cần thực hiện" in ward_desk
