""" "Dân vận khéo" good-practice models and exemplars, their review against per-level criteria sets,
recognition, commendations and replication; and the outreach news published on the portal.

Recognition levels and their criteria are data (``CriteriaSet``): DOMAIN.md §3 marks national criteria
and levels as unconfirmed [U], so each level's criteria, scores and pass mark are configurable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import PublicIdModel, StoredFile, TimeStampedModel
from danvan.organizations.models import Organization
from danvan.practices.querysets import NewsQuerySet, PracticeQuerySet, ReplicationQuerySet
from danvan.territory.models import AdministrativeUnit


class Level(models.TextChoices):
    """Who recognises: the commune, the province, or the centre."""

    COMMUNE = "xa", _("Cấp xã")
    PROVINCE = "tinh", _("Cấp tỉnh")
    NATIONAL = "toan_quoc", _("Toàn quốc")


LEVEL_RANK = {Level.COMMUNE: 1, Level.PROVINCE: 2, Level.NATIONAL: 3}


class PracticeField(models.TextChoices):
    ECONOMY = "kinh_te", _("Kinh tế")
    CULTURE_SOCIETY = "van_hoa_xa_hoi", _("Văn hóa – xã hội")
    DEFENCE_SECURITY = "quoc_phong_an_ninh", _("Quốc phòng – an ninh")
    POLITICAL_SYSTEM = "xay_dung_dang", _("Xây dựng Đảng và hệ thống chính trị")
    NEW_RURAL = "nong_thon_moi", _("Xây dựng nông thôn mới, đô thị văn minh")
    OTHER = "khac", _("Lĩnh vực khác")


class CriteriaSet(TimeStampedModel):
    """The criteria one level scores a model against, with the pass mark needed for recognition.

    ``unit_path`` blank: applies everywhere; otherwise only to models under that path (a province's own
    rules). The most specific active set wins."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    level = models.CharField(_("cấp công nhận"), max_length=12, choices=Level.choices)
    unit_path = models.CharField(_("áp dụng cho địa bàn (đường dẫn)"), max_length=255, blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("điểm đạt tối thiểu"))
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("bộ tiêu chí công nhận")
        verbose_name_plural = _("bộ tiêu chí công nhận")
        ordering = ["level", "unit_path", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def max_total(self) -> int:
        return sum(criterion.max_score for criterion in self.criteria.all())


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(_("tiêu chí"), max_length=500)
    max_score = models.PositiveSmallIntegerField(_("điểm tối đa"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Practice(PublicIdModel, TimeStampedModel):
    """A "Dân vận khéo" model (mô hình) or exemplar (điển hình), registered by a unit."""

    class Kind(models.TextChoices):
        MODEL = "mo_hinh", _("Mô hình")
        EXEMPLAR = "dien_hinh", _("Điển hình")

    class Holder(models.TextChoices):
        COLLECTIVE = "tap_the", _("Tập thể")
        INDIVIDUAL = "ca_nhan", _("Cá nhân")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Đã đăng ký")
        UNDER_REVIEW = "under_review", _("Đang xét công nhận")
        RECOGNISED = "recognised", _("Đã công nhận")
        NOT_RECOGNISED = "not_recognised", _("Không công nhận")

    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.MODEL)
    holder = models.CharField(_("tập thể hay cá nhân"), max_length=10, choices=Holder.choices)
    holder_name = models.CharField(_("tên tập thể, cá nhân"), max_length=255)
    title = models.CharField(_("tên mô hình, điển hình"), max_length=255)
    field = models.CharField(_("lĩnh vực"), max_length=24, choices=PracticeField.choices)
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn"))
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan, tổ chức"),
    )
    period_start = models.DateField(_("thực hiện từ"))
    period_end = models.DateField(_("đến"), null=True, blank=True)
    description = models.TextField(_("mô tả cách làm"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    review_level = models.CharField(_("đang xét ở cấp"), max_length=12, choices=Level.choices, blank=True)
    recognised_level = models.CharField(_("cấp đã công nhận"), max_length=12, choices=Level.choices, blank=True)
    recognised_at = models.DateTimeField(_("công nhận lúc"), null=True, blank=True)
    registered_at = models.DateTimeField(_("đăng ký lúc"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình Dân vận khéo")
        verbose_name_plural = _("mô hình Dân vận khéo")
        ordering = ["-registered_at", "pk"]
        indexes = [
            models.Index(fields=["unit_path", "status"], name="practice_scope_status_idx"),
            models.Index(
                fields=["recognised_level"], name="practice_recognised_idx", condition=~Q(recognised_level="")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=models.F("period_start")),
                name="practice_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return bool(self.recognised_level)


class ResultIndicator(models.Model):
    """A measurable result: "Hộ dùng nước sạch" from 45 to 312 hộ."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="results")
    indicator = models.CharField(_("chỉ tiêu"), max_length=255)
    baseline = models.DecimalField(_("trước khi thực hiện"), max_digits=14, decimal_places=2, null=True, blank=True)
    result = models.DecimalField(_("kết quả đạt được"), max_digits=14, decimal_places=2)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kết quả đo đếm được")
        verbose_name_plural = _("kết quả đo đếm được")
        ordering = ["practice", "order", "pk"]

    def __str__(self) -> str:
        return self.indicator


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"practices/{instance.practice.public_id}/{instance.sha256[:16]}"


class Evidence(StoredFile):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["practice", "pk"]


class Review(TimeStampedModel):
    """One consideration of a practice at one level, scored against that level's criteria set."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Đang xét")
        RECOGNISED = "recognised", _("Công nhận")
        NOT_RECOGNISED = "not_recognised", _("Không công nhận")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="reviews")
    level = models.CharField(_("cấp xét"), max_length=12, choices=Level.choices)
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("bắt đầu xét"))
    total_score = models.PositiveSmallIntegerField(_("tổng điểm"), null=True, blank=True)
    scored_at = models.DateTimeField(_("chấm điểm lúc"), null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("lượt xét công nhận")
        verbose_name_plural = _("lượt xét công nhận")
        ordering = ["practice", "opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice"], condition=Q(outcome="pending"), name="practice_one_pending_review"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} {self.level}"

    @property
    def passed(self) -> bool:
        return self.total_score is not None and self.total_score >= self.criteria_set.pass_mark


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("điểm"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="review_score_once")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class PracticeEvent(models.Model):
    """The timeline of a practice; written only by practices.services (with an audit event)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("thời điểm"))
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    level = models.CharField(max_length=12, choices=Level.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("diễn biến")
        verbose_name_plural = _("diễn biến")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.practice_id} {self.action}"


class Commendation(TimeStampedModel):
    """Khen thưởng, biểu dương: often at the yearly meeting around 15 October (Ngày truyền thống công tác
    Dân vận, 15/10/1930)."""

    class Form(models.TextChoices):
        PRAISE = "bieu_duong", _("Biểu dương")
        CERTIFICATE = "giay_khen", _("Giấy khen")
        MERIT = "bang_khen", _("Bằng khen")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="commendations")
    form = models.CharField(_("hình thức"), max_length=12, choices=Form.choices)
    level = models.CharField(_("cấp khen thưởng"), max_length=12, choices=Level.choices)
    issuer = models.CharField(_("cơ quan quyết định"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("khen thưởng, biểu dương")
        verbose_name_plural = _("khen thưởng, biểu dương")
        ordering = ["-decision_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "decision_number"], name="commendation_decision_once"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.decision_date:%d/%m/%Y})"


class Replication(TimeStampedModel):
    """Nhân rộng: another unit adopted the model, from a date, with its own results."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="replications")
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị áp dụng")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    adopted_on = models.DateField(_("áp dụng từ ngày"))
    results = models.TextField(_("kết quả bước đầu"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhân rộng")
        verbose_name_plural = _("nhân rộng")
        ordering = ["-adopted_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["practice", "unit"], name="replication_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.practice_id} → {self.unit_id}"


class NewsItem(PublicIdModel, TimeStampedModel):
    """Tin tức, thông báo tuyên truyền published by an organisation on the portal."""

    class Category(models.TextChoices):
        NEWS = "tin_tuc", _("Tin tức")
        ANNOUNCEMENT = "thong_bao", _("Thông báo")
        PROPAGANDA = "tuyen_truyen", _("Tuyên truyền")
        EXEMPLAR = "guong_dien_hinh", _("Gương điển hình")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã đăng")

    title = models.CharField(_("tiêu đề"), max_length=255)
    category = models.CharField(_("chuyên mục"), max_length=20, choices=Category.choices)
    summary = models.CharField(_("tóm tắt"), max_length=500)
    body = models.TextField(_("nội dung"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan đăng tin")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin tức, thông báo")
        verbose_name_plural = _("tin tức, thông báo")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "published_at"], name="news_published_idx")]

    def __str__(self) -> str:
        return self.title
