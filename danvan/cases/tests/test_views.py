"""The officer's case pages end to end through the Django test client: worklist, case page with its actions,
reveal and downloads, bulk assignment, reception desk and the desk's counts."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from danvan.accounts.roles import Role
from danvan.cases.models import Case, CaseEvent, Category
from danvan.cases.services import PersonInput, attachment_add, case_apply_action, case_for_citizen, case_submit
from danvan.cases.workflow import Status
from danvan.core.models import AuditEvent

COMPLAINANT = "Nguyễn Văn Tố"
DENOUNCER = "Phạm Thị Bảo Mật"
DENOUNCER_ID = "079199001234"
DENOUNCER_PHONE = "0987654321"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Argon2 takes ~0.2 s per officer made; these tests make hundreds and never check a password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_case(submission):
    def make(kind="khieu_nai", *, days_ago=0, **overrides):
        now = timezone.now() - timedelta(days=days_ago)
        return case_submit(data=submission(kind=kind, **overrides), now=now).case

    return make


@pytest.fixture
def denunciation(make_case):
    person = PersonInput(full_name=DENOUNCER, id_number=DENOUNCER_ID, phone=DENOUNCER_PHONE, address="Tổ 3, Khu vực 2")
    return make_case("to_cao", subject="Tố cáo cán bộ địa chính nhận tiền", persons=[person])


def _codes(response) -> list[str]:
    """Tracking codes in the worklist's rows, in order."""
    return re.findall(r'<a class="code" href="/lam-viec/don/[0-9a-f-]+/">([A-Z0-9]+)</a>', response.content.decode())


def _text(response) -> str:
    return response.content.decode()


# --- worklist ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_worklist_lists_the_jurisdiction_only_and_never_names(client, handler, make_case, commune_b):
    # given
    mine = make_case()
    neighbours = make_case(submitted_unit=commune_b)
    client.force_login(handler)

    # when
    response = client.get(reverse("cases:worklist"))

    # then
    assert response.status_code == 200
    assert _codes(response) == [mine.tracking_code]
    assert neighbours.tracking_code not in _text(response)
    assert COMPLAINANT not in _text(response)
    assert "0912345678" not in _text(response)


@pytest.mark.django_db
def test_worklist_filters(client, make_officer, make_case, category, make_unit, province):
    # given: a leader over the whole province
    leader = make_officer(Role.LEADER, province)
    ward = make_unit("31140", "Phường Tân An", parent=province, kind="phuong")
    environment = Category.objects.get(code="moi_truong")
    complaint = make_case(subject="Khiếu nại quyết định thu hồi đất")
    petition = make_case("kien_nghi", subject="Kiến nghị sửa đường ngập nước", category=environment, group_size=12)
    late = make_case("phan_anh", subject="Phản ánh đèn đường hỏng", days_ago=40)
    elsewhere = make_case("phan_anh", subject="Phản ánh rác thải", submitted_unit=ward)
    case_apply_action(case_id=complaint.pk, action="start_screening", actor=leader)
    from danvan.cases.services import cases_assign

    cases_assign(case_ids=[petition.pk], assignee=leader, actor=leader)
    client.force_login(leader)
    url = reverse("cases:worklist")

    def codes(**params):
        return set(_codes(client.get(url, params)))

    # then
    assert codes() == {c.tracking_code for c in (complaint, petition, late, elsewhere)}
    assert codes(kind="kien_nghi") == {petition.tracking_code}
    assert codes(status="screening") == {complaint.tracking_code}
    assert codes(category="moi_truong") == {petition.tracking_code}
    assert codes(unit=ward.pk) == {elsewhere.tracking_code}
    assert codes(q="thu hoi dat") == {complaint.tracking_code}  # no diacritics finds "thu hồi đất"
    assert codes(q="NGẬP NƯỚC") == {petition.tracking_code}
    assert codes(q=late.tracking_code.lower()) == {late.tracking_code}
    assert codes(overdue="on") == {late.tracking_code}
    assert codes(group="on") == {petition.tracking_code}
    assert codes(mine="on") == {petition.tracking_code}
    # Due within 7 working days, not yet overdue: the new cases (feedback: 10 working days; complaints: 7 or 10).
    assert late.tracking_code not in codes(due="7")
    # Invalid values are ignored, with a notice, rather than failing.
    response = client.get(url, {"kind": "khong-co", "unit": "999999", "due": "5"})
    assert response.status_code == 200
    assert set(_codes(response)) == {c.tracking_code for c in (complaint, petition, late, elsewhere)}
    assert "Một số điều kiện lọc không hợp lệ" in _text(response)


