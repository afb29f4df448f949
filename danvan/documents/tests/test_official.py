import io
from datetime import date

import pytest
from docx import Document

from danvan.documents.official import PARTY, STATE, OfficialDocument, render_docx


def _doc(**overrides):
    values = {
        "family": STATE,
        "issuer_parent": "Ủy ban nhân dân thành phố Cần Thơ",
        "issuer": "Ủy ban nhân dân phường Ninh Kiều",
        "number": "7",
        "symbol": "TB-UBND",
        "place": "Ninh Kiều",
        "issued_on": date(2026, 2, 5),
        "type_name": "Thông báo",
        "summary": "Về việc thụ lý giải quyết khiếu nại",
        "body": ["Ngày 02/02/2026, Ủy ban nhân dân phường nhận được đơn khiếu nại."],
        "legal_bases": ["Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;"],
        "signer_authority": "KT. Chủ tịch",
        "signer_title": "Phó Chủ tịch",
        "signer_name": "Lê Minh Tâm",
        "recipients": ["Ông Nguyễn Văn Tố"],
    }
    values.update(overrides)
    return OfficialDocument(**values)


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def test_state_document_follows_decree_30_layout():
    document = Document(io.BytesIO(render_docx(_doc())))
    section = document.sections[0]
    # Word stores lengths in twips, so read them back to the millimetre.
    size = (round(section.page_width.mm), round(section.page_height.mm))
    margins = tuple(round(m.mm) for m in (section.left_margin, section.right_margin, section.top_margin))
    assert size == (210, 297)
    assert margins == (30, 15, 20)
    text = _text(document)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 07/TB-UBND" in text
    assert "Ninh Kiều, ngày 05 tháng 02 năm 2026" in text
    assert "THÔNG BÁO" in text
    assert "Nơi nhận:" in text and "- Lưu: VT." in text
    assert "KT. CHỦ TỊCH" in text
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}


def test_party_document_has_party_header_and_number_without_colon():
    party = _doc(
        family=PARTY,
        symbol="TB/ĐU",
        issuer_parent="Tỉnh ủy Lai Châu",
        issuer="Đảng ủy xã Bình Lư",
        signer_authority="T/M Đảng ủy",
    )
    text = _text(Document(io.BytesIO(render_docx(party))))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Số 07-TB/ĐU" in text
    assert "CỘNG HÒA" not in text


def test_draft_without_number_leaves_room_for_the_clerk():
    assert _doc(number="").number_line == "Số:       /TB-UBND"
    assert _doc(issued_on=date(2026, 11, 22)).date_line == "Ninh Kiều, ngày 22 tháng 11 năm 2026"


@pytest.mark.django_db
def test_numbers_run_per_issuer_and_year(make_org, commune_a):
    from danvan.documents.services import document_number_next

    ubnd = make_org(commune_a)
    numbers = [document_number_next(organization=ubnd, issued_on=date(2026, 3, 1)) for _ in range(3)]
    assert numbers == ["01", "02", "03"]
    assert document_number_next(organization=ubnd, issued_on=date(2027, 1, 2)) == "01"
