"""Every write to a case. Each public function locks what it changes, checks permission and workflow,
writes a timeline row (CaseEvent) and an audit event in the same transaction, and notifies after commit.

Personal data (names, ID numbers, phones, addresses, emails) never goes into events, audit data, logs or
notification bodies: they carry the tracking code and the action only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.cases import deadlines
from danvan.cases.models import Attachment, Case, CaseEvent, Category, IdempotencyKey, Person
from danvan.cases.signals import case_event_recorded
from danvan.cases.workflow import COMPLAINT_KINDS, OPEN_STATUSES, Action, Kind, Status, transition_for
from danvan.core.audit import audit_record
from danvan.core.clock import local_date, now_or_current
from danvan.core.errors import NotFoundError, PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.text import fold, normalize

# safe_file_name and detect_content_type stay importable from here for the apps that used them.
from danvan.core.uploads import check_upload, detect_content_type, file_sha256, safe_file_name  # noqa: F401
from danvan.notifications.models import Message
from danvan.notifications.services import message_enqueue
from danvan.territory.models import AdministrativeUnit

TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone
TRACKING_LENGTH = 10
MAX_REPRESENTATIVES = 5  # LTCD Art. 29
GROUP_THRESHOLD = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ANONYMOUS_DENUNCIATION_NOTE = _lazy(
    "Đơn tố cáo không rõ danh tính được lưu làm thông tin, không giải quyết như tố cáo (Điều 25 Luật Tố cáo)."
)


@dataclass
class PersonInput:
    full_name: str
    role: str = Person.Role.SUBMITTER
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class Submission:
    kind: str
    channel: str
    category: Category
    subject: str
    body: str
    submitted_unit: AdministrativeUnit
    persons: list[PersonInput] = field(default_factory=list)
    is_anonymous: bool = False
    group_size: int = 1
    address: str = ""
    village: AdministrativeUnit | None = None
    latitude: float | None = None
    longitude: float | None = None
    notify_email: str = ""
    handling_organization: object = None
    accused_organization: object = None
    handling_unit: AdministrativeUnit | None = None  # default: the unit where it arose


@dataclass(frozen=True)
class SubmitResult:
    case: Case
    pin: str


def _new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
        if not Case.objects.filter(tracking_code=code).exists():
            return code


def _validate_submission(data: Submission) -> None:
    errors = []
    if data.kind == Kind.MIXED:
        errors.append(_("Đơn có nhiều nội dung phải được tách thành từng đơn riêng (Luật Tiếp công dân, Điều 25)."))
    if not normalize(data.subject) or not normalize(data.body):
        errors.append(_("Vui lòng nhập tiêu đề và nội dung."))
    if data.kind in COMPLAINT_KINDS and (data.is_anonymous or not data.persons):
        errors.append(_("Khiếu nại phải ghi rõ họ tên, địa chỉ người khiếu nại (Luật Khiếu nại, Điều 8)."))
    representatives = [p for p in data.persons if p.role == Person.Role.REPRESENTATIVE]
    if len(representatives) > MAX_REPRESENTATIVES:
        errors.append(_("Nhiều người cùng nội dung cử không quá 5 người đại diện."))
    if data.group_size < 1:
        errors.append(_("Số người phải từ 1 trở lên."))
    if data.submitted_unit.level not in (AdministrativeUnit.Level.COMMUNE, AdministrativeUnit.Level.PROVINCE):
        errors.append(_("Nơi phát sinh phải là một xã, phường, đặc khu hoặc tỉnh, thành phố."))
    if not data.submitted_unit.is_current:
        errors.append(_("Đơn vị hành chính này đã hết hiệu lực; vui lòng chọn đơn vị hiện nay."))
    if errors:
        raise ValidationFailed(" ".join(str(e) for e in errors), errors=[str(e) for e in errors])


def _coordinate(value) -> Decimal | None:
    """WGS84 degrees to the 6 decimals stored (about 10 cm): floats like 10.03 arrive inexact."""
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(Decimal("0.000001"))


def identity_fingerprint(value: str) -> str:
    """A keyed hash of an ID number or phone (digits only), for finding repeat submitters. Empty stays empty."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) < 6:
        return ""
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]  # +84 912… and 0912… are the same phone
    return salted_hmac("danvan.cases.person", digits, algorithm="sha256").hexdigest()


