"""The conclusion notice of a reception session (Thông báo kết luận việc tiếp công dân, ND154 Art. 25.2 [S])
drafted in the official format of Decree 30/2020 (danvan.documents.official). Drafts carry no number: the
clerk (văn thư) numbers them on signing. No citizen's identity is written into it."""

from __future__ import annotations

from danvan.core.clock import local_date
from danvan.documents.official import STATE, OfficialDocument, render_docx
from danvan.meetings.models import ReceptionSession
from danvan.organizations.models import Organization
from danvan.territory.services import name_without_kind

LEGAL_BASES = [
    "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013, được sửa đổi, bổ sung năm 2025;",
    "Căn cứ Nghị định số 154/2026/NĐ-CP quy định chi tiết một số điều của Luật Tiếp công dân;",
]


def conclusion_docx(session: ReceptionSession) -> tuple[str, bytes]:
    """(file name, DOCX bytes) of the draft conclusion notice of ``session``."""
    unit = session.unit
    issuer = (
        session.duty.organization
        if session.duty and session.duty.organization_id
        else Organization.objects.filter(unit=unit, kind__code="ubnd").first()
    )
    issuer_name = issuer.name if issuer else f"Ủy ban nhân dân {unit.name}"
    symbol = issuer.document_symbol if issuer and issuer.document_symbol else "UBND"
    visits = session.visits.count()
    held = session.held_on.strftime("%d/%m/%Y")
    body = [
        f"Ngày {held}, tại {session.location}, {session.chaired_by} đã chủ trì buổi tiếp công dân "
        f"{session.get_kind_display().lower()}. Tham dự có đại diện lãnh đạo các cơ quan, đơn vị liên quan.",
        f"Tại buổi tiếp, có {visits} lượt công dân đến trình bày ý kiến, khiếu nại, tố cáo, kiến nghị, phản ánh.",
        "Sau khi nghe công dân trình bày và ý kiến của các cơ quan, đơn vị liên quan, "
        "người chủ trì kết luận, chỉ đạo như sau:",
        *[line.strip() for line in session.conclusion.splitlines() if line.strip()],
        "Đề nghị các cơ quan, đơn vị liên quan khẩn trương triển khai thực hiện, báo cáo kết quả theo quy định.",
    ]
    recipients = [line.strip() for line in session.conclusion_recipients.splitlines() if line.strip()]
    document = OfficialDocument(
        family=STATE,
        issuer_parent=f"Ủy ban nhân dân {name_without_kind(unit.parent.name)}" if unit.parent_id else "",
        issuer=issuer_name,
        number="",
        symbol=f"TB-{symbol}",
        place=name_without_kind(unit.name),
        issued_on=local_date(),
        type_name="Thông báo",
        summary=f"Kết luận của {session.chaired_by} tại buổi tiếp công dân ngày {held}",
        body=body,
        legal_bases=LEGAL_BASES,
        signer_authority="TL. Chủ tịch" if session.delegated else "TM. Ủy ban nhân dân",
        signer_title="Chánh Văn phòng" if session.delegated else "Chủ tịch",
        recipients=recipients or ["Các cơ quan, đơn vị liên quan", "Ban Tiếp công dân"],
    )
    return f"thong-bao-ket-luan-{session.held_on:%Y%m%d}.docx", render_docx(document)
