from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danvan.core.audit import audit_verify
from danvan.core.errors import NotFoundError, PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.models import AuditEvent
from danvan.inspections import services
from danvan.inspections.models import Recommendation
from danvan.inspections.selectors import plan_for, recommendation_for
from danvan.inspections.tests.conftest import NOW, PLAN_START, pdf
from danvan.inspections.workflow import PlanStatus, RecStatus
from danvan.notifications.models import Message


def _input(iw, **overrides):
    values = {
        "title": "Kiểm tra Chỉ thị 33",
        "directive_id": iw.directive.pk,
        "organization_id": iw.ban.pk,
        "starts_on": date(2026, 9, 7),
        "ends_on": date(2026, 9, 25),
        "contents": "Nội dung kiểm tra.",
    }
    values.update(overrides)
    return services.PlanInput(**values)


# --- seeded directives ---------------------------------------------------------------------------------


def test_directives_are_seeded_once_with_unconfirmed_details_marked(iw):
    assert services.directives_seed() == 0  # already there (migration + fixture): nothing new
    ctr = iw.directive.__class__.objects.get(code="ctr-03-bdvtw-bcsdcp")
    assert (ctr.number, ctr.issued_on, ctr.period) == ("03-CTr/BDVTW-BCSĐCP", date(2021, 12, 15), "2021–2026")
    assert iw.directive.issued_on is None and "[U]" in iw.directive.note


# --- plan workflow -------------------------------------------------------------------------------------


def test_plan_dates_must_be_in_order(iw):
    with pytest.raises(ValidationFailed) as error:
        services.plan_create(data=_input(iw, ends_on=date(2026, 9, 1)), actor=iw.inspector)
    assert error.value.message == "Ngày kết thúc (01/09/2026) không được trước ngày bắt đầu (07/09/2026)."


def test_approval_needs_targets_and_a_head(iw, draft_plan):
    with pytest.raises(ValidationFailed, match="chưa có đơn vị được kiểm tra"):
        services.plan_apply_action(plan_id=draft_plan.pk, action="approve", actor=iw.inspector)
    services.plan_target_add(
        plan_id=draft_plan.pk, unit_id=iw.commune_a.pk, visit_on=date(2026, 9, 10), actor=iw.inspector
    )
    with pytest.raises(ValidationFailed, match="chưa có trưởng đoàn"):
        services.plan_apply_action(plan_id=draft_plan.pk, action="approve", actor=iw.inspector)
    services.plan_member_add(plan_id=draft_plan.pk, user_id=iw.inspector.pk, role="head", actor=iw.inspector)
    with pytest.raises(ValidationFailed, match="Đoàn đã có trưởng đoàn"):
        services.plan_member_add(plan_id=draft_plan.pk, user_id=iw.coordinator.pk, role="head", actor=iw.inspector)
    services.plan_member_add(plan_id=draft_plan.pk, user_id=iw.coordinator.pk, role="secretary", actor=iw.inspector)
    plan = services.plan_apply_action(plan_id=draft_plan.pk, action="approve", actor=iw.coordinator)
    assert plan.status == PlanStatus.APPROVED
    # Concluding an approved plan skips the inspection itself.
    with pytest.raises(TransitionNotAllowed):
        services.plan_apply_action(plan_id=draft_plan.pk, action="conclude", actor=iw.coordinator)


def test_transitions_are_on_the_timeline_and_audited(iw, running_plan):
    plan, _target = running_plan
    actions = list(plan.events.values_list("action", "from_status", "to_status"))
    assert actions == [
        ("created", "", "draft"),
        ("member_added", "", ""),
        ("target_added", "", ""),
        ("approve", "draft", "approved"),
        ("start", "approved", "in_progress"),
    ]
    audited = list(AuditEvent.objects.filter(action__startswith="inspections.plan_").values_list("action", flat=True))
    assert audited[-2:] == ["inspections.plan_approve", "inspections.plan_start"]
    assert audit_verify().ok


def test_team_and_targets_are_frozen_once_inspecting(iw, running_plan):
    plan, _target = running_plan
    with pytest.raises(TransitionNotAllowed):
        services.plan_target_add(
            plan_id=plan.pk, unit_id=iw.commune_b.pk, visit_on=date(2026, 9, 11), actor=iw.inspector
        )
    with pytest.raises(TransitionNotAllowed):
        services.plan_member_add(plan_id=plan.pk, user_id=iw.coordinator.pk, role="member", actor=iw.inspector)


