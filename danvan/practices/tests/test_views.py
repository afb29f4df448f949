"""Officer pages: registration with validation, jurisdiction (404 outside), evidence uploads judged by content."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.accounts.roles import Role
from danvan.core.errors import ValidationFailed
from danvan.practices.models import Evidence, Practice
from danvan.practices.services import evidence_add

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)


def test_register_page_creates_a_practice_with_results(client, criteria, commune_officer, commune_a):
    _login(client, commune_officer)
    form = {
        "title": "Dân vận khéo trong giải phóng mặt bằng",
        "kind": "mo_hinh",
        "field": "kinh_te",
        "holder": "tap_the",
        "holder_name": "Ban Chỉ huy Quân sự phường",
        "unit": commune_a.pk,
        "organization": "",
        "period_start": "2026-01-01",
        "period_end": "",
        "description": "Đối thoại với từng hộ dân.",
        "kq-TOTAL_FORMS": "3",
        "kq-INITIAL_FORMS": "0",
        "kq-0-indicator": "Hộ bàn giao mặt bằng đúng hạn",
        "kq-0-baseline": "0",
        "kq-0-result": "48",
        "kq-0-unit_of_measure": "hộ",
    }
    response = client.post("/lam-viec/dan-van-kheo/dang-ky/", form)
    practice = Practice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lam-viec/dan-van-kheo/{practice.public_id}/"
    assert practice.results.get().indicator == "Hộ bàn giao mặt bằng đúng hạn"
    page = client.get(response["Location"]).content.decode()
    assert "Hộ bàn giao mặt bằng đúng hạn" in page and "Đăng ký mô hình" in page


def test_register_page_keeps_input_and_explains_errors(client, criteria, commune_officer, commune_a):
    _login(client, commune_officer)
    response = client.post(
        "/lam-viec/dan-van-kheo/dang-ky/",
        {
            "title": "Mô hình giữ lại",
            "kind": "mo_hinh",
            "field": "kinh_te",
            "holder": "tap_the",
            "holder_name": "Tổ tự quản",
            "unit": commune_a.pk,
            "period_start": "2026-05-01",
            "period_end": "2026-01-01",
            "description": "",
            "kq-TOTAL_FORMS": "3",
            "kq-INITIAL_FORMS": "0",
            "kq-0-indicator": "Chỉ tiêu thiếu kết quả",
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in text
    assert "Nhập kết quả đạt được của chỉ tiêu này." in text
    assert 'value="Mô hình giữ lại"' in text
    assert not Practice.objects.exists()


def test_other_province_and_sibling_commune_get_404(client, register, other_officer, make_officer, commune_b):
    practice = register()
    for user in (other_officer, make_officer(Role.COORDINATOR, commune_b)):
        client.force_login(user)
        assert client.get(f"/lam-viec/dan-van-kheo/{practice.public_id}/").status_code == 404
        assert (
            client.post(f"/lam-viec/dan-van-kheo/{practice.public_id}/xet-cong-nhan/", {"xet-level": "xa"}).status_code
            == 404
        )
        assert practice.title not in client.get("/lam-viec/dan-van-kheo/").content.decode()


def test_own_commune_and_province_see_the_practice(client, register, commune_officer, province_officer):
    practice = register()
    for user in (commune_officer, province_officer):
        client.force_login(user)
        assert client.get(f"/lam-viec/dan-van-kheo/{practice.public_id}/").status_code == 200
        assert practice.title in client.get("/lam-viec/dan-van-kheo/").content.decode()


def test_without_the_permission_the_workspace_is_forbidden(client, make_officer, commune_a):
    client.force_login(make_officer(Role.FIELD_CADRE, commune_a))
    assert client.get("/lam-viec/dan-van-kheo/").status_code == 403


def test_wrong_level_through_the_page_shows_the_reason(client, register, commune_officer):
    practice = register()
    client.force_login(commune_officer)
    response = client.post(f"/lam-viec/dan-van-kheo/{practice.public_id}/xet-cong-nhan/", {"xet-level": "tinh"})
    assert response.status_code == 400
    assert "Bạn không có thẩm quyền xét, công nhận ở cấp tỉnh đối với mô hình này." in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == Practice.Status.REGISTERED


def test_fake_pdf_is_refused_and_a_real_one_kept(register, commune_officer, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = register()
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    with pytest.raises(ValidationFailed, match="Chỉ nhận tệp PDF"):
        evidence_add(practice_id=practice.pk, uploaded_file=fake, actor=commune_officer)
    client.force_login(commune_officer)
    fake.seek(0)
    response = client.post(f"/lam-viec/dan-van-kheo/{practice.public_id}/minh-chung/", {"mc-file": fake})
    assert response.status_code == 400 and "Chỉ nhận tệp PDF" in response.content.decode()
    assert not Evidence.objects.exists()
    real = SimpleUploadedFile("../../Báo cáo kết quả.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    response = client.post(f"/lam-viec/dan-van-kheo/{practice.public_id}/minh-chung/", {"mc-file": real})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "Báo cáo kết quả.pdf" and evidence.content_type == "application/pdf"
    download = client.get(f"/lam-viec/dan-van-kheo/{practice.public_id}/minh-chung/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_news_is_written_as_draft_then_published_by_its_organisation(
    client, province_officer, other_officer, make_org, province
):
    org = make_org(province, kind="ubnd", name="Ủy ban nhân dân thành phố Cần Thơ")
    client.force_login(province_officer)
    form = {
        "title": "Thông báo biểu dương mô hình Dân vận khéo",
        "category": "thong_bao",
        "organization": org.pk,
        "summary": "Biểu dương nhân ngày 15/10.",
        "body": "Nội dung chi tiết.",
    }
    response = client.post("/lam-viec/dan-van-kheo/tin-tuc/moi/", form)
    from danvan.practices.models import NewsItem

    item = NewsItem.objects.get()
    assert response.status_code == 302 and item.status == NewsItem.Status.DRAFT
    assert client.get(f"/tin-tuc/{item.public_id}/").status_code == 404
    client.post(f"/lam-viec/dan-van-kheo/tin-tuc/{item.public_id}/", {**form, "action": "publish"})
    item.refresh_from_db()
    assert item.status == NewsItem.Status.PUBLISHED and item.published_at is not None
    assert client.get(f"/tin-tuc/{item.public_id}/").status_code == 200
    client.force_login(other_officer)
    assert client.get(f"/lam-viec/dan-van-kheo/tin-tuc/{item.public_id}/").status_code == 404
    # Another province's officer cannot post in this organisation's name: it is not even offered.
    response = client.post("/lam-viec/dan-van-kheo/tin-tuc/moi/", form)
    assert response.status_code == 400 and NewsItem.objects.count() == 1


def test_a_result_is_added_on_the_practice_page(client, register, commune_officer):
    practice = register()
    client.force_login(commune_officer)
    url = f"/lam-viec/dan-van-kheo/{practice.public_id}/ket-qua/"
    response = client.post(url, {"kq-indicator": "Tổ tự quản đường ống", "kq-result": ""})
    assert response.status_code == 400 and 'value="Tổ tự quản đường ống"' in response.content.decode()
    response = client.post(url, {"kq-indicator": "Tổ tự quản đường ống", "kq-result": "6", "kq-unit_of_measure": "tổ"})
    assert response.status_code == 302
    assert list(practice.results.values_list("indicator", flat=True)) == ["Hộ dùng nước sạch", "Tổ tự quản đường ống"]
