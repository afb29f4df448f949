from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.cases.querysets import CaseQuerySet
from danvan.cases.workflow import Action, Kind, Status
from danvan.core.fields import EncryptedTextField
from danvan.core.models import PublicIdModel, TimeStampedModel
from danvan.organizations.models import Organization
from danvan.territory.models import AdministrativeUnit


class Category(TimeStampedModel):
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class RuleSet(TimeStampedModel):
    """The legal time limits in force from ``effective_from``. A case keeps the set in force when the
    counted event (receipt, acceptance) happened (DOMAIN.md §0)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    effective_from = models.DateField(_("hiệu lực từ"), unique=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)

    class Meta:
        verbose_name = _("bộ quy định thời hạn")
        verbose_name_plural = _("bộ quy định thời hạn")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name


class DeadlineRule(TimeStampedModel):
    class Step(models.TextChoices):
        COMPLAINT_ACCEPT = "complaint_accept", _("Thụ lý khiếu nại")
        COMPLAINT_RESOLVE_FIRST = "complaint_resolve_1", _("Giải quyết khiếu nại lần đầu")
        COMPLAINT_RESOLVE_SECOND = "complaint_resolve_2", _("Giải quyết khiếu nại lần hai")
        DENUNCIATION_SCREEN = "denunciation_screen", _("Xử lý ban đầu đơn tố cáo")
        DENUNCIATION_NOTIFY = "denunciation_notify", _("Thông báo thụ lý tố cáo")
        DENUNCIATION_RESOLVE = "denunciation_resolve", _("Giải quyết tố cáo")
        PETITION_REPLY = "petition_reply", _("Trả lời phản ánh, kiến nghị")
        FORWARD = "forward", _("Chuyển đơn không thuộc thẩm quyền")

    class DayType(models.TextChoices):
        WORKING = "working", _("Ngày làm việc")
        CALENDAR = "calendar", _("Ngày (lịch), lùi sang ngày làm việc kế tiếp nếu trùng ngày nghỉ")

    class Confidence(models.TextChoices):
        CONFIRMED = "C", _("Đã đối chiếu văn bản")
        SECONDARY = "S", _("Theo nguồn thứ cấp")
        UNCONFIRMED = "U", _("Chưa xác nhận — cần kiểm tra")

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    step = models.CharField(_("bước"), max_length=32, choices=Step.choices)
    day_type = models.CharField(_("cách tính ngày"), max_length=10, choices=DayType.choices)
    days = models.PositiveSmallIntegerField(_("số ngày"))
    complex_days = models.PositiveSmallIntegerField(_("số ngày (vụ việc phức tạp)"), null=True, blank=True)
    remote_days = models.PositiveSmallIntegerField(_("số ngày (vùng sâu, vùng xa)"), null=True, blank=True)
    remote_complex_days = models.PositiveSmallIntegerField(_("số ngày (vùng sâu, phức tạp)"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("số ngày mỗi lần gia hạn"), default=0)
    max_extensions = models.PositiveSmallIntegerField(_("số lần gia hạn tối đa"), default=0)
    max_extensions_especially_complex = models.PositiveSmallIntegerField(
        _("số lần gia hạn tối đa (đặc biệt phức tạp)"), default=0
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    confidence = models.CharField(_("độ tin cậy"), max_length=1, choices=Confidence.choices, default="C")

    class Meta:
        verbose_name = _("quy định thời hạn")
        verbose_name_plural = _("quy định thời hạn")
        constraints = [models.UniqueConstraint(fields=["rule_set", "step"], name="deadline_rule_once_per_set")]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.days} {self.get_day_type_display()}"


class Case(PublicIdModel, TimeStampedModel):
    class Channel(models.TextChoices):
        PORTAL = "portal", _("Cổng thông tin")
        API = "api", _("Kết nối hệ thống (API)")
        OPEN311 = "open311", _("Open311")
        HOTLINE = "hotline", _("Đường dây nóng")
        IN_PERSON = "in_person", _("Trực tiếp tại nơi tiếp công dân")
        POST = "post", _("Bưu chính")
        EMAIL = "email", _("Thư điện tử")
        FORWARDED = "forwarded", _("Cơ quan khác chuyển đến")
        DIALOGUE = "dialogue", _("Từ hội nghị đối thoại")
        FIELD_VISIT = "field_visit", _("Từ đi cơ sở")

    class Complexity(models.TextChoices):
        NORMAL = "normal", _("Thông thường")
        COMPLEX = "complex", _("Phức tạp")
        ESPECIALLY_COMPLEX = "especially_complex", _("Đặc biệt phức tạp")

    tracking_code = models.CharField(_("mã tra cứu"), max_length=16, unique=True)
    pin_hash = models.CharField(max_length=200, blank=True)
    kind = models.CharField(_("loại đơn"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=16, choices=Channel.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="cases", verbose_name=_("lĩnh vực"))
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    search_text = models.TextField(editable=False, default="")
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    complexity = models.CharField(_("mức độ"), max_length=20, choices=Complexity.choices, default=Complexity.NORMAL)
    complexity_basis = models.CharField(_("căn cứ xác định mức độ"), max_length=500, blank=True)

    submitted_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("nơi phát sinh")
    )
    village = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thôn, tổ dân phố"),
    )
    address = models.CharField(_("địa chỉ nơi xảy ra"), max_length=300, blank=True)
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    handling_unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị giải quyết")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    handling_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("cơ quan giải quyết"),
    )
    accused_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan của người bị tố cáo"),
        help_text=_("Cán bộ của cơ quan này không bao giờ thấy danh tính người tố cáo."),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        verbose_name=_("cán bộ xử lý"),
    )

    group_size = models.PositiveIntegerField(_("số người cùng nội dung"), default=1, validators=[MinValueValidator(1)])
    is_anonymous = models.BooleanField(_("không rõ danh tính"), default=False)
    remote_area = models.BooleanField(_("vùng sâu, vùng xa"), default=False, editable=False)

    received_at = models.DateTimeField(_("ngày nhận"))
    accepted_at = models.DateTimeField(_("ngày thụ lý"), null=True, blank=True)
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+", null=True)
    due_step = models.CharField(_("thời hạn cho bước"), max_length=32, choices=DeadlineRule.Step.choices, blank=True)
    clock_started_on = models.DateField(_("bắt đầu tính hạn từ"), null=True, blank=True)
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)
    extensions_used = models.PositiveSmallIntegerField(_("số lần đã gia hạn"), default=0)
    overdue_since = models.DateField(_("quá hạn từ"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    public_answer = models.TextField(_("kết quả công khai cho công dân"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("mức hài lòng"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    notify_email = EncryptedTextField(_("thư điện tử nhận thông báo"), blank=True)

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("đơn gốc")
    )
    link_kind = models.CharField(_("quan hệ với đơn gốc"), max_length=20, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn thư, vụ việc")
        verbose_name_plural = _("đơn thư, vụ việc")
        ordering = ["due_date", "-received_at"]
        indexes = [
            models.Index(fields=["unit_path", "status"], name="case_scope_status_idx"),
            models.Index(
                fields=["due_date"],
                name="case_open_due_idx",
                condition=Q(status__in=["received", "screening", "accepted", "verifying"]),
            ),
            models.Index(fields=["received_at"], name="case_received_idx"),
            # A scope's page in either worklist order (by due date, or newest first): its ids are sorted from
            # this index alone (core.paging.IdsFirst), without reading the case rows.
            models.Index(fields=["unit_path", "due_date", "received_at"], name="case_scope_order_idx"),
            # Covers "open and overdue now" (dashboards) and the desk's counts without reading the case rows.
            models.Index(
                fields=["status", "unit_path", "due_date", "overdue_since", "answered_at", "closed_at", "assigned_to"],
                name="case_open_cover_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(group_size__gte=1), name="case_group_size_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} — {self.subject}"

    @property
    def is_group_petition(self) -> bool:
        """Đông người: 5 or more people with the same content (LTCD Art. 29)."""
        return self.group_size >= 5


class Person(TimeStampedModel):
    """Someone on a case. Every identifying field is encrypted at rest; for denunciations they are shown
    only to holders of CASE_REVEAL_IDENTITY, with a reason, and each reveal is audited (LTC Arts. 8, 47, 56)."""

    class Role(models.TextChoices):
        SUBMITTER = "submitter", _("Người gửi đơn")
        REPRESENTATIVE = "representative", _("Người đại diện")
        CO_SIGNER = "co_signer", _("Người cùng ký đơn")
        PROTECTED_RELATIVE = "protected_relative", _("Người thân được bảo vệ")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    full_name = EncryptedTextField(_("họ và tên"))
    id_number = EncryptedTextField(_("số định danh cá nhân"), blank=True)
    phone = EncryptedTextField(_("điện thoại"), blank=True)
    email = EncryptedTextField(_("thư điện tử"), blank=True)
    address = EncryptedTextField(_("địa chỉ"), blank=True)
    # Keyed hashes of the ID number and the phone: "same submitter" lookups without decrypting anyone.
    id_fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_fingerprint = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("người liên quan")
        verbose_name_plural = _("người liên quan")
        ordering = ["case", "role", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} #{self.pk}"  # never the name: __str__ ends up in logs


class CaseEvent(models.Model):
    """One row per change of a case: the timeline. Written only by ``cases.services``."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    occurred_at = models.DateTimeField(_("thời điểm"))
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField(_("ghi chú, căn cứ"), blank=True)
    is_public = models.BooleanField(_("công dân được xem"), default=False)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến")
        verbose_name_plural = _("diễn biến")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"

    def get_action_display(self) -> str:
        try:
            return Action(self.action).label
        except ValueError:
            return self.action


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"cases/{instance.case.public_id}/{instance.sha256[:16]}"


class Attachment(TimeStampedModel):
    """A file on a case, stored under MEDIA_ROOT (outside the web root) and streamed only to those who
    may see the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contains_identity = models.BooleanField(
        _("có thông tin nhận diện người tố cáo"),
        default=False,
        help_text=_("Bản gốc đơn tố cáo: chỉ người có quyền xem danh tính mới tải được."),
    )

    class Meta:
        verbose_name = _("tài liệu đính kèm")
        verbose_name_plural = _("tài liệu đính kèm")

    def __str__(self) -> str:
        return self.original_name


class IdempotencyKey(models.Model):
    """An API client's key for a create: retrying the same request returns the case made the first time."""

    key = models.CharField(max_length=200)
    client = models.CharField(max_length=150)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_per_client")]

    def __str__(self) -> str:
        return self.key
