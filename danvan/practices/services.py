"""Writers of practices: the only code that changes its records.

Each function checks permission and workflow, writes the change, a timeline row (``PracticeEvent``) and an
audit event in one transaction.

Workflow: registration → review at a level (commune, province, national) → scoring against that level's
criteria set → recognition (only with the set's pass mark) or not. A practice recognised at one level may be
put forward to a higher one; it keeps its recognised level meanwhile, so it stays on the public showcase.
Who acts at which level: the commune level needs PRACTICE_MANAGE over the practice's unit; the province level
needs PRACTICE_MANAGE over its province; the national level needs nationwide PRACTICE_MANAGE.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import NATIONWIDE, has_perm, jurisdiction_paths
from danvan.cases.services import MAX_ATTACHMENT_BYTES
from danvan.core.audit import audit_record
from danvan.core.clock import local_date, now_or_current
from danvan.core.errors import NotFoundError, PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.text import fold, normalize
from danvan.core.uploads import check_upload
from danvan.organizations.models import Organization
from danvan.practices.defaults import seed_criteria
from danvan.practices.models import (
    LEVEL_RANK,
    Commendation,
    CriteriaSet,
    Criterion,
    Evidence,
    Level,
    NewsItem,
    Practice,
    PracticeEvent,
    PracticeField,
    Replication,
    ResultIndicator,
    Review,
    ReviewScore,
)
from danvan.territory.models import AdministrativeUnit, path_ancestors

Status = Practice.Status
MAX_RESULTS = 10


@transaction.atomic
def criteria_sets_seed() -> int:
    """The default criteria set of each level that has none yet (see practices.defaults). Returns how many."""
    return seed_criteria(CriteriaSet, Criterion)


def criteria_set_for(level: str, unit_path: str) -> CriteriaSet:
    """The active set of ``level`` that applies to a unit: the one with the longest matching path."""
    candidates = [
        item
        for item in CriteriaSet.objects.filter(level=level, is_active=True)
        if not item.unit_path or unit_path.startswith(item.unit_path)
    ]
    if not candidates:
        raise ValidationFailed(
            _("Chưa có bộ tiêu chí công nhận cho %(level)s; đề nghị quản trị cấu hình trước.")
            % {"level": Level(level).label.lower()}
        )
    return max(candidates, key=lambda item: (len(item.unit_path), item.pk))


# --- Who may act at which level -----------------------------------------------------------------------------


def province_path(unit_path: str) -> str:
    return path_ancestors(unit_path)[0]


def may_act_at(user, practice: Practice, level: str) -> bool:
    if level == Level.COMMUNE:
        return has_perm(user, Perm.PRACTICE_MANAGE, practice)
    if level == Level.PROVINCE:
        target = province_path(practice.unit_path)
        return any(target.startswith(path) for path in jurisdiction_paths(user, Perm.PRACTICE_MANAGE))
    if level == Level.NATIONAL:
        return NATIONWIDE in jurisdiction_paths(user, Perm.PRACTICE_MANAGE)
    return False


def _require_level(user, practice: Practice, level: str) -> None:
    if level not in Level.values:
        raise ValidationFailed(_("Cấp công nhận không hợp lệ."))
    if not may_act_at(user, practice, level):
        raise PermissionDeniedError(
            _("Bạn không có thẩm quyền xét, công nhận ở %(level)s đối với mô hình này.")
            % {"level": Level(level).label.lower()}
        )


def _lock(actor, practice_id: int) -> Practice:
    """The practice, locked, if ``actor`` may manage it at all; otherwise it does not exist for them."""
    practice = Practice.objects.select_for_update().filter(pk=practice_id).first()
    if practice is None or not has_perm(actor, Perm.PRACTICE_MANAGE, practice):
        raise NotFoundError()
    return practice


def _record(practice: Practice, *, action: str, actor, now: datetime, from_status="", level="", note="", data=None):
    PracticeEvent.objects.create(
        practice=practice,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        occurred_at=now,
        from_status=from_status,
        to_status=practice.status,
        level=level,
        note=note,
    )
    audit_record(
        action=f"practices.{action}",
        actor=actor,
        target=practice,
        unit_path=practice.unit_path,
        now=now,
        data={"status": practice.status, "level": level, **(data or {})},
    )


def _search_text(practice: Practice) -> str:
    parts = [practice.title, practice.holder_name, practice.description, practice.unit.name]
    if practice.organization_id:
        parts.append(practice.organization.name)
    return fold(" ".join(parts))


# --- Registration ------------------------------------------------------------------------------------------


@dataclass
class ResultInput:
    indicator: str
    result: Decimal
    baseline: Decimal | None = None
    unit_of_measure: str = ""


@dataclass
class PracticeInput:
    title: str
    field: str
    holder: str
    holder_name: str
    unit: AdministrativeUnit
    period_start: date
    description: str
    kind: str = Practice.Kind.MODEL
    organization: Organization | None = None
    period_end: date | None = None
    results: list[ResultInput] = field(default_factory=list)


def _validate(data: PracticeInput) -> None:
    errors = []
    if not normalize(data.title):
        errors.append(_("Cần nhập tên mô hình."))
    if not normalize(data.holder_name):
        errors.append(_("Cần nhập tên tập thể hoặc cá nhân."))
    if not normalize(data.description):
        errors.append(_("Cần mô tả cách làm."))
    if data.field not in PracticeField.values:
        errors.append(_("Lĩnh vực không hợp lệ."))
    if data.holder not in Practice.Holder.values:
        errors.append(_("Chọn tập thể hoặc cá nhân."))
    if data.kind not in Practice.Kind.values:
        errors.append(_("Loại không hợp lệ."))
    if data.period_end and data.period_end < data.period_start:
        errors.append(_("Thời gian kết thúc phải sau thời gian bắt đầu."))
    if data.organization is not None and data.organization.unit_id != data.unit.pk:
        errors.append(_("Cơ quan, tổ chức phải thuộc địa bàn của mô hình."))
    if data.unit.level not in (AdministrativeUnit.Level.PROVINCE, AdministrativeUnit.Level.COMMUNE):
        errors.append(_("Mô hình được đăng ký ở cấp xã hoặc cấp tỉnh."))
    if len(data.results) > MAX_RESULTS:
        errors.append(_("Tối đa %(n)s kết quả.") % {"n": MAX_RESULTS})
    for item in data.results:
        if not normalize(item.indicator):
            errors.append(_("Mỗi kết quả cần tên chỉ tiêu."))
    if errors:
        raise ValidationFailed(" ".join(errors))


@transaction.atomic
def practice_register(*, data: PracticeInput, actor, now: datetime | None = None) -> Practice:
    now = now_or_current(now)
    if not has_perm(actor, Perm.PRACTICE_MANAGE, data.unit):
        raise PermissionDeniedError(_("Bạn không quản lý mô hình Dân vận khéo ở địa bàn này."))
    _validate(data)
    practice = Practice(
        kind=data.kind,
        holder=data.holder,
        holder_name=normalize(data.holder_name),
        title=normalize(data.title),
        field=data.field,
        unit=data.unit,
        unit_path=data.unit.path,
        organization=data.organization,
        period_start=data.period_start,
        period_end=data.period_end,
        description=normalize(data.description),
        status=Status.REGISTERED,
        registered_at=now,
        registered_by=actor if getattr(actor, "pk", None) else None,
    )
    practice.search_text = _search_text(practice)
    practice.save()
    ResultIndicator.objects.bulk_create(
        ResultIndicator(
            practice=practice,
            indicator=normalize(item.indicator),
            baseline=item.baseline,
            result=item.result,
            unit_of_measure=normalize(item.unit_of_measure),
            order=index,
        )
        for index, item in enumerate(data.results, start=1)
    )
    _record(practice, action="registered", actor=actor, now=now)
    return practice


@transaction.atomic
def result_add(*, practice_id: int, item: ResultInput, actor, now: datetime | None = None) -> ResultIndicator:
    now = now_or_current(now)
    practice = _lock(actor, practice_id)
    if not normalize(item.indicator):
        raise ValidationFailed(_("Mỗi kết quả cần tên chỉ tiêu."))
    if practice.results.count() >= MAX_RESULTS:
        raise ValidationFailed(_("Tối đa %(n)s kết quả.") % {"n": MAX_RESULTS})
    row = ResultIndicator.objects.create(
        practice=practice,
        indicator=normalize(item.indicator),
        baseline=item.baseline,
        result=item.result,
        unit_of_measure=normalize(item.unit_of_measure),
        order=practice.results.count() + 1,
    )
    _record(practice, action="result_added", actor=actor, now=now, note=row.indicator)
    return row


@transaction.atomic
def evidence_add(*, practice_id: int, uploaded_file, actor, now: datetime | None = None) -> Evidence:
    """PDF, PNG, JPEG or DOCX up to 10 MB, judged by content (as case attachments), stored under its hash."""
    now = now_or_current(now)
    practice = _lock(actor, practice_id)
    content_type = check_upload(uploaded_file, max_bytes=MAX_ATTACHMENT_BYTES)
    evidence = Evidence(practice=practice)
    evidence.store(uploaded_file, content_type=content_type, actor=actor)
    _record(practice, action="evidence_added", actor=actor, now=now, note=evidence.original_name)
    return evidence


# --- Review and recognition ---------------------------------------------------------------------------------


def pending_review(practice: Practice) -> Review | None:
    return practice.reviews.filter(outcome=Review.Outcome.PENDING).select_related("criteria_set").first()


@transaction.atomic
def review_open(*, practice_id: int, level: str, actor, now: datetime | None = None) -> Review:
    """Put a practice forward for recognition at ``level``: above any level it already holds."""
    now = now_or_current(now)
    practice = _lock(actor, practice_id)
    _require_level(actor, practice, level)
    if practice.status == Status.UNDER_REVIEW:
        raise TransitionNotAllowed(_("Mô hình đang được xét ở một cấp khác."))
    if practice.recognised_level and LEVEL_RANK[Level(level)] <= LEVEL_RANK[Level(practice.recognised_level)]:
        raise TransitionNotAllowed(
            _("Mô hình đã được công nhận ở %(level)s; chỉ đề nghị xét ở cấp cao hơn.")
            % {"level": Level(practice.recognised_level).label.lower()}
        )
    criteria_set = criteria_set_for(level, practice.unit_path)
    review = Review.objects.create(
        practice=practice, level=level, criteria_set=criteria_set, opened_at=now, unit_path=practice.unit_path
    )
    before = practice.status
    practice.status, practice.review_level = Status.UNDER_REVIEW, level
    practice.save(update_fields=["status", "review_level", "updated_at"])
    _record(practice, action="review_opened", actor=actor, now=now, from_status=before, level=level)
    return review


@transaction.atomic
def review_score(*, practice_id: int, scores: dict[int, int], actor, now: datetime | None = None) -> Review:
    """Score every criterion of the pending review's set (0..max); scoring again replaces the scores."""
    now = now_or_current(now)
    practice = _lock(actor, practice_id)
    review = pending_review(practice)
    if review is None:
        raise TransitionNotAllowed(_("Mô hình chưa được đưa ra xét công nhận."))
    _require_level(actor, practice, review.level)
    criteria = list(review.criteria_set.criteria.all())
    errors = []
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            errors.append(_("Chưa chấm tiêu chí: %(text)s.") % {"text": criterion.text})
        elif value < 0 or value > criterion.max_score:
            errors.append(
                _("Điểm tiêu chí “%(text)s” phải từ 0 đến %(max)s.")
                % {"text": criterion.text, "max": criterion.max_score}
            )
    if errors:
        raise ValidationFailed(" ".join(errors))
    review.scores.all().delete()
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, criterion=criterion, score=scores[criterion.pk]) for criterion in criteria
    )
    review.total_score = sum(scores[criterion.pk] for criterion in criteria)
    review.scored_at, review.scored_by = now, actor
    review.save(update_fields=["total_score", "scored_at", "scored_by", "updated_at"])
    _record(
        practice,
        action="scored",
        actor=actor,
        now=now,
        from_status=practice.status,
        level=review.level,
        note=_("Tổng điểm %(total)s/%(max)s (điểm đạt %(pass)s).")
        % {"total": review.total_score, "max": review.criteria_set.max_total, "pass": review.criteria_set.pass_mark},
        data={"total": review.total_score},
    )
    return review


