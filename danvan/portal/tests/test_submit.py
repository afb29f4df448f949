import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danvan.cases.models import Attachment, Case, Person
from danvan.cases.workflow import Kind, Status
from danvan.portal.tests.conftest import SUBMITTER_NAME

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _text(response) -> str:
    return response.content.decode()


def test_step_one_explains_each_kind(client, submit_url, legal_data):
    response = client.get(submit_url)
    page = _text(response)
    assert response.status_code == 200
    for label in ("Gửi phản ánh", "Gửi kiến nghị", "Gửi khiếu nại", "Gửi tố cáo"):
        assert label in page
    assert "Gửi trong 90 ngày" in page  # complaint time limit (Luật Khiếu nại, Điều 9)
    assert "chỉ lưu làm thông tin" in page  # anonymous denunciations (Luật Tố cáo, Điều 25)
    assert "không quá 5 người" in page  # representatives (Luật Tiếp công dân, Điều 29)
    assert "10 ngày làm việc" in page  # the reply limit, read from the rule set in force


def test_step_two_lists_the_communes_of_the_chosen_province_only(
    client, submit_url, legal_data, province, commune_a, commune_b, far_commune
):
    response = client.get(submit_url, {"kind": "phan_anh", "province": province.pk})
    page = _text(response)
    assert response.status_code == 200
    assert f'<option value="{province.pk}" selected>' in page
    assert commune_a.name in page and commune_b.name in page
    assert far_commune.name not in page


def test_complaint_without_a_name_is_refused_in_vietnamese_and_keeps_what_was_typed(
    client, submit_url, letter, commune_a
):
    # given a complaint with no name and no address
    data = letter("khieu_nai", full_name="", submitter_address="", subject="Quyết định xử phạt không đúng")

    # when it is sent
    response = client.post(submit_url, data)

    # then nothing is saved and the errors sit next to the fields, with everything typed kept
    page = _text(response)
    assert response.status_code == 422
    assert Case.objects.count() == 0
    assert "Đơn khiếu nại phải ghi rõ họ tên người khiếu nại" in page
    assert 'id="id_full_name_error"' in page
    assert 'aria-describedby="id_full_name_error"' in page or "id_full_name_helptext id_full_name_error" in page
    assert "Vui lòng ghi địa chỉ nơi cư trú" in page
    assert 'value="Quyết định xử phạt không đúng"' in page
    assert "Cống thoát nước ở hẻm 51 bị tắc" in page
    assert f'<option value="{commune_a.pk}" selected>' in page
    assert 'value="0912 345 678"' in page
    assert "ẩn danh" not in page.split('id="person-title"')[1].split("</section>")[0]  # no anonymous option


def test_signed_complaint_is_registered_and_the_code_and_pin_are_shown_once(client, submit_url, letter, commune_a):
    # when a signed complaint is sent
    response = client.post(submit_url, letter("khieu_nai", id_number="001 234 567 890"))

    # then it is registered with its submitter, and the browser is sent to the "sent" page
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:submitted")
    case = Case.objects.get()
    assert (case.kind, case.channel, case.submitted_unit, case.is_anonymous) == (
        Kind.COMPLAINT,
        "portal",
        commune_a,
        False,
    )
    submitter = case.persons.get()
    assert (submitter.full_name, submitter.id_number, submitter.phone) == (
        SUBMITTER_NAME,
        "001234567890",
        "0912345678",
    )
    assert case.tracking_code not in response["Location"]

    # the code, the PIN and the due date are shown once
    first = client.get(reverse("portal:submitted"))
    page = _text(first)
    assert case.tracking_code in page
    pin = page.split('id="tracking-pin">')[1].split("<")[0]
    assert len(pin) == 6 and pin.isdigit()
    assert case.due_date.strftime("%d/%m/%Y") in page
    assert "Ghi lại mã này" in page
    assert first["Cache-Control"].startswith("max-age=0") or "no-store" in first["Cache-Control"]
    again = _text(client.get(reverse("portal:submitted")))
    assert case.tracking_code not in again and pin not in again
    assert "chỉ hiển thị một lần" in again


