"""Citizen reception (tiếp công dân), online conferences, dialogues (đối thoại) and commitments (cam kết).

Every record hangs off an administrative unit through ``unit_path`` (a copy of the unit's materialised
path) and is read through ``visible_to(user, Perm.MEETING_MANAGE)``. Writes go through services only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.cases.models import Case
from danvan.core.fields import EncryptedTextField
from danvan.core.models import PublicIdModel, StoredFile, TimeStampedModel
from danvan.core.querysets import JurisdictionQuerySet
from danvan.core.sentiment import Severity, Tone
from danvan.organizations.models import Organization
from danvan.territory.models import AdministrativeUnit


class ScopedQuerySet(JurisdictionQuerySet):
    jurisdiction_field = "unit_path"


class ReceptionPolicy(TimeStampedModel):
    """The legal minimum of a leader's personal reception, per kind of post (LTCD Arts. 12, 15, 18).
    Stored as data: whether Law 136/2025 changed the frequencies is unconfirmed (DOMAIN.md §1.3)."""

    class Period(models.TextChoices):
        WEEK = "week", _("Tuần")
        MONTH = "month", _("Tháng")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("chức danh"), max_length=200)
    period = models.CharField(_("chu kỳ"), max_length=8, choices=Period.choices)
    sessions_required = models.PositiveSmallIntegerField(_("số ngày tiếp tối thiểu mỗi chu kỳ"), default=1)
    delegation_allowed = models.BooleanField(
        _("được ủy quyền cho cấp phó tiếp định kỳ"),
        default=False,
        help_text=_("Nếu không, buổi tiếp do cấp phó chủ trì không được tính vào số ngày tiếp định kỳ."),
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("định mức tiếp công dân")
        verbose_name_plural = _("định mức tiếp công dân")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ReceptionDuty(TimeStampedModel):
    """A leader who must receive citizens in person under a policy, at a unit, for a time."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reception_duties", verbose_name=_("lãnh đạo")
    )
    title = models.CharField(_("chức vụ"), max_length=200)
    policy = models.ForeignKey(
        ReceptionPolicy, on_delete=models.PROTECT, related_name="duties", verbose_name=_("định mức")
    )
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("trách nhiệm tiếp công dân")
        verbose_name_plural = _("trách nhiệm tiếp công dân")
        ordering = ["unit_path", "title"]

    def __str__(self) -> str:
        return self.title


