"""One record per kind of object page, each made in commune_a by its app's own services (never by
``objects.create``), for the object-page permission matrix (test_object_matrix.py).

Each builder takes the module's ``World`` and returns a ``Record``: the object the page shows, the text that
only its page shows (so that a denied page can be searched for it), and the models whose rows a denied
request must leave exactly as they were. The officers the builders need are "set-up" users of their own;
the officer whose access is tested is never one of them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Model
from django.utils import timezone

from danvan.accounts.roles import Role

# The dates of the world: everything happened in the autumn of 2026 (services refuse dates in the future).
HELD_ON = date(2026, 10, 5)
PLAN_START, PLAN_END = date(2026, 9, 7), date(2026, 9, 25)


@dataclass
class World:
    """The units of the root conftest (two sibling wards of Cần Thơ, and Lai Châu), made without its
    function-scoped fixtures so that the records can be built once for a whole test module."""

    province: object
    commune_a: object
    commune_b: object
    other_province: object

    @classmethod
    def build(cls) -> World:
        from danvan.organizations.services import organization_kinds_seed

        organization_kinds_seed()
        province = _unit("92", "Thành phố Cần Thơ", kind="thanh_pho_tw")
        return cls(
            province=province,
            commune_a=_unit("31135", "Phường Ninh Kiều", parent=province, kind="phuong"),
            commune_b=_unit("31186", "Phường Cái Răng", parent=province, kind="phuong"),
            other_province=_unit("12", "Tỉnh Lai Châu", kind="tinh"),
        )

    def officer(self, role: Role, unit, *, prefix: str = "canbo"):
        from danvan.accounts.services import role_assign, user_create

        name = f"{prefix}.{uuid.uuid4().hex[:10]}"
        user = user_create(username=name, full_name=f"Cán bộ {name}", password="Mat-khau-thu-2026!")
        role_assign(user=user, role=role, unit=unit, valid_from=date(2025, 7, 1))
        return user

    def setup_officer(self, role: Role, unit=None):
        """A user who creates a record (never the one whose access is tested)."""
        return self.officer(role, unit or self.commune_a, prefix="lap")

    def committee(self):
        from danvan.organizations.services import organization_ensure

        return organization_ensure(kind_code="ubnd", unit=self.commune_a, name="Ủy ban nhân dân Phường Ninh Kiều")


def _unit(code: str, name: str, *, kind: str, parent=None):
    from danvan.territory.models import AdministrativeUnit
    from danvan.territory.services import unit_fill_derived

    level = AdministrativeUnit.Level.COMMUNE if parent else AdministrativeUnit.Level.PROVINCE
    unit = AdministrativeUnit(code=code, name=name, parent=parent, level=level, kind=kind, valid_from=date(2025, 7, 1))
    unit_fill_derived(unit, historical=False)
    unit.save()
    return unit


@dataclass
class Record:
    obj: object
    marker: str  # text that the record's own page shows and no other record has
    models: tuple[type[Model], ...]  # rows a denied request must leave as they were
    extra: dict = field(default_factory=dict)


# --- meetings -------------------------------------------------------------------------------------------------


def meetings_session(world: World) -> Record:
    from danvan.meetings import services
    from danvan.meetings.models import ReceptionSession

    marker = "Nhà văn hóa khu vực Thới Bình"
    session = services.session_schedule(
        actor=world.setup_officer(Role.LEADER),
        unit=world.commune_a,
        kind=ReceptionSession.Kind.REGULAR,
        held_on=HELD_ON,
        chaired_by="Chủ tịch UBND phường",
        location=marker,
    )
    return Record(session, marker, (ReceptionSession,))


def meetings_visit(world: World) -> Record:
    from danvan.meetings import services
    from danvan.meetings.models import ReceptionVisit

    marker = "Hỏi thủ tục cấp phép sửa chữa nhà trên hẻm 91"
    visit = services.visit_record(
        actor=world.setup_officer(Role.RECEPTION_OFFICER),
        data=services.VisitInput(
            unit=world.commune_a,
            visited_on=HELD_ON,
            full_name="Lâm Văn Kiểm",
            content=marker,
            outcome=ReceptionVisit.Outcome.GUIDED,
            handling="Hướng dẫn nộp hồ sơ tại bộ phận một cửa.",
        ),
    )
    return Record(visit, marker, (ReceptionVisit,))


def meetings_dialogue(world: World) -> Record:
    from danvan.meetings import services
    from danvan.meetings.models import Dialogue, DialogueParticipant

    marker = "Nạo vét kênh Cái Sơn mùa nước nổi"
    dialogue = services.dialogue_plan(
        actor=world.setup_officer(Role.LEADER),
        organization=world.committee(),
        unit=world.commune_a,
        leader_title="Chủ tịch UBND phường",
        topic=marker,
        target_group="Các hộ ven kênh",
        held_on=HELD_ON,
        venue="Hội trường UBND phường",
        notified_on=HELD_ON - timedelta(days=10),
    )
    return Record(dialogue, marker, (Dialogue, DialogueParticipant))


def meetings_commitment(world: World) -> Record:
    from danvan.meetings import services
    from danvan.meetings.models import Commitment, CommitmentUpdate

    marker = "Lắp đèn chiếu sáng hẻm 14 đường Mậu Thân"
    commitment = services.commitment_create(
        actor=world.setup_officer(Role.LEADER),
        organization=world.committee(),
        unit=world.commune_a,
        title=marker,
        committed_on=HELD_ON,
        due_date=HELD_ON + timedelta(days=90),
    )
    return Record(commitment, marker, (Commitment, CommitmentUpdate))


# --- fieldwork ------------------------------------------------------------------------------------------------


def fieldwork_visit(world: World) -> Record:
    from danvan.cases.deadlines import seed_legal_data
    from danvan.cases.models import Category
    from danvan.core.sentiment import Severity, Tone
    from danvan.fieldwork import services
    from danvan.fieldwork.models import FollowUp, Observation, Visit

    marker = "Nắm tình hình chợ tạm bến Ninh Kiều"
    result = services.visit_record(
        actor=world.setup_officer(Role.FIELD_CADRE),
        data=services.VisitInput(
            client_id=uuid.uuid4(),
            unit=world.commune_a,
            visited_at=timezone.make_aware(datetime(2026, 10, 5, 9, 0)),
            kind="field_trip",
            purpose=marker,
            observations=[
                services.ObservationInput(topic="Sắp xếp lại chợ tạm", tone=Tone.CONCERNED, severity=Severity.LOW)
            ],
        ),
    )
    seed_legal_data()  # the categories a follow-up case is filed under
    category = Category.objects.get(code="dat_dai")
    return Record(result.visit, marker, (Visit, Observation, FollowUp), extra={"category": category})


def fieldwork_team(world: World) -> Record:
    from danvan.fieldwork import services
    from danvan.fieldwork.models import Team

    marker = "Tổ dân vận khu vực Cồn Khương"
    reviewer = world.setup_officer(Role.COORDINATOR)
    team = services.team_save(
        actor=reviewer,
        name=marker,
        kind=Team.Kind.GOVERNMENT,
        unit=world.commune_a,
        leader=reviewer,
        members=[],
        area=[],
    )
    return Record(team, marker, (Team,), extra={"leader": reviewer})


# --- practices ------------------------------------------------------------------------------------------------


def practices_practice(world: World) -> Record:
    from danvan.practices import services
    from danvan.practices.models import Practice, PracticeEvent, PracticeField, ResultIndicator

    marker = "Ngày thứ bảy xanh ven sông Hậu"
    practice = services.practice_register(
        data=services.PracticeInput(
            title=marker,
            field=PracticeField.CULTURE_SOCIETY,
            holder=Practice.Holder.COLLECTIVE,
            holder_name="Chi đoàn khu vực 3",
            unit=world.commune_a,
            period_start=date(2025, 9, 1),
            description="Mỗi tháng một buổi thu gom rác ven sông, vận động hộ kinh doanh cùng làm.",
        ),
        actor=world.setup_officer(Role.COORDINATOR),
    )
    return Record(practice, marker, (Practice, ResultIndicator, PracticeEvent))


# --- democracy ------------------------------------------------------------------------------------------------


def democracy_disclosure(world: World) -> Record:
    from danvan.democracy import services
    from danvan.democracy.models import Disclosure, DisclosureGroup

    services.disclosure_groups_seed()
    marker = "Dự toán sửa chữa nhà văn hóa khu vực 5"
    group = DisclosureGroup.objects.get(number=2)
    disclosure = services.disclosure_create(
        actor=world.setup_officer(Role.LEADER),
        commune=world.commune_a,
        data=services.DisclosureInput(group=group, title=marker, decision_date=date(2026, 10, 14)),
    )
    return Record(disclosure, marker, (Disclosure,), extra={"group": group})


def democracy_vote(world: World) -> Record:
    from danvan.democracy import services
    from danvan.democracy.models import CommunityVote, HouseholdBallot, Matter, VillageHouseholds, VoteForm
    from danvan.territory.services import village_create

    village = village_create(commune=world.commune_a, code="T07", name="Khu vực 7", kind="to_dan_pho")
    services.village_households_record(
        actor=None, village=village, as_of=date(2026, 1, 1), households=120, online_opt_in=50
    )
    marker = "Chọn ngày tổng vệ sinh khu vực 7"
    vote = services.vote_create(
        actor=world.setup_officer(Role.LEADER),
        village=village,
        data=services.VoteInput(matter=Matter.OTHER, form=VoteForm.MEETING, title=marker, vote_date=date(2026, 10, 14)),
    )
    return Record(vote, marker, (CommunityVote, HouseholdBallot, VillageHouseholds))


# --- inspections ----------------------------------------------------------------------------------------------


def _inspection(world: World, title: str):
    """A plan of the commune's own committee on the commune itself, running, with one target."""
    from danvan.inspections import services
    from danvan.inspections.models import Directive, TeamMember

    services.directives_seed()
    inspector = world.setup_officer(Role.COORDINATOR)
    committee = world.committee()
    plan = services.plan_create(
        data=services.PlanInput(
            title=title,
            directive_id=Directive.objects.get(code="chi-thi-33-ct-ttg").pk,
            organization_id=committee.pk,
            starts_on=PLAN_START,
            ends_on=PLAN_END,
            contents="Việc niêm yết công khai, tiếp công dân và đối thoại tại các khu vực.",
        ),
        actor=inspector,
    )
    services.plan_member_add(plan_id=plan.pk, user_id=inspector.pk, role=TeamMember.Role.HEAD, actor=inspector)
    target = services.plan_target_add(
        plan_id=plan.pk, unit_id=world.commune_a.pk, organization_id=committee.pk, visit_on=PLAN_START, actor=inspector
    )
    services.plan_apply_action(plan_id=plan.pk, action="approve", actor=inspector)
    services.plan_apply_action(plan_id=plan.pk, action="start", actor=inspector)
    plan.refresh_from_db()
    return plan, target, inspector


