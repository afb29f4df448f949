"""Writers of inspections: the only code that changes its records.

Each function locks what it changes, checks permission (INSPECTION_MANAGE over the plan's unit for the
inspecting side; UNIT_VIEW over the owner unit for the unit carrying out a recommendation) and the workflow
table, writes a timeline row (Event) and an audit event in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.roles import Perm, Role, roles_granting
from danvan.accounts.scoping import assignments_today, has_perm
from danvan.cases.services import MAX_ATTACHMENT_BYTES
from danvan.core.audit import audit_record
from danvan.core.clock import local_date, now_or_current
from danvan.core.errors import NotFoundError, PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.text import fold, normalize
from danvan.core.uploads import check_upload, safe_file_name
from danvan.documents.services import document_number_next
from danvan.inspections.models import (
    Directive,
    Event,
    Evidence,
    Plan,
    PlanDocument,
    Recommendation,
    Target,
    TeamMember,
)
from danvan.inspections.workflow import (
    EDITABLE_PLAN,
    RECORDING_PLAN,
    TEAM,
    PlanAction,
    PlanStatus,
    RecAction,
    RecStatus,
    plan_transition,
    rec_transition,
)
from danvan.notifications.models import Message
from danvan.notifications.services import message_enqueue
from danvan.organizations.models import Organization, Position
from danvan.territory.models import AdministrativeUnit, path_ancestors

MAX_EVIDENCE_FILES = 10
MAX_TEXT = 20_000

# The directives and programmes seeded for a new installation. Details the sources do not confirm are
# marked [U] in the note and can be corrected by an administrator (DOMAIN.md §3).
DIRECTIVES = [
    {
        "code": "chi-thi-33-ct-ttg",
        "number": "33/CT-TTg",
        "title": (
            "Chỉ thị về tiếp tục tăng cường, đổi mới và nâng cao hiệu quả công tác dân vận của cơ quan hành "
            "chính nhà nước, chính quyền các cấp"
        ),
        "issuer": "Thủ tướng Chính phủ",
        "issued_on": None,
        "period": "",
        "confidence": Directive.Confidence.SECONDARY,
        "note": "Ban hành tháng 12/2021 (nguồn thứ cấp). [U] Ngày ký cụ thể và trích yếu chính xác chưa đối chiếu.",
    },
    {
        "code": "ctr-03-bdvtw-bcsdcp",
        "number": "03-CTr/BDVTW-BCSĐCP",
        "title": (
            "Chương trình phối hợp công tác dân vận giữa Ban Dân vận Trung ương và Ban cán sự đảng Chính phủ "
            "giai đoạn 2021–2026"
        ),
        "issuer": "Ban Dân vận Trung ương, Ban cán sự đảng Chính phủ",
        "issued_on": date(2021, 12, 15),
        "period": "2021–2026",
        "confidence": Directive.Confidence.SECONDARY,
        "note": "Ngày 15/12/2021 theo danvan.vn (nguồn thứ cấp). [U] Trích yếu đầy đủ chưa đối chiếu văn bản gốc.",
    },
]


def directives_seed() -> int:
    """Add the seeded directives that are missing (never overwrites an administrator's corrections)."""
    made = 0
    for item in DIRECTIVES:
        _directive, created = Directive.objects.get_or_create(
            code=item["code"], defaults={k: v for k, v in item.items() if k != "code"}
        )
        made += int(created)
    return made


# --- helpers -------------------------------------------------------------------------------------------


def _record(
    plan: Plan,
    *,
    action: str,
    actor,
    now: datetime,
    recommendation: Recommendation | None = None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict | None = None,
) -> Event:
    event = Event.objects.create(
        plan=plan,
        recommendation=recommendation,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        occurred_at=now,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )
    target = recommendation or plan
    audit_record(
        action=f"inspections.{'recommendation_' if recommendation else 'plan_'}{action}",
        actor=actor,
        target=target,
        unit_path=target.unit_path,
        now=now,
        data={"from": from_status, "to": to_status, "event": event.pk, **(data or {})},
    )
    return event


def _clean(text: str, *, label: str, required: bool = True, max_length: int = MAX_TEXT) -> str:
    value = normalize(text or "").strip()
    if required and not value:
        raise ValidationFailed(_("Vui lòng nhập %(label)s.") % {"label": label})
    if len(value) > max_length:
        raise ValidationFailed(_("%(label)s quá dài (tối đa %(n)s ký tự).") % {"label": label, "n": max_length})
    return value


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _lock_plan(actor, plan_id: int) -> Plan:
    """The plan, locked, if ``actor`` may manage inspections over its unit; 404 otherwise."""
    plan = Plan.objects.visible_to(actor, Perm.INSPECTION_MANAGE).select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise NotFoundError()
    return plan


def _plan_search_text(plan: Plan) -> str:
    return fold(" ".join([plan.title, plan.contents, plan.directive.number, plan.organization.name]))


# --- plans ---------------------------------------------------------------------------------------------


@dataclass
class PlanInput:
    title: str
    directive_id: int
    organization_id: int
    starts_on: date
    ends_on: date
    contents: str
    kind: str = Plan.Kind.INSPECTION


@transaction.atomic
def plan_create(*, data: PlanInput, actor, now: datetime | None = None) -> Plan:
    now = now_or_current(now)
    organization = Organization.objects.select_related("unit").filter(pk=data.organization_id).first()
    if organization is None or not has_perm(actor, Perm.INSPECTION_MANAGE, organization):
        raise NotFoundError(_("Không tìm thấy cơ quan chủ trì trong địa bàn phụ trách."))
    directive = Directive.objects.filter(pk=data.directive_id, is_active=True).first()
    if directive is None:
        raise ValidationFailed(_("Vui lòng chọn văn bản, chương trình được kiểm tra."))
    if data.kind not in Plan.Kind.values:
        raise ValidationFailed(_("Hình thức không hợp lệ."))
    if data.ends_on < data.starts_on:
        raise ValidationFailed(
            _("Ngày kết thúc (%(end)s) không được trước ngày bắt đầu (%(start)s).")
            % {"end": _d(data.ends_on), "start": _d(data.starts_on)}
        )
    plan = Plan(
        kind=data.kind,
        title=_clean(data.title, label=_("tên kế hoạch"), max_length=300),
        directive=directive,
        organization=organization,
        unit=organization.unit,
        unit_path=organization.unit_path,
        contents=_clean(data.contents, label=_("nội dung kiểm tra")),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    plan.search_text = _plan_search_text(plan)
    plan.save()
    _record(plan, action="created", actor=actor, now=now, to_status=plan.status)
    return plan


def team_candidates(plan: Plan) -> list[User]:
    """Active officers who work in the plan's unit, above it or under it (nationwide ones included)."""
    today = local_date()
    assignments = (
        RoleAssignment.objects.filter(user__is_active=True, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .filter(
            Q(unit__isnull=True)
            | Q(unit__path__in=path_ancestors(plan.unit_path))
            | Q(unit__path__under=plan.unit_path)
        )
    )
    return list(User.objects.filter(pk__in=assignments.values("user_id")).order_by("name_sort"))


@transaction.atomic
def plan_member_add(*, plan_id: int, user_id: int, role: str, actor, now: datetime | None = None) -> TeamMember:
    now = now_or_current(now)
    plan = _lock_plan(actor, plan_id)
    if plan.status not in EDITABLE_PLAN:
        raise TransitionNotAllowed(_("Chỉ thay đổi thành phần đoàn khi kế hoạch chưa bắt đầu."))
    if role not in TeamMember.Role.values:
        raise ValidationFailed(_("Vui lòng chọn nhiệm vụ trong đoàn."))
    user = next((u for u in team_candidates(plan) if u.pk == user_id), None)
    if user is None:
        raise ValidationFailed(_("Cán bộ này không thuộc địa bàn của kế hoạch."))
    if plan.members.filter(user=user).exists():
        raise ValidationFailed(_("%(name)s đã có trong đoàn.") % {"name": user})
    if role == TeamMember.Role.HEAD and plan.members.filter(role=TeamMember.Role.HEAD).exists():
        raise ValidationFailed(_("Đoàn đã có trưởng đoàn."))
    member = TeamMember.objects.create(plan=plan, user=user, role=role)
    _record(plan, action="member_added", actor=actor, now=now, data={"user": user.pk, "role": role})
    return member


@transaction.atomic
def plan_member_remove(*, plan_id: int, member_id: int, actor, now: datetime | None = None) -> None:
    now = now_or_current(now)
    plan = _lock_plan(actor, plan_id)
    if plan.status not in EDITABLE_PLAN:
        raise TransitionNotAllowed(_("Chỉ thay đổi thành phần đoàn khi kế hoạch chưa bắt đầu."))
    member = plan.members.filter(pk=member_id).first()
    if member is None:
        raise NotFoundError()
    member.delete()
    _record(plan, action="member_removed", actor=actor, now=now, data={"user": member.user_id, "role": member.role})


def target_unit_choices(actor, plan: Plan):
    """Current units the planner may inspect: the plan's unit itself (for its organisations) and the
    communes under it, inside the actor's jurisdiction."""
    from danvan.accounts.scoping import units_in_jurisdiction

    return units_in_jurisdiction(
        actor, Perm.INSPECTION_MANAGE, levels=[AdministrativeUnit.Level.PROVINCE, AdministrativeUnit.Level.COMMUNE]
    ).filter(path__under=plan.unit_path)


@transaction.atomic
def plan_target_add(
    *,
    plan_id: int,
    unit_id: int,
    visit_on: date,
    actor,
    organization_id: int | None = None,
    now: datetime | None = None,
) -> Target:
    now = now_or_current(now)
    plan = _lock_plan(actor, plan_id)
    if plan.status not in EDITABLE_PLAN:
        raise TransitionNotAllowed(_("Chỉ thêm đơn vị được kiểm tra khi kế hoạch chưa bắt đầu."))
    unit = target_unit_choices(actor, plan).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationFailed(_("Đơn vị được kiểm tra phải thuộc địa bàn của kế hoạch."))
    organization = None
    if organization_id:
        organization = Organization.objects.filter(pk=organization_id, unit=unit).first()
        if organization is None:
            raise ValidationFailed(_("Cơ quan, tổ chức được kiểm tra phải thuộc đơn vị đã chọn."))
    elif unit.pk == plan.unit_id:
        raise ValidationFailed(_("Vui lòng chọn cơ quan, tổ chức được kiểm tra ở cấp tỉnh."))
    if not plan.starts_on <= visit_on <= plan.ends_on:
        raise ValidationFailed(
            _("Ngày làm việc phải trong thời gian kiểm tra (từ %(start)s đến %(end)s).")
            % {"start": _d(plan.starts_on), "end": _d(plan.ends_on)}
        )
    if plan.targets.filter(unit=unit, organization=organization).exists():
        raise ValidationFailed(_("Đơn vị này đã có trong kế hoạch."))
    target = Target.objects.create(
        plan=plan, unit=unit, organization=organization, unit_path=unit.path, visit_on=visit_on
    )
    _record(plan, action="target_added", actor=actor, now=now, data={"target": target.pk, "unit": unit.pk})
    return target


@transaction.atomic
def plan_apply_action(
    *, plan_id: int, action: str, actor, note: str = "", summary: str = "", now: datetime | None = None
) -> Plan:
    now = now_or_current(now)
    plan = _lock_plan(actor, plan_id)
    transition = plan_transition(action, plan.status)
    note = _clean(note, label=_("lý do"), required=transition.needs_note)
    if action == PlanAction.APPROVE:
        if not plan.targets.exists():
            raise ValidationFailed(_("Kế hoạch chưa có đơn vị được kiểm tra."))
        if not plan.members.filter(role=TeamMember.Role.HEAD).exists():
            raise ValidationFailed(_("Kế hoạch chưa có trưởng đoàn."))
    if action == PlanAction.CONCLUDE:
        missing = [str(t) for t in plan.targets.select_related("unit", "organization") if not t.has_findings]
        if missing:
            raise ValidationFailed(_("Chưa ghi nhận kết quả kiểm tra tại: %(units)s.") % {"units": ", ".join(missing)})
        plan.summary = _clean(summary, label=_("nhận xét chung"), required=False)
        plan.concluded_at = now
    source = plan.status
    plan.status = transition.target
    plan.save()
    _record(plan, action=action, actor=actor, now=now, from_status=source, to_status=plan.status, note=note)
    return plan


@transaction.atomic
def target_findings_record(
    *, target_id: int, results: str, limitations: str, causes: str, actor, now: datetime | None = None
) -> Target:
    now = now_or_current(now)
    target = Target.objects.select_related("plan").filter(pk=target_id).first()
    if target is None:
        raise NotFoundError()
    plan = _lock_plan(actor, target.plan_id)
    if plan.status not in RECORDING_PLAN:
        raise TransitionNotAllowed(_("Chỉ ghi nhận kết quả khi đang kiểm tra."))
    target.results = _clean(results, label=_("ưu điểm, kết quả đạt được"))
    target.limitations = _clean(limitations, label=_("hạn chế"), required=False)
    target.causes = _clean(causes, label=_("nguyên nhân"), required=bool(target.limitations))
    first = target.findings_at is None
    target.findings_at = now
    target.save()
    _record(
        plan,
        action="findings_recorded" if first else "findings_updated",
        actor=actor,
        now=now,
        data={"target": target.pk},
    )
    return target


# --- recommendations -------------------------------------------------------------------------------------


@dataclass
class RecommendationInput:
    target_id: int
    text: str
    deadline: date
    evidence_required: str
    owner_organization_id: int | None = None


@transaction.atomic
def recommendation_add(
    *, plan_id: int, data: RecommendationInput, actor, now: datetime | None = None
) -> Recommendation:
    now = now_or_current(now)
    plan = _lock_plan(actor, plan_id)
    if plan.status not in RECORDING_PLAN:
        raise TransitionNotAllowed(_("Chỉ ghi kiến nghị khi đang kiểm tra."))
    target = plan.targets.select_related("unit", "organization").filter(pk=data.target_id).first()
    if target is None:
        raise ValidationFailed(_("Vui lòng chọn đơn vị được kiểm tra."))
    if data.deadline < plan.starts_on:
        raise ValidationFailed(
            _("Hạn thực hiện kiến nghị (%(deadline)s) không được trước ngày bắt đầu kiểm tra (%(start)s).")
            % {"deadline": _d(data.deadline), "start": _d(plan.starts_on)}
        )
    owner_organization = target.organization
    if data.owner_organization_id:
        owner_organization = Organization.objects.filter(pk=data.owner_organization_id, unit=target.unit).first()
        if owner_organization is None:
            raise ValidationFailed(_("Cơ quan thực hiện phải thuộc đơn vị được kiểm tra."))
    recommendation = Recommendation(
        plan=plan,
        target=target,
        owner_unit=target.unit,
        owner_organization=owner_organization,
        unit_path=target.unit_path,
        text=_clean(data.text, label=_("nội dung kiến nghị")),
        deadline=data.deadline,
        evidence_required=_clean(data.evidence_required, label=_("minh chứng cần nộp"), max_length=500),
    )
    recommendation.search_text = fold(f"{recommendation.text} {recommendation.owner_name}")
    recommendation.save()
    _record(
        plan,
        recommendation=recommendation,
        action="created",
        actor=actor,
        now=now,
        to_status=recommendation.status,
        data={"deadline": data.deadline.isoformat()},
    )
    return recommendation


def is_owner(user, recommendation: Recommendation) -> bool:
    """Officers of the unit that carries the recommendation out: any role with UNIT_VIEW assigned *in* the
    owner unit (or below it). Officers above it (the province, the inspectors) may read but not report
    on the unit's behalf."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = set(roles_granting(Perm.UNIT_VIEW))
    return any(
        a.role in roles and a.unit_id is not None and a.unit.path.startswith(recommendation.unit_path)
        for a in assignments_today(user)
    )


def is_team(user, recommendation: Recommendation) -> bool:
    """The inspecting side: who may manage inspections over the plan's unit."""
    return has_perm(user, Perm.INSPECTION_MANAGE, recommendation.plan)


def _read_upload(uploaded_file) -> str:
    """Check one upload like case attachments (content, not name, decides); return its type."""
    try:
        content_type = check_upload(uploaded_file, max_bytes=MAX_ATTACHMENT_BYTES)
    except ValidationFailed as error:  # several files at once: say which one
        raise ValidationFailed(
            _("Tệp %(name)s không hợp lệ: %(reason)s")
            % {"name": safe_file_name(uploaded_file.name), "reason": error.message}
        ) from None
    return content_type


@transaction.atomic
def recommendation_act(
    *, recommendation_id: int, action: str, actor, note: str = "", files=(), now: datetime | None = None
) -> Recommendation:
    """Report progress / report done (the owner unit, with evidence files), accept / return (the team)."""
    now = now_or_current(now)
    recommendation = (
        Recommendation.objects.select_for_update().select_related("plan").filter(pk=recommendation_id).first()
    )
    owner, team = (
        (recommendation is not None and is_owner(actor, recommendation)),
        (recommendation is not None and is_team(actor, recommendation)),
    )
    if recommendation is None or not (owner or team):
        raise NotFoundError()
    transition, who = rec_transition(action, recommendation.status)
    if (who == TEAM and not team) or (who != TEAM and not owner):
        raise PermissionDeniedError()
    note = _clean(note, label=_("nội dung báo cáo") if who != TEAM else _("lý do"), required=transition.needs_note)
    files = list(files or [])
    if files and who == TEAM:
        raise ValidationFailed(_("Chỉ đơn vị thực hiện gửi minh chứng."))
    if len(files) > MAX_EVIDENCE_FILES:
        raise ValidationFailed(_("Gửi tối đa %(n)s tệp mỗi lần.") % {"n": MAX_EVIDENCE_FILES})
    checked = [(_read_upload(f), f) for f in files]  # all checked before anything is stored
    if action == RecAction.MARK_DONE and not checked and not recommendation.evidence.exists():
        raise ValidationFailed(
            _("Vui lòng gửi kèm minh chứng: %(evidence)s.") % {"evidence": recommendation.evidence_required}
        )
    source = recommendation.status
    today = local_date(now)
    if action == RecAction.MARK_DONE:
        recommendation.completed_on = today
    elif action == RecAction.ACCEPT:
        recommendation.done_at = now
    elif action == RecAction.RETURN:
        recommendation.completed_on = None
    if transition.target:
        recommendation.status = transition.target
    recommendation.save()
    event = _record(
        recommendation.plan,
        recommendation=recommendation,
        action=action,
        actor=actor,
        now=now,
        from_status=source,
        to_status=recommendation.status,
        note=note,
        data={"files": len(checked)},
    )
    for content_type, uploaded in checked:
        Evidence(recommendation=recommendation, event=event).store(uploaded, content_type=content_type, actor=actor)
    return recommendation


# --- overdue sweep -------------------------------------------------------------------------------------


def _escalation_recipients(recommendation: Recommendation) -> list[User]:
    """The owner's leaders (heads of the owner organisation, leaders assigned to the owner unit) and
    the team head."""
    today = local_date()
    users: dict[int, User] = {}
    if recommendation.owner_organization_id:
        for position in Position.objects.filter(
            organization_id=recommendation.owner_organization_id, is_head=True, holder__is_active=True
        ).select_related("holder"):
            users[position.holder_id] = position.holder
    for assignment in (
        RoleAssignment.objects.filter(unit_id=recommendation.owner_unit_id, role=Role.LEADER, user__is_active=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .select_related("user")
    ):
        users[assignment.user_id] = assignment.user
    head = recommendation.plan.members.filter(role=TeamMember.Role.HEAD).select_related("user").first()
    if head is not None:
        users[head.user_id] = head.user
    return list(users.values())


def recommendations_sweep_overdue(*, now: datetime | None = None) -> int:
    """Mark open recommendations past their deadline and tell the owner's leader and the team head, once
    per recommendation and deadline. Idempotent: a second run (or a second worker) changes nothing."""
    now = now_or_current(now)
    today = local_date(now)
    marked = 0
    candidates = Recommendation.objects.overdue(today).filter(overdue_since__isnull=True).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            recommendation = Recommendation.objects.select_for_update().select_related("plan").get(pk=pk)
            if recommendation.overdue_since is not None or recommendation.status != RecStatus.OPEN:
                continue
            if recommendation.deadline >= today:
                continue
            recommendation.overdue_since = today
            recommendation.save(update_fields=["overdue_since", "updated_at"])
            _record(
                recommendation.plan,
                recommendation=recommendation,
                action="overdue",
                actor=None,
                now=now,
                data={"deadline": recommendation.deadline.isoformat()},
            )
            for user in _escalation_recipients(recommendation):
                message_enqueue(
                    key=f"inspections:rec:{recommendation.pk}:overdue:{recommendation.deadline.isoformat()}:{user.pk}",
                    channel=Message.Channel.INBOX,
                    recipient=user,
                    subject=_("Kiến nghị sau kiểm tra quá hạn: %(owner)s") % {"owner": recommendation.owner_name},
                    body=_("Hạn %(deadline)s đã qua: %(text)s")
                    % {"deadline": _d(recommendation.deadline), "text": recommendation.text[:300]},
                    link=f"/lam-viec/kiem-tra/kien-nghi/{recommendation.public_id}/",
                )
            marked += 1
    return marked


# --- documents -----------------------------------------------------------------------------------------


@transaction.atomic
def plan_document_issue(*, plan_id: int, kind: str, actor, now: datetime | None = None) -> PlanDocument:
    """Number the plan's report or conclusion notice in the conducting organisation's register, once;
    later downloads reuse the number."""
    now = now_or_current(now)
    plan = _lock_plan(actor, plan_id)
    if kind not in PlanDocument.Kind.values:
        raise NotFoundError()
    if kind == PlanDocument.Kind.REPORT and plan.status not in (PlanStatus.IN_PROGRESS, PlanStatus.CONCLUDED):
        raise TransitionNotAllowed(_("Chỉ lập báo cáo khi đã tiến hành kiểm tra."))
    if kind == PlanDocument.Kind.CONCLUSION and plan.status != PlanStatus.CONCLUDED:
        raise TransitionNotAllowed(_("Chỉ ban hành thông báo kết luận khi kế hoạch đã kết luận."))
    existing = plan.documents.filter(kind=kind).first()
    if existing is not None:
        return existing
    issued_on = local_date(now)
    document = PlanDocument.objects.create(
        plan=plan,
        kind=kind,
        number=document_number_next(organization=plan.organization, issued_on=issued_on),
        issued_on=issued_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _record(plan, action="document_issued", actor=actor, now=now, data={"kind": kind, "number": document.number})
    return document
