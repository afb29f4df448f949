"""Writers of meetings: the only code that changes its records. Each public function checks permission
(Perm.MEETING_MANAGE over the record's unit; Perm.CASE_RECEIVE to turn a visit or an issue into cases),
validates with Vietnamese messages, writes an audit event in the same transaction and takes ``now=None``.

Legal rules applied here (DOMAIN.md §1.3):
- online reception: participants notified at least 05 working days before (ND154, [S]);
- dialogue: written notice at least 05 days before (ND155 Art. 28, [S]);
- reply to a citizen within 10 working days of receiving the content (LTCD Art. 28.1);
- refusal notice within 03 working days for repeat / nothing-new petitions (Mẫu 01/TCD, [S]);
- mixed content split into separate cases (LTCD Art. 25.3) — done by ``cases_submit_split``.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.cases.models import Case, Category
from danvan.cases.reception import cases_submit_split
from danvan.cases.services import (
    MAX_ATTACHMENT_BYTES,
    PersonInput,
    Submission,
    case_submit,
)
from danvan.cases.workflow import Kind
from danvan.core.audit import audit_record
from danvan.core.clock import local_date, now_or_current
from danvan.core.errors import NotFoundError, PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.sentiment import Severity, Tone
from danvan.core.text import fold, normalize
from danvan.core.uploads import check_upload
from danvan.meetings.models import (
    Commitment,
    CommitmentEvidence,
    CommitmentUpdate,
    Conference,
    ConnectionPoint,
    Dialogue,
    DialogueIssue,
    DialogueParticipant,
    ReceptionDuty,
    ReceptionPolicy,
    ReceptionSession,
    ReceptionVisit,
)
from danvan.notifications.models import Message
from danvan.notifications.services import message_enqueue
from danvan.organizations.models import Organization, Position
from danvan.territory.calendar import working_calendar
from danvan.territory.models import AdministrativeUnit

ONLINE_NOTICE_WORKING_DAYS = 5
DIALOGUE_NOTICE_DAYS = 5
REPLY_WORKING_DAYS = 10
REFUSAL_NOTICE_WORKING_DAYS = 3
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

# (code, name, period, sessions, delegation allowed, legal basis). [U]: Law 136/2025 may have changed them.
POLICIES = [
    ("chu-tich-xa", "Chủ tịch UBND cấp xã", "week", 1, False, "Luật Tiếp công dân 2013, Điều 15.2.d"),
    ("chu-tich-tinh", "Chủ tịch UBND cấp tỉnh", "month", 1, False, "Luật Tiếp công dân 2013, Điều 12.5"),
    (
        "thu-truong-co-quan",
        "Thủ trưởng cơ quan hành chính nhà nước",
        "month",
        1,
        False,
        "Luật Tiếp công dân 2013, Điều 18.2",
    ),
]

# Refusal grounds (LTCD Art. 9; ND154 Art. 4 [S]). The last two need a written notice within 3 working days.
REFUSAL_REASONS = [
    ("say-ruou", _lazy("Người say rượu, dùng chất kích thích, mất năng lực hành vi")),
    ("de-doa", _lazy("Có hành vi đe dọa, xúc phạm, gây rối")),
    ("vu-khi", _lazy("Mang vũ khí, từ chối kiểm tra an ninh")),
    ("ngoai-tham-quyen", _lazy("Nội dung không thuộc phạm vi tiếp")),
    ("da-giai-quyet", _lazy("Khiếu nại, tố cáo đã được giải quyết đúng chính sách, pháp luật")),
    ("khong-co-tinh-tiet-moi", _lazy("Đơn lặp lại, không có tình tiết mới")),
]
REFUSAL_NEEDS_NOTICE = {"da-giai-quyet", "khong-co-tinh-tiet-moi"}


def _require(actor, perm: Perm, obj) -> None:
    if not has_perm(actor, perm, obj):
        raise PermissionDeniedError()


def _errors(errors: list[str]) -> None:
    if errors:
        raise ValidationFailed(" ".join(str(e) for e in errors), errors=[str(e) for e in errors])


def _audit(action: str, actor, target, now: datetime, data: dict | None = None) -> None:
    audit_record(
        action=f"meetings.{action}", actor=actor, target=target, unit_path=target.unit_path, now=now, data=data or {}
    )


# --- Policies and duties ------------------------------------------------------------------------------


def reception_policies_seed() -> int:
    """Add the missing legal minimums; never overwrites (administrators own the rows once seeded). The data
    migration 0002 does the same; this is for tests that flush the database and for the demo."""
    created = 0
    for code, name, period, sessions, delegation, basis in POLICIES:
        _obj, made = ReceptionPolicy.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "period": period,
                "sessions_required": sessions,
                "delegation_allowed": delegation,
                "legal_basis": basis,
            },
        )
        created += made
    return created


@transaction.atomic
def duty_assign(
    *,
    actor,
    leader,
    title: str,
    policy: ReceptionPolicy,
    unit: AdministrativeUnit,
    valid_from: date,
    organization: Organization | None = None,
    valid_to: date | None = None,
    now: datetime | None = None,
) -> ReceptionDuty:
    now = now_or_current(now)
    _require(actor, Perm.MEETING_MANAGE, unit)
    errors = []
    if not normalize(title):
        errors.append(_("Vui lòng nhập chức vụ."))
    if valid_to and valid_to < valid_from:
        errors.append(_("Ngày kết thúc phải sau ngày bắt đầu."))
    _errors(errors)
    duty = ReceptionDuty.objects.filter(leader=leader, policy=policy, unit=unit, valid_from=valid_from).first()
    if duty is None:
        duty = ReceptionDuty.objects.create(
            leader=leader,
            title=normalize(title),
            policy=policy,
            unit=unit,
            unit_path=unit.path,
            organization=organization,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        _audit("duty_assigned", actor, duty, now, {"policy": policy.code})
    return duty


# --- Reception sessions ------------------------------------------------------------------------------


def online_notice_error(notified_on: date | None, held_on: date) -> str:
    """'' when the notice leaves at least 5 working days before the session, else the message."""
    if notified_on is None:
        return _("Tiếp công dân trực tuyến phải thông báo trước ít nhất 05 ngày làm việc: nhập ngày thông báo.")
    calendar = working_calendar([notified_on.year, held_on.year])
    if calendar.working_days_between(notified_on, held_on) < ONLINE_NOTICE_WORKING_DAYS:
        earliest = calendar.add_working_days(notified_on, ONLINE_NOTICE_WORKING_DAYS)
        return _(
            "Phải thông báo trước ít nhất 05 ngày làm việc (không tính ngày nghỉ, lễ, Tết): "
            "thông báo ngày %(notified)s thì sớm nhất tổ chức ngày %(earliest)s."
        ) % {"notified": f"{notified_on:%d/%m/%Y}", "earliest": f"{earliest:%d/%m/%Y}"}
    return ""


def dialogue_notice_error(notified_on: date | None, held_on: date) -> str:
    if notified_on is None:
        return _("Vui lòng nhập ngày gửi thông báo đối thoại.")
    if (held_on - notified_on).days < DIALOGUE_NOTICE_DAYS:
        earliest = notified_on + timedelta(days=DIALOGUE_NOTICE_DAYS)
        return _(
            "Thông báo đối thoại phải gửi trước ít nhất 05 ngày: thông báo ngày %(notified)s thì sớm nhất "
            "đối thoại ngày %(earliest)s."
        ) % {"notified": f"{notified_on:%d/%m/%Y}", "earliest": f"{earliest:%d/%m/%Y}"}
    return ""


@transaction.atomic
def session_schedule(
    *,
    actor,
    unit: AdministrativeUnit,
    kind: str,
    held_on: date,
    chaired_by: str,
    location: str,
    duty: ReceptionDuty | None = None,
    delegated: bool = False,
    start_time=None,
    end_time=None,
    reason: str = "",
    notified_on: date | None = None,
    recording_url: str = "",
    is_public: bool = True,
    status: str = ReceptionSession.Status.PLANNED,
    now: datetime | None = None,
) -> ReceptionSession:
    now = now_or_current(now)
    _require(actor, Perm.MEETING_MANAGE, unit)
    errors = []
    if not normalize(chaired_by):
        errors.append(_("Vui lòng nhập người chủ trì."))
    if not normalize(location):
        errors.append(_("Vui lòng nhập địa điểm tiếp."))
    if duty is not None and not unit.path.startswith(duty.unit_path):
        errors.append(_("Lãnh đạo được chọn không thuộc đơn vị này."))
    if kind == ReceptionSession.Kind.AD_HOC and not normalize(reason):
        errors.append(_("Tiếp đột xuất phải ghi lý do (vụ việc phức tạp, đông người, nguy cơ mất an ninh…)."))
    if kind == ReceptionSession.Kind.ONLINE:
        message = online_notice_error(notified_on, held_on)
        if message:
            errors.append(message)
    if start_time and end_time and end_time <= start_time:
        errors.append(_("Giờ kết thúc phải sau giờ bắt đầu."))
    _errors(errors)
    session = ReceptionSession.objects.create(
        kind=kind,
        status=status,
        duty=duty,
        chaired_by=normalize(chaired_by),
        delegated=delegated,
        unit=unit,
        unit_path=unit.path,
        held_on=held_on,
        start_time=start_time,
        end_time=end_time,
        location=normalize(location),
        reason=normalize(reason),
        notified_on=notified_on,
        recording_url=recording_url.strip(),
        is_public=is_public,
    )
    _audit("session_scheduled", actor, session, now, {"kind": kind, "on": held_on.isoformat()})
    return session


def _locked_session(actor, session_id: int) -> ReceptionSession:
    session = ReceptionSession.objects.visible_to(actor, Perm.MEETING_MANAGE).select_for_update().filter(pk=session_id)
    found = session.first()
    if found is None:
        raise NotFoundError()
    return found


@transaction.atomic
def session_set_status(*, actor, session_id: int, status: str, now: datetime | None = None) -> ReceptionSession:
    now = now_or_current(now)
    session = _locked_session(actor, session_id)
    if status == ReceptionSession.Status.HELD and session.held_on > local_date(now):
        raise ValidationFailed(_("Chưa đến ngày tiếp, không thể ghi nhận đã tiếp."))
    session.status = status
    session.save(update_fields=["status", "updated_at"])
    _audit("session_status", actor, session, now, {"status": status})
    return session


@transaction.atomic
def session_conclude(
    *, actor, session_id: int, conclusion: str, recipients: str = "", recording_url: str = "", now=None
) -> ReceptionSession:
    """Record the leader's conclusions; the session counts as held."""
    now = now_or_current(now)
    session = _locked_session(actor, session_id)
    if not normalize(conclusion):
        raise ValidationFailed(_("Vui lòng nhập nội dung kết luận."))
    if session.held_on > local_date(now):
        raise ValidationFailed(_("Chưa đến ngày tiếp, chưa thể ghi kết luận."))
    session.conclusion = conclusion.strip()
    session.conclusion_recipients = recipients.strip()
    if recording_url:
        session.recording_url = recording_url.strip()
    session.status = ReceptionSession.Status.HELD
    session.save()
    _audit("session_concluded", actor, session, now)
    return session