def inspections_plan(world: World) -> Record:
    from danvan.inspections.models import Event, Plan, Target

    marker = "Kiểm tra việc tiếp công dân định kỳ năm 2026"
    plan, target, _inspector = _inspection(world, marker)
    return Record(plan, marker, (Plan, Target, Event), extra={"target": target})


def inspections_recommendation(world: World) -> Record:
    from danvan.inspections import services
    from danvan.inspections.models import Event, Evidence, Recommendation

    plan, target, inspector = _inspection(world, "Kiểm tra thực hiện quy chế dân chủ ở cơ sở năm 2026")
    marker = "Niêm yết quy chế tại nhà văn hóa các khu vực"
    recommendation = services.recommendation_add(
        plan_id=plan.pk,
        data=services.RecommendationInput(
            target_id=target.pk,
            text=marker,
            deadline=date(2026, 12, 30),
            evidence_required="Ảnh niêm yết",
        ),
        actor=inspector,
    )
    return Record(recommendation, marker, (Recommendation, Event, Evidence))


# --- surveys --------------------------------------------------------------------------------------------------


def surveys_survey(world: World) -> Record:
    from danvan.surveys import services
    from danvan.surveys.models import Question, Survey

    manager = world.setup_officer(Role.COORDINATOR)
    marker = "Mức độ hài lòng với bộ phận một cửa phường"
    survey = services.survey_create(actor=manager, unit=world.commune_a, title=marker)
    services.question_add(
        actor=manager,
        survey=survey,
        data=services.QuestionInput(kind=Question.Kind.LIKERT, text="Ông/bà hài lòng với thái độ phục vụ?"),
    )
    return Record(survey, marker, (Survey, Question))


