from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel
from danvan.organizations.querysets import OrganizationQuerySet
from danvan.territory.models import AdministrativeUnit


class OrganizationKind(TimeStampedModel):
    """A kind of body, as data: its name at each level and its symbol in document numbers."""

    class Family(models.TextChoices):
        STATE = "state", _("Cơ quan nhà nước")
        PARTY = "party", _("Cơ quan Đảng")
        FRONT = "front", _("Mặt trận Tổ quốc và đoàn thể")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên loại"), max_length=200)
    family = models.CharField(
        _("khối"),
        max_length=10,
        choices=Family.choices,
        help_text=_("Quyết định thể thức văn bản: Nghị định 30/2020 (nhà nước) hay hướng dẫn của Đảng."),
    )
    default_symbol = models.CharField(_("ký hiệu viết tắt mặc định"), max_length=30, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("loại cơ quan, tổ chức")
        verbose_name_plural = _("loại cơ quan, tổ chức")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Organization(TimeStampedModel):
    kind = models.ForeignKey(
        OrganizationKind, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("loại")
    )
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("địa bàn")
    )
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    name = models.CharField(_("tên"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    document_symbol = models.CharField(
        _("ký hiệu cơ quan trên văn bản"),
        max_length=40,
        blank=True,
        help_text=_("Ví dụ UBND, BTGDVTU; dùng trong số, ký hiệu văn bản."),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("giải thể, hợp nhất từ"), null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, tổ chức")
        verbose_name_plural = _("cơ quan, tổ chức")
        ordering = ["unit__name_sort", "kind__sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "name"], name="organization_unique_name_in_unit"),
        ]

    def __str__(self) -> str:
        return self.name


class Position(TimeStampedModel):
    """A post in an organisation (chủ tịch, phó chủ tịch, trưởng ban…) and who holds it now.

    ``is_head`` marks the person answerable for the organisation's work: escalations go to them."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="positions", verbose_name=_("cơ quan")
    )
    title = models.CharField(_("chức vụ"), max_length=120)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
        verbose_name=_("người giữ chức vụ"),
    )
    is_head = models.BooleanField(_("người đứng đầu"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["organization", "sort_order"]

    def __str__(self) -> str:
        return f"{self.title} — {self.organization}"