def _search_text(case: Case) -> str:
    return fold(f"{case.tracking_code} {case.subject} {case.body} {case.address}")


@transaction.atomic
def case_submit(*, data: Submission, actor=None, now: datetime | None = None) -> SubmitResult:
    """Register a case from any channel. Anonymous denunciations are kept as information, not processed
    as denunciations (Luật Tố cáo, Điều 25)."""
    _validate_submission(data)
    # Officers and integrations file cases only where they receive them; citizens (actor None) anywhere.
    if actor is not None and not has_perm(actor, Perm.CASE_RECEIVE, data.submitted_unit):
        raise PermissionDeniedError(_("Bạn không có quyền tiếp nhận đơn tại đơn vị này."))
    now = now_or_current(now)
    received_on = local_date(now)
    handling_unit = data.handling_unit or data.submitted_unit
    step = deadlines.initial_step(data.kind)
    rule_set, due = deadlines.due_date_for(step=step, start=received_on, remote_area=handling_unit.remote_area)
    pin = f"{secrets.randbelow(10**6):06d}"
    tracking_code = _new_tracking_code()
    case = Case(
        tracking_code=tracking_code,
        pin_hash=_pin_digest(tracking_code, pin),
        kind=data.kind,
        channel=data.channel,
        category=data.category,
        subject=normalize(data.subject)[:255],
        body=normalize(data.body),
        submitted_unit=data.submitted_unit,
        village=data.village,
        address=normalize(data.address),
        latitude=_coordinate(data.latitude),
        longitude=_coordinate(data.longitude),
        handling_unit=handling_unit,
        unit_path=handling_unit.path,
        handling_organization=data.handling_organization,
        accused_organization=data.accused_organization,
        group_size=data.group_size,
        is_anonymous=data.is_anonymous,
        remote_area=handling_unit.remote_area,
        received_at=now,
        rule_set=rule_set,
        due_step=step,
        clock_started_on=received_on,
        due_date=due,
        notify_email=data.notify_email.strip(),
    )
    anonymous_denunciation = data.kind == Kind.DENUNCIATION and data.is_anonymous
    if anonymous_denunciation:
        # Not processed as a denunciation (Luật Tố cáo, Điều 25): kept as information the body may
        # still check or forward under its own powers. No clock runs.
        case.status, case.due_step, case.due_date = Status.INFORMATION, "", None
    case.search_text = _search_text(case)
    case.full_clean(exclude=["pin_hash", "search_text"])
    case.save()
    for person in [] if data.is_anonymous else data.persons:
        Person.objects.create(
            id_fingerprint=identity_fingerprint(person.id_number),
            phone_fingerprint=identity_fingerprint(person.phone),
            case=case,
            role=person.role,
            full_name=normalize(person.full_name),
            id_number=person.id_number.strip(),
            phone=person.phone.strip(),
            email=person.email.strip(),
            address=normalize(person.address),
        )
    _record(
        case,
        action="submitted",
        actor=actor,
        now=now,
        to_status=case.status,
        is_public=True,
        note=_("Đơn đã được tiếp nhận qua kênh: %(channel)s.") % {"channel": case.get_channel_display()}
        + (f" {ANONYMOUS_DENUNCIATION_NOTE}" if anonymous_denunciation else ""),
    )
    due_text = case.due_date.strftime("%d/%m/%Y") if case.due_date else "—"
    _notify_citizen(
        case,
        subject=_("Đã nhận đơn %(code)s") % {"code": case.tracking_code},
        body=_("Đơn của ông/bà đã được tiếp nhận. Mã tra cứu: %(code)s. Hạn xem xét: %(due)s.")
        % {"code": case.tracking_code, "due": due_text},
        key=f"case:{case.pk}:submitted",
    )
    _notify_handlers(case, subject=_("Đơn mới %(code)s") % {"code": case.tracking_code}, key="submitted")
    return SubmitResult(case=case, pin=pin)