# --- evaluations ----------------------------------------------------------------------------------------------


def evaluations_assessment(world: World) -> Record:
    """Commune A's assessment in a round the province opens for its communes."""
    from danvan.evaluations import services
    from danvan.evaluations.models import Assessment, AssessmentEvent, Score

    reviewer = world.setup_officer(Role.COORDINATOR, world.province)
    criteria_set = services.criteria_set_create(actor=reviewer, unit=world.province, name="Bộ tiêu chí thử 2026")
    marker = "Tổ chức đối thoại định kỳ với người dân"
    criterion = services.criterion_add(
        actor=reviewer,
        criteria_set=criteria_set,
        data=services.CriterionInput(code="1", title=marker, max_points=100),
    )
    round_ = services.round_create(
        actor=reviewer,
        criteria_set=criteria_set,
        parent_unit=world.province,
        name="Đánh giá công tác dân vận chính quyền năm 2026",
        year=2026,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    assessment = Assessment.objects.get(round=round_, unit=world.commune_a)
    return Record(assessment, marker, (Assessment, Score, AssessmentEvent), extra={"criterion": criterion})


# --- reporting ------------------------------------------------------------------------------------------------


def reporting_report(world: World) -> Record:
    from danvan.reporting import services
    from danvan.reporting.models import Report

    author = world.setup_officer(Role.LEADER)
    period = services.period_ensure(kind="quarterly", year=2026, index=3)
    report = services.report_start(period=period, unit=world.commune_a, actor=author)
    marker = "Tổ chức ba buổi đối thoại về chỉnh trang đô thị"
    first = report.template.sections[0][0]
    services.report_update(report_id=report.pk, narrative={first: marker}, actor=author)
    report.refresh_from_db()
    return Record(report, marker, (Report,), extra={"section": first})


# --- analytics ------------------------------------------------------------------------------------------------


def analytics_alert(world: World) -> Record:
    from danvan.analytics import services
    from danvan.analytics.models import Alert, AlertEvent, AlertRule

    services.alert_rules_seed()
    marker = "Dư luận bức xúc về ngập nước đường Trần Hưng Đạo"
    alert = services.alert_raise(
        rule=AlertRule.objects.get(code="sentiment"),
        key=f"ma-tran-{uuid.uuid4().hex}",
        unit=world.commune_a,
        title=marker,
        score=70,
    )
    return Record(alert, marker, (Alert, AlertEvent))


BUILDERS: dict[str, Callable[[World], Record]] = {
    "meetings.session": meetings_session,
    "meetings.visit": meetings_visit,
    "meetings.dialogue": meetings_dialogue,
    "meetings.commitment": meetings_commitment,
    "fieldwork.visit": fieldwork_visit,
    "fieldwork.team": fieldwork_team,
    "practices.practice": practices_practice,
    "democracy.disclosure": democracy_disclosure,
    "democracy.vote": democracy_vote,
    "inspections.plan": inspections_plan,
    "inspections.recommendation": inspections_recommendation,
    "surveys.survey": surveys_survey,
    "evaluations.assessment": evaluations_assessment,
    "reporting.report": reporting_report,
    "analytics.alert": analytics_alert,
}
