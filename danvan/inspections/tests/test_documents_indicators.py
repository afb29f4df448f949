import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from docx import Document

from danvan.core.errors import TransitionNotAllowed
from danvan.core.indicators import Scope, indicator
from danvan.inspections import services
from danvan.inspections.documents import plan_docx
from danvan.inspections.tests.conftest import NOW, pdf


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _findings(iw, target):
    services.target_findings_record(
        target_id=target.pk,
        results="Đã ban hành kế hoạch thực hiện Chỉ thị 33/CT-TTg.",
        limitations="Chưa niêm yết quy chế dân chủ ở cơ sở.",
        causes="Chưa phân công cán bộ theo dõi.",
        actor=iw.inspector,
    )


def test_report_is_numbered_once_in_the_party_format(iw, running_plan, recommendation):
    plan, target = running_plan
    _findings(iw, target)
    first = services.plan_document_issue(plan_id=plan.pk, kind="bao-cao", actor=iw.inspector, now=NOW)
    again = services.plan_document_issue(plan_id=plan.pk, kind="bao-cao", actor=iw.inspector, now=NOW)
    assert (first.pk, first.number) == (again.pk, "01")
    name, content = plan_docx(plan=plan, document=first)
    text = _text(content)
    assert name.startswith("bao-cao-01-")
    # The Ban Tuyên giáo và Dân vận is a Party body: Party heading and "Số 01-BC/…" without a colon.
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "CỘNG HÒA XÃ HỘI" not in text
    assert "Số 01-BC/BTGDVTU" in text
    assert "Chưa niêm yết quy chế dân chủ ở cơ sở." in text
    assert recommendation.text in text and "trước ngày 30/10/2026" in text


def test_conclusion_only_after_concluding_and_takes_the_next_number(iw, running_plan, recommendation):
    plan, target = running_plan
    with pytest.raises(TransitionNotAllowed):
        services.plan_document_issue(plan_id=plan.pk, kind="ket-luan", actor=iw.inspector)
    _findings(iw, target)
    services.plan_document_issue(plan_id=plan.pk, kind="bao-cao", actor=iw.inspector, now=NOW)
    services.plan_apply_action(plan_id=plan.pk, action="conclude", actor=iw.inspector)
    conclusion = services.plan_document_issue(plan_id=plan.pk, kind="ket-luan", actor=iw.inspector, now=NOW)
    assert conclusion.number == "02"
    text = _text(plan_docx(plan=plan, document=conclusion)[1])
    assert "THÔNG BÁO" in text and "Số 02-TB/BTGDVTU" in text and recommendation.text in text


def test_state_body_gets_the_national_title(iw, make_org, running_plan):
    ubnd = make_org(iw.province, name="Ủy ban nhân dân thành phố Cần Thơ")
    plan = services.plan_create(
        data=services.PlanInput(
            title="Kiểm tra dân vận chính quyền",
            directive_id=iw.directive.pk,
            organization_id=ubnd.pk,
            starts_on=date(2026, 9, 7),
            ends_on=date(2026, 9, 25),
            contents="Dân vận chính quyền.",
        ),
        actor=iw.inspector,
    )
    services.plan_member_add(plan_id=plan.pk, user_id=iw.inspector.pk, role="head", actor=iw.inspector)
    services.plan_target_add(plan_id=plan.pk, unit_id=iw.commune_b.pk, visit_on=date(2026, 9, 8), actor=iw.inspector)
    services.plan_apply_action(plan_id=plan.pk, action="approve", actor=iw.inspector)
    services.plan_apply_action(plan_id=plan.pk, action="start", actor=iw.inspector)
    document = services.plan_document_issue(plan_id=plan.pk, kind="bao-cao", actor=iw.inspector, now=NOW)
    text = _text(plan_docx(plan=plan, document=document)[1])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số: 01/BC-UBND" in text


def test_indicators(iw, running_plan, recommendation):
    plan, target = running_plan
    _findings(iw, target)
    late = services.recommendation_add(
        plan_id=plan.pk,
        data=services.RecommendationInput(
            target_id=target.pk,
            text="Kiện toàn tổ dân vận.",
            deadline=date(2026, 10, 15),
            evidence_required="Quyết định",
        ),
        actor=iw.inspector,
    )
    services.plan_apply_action(
        plan_id=plan.pk, action="conclude", actor=iw.inspector, now=timezone.make_aware(datetime(2026, 9, 28, 9))
    )
    # The first (due 30/10) is reported done on 20/10 and accepted; the second (due 15/10) is still open.
    services.recommendation_act(
        recommendation_id=recommendation.pk,
        action="mark_done",
        note="Xong.",
        files=[pdf()],
        actor=iw.officer_a,
        now=timezone.make_aware(datetime(2026, 10, 20, 9)),
    )
    services.recommendation_act(recommendation_id=recommendation.pk, action="accept", actor=iw.inspector)
    province = Scope(unit_paths=(iw.province.path,), start=date(2026, 9, 1), end=date(2026, 10, 31))
    ward_b = Scope(unit_paths=(iw.commune_b.path,), start=date(2026, 9, 1), end=date(2026, 10, 31))
    assert indicator("inspections.inspections_concluded").value(province).numerator == 1
    assert indicator("inspections.recommendations_overdue").value(province).numerator == 1
    assert indicator("inspections.recommendations_overdue").value(ward_b).numerator == 0
    on_time = indicator("inspections.recommendations_done_on_time").value(province)
    assert (on_time.numerator, on_time.denominator) == (1, 2)
    # Before the late one's deadline nothing was overdue yet.
    early = Scope(unit_paths=(iw.province.path,), start=date(2026, 9, 1), end=date(2026, 10, 15))
    assert indicator("inspections.recommendations_overdue").value(early).numerator == 0
    assert late.status == "open"