@pytest.mark.django_db
def test_worklist_counts_per_status_link_to_the_filter(client, leader, make_case):
    first, _second = make_case(), make_case()
    case_apply_action(case_id=first.pk, action="start_screening", actor=leader)
    client.force_login(leader)
    text = _text(client.get(reverse("cases:worklist")))
    assert re.search(r'href="\?status=received">Mới tiếp nhận <span class="count">1</span>', text)
    assert re.search(r'href="\?status=screening">Đang phân loại, xem xét thụ lý <span class="count">1</span>', text)
    assert 'Tất cả <span class="count">2</span>' in text


@pytest.mark.django_db
def test_worklist_sorts_by_due_date_newest_or_oldest(client, leader, make_case):
    # given: a feedback received 5 days ago, a complaint 2 days ago, a denunciation today
    old = make_case("phan_anh", days_ago=5)
    middle = make_case(days_ago=2)
    new = make_case("to_cao")
    client.force_login(leader)
    url = reverse("cases:worklist")
    by_due = sorted([old, middle, new], key=lambda c: (c.due_date, -c.received_at.timestamp()))

    # then
    assert _codes(client.get(url)) == [c.tracking_code for c in by_due]
    assert _codes(client.get(url, {"sort": "new"})) == [new.tracking_code, middle.tracking_code, old.tracking_code]
    assert _codes(client.get(url, {"sort": "old"})) == [old.tracking_code, middle.tracking_code, new.tracking_code]


@pytest.mark.django_db
def test_worklist_paginates_25_per_page_keeping_the_filters(client, leader, make_case):
    cases = [make_case("phan_anh", subject=f"Phản ánh số {n}") for n in range(27)]
    client.force_login(leader)
    url = reverse("cases:worklist")

    first = client.get(url, {"kind": "phan_anh", "sort": "old"})
    second = client.get(url, {"kind": "phan_anh", "sort": "old", "page": 2})

    assert _codes(first) == [c.tracking_code for c in cases[:25]]
    assert _codes(second) == [c.tracking_code for c in cases[25:]]
    assert "Trang 1/2" in _text(first)
    assert 'href="?kind=phan_anh&amp;sort=old&amp;page=2"' in _text(first)
    assert _codes(client.get(url, {"page": "abc"})) == _codes(client.get(url))  # a bad page number: page 1