def case_submit_idempotent(
    *, client: str, key: str, data: Submission, actor=None, attach=None
) -> tuple[Case, str | None]:
    """Create once per (client, key): a retried request (API Idempotency-Key, a portal form posted twice)
    returns the first case, with no PIN the second time. Safe when the retry races the first request: the
    unique key makes the loser roll back its whole case and return the winner's.

    ``attach(case)`` runs inside the same transaction (the portal's attachment), so it too happens once."""
    existing = IdempotencyKey.objects.filter(client=client, key=key).select_related("case").first()
    if existing is not None:
        return existing.case, None
    try:
        with transaction.atomic():
            result = case_submit(data=data, actor=actor)
            if attach is not None:
                attach(result.case)
            IdempotencyKey.objects.create(client=client, key=key, case=result.case)
    except IntegrityError:
        winner = IdempotencyKey.objects.filter(client=client, key=key).select_related("case").first()
        if winner is None:
            raise
        return winner.case, None
    return result.case, result.pin


def _record(
    case: Case,
    *,
    action: str,
    actor,
    now: datetime,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    is_public: bool = False,
    data: dict | None = None,
) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        occurred_at=now,
        from_status=from_status,
        to_status=to_status,
        note=note,
        is_public=is_public,
        data=data or {},
    )
    audit_record(
        action=f"cases.{action}",
        actor=actor,
        target=case,
        unit_path=case.unit_path,
        now=now,
        data={"from": from_status, "to": to_status, "event": event.pk, **(data or {})},
    )
    case_event_recorded.send(sender=Case, case=case, event=event)
    return event


def _notify_citizen(case: Case, *, subject: str, body: str, key: str) -> None:
    if case.notify_email:
        message_enqueue(key=key, channel=Message.Channel.EMAIL, subject=subject, body=body, address=case.notify_email)


def _notify_handlers(case: Case, *, subject: str, key: str) -> None:
    """Tell the handling officers after commit, in the task worker: finding them is not intake's work."""
    from danvan.cases.tasks import notify_case_handlers

    transaction.on_commit(lambda: notify_case_handlers.enqueue(case_id=case.pk, subject=str(subject), key=key))


def case_handlers_notify(*, case_id: int, subject: str, key: str) -> int:
    """In-app notices to the officers who may handle the case (never the accused's organisation).
    Idempotent through the message keys, as tasks may run twice."""
    from danvan.cases.selectors import officers_for_case

    case = Case.objects.get(pk=case_id)
    officers = officers_for_case(case, Perm.CASE_HANDLE)[:20]
    for officer in officers:
        message_enqueue(
            key=f"case:{case.pk}:{key}:{officer.pk}",
            channel=Message.Channel.INBOX,
            subject=subject,
            body=subject,
            recipient=officer,
            link=f"/lam-viec/don/{case.public_id}/",
        )
    return len(officers)


def _lock_for(actor, case_id: int, perm: Perm) -> Case:
    from danvan.cases.selectors import cases_visible_to

    case = cases_visible_to(actor, Perm.CASE_VIEW).select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFoundError()
    if not has_perm(actor, perm, case):
        raise PermissionDeniedError()
    return case


def _restart_clock(case: Case, *, step: str, start, rule_set=None) -> None:
    case.due_step = step
    case.clock_started_on = start
    case.rule_set, case.due_date = deadlines.due_date_for(
        step=step,
        start=start,
        complexity=case.complexity,
        remote_area=case.remote_area,
        extensions=case.extensions_used,
        rule_set=rule_set,
    )
    case.overdue_since = None


