"""Writers of evaluations: the only code that changes its records.

Who does what (DOMAIN.md §3; the provincial rules are [U], the flow is the common one): the parent unit
(e.g. the province) builds the criteria set and opens a round for its communes; each commune scores itself
with evidence and submits; the parent unit reviews, adjusting points with a comment; the parent finalises
the round (scores, bands, ranking); a commune may ask for a review of its result (appeal), which the parent
upholds (with the adjusted points) or rejects. Every change writes an AssessmentEvent and an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.core import indicators
from danvan.core.audit import audit_record
from danvan.core.clock import now_or_current
from danvan.core.errors import PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.text import normalize
from danvan.evaluations import scoring
from danvan.evaluations.models import (
    Appeal,
    Assessment,
    AssessmentEvent,
    CriteriaSet,
    Criterion,
    Round,
    Score,
    default_bands,
)
from danvan.territory.models import AdministrativeUnit

MAX_DEPTH = 6


def format_points(value: Decimal) -> str:
    """20.00 → "20", 12.50 → "12,5" (Vietnamese decimal comma)."""
    return format(value.normalize(), "f").replace(".", ",")


# --- permissions ----------------------------------------------------------------------------------------------


def can_review(user, round_: Round) -> bool:
    """The parent unit reviews: the user holds the permission over the round's reviewing unit."""
    return has_perm(user, Perm.EVALUATION_MANAGE, round_.parent_unit)


def can_self_assess(user, assessment: Assessment) -> bool:
    """The unit itself scores: permission over the unit, but not from the reviewing level (a reviewer does
    not fill in the unit's own assessment)."""
    return has_perm(user, Perm.EVALUATION_MANAGE, assessment) and not can_review(user, assessment.round)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError()


def _event(assessment: Assessment, *, action: str, actor, now: datetime, note: str = "", data: dict | None = None):
    AssessmentEvent.objects.create(
        assessment=assessment, action=action, actor=actor, occurred_at=now, note=note, data=data or {}
    )
    audit_record(
        action=f"evaluations.{action}",
        actor=actor,
        target=assessment,
        unit_path=assessment.unit_path,
        data=data or {},
        now=now,
    )


