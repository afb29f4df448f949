from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from danvan.accounts.roles import Role
from danvan.cases.models import Case, CaseEvent
from danvan.cases.services import (
    case_apply_action,
    case_citizen_not_resolved,
    case_for_citizen,
    case_rate,
    case_submit,
    cases_sweep_overdue,
)
from danvan.cases.workflow import Status
from danvan.core.errors import NotFoundError, PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.notifications.models import Message

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, h=9):
    return datetime(y, m, d, h, tzinfo=VN)


@pytest.mark.django_db
def test_complaint_lifecycle_with_legal_clocks(submission, handler, leader):
    # given a complaint received on Wed 11/2/2026, before the 1/7/2026 rules: 10 working days to accept
    result = case_submit(data=submission(), now=at(2026, 2, 11))
    case = result.case
    # 12, 13 Feb, then Tết 14–22 Feb, then 23, 24, 25, 26, 27 Feb, 2, 3, 4 Mar → Wed 4/3
    assert case.due_date == date(2026, 3, 4)
    assert len(case.tracking_code) == 10 and len(result.pin) == 6

    # when screened and accepted on Mon 2/3/2026: 30 days → Wed 1/4/2026
    case_apply_action(case_id=case.pk, action="start_screening", actor=handler, now=at(2026, 3, 2))
    case = case_apply_action(case_id=case.pk, action="accept", actor=leader, now=at(2026, 3, 2))
    assert (case.status, case.due_date) == (Status.ACCEPTED, date(2026, 4, 1))

    # extended as complex (45 days from 2/3 → Thu 16/4), then answered and closed
    case = case_apply_action(
        case_id=case.pk,
        action="extend",
        actor=leader,
        complexity="complex",
        note="Phải xác minh tại hai địa điểm (tiêu chí a)",
        now=at(2026, 3, 20),
    )
    assert case.due_date == date(2026, 4, 16)
    case_apply_action(case_id=case.pk, action="start_verifying", actor=handler, now=at(2026, 3, 21))
    case = case_apply_action(
        case_id=case.pk,
        action="answer",
        actor=leader,
        note="Quyết định giải quyết số 12/QĐ-UBND",
        public_answer="Giữ nguyên mức bồi thường; hỗ trợ thêm tái định cư.",
        now=at(2026, 4, 10),
    )
    case = case_apply_action(case_id=case.pk, action="close", actor=handler, now=at(2026, 4, 11))
    assert case.status == Status.CLOSED

    # then the citizen sees the answer and rates it
    tracked = case_for_citizen(tracking_code=case.tracking_code.lower(), pin=result.pin)
    assert tracked.public_answer.startswith("Giữ nguyên")
    assert case_rate(case_id=tracked.pk, score=4).satisfaction == 4
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "submitted",
        "start_screening",
        "accept",
        "extend",
        "start_verifying",
        "answer",
        "close",
        "rated",
    ]
    assert Message.objects.filter(channel="email", address="to@example.vn").count() >= 5


@pytest.mark.django_db
def test_rule_change_on_1_july_2026(submission):
    before = case_submit(data=submission(), now=at(2026, 6, 30)).case
    after = case_submit(data=submission(), now=at(2026, 7, 1)).case
    # 30/6 + 10 working days: 1–3, 6–10, 13, 14 Jul → Tue 14/7; 1/7 + 7 working days: 2, 3, 6–10 → Fri 10/7
    assert before.due_date == date(2026, 7, 14)
    assert after.due_date == date(2026, 7, 10)


@pytest.mark.django_db
def test_wrong_role_or_sibling_unit_changes_nothing(submission, make_officer, commune_b):
    case = case_submit(data=submission(), now=at(2026, 3, 2)).case
    field_cadre = make_officer(Role.FIELD_CADRE, case.handling_unit)
    sibling_leader = make_officer(Role.LEADER, commune_b)
    with pytest.raises(NotFoundError):
        case_apply_action(case_id=case.pk, action="accept", actor=field_cadre)
    with pytest.raises(NotFoundError):
        case_apply_action(case_id=case.pk, action="accept", actor=sibling_leader)
    handler = make_officer(Role.CASE_HANDLER, case.handling_unit)
    with pytest.raises(PermissionDeniedError):
        case_apply_action(case_id=case.pk, action="accept", actor=handler)
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert list(case.events.values_list("action", flat=True)) == ["submitted"]