def test_anonymous_feedback_is_accepted_without_personal_data(client, submit_url, letter):
    response = client.post(submit_url, letter("phan_anh", anonymous="on", full_name=""))
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kind, case.is_anonymous, case.persons.count()) == (Kind.FEEDBACK, True, 0)


def test_feedback_needs_a_name_unless_sent_anonymously(client, submit_url, letter):
    response = client.post(submit_url, letter("kien_nghi", full_name=""))
    assert response.status_code == 422
    assert "Vui lòng ghi họ tên, hoặc chọn “Gửi ẩn danh”." in _text(response)
    assert Case.objects.count() == 0


def test_anonymous_denunciation_is_accepted_and_the_citizen_is_told_it_is_kept_as_information(
    client, submit_url, letter, province
):
    # the form says so before sending
    form_page = _text(client.get(submit_url, {"kind": "to_cao", "province": province.pk}))
    assert "sẽ chỉ được lưu làm thông tin" in form_page
    assert 'aria-describedby="anonymous-warning"' in form_page

    # when it is sent without a name
    response = client.post(submit_url, letter("to_cao", anonymous="on", full_name="", submitter_address="", phone=""))

    # then it is registered with no identity, and the "sent" page repeats the warning
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.kind, case.is_anonymous, case.persons.count()) == (Kind.DENUNCIATION, True, 0)
    assert "chỉ được lưu làm thông tin" in _text(client.get(reverse("portal:submitted")))


def test_signed_denunciation_needs_an_address_and_a_way_to_reach_the_denouncer(client, submit_url, letter):
    response = client.post(submit_url, letter("to_cao", submitter_address="", phone=""))
    page = _text(response)
    assert response.status_code == 422
    assert "Vui lòng ghi địa chỉ nơi cư trú" in page
    assert "Đơn tố cáo phải có cách liên lạc" in page
    assert Case.objects.count() == 0


