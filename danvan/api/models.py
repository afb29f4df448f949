from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token for an integration. Only a SHA-256 of the secret is stored; the plaintext
    (``dv_<prefix>_<secret>``) is shown once, when the token is created.

    The token acts as ``user``: integrations get a service-account user whose role assignments give the
    jurisdiction, so an API client sees exactly what that user would see (``visible_to``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("tài khoản")
    )
    name = models.CharField(_("tên kết nối"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=8, unique=True)
    key_hash = models.CharField(_("mã băm khóa"), max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa kết nối API")
        verbose_name_plural = _("khóa kết nối API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (dv_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
