import io

import pytest
from docx import Document

from danvan.cases.documents import Notice, case_notice_docx
from danvan.cases.services import case_apply_action, case_submit


def _all_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(p.text for cell in table._cells for p in cell.paragraphs)
    return "\n".join(parts)


@pytest.mark.django_db
def test_acceptance_notice_names_the_complainant_and_the_deadline(submission, leader, make_org, commune_a):
    make_org(commune_a)
    case = case_submit(data=submission()).case
    case = case_apply_action(case_id=case.pk, action="accept", actor=leader)
    name, data = case_notice_docx(case=case, notice=Notice.ACCEPTANCE, viewer=leader)
    text = _all_text(data)
    assert name == f"{case.tracking_code}-thu-ly.docx"
    assert "Kính gửi: Ông/Bà Nguyễn Văn Tố" in text
    assert case.due_date.strftime("%d/%m/%Y") in text
    assert "Số:       /TB-UBND" in text
    assert "Căn cứ Luật Khiếu nại" in text


@pytest.mark.django_db
def test_denunciation_notice_hides_the_denouncer_from_those_without_the_permission(submission, handler, leader):
    case = case_submit(data=submission(kind="to_cao")).case
    text_for_handler = _all_text(case_notice_docx(case=case, notice=Notice.ACCEPTANCE, viewer=handler)[1])
    text_for_leader = _all_text(case_notice_docx(case=case, notice=Notice.ACCEPTANCE, viewer=leader)[1])
    assert "Nguyễn Văn Tố" not in text_for_handler
    assert "giữ bí mật" in text_for_handler
    assert "Nguyễn Văn Tố" in text_for_leader
    from danvan.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="cases.identity_revealed", actor=leader).count() == 1
