"""Uploads are judged by content: real Word/Excel documents pass; ZIP archives that are not, or that would
expand to gigabytes (zip bombs), are refused with a Vietnamese reason — without being extracted."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core.errors import ValidationFailed
from danvan.core.uploads import DOCX, PDF, XLSX, check_upload, safe_file_name

MB = 1024 * 1024


def archive(entries: dict[str, bytes], name: str = "don.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for entry, data in entries.items():
            zipped.writestr(entry, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def real_docx() -> SimpleUploadedFile:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Đơn kiến nghị")
    document.save(buffer)
    return SimpleUploadedFile("don.docx", buffer.getvalue())


def test_a_real_word_document_is_accepted():
    assert check_upload(real_docx(), max_bytes=10 * MB) == DOCX


def test_an_excel_workbook_is_recognised_and_refused_where_only_documents_are_allowed():
    workbook = archive({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}, "bang.xlsx")
    assert check_upload(workbook, max_bytes=10 * MB, allowed=frozenset({XLSX})) == XLSX
    with pytest.raises(ValidationFailed, match="Chỉ nhận tệp PDF"):
        check_upload(workbook, max_bytes=10 * MB)


def test_a_zip_bomb_named_docx_is_refused_without_being_extracted():
    # 200 MB of zeros compress to about 200 KB: a reader that opened it would expand it in memory.
    bomb = archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (200 * MB)})
    assert bomb.size < 1 * MB

    with pytest.raises(ValidationFailed, match="dung lượng giải nén bất thường"):
        check_upload(bomb, max_bytes=10 * MB)


def test_a_plain_zip_or_a_broken_archive_pretending_to_be_docx_is_refused():
    with pytest.raises(ValidationFailed, match="không phải văn bản Word/Excel"):
        check_upload(archive({"virus.exe": b"MZ" + b"x" * 100}), max_bytes=10 * MB)
    with pytest.raises(ValidationFailed, match="không phải văn bản Word/Excel"):
        check_upload(SimpleUploadedFile("hong.docx", b"PK\x03\x04" + b"\x00" * 50), max_bytes=10 * MB)


def test_archive_entries_that_climb_out_of_the_archive_are_refused():
    sneaky = archive({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", "../../etc/cron.d/x": b"*"})
    with pytest.raises(ValidationFailed):
        check_upload(sneaky, max_bytes=10 * MB)


def test_a_file_that_lies_about_its_type_is_refused_and_the_size_limit_is_explained():
    with pytest.raises(ValidationFailed, match="Chỉ nhận tệp PDF"):
        check_upload(SimpleUploadedFile("anh.png", b"<svg onload=alert(1)>"), max_bytes=10 * MB)
    with pytest.raises(ValidationFailed, match="vượt quá 1 MB"):
        check_upload(SimpleUploadedFile("lon.pdf", b"%PDF" + b"0" * (2 * MB)), max_bytes=1 * MB)
    assert check_upload(SimpleUploadedFile("ok.pdf", b"%PDF-1.7 ..."), max_bytes=1 * MB) == PDF


def test_names_lose_directories_and_control_characters():
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("C:\\Users\\a\\đơn\x00\x1b.pdf") == "đơn.pdf"
