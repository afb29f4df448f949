"""Lay out an official document as DOCX.

State bodies follow Decree 30/2020/NĐ-CP, Annex I (DOMAIN.md §6.1): A4 portrait; margins top/bottom
20 mm, left 30 mm, right 15 mm; Times New Roman (metric-compatible Liberation Serif where Times is
absent); two-column header (issuer left, national title and motto right); "Số: 12/TB-UBND"; the type
name in bold capitals; the summary in bold; body 14 pt justified with a 1 cm first-line indent;
signature block with TM./KT./Q. prefixes; "Nơi nhận:" in 12 pt bold italic, recipients in 11 pt.
Party bodies follow the Party layout (DOMAIN.md §6.2, [S]): "ĐẢNG CỘNG SẢN VIỆT NAM" on the right, the
number without a colon ("Số 05-TB/ĐU"), a star under the issuer, "T/M" signing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
STATE, PARTY = "state", "party"


@dataclass
class OfficialDocument:
    family: str  # STATE or PARTY
    issuer_parent: str  # "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" (may be empty)
    issuer: str  # "ỦY BAN NHÂN DÂN PHƯỜNG NINH KIỀU"
    number: str  # "12" or "" for a draft not yet numbered
    symbol: str  # "TB-UBND"
    place: str  # "Ninh Kiều"
    issued_on: date
    type_name: str  # "THÔNG BÁO"
    summary: str  # "Về việc thụ lý giải quyết khiếu nại"
    body: list[str]
    legal_bases: list[str] = field(default_factory=list)
    addressee: str = ""  # "Kính gửi: Ông/Bà …"
    signer_authority: str = ""  # "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH"
    signer_title: str = ""  # "CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    archive_note: str = "Lưu: VT."

    @property
    def number_line(self) -> str:
        number = self.number.zfill(2) if self.number else " " * 6
        if self.family == PARTY:
            return f"Số {number}-{self.symbol}"
        return f"Số: {number}/{self.symbol}"

    @property
    def date_line(self) -> str:
        day, month = self.issued_on.day, self.issued_on.month
        # Decree 30/2020: days below 10 and months 1 and 2 take a leading zero.
        month_text = f"{month:02d}" if month < 3 else str(month)
        return f"{self.place}, ngày {day:02d} tháng {month_text} năm {self.issued_on.year}"


def _set_font(run, size: float, *, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    # East Asian font slot too, or Word falls back to another font for Vietnamese letters.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _paragraph(
    container,
    text: str,
    size: float,
    *,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    bold=False,
    italic=False,
    underline=False,
    space_after: float = 0,
    indent_cm: float = 0,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent_cm:
        paragraph.paragraph_format.first_line_indent = Cm(indent_cm)
    if text:
        _set_font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _header(document, doc: OfficialDocument) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    left.paragraphs[0].text = ""
    if doc.issuer_parent:
        _set_font(left.paragraphs[0].add_run(doc.issuer_parent.upper()), 13)
        left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _paragraph(left, doc.issuer.upper(), 13, bold=True)
    else:
        _set_font(left.paragraphs[0].add_run(doc.issuer.upper()), 13, bold=True)
        left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(left, "*" if doc.family == PARTY else "―――――", 13)
    _paragraph(left, doc.number_line, 13)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.family == PARTY:
        _set_font(right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM"), 13, bold=True, underline=True)
        _paragraph(right, "", 13)
    else:
        _set_font(right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, bold=True)
        _paragraph(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, underline=True)
    _paragraph(right, "", 13)
    _paragraph(right, doc.date_line, 14, italic=True)


def _signature(document, doc: OfficialDocument) -> None:
    table = document.add_table(rows=1, cols=2)
    recipients_cell, signer_cell = table.rows[0].cells
    recipients_cell.width, signer_cell.width = Cm(8), Cm(8)
    first = recipients_cell.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _set_font(first.add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for line in doc.recipients:
        _paragraph(recipients_cell, f"- {line};", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(recipients_cell, f"- {doc.archive_note}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    signer = signer_cell.paragraphs[0]
    signer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(signer.add_run(doc.signer_authority.upper()), 14, bold=True)
    if doc.signer_title:
        _paragraph(signer_cell, doc.signer_title.upper(), 14, bold=True)
    for _ in range(4):  # room for the signature and seal
        _paragraph(signer_cell, "", 14)
    _paragraph(signer_cell, doc.signer_name, 14, bold=True)


def render_docx(doc: OfficialDocument) -> bytes:
    document = Document()
    _page_setup(document)
    _header(document, doc)
    _paragraph(document, "", 14)
    _paragraph(document, doc.type_name.upper(), 14, bold=True)
    _paragraph(document, doc.summary, 14, bold=True, space_after=6)
    for basis in doc.legal_bases:
        _paragraph(document, basis, 14, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_cm=1)
    if doc.addressee:
        _paragraph(document, doc.addressee, 14, space_after=6)
    for text in doc.body:
        _paragraph(document, text, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_cm=1, space_after=6)
    _paragraph(document, "", 14)
    _signature(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
