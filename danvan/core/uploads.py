"""Checking uploaded files, for every app that accepts them (case attachments, evidence, imports).

A file is judged by its content, never by its name or the browser's claim: PDF, PNG, JPEG, and Word (.docx)
or Excel (.xlsx) files, which are ZIP archives and are opened to check that they really are such documents
and are not "zip bombs" (a few kilobytes that expand to gigabytes when a reader opens them). Names are kept
only for display, cleaned of directories and control characters; files are stored under a hash.
"""

from __future__ import annotations

import hashlib
import zipfile

from django.utils.translation import gettext as _

from danvan.core.errors import ValidationFailed
from danvan.core.text import normalize

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAGIC = {b"%PDF": PDF, b"\x89PNG": PNG, b"\xff\xd8\xff": JPEG, b"PK\x03\x04": DOCX}
# What marks an Office Open XML archive as a Word or an Excel document.
OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ARCHIVE_ENTRIES = 2000


def safe_file_name(name: str) -> str:
    """The name to show for an upload: no directories ("../../etc/passwd" → "passwd"), no control
    characters, NFC, at most 255 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in normalize(base) if ch.isprintable()).strip(" .")
    return cleaned[:255] or "tep-dinh-kem"


def detect_content_type(head: bytes) -> str | None:
    """The type the first bytes announce (ZIP-based files are reported as DOCX until opened)."""
    for magic, content_type in MAGIC.items():
        if head.startswith(magic):
            return content_type
    return None


def _office_type(uploaded_file) -> str:
    """Open the ZIP without extracting it: refuse what is not a Word/Excel document or would expand
    beyond the limits."""
    refused = ValidationFailed(
        _("Tệp nén không phải văn bản Word/Excel hợp lệ hoặc có dung lượng giải nén bất thường.")
    )
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
            expanded = sum(entry.file_size for entry in entries)
            packed = sum(entry.compress_size for entry in entries) or 1
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refused from None
    finally:
        uploaded_file.seek(0)
    if len(entries) > MAX_ARCHIVE_ENTRIES or expanded > MAX_UNCOMPRESSED_BYTES:
        raise refused
    if expanded / packed > MAX_COMPRESSION_RATIO:
        raise refused
    if any(name.startswith("/") or ".." in name.split("/") for name in names):
        raise refused
    kinds = [kind for part, kind in OOXML_PARTS.items() if part in names]
    if "[Content_Types].xml" not in names or not kinds:
        raise refused
    return kinds[0]


def check_upload(uploaded_file, *, max_bytes: int, allowed: frozenset[str] = frozenset({PDF, PNG, JPEG, DOCX})) -> str:
    """The content type of an acceptable upload, or ValidationFailed with a Vietnamese reason."""
    if uploaded_file.size > max_bytes:
        raise ValidationFailed(_("Tệp vượt quá %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)})
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    content_type = detect_content_type(head)
    if content_type == DOCX:
        content_type = _office_type(uploaded_file)
    if content_type is None or content_type not in allowed:
        raise ValidationFailed(_("Chỉ nhận tệp PDF, ảnh PNG/JPEG hoặc Word (.docx)."))
    return content_type


def file_sha256(uploaded_file) -> str:
    """The upload's SHA-256, read in chunks; the file is left at its start for whoever reads it next."""
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()