@transaction.atomic
def practice_recognise(
    *,
    practice_id: int,
    level: str,
    decision_number: str,
    decision_date: date,
    actor,
    note: str = "",
    now: datetime | None = None,
) -> Practice:
    """Recognise at the level under review, only when the scored total reaches that level's pass mark."""
    now = now_or_current(now)
    practice = _lock(actor, practice_id)
    review = pending_review(practice)
    if review is None:
        raise TransitionNotAllowed(_("Mô hình chưa được đưa ra xét công nhận."))
    if level != review.level:
        raise TransitionNotAllowed(
            _("Mô hình đang được xét ở %(level)s, không thể công nhận ở cấp khác.")
            % {"level": Level(review.level).label.lower()}
        )
    _require_level(actor, practice, level)
    if review.total_score is None:
        raise TransitionNotAllowed(_("Chưa chấm điểm theo bộ tiêu chí; chưa thể công nhận."))
    if not review.passed:
        raise TransitionNotAllowed(
            _("Tổng điểm %(total)s chưa đạt điểm chuẩn %(pass)s của %(level)s; không thể công nhận.")
            % {"total": review.total_score, "pass": review.criteria_set.pass_mark, "level": Level(level).label.lower()}
        )
    decision_number = normalize(decision_number)
    if not decision_number:
        raise ValidationFailed(_("Cần nhập số quyết định công nhận."))
    if decision_date > local_date(now):
        raise ValidationFailed(_("Ngày quyết định không được sau hôm nay."))
    review.outcome, review.decided_at = Review.Outcome.RECOGNISED, now
    review.decision_number, review.decision_date = decision_number, decision_date
    review.save(update_fields=["outcome", "decided_at", "decision_number", "decision_date", "updated_at"])
    before = practice.status
    practice.status, practice.review_level = Status.RECOGNISED, ""
    practice.recognised_level, practice.recognised_at = level, now
    practice.save(update_fields=["status", "review_level", "recognised_level", "recognised_at", "updated_at"])
    _record(
        practice,
        action="recognised",
        actor=actor,
        now=now,
        from_status=before,
        level=level,
        note=normalize(note)
        or _("Quyết định số %(number)s ngày %(date)s.")
        % {"number": decision_number, "date": decision_date.strftime("%d/%m/%Y")},
        data={"decision": decision_number, "score": review.total_score},
    )
    return practice


