"""Scoring units against criteria: criteria sets (trees), rounds, assessments, scores and appeals.

Provinces issue their own scoring rules for dân vận chính quyền work (e.g. Bến Tre 07/2023/QĐ-UBND, Hưng Yên
04/2025/QĐ-UBND); their criteria, points and grade bands are unconfirmed [U] (DOMAIN.md §3), so everything
here is data: the criteria tree, the maximum points, the automatic scores and the classification bands.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import PublicIdModel, TimeStampedModel
from danvan.evaluations.querysets import AssessmentQuerySet, CriteriaSetQuerySet, RoundQuerySet
from danvan.territory.models import AdministrativeUnit

DEFAULT_BANDS = [
    {"label": "Xuất sắc", "min": 90},
    {"label": "Tốt", "min": 75},
    {"label": "Khá", "min": 50},
    {"label": "Yếu", "min": 0},
]


def default_bands() -> list[dict]:
    return [dict(band) for band in DEFAULT_BANDS]


class CriteriaSet(PublicIdModel, TimeStampedModel):
    name = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    basis = models.CharField(_("căn cứ ban hành"), max_length=300, blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị ban hành")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A node of the tree. Leaves carry points; a parent's maximum is the sum of its children's. A leaf
    may be scored automatically from an indicator (points = max × rate) when the sample is large enough."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("thuộc mục")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("số hiệu"), max_length=20)
    title = models.CharField(_("nội dung tiêu chí"), max_length=500)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=7, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    evidence_required = models.BooleanField(_("bắt buộc có tài liệu kiểm chứng"), default=False)
    indicator_code = models.CharField(_("chấm tự động theo chỉ tiêu"), max_length=100, blank=True)
    min_sample = models.PositiveIntegerField(
        _("cỡ mẫu tối thiểu"), default=0, help_text=_("0: dùng cỡ mẫu tối thiểu của chỉ tiêu.")
    )

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="evaluation_criterion_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Round(PublicIdModel, TimeStampedModel):
    class Status(models.TextChoices):
        SELF_ASSESSMENT = "self", _("Đơn vị tự đánh giá")
        REVIEW = "review", _("Cấp trên thẩm định")
        FINAL = "final", _("Đã có kết quả")

    name = models.CharField(_("tên đợt đánh giá"), max_length=255)
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    period_start = models.DateField(_("số liệu từ ngày"))
    period_end = models.DateField(_("số liệu đến ngày"))
    parent_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị thẩm định")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    unit_level = models.PositiveSmallIntegerField(
        _("cấp đơn vị được đánh giá"),
        choices=AdministrativeUnit.Level.choices,
        default=AdministrativeUnit.Level.COMMUNE,
    )
    status = models.CharField(_("giai đoạn"), max_length=8, choices=Status.choices, default=Status.SELF_ASSESSMENT)
    bands = models.JSONField(_("mức xếp loại"), default=default_bands)
    finalized_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="evaluation_round_period"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Assessment(PublicIdModel, TimeStampedModel):
    """One unit's assessment in a round: self-assessment → review → final, then ranking."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
        REVIEWED = "reviewed", _("Đã thẩm định")
        FINAL = "final", _("Đã có kết quả")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    self_comment = models.TextField(_("tự nhận xét của đơn vị"), blank=True)
    review_comment = models.TextField(_("nhận xét của cấp trên"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    points = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_applicable = models.DecimalField(
        _("điểm tối đa áp dụng"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(_("tỷ lệ điểm (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    band = models.CharField(_("xếp loại"), max_length=50, blank=True)
    rank = models.PositiveSmallIntegerField(_("xếp thứ"), null=True, blank=True)
    not_ranked_reason = models.CharField(_("lý do không xếp thứ"), max_length=500, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiếu đánh giá của đơn vị")
        verbose_name_plural = _("phiếu đánh giá của đơn vị")
        ordering = ["rank", "unit__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="evaluation_assessment_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.unit}"


class Score(models.Model):
    """Points for one leaf criterion of one assessment: the unit's own, the reviewer's, the automatic."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_points = models.DecimalField(_("điểm tự chấm"), max_digits=7, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(_("tài liệu kiểm chứng"), blank=True)
    review_points = models.DecimalField(_("điểm thẩm định"), max_digits=7, decimal_places=2, null=True, blank=True)
    review_comment = models.TextField(_("ý kiến thẩm định"), blank=True)
    not_applicable = models.BooleanField(_("không áp dụng với đơn vị"), default=False)
    auto_points = models.DecimalField(_("điểm tự động"), max_digits=7, decimal_places=2, null=True, blank=True)
    auto_numerator = models.FloatField(null=True, blank=True)
    auto_denominator = models.FloatField(null=True, blank=True)
    auto_short_sample = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="evaluation_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.criterion_id}"


class Appeal(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xem xét")
        UPHELD = "upheld", _("Chấp nhận")
        REJECTED = "rejected", _("Không chấp nhận")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="appeals")
    criterion = models.ForeignKey(
        Criterion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tiêu chí đề nghị xem xét lại"),
    )
    reason = models.TextField(_("lý do đề nghị"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("kết quả"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decision = models.TextField(_("ý kiến giải quyết"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    percent_before = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    percent_after = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("đề nghị xem xét lại")
        verbose_name_plural = _("đề nghị xem xét lại")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.get_status_display()}"


class AssessmentEvent(models.Model):
    """The history of an assessment, shown on its page (the hash-chained audit log has the same events)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    occurred_at = models.DateTimeField()
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return self.action