@pytest.mark.django_db
def test_refusal_without_reason_is_refused(submission, leader):
    case = case_submit(data=submission(), now=at(2026, 3, 2)).case
    with pytest.raises(ValidationFailed):
        case_apply_action(case_id=case.pk, action="refuse", actor=leader, note="  ")
    with pytest.raises(TransitionNotAllowed):
        case_apply_action(case_id=case.pk, action="close", actor=leader)


@pytest.mark.django_db
def test_anonymous_complaint_is_rejected_with_a_vietnamese_reason(submission):
    with pytest.raises(ValidationFailed, match="Khiếu nại phải ghi rõ họ tên"):
        case_submit(data=submission(is_anonymous=True))
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_group_petition_allows_at_most_five_representatives(submission):
    from danvan.cases.services import PersonInput

    reps = [PersonInput(full_name=f"Đại diện {n}", role="representative") for n in range(6)]
    with pytest.raises(ValidationFailed, match="5 người đại diện"):
        case_submit(data=submission(persons=reps, group_size=30))
    case = case_submit(data=submission(persons=reps[:5], group_size=30)).case
    assert case.is_group_petition


@pytest.mark.django_db
def test_suspension_stops_and_resumption_restarts_the_clock(submission, leader):
    case = case_submit(data=submission(), now=at(2026, 3, 2)).case
    case_apply_action(case_id=case.pk, action="accept", actor=leader, now=at(2026, 3, 2))
    case_apply_action(
        case_id=case.pk, action="suspend", actor=leader, note="Chờ kết quả giám định", now=at(2026, 3, 10)
    )
    assert cases_sweep_overdue(today=date(2026, 6, 1)) == 0  # suspended cases are never overdue
    case = case_apply_action(
        case_id=case.pk, action="resume", actor=leader, note="Đã có kết quả giám định", now=at(2026, 6, 1)
    )
    # the 30-day period counts again from Mon 1/6/2026 → Wed 1/7/2026
    assert (case.status, case.due_date) == (Status.VERIFYING, date(2026, 7, 1))


@pytest.mark.django_db
def test_overdue_sweep_marks_and_escalates_once(submission, leader, handler):
    case = case_submit(data=submission(kind="phan_anh"), now=at(2026, 3, 2)).case
    assert cases_sweep_overdue(today=date(2026, 3, 10)) == 0
    assert cases_sweep_overdue(today=date(2026, 4, 1)) == 1
    assert cases_sweep_overdue(today=date(2026, 4, 2)) == 0
    case.refresh_from_db()
    assert case.overdue_since == date(2026, 4, 1)
    assert list(case.events.filter(action="overdue").values_list("action", flat=True)) == ["overdue"]
    escalations = Message.objects.filter(channel="inbox", subject__startswith="Đơn quá hạn")
    assert list(escalations.values_list("recipient", flat=True)) == [leader.pk]


@pytest.mark.django_db
def test_citizen_not_resolved_reopens_a_petition(submission, leader):
    result = case_submit(data=submission(kind="kien_nghi"), now=at(2026, 3, 2))
    case_apply_action(case_id=result.case.pk, action="accept", actor=leader, now=at(2026, 3, 3))
    case_apply_action(case_id=result.case.pk, action="answer", actor=leader, note="Đã sửa đèn", now=at(2026, 3, 5))
    tracked = case_for_citizen(tracking_code=result.case.tracking_code, pin=result.pin)
    case = case_citizen_not_resolved(case_id=tracked.pk, reason="Đèn vẫn chưa sáng", now=at(2026, 3, 9))
    assert case.status == Status.VERIFYING
    assert case.due_date is not None


@pytest.mark.django_db
def test_wrong_pin_and_unknown_code_look_the_same(submission):
    result = case_submit(data=submission())
    with pytest.raises(NotFoundError) as wrong_pin:
        case_for_citizen(tracking_code=result.case.tracking_code, pin="000000" if result.pin != "000000" else "1")
    with pytest.raises(NotFoundError) as unknown:
        case_for_citizen(tracking_code="ZZZZZZZZZZ", pin=result.pin)
    assert str(wrong_pin.value) == str(unknown.value)


@pytest.mark.django_db
def test_anonymous_denunciation_is_kept_as_information_without_a_clock(submission):
    case = case_submit(data=submission(kind="to_cao", is_anonymous=True)).case
    assert (case.status, case.due_date) == (Status.INFORMATION, None)
    assert "Điều 25" in case.events.get().note