@transaction.atomic
def case_apply_action(
    *, case_id: int, action: str, actor, note: str = "", now: datetime | None = None, **params
) -> Case:
    """Apply one workflow action. Raises NotFoundError (not visible), PermissionDeniedError,
    TransitionNotAllowed or ValidationFailed; on any of them nothing is changed."""
    action = Action(action)
    now = now_or_current(now)
    from danvan.cases.workflow import TRANSITIONS

    case = _lock_for(actor, case_id, TRANSITIONS[action].perm)
    transition = transition_for(action, case.status, case.kind)
    if transition is None:
        raise TransitionNotAllowed(
            _("Không thể “%(action)s” khi đơn đang ở trạng thái “%(status)s”.")
            % {"action": action.label, "status": case.get_status_display()}
        )
    note = normalize(note)
    if transition.needs_note and not note:
        raise ValidationFailed(_("Thao tác này cần ghi rõ lý do hoặc căn cứ."))
    before = case.status
    is_public, changed = _ACTION_EFFECTS[action](case, now=now, note=note, **params)
    if transition.target is not None and changed:
        case.status = transition.target
    case.save()
    _record(
        case,
        action=action.value,
        actor=actor,
        now=now,
        from_status=before,
        to_status=case.status,
        note=note,
        is_public=is_public,
        data={k: str(v) for k, v in params.items() if k in _PUBLIC_PARAMS},
    )
    if is_public:
        _notify_citizen(
            case,
            subject=_("Đơn %(code)s: %(action)s") % {"code": case.tracking_code, "action": action.label},
            body=_("Trạng thái mới: %(status)s.") % {"status": case.get_status_display()},
            key=f"case:{case.pk}:{action.value}:{now.isoformat()}",
        )
    return case


_PUBLIC_PARAMS = {"complexity", "withdrawing"}


def _effect_internal(case: Case, **_kwargs):
    """Nothing beyond the status change (if any), and not shown to the citizen: screening, a dialogue."""
    return False, True


def _effect_public(case: Case, **_kwargs):
    """Status change only, shown on the citizen's timeline."""
    return True, True


def _effect_accept(case: Case, *, now, note, complexity: str = "", **_kwargs):
    case.accepted_at = now
    if complexity:
        case.complexity = Case.Complexity(complexity)
    case.extensions_used = 0
    step = deadlines.resolution_step(case.kind)
    # Acceptance starts the resolution clock under the rules in force on the day of acceptance; a
    # feedback or petition keeps its reply limit, which runs from receipt (LTCD Art. 28.1).
    if step != case.due_step:
        _restart_clock(case, step=step, start=local_date(now))
    return True, True


def _effect_final(case: Case, *, now, **_kwargs):
    case.closed_at = now
    case.due_date = None
    return True, True


def _effect_extend(case: Case, *, now, note, complexity: str = "", **_kwargs):
    """Complaints: classifying a case as complex lengthens the period (LKN Arts. 28, 37). Denunciations and
    initial processing: a counted extension of the rule's length (LTC Arts. 24, 30)."""
    rule = deadlines.rule_for(case.rule_set, case.due_step)
    if complexity and complexity != case.complexity:
        if complexity not in Case.Complexity.values:
            raise ValidationFailed(_("Mức độ phức tạp không hợp lệ."))
        case.complexity = complexity
        case.complexity_basis = note
        if case.kind in COMPLAINT_KINDS:
            _restart_clock(case, step=case.due_step, start=case.clock_started_on, rule_set=case.rule_set)
            return True, True
    if case.extensions_used >= deadlines.extensions_allowed(rule, complexity=case.complexity):
        raise ValidationFailed(_("Đã hết số lần gia hạn theo quy định cho bước này."))
    case.extensions_used += 1
    _restart_clock(case, step=case.due_step, start=case.clock_started_on, rule_set=case.rule_set)
    return True, True


def _effect_resume(case: Case, *, now, **_kwargs):
    # The clock restarts from the decision to resume (ND 124/2020 Art. 28b as amended by ND 155/2026).
    _restart_clock(case, step=case.due_step, start=local_date(now))
    return True, True


def _effect_answer(case: Case, *, now, note, public_answer: str = "", **_kwargs):
    answer = normalize(public_answer) or note
    case.public_answer = answer
    case.answered_at = now
    case.due_date = None
    return True, True