@transaction.atomic
def practice_not_recognise(*, practice_id: int, actor, note: str, now: datetime | None = None) -> Practice:
    """Close the pending review without recognition; a practice recognised lower keeps that recognition."""
    now = now_or_current(now)
    practice = _lock(actor, practice_id)
    review = pending_review(practice)
    if review is None:
        raise TransitionNotAllowed(_("Mô hình chưa được đưa ra xét công nhận."))
    _require_level(actor, practice, review.level)
    if not normalize(note):
        raise ValidationFailed(_("Cần ghi lý do không công nhận."))
    review.outcome, review.decided_at = Review.Outcome.NOT_RECOGNISED, now
    review.save(update_fields=["outcome", "decided_at", "updated_at"])
    before = practice.status
    practice.status = Status.RECOGNISED if practice.recognised_level else Status.NOT_RECOGNISED
    practice.review_level = ""
    practice.save(update_fields=["status", "review_level", "updated_at"])
    _record(practice, action="not_recognised", actor=actor, now=now, from_status=before, level=review.level, note=note)
    return practice


# --- Commendation and replication ---------------------------------------------------------------------------


@dataclass
class CommendationInput:
    form: str
    level: str
    issuer: str
    decision_number: str
    decision_date: date
    note: str = ""


@transaction.atomic
def commendation_add(*, practice_id: int, data: CommendationInput, actor, now: datetime | None = None) -> Commendation:
    now = now_or_current(now)
    practice = _lock(actor, practice_id)
    if not practice.recognised_level:
        raise TransitionNotAllowed(_("Chỉ khen thưởng, biểu dương mô hình đã được công nhận."))
    if data.form not in Commendation.Form.values:
        raise ValidationFailed(_("Hình thức khen thưởng không hợp lệ."))
    _require_level(actor, practice, data.level)
    if not normalize(data.decision_number) or not normalize(data.issuer):
        raise ValidationFailed(_("Cần nhập số quyết định và cơ quan quyết định."))
    if data.decision_date > local_date(now):
        raise ValidationFailed(_("Ngày quyết định không được sau hôm nay."))
    if practice.commendations.filter(decision_number=normalize(data.decision_number)).exists():
        raise ValidationFailed(_("Quyết định này đã được ghi nhận cho mô hình."))
    commendation = Commendation.objects.create(
        practice=practice,
        form=data.form,
        level=data.level,
        issuer=normalize(data.issuer),
        decision_number=normalize(data.decision_number),
        decision_date=data.decision_date,
        note=normalize(data.note),
        unit_path=practice.unit_path,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    _record(
        practice,
        action="commended",
        actor=actor,
        now=now,
        from_status=practice.status,
        level=data.level,
        note=_("%(form)s theo Quyết định số %(number)s ngày %(date)s.")
        % {
            "form": commendation.get_form_display(),
            "number": commendation.decision_number,
            "date": commendation.decision_date.strftime("%d/%m/%Y"),
        },
    )
    return commendation


@transaction.atomic
def replication_add(
    *,
    practice_id: int,
    unit: AdministrativeUnit,
    adopted_on: date,
    results: str,
    actor,
    now: datetime | None = None,
) -> Replication:
    """Record that ``unit`` adopted a recognised model. The recorder manages the model or the adopting unit."""
    now = now_or_current(now)
    practice = Practice.objects.select_for_update().filter(pk=practice_id).first()
    if practice is None or not (
        has_perm(actor, Perm.PRACTICE_MANAGE, practice) or has_perm(actor, Perm.PRACTICE_MANAGE, unit)
    ):
        raise NotFoundError()
    if not practice.recognised_level:
        raise TransitionNotAllowed(_("Chỉ nhân rộng mô hình đã được công nhận."))
    if unit.pk == practice.unit_id:
        raise ValidationFailed(_("Đơn vị áp dụng phải khác đơn vị xây dựng mô hình."))
    if not unit.is_current or unit.level != AdministrativeUnit.Level.COMMUNE:
        raise ValidationFailed(_("Chọn một xã, phường đang hoạt động."))
    if adopted_on > local_date(now):
        raise ValidationFailed(_("Ngày áp dụng không được sau hôm nay."))
    if adopted_on < practice.period_start:
        raise ValidationFailed(_("Ngày áp dụng không thể trước khi mô hình bắt đầu."))
    if practice.replications.filter(unit=unit).exists():
        raise ValidationFailed(_("Đơn vị này đã được ghi nhận áp dụng mô hình."))
    replication = Replication.objects.create(
        practice=practice,
        unit=unit,
        unit_path=unit.path,
        adopted_on=adopted_on,
        results=normalize(results),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    _record(
        practice,
        action="replicated",
        actor=actor,
        now=now,
        from_status=practice.status,
        note=_("%(unit)s áp dụng từ %(date)s.") % {"unit": unit.name, "date": adopted_on.strftime("%d/%m/%Y")},
        data={"unit": unit.code},
    )
    return replication


# --- News and announcements ---------------------------------------------------------------------------------


@dataclass
class NewsInput:
    title: str
    category: str
    summary: str
    body: str
    organization: Organization


def _news_validate(data: NewsInput, actor) -> None:
    if not has_perm(actor, Perm.PRACTICE_MANAGE, data.organization):
        raise PermissionDeniedError(_("Bạn không được đăng tin thay cơ quan này."))
    errors = []
    if not normalize(data.title):
        errors.append(_("Cần nhập tiêu đề."))
    if not normalize(data.summary):
        errors.append(_("Cần nhập tóm tắt."))
    if not normalize(data.body):
        errors.append(_("Cần nhập nội dung."))
    if data.category not in NewsItem.Category.values:
        errors.append(_("Chuyên mục không hợp lệ."))
    if errors:
        raise ValidationFailed(" ".join(errors))


def _news_fill(item: NewsItem, data: NewsInput) -> None:
    item.title, item.summary, item.body = normalize(data.title), normalize(data.summary), normalize(data.body)
    item.category, item.organization, item.unit_path = data.category, data.organization, data.organization.unit_path
    item.search_text = fold(f"{item.title} {item.summary} {item.body}")


def _news_audit(item: NewsItem, action: str, actor, now) -> None:
    audit_record(
        action=f"practices.news_{action}",
        actor=actor,
        target=item,
        unit_path=item.unit_path,
        now=now,
        data={"status": item.status},
    )


@transaction.atomic
def news_create(*, data: NewsInput, actor, now: datetime | None = None) -> NewsItem:
    now = now_or_current(now)
    _news_validate(data, actor)
    item = NewsItem(status=NewsItem.Status.DRAFT, created_by=actor if getattr(actor, "pk", None) else None)
    _news_fill(item, data)
    item.save()
    _news_audit(item, "created", actor, now)
    return item


def _news_lock(actor, news_id: int) -> NewsItem:
    item = NewsItem.objects.select_for_update().filter(pk=news_id).first()
    if item is None or not has_perm(actor, Perm.PRACTICE_MANAGE, item):
        raise NotFoundError()
    return item


@transaction.atomic
def news_update(*, news_id: int, data: NewsInput, actor, now: datetime | None = None) -> NewsItem:
    now = now_or_current(now)
    item = _news_lock(actor, news_id)
    _news_validate(data, actor)
    _news_fill(item, data)
    item.save()
    _news_audit(item, "updated", actor, now)
    return item


@transaction.atomic
def news_publish(*, news_id: int, actor, published_at: datetime | None = None, now: datetime | None = None) -> NewsItem:
    """Draft → published. ``published_at`` may be set for back-dated items; never in the future."""
    now = now_or_current(now)
    item = _news_lock(actor, news_id)
    if item.status == NewsItem.Status.PUBLISHED:
        raise TransitionNotAllowed(_("Tin đã được đăng."))
    published_at = published_at or now
    if published_at > now:
        raise ValidationFailed(_("Ngày đăng không được sau thời điểm hiện tại."))
    item.status, item.published_at = NewsItem.Status.PUBLISHED, published_at
    item.save(update_fields=["status", "published_at", "updated_at"])
    _news_audit(item, "published", actor, now)
    return item


@transaction.atomic
def news_unpublish(*, news_id: int, actor, now: datetime | None = None) -> NewsItem:
    now = now_or_current(now)
    item = _news_lock(actor, news_id)
    if item.status != NewsItem.Status.PUBLISHED:
        raise TransitionNotAllowed(_("Tin chưa được đăng."))
    item.status = NewsItem.Status.DRAFT
    item.save(update_fields=["status", "updated_at"])
    _news_audit(item, "unpublished", actor, now)
    return item
