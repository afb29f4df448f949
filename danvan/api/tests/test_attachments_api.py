import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.cases.models import Attachment
from danvan.cases.services import attachment_add, case_submit

from .test_auth import assert_error_shape

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture
def complaint(submission):
    return case_submit(data=submission()).case


@pytest.fixture
def denunciation(submission):
    return case_submit(data=submission(kind="to_cao", subject="Tố cáo cán bộ địa chính")).case


@pytest.mark.django_db
def test_pdf_is_accepted_and_streamed_back(api_client, make_token, handler, complaint):
    # given
    client = api_client(make_token(handler))

    # when
    created = client.post_multipart(
        f"/api/v1/cases/{complaint.public_id}/attachments",
        {"file": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")},
    )
    download = client.get(f"/api/v1/cases/{complaint.public_id}/attachments/{created.json()['id']}")

    # then
    assert created.status_code == 201, created.content
    assert created.json()["content_type"] == "application/pdf"
    assert created.json()["original_name"] == "bien-ban.pdf"
    assert created.json()["size"] == len(PDF)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    listing = client.get(f"/api/v1/cases/{complaint.public_id}/attachments")
    assert [a["id"] for a in listing.json()] == [created.json()["id"]]


@pytest.mark.django_db
def test_exe_renamed_pdf_is_refused_by_content(api_client, make_token, handler, complaint):
    # when
    response = api_client(make_token(handler)).post_multipart(
        f"/api/v1/cases/{complaint.public_id}/attachments",
        {"file": SimpleUploadedFile("bien-ban.pdf", EXE, content_type="application/pdf")},
    )

    # then
    error = assert_error_shape(response, 422, "validation_failed")
    assert "PDF" in error["message"]
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_upload_without_a_file_is_422(api_client, make_token, handler, complaint):
    # when
    response = api_client(make_token(handler)).post_multipart(
        f"/api/v1/cases/{complaint.public_id}/attachments", {"contains_identity": "false"}
    )

    # then
    assert_error_shape(response, 422, "validation_failed")


@pytest.mark.django_db
def test_other_communes_token_can_neither_upload_nor_download(api_client, make_token, handler_b, complaint):
    # given
    attachment = attachment_add(case=complaint, uploaded_file=SimpleUploadedFile("a.pdf", PDF))
    client = api_client(make_token(handler_b))

    # when
    upload = client.post_multipart(
        f"/api/v1/cases/{complaint.public_id}/attachments", {"file": SimpleUploadedFile("b.pdf", PDF)}
    )
    download = client.get(f"/api/v1/cases/{complaint.public_id}/attachments/{attachment.pk}")

    # then
    assert_error_shape(upload, 404, "not_found")
    assert_error_shape(download, 404, "not_found")
    assert Attachment.objects.count() == 1


@pytest.mark.django_db
def test_attachment_of_another_case_is_404(api_client, make_token, handler, complaint, submission):
    # given
    other = case_submit(data=submission()).case
    attachment = attachment_add(case=other, uploaded_file=SimpleUploadedFile("a.pdf", PDF))

    # when
    response = api_client(make_token(handler)).get(f"/api/v1/cases/{complaint.public_id}/attachments/{attachment.pk}")

    # then
    assert_error_shape(response, 404, "not_found")


@pytest.mark.django_db
def test_identity_bearing_file_only_for_those_who_may_see_the_denouncer(
    api_client, make_token, handler, leader, denunciation
):
    # given: the original of a denunciation is flagged as identifying
    attachment = attachment_add(
        case=denunciation, uploaded_file=SimpleUploadedFile("don-to-cao-Nguyễn-Văn-Tố.pdf", PDF)
    )
    assert attachment.contains_identity
    url = f"/api/v1/cases/{denunciation.public_id}/attachments"
    handler_client, leader_client = api_client(make_token(handler)), api_client(make_token(leader))

    # when
    by_handler = handler_client.get(f"{url}/{attachment.pk}")
    handler_listing = handler_client.get(url)
    by_leader = leader_client.get(f"{url}/{attachment.pk}")

    # then
    assert_error_shape(by_handler, 403, "permission_denied")
    assert handler_listing.json()[0]["original_name"] == "(tên tệp được bảo vệ)"
    assert by_leader.status_code == 200
    assert b"".join(by_leader.streaming_content) == PDF
