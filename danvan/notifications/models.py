from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import TimeStampedModel


class Message(TimeStampedModel):
    """One message to one recipient on one channel. An in-app message is the inbox item itself."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        INBOX = "inbox", _("Hộp thư trong hệ thống")
        SMS = "sms", _("Tin nhắn SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    idempotency_key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("người nhận"),
    )
    address = models.CharField(_("địa chỉ nhận"), max_length=254, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "channel", "read_at"], name="message_inbox_idx"),
            models.Index(fields=["status"], name="message_pending_idx", condition=models.Q(status="pending")),
        ]

    def __str__(self) -> str:
        return self.subject


class DeliveryAttempt(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempt_log")
    attempted_at = models.DateTimeField(_("thời điểm"))
    succeeded = models.BooleanField(_("thành công"))
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("lượt gửi")
        verbose_name_plural = _("nhật ký gửi")
        ordering = ["attempted_at"]

    def __str__(self) -> str:
        return f"{self.message_id} {self.attempted_at:%d/%m/%Y %H:%M} {'OK' if self.succeeded else 'lỗi'}"
