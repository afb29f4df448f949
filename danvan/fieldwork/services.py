"""Writers of fieldwork: the only code that changes its records.

Recording a visit is idempotent on the client-generated ``client_id`` (offline devices retry; a form may
be posted twice): the same id with the same content is "already recorded" and creates nothing; the same id
with different content, or from another cadre, is a conflict reported back to the device.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.cases.models import Case, Category
from danvan.cases.services import Submission, case_submit
from danvan.cases.workflow import Kind
from danvan.core.audit import audit_record
from danvan.core.clock import local_date, now_or_current
from danvan.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from danvan.core.sentiment import Severity, Tone
from danvan.core.text import fold, normalize
from danvan.fieldwork.models import FollowUp, Observation, QuotaPolicy, Team, Visit, VisitKind
from danvan.territory.models import AdministrativeUnit

VISIT_LEVELS = (AdministrativeUnit.Level.COMMUNE, AdministrativeUnit.Level.VILLAGE)
# A device clock may run a little fast; a visit further in the future than this is refused.
CLOCK_SKEW = timedelta(minutes=15)


class SyncStatus:
    CREATED = "created"
    ALREADY_RECORDED = "already_recorded"
    CONFLICT = "conflict"
    INVALID = "invalid"


@dataclass
class ObservationInput:
    topic: str
    tone: str
    severity: int = Severity.LOW
    text: str = ""


@dataclass
class VisitInput:
    client_id: uuid.UUID
    unit: AdministrativeUnit
    visited_at: datetime
    kind: str
    purpose: str
    notes: str = ""
    team: Team | None = None
    observations: list[ObservationInput] = field(default_factory=list)


@dataclass(frozen=True)
class RecordResult:
    visit: Visit
    status: str  # SyncStatus.CREATED or ALREADY_RECORDED


def content_hash(data: VisitInput) -> str:
    """A digest of what the cadre entered (normalised), to tell a retry from a different visit."""
    local = timezone.localtime(data.visited_at).replace(second=0, microsecond=0)
    canonical = {
        "unit": data.unit.pk,
        "at": local.strftime("%Y-%m-%dT%H:%M"),
        "kind": data.kind,
        "purpose": normalize(data.purpose),
        "notes": normalize(data.notes),
        "team": data.team.pk if data.team else None,
        "observations": [[normalize(o.topic), o.tone, int(o.severity), normalize(o.text)] for o in data.observations],
    }
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _validate(actor, data: VisitInput, now: datetime) -> None:
    errors = []
    if not normalize(data.purpose):
        errors.append(_("Vui lòng ghi mục đích chuyến đi."))
    if data.kind not in VisitKind.values:
        errors.append(_("Hình thức đi cơ sở không hợp lệ."))
    if data.visited_at > now + CLOCK_SKEW:
        errors.append(_("Thời gian đi cơ sở không được ở tương lai."))
    for item in data.observations:
        if not normalize(item.topic):
            errors.append(_("Mỗi ghi nhận tâm trạng dư luận cần có vấn đề."))
        if item.tone not in Tone.values:
            errors.append(_("Thái độ của người dân không hợp lệ."))
        if int(item.severity) not in Severity.values:
            errors.append(_("Mức độ không hợp lệ."))
    if data.unit.level not in VISIT_LEVELS or not data.unit.is_current:
        errors.append(_("Nơi đến phải là một xã, phường hoặc thôn, bản, tổ dân phố hiện nay."))
    if errors:
        raise ValidationFailed(" ".join(str(e) for e in errors), errors=[str(e) for e in errors])
    if not has_perm(actor, Perm.FIELDWORK_LOG, data.unit):
        raise PermissionDeniedError(_("Nơi đến nằm ngoài địa bàn phụ trách của bạn."))
    if data.team is not None and (not data.team.is_active or actor.pk not in data.team.people()):
        raise PermissionDeniedError(_("Bạn không phải thành viên của tổ dân vận đã chọn."))


def visit_record(
    *, actor, data: VisitInput, source: str = Visit.Source.FORM, now: datetime | None = None
) -> RecordResult:
    """Record a visit once per ``client_id``. Raises ConflictError when the id is already used for
    different content (or by someone else), ValidationFailed / PermissionDeniedError otherwise."""
    now = now_or_current(now)
    digest = content_hash(data)
    existing = Visit.objects.filter(client_id=data.client_id).first()
    if existing is not None:
        return _already(existing, actor, digest)
    _validate(actor, data, now)
    try:
        return _create(actor=actor, data=data, digest=digest, source=source, now=now)
    except IntegrityError:
        # Two syncs of the same queue raced: the loser rolls back and answers like a repeat.
        winner = Visit.objects.filter(client_id=data.client_id).first()
        if winner is None:
            raise
        return _already(winner, actor, digest)


def _already(existing: Visit, actor, digest: str) -> RecordResult:
    if existing.cadre_id != actor.pk or existing.content_hash != digest:
        raise ConflictError(
            _("Mã phiếu này đã được dùng cho một chuyến đi khác với nội dung khác; phiếu chưa được ghi nhận."),
            visit=existing if existing.cadre_id == actor.pk else None,
        )
    return RecordResult(visit=existing, status=SyncStatus.ALREADY_RECORDED)


@transaction.atomic
def _create(*, actor, data: VisitInput, digest: str, source: str, now: datetime) -> RecordResult:
    visit = Visit.objects.create(
        client_id=data.client_id,
        content_hash=digest,
        cadre=actor,
        team=data.team,
        unit=data.unit,
        unit_path=data.unit.path,
        visited_at=data.visited_at,
        visited_on=local_date(data.visited_at),
        kind=data.kind,
        purpose=normalize(data.purpose)[:300],
        notes=normalize(data.notes),
        source=source,
        search_text=fold(" ".join([data.purpose, data.notes, data.unit.name, *(o.topic for o in data.observations)])),
    )
    participants = {actor.pk} | (data.team.people() if data.team else set())
    visit.participants.set(participants)
    Observation.objects.bulk_create(
        [
            Observation(
                visit=visit,
                unit_path=visit.unit_path,
                topic=normalize(item.topic)[:200],
                tone=item.tone,
                severity=int(item.severity),
                text=normalize(item.text),
            )
            for item in data.observations
        ]
    )
    audit_record(
        action="fieldwork.visit_recorded",
        actor=actor,
        target=visit,
        unit_path=visit.unit_path,
        now=now,
        data={"client_id": str(visit.client_id), "kind": visit.kind, "source": source},
    )
    return RecordResult(visit=visit, status=SyncStatus.CREATED)


@transaction.atomic
def follow_up_open(
    *,
    actor,
    visit: Visit,
    kind: str,
    category: Category,
    subject: str,
    body: str,
    observation: Observation | None = None,
    now: datetime | None = None,
) -> FollowUp:
    """Open a case from what was heard on a visit (channel "field visit") and link it to the visit.

    Field cadres do not hold the case-reception permission: the case is filed as the citizens' own
    feedback would be (no officer actor on the case), and who forwarded it is kept here and in the audit."""
    if not has_perm(actor, Perm.FIELDWORK_LOG, visit) and not has_perm(actor, Perm.FIELDWORK_REVIEW, visit):
        raise PermissionDeniedError()
    if kind not in (Kind.FEEDBACK, Kind.PETITION):
        raise ValidationFailed(_("Từ chuyến đi cơ sở chỉ mở được phản ánh hoặc kiến nghị."))
    if observation is not None and observation.visit_id != visit.pk:
        raise ValidationFailed(_("Ghi nhận không thuộc chuyến đi này."))
    unit = visit.unit
    commune = unit.parent if unit.level == AdministrativeUnit.Level.VILLAGE else unit
    village = unit if unit.level == AdministrativeUnit.Level.VILLAGE else None
    result = case_submit(
        data=Submission(
            kind=kind,
            channel=Case.Channel.FIELD_VISIT,
            category=category,
            subject=subject,
            body=body,
            submitted_unit=commune,
            village=village,
            is_anonymous=True,
        ),
        actor=None,
        now=now,
    )
    follow_up = FollowUp.objects.create(
        visit=visit, observation=observation, case=result.case, unit_path=visit.unit_path, created_by=actor
    )
    audit_record(
        action="fieldwork.follow_up_opened",
        actor=actor,
        target=visit,
        unit_path=visit.unit_path,
        now=now,
        data={"case": result.case.tracking_code},
    )
    return follow_up


@transaction.atomic
def team_save(
    *,
    actor,
    name: str,
    kind: str,
    unit: AdministrativeUnit,
    leader,
    members,
    area,
    tasks: str = "",
    organization=None,
    team: Team | None = None,
    now: datetime | None = None,
) -> Team:
    """Create or change a tổ dân vận. Needs the review permission (leaders, coordinators) over the unit;
    the area must lie inside the team's unit."""
    if not has_perm(actor, Perm.FIELDWORK_REVIEW, unit):
        raise PermissionDeniedError(_("Bạn không có quyền quản lý tổ dân vận tại đơn vị này."))
    if not normalize(name):
        raise ValidationFailed(_("Vui lòng nhập tên tổ."))
    outside = [u.name for u in area if not u.path.startswith(unit.path)]
    if outside:
        raise ValidationFailed(
            _("Địa bàn phụ trách phải thuộc %(unit)s: %(names)s.") % {"unit": unit.name, "names": ", ".join(outside)}
        )
    if team is None:
        team = Team(unit=unit)
    elif team.unit_id != unit.pk and not has_perm(actor, Perm.FIELDWORK_REVIEW, team):
        raise PermissionDeniedError()
    team.name, team.kind, team.unit, team.unit_path = normalize(name), kind, unit, unit.path
    team.leader, team.tasks, team.organization = leader, normalize(tasks), organization
    if Team.objects.filter(unit=unit, name=team.name).exclude(pk=team.pk).exists():
        raise ValidationFailed(_("Đơn vị đã có tổ dân vận cùng tên."))
    team.save()
    team.members.set([m for m in members if m.pk != leader.pk])
    team.area.set(area)
    audit_record(
        action="fieldwork.team_saved",
        actor=actor,
        target=team,
        unit_path=team.unit_path,
        now=now,
        data={"members": sorted(m.pk for m in members), "leader": leader.pk},
    )
    return team


PRESET_POLICY_NAME = "Mặc định: 3 chuyến đi cơ sở và 1 buổi dự sinh hoạt chi hội, khu dân cư mỗi tháng"


@transaction.atomic
def quota_policy_seed(*, valid_from: date = date(2025, 7, 1)) -> QuotaPolicy:
    """The preset policy (idempotent): what one province requires of every cadre who logs visits.
    It is data: administrators change the numbers, or add stricter policies per organisation and role."""
    policy, _created = QuotaPolicy.objects.get_or_create(
        name=PRESET_POLICY_NAME,
        defaults={
            "legal_basis": "Quy định của một tỉnh về cán bộ đi cơ sở (chưa đối chiếu văn bản gốc — cần kiểm tra)",
            "min_field_trips": 3,
            "min_block_meetings": 1,
            "count_team_visits": True,
            "valid_from": valid_from,
        },
    )
    return policy
