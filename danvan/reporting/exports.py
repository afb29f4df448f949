"""The files of a report: DOCX (danvan.documents.official: Decree 30/2020 or the Party format), XLSX
(openpyxl, write-only) and PDF (fpdf2 with Liberation Serif, which carries every Vietnamese glyph).

All three are rendered from one ``ReportContent``, built from a frozen snapshot (figures and narrative),
so the files of a submission never depend on live data."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from danvan.documents.official import PARTY, OfficialDocument, render_docx

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
SYSTEM_FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
TABLE_MARKER = "[[BẢNG CHỈ TIÊU]]"
TABLE_HEAD = ["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Kế hoạch"]


@dataclass
class ReportContent:
    family: str
    issuer_parent: str
    issuer: str
    number: str
    symbol: str
    place: str
    issued_on: date
    summary: str
    sections: list[tuple[str, str]]  # (title, text)
    rows: list[list[str]]  # TABLE_HEAD columns, already formatted
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)

    def official(self) -> OfficialDocument:
        return OfficialDocument(
            family=self.family,
            issuer_parent=self.issuer_parent,
            issuer=self.issuer,
            number=self.number,
            symbol=self.symbol,
            place=self.place,
            issued_on=self.issued_on,
            type_name="Báo cáo",
            summary=self.summary,
            body=self.body_lines(with_marker=True),
            signer_authority=self.signer_authority,
            signer_title=self.signer_title,
            signer_name=self.signer_name,
            recipients=self.recipients,
            archive_note="Lưu …" if self.family == PARTY else "Lưu: VT.",
        )

    def body_lines(self, *, with_marker: bool = False) -> list[str]:
        numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
        lines: list[str] = []
        for number, (title, text) in enumerate(self.sections):
            lines.append(f"{numerals[number] if number < len(numerals) else number + 1}. {title.upper()}")
            if number == 0 and with_marker:
                lines.append(TABLE_MARKER)
            lines.extend(paragraph for paragraph in (text or "").splitlines() if paragraph.strip())
        return lines

    @property
    def number_line(self) -> str:
        return self.official().number_line

    @property
    def date_line(self) -> str:
        return self.official().date_line


# --- DOCX ---------------------------------------------------------------------------------------------


def render_report_docx(content: ReportContent) -> bytes:
    """The official layout from danvan.documents, with the indicator table put where the marker is."""
    document = Document(io.BytesIO(render_docx(content.official())))
    for paragraph in document.paragraphs:
        if paragraph.text == TABLE_MARKER:
            table = document.add_table(rows=1, cols=len(TABLE_HEAD))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, TABLE_HEAD, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
                    run.font.size = Pt(12)
            for row in content.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(12)
            paragraph._p.addnext(table._tbl)
            paragraph._p.getparent().remove(paragraph._p)
            break
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- XLSX ---------------------------------------------------------------------------------------------


def render_report_xlsx(content: ReportContent) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Chỉ tiêu")
    sheet.append([content.issuer])
    sheet.append([f"{content.summary} ({content.number_line})"])
    sheet.append([])
    sheet.append(TABLE_HEAD)
    for row in content.rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------


def font_path(style: str = "Regular") -> Path:
    """Liberation Serif (metric-compatible with Times New Roman; OFL): vendored in static/fonts, else the
    system copy."""
    name = f"LiberationSerif-{style}.ttf"
    for folder in (FONT_DIR, SYSTEM_FONT_DIR):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


def pdf_text_lines(content: ReportContent) -> list[str]:
    """Every string the PDF draws, in drawing order (what a text extractor must read back)."""
    left = [content.issuer_parent.upper(), content.issuer.upper(), content.number_line]
    if content.family == PARTY:
        right = ["ĐẢNG CỘNG SẢN VIỆT NAM", content.date_line]
    else:
        right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", content.date_line]
    lines = [line for line in left if line] + right + ["BÁO CÁO", content.summary]
    for line in content.body_lines(with_marker=True):
        if line == TABLE_MARKER:
            lines.extend(TABLE_HEAD)
            for row in content.rows:
                lines.extend(row)
        else:
            lines.append(line)
    lines.append("Nơi nhận:")
    lines.extend(f"- {recipient};" for recipient in content.recipients)
    lines.append("- Lưu …" if content.family == PARTY else "- Lưu: VT.")
    lines.extend(line.upper() for line in (content.signer_authority, content.signer_title) if line)
    if content.signer_name:
        lines.append(content.signer_name)
    return lines


def render_report_pdf(content: ReportContent) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    for style, suffix in (("", "Regular"), ("B", "Bold"), ("I", "Italic"), ("BI", "BoldItalic")):
        pdf.add_font("Serif", style, str(font_path(suffix)))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    left_w, right_w = width * 0.42, width * 0.58
    top = pdf.get_y()
    below = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

    def line(text, *, size=13, style="", align="C", w=None, x=None):
        if x is not None:
            pdf.set_x(x)
        pdf.set_font("Serif", style, size)
        pdf.multi_cell(w or width, 6, text, align=align, **below)

    x_right = pdf.l_margin + left_w
    if content.issuer_parent:
        line(content.issuer_parent.upper(), size=12, w=left_w)
    line(content.issuer.upper(), size=12, style="B", w=left_w)
    pdf.line(pdf.l_margin + left_w / 3, pdf.get_y() + 0.5, pdf.l_margin + 2 * left_w / 3, pdf.get_y() + 0.5)
    pdf.ln(2)
    line(content.number_line, size=13, w=left_w)
    left_bottom = pdf.get_y()
    pdf.set_y(top)
    if content.family == PARTY:
        line("ĐẢNG CỘNG SẢN VIỆT NAM", size=13, style="B", w=right_w, x=x_right)
    else:
        line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, style="B", w=right_w, x=x_right)
        line("Độc lập - Tự do - Hạnh phúc", size=13, style="B", w=right_w, x=x_right)
        rule = pdf.get_string_width("Độc lập - Tự do - Hạnh phúc")
        middle = x_right + right_w / 2
        pdf.line(middle - rule / 2, pdf.get_y() + 0.3, middle + rule / 2, pdf.get_y() + 0.3)
    pdf.ln(3)
    line(content.date_line, size=13, style="I", w=right_w, x=x_right)
    pdf.set_y(max(left_bottom, pdf.get_y()) + 6)
    line("BÁO CÁO", size=14, style="B")
    line(content.summary, size=14, style="B")
    pdf.ln(4)
    for text in content.body_lines(with_marker=True):
        if text == TABLE_MARKER:
            pdf.set_font("Serif", "", 11)
            with pdf.table(col_widths=(8, 62, 18, 20, 20), text_align="LEFT", line_height=5) as table:
                head = table.row()
                for cell in TABLE_HEAD:
                    head.cell(cell)
                for values in content.rows:
                    row = table.row()
                    for cell in values:
                        row.cell(cell)
            pdf.ln(3)
            continue
        heading = text[:1] in "IV" and ". " in text[:6] and text.split(". ", 1)[1].isupper()
        pdf.set_font("Serif", "B" if heading else "", 13)
        pdf.multi_cell(width, 6.5, text, align="J" if not heading else "L", **below)
        pdf.ln(1.5)
    pdf.ln(4)
    top = pdf.get_y()
    if top > pdf.h - 80:
        pdf.add_page()
        top = pdf.get_y()
    half = width / 2
    line("Nơi nhận:", size=12, style="BI", w=half, align="L")
    pdf.set_font("Serif", "", 11)
    for recipient in content.recipients:
        pdf.multi_cell(half, 5, f"- {recipient};", align="L", **below)
    pdf.multi_cell(half, 5, "- Lưu …" if content.family == PARTY else "- Lưu: VT.", align="L", **below)
    pdf.set_y(top)
    x_sign = pdf.l_margin + half
    for text in (content.signer_authority, content.signer_title):
        if text:
            line(text.upper(), size=13, style="B", w=half, x=x_sign)
    if content.signer_name:
        pdf.ln(22)
        line(content.signer_name, size=13, style="B", w=half, x=x_sign)
    return bytes(pdf.output())