def _decimal(value, *, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationFailed(_("Điểm phải là một số."), fields={field: _("Điểm phải là một số.")}) from None
    if not number.is_finite():
        raise ValidationFailed(_("Điểm phải là một số."), fields={field: _("Điểm phải là một số.")})
    return scoring.quantize(number)


# --- criteria sets ----------------------------------------------------------------------------------------------


@transaction.atomic
def criteria_set_create(
    *, actor, unit: AdministrativeUnit, name: str, basis: str = "", now: datetime | None = None
) -> CriteriaSet:
    _require(has_perm(actor, Perm.EVALUATION_MANAGE, unit))
    name = normalize(name)
    if not name:
        raise ValidationFailed(
            _("Vui lòng nhập tên bộ tiêu chí."), fields={"name": _("Vui lòng nhập tên bộ tiêu chí.")}
        )
    criteria_set = CriteriaSet.objects.create(
        name=name, basis=normalize(basis), unit=unit, unit_path=unit.path, created_by=actor
    )
    audit_record(
        action="evaluations.criteria_set_created", actor=actor, target=criteria_set, unit_path=unit.path, now=now
    )
    return criteria_set


@dataclass
class CriterionInput:
    code: str
    title: str
    max_points: object = 0
    parent: Criterion | None = None
    guidance: str = ""
    evidence_required: bool = False
    indicator_code: str = ""
    min_sample: int = 0


def _depth(criterion: Criterion | None) -> int:
    depth = 0
    while criterion is not None:
        depth += 1
        criterion = criterion.parent
    return depth


def _clean_criterion(criteria_set: CriteriaSet, data: CriterionInput) -> dict:
    errors: dict[str, str] = {}
    code, title = normalize(data.code), normalize(data.title)
    if not code:
        errors["code"] = _("Vui lòng nhập số hiệu tiêu chí, ví dụ 1.2.")
    elif criteria_set.criteria.filter(code=code).exists():
        errors["code"] = _("Số hiệu %(code)s đã có trong bộ tiêu chí.") % {"code": code}
    if not title:
        errors["title"] = _("Vui lòng nhập nội dung tiêu chí.")
    try:
        points = _decimal(data.max_points, field="max_points") or Decimal(0)
    except ValidationFailed:
        points = None
        errors["max_points"] = _("Điểm tối đa phải là một số.")
    if points is not None and points < 0:
        errors["max_points"] = _("Điểm tối đa không được âm.")
    if data.parent is not None and data.parent.criteria_set_id != criteria_set.pk:
        errors["parent"] = _("Mục cha không thuộc bộ tiêu chí này.")
    elif _depth(data.parent) >= MAX_DEPTH:
        errors["parent"] = _("Cây tiêu chí tối đa %(n)s cấp.") % {"n": MAX_DEPTH}
    indicator_code = (data.indicator_code or "").strip()
    if indicator_code:
        try:
            item = indicators.indicator(indicator_code)
        except KeyError:
            errors["indicator_code"] = _("Không có chỉ tiêu mã %(code)s.") % {"code": indicator_code}
        else:
            if item.aggregation != indicators.Aggregation.RATE:
                errors["indicator_code"] = _("Chỉ chấm tự động theo chỉ tiêu dạng tỷ lệ (tử số / mẫu số).")
    if int(data.min_sample or 0) < 0:
        errors["min_sample"] = _("Cỡ mẫu tối thiểu không được âm.")
    if errors:
        raise ValidationFailed(next(iter(errors.values())), fields=errors)
    return {
        "code": code,
        "title": title,
        "max_points": points,
        "parent": data.parent,
        "guidance": (data.guidance or "").strip(),
        "evidence_required": bool(data.evidence_required),
        "indicator_code": indicator_code,
        "min_sample": int(data.min_sample or 0),
    }


def _recompute_parent_maxima(criteria_set: CriteriaSet) -> None:
    """A parent's maximum is the sum of its children's (bottom-up)."""
    nodes = list(criteria_set.criteria.all())
    children: dict[int | None, list[Criterion]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def walk(node: Criterion) -> Decimal:
        kids = children.get(node.pk, [])
        if not kids:
            return node.max_points
        total = sum((walk(kid) for kid in kids), Decimal(0))
        if node.max_points != total:
            node.max_points = total
            node.save(update_fields=["max_points"])
        return total

    for root in children.get(None, []):
        walk(root)


def _set_editable(criteria_set: CriteriaSet) -> None:
    if criteria_set.rounds.exists():
        raise TransitionNotAllowed(_("Bộ tiêu chí đã dùng cho một đợt đánh giá; không sửa được nữa. Hãy tạo bộ mới."))


@transaction.atomic
def criterion_add(*, actor, criteria_set: CriteriaSet, data: CriterionInput, now: datetime | None = None) -> Criterion:
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    _require(has_perm(actor, Perm.EVALUATION_MANAGE, criteria_set))
    _set_editable(criteria_set)
    clean = _clean_criterion(criteria_set, data)
    parent = clean["parent"]
    if parent is not None and parent.indicator_code:
        raise ValidationFailed(
            _("Tiêu chí chấm tự động không có tiêu chí con."),
            fields={"parent": _("Tiêu chí chấm tự động không có tiêu chí con.")},
        )
    siblings = criteria_set.criteria.filter(parent=parent)
    clean["position"] = (siblings.aggregate(last=Max("position"))["last"] or 0) + 1
    criterion = Criterion.objects.create(criteria_set=criteria_set, **clean)
    _recompute_parent_maxima(criteria_set)
    audit_record(
        action="evaluations.criterion_added",
        actor=actor,
        target=criterion,
        unit_path=criteria_set.unit_path,
        data={"code": criterion.code, "max": str(criterion.max_points)},
        now=now,
    )
    return criterion


def leaves_of(criteria_set: CriteriaSet) -> list[Criterion]:
    nodes = list(criteria_set.criteria.all())
    parents = {node.parent_id for node in nodes if node.parent_id}
    return [node for node in nodes if node.pk not in parents]


# --- rounds -------------------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    actor,
    criteria_set: CriteriaSet,
    parent_unit: AdministrativeUnit,
    name: str,
    year: int,
    period_start: date,
    period_end: date,
    bands: list[dict] | None = None,
    unit_level: int = AdministrativeUnit.Level.COMMUNE,
    units: list[AdministrativeUnit] | None = None,
    now: datetime | None = None,
) -> Round:
    """Open a round for every current unit of ``unit_level`` directly under ``parent_unit`` (or only for
    ``units``, which must be among them)."""
    _require(has_perm(actor, Perm.EVALUATION_MANAGE, parent_unit))
    _require(has_perm(actor, Perm.EVALUATION_MANAGE, criteria_set))
    name = normalize(name)
    errors = {}
    if not name:
        errors["name"] = _("Vui lòng nhập tên đợt đánh giá.")
    if period_end < period_start:
        errors["period_end"] = _("Ngày kết thúc kỳ số liệu phải sau ngày bắt đầu.")
    try:
        clean_bands = scoring.validate_bands(bands if bands is not None else default_bands())
    except (TypeError, ValueError):
        clean_bands = []
        errors["bands"] = _(
            "Mức xếp loại không hợp lệ: mỗi mức có tên và điểm sàn từ 0 đến 100, không trùng nhau, có một mức từ 0."
        )
    leaves = leaves_of(criteria_set)
    if not leaves or any(leaf.max_points <= 0 for leaf in leaves):
        errors["criteria_set"] = _("Bộ tiêu chí chưa có tiêu chí, hoặc có tiêu chí cuối chưa có điểm tối đa.")
    children = AdministrativeUnit.objects.filter(parent=parent_unit, level=unit_level, valid_to__isnull=True)
    if units is not None:
        chosen = {unit.pk for unit in units}
        if children.filter(pk__in=chosen).count() != len(chosen):
            errors["units"] = _("Chỉ đánh giá được các đơn vị trực thuộc đơn vị thẩm định.")
        children = children.filter(pk__in=chosen)
    units = list(children.order_by("name_sort"))
    if not units:
        errors["parent_unit"] = _("Đơn vị thẩm định không có đơn vị trực thuộc nào ở cấp được chọn.")
    if errors:
        raise ValidationFailed(next(iter(errors.values())), fields=errors)
    round_ = Round.objects.create(
        name=name,
        criteria_set=criteria_set,
        year=year,
        period_start=period_start,
        period_end=period_end,
        parent_unit=parent_unit,
        unit_path=parent_unit.path,
        unit_level=unit_level,
        bands=clean_bands,
        created_by=actor,
    )
    moment = now_or_current(now)
    for unit in units:
        assessment = Assessment.objects.create(round=round_, unit=unit, unit_path=unit.path)
        Score.objects.bulk_create(Score(assessment=assessment, criterion=leaf) for leaf in leaves)
        AssessmentEvent.objects.create(assessment=assessment, action="opened", actor=actor, occurred_at=moment)
    audit_record(
        action="evaluations.round_created",
        actor=actor,
        target=round_,
        unit_path=round_.unit_path,
        data={"units": len(units), "year": year},
        now=moment,
    )
    return round_


def _min_sample(criterion: Criterion, item: indicators.Indicator) -> int:
    return max(criterion.min_sample, item.min_sample)


def _refresh_auto(assessment: Assessment) -> None:
    """Automatic criteria: points = max × rate, only when the denominator reaches the minimum sample."""
    round_ = assessment.round
    scope = indicators.Scope((assessment.unit.path,), round_.period_start, round_.period_end)
    for score in assessment.scores.select_related("criterion").exclude(criterion__indicator_code=""):
        criterion = score.criterion
        item = indicators.indicator(criterion.indicator_code)
        value = item.value(scope)
        denominator = value.denominator or 0
        score.auto_numerator, score.auto_denominator = value.numerator, denominator
        if denominator < _min_sample(criterion, item) or denominator <= 0:
            score.auto_points, score.auto_short_sample = None, True
        else:
            score.auto_points = scoring.auto_points(
                criterion.max_points, value.numerator, denominator, higher_is_better=item.higher_is_better
            )
            score.auto_short_sample = False
        score.save(update_fields=["auto_points", "auto_numerator", "auto_denominator", "auto_short_sample"])


def short_sample_reason(score: Score) -> str:
    criterion = score.criterion
    item = indicators.indicator(criterion.indicator_code)
    return _("Tiêu chí %(code)s (%(name)s): mới có %(n)s trường hợp, cần tối thiểu %(min)s để chấm tự động.") % {
        "code": criterion.code,
        "name": item.name,
        "n": int(score.auto_denominator or 0),
        "min": max(_min_sample(criterion, item), 1),
    }


def leaf_scores(assessment: Assessment) -> list[scoring.LeafScore]:
    leaves = []
    for score in assessment.scores.select_related("criterion"):
        criterion = score.criterion
        if criterion.indicator_code:
            if score.auto_short_sample:
                leaves.append(
                    scoring.LeafScore(criterion.code, criterion.max_points, None, False, short_sample_reason(score))
                )
                continue
            points = score.review_points if score.review_points is not None else score.auto_points
        else:
            points = score.review_points if score.review_points is not None else score.self_points
        leaves.append(scoring.LeafScore(criterion.code, criterion.max_points, points, not score.not_applicable))
    return leaves


# --- self-assessment ------------------------------------------------------------------------------------------


@dataclass
class SelfEntry:
    points: object = None
    evidence: str = ""


@transaction.atomic
def assessment_self_score(
    *, actor, assessment: Assessment, entries: dict[int, SelfEntry], comment: str = "", now: datetime | None = None
) -> Assessment:
    """Save the unit's own points and evidence (a draft; can be saved many times before submitting)."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("round__parent_unit").get(pk=assessment.pk)
    )
    _require(can_self_assess(actor, assessment))
    if assessment.status != Assessment.Status.DRAFT:
        raise TransitionNotAllowed(_("Đơn vị đã gửi bản tự đánh giá; không sửa được nữa."))
    errors: dict[str, str] = {}
    scores = {score.criterion_id: score for score in assessment.scores.select_related("criterion")}
    for criterion_id, entry in entries.items():
        score = scores.get(int(criterion_id))
        if score is None or score.criterion.indicator_code:
            continue
        field = f"points_{criterion_id}"
        try:
            points = _decimal(entry.points, field=field)
        except ValidationFailed as exc:
            errors[field] = exc.message
            continue
        if points is not None and not 0 <= points <= score.criterion.max_points:
            errors[field] = _("Điểm từ 0 đến %(max)s.") % {"max": format_points(score.criterion.max_points)}
            continue
        score.self_points = points
        score.evidence = (entry.evidence or "").strip()
        score.save(update_fields=["self_points", "evidence"])
    if errors:
        summary = _("Một số điểm không hợp lệ; vui lòng xem lại các tiêu chí được đánh dấu.")
        raise ValidationFailed(next(iter(errors.values())) if len(errors) == 1 else summary, fields=errors)
    assessment.self_comment = (comment or "").strip()
    assessment.save(update_fields=["self_comment", "updated_at"])
    _event(assessment, action="self_scored", actor=actor, now=now_or_current(now))
    return assessment


@transaction.atomic
def assessment_submit(*, actor, assessment: Assessment, now: datetime | None = None) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("round__parent_unit", "unit")
        .get(pk=assessment.pk)
    )
    _require(can_self_assess(actor, assessment))
    if assessment.status != Assessment.Status.DRAFT:
        raise TransitionNotAllowed(_("Bản tự đánh giá đã được gửi."))
    missing, no_evidence = [], []
    for score in assessment.scores.select_related("criterion").order_by("criterion__position", "criterion__pk"):
        criterion = score.criterion
        if criterion.indicator_code:
            continue
        if score.self_points is None:
            missing.append(criterion.code)
        elif criterion.evidence_required and score.self_points > 0 and not score.evidence:
            no_evidence.append(criterion.code)
    if missing:
        raise ValidationFailed(_("Chưa tự chấm các tiêu chí: %(codes)s.") % {"codes": ", ".join(missing)})
    if no_evidence:
        raise ValidationFailed(
            _("Các tiêu chí sau bắt buộc có tài liệu kiểm chứng: %(codes)s.") % {"codes": ", ".join(no_evidence)}
        )
    moment = now_or_current(now)
    _refresh_auto(assessment)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = moment
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    total = scoring.total(leaf_scores(assessment))
    _event(assessment, action="submitted", actor=actor, now=moment, data={"percent": str(total.percent)})
    return assessment


# --- review by the parent unit -------------------------------------------------------------------------------


@dataclass
class ReviewEntry:
    points: object = None  # None: keep the unit's own (or the automatic) points
    comment: str = ""
    not_applicable: bool = False


@transaction.atomic
def assessment_review(
    *,
    actor,
    assessment: Assessment,
    entries: dict[int, ReviewEntry],
    comment: str = "",
    complete: bool = True,
    now: datetime | None = None,
) -> Assessment:
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("round__parent_unit").get(pk=assessment.pk)
    )
    _require(can_review(actor, assessment.round))
    if assessment.status not in (Assessment.Status.SUBMITTED, Assessment.Status.REVIEWED):
        raise TransitionNotAllowed(_("Chỉ thẩm định được bản tự đánh giá đã gửi và chưa công bố kết quả."))
    errors: dict[str, str] = {}
    changes = []
    scores = {score.criterion_id: score for score in assessment.scores.select_related("criterion")}
    for criterion_id, entry in entries.items():
        score = scores.get(int(criterion_id))
        if score is None:
            continue
        field = f"review_{criterion_id}"
        try:
            points = _decimal(entry.points, field=field)
        except ValidationFailed as exc:
            errors[field] = exc.message
            continue
        if points is not None and not 0 <= points <= score.criterion.max_points:
            errors[field] = _("Điểm từ 0 đến %(max)s.") % {"max": format_points(score.criterion.max_points)}
            continue
        own = score.auto_points if score.criterion.indicator_code else score.self_points
        note = (entry.comment or "").strip()
        adjusted = (points is not None and points != own) or bool(entry.not_applicable)
        if adjusted and not note:
            errors[field] = _("Vui lòng ghi ý kiến thẩm định khi điều chỉnh điểm của tiêu chí %(code)s.") % {
                "code": score.criterion.code
            }
            continue
        if (points, note, bool(entry.not_applicable)) != (
            score.review_points,
            score.review_comment,
            score.not_applicable,
        ):
            changes.append({"criterion": score.criterion.code, "from": str(own), "to": str(points)})
        score.review_points, score.review_comment, score.not_applicable = points, note, bool(entry.not_applicable)
        score.save(update_fields=["review_points", "review_comment", "not_applicable"])
    if errors:
        summary = _("Một số điểm thẩm định chưa hợp lệ; vui lòng xem lại.")
        raise ValidationFailed(next(iter(errors.values())) if len(errors) == 1 else summary, fields=errors)
    moment = now_or_current(now)
    assessment.review_comment = (comment or "").strip()
    if complete:
        assessment.status = Assessment.Status.REVIEWED
        assessment.reviewed_at = moment
    assessment.save(update_fields=["review_comment", "status", "reviewed_at", "updated_at"])
    _event(
        assessment,
        action="reviewed" if complete else "review_saved",
        actor=actor,
        now=moment,
        data={"changes": changes},
    )
    return assessment


# --- results ----------------------------------------------------------------------------------------------------


def _compute_round(round_: Round, *, refresh_auto: bool) -> None:
    """Scores, bands and ranks of every assessment of the round (called under the round's lock)."""
    assessments = list(round_.assessments.select_related("unit", "round"))
    ranked: list[tuple[int, Decimal]] = []
    for assessment in assessments:
        if refresh_auto and assessment.status != Assessment.Status.DRAFT:
            _refresh_auto(assessment)
        result = scoring.total(leaf_scores(assessment))
        finished = assessment.status in (Assessment.Status.REVIEWED, Assessment.Status.FINAL)
        # An unfinished sheet has no result (showing its partial points as a score would mislead).
        assessment.points, assessment.max_applicable, assessment.percent = (
            (result.points, result.max_applicable, result.percent) if finished else (None, None, None)
        )
        reasons = []
        if not finished:
            reasons.append(_("Chưa hoàn thành tự đánh giá và thẩm định."))
        reasons.extend(result.short_samples)
        if finished and result.percent is None:
            reasons.append(_("Không có tiêu chí nào áp dụng được."))
        assessment.not_ranked_reason = " ".join(str(reason) for reason in reasons)[:500]
        assessment.band = scoring.band_for(result.percent, round_.bands) if finished else ""
        if not reasons:
            ranked.append((assessment.pk, result.percent))
    ranks = scoring.competition_ranks(ranked)
    for assessment in assessments:
        assessment.rank = ranks.get(assessment.pk)
        if assessment.status == Assessment.Status.REVIEWED:
            assessment.status = Assessment.Status.FINAL
        assessment.save(
            update_fields=[
                "points",
                "max_applicable",
                "percent",
                "band",
                "rank",
                "not_ranked_reason",
                "status",
                "updated_at",
            ]
        )


@transaction.atomic
def round_finalize(*, actor, round_: Round, now: datetime | None = None) -> Round:
    round_ = Round.objects.select_for_update(of=("self",)).select_related("parent_unit").get(pk=round_.pk)
    _require(can_review(actor, round_))
    if round_.status == Round.Status.FINAL:
        raise TransitionNotAllowed(_("Đợt đánh giá đã công bố kết quả."))
    if not round_.assessments.filter(status=Assessment.Status.REVIEWED).exists():
        raise TransitionNotAllowed(_("Chưa có đơn vị nào được thẩm định xong."))
    moment = now_or_current(now)
    _compute_round(round_, refresh_auto=True)
    round_.status = Round.Status.FINAL
    round_.finalized_at = moment
    round_.save(update_fields=["status", "finalized_at", "updated_at"])
    for assessment in round_.assessments.all():
        _event(
            assessment,
            action="finalized",
            actor=actor,
            now=moment,
            data={"percent": str(assessment.percent), "band": assessment.band, "rank": assessment.rank},
        )
    return round_


# --- appeals ----------------------------------------------------------------------------------------------------


@transaction.atomic
def appeal_submit(
    *, actor, assessment: Assessment, reason: str, criterion: Criterion | None = None, now: datetime | None = None
) -> Appeal:
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("round__parent_unit").get(pk=assessment.pk)
    )
    _require(can_self_assess(actor, assessment))
    if assessment.round.status != Round.Status.FINAL:
        raise TransitionNotAllowed(_("Chỉ đề nghị xem xét lại sau khi đợt đánh giá đã công bố kết quả."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Vui lòng nêu lý do đề nghị xem xét lại."),
            fields={"reason": _("Vui lòng nêu lý do đề nghị xem xét lại.")},
        )
    if criterion is not None and not assessment.scores.filter(criterion=criterion).exists():
        raise ValidationFailed(_("Tiêu chí không thuộc phiếu đánh giá này."))
    if assessment.appeals.filter(status=Appeal.Status.PENDING).exists():
        raise TransitionNotAllowed(_("Đơn vị đang có một đề nghị chờ xem xét."))
    appeal = Appeal.objects.create(
        assessment=assessment, criterion=criterion, reason=reason, submitted_by=actor, percent_before=assessment.percent
    )
    _event(
        assessment,
        action="appealed",
        actor=actor,
        now=now_or_current(now),
        note=reason,
        data={"criterion": criterion.code if criterion else ""},
    )
    return appeal


@transaction.atomic
def appeal_decide(
    *, actor, appeal: Appeal, upheld: bool, decision: str, points=None, now: datetime | None = None
) -> Appeal:
    """Upheld with new points for the appealed criterion (recomputes the round's bands and ranking), or
    rejected; either way with the reasons written down."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("assessment__round", "criterion")
        .get(pk=appeal.pk)
    )
    assessment = appeal.assessment
    round_ = Round.objects.select_for_update(of=("self",)).select_related("parent_unit").get(pk=assessment.round_id)
    _require(can_review(actor, round_))
    if appeal.status != Appeal.Status.PENDING:
        raise TransitionNotAllowed(_("Đề nghị này đã được giải quyết."))
    decision = (decision or "").strip()
    if not decision:
        raise ValidationFailed(
            _("Vui lòng ghi ý kiến giải quyết."), fields={"decision": _("Vui lòng ghi ý kiến giải quyết.")}
        )
    moment = now_or_current(now)
    if upheld and appeal.criterion is not None:
        score = assessment.scores.select_related("criterion").get(criterion=appeal.criterion)
        new_points = _decimal(points, field="points")
        if new_points is None or not 0 <= new_points <= score.criterion.max_points:
            message = _("Nhập điểm mới của tiêu chí %(code)s, từ 0 đến %(max)s.") % {
                "code": score.criterion.code,
                "max": format_points(score.criterion.max_points),
            }
            raise ValidationFailed(message, fields={"points": message})
        score.review_points = new_points
        score.review_comment = _("Điều chỉnh theo đề nghị xem xét lại: %(decision)s") % {"decision": decision}
        score.not_applicable = False
        score.save(update_fields=["review_points", "review_comment", "not_applicable"])
        _compute_round(round_, refresh_auto=False)
        assessment.refresh_from_db()
    appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.REJECTED
    appeal.decision, appeal.decided_by, appeal.decided_at = decision, actor, moment
    appeal.percent_after = assessment.percent
    appeal.save(update_fields=["status", "decision", "decided_by", "decided_at", "percent_after", "updated_at"])
    _event(
        assessment,
        action="appeal_decided",
        actor=actor,
        now=moment,
        note=decision,
        data={"status": appeal.status, "before": str(appeal.percent_before), "after": str(appeal.percent_after)},
    )
    return appeal
