"""Models of inspections: plans against a directive or programme, their teams, targets with findings,
recommendations followed to done, the timeline and the numbered documents.

Jurisdiction: a plan hangs off the conducting organisation's unit (``unit_path``); a target and a
recommendation hang off the inspected unit (``unit_path`` of the target / owner unit), so the owner's
officers can find what they have to carry out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import PublicIdModel, StoredFile, TimeStampedModel
from danvan.inspections.querysets import PlanQuerySet, RecommendationQuerySet
from danvan.inspections.workflow import PlanStatus, RecStatus
from danvan.organizations.models import Organization
from danvan.territory.models import AdministrativeUnit


class Directive(TimeStampedModel):
    """The directive, programme or plan an inspection checks (căn cứ): data, not code, as its details
    are partly unconfirmed (DOMAIN.md §3)."""

    class Confidence(models.TextChoices):
        CONFIRMED = "C", _("Đã đối chiếu văn bản")
        SECONDARY = "S", _("Theo nguồn thứ cấp")
        UNCONFIRMED = "U", _("Chưa xác nhận — cần kiểm tra")

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    title = models.CharField(_("trích yếu"), max_length=400)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    period = models.CharField(_("giai đoạn"), max_length=40, blank=True)
    confidence = models.CharField(_("độ tin cậy"), max_length=1, choices=Confidence.choices, default="U")
    note = models.TextField(_("ghi chú"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Plan(PublicIdModel, TimeStampedModel):
    class Kind(models.TextChoices):
        INSPECTION = "kiem_tra", _("Kiểm tra")
        SUPERVISION = "giam_sat", _("Giám sát")

    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices, default=Kind.INSPECTION)
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    directive = models.ForeignKey(
        Directive, on_delete=models.PROTECT, related_name="plans", verbose_name=_("văn bản, chương trình được kiểm tra")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="inspection_plans", verbose_name=_("cơ quan chủ trì")
    )
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn"))
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    contents = models.TextField(_("nội dung kiểm tra"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    summary = models.TextField(_("nhận xét chung, kết luận"), blank=True)
    concluded_at = models.DateTimeField(_("kết luận lúc"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch kiểm tra, giám sát")
        verbose_name_plural = _("kế hoạch kiểm tra, giám sát")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["unit_path", "status"], name="insp_plan_scope_idx")]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="insp_plan_dates")]

    def __str__(self) -> str:
        return self.title


class TeamMember(TimeStampedModel):
    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng đoàn")
        MEMBER = "member", _("Thành viên")
        SECRETARY = "secretary", _("Thư ký")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("cán bộ")
    )
    role = models.CharField(_("nhiệm vụ trong đoàn"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        ordering = ["plan", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="insp_member_once"),
            models.UniqueConstraint(fields=["plan"], condition=Q(role="head"), name="insp_one_head"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"


class Target(TimeStampedModel):
    """A unit (and optionally one of its organisations) inspected, its visit date and the findings."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị được kiểm tra")
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan, tổ chức được kiểm tra"),
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    visit_on = models.DateField(_("ngày làm việc với đơn vị"))
    results = models.TextField(_("ưu điểm, kết quả đạt được"), blank=True)
    limitations = models.TextField(_("hạn chế, thiếu sót"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    findings_at = models.DateTimeField(_("ghi nhận kết quả lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị được kiểm tra")
        verbose_name_plural = _("đơn vị được kiểm tra")
        ordering = ["plan", "visit_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit", "organization"], name="insp_target_once")]

    def __str__(self) -> str:
        return self.organization.name if self.organization_id else self.unit.name

    @property
    def has_findings(self) -> bool:
        return self.findings_at is not None


class Recommendation(PublicIdModel, TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recommendations")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="recommendations")
    owner_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị thực hiện")
    )
    owner_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan thực hiện"),
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    text = models.TextField(_("nội dung kiến nghị"))
    deadline = models.DateField(_("hạn thực hiện"))
    evidence_required = models.CharField(_("minh chứng cần nộp"), max_length=500)
    status = models.CharField(_("trạng thái"), max_length=12, choices=RecStatus.choices, default=RecStatus.OPEN)
    completed_on = models.DateField(_("ngày đơn vị báo hoàn thành"), null=True, blank=True)
    done_at = models.DateTimeField(_("xác nhận hoàn thành lúc"), null=True, blank=True)
    overdue_since = models.DateField(_("quá hạn từ"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["unit_path", "status"], name="insp_rec_scope_idx"),
            models.Index(fields=["deadline"], name="insp_rec_due_idx", condition=Q(status="open")),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def owner_name(self) -> str:
        return self.owner_organization.name if self.owner_organization_id else self.owner_unit.name


class Event(models.Model):
    """One row per change of a plan or of one of its recommendations: the timeline."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("thao tác"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("thời điểm"))
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến")
        verbose_name_plural = _("diễn biến")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.action}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"inspections/{instance.recommendation.public_id}/{instance.sha256[:16]}"


class Evidence(StoredFile):
    """A file the owner sends with a progress report, stored outside the web root and streamed only to
    those who may see the recommendation."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="evidence")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["created_at", "pk"]


class PlanDocument(TimeStampedModel):
    """A numbered document of a plan (report, conclusion notice): numbered once, regenerated on demand."""

    class Kind(models.TextChoices):
        REPORT = "bao-cao", _("Báo cáo kết quả kiểm tra")
        CONCLUSION = "ket-luan", _("Thông báo kết luận kiểm tra")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại văn bản"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("số"), max_length=20)
    issued_on = models.DateField(_("ngày ban hành"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản kiểm tra")
        verbose_name_plural = _("văn bản kiểm tra")
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="insp_document_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