@pytest.mark.django_db
def test_second_instance_complaint_opens_a_linked_case_at_the_province(submission, make_officer, province, leader):
    from danvan.cases.services import case_escalate_next_level

    first = case_submit(data=submission(), now=at(2026, 3, 2)).case
    receptionist = make_officer(Role.RECEPTION_OFFICER, province)
    result = case_escalate_next_level(
        case_id=first.pk, actor=receptionist, reason="Không đồng ý quyết định lần đầu", now=at(2026, 5, 4)
    )
    second = result.case
    assert case_for_citizen(tracking_code=second.tracking_code, pin=result.pin) == second
    assert second.tracking_code in first.events.get(action="escalated").note
    assert (second.kind, second.parent, second.handling_unit) == ("khieu_nai_2", first, province)
    assert second.persons.get().full_name == "Nguyễn Văn Tố"
    # the commune's officers do not see the provincial case; the province's do
    from danvan.cases.selectors import cases_visible_to

    assert not cases_visible_to(leader).filter(pk=second.pk).exists()
    assert cases_visible_to(receptionist).filter(pk=second.pk).exists()


@pytest.mark.django_db
def test_linking_duplicates_writes_both_timelines_and_respects_secrecy(submission, handler, leader):
    from danvan.cases.services import case_link

    first = case_submit(data=submission(kind="phan_anh")).case
    second = case_submit(data=submission(kind="phan_anh")).case
    case_link(
        case_id=first.pk,
        other_code=second.tracking_code.lower(),
        relation="duplicate",
        actor=handler,
        note="Cùng vụ rác thải",
    )
    assert first.events.get(action="linked").data == {"other": second.tracking_code, "relation": "duplicate"}
    assert second.events.get(action="linked").data["other"] == first.tracking_code

    denunciation = case_submit(data=submission(kind="to_cao")).case
    with pytest.raises(PermissionDeniedError):
        case_link(case_id=first.pk, other_code=denunciation.tracking_code, relation="repeat", actor=handler)
    case_link(case_id=first.pk, other_code=denunciation.tracking_code, relation="repeat", actor=leader)
    with pytest.raises(NotFoundError):
        case_link(case_id=first.pk, other_code="KHONGCOMA", relation="repeat", actor=handler)


@pytest.mark.django_db
def test_handlers_hear_of_a_new_case_after_commit_once(submission, handler, django_capture_on_commit_callbacks):
    from danvan.cases.services import case_handlers_notify

    with django_capture_on_commit_callbacks(execute=True):
        case = case_submit(data=submission(kind="phan_anh")).case
    notices = Message.objects.filter(channel="inbox", recipient=handler, subject__contains=case.tracking_code)
    assert notices.count() == 1
    case_handlers_notify(case_id=case.pk, subject="Đơn mới", key="submitted")  # the task running twice
    assert notices.count() == 1


@pytest.mark.parametrize(
    ("_case", "uploaded", "shown"),
    [
        ("path traversal", "../../etc/passwd.pdf", "passwd.pdf"),
        ("windows path", "C:\\Users\\dan\\đơn khiếu nại.pdf", "đơn khiếu nại.pdf"),
        ("control characters", "don\x00\x1b[31m.pdf", "don[31m.pdf"),
        ("nothing left", "../..", "tep-dinh-kem"),
    ],
)
def test_upload_names_lose_directories_and_control_characters(_case, uploaded, shown):
    from danvan.cases.services import safe_file_name

    assert safe_file_name(uploaded) == shown


@pytest.mark.django_db
def test_svg_and_scripts_are_refused_whatever_their_name(submission):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.cases.services import attachment_add

    case = case_submit(data=submission()).case
    svg = SimpleUploadedFile("anh.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    with pytest.raises(ValidationFailed, match="PDF"):
        attachment_add(case=case, uploaded_file=svg)
    assert case.attachments.count() == 0


@pytest.mark.django_db
def test_a_handler_sets_the_category_once_with_a_timeline_event(submission, handler, make_officer, commune_b):
    from danvan.cases.models import Category
    from danvan.cases.services import case_category_set, case_submit

    case = case_submit(data=submission(kind="kien_nghi")).case
    environment = Category.objects.get(code="moi_truong")

    case_category_set(case_id=case.pk, category=environment, actor=handler)
    case_category_set(case_id=case.pk, category=environment, actor=handler)  # already so: nothing more

    case.refresh_from_db()
    assert case.category == environment
    assert case.events.filter(action="category_changed").count() == 1
    assert case.events.get(action="category_changed").data["category_to"] == "moi_truong"
    with pytest.raises(NotFoundError):
        case_category_set(case_id=case.pk, category=environment, actor=make_officer(Role.CASE_HANDLER, commune_b))