def test_conclusion_needs_findings_for_every_target(iw, running_plan):
    plan, target = running_plan
    with pytest.raises(ValidationFailed) as error:
        services.plan_apply_action(plan_id=plan.pk, action="conclude", actor=iw.inspector)
    assert error.value.message == "Chưa ghi nhận kết quả kiểm tra tại: Phường Ninh Kiều."
    with pytest.raises(ValidationFailed, match="nguyên nhân"):  # a limitation without its cause
        services.target_findings_record(
            target_id=target.pk,
            results="Đã ban hành kế hoạch.",
            limitations="Chậm công khai.",
            causes="",
            actor=iw.inspector,
        )
    services.target_findings_record(
        target_id=target.pk,
        results="Đã ban hành kế hoạch thực hiện Chỉ thị.",
        limitations="Chưa công khai quy chế dân chủ.",
        causes="Người đứng đầu chưa quan tâm đúng mức.",
        actor=iw.inspector,
    )
    plan = services.plan_apply_action(plan_id=plan.pk, action="conclude", actor=iw.inspector, summary="Đạt yêu cầu.")
    assert (plan.status, plan.summary) == (PlanStatus.CONCLUDED, "Đạt yêu cầu.")
    assert plan.concluded_at is not None


# --- jurisdiction --------------------------------------------------------------------------------------


def test_targets_must_lie_in_the_planners_jurisdiction(iw, draft_plan):
    with pytest.raises(ValidationFailed) as error:
        services.plan_target_add(
            plan_id=draft_plan.pk, unit_id=iw.other_province.pk, visit_on=date(2026, 9, 10), actor=iw.inspector
        )
    assert error.value.message == "Đơn vị được kiểm tra phải thuộc địa bàn của kế hoạch."
    with pytest.raises(ValidationFailed) as error:
        services.plan_target_add(
            plan_id=draft_plan.pk, unit_id=iw.commune_a.pk, visit_on=date(2026, 10, 1), actor=iw.inspector
        )
    assert error.value.message == "Ngày làm việc phải trong thời gian kiểm tra (từ 07/09/2026 đến 25/09/2026)."


def test_other_province_cannot_see_or_touch_the_plan(iw, draft_plan):
    with pytest.raises(NotFoundError):
        services.plan_apply_action(plan_id=draft_plan.pk, action="approve", actor=iw.outsider)
    with pytest.raises(NotFoundError):  # nor plan with a body of another province
        services.plan_create(data=_input(iw), actor=iw.outsider)
    with pytest.raises(draft_plan.__class__.DoesNotExist):
        plan_for(iw.outsider, draft_plan.public_id)
    # A ward officer has no inspection rights at all: the plan does not exist for them.
    with pytest.raises(draft_plan.__class__.DoesNotExist):
        plan_for(iw.officer_a, draft_plan.public_id)


def test_owner_unit_sees_its_recommendation_other_units_do_not(iw, recommendation):
    assert recommendation_for(iw.officer_a, recommendation.public_id) == recommendation
    assert recommendation_for(iw.leader_a, recommendation.public_id) == recommendation
    assert recommendation_for(iw.inspector, recommendation.public_id) == recommendation
    for stranger in (iw.officer_b, iw.outsider):
        with pytest.raises(Recommendation.DoesNotExist):
            recommendation_for(stranger, recommendation.public_id)
        with pytest.raises(NotFoundError):
            services.recommendation_act(recommendation_id=recommendation.pk, action="report", note="x", actor=stranger)


# --- recommendations -----------------------------------------------------------------------------------


def test_deadline_before_the_plan_date_is_refused_in_vietnamese(iw, running_plan):
    plan, target = running_plan
    with pytest.raises(ValidationFailed) as error:
        services.recommendation_add(
            plan_id=plan.pk,
            data=services.RecommendationInput(
                target_id=target.pk,
                text="Kiện toàn tổ dân vận.",
                deadline=PLAN_START - timedelta(days=1),
                evidence_required="Quyết định",
            ),
            actor=iw.inspector,
        )
    assert error.value.message == (
        "Hạn thực hiện kiến nghị (06/09/2026) không được trước ngày bắt đầu kiểm tra (07/09/2026)."
    )
    assert not Recommendation.objects.exists()


