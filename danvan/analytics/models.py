"""Early warning's own tables: classifier versions, suggestions and officers' choices, per-case insights
(duplicate group, repeats, risk), hotspots per commune × category × ISO week, alert rules, alerts and their
history. No heavy imports here (scikit-learn, pyvi, datasketch are loaded inside functions)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.analytics.querysets import AlertQuerySet
from danvan.cases.models import Case, Category
from danvan.territory.models import AdministrativeUnit


class ClassifierModel(models.Model):
    """A trained category classifier; the file lives under VAR_DIR/analytics/."""

    version = models.CharField(_("phiên bản"), max_length=40, unique=True)
    trained_at = models.DateTimeField(_("huấn luyện lúc"))
    sample_count = models.PositiveIntegerField(_("số mẫu"))
    officer_count = models.PositiveIntegerField(_("số mẫu từ lựa chọn của cán bộ"), default=0)
    file_name = models.CharField(max_length=200)
    metrics = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("mô hình phân loại")
        verbose_name_plural = _("mô hình phân loại")
        ordering = ["-trained_at", "-pk"]

    def __str__(self) -> str:
        return self.version


class CategorySuggestion(models.Model):
    """The top-3 suggestion shown for a case, the model version that made it, and what the officer chose."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="category_suggestion")
    unit_path = models.CharField(max_length=255, db_index=True)
    model_version = models.CharField(_("phiên bản mô hình"), max_length=40)
    suggestions = models.JSONField(default=list)  # [{"code": "dat_dai", "p": 0.87}, …]
    created_at = models.DateTimeField(_("gợi ý lúc"))
    chosen_category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lĩnh vực cán bộ chọn"),
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gợi ý lĩnh vực")
        verbose_name_plural = _("gợi ý lĩnh vực")

    def __str__(self) -> str:
        return f"{self.case_id} {self.model_version}"

    @property
    def top_code(self) -> str:
        return self.suggestions[0]["code"] if self.suggestions else ""


class CaseInsight(models.Model):
    """What analytics knows about one case: its MinHash signature, its same-incident group, how many other
    cases its submitter sent (from keyed fingerprints, never decrypted) and its escalation risk."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="insight")
    unit_path = models.CharField(max_length=255, db_index=True)
    commune_path = models.CharField(max_length=255, db_index=True)
    signature = models.JSONField(default=list)
    group_key = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    group_size = models.PositiveIntegerField(default=1)
    repeat_count = models.PositiveIntegerField(default=0)
    risk_score = models.FloatField(_("điểm nguy cơ"), default=0)
    risk_factors = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phân tích đơn")
        verbose_name_plural = _("phân tích đơn")

    def __str__(self) -> str:
        return f"{self.case_id}"


class Hotspot(models.Model):
    """Cases of one category arising in one commune in one ISO week, against the commune's own baseline."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField(_("tuần bắt đầu"))
    count = models.PositiveIntegerField(_("số đơn"))
    baseline = models.FloatField(_("mức nền (đơn/tuần)"))
    p_value = models.FloatField()
    signals = models.PositiveIntegerField(_("tín hiệu dư luận"), default=0)
    score = models.FloatField(_("điểm"))
    is_hotspot = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("điểm nóng")
        verbose_name_plural = _("điểm nóng")
        constraints = [
            models.UniqueConstraint(fields=["unit", "category", "week_start"], name="hotspot_once_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.category_id}/{self.week_start}"


class AlertRule(models.Model):
    """An administrator-editable rule. Thresholds are data, not code (DOMAIN.md: [U] facts configurable)."""

    class Kind(models.TextChoices):
        HOTSPOT = "hotspot", _("Điểm nóng theo địa bàn, lĩnh vực")
        SENTIMENT = "sentiment", _("Dư luận bức xúc (đi cơ sở, đối thoại)")
        RISK = "risk", _("Đơn có nguy cơ phức tạp")
        GROUP = "group", _("Nhiều đơn cùng vụ việc")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên quy tắc"), max_length=200)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    min_count = models.PositiveIntegerField(
        _("số tối thiểu"), default=3, help_text=_("Điểm nóng: số đơn trong tuần; nhóm: số đơn; dư luận: số tín hiệu.")
    )
    p_value = models.FloatField(_("ngưỡng xác suất (p)"), default=0.01)
    baseline_weeks = models.PositiveSmallIntegerField(_("số tuần làm mức nền"), default=8)
    baseline_floor = models.FloatField(_("mức nền tối thiểu (đơn/tuần)"), default=0.5)
    signal_weight = models.FloatField(_("trọng số mỗi tín hiệu dư luận"), default=0.5)
    min_score = models.FloatField(_("điểm nguy cơ tối thiểu"), default=60)

    class Meta:
        verbose_name = _("quy tắc cảnh báo")
        verbose_name_plural = _("quy tắc cảnh báo")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name


class Alert(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Mới")
        ACKNOWLEDGED = "acknowledged", _("Đã nắm thông tin")
        ACTED = "acted", _("Đang xử lý")
        CLOSED = "closed", _("Đã đóng")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Đã giải quyết, ổn định")
        MONITORING = "monitoring", _("Tiếp tục theo dõi")
        FALSE_ALARM = "false_alarm", _("Không phải điểm nóng")

    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(_("loại"), max_length=12, choices=AlertRule.Kind.choices)
    key = models.CharField(max_length=200, unique=True)
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn"))
    unit_path = models.CharField(max_length=255, db_index=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    hotspot = models.ForeignKey(Hotspot, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts")
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    score = models.FloatField(_("điểm"), default=0)
    status = models.CharField(_("trạng thái"), max_length=14, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("kết quả"), max_length=14, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(_("phát sinh lúc"))
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


ACT_STEPS = {
    "dialogue": _("Tổ chức đối thoại với người dân"),
    "assign": _("Phân công cán bộ xử lý"),
    "escalate": _("Báo cáo, chuyển cấp trên"),
    "field_visit": _("Cử cán bộ xuống cơ sở nắm tình hình"),
}


class AlertEvent(models.Model):
    class Action(models.TextChoices):
        RAISED = "raised", _("Phát sinh cảnh báo")
        ACKNOWLEDGED = "acknowledged", _("Xác nhận đã nắm")
        ACTED = "acted", _("Xử lý")
        CLOSED = "closed", _("Đóng cảnh báo")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=14, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField()
    step = models.CharField(_("biện pháp"), max_length=20, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("diễn biến cảnh báo")
        verbose_name_plural = _("diễn biến cảnh báo")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.action}"

    @property
    def step_label(self) -> str:
        if self.action == self.Action.CLOSED:
            return str(Alert.Outcome(self.step).label) if self.step in Alert.Outcome.values else ""
        return str(ACT_STEPS.get(self.step, self.step))
