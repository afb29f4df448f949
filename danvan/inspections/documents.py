"""The inspection's documents in the official format (danvan.documents.official): the report of results
(báo cáo kết quả kiểm tra), signed by the team head, and the conclusion notice (thông báo kết luận kiểm
tra), signed for the conducting organisation. Both carry the findings per target and the recommendations;
each is numbered once in the organisation's register (``plan_document_issue``).

The exact layout of these two documents is not prescribed by a confirmed source (DOMAIN.md §3, [U] on
inspection procedures): the contents follow the usual "ưu điểm / hạn chế / nguyên nhân / kiến nghị" shape.
"""

from __future__ import annotations

from danvan.documents.official import PARTY, STATE, OfficialDocument, render_docx
from danvan.inspections.models import Plan, PlanDocument, TeamMember
from danvan.organizations.models import OrganizationKind, Position
from danvan.territory.services import name_without_kind


def _d(day) -> str:
    return day.strftime("%d/%m/%Y")


def _findings(plan: Plan) -> list[str]:
    lines: list[str] = []
    for number, target in enumerate(plan.targets.select_related("unit", "organization"), start=1):
        lines.append(f"{number}. Tại {target} (làm việc ngày {_d(target.visit_on)})")
        lines.append(f"a) Ưu điểm, kết quả đạt được: {target.results or '…'}")
        lines.append(f"b) Hạn chế: {target.limitations or 'Không có.'}")
        if target.causes:
            lines.append(f"c) Nguyên nhân: {target.causes}")
    return lines


def _recommendations(plan: Plan, *, with_status: bool) -> list[str]:
    lines = []
    recommendations = plan.recommendations.select_related("owner_unit", "owner_organization").order_by("target", "pk")
    for number, rec in enumerate(recommendations, start=1):
        line = (
            f"{number}. Đề nghị {rec.owner_name}: {rec.text} Thời hạn thực hiện: trước ngày {_d(rec.deadline)}; "
            f"minh chứng: {rec.evidence_required}."
        )
        if with_status:
            line += f" Tình hình thực hiện: {rec.get_status_display().lower()}."
        lines.append(line)
    return lines or ["Không có kiến nghị."]


def plan_docx(*, plan: Plan, document: PlanDocument) -> tuple[str, bytes]:
    """The document as (file name, DOCX bytes)."""
    organization = plan.organization
    family = PARTY if organization.kind.family == OrganizationKind.Family.PARTY else STATE
    tm = "T/M" if family == PARTY else "TM."
    symbol = organization.document_symbol or organization.kind.default_symbol or "UB"
    directive = plan.directive
    targets = ", ".join(str(t) for t in plan.targets.select_related("unit", "organization"))
    members = plan.members.select_related("user").order_by("role", "pk")
    head = next((m for m in members if m.role == TeamMember.Role.HEAD), None)
    opening = (
        f"Thực hiện {plan.title.rstrip('.')}, từ ngày {_d(plan.starts_on)} đến ngày {_d(plan.ends_on)}, "
        f"Đoàn {plan.get_kind_display().lower()} của {organization.name} đã làm việc tại: {targets}. "
        f"Nội dung: {plan.contents.strip()}"
    )
    team = "Thành phần đoàn: " + "; ".join(f"{m.user} ({m.get_role_display().lower()})" for m in members) + "."
    legal_bases = [f"Căn cứ {directive.number} ({directive.title});"]
    subject = f"việc thực hiện {directive.number}"
    if document.kind == PlanDocument.Kind.REPORT:
        body = [
            opening,
            team,
            "I. KẾT QUẢ KIỂM TRA",
            *_findings(plan),
            "II. KIẾN NGHỊ",
            *_recommendations(plan, with_status=True),
        ]
        if plan.summary:
            body += ["III. NHẬN XÉT CHUNG", plan.summary]
        signer_authority, signer_title = f"{tm} Đoàn {plan.get_kind_display().lower()}", "Trưởng đoàn"
        signer_name = str(head.user) if head else ""
        type_name, type_symbol = "Báo cáo", "BC"
        summary = f"Kết quả {plan.get_kind_display().lower()} {subject}"
        recipients = [f"Lãnh đạo {organization.name}", "Các đơn vị được kiểm tra", "Thành viên đoàn"]
    else:
        body = [
            opening,
            f"Xét báo cáo của Đoàn {plan.get_kind_display().lower()}, {organization.name} kết luận như sau:",
            "I. KẾT QUẢ KIỂM TRA",
            *_findings(plan),
        ]
        if plan.summary:
            body += ["II. NHẬN XÉT CHUNG", plan.summary]
        body += [
            "III. KIẾN NGHỊ VÀ YÊU CẦU",
            *_recommendations(plan, with_status=False),
            f"Các đơn vị thực hiện các kiến nghị trên và báo cáo kết quả, kèm minh chứng, về {organization.name} "
            "đúng thời hạn.",
        ]
        head_position = (
            Position.objects.filter(organization=organization, is_head=True).select_related("holder").first()
        )
        signer_authority = f"{tm} {organization.name}"
        signer_title = head_position.title if head_position else ""
        signer_name = str(head_position.holder) if head_position and head_position.holder else ""
        type_name, type_symbol = "Thông báo", "TB"
        summary = f"Kết luận {plan.get_kind_display().lower()} {subject}"
        recipients = [str(t) for t in plan.targets.select_related("unit", "organization")] + ["Đoàn kiểm tra"]
    official = OfficialDocument(
        family=family,
        issuer_parent=organization.parent.name if organization.parent_id else "",
        issuer=organization.name,
        number=document.number,
        symbol=f"{type_symbol}-{symbol}" if family == STATE else f"{type_symbol}/{symbol}",
        place=name_without_kind(plan.unit.name),
        issued_on=document.issued_on,
        type_name=type_name,
        summary=summary,
        body=body,
        legal_bases=legal_bases,
        signer_authority=signer_authority,
        signer_title=signer_title,
        signer_name=signer_name,
        recipients=recipients,
    )
    return f"{document.kind}-{document.number}-{str(plan.public_id)[:8]}.docx", render_docx(official)
