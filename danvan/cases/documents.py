"""Drafts of the documents a case needs, in the official format (danvan.documents): acceptance and
refusal notices and replies. Drafts carry no number: the clerk (văn thư) numbers them on signing."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.cases.models import Case, Person
from danvan.cases.services import identity_reveal, identity_visible_to
from danvan.cases.workflow import COMPLAINT_KINDS, Kind
from danvan.core.clock import local_date
from danvan.documents.official import PARTY, STATE, OfficialDocument, render_docx
from danvan.organizations.models import Organization, OrganizationKind
from danvan.territory.services import name_without_kind

LEGAL_BASES = {
    Kind.COMPLAINT: [
        "Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011, được sửa đổi, bổ sung năm 2025;",
        "Căn cứ Nghị định số 124/2020/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định số 155/2026/NĐ-CP;",
    ],
    Kind.DENUNCIATION: [
        "Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018, được sửa đổi, bổ sung năm 2025;",
        "Căn cứ Nghị định số 31/2019/NĐ-CP, được sửa đổi, bổ sung bởi Nghị định số 156/2026/NĐ-CP;",
    ],
    Kind.FEEDBACK: ["Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013, được sửa đổi, bổ sung năm 2025;"],
}


class Notice(models.TextChoices):
    ACCEPTANCE = "thu-ly", _("Thông báo thụ lý")
    REFUSAL = "khong-thu-ly", _("Thông báo không thụ lý")
    REPLY = "tra-loi", _("Văn bản trả lời")


def _issuer(case: Case) -> Organization | None:
    if case.handling_organization_id:
        return case.handling_organization
    return Organization.objects.filter(unit=case.handling_unit, kind__code="ubnd").select_related("kind").first()


def _addressee(case: Case, viewer, notice: Notice) -> str:
    if case.is_anonymous or not case.persons.filter(role=Person.Role.SUBMITTER).exists():
        return ""
    if not identity_visible_to(viewer, case):
        return "Kính gửi: Người tố cáo (thông tin được giữ bí mật theo Điều 47 Luật Tố cáo)"
    if case.kind == Kind.DENUNCIATION:
        # Writing the name into a document is a reveal like any other: it goes through the audited path.
        persons = identity_reveal(case_id=case.pk, actor=viewer, reason=f"Soạn {Notice(notice).label.lower()}")
    else:
        persons = list(case.persons.all())
    submitter = next(p for p in persons if p.role == Person.Role.SUBMITTER)
    return f"Kính gửi: Ông/Bà {submitter.full_name}"


def _body(case: Case, notice: Notice) -> list[str]:
    received = case.received_at.astimezone().strftime("%d/%m/%Y")
    opening = (
        f"Ngày {received}, {case.handling_unit.name} nhận được đơn (mã {case.tracking_code}) "
        f"với nội dung: {case.subject}."
    )
    if notice == Notice.ACCEPTANCE:
        due = case.due_date.strftime("%d/%m/%Y") if case.due_date else "…"
        return [
            opening,
            f"Xét đơn đủ điều kiện thụ lý, {case.handling_unit.name} thông báo đơn đã được thụ lý "
            f"giải quyết. Thời hạn giải quyết đến ngày {due}.",
        ]
    if notice == Notice.REFUSAL:
        reason = case.events.filter(action="refuse").values_list("note", flat=True).last() or "…"
        return [
            opening,
            f"Đơn không đủ điều kiện thụ lý vì lý do: {reason}",
            "Đề nghị ông/bà liên hệ cơ quan có thẩm quyền hoặc bổ sung thông tin theo quy định.",
        ]
    return [opening, case.public_answer or "…", "Trân trọng thông báo để ông/bà được biết."]


def case_notice_docx(*, case: Case, notice: Notice, viewer) -> tuple[str, bytes]:
    """The draft as (file name, DOCX bytes). Identity is written only for viewers allowed to see it."""
    issuer = _issuer(case)
    family = PARTY if issuer and issuer.kind.family == OrganizationKind.Family.PARTY else STATE
    parent_unit = case.handling_unit.parent
    symbol_type = "TB" if notice != Notice.REPLY else "UBND"
    symbol = issuer.document_symbol if issuer and issuer.document_symbol else "UBND"
    document = OfficialDocument(
        family=family,
        issuer_parent=f"Ủy ban nhân dân {name_without_kind(parent_unit.name)}" if parent_unit else "",
        issuer=issuer.name if issuer else f"Ủy ban nhân dân {case.handling_unit.name}",
        number="",
        symbol=f"{symbol_type}-{symbol}" if notice != Notice.REPLY else f"{symbol}-VP",
        place=name_without_kind(case.handling_unit.name),
        issued_on=local_date(),
        type_name="Thông báo" if notice != Notice.REPLY else "",
        summary=f"Về việc {Notice(notice).label.lower()} đơn {case.get_kind_display().lower()}",
        body=_body(case, Notice(notice)),
        legal_bases=LEGAL_BASES.get(
            Kind.COMPLAINT if case.kind in COMPLAINT_KINDS else case.kind, LEGAL_BASES[Kind.FEEDBACK]
        ),
        addressee=_addressee(case, viewer, Notice(notice)),
        signer_authority="TM. Ủy ban nhân dân",
        signer_title="Chủ tịch",
        recipients=["Như trên", "Lãnh đạo Ủy ban nhân dân"],
    )
    return f"{case.tracking_code}-{Notice(notice).value}.docx", render_docx(document)