# --- Connection points and conferences -----------------------------------------------------------------


@transaction.atomic
def conference_schedule(
    *,
    actor,
    title: str,
    organization: Organization,
    held_on: date,
    notified_on: date,
    start_time=None,
    recording_url: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Conference:
    now = now_or_current(now)
    _require(actor, Perm.MEETING_MANAGE, organization.unit)
    errors = []
    if not normalize(title):
        errors.append(_("Vui lòng nhập tên hội nghị."))
    message = online_notice_error(notified_on, held_on)
    if message:
        errors.append(message)
    _errors(errors)
    conference = Conference.objects.create(
        title=normalize(title),
        organization=organization,
        unit=organization.unit,
        unit_path=organization.unit.path,
        held_on=held_on,
        notified_on=notified_on,
        start_time=start_time,
        recording_url=recording_url.strip(),
        note=note.strip(),
    )
    _audit("conference_scheduled", actor, conference, now)
    return conference


@transaction.atomic
def conference_set_recording(*, actor, conference: Conference, recording_url: str, now=None) -> Conference:
    now = now_or_current(now)
    _require(actor, Perm.MEETING_MANAGE, conference)
    conference.recording_url = recording_url.strip()
    conference.save(update_fields=["recording_url", "updated_at"])
    _audit("conference_recording", actor, conference, now)
    return conference


@transaction.atomic
def connection_point_add(
    *,
    actor,
    name: str,
    chaired_by: str,
    session: ReceptionSession | None = None,
    conference: Conference | None = None,
    unit: AdministrativeUnit | None = None,
    expected: int = 0,
    now: datetime | None = None,
) -> ConnectionPoint:
    now = now_or_current(now)
    parent = session or conference
    if parent is None:
        raise ValidationFailed(_("Điểm cầu phải thuộc một buổi tiếp hoặc một hội nghị."))
    _require(actor, Perm.MEETING_MANAGE, parent)
    if session is not None and session.kind != ReceptionSession.Kind.ONLINE:
        raise ValidationFailed(_("Chỉ buổi tiếp trực tuyến mới có điểm cầu."))
    errors = []
    if not normalize(name):
        errors.append(_("Vui lòng nhập tên điểm cầu."))
    if not normalize(chaired_by):
        errors.append(_("Vui lòng nhập người chủ trì điểm cầu."))
    _errors(errors)
    point = ConnectionPoint.objects.create(
        session=session,
        conference=conference,
        name=normalize(name),
        chaired_by=normalize(chaired_by),
        unit=unit,
        expected=expected,
    )
    _audit("connection_point_added", actor, parent, now, {"point": point.pk})
    return point


@transaction.atomic
def connection_point_attendance(*, actor, point: ConnectionPoint, attended: int, now=None) -> ConnectionPoint:
    now = now_or_current(now)
    parent = point.session or point.conference
    _require(actor, Perm.MEETING_MANAGE, parent)
    if attended < 0:
        raise ValidationFailed(_("Số người tham dự không hợp lệ."))
    point.attended = attended
    point.save(update_fields=["attended", "updated_at"])
    _audit("connection_point_attendance", actor, parent, now, {"point": point.pk, "attended": attended})
    return point


# --- The reception book ---------------------------------------------------------------------------------


@dataclass
class ContentBlock:
    """One content of a visit to be registered as a case (a mixed letter gives several)."""

    kind: str
    category: Category
    subject: str
    body: str


@dataclass
class VisitInput:
    unit: AdministrativeUnit
    visited_on: date
    full_name: str
    content: str
    outcome: str
    session: ReceptionSession | None = None
    id_number: str = ""
    phone: str = ""
    address: str = ""
    group_size: int = 1
    representatives: list[str] = field(default_factory=list)
    past_handling: str = ""
    request: str = ""
    handling: str = ""
    refusal_reason: str = ""
    blocks: list[ContentBlock] = field(default_factory=list)


def _next_serial(unit: AdministrativeUnit, year: int) -> int:
    # Lock the unit's row so that two officers logging at once do not take the same number.
    AdministrativeUnit.objects.select_for_update().filter(pk=unit.pk).first()
    last = ReceptionVisit.objects.filter(unit=unit, book_year=year).aggregate(n=Max("serial"))["n"]
    return (last or 0) + 1


@transaction.atomic
def visit_record(*, actor, data: VisitInput, now: datetime | None = None) -> ReceptionVisit:
    """Log one visit in the reception book; with outcome CASES each content block becomes a case (all or
    nothing) and the visit is linked to them."""
    now = now_or_current(now)
    _require(actor, Perm.MEETING_MANAGE, data.unit)
    errors = []
    if not normalize(data.full_name):
        errors.append(_("Vui lòng nhập họ tên công dân."))
    if not normalize(data.content):
        errors.append(_("Vui lòng ghi tóm tắt nội dung công dân trình bày."))
    if data.group_size < 1:
        errors.append(_("Số người phải từ 1 trở lên."))
    if data.session is not None and data.session.unit_id != data.unit.pk:
        errors.append(_("Buổi tiếp không thuộc đơn vị này."))
    if data.visited_on > local_date(now):
        errors.append(_("Ngày tiếp không được sau hôm nay."))
    if data.group_size >= 5 and not data.representatives:
        errors.append(_("Đoàn từ 5 người trở lên phải cử người đại diện (Luật Tiếp công dân, Điều 29)."))
    if len(data.representatives) > 5:
        errors.append(_("Nhiều người cùng nội dung cử không quá 5 người đại diện."))
    if data.outcome == ReceptionVisit.Outcome.CASES and not data.blocks:
        errors.append(_("Chọn “Tiếp nhận đơn” thì phải nhập ít nhất một nội dung đơn."))
    if data.outcome == ReceptionVisit.Outcome.REFUSED and data.refusal_reason not in dict(REFUSAL_REASONS):
        errors.append(_("Vui lòng chọn lý do từ chối tiếp."))
    _errors(errors)
    calendar = working_calendar([data.visited_on.year, data.visited_on.year + 1])
    visit = ReceptionVisit(
        session=data.session,
        unit=data.unit,
        unit_path=data.unit.path,
        book_year=data.visited_on.year,
        serial=_next_serial(data.unit, data.visited_on.year),
        visited_on=data.visited_on,
        full_name=normalize(data.full_name),
        id_number=data.id_number.strip(),
        phone=data.phone.strip(),
        address=normalize(data.address),
        group_size=data.group_size,
        content=normalize(data.content),
        past_handling=normalize(data.past_handling),
        request=normalize(data.request),
        outcome=data.outcome,
        handling=normalize(data.handling),
        refusal_reason=data.refusal_reason if data.outcome == ReceptionVisit.Outcome.REFUSED else "",
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    if data.outcome == ReceptionVisit.Outcome.REFUSED:
        if data.refusal_reason in REFUSAL_NEEDS_NOTICE:
            visit.refusal_notice_due = calendar.add_working_days(data.visited_on, REFUSAL_NOTICE_WORKING_DAYS)
    else:
        visit.reply_due = calendar.add_working_days(data.visited_on, REPLY_WORKING_DAYS)
    visit.save()
    case_ids: list[int] = []
    if data.outcome == ReceptionVisit.Outcome.CASES:
        if not has_perm(actor, Perm.CASE_RECEIVE, data.unit):
            raise PermissionDeniedError(_("Bạn không có quyền tiếp nhận đơn tại địa bàn này."))
        persons = [
            PersonInput(full_name=data.full_name, id_number=data.id_number, phone=data.phone, address=data.address),
            *[PersonInput(full_name=name, role="representative") for name in data.representatives],
        ]
        submissions = [
            Submission(
                kind=block.kind,
                channel=Case.Channel.IN_PERSON,
                category=block.category,
                subject=block.subject,
                body=block.body,
                submitted_unit=data.unit,
                persons=persons,
                group_size=data.group_size,
            )
            for block in data.blocks
        ]
        results = cases_submit_split(submissions=submissions, actor=actor, now=now)
        visit.cases.set([result.case for result in results])
        case_ids = [result.case.pk for result in results]
    _audit("visit_recorded", actor, visit, now, {"serial": visit.serial, "outcome": visit.outcome, "cases": case_ids})
    return visit


@transaction.atomic
def visit_mark(*, actor, visit: ReceptionVisit, what: str, on: date, now: datetime | None = None) -> ReceptionVisit:
    """Record that the reply (``what="reply"``) or the refusal notice (``"refusal_notice"``) was sent."""
    now = now_or_current(now)
    _require(actor, Perm.MEETING_MANAGE, visit)
    if on < visit.visited_on or on > local_date(now):
        raise ValidationFailed(_("Ngày gửi phải từ ngày tiếp đến hôm nay."))
    if what == "reply":
        visit.replied_on = on
    elif what == "refusal_notice" and visit.outcome == ReceptionVisit.Outcome.REFUSED:
        visit.refusal_notice_sent_on = on
    else:
        raise TransitionNotAllowed()
    visit.save()
    _audit("visit_marked", actor, visit, now, {"what": what, "on": on.isoformat()})
    return visit


# --- Dialogues ------------------------------------------------------------------------------------------


@transaction.atomic
def dialogue_plan(
    *,
    actor,
    organization: Organization,
    unit: AdministrativeUnit,
    leader_title: str,
    topic: str,
    target_group: str,
    held_on: date,
    venue: str,
    notified_on: date,
    leader=None,
    start_time=None,
    now: datetime | None = None,
) -> Dialogue:
    now = now_or_current(now)
    _require(actor, Perm.MEETING_MANAGE, unit)
    errors = []
    for value, message in (
        (topic, _("Vui lòng nhập chủ đề đối thoại.")),
        (target_group, _("Vui lòng nhập đối tượng đối thoại.")),
        (leader_title, _("Vui lòng nhập lãnh đạo chủ trì.")),
        (venue, _("Vui lòng nhập địa điểm.")),
    ):
        if not normalize(value):
            errors.append(message)
    if not unit.path.startswith(organization.unit_path) and not organization.unit_path.startswith(unit.path):
        errors.append(_("Cơ quan tổ chức không thuộc đơn vị này."))
    notice = dialogue_notice_error(notified_on, held_on)
    if notice:
        errors.append(notice)
    _errors(errors)
    dialogue = Dialogue.objects.create(
        organization=organization,
        unit=unit,
        unit_path=unit.path,
        leader=leader,
        leader_title=normalize(leader_title),
        topic=normalize(topic),
        target_group=normalize(target_group),
        held_on=held_on,
        start_time=start_time,
        venue=normalize(venue),
        notified_on=notified_on,
        search_text=fold(f"{topic} {target_group} {venue}"),
    )
    _audit("dialogue_planned", actor, dialogue, now)
    return dialogue


def _locked_dialogue(actor, dialogue_id: int) -> Dialogue:
    dialogue = (
        Dialogue.objects.visible_to(actor, Perm.MEETING_MANAGE).select_for_update().filter(pk=dialogue_id).first()
    )
    if dialogue is None:
        raise NotFoundError()
    return dialogue


@transaction.atomic
def participant_add(
    *, actor, dialogue_id: int, side: str, name: str, role: str = "", attended: bool = True, now=None
) -> DialogueParticipant:
    now = now_or_current(now)
    dialogue = _locked_dialogue(actor, dialogue_id)
    if not normalize(name):
        raise ValidationFailed(_("Vui lòng nhập họ tên hoặc đơn vị tham dự."))
    participant = DialogueParticipant.objects.create(
        dialogue=dialogue, side=side, name=normalize(name), role=normalize(role), attended=attended
    )
    _audit("participant_added", actor, dialogue, now, {"participant": participant.pk})
    return participant


@transaction.atomic
def dialogue_record_minutes(*, actor, dialogue_id: int, minutes: str, now: datetime | None = None) -> Dialogue:
    now = now_or_current(now)
    dialogue = _locked_dialogue(actor, dialogue_id)
    if dialogue.status == Dialogue.Status.CANCELLED:
        raise TransitionNotAllowed(_("Hội nghị đối thoại đã hủy."))
    if dialogue.held_on > local_date(now):
        raise ValidationFailed(_("Chưa đến ngày đối thoại, chưa thể lập biên bản."))
    if not normalize(minutes):
        raise ValidationFailed(_("Vui lòng nhập nội dung biên bản."))
    dialogue.minutes = minutes.strip()
    dialogue.minutes_recorded_at = now
    dialogue.status = Dialogue.Status.HELD
    dialogue.save()
    _audit("dialogue_minutes", actor, dialogue, now)
    return dialogue


@dataclass
class IssueInput:
    topic: str
    text: str
    outcome: str
    tone: str = Tone.NEUTRAL
    severity: int = Severity.LOW
    answer: str = ""
    # outcome COMMITMENT
    commitment_title: str = ""
    commitment_due: date | None = None
    commitment_leader: object = None
    # outcome CASE
    case_kind: str = Kind.PETITION
    case_category: Category | None = None


@transaction.atomic
def issue_add(*, actor, dialogue_id: int, data: IssueInput, now: datetime | None = None) -> DialogueIssue:
    """Record an issue raised at a dialogue and end it: answered on the spot, a commitment (created here)
    or a case (through cases services; needs CASE_RECEIVE)."""
    now = now_or_current(now)
    dialogue = _locked_dialogue(actor, dialogue_id)
    errors = []
    if not normalize(data.topic) or not normalize(data.text):
        errors.append(_("Vui lòng nhập vấn đề và ý kiến người dân."))
    if data.tone not in Tone.values:
        errors.append(_("Thái độ không hợp lệ."))
    if data.severity not in Severity.values:
        errors.append(_("Mức độ không hợp lệ."))
    if data.outcome == DialogueIssue.Outcome.ANSWERED and not normalize(data.answer):
        errors.append(_("Trả lời ngay tại hội nghị thì phải ghi nội dung trả lời."))
    if data.outcome == DialogueIssue.Outcome.COMMITMENT and (
        not normalize(data.commitment_title) or data.commitment_due is None
    ):
        errors.append(_("Cam kết phải có nội dung và hạn hoàn thành."))
    if data.outcome == DialogueIssue.Outcome.CASE and data.case_category is None:
        errors.append(_("Chuyển thành đơn thì phải chọn lĩnh vực."))
    if data.outcome not in DialogueIssue.Outcome.values:
        errors.append(_("Vui lòng chọn kết quả xử lý ý kiến."))
    _errors(errors)
    issue = DialogueIssue(
        dialogue=dialogue,
        topic=normalize(data.topic),
        text=normalize(data.text),
        tone=data.tone,
        severity=data.severity,
        outcome=data.outcome,
        answer=normalize(data.answer),
    )
    if data.outcome == DialogueIssue.Outcome.COMMITMENT:
        issue.commitment = commitment_create(
            actor=actor,
            organization=dialogue.organization,
            unit=dialogue.unit,
            title=data.commitment_title,
            description=_("Cam kết tại hội nghị đối thoại “%(topic)s” ngày %(day)s: %(text)s")
            % {"topic": dialogue.topic, "day": f"{dialogue.held_on:%d/%m/%Y}", "text": normalize(data.text)},
            due_date=data.commitment_due,
            leader=data.commitment_leader or dialogue.leader,
            committed_on=dialogue.held_on,
            now=now,
        )
    elif data.outcome == DialogueIssue.Outcome.CASE:
        if not has_perm(actor, Perm.CASE_RECEIVE, dialogue.unit):
            raise PermissionDeniedError(_("Bạn không có quyền tiếp nhận đơn tại địa bàn này."))
        unit = dialogue.unit
        if unit.level not in (AdministrativeUnit.Level.COMMUNE, AdministrativeUnit.Level.PROVINCE):
            unit = unit.parent
        result = case_submit(
            data=Submission(
                kind=data.case_kind or Kind.PETITION,
                channel=Case.Channel.DIALOGUE,
                category=data.case_category,
                subject=normalize(data.topic),
                body=_("Ý kiến tại hội nghị đối thoại “%(topic)s” ngày %(day)s: %(text)s")
                % {"topic": dialogue.topic, "day": f"{dialogue.held_on:%d/%m/%Y}", "text": normalize(data.text)},
                submitted_unit=unit,
                is_anonymous=True,
            ),
            actor=actor,
            now=now,
        )
        issue.case = result.case
    issue.save()
    _audit("issue_added", actor, dialogue, now, {"issue": issue.pk, "outcome": issue.outcome})
    return issue


# --- Commitments ----------------------------------------------------------------------------------------


def _new_code() -> str:
    while True:
        code = "CK-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not Commitment.objects.filter(code=code).exists():
            return code


@transaction.atomic
def commitment_create(
    *,
    actor,
    organization: Organization,
    unit: AdministrativeUnit,
    title: str,
    due_date: date,
    committed_on: date | None = None,
    description: str = "",
    leader=None,
    weight: int = 1,
    parent: Commitment | None = None,
    is_public: bool = True,
    now: datetime | None = None,
) -> Commitment:
    now = now_or_current(now)
    _require(actor, Perm.MEETING_MANAGE, unit)
    committed_on = committed_on or local_date(now)
    errors = []
    if not normalize(title):
        errors.append(_("Vui lòng nhập nội dung cam kết."))
    if due_date is None or due_date < committed_on:
        errors.append(_("Hạn hoàn thành phải từ ngày cam kết trở đi."))
    if weight < 1:
        errors.append(_("Trọng số phải từ 1 trở lên."))
    if not unit.path.startswith(organization.unit_path) and not organization.unit_path.startswith(unit.path):
        errors.append(_("Cơ quan thực hiện không thuộc địa bàn này."))
    if parent is not None and not unit.path.startswith(parent.unit_path):
        errors.append(_("Cam kết con phải thuộc địa bàn của cam kết cha."))
    if parent is not None and parent.status != Commitment.Status.OPEN:
        errors.append(_("Cam kết cha đã kết thúc."))
    _errors(errors)
    commitment = Commitment.objects.create(
        code=_new_code(),
        title=normalize(title)[:400],
        description=description.strip(),
        organization=organization,
        unit=unit,
        unit_path=unit.path,
        leader=leader,
        due_date=due_date,
        weight=weight,
        parent=parent,
        committed_on=committed_on,
        is_public=is_public,
        search_text=fold(f"{title} {description}"),
    )
    CommitmentUpdate.objects.create(
        commitment=commitment,
        on=committed_on,
        progress=0,
        status=Commitment.Status.OPEN,
        note=_("Cam kết được ghi nhận, hạn hoàn thành %(due)s.") % {"due": f"{due_date:%d/%m/%Y}"},
        actor=actor if getattr(actor, "pk", None) else None,
    )
    _audit("commitment_created", actor, commitment, now, {"code": commitment.code})
    if parent is not None:
        _rollup(parent, on=committed_on, actor=actor)
    return commitment


def weighted_progress(children: list[tuple[int, int]]) -> int:
    """Σ(progress × weight) / Σ weight, rounded down: (progress, weight) pairs of the children."""
    total = sum(weight for _p, weight in children)
    if not total:
        return 0
    return sum(progress * weight for progress, weight in children) // total


def _rollup(commitment: Commitment, *, on: date, actor) -> None:
    """Recompute a parent's progress from its open or done children (cancelled ones do not count), up the tree."""
    while commitment is not None:
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        children = list(
            commitment.children.exclude(status=Commitment.Status.CANCELLED).values_list("progress", "weight")
        )
        progress = weighted_progress(children)
        if progress != commitment.progress:
            commitment.progress = progress
            if progress == 100 and commitment.status == Commitment.Status.OPEN:
                commitment.status, commitment.done_on = Commitment.Status.DONE, on
            commitment.save()
            CommitmentUpdate.objects.create(
                commitment=commitment,
                on=on,
                progress=progress,
                status=commitment.status,
                note=_("Tiến độ chung tính theo các cam kết con: %(p)s%%.") % {"p": progress},
                actor=actor if getattr(actor, "pk", None) else None,
            )
        commitment = commitment.parent


def progress_error(commitment: Commitment, progress, on: date, today: date) -> str:
    """'' when ``progress`` on ``on`` may be recorded for ``commitment``; else why not (Vietnamese)."""
    if commitment.status != Commitment.Status.OPEN:
        return _("Cam kết đã kết thúc (%(status)s), không cập nhật tiến độ.") % {
            "status": commitment.get_status_display().lower()
        }
    if commitment.children.exists():
        return _("Tiến độ của cam kết này được tính tự động từ các cam kết con.")
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        return _("Tiến độ phải là số nguyên từ 0 đến 100.")
    if on > today:
        return _("Ngày cập nhật không được sau hôm nay.")
    if on < commitment.committed_on:
        return _("Ngày cập nhật trước ngày cam kết.")
    return ""


@transaction.atomic
def commitment_progress(
    *,
    actor,
    commitment_id: int,
    progress: int,
    note: str = "",
    on: date | None = None,
    is_public: bool = True,
    now: datetime | None = None,
) -> Commitment:
    now = now_or_current(now)
    today = local_date(now)
    on = on or today
    commitment = (
        Commitment.objects.visible_to(actor, Perm.MEETING_MANAGE).select_for_update().filter(pk=commitment_id).first()
    )
    if commitment is None:
        raise NotFoundError()
    message = progress_error(commitment, progress, on, today)
    if message:
        raise ValidationFailed(message)
    commitment.progress = progress
    if progress == 100:
        commitment.status, commitment.done_on = Commitment.Status.DONE, on
    commitment.save()
    CommitmentUpdate.objects.create(
        commitment=commitment,
        on=on,
        progress=progress,
        status=commitment.status,
        note=normalize(note) or _("Cập nhật tiến độ: %(p)s%%.") % {"p": progress},
        is_public=is_public,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    _audit("commitment_progress", actor, commitment, now, {"progress": progress, "on": on.isoformat()})
    if commitment.parent_id:
        _rollup(commitment.parent, on=on, actor=actor)
    return commitment


@transaction.atomic
def commitment_cancel(*, actor, commitment_id: int, reason: str, now: datetime | None = None) -> Commitment:
    now = now_or_current(now)
    commitment = (
        Commitment.objects.visible_to(actor, Perm.MEETING_MANAGE).select_for_update().filter(pk=commitment_id).first()
    )
    if commitment is None:
        raise NotFoundError()
    if commitment.status != Commitment.Status.OPEN:
        raise TransitionNotAllowed()
    if not normalize(reason):
        raise ValidationFailed(_("Vui lòng nêu lý do không thực hiện cam kết."))
    commitment.status = Commitment.Status.CANCELLED
    commitment.save()
    CommitmentUpdate.objects.create(
        commitment=commitment, on=local_date(now), status=commitment.status, note=normalize(reason), actor=actor
    )
    _audit("commitment_cancelled", actor, commitment, now)
    if commitment.parent_id:
        _rollup(commitment.parent, on=local_date(now), actor=actor)
    return commitment


@transaction.atomic
def evidence_add(*, actor, commitment: Commitment, uploaded_file, now: datetime | None = None) -> CommitmentEvidence:
    """Accept PDF, PNG, JPEG and DOCX up to 10 MB, judged by content (as cases do)."""
    now = now_or_current(now)
    _require(actor, Perm.MEETING_MANAGE, commitment)
    content_type = check_upload(uploaded_file, max_bytes=MAX_ATTACHMENT_BYTES)
    evidence = CommitmentEvidence(commitment=commitment)
    evidence.store(uploaded_file, content_type=content_type, actor=actor)
    CommitmentUpdate.objects.create(
        commitment=commitment,
        on=local_date(now),
        note=_("Bổ sung minh chứng: %(name)s.") % {"name": evidence.original_name},
        actor=actor,
    )
    _audit("evidence_added", actor, commitment, now, {"evidence": evidence.pk})
    return evidence


def _responsible(commitment: Commitment):
    if commitment.leader_id:
        return [commitment.leader]
    heads = Position.objects.filter(organization=commitment.organization, is_head=True, holder__isnull=False)
    return [position.holder for position in heads.select_related("holder")]


def commitments_escalate_overdue(*, today: date | None = None, now: datetime | None = None) -> int:
    """Mark open commitments past due and tell the responsible leader (or the organisation's head) once per
    commitment and due date. Idempotent: a second run finds nothing new; message keys guard re-sends."""
    now = now_or_current(now)
    today = today or local_date(now)
    marked = 0
    candidates = Commitment.objects.filter(
        status=Commitment.Status.OPEN, due_date__lt=today, overdue_since__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            commitment = Commitment.objects.select_for_update().get(pk=pk)
            if commitment.overdue_since or commitment.status != Commitment.Status.OPEN or commitment.due_date >= today:
                continue
            commitment.overdue_since = today
            commitment.save(update_fields=["overdue_since", "updated_at"])
            for leader in _responsible(commitment):
                message_enqueue(
                    key=f"commitment:{commitment.pk}:overdue:{commitment.due_date.isoformat()}:{leader.pk}",
                    channel=Message.Channel.INBOX,
                    recipient=leader,
                    subject=_("Cam kết quá hạn: %(code)s") % {"code": commitment.code},
                    body=_("Cam kết “%(title)s” đến hạn ngày %(due)s, tiến độ %(p)s%%.")
                    % {"title": commitment.title, "due": f"{commitment.due_date:%d/%m/%Y}", "p": commitment.progress},
                    link=f"/lam-viec/tiep-dan-doi-thoai/cam-ket/{commitment.public_id}/",
                )
            audit_record(
                action="meetings.commitment_overdue",
                target=commitment,
                unit_path=commitment.unit_path,
                now=now,
                data={"due": commitment.due_date.isoformat()},
            )
            marked += 1
    return marked


# --- Bulk progress import -------------------------------------------------------------------------------

IMPORT_HEADERS = {
    "code": ("mã cam kết", "ma cam ket", "mã", "code"),
    "progress": ("tiến độ (%)", "tiến độ", "tien do", "progress"),
    "on": ("ngày cập nhật", "ngày", "ngay cap nhat", "date"),
    "note": ("ghi chú", "nội dung", "ghi chu", "note"),
}
MAX_IMPORT_ROWS = 2000


@dataclass(frozen=True)
class ImportRow:
    row: int  # as the spreadsheet numbers it (header is row 1)
    code: str
    progress: str
    reason: str = ""  # empty when applied


@dataclass
class ImportReport:
    applied: list[ImportRow] = field(default_factory=list)
    rejected: list[ImportRow] = field(default_factory=list)


def _read_rows(content: bytes, filename: str) -> list[list]:
    if filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationFailed(_("Tệp CSV phải dùng mã UTF-8.")) from None
        sample = text[:2000]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationFailed(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV."))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise ValidationFailed(_("Không đọc được tệp Excel.")) from None
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _columns(header: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = normalize(str(cell or "")).lower()
        for key, names in IMPORT_HEADERS.items():
            if key not in found and (label in names or fold(label) in {fold(n) for n in names}):
                found[key] = index
    missing = [IMPORT_HEADERS[key][0] for key in ("code", "progress") if key not in found]
    if missing:
        raise ValidationFailed(
            _("Thiếu cột: %(cols)s. Dòng đầu tiên phải là tiêu đề cột.") % {"cols": ", ".join(missing)}
        )
    return found


def _parse_progress(value) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and 0 < value <= 1 and value != int(value):
        value = value * 100  # a cell formatted as a percentage (0.6 → 60 %)
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number == int(number) else None


def _parse_day(value) -> date | str | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        day, month, year = (int(part) for part in str(value).strip().split("/"))
        return date(year, month, day)
    except ValueError:
        return "bad"


def commitments_import(*, actor, content: bytes, filename: str, now: datetime | None = None) -> ImportReport:
    """Apply progress rows from an XLSX/CSV file: each good row is applied (its own transaction), each bad one
    is reported with the reason. Columns: Mã cam kết, Tiến độ (%), Ngày cập nhật (dd/mm/yyyy, optional),
    Ghi chú (optional)."""
    now = now_or_current(now)
    today = local_date(now)
    rows = _read_rows(content, filename)
    if not rows:
        raise ValidationFailed(_("Tệp không có dữ liệu."))
    columns = _columns(rows[0])
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise ValidationFailed(_("Mỗi lần nhập tối đa %(n)s dòng.") % {"n": MAX_IMPORT_ROWS})
    visible = Commitment.objects.visible_to(actor, Perm.MEETING_MANAGE)
    report = ImportReport()
    seen: set[str] = set()

    def cell(row: list, key: str):
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    for number, row in enumerate(rows[1:], start=2):
        if not any(value not in (None, "") for value in row):
            continue
        code = normalize(str(cell(row, "code") or "")).upper()
        raw_progress = cell(row, "progress")
        shown = "" if raw_progress is None else str(raw_progress)
        progress = _parse_progress(raw_progress)
        on = _parse_day(cell(row, "on"))
        reason = ""
        commitment = visible.filter(code=code).first() if code else None
        if not code:
            reason = _("Thiếu mã cam kết.")
        elif commitment is None:
            reason = _("Không tìm thấy cam kết mã %(code)s trong địa bàn của bạn.") % {"code": code}
        elif code in seen:
            reason = _("Mã cam kết bị lặp trong tệp; chỉ áp dụng dòng đầu tiên.")
        elif progress is None:
            reason = _("Tiến độ “%(value)s” không phải là số nguyên.") % {"value": shown}
        elif on == "bad":
            reason = _("Ngày cập nhật phải theo dạng ngày/tháng/năm (dd/mm/yyyy).")
        else:
            reason = progress_error(commitment, progress, on or today, today)
        if reason:
            report.rejected.append(ImportRow(row=number, code=code, progress=shown, reason=reason))
            continue
        seen.add(code)
        try:
            commitment_progress(
                actor=actor,
                commitment_id=commitment.pk,
                progress=progress,
                on=on or today,
                note=str(cell(row, "note") or ""),
                now=now,
            )
        except (ValidationFailed, NotFoundError, PermissionDeniedError) as exc:
            report.rejected.append(ImportRow(row=number, code=code, progress=shown, reason=exc.message))
        else:
            report.applied.append(ImportRow(row=number, code=code, progress=shown))
    return report