def test_recommendation_followed_to_done(iw, recommendation):
    later = NOW + timedelta(days=20)
    services.recommendation_act(
        recommendation_id=recommendation.pk,
        action="report",
        note="Đã dự thảo quy chế, đang lấy ý kiến.",
        files=[pdf("du-thao-quy-che.pdf")],
        actor=iw.officer_a,
        now=later,
    )
    recommendation.refresh_from_db()
    assert recommendation.status == RecStatus.OPEN and recommendation.evidence.count() == 1

    with pytest.raises(PermissionDeniedError):  # the team reviews; it does not report for the unit
        services.recommendation_act(
            recommendation_id=recommendation.pk, action="mark_done", note="x", files=[pdf()], actor=iw.inspector
        )

    services.recommendation_act(
        recommendation_id=recommendation.pk,
        action="mark_done",
        note="Đã ban hành quy chế và niêm yết.",
        files=[pdf("quyet-dinh.pdf")],
        actor=iw.leader_a,
        now=later + timedelta(days=5),
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.completed_on) == (RecStatus.SUBMITTED, date(2026, 9, 26))

    with pytest.raises(PermissionDeniedError):  # the owner cannot accept its own work
        services.recommendation_act(recommendation_id=recommendation.pk, action="accept", actor=iw.leader_a)

    services.recommendation_act(
        recommendation_id=recommendation.pk, action="accept", actor=iw.inspector, now=later + timedelta(days=6)
    )
    recommendation.refresh_from_db()
    assert recommendation.status == RecStatus.DONE and recommendation.done_at is not None
    assert [e.action for e in recommendation.events.all()] == ["created", "report", "mark_done", "accept"]


def test_returning_needs_a_reason_and_reopens(iw, recommendation):
    services.recommendation_act(
        recommendation_id=recommendation.pk, action="mark_done", note="Xong.", files=[pdf()], actor=iw.officer_a
    )
    with pytest.raises(ValidationFailed, match="Vui lòng nhập lý do"):
        services.recommendation_act(recommendation_id=recommendation.pk, action="return", actor=iw.inspector)
    services.recommendation_act(
        recommendation_id=recommendation.pk, action="return", note="Thiếu ảnh niêm yết.", actor=iw.inspector
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.completed_on) == (RecStatus.OPEN, None)


def test_reporting_done_needs_evidence(iw, recommendation):
    with pytest.raises(ValidationFailed) as error:
        services.recommendation_act(
            recommendation_id=recommendation.pk, action="mark_done", note="Xong.", actor=iw.officer_a
        )
    assert error.value.message == ("Vui lòng gửi kèm minh chứng: Quyết định ban hành quy chế, ảnh niêm yết công khai.")


def test_evidence_is_judged_by_content_and_nothing_is_half_saved(iw, recommendation):
    fake = SimpleUploadedFile("../../bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationFailed) as error:
        services.recommendation_act(
            recommendation_id=recommendation.pk,
            action="report",
            note="Tiến độ",
            files=[pdf(), fake],
            actor=iw.officer_a,
        )
    assert "bao-cao.pdf không hợp lệ" in error.value.message
    assert recommendation.evidence.count() == 0 and recommendation.events.count() == 1


# --- overdue escalation --------------------------------------------------------------------------------


def test_overdue_sweep_escalates_once(iw, running_plan, recommendation):
    after_deadline = timezone.make_aware(datetime(2026, 11, 2, 7, 0))
    assert services.recommendations_sweep_overdue(now=after_deadline) == 1
    assert services.recommendations_sweep_overdue(now=after_deadline) == 0  # second run: nothing new
    assert services.recommendations_sweep_overdue(now=after_deadline + timedelta(days=1)) == 0
    messages = Message.objects.filter(idempotency_key__startswith=f"inspections:rec:{recommendation.pk}:overdue")
    # One notice to the ward's leader and one to the team head; none to the ward's other officers.
    assert sorted(m.recipient.username for m in messages) == ["kiemtra", "lanhdao.a"]
    assert "30/10/2026" in messages.first().body
    recommendation.refresh_from_db()
    assert recommendation.overdue_since == date(2026, 11, 2)
    assert recommendation.events.filter(action="overdue").count() == 1


def test_sweep_ignores_work_reported_done_or_not_yet_due(iw, recommendation):
    before = timezone.make_aware(datetime(2026, 10, 30, 12, 0))
    assert services.recommendations_sweep_overdue(now=before) == 0  # due today is not late
    services.recommendation_act(
        recommendation_id=recommendation.pk, action="mark_done", note="Xong.", files=[pdf()], actor=iw.officer_a
    )
    assert services.recommendations_sweep_overdue(now=before + timedelta(days=10)) == 0
    assert not Message.objects.filter(idempotency_key__startswith="inspections:").exists()
