"""Model fields built on the core services."""

from __future__ import annotations

from typing import Any

from django.db import models

from danvan.core import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted (AES-GCM, see ``danvan.core.crypto``); Python code sees plain text.

    Encrypted values cannot be filtered or indexed: keep a separate keyed hash if lookups are needed.
    The purpose bound into each ciphertext is ``<app_label>.<model>.<field>``.
    """

    def contribute_to_class(self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.purpose = f"{cls._meta.label_lower}.{name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value, purpose=self.purpose)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value), purpose=self.purpose)