class ReceptionSession(PublicIdModel, TimeStampedModel):
    """A reception day (buổi tiếp công dân): regular, ad hoc (đột xuất) or online."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Định kỳ")
        AD_HOC = "ad_hoc", _("Đột xuất")
        ONLINE = "online", _("Trực tuyến")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đã lên lịch")
        HELD = "held", _("Đã tiếp")
        CANCELLED = "cancelled", _("Hủy")

    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    duty = models.ForeignKey(
        ReceptionDuty,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("lãnh đạo tiếp"),
    )
    chaired_by = models.CharField(_("người chủ trì"), max_length=200)
    delegated = models.BooleanField(_("cấp phó chủ trì thay"), default=False)
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    held_on = models.DateField(_("ngày tiếp"))
    start_time = models.TimeField(_("bắt đầu"), null=True, blank=True)
    end_time = models.TimeField(_("kết thúc"), null=True, blank=True)
    location = models.CharField(_("địa điểm"), max_length=300)
    reason = models.TextField(_("lý do tiếp đột xuất"), blank=True)
    notified_on = models.DateField(_("ngày thông báo"), null=True, blank=True)
    recording_url = models.URLField(_("đường dẫn bản ghi hình"), blank=True)
    is_public = models.BooleanField(_("công bố lịch trên cổng"), default=True)
    conclusion = models.TextField(_("kết luận, chỉ đạo"), blank=True)
    conclusion_recipients = models.TextField(_("nơi nhận thông báo kết luận"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("buổi tiếp công dân")
        verbose_name_plural = _("buổi tiếp công dân")
        ordering = ["-held_on", "-start_time"]
        indexes = [models.Index(fields=["unit_path", "held_on"], name="reception_scope_day_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class ReceptionVisit(TimeStampedModel):
    """One line of the reception book (sổ tiếp công dân), LTCD Art. 25.2. Personal data is encrypted."""

    class Outcome(models.TextChoices):
        CASES = "cases", _("Tiếp nhận đơn, chuyển xử lý")
        GUIDED = "guided", _("Hướng dẫn, giải thích tại chỗ")
        REFUSED = "refused", _("Từ chối tiếp")

    session = models.ForeignKey(
        ReceptionSession, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    serial = models.PositiveIntegerField(_("số thứ tự"))
    book_year = models.PositiveSmallIntegerField(_("năm sổ"))
    visited_on = models.DateField(_("ngày tiếp"))
    full_name = EncryptedTextField(_("họ và tên"))
    id_number = EncryptedTextField(_("số định danh cá nhân"), blank=True)
    phone = EncryptedTextField(_("điện thoại"), blank=True)
    address = EncryptedTextField(_("địa chỉ"), blank=True)
    group_size = models.PositiveIntegerField(_("số người"), default=1, validators=[MinValueValidator(1)])
    content = models.TextField(_("nội dung"))
    past_handling = models.TextField(_("quá trình giải quyết trước đó"), blank=True)
    request = models.TextField(_("yêu cầu của công dân"), blank=True)
    outcome = models.CharField(_("kết quả tiếp"), max_length=10, choices=Outcome.choices)
    handling = models.TextField(_("hướng xử lý"), blank=True)
    refusal_reason = models.CharField(_("lý do từ chối"), max_length=40, blank=True)
    refusal_notice_due = models.DateField(_("hạn gửi thông báo từ chối"), null=True, blank=True)
    refusal_notice_sent_on = models.DateField(_("ngày gửi thông báo từ chối"), null=True, blank=True)
    reply_due = models.DateField(_("hạn trả lời công dân"), null=True, blank=True)
    replied_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    cases = models.ManyToManyField(Case, blank=True, related_name="+", verbose_name=_("đơn đã tạo"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        ordering = ["-visited_on", "-serial"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "book_year", "serial"], name="reception_visit_serial_once")
        ]

    def __str__(self) -> str:
        return f"{self.serial}/{self.book_year}"  # never the name: __str__ ends up in logs


class Conference(PublicIdModel, TimeStampedModel):
    """An online conference with several connection points (hội nghị trực tuyến). The recording is kept
    elsewhere (state servers); only its link is stored here."""

    title = models.CharField(_("tên hội nghị"), max_length=300)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan chủ trì")
    )
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    held_on = models.DateField(_("ngày tổ chức"))
    start_time = models.TimeField(_("bắt đầu"), null=True, blank=True)
    notified_on = models.DateField(_("ngày thông báo"))
    recording_url = models.URLField(_("đường dẫn bản ghi hình"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội nghị trực tuyến")
        verbose_name_plural = _("hội nghị trực tuyến")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class ConnectionPoint(TimeStampedModel):
    """A site (điểm cầu) of an online reception session or an online conference."""

    session = models.ForeignKey(
        ReceptionSession, null=True, blank=True, on_delete=models.CASCADE, related_name="connection_points"
    )
    conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.CASCADE, related_name="connection_points"
    )
    name = models.CharField(_("tên điểm cầu"), max_length=200)
    unit = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    chaired_by = models.CharField(_("người chủ trì điểm cầu"), max_length=200)
    expected = models.PositiveIntegerField(_("số người dự kiến"), default=0)
    attended = models.PositiveIntegerField(_("số người tham dự"), null=True, blank=True)

    class Meta:
        verbose_name = _("điểm cầu")
        verbose_name_plural = _("điểm cầu")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(session__isnull=False) & Q(conference__isnull=True))
                | (Q(session__isnull=True) & Q(conference__isnull=False)),
                name="connection_point_one_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Dialogue(PublicIdModel, TimeStampedModel):
    """A dialogue conference (hội nghị đối thoại) between a leader and a target group of residents."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đã lên kế hoạch")
        HELD = "held", _("Đã tổ chức")
        CANCELLED = "cancelled", _("Hủy")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tổ chức")
    )
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lãnh đạo đối thoại"),
    )
    leader_title = models.CharField(_("lãnh đạo chủ trì"), max_length=200)
    topic = models.CharField(_("chủ đề"), max_length=300)
    target_group = models.CharField(_("đối tượng"), max_length=300)
    held_on = models.DateField(_("ngày đối thoại"))
    start_time = models.TimeField(_("bắt đầu"), null=True, blank=True)
    venue = models.CharField(_("địa điểm"), max_length=300)
    notified_on = models.DateField(_("ngày gửi thông báo"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    minutes = models.TextField(_("biên bản"), blank=True)
    minutes_recorded_at = models.DateTimeField(_("lập biên bản lúc"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội nghị đối thoại")
        verbose_name_plural = _("hội nghị đối thoại")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.topic


class DialogueParticipant(TimeStampedModel):
    class Side(models.TextChoices):
        OFFICIAL = "official", _("Đại diện chính quyền, đoàn thể")
        RESIDENT = "resident", _("Người dân, đối tượng đối thoại")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="participants")
    side = models.CharField(_("thành phần"), max_length=10, choices=Side.choices)
    name = models.CharField(_("họ tên hoặc đơn vị"), max_length=200)
    role = models.CharField(_("chức vụ, nơi ở"), max_length=200, blank=True)
    attended = models.BooleanField(_("có mặt"), default=True)

    class Meta:
        verbose_name = _("thành phần tham dự")
        verbose_name_plural = _("thành phần tham dự")
        ordering = ["side", "pk"]

    def __str__(self) -> str:
        return self.get_side_display()


class Commitment(PublicIdModel, TimeStampedModel):
    """A promise made to citizens (cam kết), with a public dated timeline."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Không thực hiện")

    code = models.CharField(_("mã cam kết"), max_length=16, unique=True)
    title = models.CharField(_("nội dung cam kết"), max_length=400)
    description = models.TextField(_("mô tả"), blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan thực hiện")
    )
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lãnh đạo chịu trách nhiệm"),
    )
    due_date = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    progress = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    weight = models.PositiveSmallIntegerField(
        _("trọng số"), default=1, validators=[MinValueValidator(1)], help_text=_("Dùng khi tính tiến độ cam kết cha.")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("cam kết cha")
    )
    committed_on = models.DateField(_("ngày cam kết"))
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    overdue_since = models.DateField(_("quá hạn từ"), null=True, blank=True)
    is_public = models.BooleanField(_("công khai trên cổng"), default=True)
    search_text = models.TextField(editable=False, default="")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="commitment_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class CommitmentUpdate(models.Model):
    """One dated line of a commitment's timeline."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("ngày"))
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, blank=True)
    note = models.TextField(_("nội dung"))
    is_public = models.BooleanField(_("công khai"), default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("diễn biến cam kết")
        verbose_name_plural = _("diễn biến cam kết")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.on}"


def evidence_path(instance: CommitmentEvidence, filename: str) -> str:
    return f"meetings/{instance.commitment.public_id}/{instance.sha256[:16]}"


class CommitmentEvidence(StoredFile):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["pk"]


class DialogueIssue(TimeStampedModel):
    """An issue raised at a dialogue, and how it ended: answered on the spot, a commitment, or a case."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Trả lời ngay tại hội nghị")
        COMMITMENT = "commitment", _("Cam kết giải quyết")
        CASE = "case", _("Chuyển thành đơn để giải quyết")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="issues")
    topic = models.CharField(_("vấn đề"), max_length=300)
    text = models.TextField(_("ý kiến người dân"))
    tone = models.CharField(_("thái độ"), max_length=10, choices=Tone.choices, default=Tone.NEUTRAL)
    severity = models.PositiveSmallIntegerField(_("mức độ"), choices=Severity.choices, default=Severity.LOW)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices)
    answer = models.TextField(_("trả lời, ý kiến của lãnh đạo"), blank=True)
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="issues", verbose_name=_("cam kết")
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn")
    )

    class Meta:
        verbose_name = _("ý kiến tại đối thoại")
        verbose_name_plural = _("ý kiến tại đối thoại")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.topic
