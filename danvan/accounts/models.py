from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from danvan.accounts.roles import Role
from danvan.core.fields import EncryptedTextField
from danvan.core.models import TimeStampedModel
from danvan.core.text import person_sort_key
from danvan.organizations.models import Organization
from danvan.territory.models import AdministrativeUnit


class User(AbstractUser):
    """Officers and administrators. Citizens need no account to submit or follow a case."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    name_sort = models.CharField(max_length=450, editable=False, db_index=True, default="")
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["name_sort"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs) -> None:
        # Derived columns only (no side effects): Vietnamese-order sorting by given name first, as
        # officers look people up ("Khiết, Đặng Thị").
        self.name_sort = person_sort_key(self.full_name or self.username)
        super().save(*args, **kwargs)


class RoleAssignment(TimeStampedModel):
    """``user`` acts as ``role`` for ``unit`` (and everything under it) from ``valid_from`` until
    ``valid_to`` (exclusive). A null unit means nationwide (central bodies, system administrators)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("người dùng")
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("cơ quan"),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("địa bàn phụ trách"),
        help_text=_("Để trống: toàn quốc."),
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến trước ngày"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người phân quyền")
    )

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="role_assignment_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_to"], name="role_assignment_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit or _('toàn quốc')}"


class TwoFactorDevice(TimeStampedModel):
    """An officer's authenticator app (TOTP, RFC 6238), optional and chosen by the officer. The shared
    secret is encrypted like other protected data; ``last_step`` refuses a code that was already used."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = EncryptedTextField(_("khóa bí mật"))
    confirmed_at = models.DateTimeField(_("kích hoạt lúc"), null=True, blank=True)
    last_step = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("xác thực hai bước")
        verbose_name_plural = _("xác thực hai bước")

    def __str__(self) -> str:
        return str(self.user)
