from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class StoredFile(TimeStampedModel):
    """An uploaded file kept under its hash (evidence of commitments, good practices, inspections…). Each
    concrete model adds its ``file`` field (its own folder) and the record it belongs to; files come in only
    through ``store()``, after ``core.uploads.check_upload`` judged them."""

    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def store(self, uploaded_file, *, content_type: str, actor=None) -> None:
        """Fill the file's facts from the upload, write it under its hash and save the row."""
        from danvan.core.uploads import file_sha256, safe_file_name

        self.original_name = safe_file_name(uploaded_file.name)
        self.content_type = content_type
        self.size = uploaded_file.size
        self.sha256 = file_sha256(uploaded_file)
        self.uploaded_by = actor if getattr(actor, "pk", None) else None
        self.file.save(self.sha256[:16], uploaded_file, save=False)
        self.save()


class PublicIdModel(models.Model):
    """A random public identifier for URLs and the API, so sequential primary keys never leak counts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One link of the hash-chained audit log. Written only by ``danvan.core.audit.audit_record``,
    in the same transaction as the change it records; never updated or deleted."""

    seq = models.PositiveBigIntegerField(_("số thứ tự"), unique=True)
    occurred_at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("hành động"), max_length=100)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    unit_path = models.CharField(_("đơn vị"), max_length=255, blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("nhật ký kiểm toán")
        verbose_name_plural = _("nhật ký kiểm toán")
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """Singleton row locked by each writer, so concurrent transactions append to the chain one at a time
    (a lock on the newest AuditEvent would let two writers read the same predecessor)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("đầu chuỗi kiểm toán")

    def __str__(self) -> str:
        return f"{self.last_seq}"
