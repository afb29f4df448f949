"""Models of reporting: rollups of cases, reporting periods (configurable cut-offs), yearly plans with
targets, periodic reports with frozen submissions, and background exports."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import PublicIdModel, TimeStampedModel
from danvan.core.querysets import JurisdictionQuerySet
from danvan.documents.official import PARTY, STATE

# --- Rollups ---------------------------------------------------------------------------------------

NOT_FINISHED = date(9999, 12, 31)  # finished_on of an open case: outside every period, never NULL in a key
# The columns that make a row's key (a unique constraint each; rollups.py builds its keys from them).
CASE_ROLLUP_KEY = (
    "unit_path",
    "received_on",
    "finished_on",
    "kind",
    "category",
    "status",
    "on_time",
    "is_group",
    "satisfaction",
)
HALF_MONTH_KEY = (
    "level",
    "unit_path",
    "measure",
    "half_month",
    "kind",
    "is_group",
    "status",
    "on_time",
    "satisfaction",
)


class CaseRollup(models.Model):
    """Count of cases per (handling unit, day received, day finished, kind, category, status, flags).

    Days, not months, so that the 15th-of-the-month cut-offs of reporting periods stay exact. Maintained
    in the case's own transaction by ``rollups.on_case_event``; rows at 0 are kept (harmless)."""

    unit_path = models.CharField(max_length=255)
    received_on = models.DateField()
    finished_on = models.DateField()  # NOT_FINISHED while open
    kind = models.CharField(max_length=16)
    category = models.CharField(max_length=40)
    status = models.CharField(max_length=16)
    on_time = models.BooleanField(default=False)
    is_group = models.BooleanField(default=False)
    satisfaction = models.PositiveSmallIntegerField(default=0)  # 0 = not rated
    count = models.IntegerField(default=0)

    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu tổng hợp đơn thư")
        verbose_name_plural = _("số liệu tổng hợp đơn thư")
        constraints = [
            models.UniqueConstraint(fields=list(CASE_ROLLUP_KEY), name="case_rollup_key"),
        ]
        indexes = [
            models.Index(fields=["unit_path"], name="rollup_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["received_on"], name="rollup_received_idx"),
            models.Index(fields=["finished_on"], name="rollup_finished_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_path} {self.received_on} {self.status}: {self.count}"


class HalfMonthRollup(models.Model):
    """The same counts, coarse enough for national and provincial figures: per subtree (a case's unit path
    cut at its province, level 1, or at its commune, level 2) × half-month × what a figure filters on.

    The fine rollup is nearly one row per case (two dates per key), so summing it for the whole country
    costs about as much as recounting the cases. Here a case counts once on the half-month it was
    received and once on the half-month it finished, each at both levels. Half-months start on the 1st and
    the 15th, so calendar months and the 15th-to-14th reporting periods are exact unions of them; any other
    date range is answered from the fine rollup. Derived from the fine key (``rollups.half_month_keys``),
    kept in the same transaction, checked by ``rollup-verify`` and recomputed by ``rollup-rebuild``."""

    class Measure(models.TextChoices):
        RECEIVED = "received", _("Tiếp nhận")
        FINISHED = "finished", _("Kết thúc")

    level = models.PositiveSmallIntegerField()  # 1: path cut at the province, 2: at the commune
    unit_path = models.CharField(max_length=255)
    measure = models.CharField(max_length=8, choices=Measure.choices)
    half_month = models.DateField()  # the 1st or the 15th
    kind = models.CharField(max_length=16, blank=True)  # received rows
    is_group = models.BooleanField(default=False)  # received rows
    status = models.CharField(max_length=16, blank=True)  # finished rows
    on_time = models.BooleanField(default=False)  # finished rows
    satisfaction = models.PositiveSmallIntegerField(default=0)  # finished rows; 0 = not rated
    count = models.IntegerField(default=0)

    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu tổng hợp nửa tháng")
        verbose_name_plural = _("số liệu tổng hợp nửa tháng")
        constraints = [
            models.UniqueConstraint(fields=list(HALF_MONTH_KEY), name="half_month_rollup_key"),
        ]
        indexes = [
            models.Index(fields=["level", "measure", "half_month"], name="half_month_rollup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_path} {self.measure} {self.half_month}: {self.count}"


class CaseTally(models.Model):
    """The key each case is currently counted under, so a change moves exactly one count."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="+", primary_key=True)
    key = models.JSONField()

    class Meta:
        verbose_name = _("khóa tổng hợp của đơn")
        verbose_name_plural = _("khóa tổng hợp của đơn")

    def __str__(self) -> str:
        return f"{self.case_id}"


# --- Periods and plans ------------------------------------------------------------------------------


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("Tháng")
    QUARTERLY = "quarterly", _("Quý")
    SIX_MONTH = "six_month", _("6 tháng")
    NINE_MONTH = "nine_month", _("9 tháng")
    ANNUAL = "annual", _("Năm")


class PeriodDefinition(TimeStampedModel):
    """How a kind of period is cut (configurable: Decree 09/2019 cut-offs are [U], DOMAIN.md §8).

    Period ``index`` of a year ends on ``end_day`` of month ``index × span_months`` and starts on
    ``start_day`` of the month ``span_months`` earlier (month 0 = December of the previous year), so the
    defaults give annual 15/12–14/12, six-month 15/12–14/6, nine-month 15/12–14/9, quarterly 15/12–14/3."""

    kind = models.CharField(_("loại kỳ"), max_length=16, choices=PeriodKind.choices, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    span_months = models.PositiveSmallIntegerField(_("số tháng"))
    periods_per_year = models.PositiveSmallIntegerField(_("số kỳ trong năm"), default=1)
    start_day = models.PositiveSmallIntegerField(_("ngày bắt đầu (của tháng trước kỳ)"), default=15)
    end_day = models.PositiveSmallIntegerField(_("ngày chốt số liệu"), default=14)
    commune_deadline_days = models.PositiveSmallIntegerField(_("hạn gửi của cấp xã (ngày sau ngày chốt)"), default=3)
    province_deadline_days = models.PositiveSmallIntegerField(_("hạn gửi của cấp tỉnh (ngày sau ngày chốt)"), default=7)
    is_confirmed = models.BooleanField(
        _("đã xác nhận căn cứ pháp lý"),
        default=False,
        help_text=_("Mốc chốt số liệu theo Nghị định 09/2019/NĐ-CP chưa được xác nhận: có thể cấu hình."),
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cấu hình kỳ báo cáo")
        verbose_name_plural = _("cấu hình kỳ báo cáo")
        ordering = ["span_months"]

    def __str__(self) -> str:
        return self.name


class ReportingPeriod(TimeStampedModel):
    definition = models.ForeignKey(PeriodDefinition, on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveSmallIntegerField(_("năm"))
    index = models.PositiveSmallIntegerField(_("kỳ thứ"), default=1)
    label = models.CharField(_("tên kỳ"), max_length=100)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    commune_deadline = models.DateField(_("hạn gửi cấp xã"))
    province_deadline = models.DateField(_("hạn gửi cấp tỉnh"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-end", "definition__span_months"]
        constraints = [models.UniqueConstraint(fields=["definition", "year", "index"], name="period_once")]

    def __str__(self) -> str:
        return self.label


class Plan(TimeStampedModel):
    """Kế hoạch công tác dân vận of a unit for a year, with targets per indicator."""

    unit = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    unit_path = models.CharField(max_length=255, db_index=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    content = models.TextField(_("nội dung, nhiệm vụ trọng tâm"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch công tác dân vận")
        verbose_name_plural = _("kế hoạch công tác dân vận")
        ordering = ["-year", "unit_path"]
        constraints = [models.UniqueConstraint(fields=["unit_path", "year"], name="plan_once_per_unit_year")]

    def __str__(self) -> str:
        return self.title


class PlanTarget(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator_code = models.CharField(_("chỉ tiêu"), max_length=80)
    target = models.DecimalField(_("chỉ tiêu kế hoạch"), max_digits=14, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["indicator_code"]
        constraints = [models.UniqueConstraint(fields=["plan", "indicator_code"], name="plan_target_once")]

    def __str__(self) -> str:
        return f"{self.indicator_code}: {self.target}"


# --- Reports ----------------------------------------------------------------------------------------

DEFAULT_SECTIONS = [
    ["results", "Kết quả đạt được"],
    ["limitations", "Hạn chế, khó khăn"],
    ["causes", "Nguyên nhân"],
    ["tasks", "Phương hướng, nhiệm vụ thời gian tới"],
]


class ReportTemplate(TimeStampedModel):
    """What a periodic report contains: narrative sections and the indicator table."""

    class Family(models.TextChoices):
        STATE = STATE, _("Văn bản hành chính (Nghị định 30/2020/NĐ-CP)")
        PARTY = PARTY, _("Văn bản của Đảng (thể thức chưa xác nhận, cấu hình được)")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên mẫu"), max_length=200)
    summary = models.CharField(_("trích yếu"), max_length=300, default="Kết quả công tác dân vận chính quyền {period}")
    family = models.CharField(_("thể thức"), max_length=8, choices=Family.choices, default=STATE)
    party_symbol = models.CharField(
        _("ký hiệu cơ quan Đảng"), max_length=40, blank=True, help_text=_("Ví dụ BTGDVTU (chưa xác nhận).")
    )
    sections = models.JSONField(_("các phần"), default=list)
    indicator_codes = models.JSONField(_("các chỉ tiêu"), default=list)

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ tiếp nhận")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Bị trả lại")


class ReportQuerySet(JurisdictionQuerySet):
    pass


class Report(PublicIdModel, TimeStampedModel):
    """A unit's periodic report. Its figures are live while it is a draft; each submission freezes them."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(
        "territory.AdministrativeUnit", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )  # None: the national report
    unit_path = models.CharField(max_length=255, db_index=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=ReportStatus.choices, default="draft")
    narrative = models.JSONField(_("nội dung"), default=dict)
    is_consolidated = models.BooleanField(_("tổng hợp từ báo cáo cấp dưới"), default=False)
    consolidated_from = models.JSONField(default=list, blank=True)  # submission ids
    consolidated_figures = models.JSONField(default=dict, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-period__end", "unit_path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "template", "unit_path"], name="report_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} — {self.period.label}"

    @property
    def latest_submission(self):
        return self.submissions.order_by("-sequence").first()


class ReportSubmission(models.Model):
    """A frozen snapshot: figures as JSON, the generated files and their SHA-256. Never updated."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="submissions")
    sequence = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField(_("gửi lúc"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    is_late = models.BooleanField(_("gửi muộn"), default=False)
    deadline = models.DateField(_("hạn gửi"))
    number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    figures = models.JSONField()
    narrative = models.JSONField()
    checksum = models.CharField(_("mã kiểm tra SHA-256 của số liệu"), max_length=64)

    class Meta:
        verbose_name = _("bản báo cáo đã gửi")
        verbose_name_plural = _("bản báo cáo đã gửi")
        ordering = ["report", "sequence"]
        constraints = [models.UniqueConstraint(fields=["report", "sequence"], name="submission_sequence")]

    def __str__(self) -> str:
        return f"{self.report_id} #{self.sequence}"


class ReportFile(models.Model):
    submission = models.ForeignKey(ReportSubmission, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=8)  # docx, xlsx, pdf
    name = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "format"], name="report_file_once")]

    def __str__(self) -> str:
        return self.name


# --- Background exports -----------------------------------------------------------------------------


class ExportJob(PublicIdModel, TimeStampedModel):
    class Kind(models.TextChoices):
        CASES_CSV = "cases_csv", _("Danh sách đơn thư (CSV)")
        INDICATORS_XLSX = "indicators_xlsx", _("Bảng chỉ tiêu theo đơn vị (XLSX)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang xuất")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default="pending")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255)
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    file_path = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("yêu cầu xuất dữ liệu")
        verbose_name_plural = _("yêu cầu xuất dữ liệu")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(done__gte=0), name="export_done_nonneg")]

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
