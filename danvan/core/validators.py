"""Checks for the numbers people type: Vietnamese personal ID numbers and phone numbers.

People write them with spaces, dots and dashes ("001 234 567 890", "0912.345.678"): these are removed
before checking, and the cleaned value is what gets stored.
"""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^(\+84|84|0)\d{9,10}$",
    _("Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0 hoặc +84, ví dụ: 0912 345 678."),
)
# 12-digit personal identification number (căn cước, since 2016/2021), the old 9-digit CMND, or a passport.
id_number_validator = RegexValidator(
    r"^(\d{9}|\d{12}|[A-Z]\d{7,8})$",
    _(
        "Số định danh cá nhân (căn cước) gồm 12 chữ số; chứng minh nhân dân cũ 9 chữ số; "
        "hộ chiếu 1 chữ cái và 7–8 chữ số."
    ),
)


def clean_id_number(value: str) -> str:
    """Cleaned ID number, or ValidationError with the Vietnamese explanation. Empty stays empty."""
    cleaned = re.sub(r"[\s.\-]", "", value or "").upper()
    if cleaned:
        id_number_validator(cleaned)
    return cleaned


def clean_phone(value: str) -> str:
    cleaned = re.sub(r"[\s.\-()]", "", value or "")
    if cleaned:
        phone_validator(cleaned)
    return cleaned
