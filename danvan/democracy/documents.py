"""Generated documents: the record of a community decision (Art. 20, DOCX through danvan.documents.official)
and the quarterly list of published items (Art. 13, XLSX through openpyxl and DOCX)."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from danvan.democracy.models import CommunityVote, Disclosure
from danvan.democracy.selectors import quarter_bounds
from danvan.documents.official import STATE, OfficialDocument, render_docx
from danvan.territory.models import AdministrativeUnit
from danvan.territory.services import name_without_kind

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
LAW = "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;"
DECREE = "Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14 tháng 8 năm 2023 của Chính phủ;"


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def vote_record_body(vote: CommunityVote) -> list[str]:
    """Art. 20: time; total households; households present or represented; content; form; result; decision."""
    if vote.passed is None:
        decision = "Chưa có kết quả biểu quyết."
    elif vote.passed:
        decision = "Nội dung được cộng đồng dân cư thông qua."
    else:
        decision = "Nội dung không được thông qua do chưa đạt tỷ lệ theo Điều 21 Luật Thực hiện dân chủ ở cơ sở."
    threshold = "ít nhất hai phần ba" if vote.matter in ("cong_trinh", "quy") else "trên một nửa"
    cluster = f", họp theo {vote.clusters} cụm" if vote.clusters > 1 else ""
    signers = ", ".join(
        part
        for part in (
            f"Trưởng thôn: {vote.village_head_name}" if vote.village_head_name else "",
            f"Trưởng ban công tác Mặt trận: {vote.front_head_name}" if vote.front_head_name else "",
            f"Đại diện hộ gia đình: {vote.representative_names}" if vote.representative_names else "",
        )
        if part
    )
    return [
        f"1. Thời gian: ngày {_d(vote.vote_date)}, tại {vote.place_name}.",
        f"2. Tổng số hộ gia đình trong thôn, tổ dân phố: {vote.households_total} hộ.",
        f"3. Số hộ gia đình tham dự hoặc có phiếu: {vote.households_present} hộ.",
        f"4. Nội dung biểu quyết: {vote.title}. {vote.content}".strip(),
        f"5. Hình thức: {vote.get_form_display()}{cluster}.",
        f"6. Kết quả: {vote.approve} hộ tán thành ({_pct(vote.approve, vote.households_total)} tổng số hộ), "
        f"{vote.reject} hộ không tán thành; tỷ lệ cần đạt: {threshold} tổng số hộ gia đình.",
        f"7. Quyết định: {decision}",
        "Biên bản được gửi đến Ủy ban nhân dân và Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã "
        "trong thời hạn 05 ngày làm việc kể từ ngày biểu quyết (Điều 20).",
        f"Người ký biên bản: {signers or '…'}.",
    ]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%".replace(".", ",") if whole else "—"


def vote_record_docx(vote: CommunityVote) -> tuple[str, bytes]:
    document = OfficialDocument(
        family=STATE,
        issuer_parent=vote.commune.name if vote.village_id else "",
        issuer=vote.place_name,
        number="",
        symbol="BB",
        place=name_without_kind(vote.commune.name),
        issued_on=vote.vote_date,
        type_name="Biên bản",
        summary=f"{vote.get_form_display()} về {vote.title[:1].lower()}{vote.title[1:]}",
        body=vote_record_body(vote),
        legal_bases=[LAW, DECREE],
        signer_authority="Trưởng thôn, tổ trưởng tổ dân phố",
        signer_name=vote.village_head_name,
        recipients=["UBND xã", "Ban Thường trực UBMTTQ Việt Nam xã"],
        archive_note="Lưu: thôn, tổ dân phố.",
    )
    return f"bien-ban-bieu-quyet-{vote.pk}.docx", render_docx(document)


HEADERS = [
    "STT",
    "Nhóm (Điều 11)",
    "Nội dung công khai",
    "Số, ký hiệu văn bản",
    "Ngày ban hành",
    "Hạn công khai",
    "Ngày công khai",
    "Hình thức công khai",
    "Thời gian niêm yết",
    "Ghi chú",
]


def _rows(items: list[Disclosure]) -> list[list[str]]:
    rows = []
    for number, item in enumerate(items, start=1):
        if item.group.permanent:
            period = "Thường xuyên"
        elif item.taken_down_on:
            period = f"{_d(item.published_on)} – {_d(item.taken_down_on)}"
        else:
            period = f"Từ {_d(item.published_on)}"
        note = "Đúng hạn" if item.published_on and item.published_on <= item.deadline else "Muộn"
        rows.append(
            [
                str(number),
                str(item.group.number),
                item.title,
                item.decision_reference,
                _d(item.decision_date),
                _d(item.deadline),
                _d(item.published_on),
                "; ".join(item.channel_labels()),
                period,
                note,
            ]
        )
    return rows


def _title(commune: AdministrativeUnit, year: int, quarter: int) -> str:
    return f"DANH MỤC CÁC NỘI DUNG ĐÃ CÔNG KHAI QUÝ {ROMAN[quarter]} NĂM {year}"


def quarterly_list_xlsx(commune: AdministrativeUnit, year: int, quarter: int, items: list[Disclosure]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Quy {quarter}-{year}"
    start, end = quarter_bounds(year, quarter)
    sheet.append([f"ỦY BAN NHÂN DÂN {commune.name.upper()}"])
    sheet.append([_title(commune, year, quarter)])
    sheet.append([f"(Từ ngày {_d(start)} đến ngày {_d(end)}; Điều 13 Luật Thực hiện dân chủ ở cơ sở)"])
    sheet.append([])
    sheet.append(HEADERS)
    for row in _rows(items):
        sheet.append(row)
    for cell in sheet[5]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet["A1"].font = Font(bold=True)
    sheet["A2"].font = Font(bold=True, size=13)
    for column, width in zip("ABCDEFGHIJ", (6, 8, 50, 18, 13, 13, 13, 40, 24, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def quarterly_list_docx(commune: AdministrativeUnit, year: int, quarter: int, items: list[Disclosure]) -> bytes:
    start, end = quarter_bounds(year, quarter)
    body = [f"Từ ngày {_d(start)} đến ngày {_d(end)}, Ủy ban nhân dân {commune.name} đã công khai các nội dung sau:"]
    for row in _rows(items):
        body.append(
            f"{row[0]}. {row[2]} (nhóm {row[1]}; văn bản {row[3] or 'không số'} ngày {row[4]}): công khai ngày "
            f"{row[6]}, hạn {row[5]}; hình thức: {row[7]}; thời gian niêm yết: {row[8]}."
        )
    if not items:
        body.append("Không có nội dung nào được công khai trong quý.")
    document = OfficialDocument(
        family=STATE,
        issuer_parent="",
        issuer=f"Ủy ban nhân dân {commune.name}",
        number="",
        symbol="DM-UBND",
        place=name_without_kind(commune.name),
        issued_on=end,
        type_name="Danh mục",
        summary=f"Các nội dung đã công khai quý {ROMAN[quarter]} năm {year}",
        body=body,
        legal_bases=[LAW],
        signer_authority="TM. Ủy ban nhân dân",
        signer_title="Chủ tịch",
        recipients=["Niêm yết tại trụ sở UBND", "Ban Thường trực UBMTTQ Việt Nam"],
    )
    return render_docx(document)
