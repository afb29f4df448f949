from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.organizations.models import Organization


class NumberSequence(models.Model):
    """The running number of an issuer's documents: per calendar year for state bodies (Decree 30/2020,
    Annex I), per Party-committee term for Party bodies (DOMAIN.md §6.2)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("năm hoặc nhiệm kỳ"), max_length=20)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [models.UniqueConstraint(fields=["organization", "period"], name="number_sequence_once")]

    def __str__(self) -> str:
        return f"{self.organization} {self.period}: {self.last_number}"