def _effect_withdraw(
    case: Case, *, now, note, withdrawing: int | None = None, continue_anyway: bool = False, **_kwargs
):
    """Partial withdrawal in a group complaint continues for the others (LKN Art. 10); a denunciation
    continues despite withdrawal when there are signs of a violation (ND 31/2019 as amended)."""
    if withdrawing and 0 < int(withdrawing) < case.group_size:
        case.group_size -= int(withdrawing)
        return True, False
    if continue_anyway and case.kind == Kind.DENUNCIATION:
        return False, False
    return _effect_final(case, now=now)


def _effect_reopen(case: Case, *, now, **_kwargs):
    case.closed_at = None
    case.answered_at = None
    _restart_clock(case, step=deadlines.resolution_step(case.kind), start=local_date(now))
    return True, True


_ACTION_EFFECTS = {
    Action.START_SCREENING: _effect_internal,
    Action.REFUSE: _effect_final,
    Action.FORWARD: _effect_final,
    Action.ACCEPT: _effect_accept,
    Action.START_VERIFYING: _effect_public,
    Action.RECORD_DIALOGUE: _effect_internal,
    Action.EXTEND: _effect_extend,
    Action.SUSPEND: _effect_public,
    Action.RESUME: _effect_resume,
    Action.ANSWER: _effect_answer,
    Action.CLOSE: _effect_final,
    Action.WITHDRAW: _effect_withdraw,
    Action.REOPEN: _effect_reopen,
    Action.KEEP_AS_INFORMATION: _effect_final,
}


@transaction.atomic
def case_category_set(*, case_id: int, category: Category, actor, now: datetime | None = None) -> Case:
    """An officer who handles the case sets its category (at screening, or correcting a citizen's choice).
    Timelined (officers only) and audited; nothing happens when the category is already that one."""
    case = _lock_for(actor, case_id, Perm.CASE_HANDLE)
    if not category.is_active:
        raise ValidationFailed(_("Lĩnh vực này không còn được sử dụng."))
    if case.category_id == category.pk:
        return case
    before = case.category.code if case.category_id else ""
    case.category = category
    case.save(update_fields=["category", "updated_at"])
    _record(
        case,
        action="category_changed",
        actor=actor,
        now=now_or_current(now),
        note=_("Lĩnh vực: %(name)s.") % {"name": category.name},
        data={"category_from": before, "category_to": category.code},
    )
    return case


@transaction.atomic
def cases_assign(*, case_ids: list[int], assignee, actor, now: datetime | None = None) -> int:
    """Bulk assignment. Each case must be in the actor's CASE_ASSIGN jurisdiction and the assignee's
    CASE_HANDLE jurisdiction; otherwise nothing is assigned."""
    now = now_or_current(now)
    cases = []
    for case_id in case_ids:
        case = _lock_for(actor, case_id, Perm.CASE_ASSIGN)
        if not has_perm(assignee, Perm.CASE_HANDLE, case):
            raise ValidationFailed(
                _("Cán bộ được phân công không có thẩm quyền xử lý đơn %(code)s.") % {"code": case.tracking_code}
            )
        cases.append(case)
    for case in cases:
        case.assigned_to = assignee
        case.save(update_fields=["assigned_to", "updated_at"])
        _record(case, action="assigned", actor=actor, now=now, data={"assignee": assignee.pk})
        message_enqueue(
            key=f"case:{case.pk}:assigned:{assignee.pk}:{now.isoformat()}",
            channel=Message.Channel.INBOX,
            recipient=assignee,
            subject=_("Được phân công đơn %(code)s") % {"code": case.tracking_code},
            body=case.subject,
            link=f"/lam-viec/don/{case.public_id}/",
        )
    return len(cases)


def identity_visible_to(user, case: Case) -> bool:
    """Denouncers' identity needs CASE_REVEAL_IDENTITY and never reaches the accused's organisation."""
    if case.kind != Kind.DENUNCIATION:
        return has_perm(user, Perm.CASE_VIEW, case)
    if not has_perm(user, Perm.CASE_REVEAL_IDENTITY, case):
        return False
    from danvan.cases.selectors import user_organization_ids

    return case.accused_organization_id not in user_organization_ids(user)


