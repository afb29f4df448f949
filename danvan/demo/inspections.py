"""Demo data for inspections: Cần Thơ's Ban Tuyên giáo và Dân vận inspects how two wards carry out
Chỉ thị 33/CT-TTg. The plan ran about two months ago and is concluded; of its three recommendations one is
done (reported with evidence and accepted), one is overdue (escalated by the sweep) and one is still open.
The persona ``kiemtra`` heads the team. Everything goes through the services, so timeline and audit are real.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.services import role_assign, user_create
from danvan.core.clock import local_date
from danvan.demo.personas import DEMO_PASSWORD, URBAN_PROVINCE
from danvan.inspections import services
from danvan.inspections.models import Directive, Plan
from danvan.organizations.models import Organization
from danvan.territory.models import AdministrativeUnit

TITLE = "Kế hoạch kiểm tra việc thực hiện Chỉ thị 33/CT-TTg tại phường Ninh Kiều và phường Cái Răng năm 2026"
WARDS = ("31135", "31186")  # Phường Ninh Kiều, Phường Cái Răng
SECRETARY = ("thuky.kiemtra", "Trần Thị Thu Hà")


def _at(day, hour: int = 9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _pdf(name: str, title: str) -> SimpleUploadedFile:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=title)
    return SimpleUploadedFile(name, bytes(document.output()), content_type="application/pdf")


def _secretary(province: AdministrativeUnit, ban: Organization) -> User:
    username, full_name = SECRETARY
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username, full_name=full_name, password=DEMO_PASSWORD, email=f"{username}@demo.danvan.local"
        )
        role_assign(user=user, role=Role.COORDINATOR, unit=province, organization=ban)
    return user


@transaction.atomic
def build() -> str:
    """Create the demo records (idempotent); return a one-line summary for the demo command."""
    services.directives_seed()
    province = AdministrativeUnit.objects.current().filter(code=URBAN_PROVINCE, level=1).first()
    ban = Organization.objects.filter(unit=province, kind__code="tuyen_giao_dan_van").first() if province else None
    inspector = User.objects.filter(username="kiemtra").first()
    if ban is None or inspector is None:
        return ""
    if Plan.objects.filter(organization=ban, title=TITLE).exists():
        return "Kiểm tra, giám sát: đã có kế hoạch minh họa (không tạo thêm)."
    wards = {u.code: u for u in AdministrativeUnit.objects.current().filter(code__in=WARDS, level=3)}
    if len(wards) != len(WARDS):
        return ""
    ninh_kieu, cai_rang = wards["31135"], wards["31186"]
    ubnd = {code: Organization.objects.filter(unit=unit, kind__code="ubnd").first() for code, unit in wards.items()}
    officer = User.objects.filter(username="xuly").first() or inspector
    leader = User.objects.filter(username="lanhdao.xa").first() or inspector
    secretary = _secretary(province, ban)

    today = local_date()
    start, end = today - timedelta(days=75), today - timedelta(days=60)
    plan = services.plan_create(
        data=services.PlanInput(
            title=TITLE,
            directive_id=Directive.objects.get(code="chi-thi-33-ct-ttg").pk,
            organization_id=ban.pk,
            starts_on=start,
            ends_on=end,
            contents=(
                "1. Việc quán triệt, xây dựng kế hoạch thực hiện Chỉ thị 33/CT-TTg của Thủ tướng Chính phủ.\n"
                "2. Công tác dân vận chính quyền: tiếp công dân, đối thoại, giải quyết phản ánh, kiến nghị.\n"
                '3. Thực hiện dân chủ ở cơ sở; phong trào thi đua "Dân vận khéo".'
            ),
        ),
        actor=inspector,
        now=_at(start - timedelta(days=14)),
    )
    services.plan_member_add(plan_id=plan.pk, user_id=inspector.pk, role="head", actor=inspector)
    services.plan_member_add(plan_id=plan.pk, user_id=secretary.pk, role="secretary", actor=inspector)
    target_a = services.plan_target_add(
        plan_id=plan.pk,
        unit_id=ninh_kieu.pk,
        organization_id=ubnd["31135"].pk if ubnd["31135"] else None,
        visit_on=start + timedelta(days=3),
        actor=inspector,
    )
    target_b = services.plan_target_add(
        plan_id=plan.pk,
        unit_id=cai_rang.pk,
        organization_id=ubnd["31186"].pk if ubnd["31186"] else None,
        visit_on=start + timedelta(days=8),
        actor=inspector,
    )
    services.plan_apply_action(plan_id=plan.pk, action="approve", actor=secretary, now=_at(start - timedelta(days=10)))
    services.plan_apply_action(plan_id=plan.pk, action="start", actor=inspector, now=_at(start))
    services.target_findings_record(
        target_id=target_a.pk,
        results=(
            "Đã ban hành kế hoạch thực hiện Chỉ thị 33/CT-TTg; lãnh đạo phường tiếp công dân định kỳ hằng tháng; "
            'tổ chức 2 hội nghị đối thoại với nhân dân; có 3 mô hình "Dân vận khéo" được công nhận.'
        ),
        limitations=(
            "Chưa niêm yết công khai quy chế thực hiện dân chủ tại các khu vực; một số phản ánh của người dân "
            "giải quyết chậm so với thời hạn."
        ),
        causes="Chưa phân công cụ thể cán bộ theo dõi; khối lượng công việc sau sắp xếp đơn vị hành chính lớn.",
        actor=inspector,
        now=_at(target_a.visit_on, 16),
    )
    services.target_findings_record(
        target_id=target_b.pk,
        results="Quán triệt Chỉ thị đến 100% cán bộ, công chức; duy trì hộp thư góp ý tại bộ phận một cửa.",
        limitations="Chưa tổ chức đối thoại định kỳ với nhân dân trong năm.",
        causes="Ủy ban nhân dân phường chưa xây dựng kế hoạch đối thoại.",
        actor=inspector,
        now=_at(target_b.visit_on, 16),
    )

    def add(target, text, deadline, evidence):
        return services.recommendation_add(
            plan_id=plan.pk,
            data=services.RecommendationInput(
                target_id=target.pk, text=text, deadline=deadline, evidence_required=evidence
            ),
            actor=inspector,
            now=_at(end - timedelta(days=1), 10),
        )

    done = add(
        target_a,
        "Niêm yết công khai quy chế thực hiện dân chủ ở cơ sở tại trụ sở và nhà văn hóa các khu vực.",
        today - timedelta(days=20),
        "Ảnh chụp niêm yết, biên bản kiểm tra niêm yết",
    )
    overdue = add(
        target_a,
        "Rà soát, giải quyết dứt điểm các phản ánh, kiến nghị quá hạn; báo cáo kết quả về Ban Tuyên giáo và Dân vận.",
        today - timedelta(days=10),
        "Báo cáo kết quả rà soát có chữ ký của lãnh đạo phường",
    )
    add(
        target_b,
        "Xây dựng và tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân.",
        today + timedelta(days=30),
        "Kế hoạch đối thoại, biên bản hội nghị",
    )
    services.plan_apply_action(
        plan_id=plan.pk,
        action="conclude",
        actor=inspector,
        summary="Các phường cơ bản thực hiện tốt Chỉ thị 33/CT-TTg; cần khắc phục các hạn chế theo kiến nghị.",
        now=_at(end, 15),
    )
    services.plan_document_issue(plan_id=plan.pk, kind="bao-cao", actor=inspector, now=_at(end, 15))
    services.plan_document_issue(plan_id=plan.pk, kind="ket-luan", actor=inspector, now=_at(end + timedelta(days=2)))

    services.recommendation_act(
        recommendation_id=done.pk,
        action="mark_done",
        note="Đã niêm yết quy chế tại trụ sở và 3/3 khu vực.",
        files=[_pdf("anh-niem-yet-quy-che.pdf", "Bien ban kiem tra niem yet quy che dan chu")],
        actor=leader,
        now=_at(today - timedelta(days=25)),
    )
    services.recommendation_act(
        recommendation_id=done.pk, action="accept", actor=inspector, now=_at(today - timedelta(days=22))
    )
    services.recommendation_act(
        recommendation_id=overdue.pk,
        action="report",
        note="Đã rà soát 12 phản ánh, giải quyết xong 7; còn 5 phản ánh về đất đai đang xác minh.",
        actor=officer,
        now=_at(today - timedelta(days=15)),
    )
    escalated = services.recommendations_sweep_overdue()
    return f"Kiểm tra, giám sát: 1 kế hoạch (Chỉ thị 33/CT-TTg, 2 phường), 3 kiến nghị ({escalated} quá hạn)."
