"""Pages: jurisdiction (other province → 404), the walk-in turned into cases, dialogues, the portal."""

from datetime import timedelta

import pytest
from django.urls import reverse

from danvan.accounts.roles import Role
from danvan.core.clock import local_date
from danvan.meetings import selectors, services
from danvan.meetings.models import Dialogue, ReceptionSession, ReceptionVisit

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-kiem-thu-2026"


@pytest.fixture
def session(officer, duty):
    return services.session_schedule(
        actor=officer,
        unit=duty.unit,
        duty=duty,
        kind=ReceptionSession.Kind.REGULAR,
        held_on=local_date(),
        chaired_by="Ông Trần Văn An, Chủ tịch UBND phường",
        location="Trụ sở UBND phường Ninh Kiều",
    )


@pytest.fixture
def dialogue(officer, committee, commune_a):
    today = local_date()
    return services.dialogue_plan(
        actor=officer,
        organization=committee,
        unit=commune_a,
        leader_title="Chủ tịch UBND phường",
        topic="Giải phóng mặt bằng dự án bờ kè sông Cần Thơ",
        target_group="Các hộ dân khu vực 2",
        held_on=today,
        venue="Nhà văn hóa khu vực 2",
        notified_on=today - timedelta(days=7),
    )


@pytest.fixture
def commitment(officer, committee, commune_a):
    return services.commitment_create(
        actor=officer,
        organization=committee,
        unit=commune_a,
        title="Lắp đèn đường hẻm 12",
        due_date=local_date() + timedelta(days=30),
    )


def _login(client, user):
    client.force_login(user)
    return client


