"""Satisfaction surveys: questionnaires, anonymous links, responses and the index method.

Responses are anonymous by construction: a response row holds the link it came through (a unit or a
service desk, or one printed one-time token), the local date and the answers. No IP address, cookie value,
account or time of day is stored with it (DOMAIN.md §4; the SIPAS surveys are anonymous).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import PublicIdModel, TimeStampedModel
from danvan.surveys.querysets import SurveyQuerySet
from danvan.territory.models import AdministrativeUnit


class Element(models.TextChoices):
    """The five SIPAS elements of service delivery (QĐ 2640/QĐ-BNV, QĐ 1001/QĐ-BNV) [S]."""

    ACCESS = "access", _("Tiếp cận dịch vụ")
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    OFFICIALS = "officials", _("Công chức trực tiếp giải quyết công việc")
    RESULT = "result", _("Kết quả dịch vụ")
    FEEDBACK = "feedback", _("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị")


class Aspect(models.TextChoices):
    PERCEPTION = "perception", _("Nhận định")
    SATISFACTION = "satisfaction", _("Sự hài lòng")
    EXPECTATION = "expectation", _("Sự mong đợi")


LIKERT_LABELS = {
    1: _("Rất không hài lòng"),
    2: _("Không hài lòng"),
    3: _("Bình thường"),
    4: _("Hài lòng"),
    5: _("Rất hài lòng"),
}


class Survey(PublicIdModel, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        OPEN = "open", _("Đang nhận phiếu")
        CLOSED = "closed", _("Đã đóng")

    title = models.CharField(_("tên khảo sát"), max_length=255)
    description = models.TextField(_("lời giới thiệu"), blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    method = models.ForeignKey(
        "IndexMethod",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("cách tính chỉ số"),
        help_text=_("Để trống: dùng cách tính mặc định."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("khảo sát")
        verbose_name_plural = _("khảo sát")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Thang 1–5 (mức hài lòng)")
        SINGLE = "single", _("Chọn một")
        MULTIPLE = "multiple", _("Chọn nhiều")
        TEXT = "text", _("Trả lời tự do")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại câu hỏi"), max_length=8, choices=Kind.choices, default=Kind.LIKERT)
    text = models.CharField(_("nội dung câu hỏi"), max_length=500)
    help_text = models.CharField(_("gợi ý"), max_length=300, blank=True)
    required = models.BooleanField(_("bắt buộc trả lời"), default=True)
    choices = models.JSONField(_("các lựa chọn"), default=list, blank=True)
    element = models.CharField(_("yếu tố SIPAS"), max_length=12, choices=Element.choices, blank=True)
    aspect = models.CharField(_("khía cạnh"), max_length=12, choices=Aspect.choices, blank=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"


class SurveyLink(TimeStampedModel):
    """How respondents reach a survey: an open link (posters, the unit's website; one answer per browser
    and a rate limit) or a one-time token printed on a slip handed out after a service (used once)."""

    class Mode(models.TextChoices):
        OPEN = "open", _("Đường dẫn công khai")
        ONE_TIME = "one_time", _("Mã phiếu dùng một lần")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    token = models.CharField(_("mã"), max_length=24, unique=True)
    mode = models.CharField(_("loại"), max_length=8, choices=Mode.choices)
    label = models.CharField(_("nơi phát, dịch vụ"), max_length=200, blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị được đánh giá")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    batch = models.PositiveIntegerField(_("đợt in"), default=0)
    used_on = models.DateField(_("đã dùng ngày"), null=True, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("đường dẫn khảo sát")
        verbose_name_plural = _("đường dẫn khảo sát")
        ordering = ["mode", "batch", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mode="one_time") | Q(used_on__isnull=True), name="survey_link_open_never_used"
            ),
        ]

    def __str__(self) -> str:
        return self.token


class Response(models.Model):
    """One filled-in questionnaire. Only the date is kept (not the time), so answers cannot be matched to
    a visit at the desk."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    link = models.ForeignKey(SurveyLink, on_delete=models.PROTECT, related_name="responses")
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    submitted_on = models.DateField(_("ngày trả lời"), db_index=True)

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    likert = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once_per_question"),
            models.CheckConstraint(
                condition=Q(likert__isnull=True) | Q(likert__gte=1, likert__lte=5), name="survey_answer_likert_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class IndexMethod(TimeStampedModel):
    """How the satisfaction index is computed. The official SIPAS formula (QĐ 1001/QĐ-BNV) is unconfirmed
    [U], so the formula is data: which answers count as satisfied, which aspects count, the weight of
    each element, and the minimum sample before units are compared. The default (no row, or the row marked
    default) is the usual BNV practice: share of 4–5 answers per element, index = mean of the elements."""

    name = models.CharField(_("tên cách tính"), max_length=200)
    satisfied_from = models.PositiveSmallIntegerField(
        _("mức tính là hài lòng từ"), default=4, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    aspects = models.JSONField(
        _("khía cạnh được tính"), default=list, blank=True, help_text=_("Để trống: mọi khía cạnh.")
    )
    weights = models.JSONField(
        _("trọng số các yếu tố"), default=dict, blank=True, help_text=_("Để trống: các yếu tố có trọng số bằng nhau.")
    )
    min_sample = models.PositiveIntegerField(_("số phiếu tối thiểu để so sánh"), default=30)
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    is_default = models.BooleanField(_("mặc định"), default=False)

    class Meta:
        verbose_name = _("cách tính chỉ số hài lòng")
        verbose_name_plural = _("cách tính chỉ số hài lòng")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="survey_one_default_method"
            )
        ]

    def __str__(self) -> str:
        return self.name