def test_group_letters_name_one_or_two_representatives_up_to_ten_people(client, submit_url, letter):
    # 6 people with 3 representatives: too many (Luật Tiếp công dân, Điều 29)
    response = client.post(
        submit_url,
        letter(
            "kien_nghi",
            group_size="6",
            representative_1="Lê Văn A",
            representative_2="Lê Văn B",
            representative_3="Lê Văn C",
        ),
    )
    assert response.status_code == 422
    assert "6 người cùng nội dung chỉ cử tối đa 2 người đại diện." in _text(response)

    # 6 people with no representative
    response = client.post(submit_url, letter("kien_nghi", group_size="6"))
    assert "phải cử người đại diện" in _text(response)

    # 12 people with 3 representatives is fine
    response = client.post(
        submit_url,
        letter(
            "kien_nghi",
            group_size="12",
            representative_1="Lê Văn A",
            representative_2="Lê Văn B",
            representative_3="Lê Văn C",
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.group_size == 12
    assert sorted(case.persons.values_list("role", flat=True)) == [
        Person.Role.REPRESENTATIVE,
        Person.Role.REPRESENTATIVE,
        Person.Role.REPRESENTATIVE,
        Person.Role.SUBMITTER,
    ]


def test_a_commune_from_another_province_is_refused(client, submit_url, letter, far_commune):
    response = client.post(submit_url, letter(commune=str(far_commune.pk)))
    assert response.status_code == 422
    assert "không thuộc tỉnh, thành phố đã chọn" in _text(response)
    assert Case.objects.count() == 0


def test_content_over_4000_characters_is_refused(client, submit_url, letter):
    response = client.post(submit_url, letter(body="x" * 4001))
    assert response.status_code == 422
    assert Case.objects.count() == 0


def test_honeypot_posts_are_silently_discarded(client, submit_url, letter):
    response = client.post(submit_url, letter(website="http://spam.example"))
    assert response.status_code == 302
    assert Case.objects.count() == 0
    page = _text(client.get(response["Location"]))
    assert "Đơn đã được gửi" in page  # looks like success to the bot


def test_honeypot_is_hidden_from_people_and_screen_readers(client, submit_url, province, legal_data):
    page = _text(client.get(submit_url, {"kind": "phan_anh", "province": province.pk}))
    honeypot = page.split('class="hp-field"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in honeypot
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


def test_more_than_five_submissions_in_ten_minutes_get_a_429(client, submit_url, letter):
    for _ in range(5):
        assert client.post(submit_url, letter()).status_code == 302
    response = client.post(submit_url, letter())
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Xin thử lại sau khoảng 10 phút." in _text(response)
    assert Case.objects.count() == 5
    # another address is not affected
    assert client.post(submit_url, letter(), REMOTE_ADDR="198.51.100.20").status_code == 302


def test_submission_needs_a_csrf_token(submit_url, letter):
    client = Client(enforce_csrf_checks=True)
    response = client.post(submit_url, letter())
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_a_file_that_is_not_really_a_pdf_is_refused_and_nothing_is_saved(client, submit_url, letter):
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    response = client.post(submit_url, {**letter(), "attachment": fake})
    page = _text(response)
    assert response.status_code == 422
    assert "Chỉ nhận tệp PDF, ảnh PNG/JPEG hoặc Word (.docx)." in page
    assert 'id="id_attachment_error"' in page
    assert (Case.objects.count(), Attachment.objects.count()) == (0, 0)


def test_a_real_pdf_is_attached(client, submit_url, letter):
    pdf = SimpleUploadedFile("anh-hien-truong.pdf", PDF, content_type="application/octet-stream")
    response = client.post(submit_url, {**letter(), "attachment": pdf})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.case, attachment.content_type, attachment.original_name) == (
        Case.objects.get(),
        "application/pdf",
        "anh-hien-truong.pdf",
    )


def test_attachment_refused_by_the_service_rolls_the_case_back(client, submit_url, letter, monkeypatch):
    # the form's check passes but the service refuses: the case must not stay behind without its file
    from danvan.core.errors import ValidationFailed
    from danvan.portal import views

    def refuse(**_kwargs):
        raise ValidationFailed("Tệp vượt quá 10 MB.")

    monkeypatch.setattr(views, "attachment_add", refuse)
    pdf = SimpleUploadedFile("a.pdf", PDF)
    response = client.post(submit_url, {**letter(), "attachment": pdf})
    assert response.status_code == 422
    assert "Tệp vượt quá 10 MB." in _text(response)
    assert Case.objects.count() == 0


def test_new_cases_start_received(client, submit_url, letter):
    client.post(submit_url, letter())
    assert Case.objects.get().status == Status.RECEIVED


def test_communes_endpoint_for_the_script(client, province, commune_a, commune_b, far_commune):
    data = client.get(reverse("portal:communes"), {"province": province.pk}).json()
    assert sorted(item["name"] for item in data["communes"]) == sorted([commune_a.name, commune_b.name])
    assert client.get(reverse("portal:communes"), {"province": "x"}).json() == {"communes": []}


@pytest.mark.django_db
def test_the_same_form_posted_twice_files_one_case(client, submit_url, letter):
    data = letter("phan_anh", form_token="6f1d3c1e-8f0b-4c1a-9d55-2b7f0c9e1a11")
    first = client.post(submit_url, data)
    shown = client.get(first["Location"]).content.decode()
    second = client.post(submit_url, data)  # double click, or the back button and "send" again
    assert (first.status_code, second.status_code) == (302, 302)
    assert Case.objects.count() == 1
    assert Case.objects.get().tracking_code in shown
