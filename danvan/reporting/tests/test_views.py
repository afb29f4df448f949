import pytest
from django.urls import reverse

from danvan.accounts.roles import Role
from danvan.cases.services import case_submit
from danvan.reporting import services
from danvan.reporting.tests.conftest import at

PASSWORD = "mat-khau-kiem-thu-2026"


@pytest.fixture
def leader_client(client, make_officer, province):
    user = make_officer(Role.LEADER, province)
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.django_db
def test_dashboard_shows_the_territory_figures_with_a_table_alternative(leader_client, submission, commune_a, province):
    case_submit(data=submission(kind="to_cao"), now=at(2026, 11, 2))
    response = leader_client.get(reverse("reporting:dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bảng số liệu: Thành phố Cần Thơ" in html
    assert "Số đơn thư tiếp nhận" in html and "Số đơn tố cáo" in html
    assert '<svg class="bar-chart"' in html and '<svg class="tile-map"' in html
    assert "Xem dạng bảng" in html
    assert 'aria-label="Phường Ninh Kiều: 1"' in html  # the commune tile, coloured and labelled
    # drill-down into the commune
    response = leader_client.get(
        reverse("reporting:dashboard"), {"don_vi": commune_a.pk, "chi_tieu": "cases.denunciations"}
    )
    assert response.status_code == 200 and "Bảng số liệu: Phường Ninh Kiều" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_of_another_province_or_the_nation_is_404(leader_client, other_province):
    assert leader_client.get(reverse("reporting:dashboard"), {"don_vi": other_province.pk}).status_code == 404
    assert leader_client.get(reverse("reporting:dashboard"), {"don_vi": "0"}).status_code == 404
    assert leader_client.get(reverse("reporting:dashboard"), {"don_vi": "abc"}).status_code == 404


@pytest.mark.django_db
def test_national_dashboard_has_the_province_tile_map(client, make_officer, province, other_province):
    client.force_login(make_officer(Role.COORDINATOR, None))
    html = client.get(reverse("reporting:dashboard")).content.decode()
    assert "Bản đồ ô 34 tỉnh, thành phố" in html
    assert 'aria-label="Thành phố Cần Thơ: 0"' in html and 'aria-label="Tỉnh Lai Châu: 0"' in html


@pytest.mark.django_db
def test_officer_without_report_permission_gets_404(client, make_officer, commune_a):
    client.force_login(make_officer(Role.CASE_HANDLER, commune_a))
    assert client.get(reverse("reporting:dashboard")).status_code == 404
    assert client.get(reverse("reporting:reports")).status_code == 404


@pytest.mark.django_db
def test_registry_lists_every_indicator(leader_client):
    html = leader_client.get(reverse("reporting:registry")).content.decode()
    for code in ("cases.received", "cases.answered_on_time", "cases.satisfaction"):
        assert f"<code>{code}</code>" in html
    assert "Cases answered on time" in html and "Tỷ lệ (tử số / mẫu số)" in html


@pytest.mark.django_db
def test_plan_form_keeps_input_and_explains_a_bad_target(leader_client, province):
    url = reverse("reporting:plan_edit")
    response = leader_client.post(
        url,
        {
            "don_vi": province.pk,
            "nam": 2026,
            "title": "Kế hoạch năm 2026",
            "target-cases.answered_on_time": "120",
            "target-cases.received": "abc",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "không phải là số" in html or "giá trị phải từ 0 đến 100" in html
    assert 'value="abc"' in html and 'value="Kế hoạch năm 2026"' in html
    response = leader_client.post(
        url, {"don_vi": province.pk, "nam": 2026, "title": "Kế hoạch năm 2026", "target-cases.answered_on_time": "95,5"}
    )
    assert response.status_code == 302
    assert "Tỷ lệ giải quyết, trả lời đúng hạn: 95,5" in leader_client.get(reverse("reporting:plans")).content.decode()


@pytest.mark.django_db
def test_report_pages_flow_and_file_download(leader_client, province, commune_a, commune_b, make_officer, client):
    period = services.period_ensure(kind="six_month", year=2026)
    response = leader_client.post(
        reverse("reporting:reports"), {"don_vi": commune_a.pk, "kind": "six_month", "year": 2026, "index": 1}
    )
    assert response.status_code == 302
    url = response["Location"]
    response = leader_client.post(url, {"section-results": "Kết quả tốt.", "signer_name": "Võ Minh Tâm"})
    assert response.status_code == 302
    leader_client.post(url + "gui/")
    html = leader_client.get(url).content.decode()
    assert "Đã gửi, chờ tiếp nhận" in html and "Tiếp nhận báo cáo" in html  # the province may review
    report = period.reports.get()
    pdf = leader_client.get(reverse("reporting:report_file", args=[report.public_id, 1, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # a sibling commune's leader does not even see it
    client.force_login(make_officer(Role.LEADER, commune_b))
    assert client.get(url).status_code == 404
    assert client.get(reverse("reporting:report_file", args=[report.public_id, 1, "pdf"])).status_code == 404
    assert client.post(url + "tiep-nhan/", {"decision": "accept"}).status_code == 404


@pytest.mark.django_db
def test_report_form_explains_a_bad_period(leader_client, province):
    url = reverse("reporting:reports")
    response = leader_client.post(url, {"don_vi": province.pk, "kind": "six_month", "year": 2026, "index": 5})
    assert response.status_code == 400 and "Kỳ báo cáo không hợp lệ." in response.content.decode()
    response = leader_client.post(url, {"don_vi": province.pk, "kind": "six_month", "year": "", "index": 1})
    assert (
        response.status_code == 400 and "Vui lòng chọn loại kỳ, năm và kỳ báo cáo hợp lệ." in response.content.decode()
    )
