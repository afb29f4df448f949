"""The legal rules: notice periods in working days, compliance counting, weighted roll-up."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from danvan.core.errors import ValidationFailed
from danvan.meetings import selectors, services
from danvan.meetings.models import ReceptionSession

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 11, 20, 9, 0))  # Friday


def _online(officer, commune_a, notified_on, held_on):
    return services.session_schedule(
        actor=officer,
        unit=commune_a,
        kind=ReceptionSession.Kind.ONLINE,
        held_on=held_on,
        chaired_by="Ông Trần Văn An",
        location="Phòng họp trực tuyến UBND phường",
        notified_on=notified_on,
        now=NOW,
    )


def test_online_notice_counts_working_days_across_a_holiday(officer, commune_a):
    # Notified Thu 19/11/2026. Working days after it: Fri 20, Mon 23, (Tue 24/11 is Ngày Văn hóa Việt Nam, off),
    # Wed 25, Thu 26, Fri 27. Thu 26 is only the 4th working day; Fri 27 is the 5th.
    with pytest.raises(ValidationFailed) as error:
        _online(officer, commune_a, date(2026, 11, 19), date(2026, 11, 26))
    assert "05 ngày làm việc" in error.value.message
    assert "27/11/2026" in error.value.message  # the earliest lawful day is named
    session = _online(officer, commune_a, date(2026, 11, 19), date(2026, 11, 27))
    assert session.kind == "online"


def test_online_notice_is_required(officer, commune_a):
    with pytest.raises(ValidationFailed, match="nhập ngày thông báo"):
        _online(officer, commune_a, None, date(2026, 12, 10))


def test_dialogue_notice_is_five_calendar_days(officer, committee, commune_a):
    def plan(notified_on, held_on):
        return services.dialogue_plan(
            actor=officer,
            organization=committee,
            unit=commune_a,
            leader_title="Chủ tịch UBND phường",
            topic="Bồi thường dự án mở rộng đường Cách Mạng Tháng Tám",
            target_group="Các hộ dân khu vực 3",
            held_on=held_on,
            venue="Hội trường khu vực 3",
            notified_on=notified_on,
            now=NOW,
        )

    with pytest.raises(ValidationFailed, match="ít nhất 05 ngày"):
        plan(date(2026, 11, 20), date(2026, 11, 24))
    assert plan(date(2026, 11, 20), date(2026, 11, 25)).status == "planned"


def test_ad_hoc_session_needs_a_reason(officer, commune_a):
    with pytest.raises(ValidationFailed, match="Tiếp đột xuất phải ghi lý do"):
        services.session_schedule(
            actor=officer,
            unit=commune_a,
            kind=ReceptionSession.Kind.AD_HOC,
            held_on=date(2026, 11, 20),
            chaired_by="Ông Trần Văn An",
            location="Trụ sở UBND phường",
            now=NOW,
        )


def _held(officer, duty, day, *, delegated=False, kind=ReceptionSession.Kind.REGULAR):
    return services.session_schedule(
        actor=officer,
        unit=duty.unit,
        duty=duty,
        kind=kind,
        held_on=day,
        chaired_by="Ông Trần Văn An",
        delegated=delegated,
        location="Trụ sở UBND phường",
        reason="Đông người" if kind == ReceptionSession.Kind.AD_HOC else "",
        status=ReceptionSession.Status.HELD,
        now=NOW,
    )


def test_weeks_belong_to_the_month_of_their_thursday(officer, duty):
    # September 2026 holds the weeks whose Thursday is 3, 10, 17, 24/9 (Mon 31/8 … Sun 27/9): 4 weeks.
    # The week Mon 28/9 – Sun 4/10 has its Thursday on 1/10: it is October's.
    sept = selectors.periods("week", date(2026, 9, 1), date(2026, 9, 30))
    assert [p.start for p in sept] == [date(2026, 8, 31), date(2026, 9, 7), date(2026, 9, 14), date(2026, 9, 21)]
    october = selectors.periods("week", date(2026, 10, 1), date(2026, 10, 31))
    assert len(october) == 5 and october[0].start == date(2026, 9, 28)

    _held(officer, duty, date(2026, 9, 1))  # Tue, week 1 of September (a holiday, but held)
    _held(officer, duty, date(2026, 9, 9))  # week 2
    # week 3 (14–20/9): missed; a deputy chaired instead, which does not count (no delegation)
    _held(officer, duty, date(2026, 9, 16), delegated=True)
    _held(officer, duty, date(2026, 9, 24))  # week 4
    _held(officer, duty, date(2026, 9, 25))  # second day in week 4: does not make up for week 3
    _held(officer, duty, date(2026, 9, 29))  # Tue 29/9: fills October's first week
    _held(officer, duty, date(2026, 10, 14), kind=ReceptionSession.Kind.AD_HOC)  # ad hoc: extra, not regular

    today = date(2026, 11, 22)
    [sept_row] = selectors.compliance(
        selectors.ReceptionDuty.objects.all(), date(2026, 9, 1), date(2026, 9, 30), today=today
    )
    assert (sept_row.held, sept_row.required, sept_row.gaps) == (3, 4, 1)
    assert [c.period.start for c in sept_row.cells if c.gap] == [date(2026, 9, 14)]

    [oct_row] = selectors.compliance(
        selectors.ReceptionDuty.objects.all(), date(2026, 10, 1), date(2026, 10, 31), today=today
    )
    assert (oct_row.held, oct_row.required, oct_row.gaps) == (1, 5, 4)
    assert oct_row.cells[0].held == 1 and not oct_row.cells[0].gap


def test_running_week_is_not_a_gap(officer, duty):
    today = date(2026, 11, 18)  # Wednesday: the week of 16/11 is still running
    [row] = selectors.compliance(
        selectors.ReceptionDuty.objects.all(), date(2026, 11, 1), date(2026, 11, 30), today=today
    )
    running = next(c for c in row.cells if c.period.start == date(2026, 11, 16))
    assert not running.finished and not running.gap
    assert row.required == 2  # weeks of 2/11 and 9/11 finished; 16/11 running; 23/11 and 30/11 ahead


def test_each_duty_counts_its_own_sessions_under_its_own_policy(officer, duty, make_officer, commune_a):
    from danvan.accounts.roles import Role
    from danvan.meetings.models import ReceptionPolicy

    monthly = ReceptionPolicy.objects.create(
        code="thu-truong-thu", name="Thủ trưởng (thử)", period="month", sessions_required=1, delegation_allowed=True
    )
    head = make_officer(Role.LEADER, commune_a, username="thutruong")
    other = services.duty_assign(
        actor=officer, leader=head, title="Thủ trưởng", policy=monthly, unit=commune_a, valid_from=date(2026, 9, 1)
    )
    _held(officer, duty, date(2026, 9, 2), delegated=True)  # the weekly duty allows no deputy
    _held(officer, other, date(2026, 9, 2), delegated=True)  # this policy does
    _held(officer, duty, date(2026, 9, 9))

    rows = selectors.compliance(
        selectors.ReceptionDuty.objects.all(), date(2026, 9, 1), date(2026, 10, 31), today=date(2026, 11, 22)
    )

    counted = {row.duty.pk: (row.held, row.required, row.gaps) for row in rows}
    assert counted == {duty.pk: (1, 9, 8), other.pk: (1, 2, 1)}


def test_clocks_count_the_overrides_of_every_year_up_to_today(db):
    from danvan.territory.calendar import WorkingCalendar
    from danvan.territory.models import CalendarOverride

    today, long_overdue = date(2026, 11, 20), date(2024, 12, 2)
    # A provincial day off in 2025: neither today's year nor the due date's, yet between them.
    CalendarOverride.objects.create(date=date(2025, 3, 12), kind=CalendarOverride.Kind.DAY_OFF)
    without_override = -WorkingCalendar().working_days_between(today, long_overdue)

    overdue, on_time, late, soon = selectors.due_infos(
        [
            (long_overdue, None),
            (date(2026, 11, 10), date(2026, 11, 9)),
            (date(2026, 11, 10), date(2026, 11, 12)),
            (date(2026, 11, 23), None),
        ],
        today,
    )

    assert overdue == {"due": long_overdue, "days": without_override - 1, "state": "overdue"}
    assert (on_time["state"], late["state"]) == ("done", "late-done")
    assert soon == {"due": date(2026, 11, 23), "days": 1, "state": "soon"}


def test_monthly_policy_months(officer, chair, commune_a):
    from danvan.meetings.models import ReceptionPolicy

    months = selectors.periods(ReceptionPolicy.Period.MONTH, date(2026, 8, 15), date(2026, 11, 30))
    assert [p.label for p in months] == ["09/2026", "10/2026", "11/2026"]


def test_weighted_rollup(officer, committee, commune_a):
    parent = services.commitment_create(
        actor=officer,
        organization=committee,
        unit=commune_a,
        title="Cải tạo hẻm 51 đường 3 Tháng 2",
        due_date=date(2026, 12, 31),
        committed_on=date(2026, 10, 1),
        now=NOW,
    )
    light = services.commitment_create(
        actor=officer,
        organization=committee,
        unit=commune_a,
        title="Lắp đèn chiếu sáng",
        due_date=date(2026, 11, 30),
        committed_on=date(2026, 10, 1),
        parent=parent,
        weight=1,
        now=NOW,
    )
    road = services.commitment_create(
        actor=officer,
        organization=committee,
        unit=commune_a,
        title="Bê tông hóa mặt hẻm",
        due_date=date(2026, 12, 31),
        committed_on=date(2026, 10, 1),
        parent=parent,
        weight=3,
        now=NOW,
    )
    services.commitment_progress(actor=officer, commitment_id=light.pk, progress=100, on=date(2026, 11, 10), now=NOW)
    services.commitment_progress(actor=officer, commitment_id=road.pk, progress=40, on=date(2026, 11, 12), now=NOW)
    parent.refresh_from_db()
    assert parent.progress == 55  # (100×1 + 40×3) / 4
    light.refresh_from_db()
    assert light.status == "done" and light.done_on == date(2026, 11, 10)
    with pytest.raises(ValidationFailed, match="tính tự động"):
        services.commitment_progress(actor=officer, commitment_id=parent.pk, progress=90, now=NOW)
    services.commitment_progress(actor=officer, commitment_id=road.pk, progress=100, on=date(2026, 11, 19), now=NOW)
    parent.refresh_from_db()
    assert (parent.progress, parent.status, parent.done_on) == (100, "done", date(2026, 11, 19))
    assert list(parent.updates.values_list("progress", flat=True)) == [0, 25, 55, 100]


def test_weighted_progress_rounds_down():
    assert services.weighted_progress([(50, 1), (0, 2)]) == 16
    assert services.weighted_progress([]) == 0


def test_commitment_due_before_commitment_day_is_refused(officer, committee, commune_a):
    with pytest.raises(ValidationFailed, match="Hạn hoàn thành"):
        services.commitment_create(
            actor=officer,
            organization=committee,
            unit=commune_a,
            title="Sửa cống",
            due_date=date(2026, 9, 1),
            committed_on=date(2026, 10, 1),
            now=NOW,
        )


def test_reply_clock_and_refusal_notice(officer, commune_a, category):
    base = {"unit": commune_a, "visited_on": date(2026, 11, 19), "full_name": "Lê Thị Hoa", "content": "Hỏi về đất"}
    guided = services.visit_record(actor=officer, data=services.VisitInput(outcome="guided", **base), now=NOW)
    # 10 working days after Thu 19/11, skipping 24/11: 20, 23, 25, 26, 27, 30/11, 1, 2, 3, 4/12.
    assert guided.reply_due == date(2026, 12, 4)
    refused = services.visit_record(
        actor=officer,
        data=services.VisitInput(outcome="refused", refusal_reason="khong-co-tinh-tiet-moi", **base),
        now=NOW,
    )
    assert refused.refusal_notice_due == date(2026, 11, 25)  # 20, 23, (24 off), 25
    assert refused.reply_due is None
    assert (guided.serial, refused.serial) == (1, 2)
    with pytest.raises(ValidationFailed, match="lý do từ chối"):
        services.visit_record(actor=officer, data=services.VisitInput(outcome="refused", **base), now=NOW)


def test_group_of_five_needs_representatives(officer, commune_a):
    data = services.VisitInput(
        unit=commune_a,
        visited_on=date(2026, 11, 19),
        full_name="Lê Văn Hùng",
        content="Đoàn 7 hộ dân phản ánh ngập nước",
        outcome="guided",
        group_size=7,
    )
    with pytest.raises(ValidationFailed, match="cử người đại diện"):
        services.visit_record(actor=officer, data=data, now=NOW)
    data.representatives = ["Lê Văn Hùng", "Trần Thị Mai"]
    assert services.visit_record(actor=officer, data=data, now=NOW).group_size == 7


def test_escalation_is_idempotent(officer, chair, committee, commune_a):
    from danvan.notifications.models import Message

    commitment = services.commitment_create(
        actor=officer,
        organization=committee,
        unit=commune_a,
        title="Nạo vét kênh Xáng Thổi",
        due_date=date(2026, 11, 10),
        committed_on=date(2026, 10, 1),
        leader=chair,
        now=NOW,
    )
    assert services.commitments_escalate_overdue(today=date(2026, 11, 10), now=NOW) == 0  # due today: not late
    assert services.commitments_escalate_overdue(today=date(2026, 11, 11), now=NOW) == 1
    assert services.commitments_escalate_overdue(today=date(2026, 11, 12), now=NOW) == 0
    messages = Message.objects.filter(recipient=chair)
    assert messages.count() == 1 and commitment.code in messages.get().subject
    commitment.refresh_from_db()
    assert commitment.overdue_since == date(2026, 11, 11)


def test_periodic_task_is_declared():
    from django.apps import apps

    assert ("danvan.meetings.tasks.escalate_overdue_commitments", 6 * 3600) in apps.get_app_config(
        "meetings"
    ).periodic_tasks


def test_policies_are_seeded_by_migration(db):
    from danvan.meetings.models import ReceptionPolicy

    chair = ReceptionPolicy.objects.get(code="chu-tich-xa")
    assert (chair.period, chair.sessions_required, chair.delegation_allowed) == ("week", 1, False)
    assert ReceptionPolicy.objects.get(code="chu-tich-tinh").period == "month"
    assert services.reception_policies_seed() == 0  # idempotent


def test_overdue_q_at_a_past_day(officer, committee, commune_a):
    commitment = services.commitment_create(
        actor=officer,
        organization=committee,
        unit=commune_a,
        title="Sửa cầu khỉ",
        due_date=date(2026, 10, 15),
        committed_on=date(2026, 10, 1),
        now=NOW,
    )
    services.commitment_progress(
        actor=officer, commitment_id=commitment.pk, progress=100, on=date(2026, 10, 20), now=NOW
    )
    from danvan.meetings.models import Commitment

    assert Commitment.objects.filter(selectors.commitments_overdue_q(date(2026, 10, 18))).count() == 1
    assert Commitment.objects.filter(selectors.commitments_overdue_q(date(2026, 10, 31))).count() == 0


def test_case_outcome_needs_case_receive(make_officer, commune_a, committee, category):
    """A coordinator manages dialogues but does not receive cases: the issue is refused, nothing is saved."""
    from danvan.accounts.roles import Role
    from danvan.core.errors import PermissionDeniedError
    from danvan.meetings.models import DialogueIssue

    coordinator = make_officer(Role.COORDINATOR, commune_a)
    dialogue = services.dialogue_plan(
        actor=coordinator,
        organization=committee,
        unit=commune_a,
        leader_title="Chủ tịch UBND phường",
        topic="Chợ tạm",
        target_group="Tiểu thương",
        held_on=date(2026, 11, 19),
        venue="Chợ Ninh Kiều",
        notified_on=date(2026, 11, 10),
        now=NOW,
    )
    data = services.IssueInput(topic="Lối đi", text="Lối đi hẹp", outcome="case", case_category=category)
    with pytest.raises(PermissionDeniedError):
        services.issue_add(actor=coordinator, dialogue_id=dialogue.pk, data=data, now=NOW)
    assert not DialogueIssue.objects.exists()


def test_other_province_cannot_schedule_here(outsider, commune_a):
    from danvan.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        services.session_schedule(
            actor=outsider,
            unit=commune_a,
            kind="regular",
            held_on=date(2026, 11, 24),
            chaired_by="Ông A",
            location="UBND",
            now=NOW,
        )


def test_commitment_owner_must_serve_the_area(officer, make_org, commune_a, commune_b):
    with pytest.raises(ValidationFailed, match="Cơ quan thực hiện không thuộc địa bàn này"):
        services.commitment_create(
            actor=officer,
            organization=make_org(commune_b),
            unit=commune_a,
            title="Sửa đường",
            due_date=date(2026, 12, 1),
            committed_on=date(2026, 11, 1),
            now=NOW,
        )
