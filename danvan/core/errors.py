"""Domain errors. Services raise these; views and the API translate them in one place.

The message is for the user (Vietnamese by default, translatable); ``code`` is stable for machines.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    default_message = _("Yêu cầu không thực hiện được.")

    def __init__(self, message: str | None = None, **details: object) -> None:
        self.message = str(message or self.default_message)
        self.details = details
        super().__init__(self.message)


class ValidationFailed(DomainError):
    code = "validation_failed"
    default_message = _("Dữ liệu không hợp lệ.")


class PermissionDeniedError(DomainError):
    code = "permission_denied"
    default_message = _("Bạn không có quyền thực hiện thao tác này.")


class NotFoundError(DomainError):
    """Also what "not in your jurisdiction" looks like from outside: the two are indistinguishable."""

    code = "not_found"
    default_message = _("Không tìm thấy.")


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    default_message = _("Thao tác không hợp lệ ở trạng thái hiện tại.")


class ConflictError(DomainError):
    code = "conflict"
    default_message = _("Dữ liệu đã bị thay đổi bởi thao tác khác; vui lòng tải lại.")


class EncryptionKeyError(DomainError):
    """A field-encryption key is missing, unreadable or wrong. Never silently return ciphertext or blanks."""

    code = "encryption_key_error"
    default_message = _("Khóa mã hóa dữ liệu bị thiếu hoặc không đúng.")