def test_other_province_gets_404(client, outsider, session, dialogue, commitment):
    _login(client, outsider)
    for url in (
        reverse("meetings:session", args=[session.public_id]),
        reverse("meetings:visit_create", args=[session.public_id]),
        reverse("meetings:dialogue", args=[dialogue.public_id]),
        reverse("meetings:commitment", args=[commitment.public_id]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("meetings:commitment", args=[commitment.public_id]),
        {"form": "progress", "progress": 90, "on": "20/11/2026"},
    )
    assert response.status_code == 404
    commitment.refresh_from_db()
    assert commitment.progress == 0
    assert selectors.sessions_visible_to(outsider).count() == 0


def test_own_unit_sees_the_pages(client, officer, session, dialogue, commitment):
    _login(client, officer)
    for url in (
        reverse("meetings:index"),
        reverse("meetings:sessions"),
        reverse("meetings:session", args=[session.public_id]),
        reverse("meetings:dialogue", args=[dialogue.public_id]),
        reverse("meetings:commitment", args=[commitment.public_id]),
        reverse("meetings:compliance"),
        reverse("meetings:commitments"),
        reverse("meetings:visits"),
        reverse("meetings:duties"),
        reverse("meetings:conferences"),
    ):
        assert client.get(url).status_code == 200, url


def test_without_meeting_permission_403(client, make_officer, commune_a):
    handler = make_officer(Role.CASE_HANDLER, commune_a)
    _login(client, handler)
    assert client.get(reverse("meetings:index")).status_code == 403


def test_walk_in_with_mixed_letter_becomes_two_cases(client, officer, session, category):
    _login(client, officer)
    url = reverse("meetings:visit_create", args=[session.public_id])
    data = {
        "full_name": "Nguyễn Văn Tố",
        "id_number": "001234567890",
        "phone": "0912345678",
        "address": "Số 5, Khu vực 1",
        "group_size": 1,
        "content": "Khiếu nại quyết định thu hồi đất và tố cáo cán bộ địa chính",
        "outcome": "cases",
        "block-TOTAL_FORMS": 3,
        "block-INITIAL_FORMS": 0,
        "block-MIN_NUM_FORMS": 0,
        "block-MAX_NUM_FORMS": 3,
        "block-0-kind": "khieu_nai",
        "block-0-category": category.pk,
        "block-0-subject": "Khiếu nại quyết định thu hồi đất",
        "block-0-body": "Không đồng ý mức bồi thường.",
        "block-1-kind": "to_cao",
        "block-1-category": category.pk,
        "block-1-subject": "Tố cáo cán bộ địa chính",
        "block-1-body": "Cán bộ đòi tiền khi đo đạc.",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    visit = ReceptionVisit.objects.get()
    kinds = sorted(visit.cases.values_list("kind", flat=True))
    assert kinds == ["khieu_nai", "to_cao"]
    assert visit.serial == 1 and visit.reply_due is not None
    # Personal data is encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name FROM meetings_receptionvisit")
        assert "Nguyễn" not in cursor.fetchone()[0]
    page = client.get(response["Location"]).content.decode()
    for case in visit.cases.all():
        assert case.tracking_code in page
    # The case page says where the case came from.
    case_page = client.get(reverse("cases:detail", args=[visit.cases.first().public_id])).content.decode()
    assert "Từ sổ tiếp công dân" in case_page and reverse("meetings:visit", args=[visit.pk]) in case_page


def test_half_filled_block_keeps_the_input(client, officer, session, category):
    _login(client, officer)
    url = reverse("meetings:visit_create", args=[session.public_id])
    response = client.post(
        url,
        {
            "full_name": "Trần Thị Lan",
            "group_size": 1,
            "content": "Xin cấp giấy chứng nhận",
            "outcome": "cases",
            "block-TOTAL_FORMS": 3,
            "block-INITIAL_FORMS": 0,
            "block-0-kind": "kien_nghi",
            "block-0-subject": "Cấp giấy chứng nhận",
        },
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Nhập đủ loại đơn, lĩnh vực, tiêu đề và nội dung" in text
    assert "Trần Thị Lan" in text and "Cấp giấy chứng nhận" in text
    assert not ReceptionVisit.objects.exists()


def test_dialogue_minutes_and_three_outcomes(client, officer, dialogue, category):
    _login(client, officer)
    url = reverse("meetings:dialogue", args=[dialogue.public_id])
    assert client.post(url, {"form": "minutes", "m-minutes": "Hội nghị bắt đầu lúc 8 giờ."}).status_code == 302
    base = {"form": "issue", "issue-tone": "concerned", "issue-severity": 2}
    due = (local_date() + timedelta(days=60)).strftime("%d/%m/%Y")
    for extra in (
        {
            "issue-outcome": "answered",
            "issue-topic": "Giá bồi thường",
            "issue-text": "Giá thấp",
            "issue-answer": "Đã áp giá mới",
        },
        {
            "issue-outcome": "commitment",
            "issue-topic": "Tái định cư",
            "issue-text": "Chưa có nền",
            "issue-commitment_title": "Giao nền tái định cư",
            "issue-commitment_due": due,
        },
        {
            "issue-outcome": "case",
            "issue-topic": "Đo đạc sai",
            "issue-text": "Diện tích sai",
            "issue-case_kind": "kien_nghi",
            "issue-case_category": category.pk,
        },
    ):
        response = client.post(url, {**base, **extra})
        assert response.status_code == 302, response.content.decode()[:2000]
    dialogue.refresh_from_db()
    assert dialogue.status == Dialogue.Status.HELD
    issues = list(dialogue.issues.all())
    assert [i.outcome for i in issues] == ["answered", "commitment", "case"]
    assert issues[1].commitment.title == "Giao nền tái định cư"
    assert issues[2].case.channel == "dialogue"
    signals = selectors.sentiment_signals(local_date(), local_date())
    assert [(s.source, s.tone, s.severity) for s in signals] == [("dialogue", "concerned", 2)] * 3
    # Answered on the spot without an answer is refused, with the input kept.
    response = client.post(url, {**base, "issue-outcome": "answered", "issue-topic": "Đường xấu", "issue-text": "Ổ gà"})
    assert response.status_code == 422
    assert "phải ghi nội dung trả lời" in response.content.decode()


def test_portal_pages(client, officer, session, commitment, committee, commune_a):
    hidden = services.commitment_create(
        actor=officer,
        organization=committee,
        unit=commune_a,
        title="Cam kết nội bộ",
        due_date=local_date() + timedelta(days=3),
        is_public=False,
    )
    calendar = client.get(reverse("meetings_public:calendar")).content.decode()
    assert "Trụ sở UBND phường Ninh Kiều" in calendar
    listing = client.get(reverse("meetings_public:commitments")).content.decode()
    assert "Lắp đèn đường hẻm 12" in listing and "Cam kết nội bộ" not in listing
    assert client.get(reverse("meetings_public:commitment", args=[commitment.public_id])).status_code == 200
    assert client.get(reverse("meetings_public:commitment", args=[hidden.public_id])).status_code == 404


def test_conclusion_docx(client, officer, session):
    _login(client, officer)
    services.session_conclude(
        actor=officer, session_id=session.pk, conclusion="Giao Phòng Kinh tế kiểm tra hiện trạng.\nBáo cáo trước 30/11."
    )
    response = client.get(reverse("meetings:conclusion_docx", args=[session.public_id]))
    assert response.status_code == 200
    import io

    from docx import Document

    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    header = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Giao Phòng Kinh tế kiểm tra hiện trạng." in text
    assert "/TB-UBND" in header and "ỦY BAN NHÂN DÂN PHƯỜNG NINH KIỀU" in header


def test_evidence_upload_is_checked(client, officer, commitment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _login(client, officer)
    url = reverse("meetings:commitment", args=[commitment.public_id])
    bad = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", content_type="image/png")
    response = client.post(url, {"form": "evidence", "file": bad})
    assert response.status_code == 422 and "Chỉ nhận tệp PDF" in response.content.decode()
    good = SimpleUploadedFile("../../bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(url, {"form": "evidence", "file": good}).status_code == 302
    assert commitment.evidence.get().original_name == "bien-ban.pdf"


def test_indicators(officer, duty, committee, commune_a, province):
    from danvan.core.indicators import Scope, indicator

    today = local_date()
    start = today - timedelta(days=60)
    services.session_schedule(
        actor=officer,
        unit=commune_a,
        duty=duty,
        kind="regular",
        held_on=today - timedelta(days=10),
        chaired_by="Ông An",
        location="UBND",
        status="held",
    )
    scope = Scope(unit_paths=(province.path,), start=start, end=today)
    assert indicator("meetings.reception_sessions_held").value(scope).numerator == 1
    compliance = indicator("meetings.reception_compliance").value(scope)
    assert compliance.numerator == 1 and compliance.denominator >= 7
    late = services.commitment_create(
        actor=officer,
        organization=committee,
        unit=commune_a,
        title="Sửa đường",
        due_date=today - timedelta(days=5),
        committed_on=today - timedelta(days=30),
    )
    assert indicator("meetings.commitments_overdue").value(scope).numerator == 1
    on_time = indicator("meetings.commitments_done_on_time").value(scope)
    assert (on_time.numerator, on_time.denominator) == (0, 1)
    services.commitment_progress(actor=officer, commitment_id=late.pk, progress=100, on=today - timedelta(days=6))
    on_time = indicator("meetings.commitments_done_on_time").value(scope)
    assert (on_time.numerator, on_time.denominator) == (1, 1)
    assert indicator("meetings.dialogues_held").value(scope).numerator == 0
    other = Scope(unit_paths=("/12/",), start=start, end=today)
    assert indicator("meetings.reception_sessions_held").value(other).numerator == 0


def test_online_session_connection_points(client, officer, commune_a):
    today = local_date()
    session = services.session_schedule(
        actor=officer,
        unit=commune_a,
        kind="online",
        held_on=today + timedelta(days=14),
        chaired_by="Ông An",
        location="Điểm cầu chính UBND phường",
        notified_on=today,
    )
    _login(client, officer)
    url = reverse("meetings:session_point_add", args=[session.public_id])
    assert (
        client.post(url, {"name": "Điểm cầu khu vực 3", "chaired_by": "Bà Lê Thị Cúc", "expected": 20}).status_code
        == 302
    )
    point = session.connection_points.get()
    client.post(reverse("meetings:point_attendance", args=[point.pk]), {"attended": 17})
    point.refresh_from_db()
    assert point.attended == 17
