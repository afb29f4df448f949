"""Writers of democracy: the only code that changes its records.

Every writer is atomic, checks ``Perm.DEMOCRACY_MANAGE`` on the record's unit (``actor=None`` is the system:
demo data, periodic tasks), validates with Vietnamese messages citing the law, and writes an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from danvan.accounts.models import RoleAssignment
from danvan.accounts.roles import Perm, Role
from danvan.accounts.scoping import has_perm
from danvan.core.audit import audit_record
from danvan.core.clock import local_date, now_or_current
from danvan.core.errors import NotFoundError, PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.text import fold, normalize
from danvan.democracy import legal
from danvan.democracy.models import (
    CONTRIBUTION_MATTERS,
    MEETING_ONLY_MATTERS,
    Board,
    BoardMember,
    BoardPlan,
    Channel,
    CommunityVote,
    Consultation,
    Disclosure,
    DisclosureGroup,
    HouseholdBallot,
    Matter,
    Recommendation,
    VillageHouseholds,
    VoteForm,
)
from danvan.notifications.models import Message
from danvan.notifications.services import message_enqueue
from danvan.territory.calendar import add_calendar_days, add_working_days
from danvan.territory.models import AdministrativeUnit

Level = AdministrativeUnit.Level


def _require(actor, unit_or_record) -> None:
    if actor is None:  # the system itself (demo data, periodic tasks)
        return
    if not has_perm(actor, Perm.DEMOCRACY_MANAGE, unit_or_record):
        raise PermissionDeniedError()


def _commune(unit: AdministrativeUnit) -> AdministrativeUnit:
    if unit is None or unit.level != Level.COMMUNE:
        raise ValidationFailed(_("Chọn một xã, phường, đặc khu."))
    return unit


def _text(value: str, label: str, *, required: bool = True, limit: int = 300) -> str:
    value = normalize(value or "")
    if required and not value:
        raise ValidationFailed(_("Chưa nhập %(label)s.") % {"label": label})
    if len(value) > limit:
        raise ValidationFailed(_("%(label)s dài quá %(limit)s ký tự.") % {"label": label, "limit": limit})
    return value


# --- Disclosures (Dân biết: Arts. 11–13) -----------------------------------------------------------------


def disclosure_groups_seed() -> int:
    """The 14 groups of Art. 11 with their posting rules (Art. 13). Idempotent; returns rows created."""
    created = 0
    for rule in legal.DISCLOSURE_GROUPS:
        _group, made = DisclosureGroup.objects.update_or_create(
            number=rule.number,
            defaults={
                "name": rule.name,
                "permanent": rule.permanent,
                "min_posting_days": 0 if rule.permanent else legal.MIN_POSTING_DAYS,
                "loudspeaker_days": legal.MIN_LOUDSPEAKER_DAYS if rule.loudspeaker else 0,
                "publish_within_working_days": legal.PUBLISH_WITHIN_WORKING_DAYS,
            },
        )
        created += made
    return created


def disclosure_deadline(*, group: DisclosureGroup, decision_date: date, special_deadline: date | None = None) -> date:
    """Arts. 12–13: within 05 working days of the decision (territory.calendar: weekends, Tết and the other
    holidays are skipped), unless a specialised law sets another time limit (``special_deadline``)."""
    if special_deadline is not None:
        return special_deadline
    return add_working_days(decision_date, group.publish_within_working_days)


@dataclass
class DisclosureInput:
    group: DisclosureGroup
    title: str
    decision_date: date
    summary: str = ""
    decision_reference: str = ""
    special_deadline: date | None = None
    special_deadline_basis: str = ""
    channels: list[str] | None = None
    published_on: date | None = None
    taken_down_on: date | None = None
    loudspeaker_from: date | None = None
    loudspeaker_days: int = 0


def _disclosure_fill(disclosure: Disclosure, data: DisclosureInput, *, today: date) -> None:
    disclosure.group = data.group
    disclosure.title = _text(data.title, _("tiêu đề"))
    disclosure.title_folded = fold(disclosure.title)
    disclosure.summary = _text(data.summary, _("tóm tắt"), required=False, limit=5000)
    disclosure.decision_reference = _text(data.decision_reference, _("số, ký hiệu"), required=False, limit=100)
    if data.decision_date > today:
        raise ValidationFailed(_("Ngày ban hành quyết định không được sau ngày hôm nay."))
    disclosure.decision_date = data.decision_date
    if data.special_deadline is not None:
        if data.special_deadline < data.decision_date:
            raise ValidationFailed(_("Hạn công khai theo luật chuyên ngành không được trước ngày ban hành."))
        if not normalize(data.special_deadline_basis or ""):
            raise ValidationFailed(_("Ghi căn cứ pháp luật của hạn công khai riêng."))
    disclosure.special_deadline = data.special_deadline
    disclosure.special_deadline_basis = normalize(data.special_deadline_basis or "")[:300]
    disclosure.deadline = disclosure_deadline(
        group=data.group, decision_date=data.decision_date, special_deadline=data.special_deadline
    )
    channels = list(dict.fromkeys(data.channels or []))
    unknown = [code for code in channels if code not in Channel.values]
    if unknown:
        raise ValidationFailed(_("Hình thức công khai không hợp lệ: %(codes)s.") % {"codes": ", ".join(unknown)})
    if data.published_on is not None:
        if data.published_on < data.decision_date:
            raise ValidationFailed(_("Ngày công khai không được trước ngày ban hành quyết định."))
        if data.published_on > today:
            raise ValidationFailed(_("Ngày công khai không được sau ngày hôm nay."))
        if not channels:
            raise ValidationFailed(_("Chọn ít nhất một hình thức công khai (Điều 12)."))
    if data.taken_down_on is not None and (data.published_on is None or data.taken_down_on <= data.published_on):
        raise ValidationFailed(_("Ngày gỡ niêm yết phải sau ngày công khai."))
    if data.loudspeaker_days:
        if data.loudspeaker_from is None:
            raise ValidationFailed(_("Nhập ngày bắt đầu phát trên loa truyền thanh."))
        if Channel.LOUDSPEAKER not in channels:
            channels.append(Channel.LOUDSPEAKER)
    disclosure.channels = channels
    disclosure.published_on = data.published_on
    disclosure.taken_down_on = data.taken_down_on
    disclosure.loudspeaker_from = data.loudspeaker_from if data.loudspeaker_days else None
    disclosure.loudspeaker_days = data.loudspeaker_days or 0


@transaction.atomic
def disclosure_create(*, actor, commune: AdministrativeUnit, data: DisclosureInput, now=None) -> Disclosure:
    _commune(commune)
    _require(actor, commune)
    disclosure = Disclosure(commune=commune, unit_path=commune.path, created_by=actor)
    _disclosure_fill(disclosure, data, today=local_date(now_or_current(now)))
    disclosure.save()
    audit_record(
        action="democracy.disclosure_created",
        actor=actor,
        target=disclosure,
        unit_path=disclosure.unit_path,
        data={"group": data.group.number, "deadline": disclosure.deadline},
        now=now,
    )
    return disclosure


@transaction.atomic
def disclosure_update(*, actor, disclosure_id: int, data: DisclosureInput, now=None) -> Disclosure:
    disclosure = Disclosure.objects.select_for_update().filter(pk=disclosure_id).first()
    if disclosure is None:
        raise NotFoundError()
    _require(actor, disclosure)
    _disclosure_fill(disclosure, data, today=local_date(now_or_current(now)))
    disclosure.save()
    audit_record(
        action="democracy.disclosure_updated",
        actor=actor,
        target=disclosure,
        unit_path=disclosure.unit_path,
        data={"published_on": disclosure.published_on, "taken_down_on": disclosure.taken_down_on},
        now=now,
    )
    return disclosure


# --- Households and community votes (Dân bàn, dân làm: Arts. 15–22) ------------------------------------


@transaction.atomic
def village_households_record(
    *,
    actor,
    village: AdministrativeUnit,
    as_of: date,
    households: int,
    online_opt_in: int = 0,
    source: str = "",
    now=None,
) -> VillageHouseholds:
    if village is None or village.level != Level.VILLAGE:
        raise ValidationFailed(_("Chọn một thôn, tổ dân phố."))
    _require(actor, village)
    if households <= 0:
        raise ValidationFailed(_("Số hộ gia đình phải lớn hơn 0."))
    if online_opt_in < 0 or online_opt_in > households:
        raise ValidationFailed(_("Số hộ đăng ký biểu quyết trực tuyến không được vượt quá tổng số hộ."))
    row, _created = VillageHouseholds.objects.update_or_create(
        village=village,
        as_of=as_of,
        defaults={
            "unit_path": village.path,
            "households": households,
            "online_opt_in": online_opt_in,
            "source": normalize(source)[:200],
        },
    )
    audit_record(
        action="democracy.households_recorded",
        actor=actor,
        target=row,
        unit_path=village.path,
        data={"households": households, "online_opt_in": online_opt_in, "as_of": as_of},
        now=now,
    )
    return row


def households_on(village: AdministrativeUnit, day: date) -> VillageHouseholds:
    """The household count in force on ``day`` (the latest one dated on or before it)."""
    row = VillageHouseholds.objects.filter(village=village, as_of__lte=day).order_by("-as_of").first()
    if row is None:
        raise ValidationFailed(
            _("Chưa có số hộ gia đình của %(village)s tính đến ngày %(day)s: cập nhật số hộ trước khi biểu quyết.")
            % {"village": village.name, "day": day.strftime("%d/%m/%Y")}
        )
    return row


@dataclass
class VoteInput:
    matter: str
    form: str
    title: str
    vote_date: date
    content: str = ""
    clusters: int = 1
    ballot_is_fallback: bool = False
    is_initiative: bool = False
    initiative_supporters: int = 0


def _check_vote_rules(data: VoteInput, households: VillageHouseholds, village: AdministrativeUnit) -> None:
    total = households.households
    if data.form == VoteForm.ONLINE:
        # Art. 17 and Decree 59/2023: online only for "other matters", only if more than half opted in.
        if data.matter != Matter.OTHER:
            raise ValidationFailed(
                _(
                    "Chỉ được biểu quyết trực tuyến đối với công việc tự quản khác (Điều 15 khoản 6); "
                    "nội dung này phải tổ chức hội nghị hoặc phát phiếu."
                )
            )
        if not legal.online_vote_allowed(households.online_opt_in, total):
            raise ValidationFailed(
                _(
                    "Không thể biểu quyết trực tuyến: mới có %(opted)s/%(total)s hộ của %(village)s đăng ký, "
                    "cần hơn một nửa số hộ (Nghị định 59/2023/NĐ-CP)."
                )
                % {"opted": households.online_opt_in, "total": total, "village": village.name}
            )
    if data.form == VoteForm.BALLOT and data.matter in MEETING_ONLY_MATTERS and not data.ballot_is_fallback:
        raise ValidationFailed(
            _(
                "Hương ước, quy ước và việc bầu, miễn nhiệm phải quyết định tại hội nghị; chỉ phát phiếu khi "
                "hội nghị không đủ số hộ tham dự (Điều 17, 19)."
            )
        )
    if data.form != VoteForm.MEETING and data.clusters > 1:
        raise ValidationFailed(_("Chỉ hội nghị mới tổ chức theo cụm."))
    if data.clusters < 1:
        raise ValidationFailed(_("Số cụm họp phải từ 1 trở lên."))
    if data.clusters > 1 and total < legal.CLUSTER_MEETING_MIN_HOUSEHOLDS:
        raise ValidationFailed(
            _("%(village)s có %(total)s hộ: chỉ được họp theo cụm khi có từ %(min)s hộ trở lên (Điều 18).")
            % {"village": village.name, "total": total, "min": legal.CLUSTER_MEETING_MIN_HOUSEHOLDS}
        )
    if data.is_initiative and not legal.initiative_supported(data.initiative_supporters, total):
        raise ValidationFailed(
            _(
                "Đề xuất của Nhân dân cần ít nhất 10%% số hộ ủng hộ (Điều 16): %(village)s có %(total)s hộ, "
                "mới có %(count)s hộ ủng hộ."
            )
            % {"village": village.name, "total": total, "count": data.initiative_supporters}
        )


def _new_vote(*, actor, commune, village, data: VoteInput, scope, parent=None, households_total=0) -> CommunityVote:
    title = _text(data.title, _("tên nội dung biểu quyết"))
    return CommunityVote.objects.create(
        commune=commune,
        village=village,
        parent=parent,
        unit_path=(village or commune).path,
        scope=scope,
        matter=data.matter,
        form=data.form,
        ballot_is_fallback=data.ballot_is_fallback,
        clusters=data.clusters,
        title=title,
        title_folded=fold(title),
        content=_text(data.content, _("nội dung"), required=False, limit=5000),
        vote_date=data.vote_date,
        is_initiative=data.is_initiative,
        initiative_supporters=data.initiative_supporters if data.is_initiative else 0,
        households_total=households_total,
        created_by=actor,
    )


@transaction.atomic
def vote_create(*, actor, village: AdministrativeUnit, data: VoteInput, now=None) -> CommunityVote:
    """A village decides (Art. 21, village scope); the household count is the one in force on the vote date."""
    if village is None or village.level != Level.VILLAGE:
        raise ValidationFailed(_("Chọn một thôn, tổ dân phố."))
    if data.matter not in Matter.values or data.form not in VoteForm.values:
        raise ValidationFailed(_("Nội dung hoặc hình thức biểu quyết không hợp lệ."))
    _require(actor, village)
    households = households_on(village, data.vote_date)
    _check_vote_rules(data, households, village)
    vote = _new_vote(
        actor=actor,
        commune=village.parent,
        village=village,
        data=data,
        scope=CommunityVote.Scope.VILLAGE,
        households_total=households.households,
    )
    audit_record(
        action="democracy.vote_created",
        actor=actor,
        target=vote,
        unit_path=vote.unit_path,
        data={"matter": vote.matter, "form": vote.form, "households": vote.households_total},
        now=now,
    )
    return vote


@transaction.atomic
def commune_vote_create(*, actor, commune: AdministrativeUnit, data: VoteInput, now=None) -> CommunityVote:
    """A commune-wide contribution (Art. 21: matters 1–2 across the commune): every current village of the
    commune votes; it passes when at least 2/3 of the villages approve."""
    _commune(commune)
    _require(actor, commune)
    if data.matter not in CONTRIBUTION_MATTERS:
        raise ValidationFailed(_("Chỉ nội dung 1 và 2 (đóng góp, quỹ) mới biểu quyết trong phạm vi toàn xã."))
    if data.form not in VoteForm.values or data.is_initiative:
        raise ValidationFailed(_("Nội dung hoặc hình thức biểu quyết không hợp lệ."))
    villages = list(AdministrativeUnit.objects.current().filter(parent=commune, level=Level.VILLAGE))
    if len(villages) < 2:
        raise ValidationFailed(_("Xã chưa có đủ danh sách thôn, tổ dân phố để biểu quyết toàn xã."))
    parent = _new_vote(
        actor=actor,
        commune=commune,
        village=None,
        data=data,
        scope=CommunityVote.Scope.COMMUNE,
        households_total=len(villages),
    )
    for village in villages:
        households = households_on(village, data.vote_date)
        _check_vote_rules(data, households, village)
        _new_vote(
            actor=actor,
            commune=commune,
            village=village,
            data=data,
            scope=CommunityVote.Scope.VILLAGE,
            parent=parent,
            households_total=households.households,
        )
    audit_record(
        action="democracy.commune_vote_created",
        actor=actor,
        target=parent,
        unit_path=parent.unit_path,
        data={"matter": parent.matter, "villages": len(villages)},
        now=now,
    )
    return parent


def _lock_vote(actor, vote_id: int) -> CommunityVote:
    vote = (
        CommunityVote.objects.select_for_update(of=("self",))
        .select_related("commune", "village")
        .filter(pk=vote_id)
        .first()
    )
    if vote is None:
        raise NotFoundError()
    _require(actor, vote)
    return vote


def _apply_result(vote: CommunityVote, *, present: int, approve: int, reject: int) -> None:
    if min(present, approve, reject) < 0:
        raise ValidationFailed(_("Số hộ không được âm."))
    if present > vote.households_total:
        raise ValidationFailed(
            _("Số hộ tham dự (%(present)s) vượt quá tổng số hộ của thôn (%(total)s).")
            % {"present": present, "total": vote.households_total}
        )
    if approve + reject > present:
        raise ValidationFailed(_("Số hộ tán thành và không tán thành cộng lại không được vượt quá số hộ tham dự."))
    vote.households_present, vote.approve, vote.reject = present, approve, reject
    vote.passed = legal.village_vote_passes(vote.matter, approve, vote.households_total)
    vote.status = CommunityVote.Status.DECIDED
    vote.send_due = add_working_days(vote.vote_date, legal.SEND_RECORD_WITHIN_WORKING_DAYS)


def _refresh_parent(parent_id: int | None) -> None:
    if parent_id is None:
        return
    parent = CommunityVote.objects.select_for_update().get(pk=parent_id)
    parts = parent.parts.all()
    total = parent.households_total  # for a commune-wide vote: the number of villages
    approving = parts.filter(passed=True).count()
    decided = parts.exclude(passed__isnull=True).count()
    parent.households_present, parent.approve, parent.reject = decided, approving, decided - approving
    if legal.commune_vote_passes(approving, total):
        parent.passed = True
    elif decided == parts.count() or not legal.commune_vote_passes(approving + parts.count() - decided, total):
        parent.passed = False
    else:
        parent.passed = None
    if parent.passed is not None:
        parent.status = CommunityVote.Status.DECIDED
    parent.save()


@transaction.atomic
def vote_record_counts(
    *,
    actor,
    vote_id: int,
    households_present: int,
    approve: int,
    reject: int,
    village_head_name: str = "",
    front_head_name: str = "",
    representative_names: str = "",
    now=None,
) -> CommunityVote:
    """Art. 21: the result as counts; passing is judged against all households of the village."""
    vote = _lock_vote(actor, vote_id)
    if vote.scope == CommunityVote.Scope.COMMUNE:
        raise TransitionNotAllowed(_("Nhập kết quả của từng thôn, tổ dân phố."))
    if vote.status not in (CommunityVote.Status.PLANNED, CommunityVote.Status.DECIDED):
        raise TransitionNotAllowed(_("Biên bản đã gửi lên xã: không sửa kết quả được nữa."))
    if vote.ballots.exists():
        raise TransitionNotAllowed(_("Kết quả đang được tính từ phiếu của từng hộ."))
    _apply_result(vote, present=households_present, approve=approve, reject=reject)
    vote.village_head_name = normalize(village_head_name)[:120] or vote.village_head_name
    vote.front_head_name = normalize(front_head_name)[:120] or vote.front_head_name
    vote.representative_names = normalize(representative_names)[:250] or vote.representative_names
    vote.save()
    _refresh_parent(vote.parent_id)
    audit_record(
        action="democracy.vote_result_recorded",
        actor=actor,
        target=vote,
        unit_path=vote.unit_path,
        data={"present": households_present, "approve": approve, "reject": reject, "passed": vote.passed},
        now=now,
    )
    return vote


@transaction.atomic
def vote_record_ballot(
    *, actor, vote_id: int, household: str, representative: str, choice: str, now=None
) -> HouseholdBallot:
    """Art. 19: one ballot per household representative; the counts follow the ballots."""
    vote = _lock_vote(actor, vote_id)
    if vote.scope == CommunityVote.Scope.COMMUNE:
        raise TransitionNotAllowed(_("Nhập phiếu tại từng thôn, tổ dân phố."))
    if vote.status not in (CommunityVote.Status.PLANNED, CommunityVote.Status.DECIDED):
        raise TransitionNotAllowed(_("Biên bản đã gửi lên xã: không ghi thêm phiếu được nữa."))
    if vote.status == CommunityVote.Status.DECIDED and not vote.ballots.exists():
        raise TransitionNotAllowed(_("Kết quả đã được nhập theo số lượng; không ghi thêm phiếu từng hộ."))
    if choice not in HouseholdBallot.Choice.values:
        raise ValidationFailed(_("Chọn ý kiến của hộ."))
    household = _text(household, _("hộ gia đình"), limit=120)
    representative = _text(representative, _("người đại diện hộ"), limit=120)
    if vote.ballots.count() >= vote.households_total:
        raise ValidationFailed(_("Đã đủ phiếu của tất cả các hộ trong thôn."))
    try:
        with transaction.atomic():
            ballot = HouseholdBallot.objects.create(
                vote=vote, household=household, representative=representative, choice=choice
            )
    except IntegrityError:
        raise ValidationFailed(
            _("Hộ %(household)s đã có phiếu: mỗi hộ chỉ một phiếu.") % {"household": household}
        ) from None
    counts = vote.ballots.aggregate(
        present=Count("pk"),
        approve=Count("pk", filter=Q(choice=HouseholdBallot.Choice.APPROVE)),
        reject=Count("pk", filter=Q(choice=HouseholdBallot.Choice.REJECT)),
    )
    _apply_result(vote, present=counts["present"], approve=counts["approve"], reject=counts["reject"])
    vote.save()
    _refresh_parent(vote.parent_id)
    audit_record(
        action="democracy.ballot_recorded",
        actor=actor,
        target=vote,
        unit_path=vote.unit_path,
        data={"ballot": ballot.pk, "choice": choice},
        now=now,
    )
    return ballot


@transaction.atomic
def vote_mark_sent(*, actor, vote_id: int, sent_on: date, now=None) -> CommunityVote:
    """Art. 20: the record goes to the commune People's Committee and Front within 05 working days; the
    recognition (matters 3–5) is due 05 working days after it arrives."""
    vote = _lock_vote(actor, vote_id)
    if vote.status != CommunityVote.Status.DECIDED:
        raise TransitionNotAllowed(_("Chỉ gửi biên bản khi đã có kết quả biểu quyết."))
    if sent_on < vote.vote_date or sent_on > local_date(now_or_current(now)):
        raise ValidationFailed(_("Ngày gửi phải từ ngày biểu quyết đến hôm nay."))
    vote.sent_on = sent_on
    vote.status = CommunityVote.Status.SENT
    if vote.needs_recognition and vote.passed:
        vote.recognition_due = add_working_days(sent_on, legal.RECOGNISE_WITHIN_WORKING_DAYS)
    vote.save()
    audit_record(action="democracy.vote_record_sent", actor=actor, target=vote, unit_path=vote.unit_path, now=now)
    return vote


@transaction.atomic
def vote_record_recognition(
    *, actor, vote_id: int, recognised: bool, decided_on: date, reference: str = "", now=None
) -> CommunityVote:
    vote = _lock_vote(actor, vote_id)
    if vote.status != CommunityVote.Status.SENT or vote.recognition_due is None:
        raise TransitionNotAllowed(_("Nội dung này không cần hoặc chưa đến bước công nhận."))
    if decided_on < vote.sent_on:
        raise ValidationFailed(_("Ngày công nhận không được trước ngày gửi biên bản."))
    vote.recognised_on = decided_on
    vote.recognition_reference = normalize(reference)[:100]
    vote.status = CommunityVote.Status.RECOGNISED if recognised else CommunityVote.Status.REFUSED
    vote.save()
    audit_record(
        action="democracy.vote_recognition",
        actor=actor,
        target=vote,
        unit_path=vote.unit_path,
        data={"recognised": recognised},
        now=now,
    )
    return vote


# --- Consultations (Arts. 25–26) ----------------------------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    actor,
    commune: AdministrativeUnit,
    topic: str,
    title: str,
    opens_on: date,
    closes_on: date,
    forms: str = "",
    result: str = "",
    now=None,
) -> Consultation:
    _commune(commune)
    _require(actor, commune)
    if topic not in Consultation.Topic.values:
        raise ValidationFailed(_("Chọn nội dung lấy ý kiến."))
    if closes_on < opens_on:
        raise ValidationFailed(_("Ngày kết thúc lấy ý kiến không được trước ngày bắt đầu."))
    consultation = Consultation.objects.create(
        commune=commune,
        unit_path=commune.path,
        topic=topic,
        title=_text(title, _("tên nội dung")),
        forms=_text(forms, _("hình thức"), required=False),
        opens_on=opens_on,
        closes_on=closes_on,
        result=_text(result, _("kết quả"), required=False, limit=10000),
    )
    audit_record(
        action="democracy.consultation_created",
        actor=actor,
        target=consultation,
        unit_path=consultation.unit_path,
        now=now,
    )
    return consultation


# --- Community boards (Dân kiểm tra, dân giám sát: Arts. 36–45) ----------------------------------------


@transaction.atomic
def board_create(
    *,
    actor,
    commune: AdministrativeUnit,
    kind: str,
    name: str,
    established_on: date,
    project: str = "",
    investor: str = "",
    contractor: str = "",
    term_ends_on: date | None = None,
    now=None,
) -> Board:
    _commune(commune)
    _require(actor, commune)
    if kind not in Board.Kind.values:
        raise ValidationFailed(_("Chọn loại ban."))
    if kind == Board.Kind.INVESTMENT and not normalize(project):
        raise ValidationFailed(_("Ban Giám sát đầu tư của cộng đồng được thành lập theo từng dự án: nhập tên dự án."))
    if term_ends_on is not None and term_ends_on <= established_on:
        raise ValidationFailed(_("Ngày hết nhiệm kỳ phải sau ngày thành lập."))
    board = Board.objects.create(
        commune=commune,
        unit_path=commune.path,
        kind=kind,
        name=_text(name, _("tên ban")),
        project=_text(project, _("dự án"), required=False),
        investor=_text(investor, _("chủ đầu tư"), required=False, limit=200),
        contractor=_text(contractor, _("nhà thầu"), required=False, limit=200),
        established_on=established_on,
        term_ends_on=term_ends_on,
    )
    audit_record(action="democracy.board_created", actor=actor, target=board, unit_path=board.unit_path, now=now)
    return board


def _lock_board(actor, board_id: int) -> Board:
    board = Board.objects.select_for_update().filter(pk=board_id).first()
    if board is None:
        raise NotFoundError()
    _require(actor, board)
    return board


@transaction.atomic
def board_member_add(
    *,
    actor,
    board_id: int,
    full_name: str,
    village: AdministrativeUnit | None = None,
    position: str = "Thành viên",
    is_commune_official: bool = False,
    is_related_to_investor: bool = False,
    now=None,
) -> BoardMember:
    board = _lock_board(actor, board_id)
    full_name = _text(full_name, _("họ và tên"), limit=120)
    if board.kind == Board.Kind.INSPECTION and is_commune_official:
        raise ValidationFailed(
            _(
                "%(name)s là cán bộ, công chức cấp xã: không được là thành viên Ban Thanh tra nhân dân "
                "(Luật Thực hiện dân chủ ở cơ sở, Điều 36)."
            )
            % {"name": full_name}
        )
    if board.kind == Board.Kind.INVESTMENT and is_related_to_investor:
        raise ValidationFailed(
            _(
                "%(name)s là người thân của chủ đầu tư hoặc nhà thầu: không được là thành viên Ban Giám sát "
                "đầu tư của cộng đồng (Điều 42)."
            )
            % {"name": full_name}
        )
    if village is not None and (village.level != Level.VILLAGE or village.parent_id != board.commune_id):
        raise ValidationFailed(_("Thôn, tổ dân phố không thuộc xã của ban."))
    member = BoardMember.objects.create(
        board=board,
        full_name=full_name,
        village=village,
        position=_text(position, _("chức danh"), limit=60),
        is_commune_official=is_commune_official,
        is_related_to_investor=is_related_to_investor,
    )
    audit_record(
        action="democracy.board_member_added",
        actor=actor,
        target=board,
        unit_path=board.unit_path,
        data={"member": member.pk},
        now=now,
    )
    return member


@transaction.atomic
def board_plan_add(
    *, actor, board_id: int, period: str, starts_on: date, ends_on: date, content: str, now=None
) -> BoardPlan:
    board = _lock_board(actor, board_id)
    if period not in BoardPlan.Period.values:
        raise ValidationFailed(_("Chọn kỳ kế hoạch."))
    if ends_on < starts_on:
        raise ValidationFailed(_("Ngày kết thúc kế hoạch không được trước ngày bắt đầu."))
    plan = BoardPlan.objects.create(
        board=board,
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        content=_text(content, _("nội dung"), limit=5000),
    )
    audit_record(action="democracy.board_plan_added", actor=actor, target=board, unit_path=board.unit_path, now=now)
    return plan


@transaction.atomic
def recommendation_create(
    *, actor, board_id: int, finding: str, recommendation: str, sent_on: date, now=None
) -> Recommendation:
    """The commune People's Committee answers within 15 days (Arts. 36–40): counted as calendar days under
    the Civil Code, Art. 148 (a last day that is off rolls to the next working day)."""
    board = _lock_board(actor, board_id)
    if sent_on > local_date(now_or_current(now)):
        raise ValidationFailed(_("Ngày gửi kiến nghị không được sau ngày hôm nay."))
    item = Recommendation.objects.create(
        board=board,
        unit_path=board.unit_path,
        finding=_text(finding, _("kết quả giám sát"), limit=5000),
        recommendation=_text(recommendation, _("kiến nghị"), limit=5000),
        sent_on=sent_on,
        answer_due=add_calendar_days(sent_on, legal.BOARD_ANSWER_WITHIN_DAYS),
    )
    audit_record(
        action="democracy.recommendation_created",
        actor=actor,
        target=item,
        unit_path=item.unit_path,
        data={"answer_due": item.answer_due},
        now=now,
    )
    return item


@transaction.atomic
def recommendation_answer(*, actor, recommendation_id: int, answered_on: date, answer: str, now=None) -> Recommendation:
    item = Recommendation.objects.select_for_update().filter(pk=recommendation_id).first()
    if item is None:
        raise NotFoundError()
    _require(actor, item)
    if item.answered_on is not None:
        raise TransitionNotAllowed(_("Kiến nghị đã được trả lời."))
    if answered_on < item.sent_on or answered_on > local_date(now_or_current(now)):
        raise ValidationFailed(_("Ngày trả lời phải từ ngày gửi kiến nghị đến hôm nay."))
    item.answered_on = answered_on
    item.answer = _text(answer, _("nội dung trả lời"), limit=10000)
    item.save()
    audit_record(
        action="democracy.recommendation_answered",
        actor=actor,
        target=item,
        unit_path=item.unit_path,
        data={"late": answered_on > item.answer_due},
        now=now,
    )
    return item


def commune_leaders(commune: AdministrativeUnit, *, on: date):
    """Leaders assigned to the commune itself today (the addressees of overdue-answer notices)."""
    return [
        assignment.user
        for assignment in RoleAssignment.objects.filter(role=Role.LEADER, unit=commune, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("user")
        if assignment.user.is_active
    ]


def recommendations_overdue_notify(*, now=None) -> int:
    """In-app notice to the commune leaders for every board recommendation not answered by its due date.
    Idempotent (one message key per recommendation and leader), so the periodic task may run any time."""
    today = local_date(now_or_current(now))
    sent = 0
    overdue = Recommendation.objects.filter(answered_on__isnull=True, answer_due__lt=today).select_related(
        "board", "board__commune"
    )
    for item in overdue:
        with transaction.atomic():
            for leader in commune_leaders(item.board.commune, on=today):
                key = f"democracy:recommendation:{item.pk}:overdue:{leader.pk}"
                if Message.objects.filter(idempotency_key=key).exists():
                    continue
                message_enqueue(
                    key=key,
                    channel=Message.Channel.INBOX,
                    subject=_("Quá hạn trả lời kiến nghị của %(board)s") % {"board": item.board.name},
                    body=_("Kiến nghị gửi ngày %(sent)s, hạn trả lời %(due)s: %(text)s")
                    % {
                        "sent": item.sent_on.strftime("%d/%m/%Y"),
                        "due": item.answer_due.strftime("%d/%m/%Y"),
                        "text": item.recommendation[:300],
                    },
                    recipient=leader,
                    link=f"/lam-viec/dan-chu-co-so/ban/{item.board_id}/",
                )
                sent += 1
    return sent