@transaction.atomic
def identity_reveal(*, case_id: int, actor, reason: str, now: datetime | None = None) -> list[Person]:
    """Show a denouncer's identity: needs the permission and a reason; each reveal is audited
    (Luật Tố cáo 2018, Điều 8.3, 47, 56)."""
    case = _lock_for(actor, case_id, Perm.CASE_VIEW)
    reason = normalize(reason)
    if not identity_visible_to(actor, case):
        raise PermissionDeniedError(_("Bạn không có quyền xem danh tính người tố cáo."))
    if case.kind == Kind.DENUNCIATION and len(reason) < 10:
        raise ValidationFailed(_("Vui lòng ghi rõ lý do cần xem danh tính (ít nhất 10 ký tự)."))
    audit_record(
        action="cases.identity_revealed",
        actor=actor,
        target=case,
        unit_path=case.unit_path,
        now=now,
        data={"reason": reason},
    )
    return list(case.persons.all())


# --- Citizen side ------------------------------------------------------------------------------------


def _pin_digest(tracking_code: str, pin: str) -> str:
    """A keyed hash: with a 6-digit PIN a slow password hash adds nothing against someone holding the
    database, while a key they do not hold (SECRET_KEY) does. Guessing online is stopped by rate limits."""
    return salted_hmac("danvan.cases.pin", f"{tracking_code}:{pin}", algorithm="sha256").hexdigest()


def case_for_citizen(*, tracking_code: str, pin: str) -> Case:
    """The citizen's view of a case by code and PIN. Same error for a wrong code and a wrong PIN."""
    code = "".join(tracking_code.split()).upper()
    case = Case.objects.filter(tracking_code=code).first()
    expected = case.pin_hash if case else _pin_digest("-", "-")
    if case is None or not constant_time_compare(expected, _pin_digest(code, pin.strip())):
        raise NotFoundError(_("Mã tra cứu hoặc mã PIN không đúng."))
    return case


