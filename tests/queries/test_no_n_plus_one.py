"""Query discipline: every officer list page and the API list run the same number of queries whether a
commune has 2 cases or 14 (no query per row), and so do the pages of meetings and fieldwork whether it has 2
or 14 duties, sessions, reception-book entries, commitments, dialogues, cadres, teams and visits. Pages are
found by walking the URL configuration."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.accounts.roles import Role
from danvan.api.services import api_token_create
from danvan.core.clock import local_date
from tests.urlwalk import officer_paths

PAGES = [path for path in officer_paths() if not path.startswith("api/")]
# Kinds chosen so that the rows differ (group petitions, denunciations, anonymous information).
KINDS = ["phan_anh", "kien_nghi", "khieu_nai", "to_cao"]


def add_cases(submission, count: int) -> None:
    from danvan.cases.services import PersonInput, case_submit

    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        data = submission(kind=kind, subject=f"Đơn số {number}")
        if number % 3 == 0:
            data.group_size = 6
            data.persons = [PersonInput(full_name=f"Đại diện {n}", role="representative") for n in range(2)]
        case_submit(data=data)


def queries_for(client, path: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/{path}", headers=headers)
    assert response.status_code < 500, path
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LEADER, Role.COORDINATOR])
def test_officer_pages_do_not_run_a_query_per_row(client, make_officer, commune_a, province, submission, role):
    officer = make_officer(role, commune_a if role == Role.LEADER else province)
    client.force_login(officer)
    add_cases(submission, 2)
    for path in PAGES:
        queries_for(client, path)  # warm per-process caches (content types, categories)
    few = {path: queries_for(client, path) for path in PAGES}

    add_cases(submission, 12)
    many = {path: queries_for(client, path) for path in PAGES}

    assert {path: n for path, n in many.items() if n > few[path]} == {}


@pytest.mark.django_db
def test_the_api_list_does_not_run_a_query_per_row(client, make_officer, commune_a, submission):
    _token, plaintext = api_token_create(user=make_officer(Role.CASE_HANDLER, commune_a), name="Đếm truy vấn")
    auth = {"Authorization": f"Bearer {plaintext}"}
    add_cases(submission, 2)
    queries_for(client, "api/v1/cases", **auth)
    few = queries_for(client, "api/v1/cases?page_size=50", **auth)

    add_cases(submission, 12)

    assert queries_for(client, "api/v1/cases?page_size=50", **auth) == few


# --- Meetings and fieldwork -------------------------------------------------------------------------------
# Their lists and compliance pages grow with duties, sessions, reception-book entries, commitments,
# dialogues, visits, cadres and teams rather than with cases.

MEETINGS = "lam-viec/tiep-dan-doi-thoai/"
FIELDWORK = "lam-viec/di-co-so/"


def activity_pages() -> list[str]:
    """Every parameterless page of both apps, plus the filtered views that cover more periods and rows."""
    today = local_date()
    return [path for path in officer_paths() if path.startswith((MEETINGS, FIELDWORK))] + [
        f"{MEETINGS}tuan-thu/?start=01/{today.year - 1}&end=12/{today.year - 1}",
        f"{MEETINGS}cam-ket/?show=overdue",
        f"{MEETINGS}cam-ket/?show=open",
        f"{FIELDWORK}?month={today:%Y-%m}",
        f"{FIELDWORK}chi-tieu/?month={today:%Y-%m}",
    ]


@dataclass
class Activity:
    """Adds rows of every kind, through the services, in a commune of the coordinator's province: per
    number, a leader with a weekly reception duty and a held (sometimes delegated) session, a book entry
    (dated across several years), a commitment (some overdue, some done), a dialogue, an online conference,
    and a field cadre leading a team (the coordinator is a member) with a team field trip and a block
    meeting this month."""

    actor: object
    make_officer: object
    commune: object
    committee: object
    numbers: itertools.count = field(default_factory=itertools.count)

    def add(self, count: int) -> None:
        for _ in range(count):
            number = next(self.numbers)
            self.add_meetings(number)
            self.add_fieldwork(number)

    def add_meetings(self, number: int) -> None:
        from danvan.meetings import services
        from danvan.meetings.models import ReceptionPolicy, ReceptionSession, ReceptionVisit

        today = local_date()
        leader = self.make_officer(Role.LEADER, self.commune, username=f"lanhdao{number}")
        duty = services.duty_assign(
            actor=self.actor,
            leader=leader,
            title=f"Chủ tịch UBND số {number}",
            policy=ReceptionPolicy.objects.get(code="chu-tich-xa"),
            unit=self.commune,
            valid_from=date(2024, 1, 1),
        )
        held_on = today - timedelta(days=1 + 7 * (number % 6))
        session = services.session_schedule(
            actor=self.actor,
            unit=self.commune,
            duty=duty,
            kind=ReceptionSession.Kind.REGULAR,
            held_on=held_on,
            chaired_by=f"Lãnh đạo số {number}",
            location="Trụ sở UBND",
            delegated=number % 4 == 3,
            status=ReceptionSession.Status.HELD,
        )
        # Book entries over several years, so that their reply clocks need the calendars of different years.
        visited_on = held_on - timedelta(days=190 * (number % 5))
        services.visit_record(
            actor=self.actor,
            data=services.VisitInput(
                unit=self.commune,
                session=session if visited_on == held_on else None,
                visited_on=visited_on,
                full_name=f"Công dân số {number}",
                content="Hỏi về tiến độ bồi thường giải phóng mặt bằng.",
                outcome=ReceptionVisit.Outcome.GUIDED,
            ),
        )
        commitment = services.commitment_create(
            actor=self.actor,
            organization=self.committee,
            unit=self.commune,
            leader=leader,
            title=f"Sửa đường hẻm số {number}",
            committed_on=today - timedelta(days=1000),
            due_date=today + timedelta(days=300 * (number % 4) - 600),
        )
        if number % 5 == 4:
            services.commitment_progress(actor=self.actor, commitment_id=commitment.pk, progress=100)
        services.dialogue_plan(
            actor=self.actor,
            organization=self.committee,
            unit=self.commune,
            leader_title="Chủ tịch UBND phường",
            topic=f"Đối thoại số {number}",
            target_group="Các hộ dân khu vực 2",
            held_on=today - timedelta(days=10 * number),
            venue="Nhà văn hóa khu vực 2",
            notified_on=today - timedelta(days=10 * number + 7),
        )
        services.conference_schedule(
            actor=self.actor,
            title=f"Hội nghị trực tuyến số {number}",
            organization=self.committee,
            held_on=today + timedelta(days=30),
            notified_on=today,
        )

    def add_fieldwork(self, number: int) -> None:
        from danvan.core.sentiment import Tone
        from danvan.fieldwork import services
        from danvan.fieldwork.models import Team

        cadre = self.make_officer(Role.FIELD_CADRE, self.commune, username=f"coso{number}")
        team = services.team_save(
            actor=self.actor,
            name=f"Tổ dân vận số {number}",
            kind=Team.Kind.VILLAGE,
            unit=self.commune,
            leader=cadre,
            members=[self.actor],
            area=[],
        )
        for kind in ("field_trip", "block_meeting"):
            services.visit_record(
                actor=cadre,
                data=services.VisitInput(
                    client_id=uuid.uuid4(),
                    unit=self.commune,
                    visited_at=timezone.now() - timedelta(minutes=number + 1),
                    kind=kind,
                    purpose=f"Nắm tình hình số {number}",
                    team=team if kind == "field_trip" else None,
                    observations=[services.ObservationInput(topic="Bồi thường", tone=Tone.CONCERNED)],
                ),
            )


@pytest.fixture
def activity(make_officer, make_org, commune_a, province, legal_data):
    from danvan.fieldwork.services import quota_policy_seed

    quota_policy_seed()
    actor = make_officer(Role.COORDINATOR, province)
    return Activity(actor=actor, make_officer=make_officer, commune=commune_a, committee=make_org(commune_a))


@pytest.mark.django_db
def test_meetings_and_fieldwork_pages_do_not_run_a_query_per_row(client, activity):
    client.force_login(activity.actor)
    pages = activity_pages()
    activity.add(2)
    for path in pages:
        queries_for(client, path)  # warm per-process caches
    few = {path: queries_for(client, path) for path in pages}

    activity.add(12)
    many = {path: queries_for(client, path) for path in pages}

    assert {path: (few[path], n) for path, n in many.items() if n > few[path]} == {}


def indicator_queries(code: str, scope) -> int:
    from danvan.core.indicators import indicator

    with CaptureQueriesContext(connection) as captured:
        indicator(code).value(scope)
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["fieldwork.quota_met", "meetings.reception_compliance"])
def test_activity_indicators_run_a_few_grouped_queries(activity, province, code):
    from danvan.core.indicators import Scope

    today = local_date()
    one_month = Scope(unit_paths=(province.path,), start=today - timedelta(days=31), end=today)
    one_year = Scope(unit_paths=(province.path,), start=today - timedelta(days=365), end=today)
    activity.add(2)
    indicator_queries(code, one_month)
    few = indicator_queries(code, one_month)

    activity.add(12)

    assert indicator_queries(code, one_month) == few
    assert indicator_queries(code, one_year) == few