@pytest.mark.django_db
def test_worklist_query_count_does_not_grow_with_the_rows(client, leader, make_case, django_assert_max_num_queries):
    make_case()
    client.force_login(leader)
    url = reverse("cases:worklist")
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(24):
        make_case("phan_anh", subject=f"Phản ánh {n}", days_ago=n % 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(_codes(response)) == 25
    assert len(many) == len(few), [q["sql"][:120] for q in many]
    with django_assert_max_num_queries(13):  # the page reads its 25 ids, then their rows (core.paging)
        client.get(url, {"q": "phan anh", "overdue": "", "due": "7", "sort": "new"})


@pytest.mark.django_db
def test_worklist_needs_login_and_case_view(client, make_officer, commune_a):
    url = reverse("cases:worklist")
    assert client.get(url).status_code == 302
    client.force_login(make_officer(Role.FIELD_CADRE, commune_a))
    assert client.get(url).status_code == 403


# --- bulk assignment -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_assignment(client, leader, handler, make_case, commune_b, make_officer):
    first, second = make_case(), make_case("phan_anh")
    client.force_login(leader)
    outsider = make_officer(Role.CASE_HANDLER, commune_b)
    page = _text(client.get(reverse("cases:worklist")))
    officers = page.split('id="bulk-assignee"')[1].split("</select>")[0]
    assert f'<option value="{handler.pk}">{handler}</option>' in officers
    assert f'<option value="{outsider.pk}">' not in officers

    response = client.post(
        reverse("cases:assign"),
        {"cases": [first.public_id, second.public_id], "assignee": handler.pk, "next": "/lam-viec/don/?kind=khieu_nai"},
    )

    assert response.status_code == 302 and response["Location"] == "/lam-viec/don/?kind=khieu_nai"
    assert set(Case.objects.filter(assigned_to=handler).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert CaseEvent.objects.filter(action="assigned").count() == 2


@pytest.mark.django_db
def test_bulk_assignment_refused_changes_nothing(client, leader, handler, make_case, commune_b):
    mine, theirs = make_case(), make_case(submitted_unit=commune_b)
    # A handler cannot assign; the form is not even shown.
    client.force_login(handler)
    assert 'id="bulk-assignee"' not in _text(client.get(reverse("cases:worklist")))
    assert client.post(reverse("cases:assign"), {"cases": [mine.public_id], "assignee": handler.pk}).status_code == 403
    # A leader cannot reach a case outside the jurisdiction: as if it did not exist.
    client.force_login(leader)
    response = client.post(
        reverse("cases:assign"), {"cases": [mine.public_id, theirs.public_id], "assignee": handler.pk}
    )
    assert response.status_code == 404
    # An external "next" is not followed.
    response = client.post(reverse("cases:assign"), {"cases": [mine.public_id], "next": "https://evil.example/"})
    assert response["Location"] == reverse("cases:worklist")
    assert not Case.objects.filter(assigned_to__isnull=False).exists()
    assert not CaseEvent.objects.filter(action="assigned").exists()


# --- case page -----------------------------------------------------------------------------------------


def _actions(response) -> set[str]:
    return set(re.findall(r'<input type="hidden" name="action" value="([a-z_]+)">', _text(response)))


@pytest.mark.django_db
def test_case_page_shows_the_case_and_only_the_allowed_actions(client, handler, leader, make_case, make_unit, province):
    case = make_case(group_size=7)
    client.force_login(handler)
    response = client.get(reverse("cases:detail", args=[case.public_id]))
    text = _text(response)

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    assert case.tracking_code in text and "Khiếu nại lần đầu" in text and "Đông người (7 người)" in text
    assert case.due_date.strftime("%d/%m/%Y") in text
    assert "còn " in text and " ngày làm việc" in text
    assert "Thụ lý khiếu nại" in text  # the step the clock runs for
    assert COMPLAINANT in text and "0912345678" in text  # a complaint: the complainant is visible to officers
    assert "Tiếp nhận đơn" in text  # the timeline
    # A handler screens, forwards, or records a withdrawal; accepting or refusing is for the leader (CASE_DECIDE).
    assert _actions(response) == {"start_screening", "forward", "withdraw"}
    client.force_login(leader)
    assert _actions(client.get(reverse("cases:detail", args=[case.public_id]))) == {
        "start_screening",
        "refuse",
        "forward",
        "accept",
        "extend",
        "withdraw",
    }


@pytest.mark.django_db
def test_case_page_shows_overdue_in_working_days(client, leader, make_case):
    case = make_case("phan_anh", days_ago=40)
    client.force_login(leader)
    text = _text(client.get(reverse("cases:detail", args=[case.public_id])))
    assert re.search(r"quá hạn \d+ ngày làm việc", text)
    assert "due-overdue" in text


@pytest.mark.django_db
def test_case_page_is_404_outside_the_jurisdiction(client, make_officer, make_case, commune_b):
    case = make_case()
    client.force_login(make_officer(Role.LEADER, commune_b))
    assert client.get(reverse("cases:detail", args=[case.public_id])).status_code == 404
    assert client.get("/lam-viec/don/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.django_db
def test_action_post_applies_the_action_and_redirects_with_a_message(client, leader, make_case):
    case = make_case()
    client.force_login(leader)

    response = client.post(
        reverse("cases:action", args=[case.public_id]),
        {"action": "accept", "complexity": "complex", "note": "Đủ điều kiện thụ lý"},
        follow=True,
    )

    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.complexity == "complex"
    assert response.redirect_chain == [(reverse("cases:detail", args=[case.public_id]), 302)]
    assert "Đã thực hiện: Thụ lý." in _text(response)
    assert CaseEvent.objects.filter(case=case, action="accept", actor=leader, note="Đủ điều kiện thụ lý").exists()


@pytest.mark.django_db
def test_action_errors_are_vietnamese_and_keep_what_was_typed(client, leader, make_case):
    case = make_case()
    case_apply_action(case_id=case.pk, action="accept", actor=leader)
    client.force_login(leader)
    url = reverse("cases:action", args=[case.public_id])
    events = CaseEvent.objects.count()

    # An answer without the required note: the service refuses; the typed answer is shown again.
    response = client.post(url, {"action": "answer", "public_answer": "Đã kiểm tra và bồi thường bổ sung.", "note": ""})
    text = _text(response)
    assert response.status_code == 422
    assert "Thao tác này cần ghi rõ lý do hoặc căn cứ." in text
    assert ">Đã kiểm tra và bồi thường bổ sung.</textarea>" in text
    assert re.search(r'<details class="action-panel" open>\s*<summary>Ban hành kết quả, trả lời', text)

    # An action the state does not allow.
    response = client.post(url, {"action": "close", "note": "Kết thúc"})
    assert response.status_code == 422
    assert "Không thể “Kết thúc hồ sơ” khi đơn đang ở trạng thái “Đã thụ lý”." in _text(response)
    assert ">Kết thúc</textarea>" in _text(response)

    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    assert CaseEvent.objects.count() == events


@pytest.mark.django_db
def test_action_without_the_permission_is_403_and_changes_nothing(client, handler, make_case):
    case = make_case()
    client.force_login(handler)
    response = client.post(reverse("cases:action", args=[case.public_id]), {"action": "accept"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert not CaseEvent.objects.filter(case=case, action="accept").exists()


@pytest.mark.django_db
def test_extend_and_answer_through_the_case_page(client, leader, make_case):
    case = make_case()
    client.force_login(leader)
    url = reverse("cases:action", args=[case.public_id])
    client.post(url, {"action": "accept"})
    case.refresh_from_db()
    due_before = case.due_date
    client.post(url, {"action": "extend", "complexity": "complex", "note": "Nhiều người có quyền lợi liên quan"})
    case.refresh_from_db()
    assert case.complexity == "complex" and case.due_date > due_before
    client.post(url, {"action": "answer", "public_answer": "Giữ nguyên quyết định.", "note": "Quyết định số 12"})
    case.refresh_from_db()
    assert case.status == Status.ANSWERED and case.public_answer == "Giữ nguyên quyết định."


# --- denouncer's identity ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_denunciation_page_redacts_the_denouncer(client, handler, leader, denunciation):
    client.force_login(handler)
    text = _text(client.get(reverse("cases:detail", args=[denunciation.public_id])))
    assert "Thông tin người tố cáo được bảo mật" in text
    assert DENOUNCER not in text and DENOUNCER_PHONE not in text and DENOUNCER_ID not in text
    assert 'name="reason"' not in text  # no reveal form without the permission
    client.force_login(leader)
    text = _text(client.get(reverse("cases:detail", args=[denunciation.public_id])))
    assert DENOUNCER not in text
    assert 'name="reason"' in text


@pytest.mark.django_db
def test_reveal_shows_the_denouncer_in_that_response_only_and_is_audited(client, leader, denunciation):
    client.force_login(leader)
    url = reverse("cases:reveal", args=[denunciation.public_id])

    response = client.post(url, {"reason": "Cần liên hệ để xác minh nội dung tố cáo"})

    text = _text(response)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    assert DENOUNCER in text and DENOUNCER_ID in text and DENOUNCER_PHONE in text
    event = AuditEvent.objects.get(action="cases.identity_revealed")
    assert (event.actor_id, event.object_id) == (leader.pk, str(denunciation.pk))
    assert event.data["reason"] == "Cần liên hệ để xác minh nội dung tố cáo"
    # Not kept anywhere: the next page load is redacted again and the session holds nothing of it.
    assert DENOUNCER not in _text(client.get(reverse("cases:detail", args=[denunciation.public_id])))
    assert DENOUNCER not in str(dict(client.session.items()))


@pytest.mark.django_db
def test_reveal_needs_a_reason_and_the_permission(client, handler, leader, denunciation):
    client.force_login(leader)
    response = client.post(reverse("cases:reveal", args=[denunciation.public_id]), {"reason": "xem"})
    assert response.status_code == 422
    assert "Vui lòng ghi rõ lý do cần xem danh tính (ít nhất 10 ký tự)." in _text(response)
    assert ">xem</textarea>" in _text(response)
    assert DENOUNCER not in _text(response)
    client.force_login(handler)
    response = client.post(reverse("cases:reveal", args=[denunciation.public_id]), {"reason": "Muốn biết người tố cáo"})
    assert response.status_code == 403
    assert DENOUNCER not in _text(response)
    assert not AuditEvent.objects.filter(action="cases.identity_revealed").exists()


@pytest.mark.django_db
def test_same_submitter_list_never_links_a_named_case_to_a_denunciation(client, handler, leader, make_case):
    # given: one person files a complaint (name visible to officers) and a denunciation (name secret)
    person = PersonInput(full_name=DENOUNCER, id_number=DENOUNCER_ID, phone=DENOUNCER_PHONE)
    complaint = make_case(persons=[person])
    denunciation = make_case("to_cao", subject="Tố cáo cán bộ", body="Nhận tiền của dân khi cấp giấy", persons=[person])

    client.force_login(handler)
    complaint_page = _text(client.get(reverse("cases:detail", args=[complaint.public_id])))
    denunciation_page = _text(client.get(reverse("cases:detail", args=[denunciation.public_id])))
    assert denunciation.tracking_code not in complaint_page
    assert complaint.tracking_code not in denunciation_page.split("Cùng người gửi")[-1]
    assert "Cùng người gửi" not in denunciation_page
    # Those who may see the denouncer see the link.
    client.force_login(leader)
    assert "Cùng người gửi" in _text(client.get(reverse("cases:detail", args=[complaint.public_id])))


# --- downloads -----------------------------------------------------------------------------------------


def _upload(case, name="don.pdf"):
    return attachment_add(case=case, uploaded_file=SimpleUploadedFile(name, PDF, content_type="application/pdf"))


@pytest.mark.django_db
def test_attachment_download_rules(client, handler, leader, make_case, denunciation, make_officer, commune_b):
    complaint = make_case()
    plain = _upload(complaint, "bien-ban.pdf")
    original = _upload(denunciation, "don-to-cao-goc.pdf")  # a denunciation's files carry identity
    assert original.contains_identity

    client.force_login(handler)
    response = client.get(reverse("cases:attachment", args=[complaint.public_id, plain.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    page = _text(client.get(reverse("cases:detail", args=[denunciation.public_id])))
    assert "don-to-cao-goc.pdf" not in page and "Tài liệu có thông tin nhận diện người tố cáo" in page
    assert client.get(reverse("cases:attachment", args=[denunciation.public_id, original.pk])).status_code == 403
    # An attachment of another case through this case's URL, and a missing one: 404.
    assert client.get(reverse("cases:attachment", args=[complaint.public_id, original.pk])).status_code == 404
    assert client.get(reverse("cases:attachment", args=[complaint.public_id, 999999])).status_code == 404
    assert not AuditEvent.objects.filter(action="cases.identity_revealed").exists()

    client.force_login(leader)
    response = client.get(reverse("cases:attachment", args=[denunciation.public_id, original.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(action="cases.identity_revealed", actor=leader).count() == 1

    client.force_login(make_officer(Role.LEADER, commune_b))
    assert client.get(reverse("cases:attachment", args=[complaint.public_id, plain.pk])).status_code == 404


@pytest.mark.django_db
def test_notice_download_is_a_docx_draft(client, leader, handler, make_case, make_org, commune_a):
    make_org(commune_a)
    case = make_case()
    client.force_login(leader)
    url = reverse("cases:notice", args=[case.public_id, "thu-ly"])
    assert client.get(url).status_code == 404  # not accepted yet
    client.post(reverse("cases:action", args=[case.public_id]), {"action": "accept"})
    page = _text(client.get(reverse("cases:detail", args=[case.public_id])))
    assert f'href="{url}"' in page
    assert "/van-ban/khong-thu-ly/" not in page and "/van-ban/tra-loi/" not in page

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{case.tracking_code}-thu-ly.docx"'
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert case.tracking_code in text and "thụ lý" in text
    assert client.get(reverse("cases:notice", args=[case.public_id, "khong-thu-ly"])).status_code == 404
    assert client.get(reverse("cases:notice", args=[case.public_id, "bat-ky"])).status_code == 404
    client.force_login(handler)
    assert client.get(url).status_code == 200  # handlers draft documents too


# --- reception desk ------------------------------------------------------------------------------------


def _reception_post(unit, *blocks, **person):
    data = {
        "unit": unit.pk,
        "channel": "in_person",
        "full_name": "Lê Thị Tiếp",
        "id_number": "092300012345",
        "phone": "0901234567",
        "address": "Số 10, đường 30/4",
        "group_size": "1",
        "representatives": "",
        "notify_email": "",
        "blocks-TOTAL_FORMS": str(len(blocks)),
        "blocks-INITIAL_FORMS": "0",
        "blocks-MIN_NUM_FORMS": "1",
        "blocks-MAX_NUM_FORMS": "10",
    }
    data.update(person)
    for i, block in enumerate(blocks):
        for key, value in block.items():
            data[f"blocks-{i}-{key}"] = value
    return data


@pytest.mark.django_db
def test_reception_with_two_content_blocks_creates_two_cases(client, handler, commune_a, category):
    client.force_login(handler)
    assert client.get(reverse("cases:reception")).status_code == 200
    blocks = (
        {"kind": "khieu_nai", "category": category.pk, "subject": "Khiếu nại mức bồi thường", "body": "Nội dung 1"},
        {"kind": "kien_nghi", "category": category.pk, "subject": "Kiến nghị cấp sổ đỏ", "body": "Nội dung 2"},
    )

    response = client.post(reverse("cases:reception"), _reception_post(commune_a, *blocks))

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    cases = list(Case.objects.order_by("pk"))
    assert [(c.kind, c.subject, c.channel, c.handling_unit_id) for c in cases] == [
        ("khieu_nai", "Khiếu nại mức bồi thường", "in_person", commune_a.pk),
        ("kien_nghi", "Kiến nghị cấp sổ đỏ", "in_person", commune_a.pk),
    ]
    text = _text(response)
    pins = re.findall(r'<span class="code pin">(\d{6})</span>', text)
    assert len(pins) == 2
    for case, pin in zip(cases, pins, strict=True):
        assert case.tracking_code in text
        assert case_for_citizen(tracking_code=case.tracking_code, pin=pin) == case
        assert case.persons.get().full_name == "Lê Thị Tiếp"


@pytest.mark.django_db
def test_reception_add_block_keeps_what_was_typed_and_saves_nothing(client, handler, commune_a, category):
    client.force_login(handler)
    block = {"kind": "phan_anh", "category": category.pk, "subject": "Đèn đường hỏng", "body": ""}

    response = client.post(reverse("cases:reception"), {**_reception_post(commune_a, block), "add_block": "1"})

    text = _text(response)
    assert response.status_code == 200
    assert 'name="blocks-TOTAL_FORMS" value="2"' in text
    assert 'value="Đèn đường hỏng"' in text and 'value="Lê Thị Tiếp"' in text
    assert 'name="blocks-1-kind" autofocus' in text
    assert "field-error" not in text  # the empty body is not an error yet
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_reception_is_all_or_nothing(client, handler, commune_a, category):
    client.force_login(handler)
    blocks = (
        {"kind": "phan_anh", "category": category.pk, "subject": "Đèn đường hỏng", "body": "Tổ 5 tối om"},
        {"kind": "khieu_nai", "category": category.pk, "subject": "Khiếu nại", "body": "Nội dung"},
    )
    # A complaint needs a named complainant: the service refuses, and the feedback is not saved either.
    response = client.post(
        reverse("cases:reception"), _reception_post(commune_a, *blocks, full_name="", is_anonymous="on")
    )
    assert response.status_code == 422
    assert "Khiếu nại phải ghi rõ họ tên" in _text(response)
    assert 'value="Đèn đường hỏng"' in _text(response)
    assert not Case.objects.exists()
    # A missing field in a block is shown beside it.
    response = client.post(reverse("cases:reception"), _reception_post(commune_a, {**blocks[0], "subject": ""}))
    assert response.status_code == 422
    assert "Vui lòng nhập tiêu đề." in _text(response)
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_reception_offers_only_the_jurisdiction_and_needs_the_permission(
    client, handler, leader, commune_a, commune_b, category
):
    client.force_login(handler)
    text = _text(client.get(reverse("cases:reception")))
    units = text.split('name="unit"')[1].split("</select>")[0]
    assert f'<option value="{commune_a.pk}" selected>' in units
    assert f'<option value="{commune_b.pk}"' not in units
    block = {"kind": "phan_anh", "category": category.pk, "subject": "Đèn đường", "body": "Hỏng"}
    response = client.post(reverse("cases:reception"), _reception_post(commune_b, block))
    assert response.status_code == 422 and "Địa bàn không hợp lệ." in _text(response)
    client.force_login(leader)  # a leader decides; receiving is the reception officers' and handlers' job
    assert client.get(reverse("cases:reception")).status_code == 403
    assert not Case.objects.exists()


# --- the officer's desk --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_desk_shows_case_counts_linking_to_the_worklist(client, leader, handler, make_case):
    make_case()
    make_case("phan_anh", days_ago=40)
    assigned = make_case("kien_nghi")
    from danvan.cases.services import cases_assign

    cases_assign(case_ids=[assigned.pk], assignee=handler, actor=leader)
    client.force_login(handler)
    text = _text(client.get(reverse("workspace:home")))
    assert '<a href="/lam-viec/don/?status=open"><strong>3</strong> đang giải quyết</a>' in text
    assert '<a href="/lam-viec/don/?overdue=on"><strong>1</strong> quá hạn</a>' in text
    assert '<a href="/lam-viec/don/?status=open&amp;mine=on"><strong>1</strong> giao cho tôi</a>' in text
    assert 'href="/lam-viec/don/tiep-nhan/"' in text
    # The links lead to lists of the same size.
    assert len(_codes(client.get("/lam-viec/don/?status=open"))) == 3
    assert len(_codes(client.get("/lam-viec/don/?overdue=on"))) == 1
    assert len(_codes(client.get("/lam-viec/don/?status=open&mine=on"))) == 1
    due_soon = re.search(r'\?due=3"><strong>(\d+)</strong>', text).group(1)
    assert len(_codes(client.get("/lam-viec/don/?due=3"))) == int(due_soon)


@pytest.mark.django_db
def test_officer_links_a_duplicate_from_the_case_page(client, submission, handler):
    from danvan.cases.services import case_submit

    first = case_submit(data=submission(kind="phan_anh")).case
    second = case_submit(data=submission(kind="phan_anh")).case
    client.force_login(handler)
    page = client.get(f"/lam-viec/don/{first.public_id}/")
    assert "Liên kết đơn trùng" in page.content.decode()
    response = client.post(
        f"/lam-viec/don/{first.public_id}/lien-ket/",
        {"other_code": second.tracking_code, "relation": "duplicate", "note": "Cùng vụ"},
    )
    assert response.status_code == 302
    assert second.events.filter(action="linked").exists()
    followed = client.get(response["Location"]).content.decode()
    assert second.tracking_code in followed


@pytest.mark.django_db
def test_provincial_receptionist_files_a_second_instance_complaint(client, submission, make_officer, province):
    from danvan.accounts.roles import Role
    from danvan.cases.services import case_submit

    first = case_submit(data=submission()).case
    receptionist = make_officer(Role.RECEPTION_OFFICER, province)
    client.force_login(receptionist)
    assert "Khiếu nại lần hai lên cấp trên" in client.get(f"/lam-viec/don/{first.public_id}/").content.decode()
    response = client.post(
        f"/lam-viec/don/{first.public_id}/cap-tren/", {"escalate_reason": "Không đồng ý quyết định số 12"}
    )
    second = first.children.get()
    assert response["Location"] == f"/lam-viec/don/{second.public_id}/"
    assert (second.kind, second.handling_unit) == ("khieu_nai_2", province)
    assert "Mã PIN cho công dân" in client.get(response["Location"]).content.decode()