@transaction.atomic
def case_rate(*, case_id: int, score: int, now: datetime | None = None) -> Case:
    """The citizen's 1–5 rating. ``case_id`` must come from ``case_for_citizen`` (code + PIN checked by
    the interface that calls this)."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if case.status not in (Status.ANSWERED, Status.CLOSED):
        raise TransitionNotAllowed(_("Chỉ đánh giá được khi đơn đã có kết quả."))
    if not 1 <= int(score) <= 5:
        raise ValidationFailed(_("Mức hài lòng từ 1 đến 5."))
    case.satisfaction = int(score)
    case.save(update_fields=["satisfaction", "updated_at"])
    _record(case, action="rated", actor=None, now=now_or_current(now), is_public=True, data={"score": int(score)})
    return case


@transaction.atomic
def case_citizen_not_resolved(*, case_id: int, reason: str, now: datetime | None = None) -> Case:
    """ "Chưa được giải quyết": feedback and petitions reopen; complaints are told how to appeal.
    ``case_id`` must come from ``case_for_citizen`` (code + PIN checked by the calling interface)."""
    case = Case.objects.select_for_update().get(pk=case_id)
    now = now_or_current(now)
    reason = normalize(reason)
    if not reason:
        raise ValidationFailed(_("Vui lòng cho biết vì sao vấn đề chưa được giải quyết."))
    if case.status not in (Status.ANSWERED, Status.CLOSED):
        raise TransitionNotAllowed(_("Đơn đang được giải quyết; vui lòng chờ kết quả."))
    if case.kind in (Kind.FEEDBACK, Kind.PETITION):
        before = case.status
        _effect_reopen(case, now=now)
        case.status = Status.VERIFYING
        case.save()
        _record(
            case,
            action=Action.REOPEN.value,
            actor=None,
            now=now,
            from_status=before,
            to_status=case.status,
            note=reason,
            is_public=True,
            data={"by": "citizen"},
        )
        _notify_handlers(
            case,
            subject=_("Công dân báo chưa được giải quyết: %(code)s") % {"code": case.tracking_code},
            key=f"reopened:{now.isoformat()}",
        )
        return case
    raise TransitionNotAllowed(
        _(
            "Với khiếu nại, ông/bà có quyền khiếu nại lần hai hoặc khởi kiện vụ án hành chính "
            "trong thời hạn luật định (Luật Khiếu nại, Điều 33)."
        )
    )


# --- Attachments -------------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, case: Case, uploaded_file, actor=None, contains_identity: bool = False) -> Attachment:
    """Accept PDF, PNG, JPEG and DOCX up to 10 MB, judged by content, not by the name or the browser's claim.
    Officers must be able to receive or handle the case; citizens (actor None) add files while submitting."""
    if actor is not None and not (has_perm(actor, Perm.CASE_RECEIVE, case) or has_perm(actor, Perm.CASE_HANDLE, case)):
        raise PermissionDeniedError()
    content_type = check_upload(uploaded_file, max_bytes=MAX_ATTACHMENT_BYTES)
    attachment = Attachment(
        case=case,
        original_name=safe_file_name(uploaded_file.name),
        content_type=content_type,
        size=uploaded_file.size,
        sha256=file_sha256(uploaded_file),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        contains_identity=contains_identity or case.kind == Kind.DENUNCIATION,
    )
    attachment.file.save(attachment.sha256[:16], uploaded_file, save=False)
    attachment.save()
    _record(case, action="attachment_added", actor=actor, now=now_or_current(None), data={"attachment": attachment.pk})
    return attachment


# --- Overdue sweep -----------------------------------------------------------------------------------


def cases_sweep_overdue(*, today=None, now: datetime | None = None) -> int:
    """Mark open cases past their due date and tell the responsible leader, once per case and due date.
    Idempotent: run it twice (or on two workers) and each late case is marked and escalated once."""
    now = now_or_current(now)
    today = today or local_date(now)
    marked = 0
    for case_id in list(Case.objects.overdue(today).filter(overdue_since__isnull=True).values_list("pk", flat=True)):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_id)
            if case.overdue_since is not None or case.status not in OPEN_STATUSES or case.due_date >= today:
                continue
            case.overdue_since = today
            case.save(update_fields=["overdue_since", "updated_at"])
            _record(case, action="overdue", actor=None, now=now, data={"due": case.due_date.isoformat()})
            _escalate(case)
            marked += 1
    return marked


def _escalate(case: Case) -> None:
    from danvan.cases.selectors import officers_for_case

    for leader in officers_for_case(case, Perm.CASE_DECIDE)[:10]:
        message_enqueue(
            key=f"case:{case.pk}:overdue:{case.due_date.isoformat()}:{leader.pk}",
            channel=Message.Channel.INBOX,
            recipient=leader,
            subject=_("Đơn quá hạn: %(code)s") % {"code": case.tracking_code},
            body=_("Hạn %(due)s đã qua.") % {"due": case.due_date.strftime("%d/%m/%Y")},
            link=f"/lam-viec/don/{case.public_id}/",
        )


def attachment_open(*, case: Case, attachment: Attachment, actor, now: datetime | None = None):
    """The file of an attachment for ``actor``; an original denunciation letter carries the denouncer's
    handwriting, so opening it needs the identity rule and is audited like a reveal."""
    if attachment.case_id != case.pk:
        raise NotFoundError()
    if attachment.contains_identity:
        if not identity_visible_to(actor, case):
            raise PermissionDeniedError(_("Tài liệu này chứa thông tin nhận diện người tố cáo."))
        with transaction.atomic():
            audit_record(
                action="cases.identity_attachment_opened",
                actor=actor,
                target=case,
                unit_path=case.unit_path,
                now=now,
                data={"attachment": attachment.pk},
            )
    return attachment.file.open("rb")


# --- Next level: second-instance complaints and "tố cáo tiếp" -------------------------------------------

NEXT_LEVEL_KIND = {Kind.COMPLAINT: Kind.COMPLAINT_SECOND, Kind.DENUNCIATION: Kind.DENUNCIATION}


@transaction.atomic
def case_escalate_next_level(*, case_id: int, actor, reason: str, now: datetime | None = None) -> SubmitResult:
    """Open the linked case one level up (the province above the commune): a second-instance complaint
    after a first-instance decision or its overdue deadline (LKN Art. 33), or a "tố cáo tiếp" when a
    denunciation was not resolved in time (LTC Art. 38). The persons are carried over, still encrypted;
    the new case has its own tracking code and PIN for the citizen, and the first case's public timeline
    points to it."""
    case = _lock_for(actor, case_id, Perm.CASE_RECEIVE)
    reason = normalize(reason)
    next_kind = NEXT_LEVEL_KIND.get(Kind(case.kind))
    if next_kind is None:
        raise TransitionNotAllowed(_("Chỉ khiếu nại lần đầu và tố cáo mới được chuyển lên cấp trên."))
    parent_unit = case.handling_unit.parent
    if parent_unit is None:
        raise TransitionNotAllowed(_("Đơn đã ở cấp cao nhất trong hệ thống."))
    if not reason:
        raise ValidationFailed(_("Vui lòng ghi rõ căn cứ (quyết định lần đầu, hoặc đã quá hạn giải quyết)."))
    now = now_or_current(now)
    persons = [
        PersonInput(
            full_name=p.full_name, role=p.role, id_number=p.id_number, phone=p.phone, email=p.email, address=p.address
        )
        for p in case.persons.all()
    ]
    data = Submission(
        kind=next_kind,
        channel=Case.Channel.FORWARDED,
        category=case.category,
        subject=case.subject,
        body=f"{case.body}\n\n{reason}",
        submitted_unit=case.submitted_unit,
        persons=persons,
        is_anonymous=case.is_anonymous,
        group_size=case.group_size,
        address=case.address,
        village=case.village,
        notify_email=case.notify_email,
        accused_organization=case.accused_organization,
        handling_unit=parent_unit,
    )
    result = case_submit(data=data, actor=None, now=now)  # the citizen's appeal, received one level up
    child = result.case
    child.parent, child.link_kind = case, ("khieu_nai_lan_2" if next_kind == Kind.COMPLAINT_SECOND else "to_cao_tiep")
    child.save(update_fields=["parent", "link_kind", "updated_at"])
    _record(
        case,
        action="escalated",
        actor=actor,
        now=now,
        is_public=True,
        note=_("Đã chuyển lên %(unit)s, mã tra cứu mới %(code)s.")
        % {"unit": parent_unit.name, "code": child.tracking_code},
        data={"child": child.pk, "to_unit": parent_unit.pk},
    )
    return result


# --- Links between cases ------------------------------------------------------------------------------

LINK_RELATIONS = {"duplicate": _lazy("Đơn trùng nội dung"), "repeat": _lazy("Đơn tái diễn của cùng người gửi")}


@transaction.atomic
def case_link(
    *, case_id: int, other_code: str, relation: str, actor, note: str = "", now: datetime | None = None
) -> Case:
    """Record that two cases are duplicates or repeats, on both timelines. Linking a denunciation to a
    named person's case would reveal the denouncer, so that needs the reveal rule on each denunciation."""
    if relation not in LINK_RELATIONS:
        raise ValidationFailed(_("Loại liên kết không hợp lệ."))
    case = _lock_for(actor, case_id, Perm.CASE_HANDLE)
    code = "".join(other_code.split()).upper()
    from danvan.cases.selectors import cases_visible_to

    other = cases_visible_to(actor, Perm.CASE_VIEW).select_for_update().filter(tracking_code=code).first()
    if other is None or not has_perm(actor, Perm.CASE_HANDLE, other):
        raise NotFoundError(_("Không tìm thấy đơn có mã %(code)s trong phạm vi của bạn.") % {"code": code or "—"})
    if other.pk == case.pk:
        raise ValidationFailed(_("Không thể liên kết một đơn với chính nó."))
    for linked in (case, other):
        if linked.kind == Kind.DENUNCIATION and not identity_visible_to(actor, linked):
            raise PermissionDeniedError(_("Liên kết đơn tố cáo cần quyền xem danh tính người tố cáo."))
    now = now_or_current(now)
    note = normalize(note)
    for one, two in ((case, other), (other, case)):
        _record(
            one,
            action="linked",
            actor=actor,
            now=now,
            note=note,
            data={"other": two.tracking_code, "relation": relation},
        )
    return case
