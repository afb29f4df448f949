"""Recording visits: idempotent on the client id, conflicts reported, jurisdiction enforced; teams;
follow-ups that open cases; the sentiment signals early warning reads."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from danvan.accounts.roles import Role
from danvan.cases.models import Case
from danvan.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from danvan.core.models import AuditEvent
from danvan.core.sentiment import Tone
from danvan.fieldwork import selectors, services
from danvan.fieldwork.models import Observation, Visit
from danvan.fieldwork.tests.conftest import local

pytestmark = pytest.mark.django_db

NOW = local(2026, 10, 20, 10)


def test_record_creates_visit_with_observations_and_audit(cadre, visit_data):
    result = services.visit_record(actor=cadre, data=visit_data(), now=NOW)

    assert result.status == services.SyncStatus.CREATED
    visit = result.visit
    assert visit.cadre == cadre
    assert visit.visited_on == date(2026, 10, 5)
    assert visit.unit_path == "/92/31135/"
    assert list(visit.participants.all()) == [cadre]
    assert [o.topic for o in visit.observations.all()] == ["Thu hồi đất làm bờ kè"]
    assert AuditEvent.objects.filter(action="fieldwork.visit_recorded", object_id=str(visit.pk)).count() == 1


def test_same_client_id_twice_records_one_visit(cadre, visit_data):
    data = visit_data()
    first = services.visit_record(actor=cadre, data=data, now=NOW)
    again = services.visit_record(actor=cadre, data=data, now=NOW)

    assert again.status == services.SyncStatus.ALREADY_RECORDED
    assert again.visit.pk == first.visit.pk
    assert Visit.objects.count() == 1
    assert Observation.objects.count() == 1


def test_same_client_id_with_different_content_is_a_conflict(cadre, visit_data):
    client_id = uuid.uuid4()
    services.visit_record(actor=cadre, data=visit_data(client_id=client_id), now=NOW)

    with pytest.raises(ConflictError, match="nội dung khác"):
        services.visit_record(actor=cadre, data=visit_data(client_id=client_id, purpose="Việc khác"), now=NOW)
    assert Visit.objects.get().purpose == "Nắm tình hình giải phóng mặt bằng dự án bờ kè"


def test_same_client_id_from_another_cadre_is_a_conflict(cadre, make_officer, commune_a, visit_data):
    other = make_officer(Role.FIELD_CADRE, commune_a)
    data = visit_data()
    services.visit_record(actor=cadre, data=data, now=NOW)

    with pytest.raises(ConflictError):
        services.visit_record(actor=other, data=data, now=NOW)
    assert Visit.objects.count() == 1


def test_visit_outside_jurisdiction_is_refused(cadre, other_commune, commune_b, visit_data):
    for unit in (other_commune, commune_b):
        with pytest.raises(PermissionDeniedError, match="ngoài địa bàn"):
            services.visit_record(actor=cadre, data=visit_data(unit=unit), now=NOW)
    assert not Visit.objects.exists()


def test_visit_to_village_of_own_commune(cadre, village_a, visit_data):
    visit = services.visit_record(actor=cadre, data=visit_data(unit=village_a), now=NOW).visit
    assert visit.unit_path == "/92/31135/31135-T01/"


def test_officer_without_fieldwork_permission_is_refused(make_officer, commune_a, visit_data):
    handler = make_officer(Role.CASE_HANDLER, commune_a)
    with pytest.raises(PermissionDeniedError):
        services.visit_record(actor=handler, data=visit_data(), now=NOW)


def test_validation_messages(cadre, province, visit_data):
    with pytest.raises(ValidationFailed) as error:
        services.visit_record(
            actor=cadre, data=visit_data(purpose="  ", visited_at=local(2026, 11, 1), unit=province), now=NOW
        )
    assert "mục đích" in error.value.message
    assert "tương lai" in error.value.message
    assert "Nơi đến phải là một xã" in error.value.message


def _team(reviewer, cadre, others, unit, *, area=()):
    return services.team_save(
        actor=reviewer,
        name="Tổ dân vận khu vực 1",
        kind="village",
        unit=unit,
        leader=cadre,
        members=others,
        area=list(area),
        tasks="Nắm tình hình, vận động người dân thực hiện chủ trương giải phóng mặt bằng.",
    )


def test_team_visit_has_every_member_as_participant(reviewer, cadre, make_officer, commune_a, village_a, visit_data):
    member = make_officer(Role.VILLAGE_HEAD, commune_a)
    team = _team(reviewer, cadre, [member], commune_a, area=[village_a])

    visit = services.visit_record(actor=member, data=visit_data(team=team), now=NOW).visit

    assert set(visit.participants.all()) == {cadre, member}
    assert list(team.area.all()) == [village_a]


def test_team_of_which_the_cadre_is_not_a_member_is_refused(reviewer, cadre, make_officer, commune_a, visit_data):
    outsider = make_officer(Role.FIELD_CADRE, commune_a)
    team = _team(reviewer, cadre, [], commune_a)
    with pytest.raises(PermissionDeniedError, match="thành viên"):
        services.visit_record(actor=outsider, data=visit_data(team=team), now=NOW)


def test_team_area_must_lie_in_its_unit(reviewer, cadre, commune_b, village_a):
    with pytest.raises(ValidationFailed, match="Khu vực 1"):
        _team(reviewer, cadre, [], commune_b, area=[village_a])


def test_field_cadre_cannot_manage_teams(cadre, commune_a):
    with pytest.raises(PermissionDeniedError):
        _team(cadre, cadre, [], commune_a)


@pytest.fixture
def category(db):
    from danvan.cases.deadlines import seed_legal_data

    seed_legal_data()
    from danvan.cases.models import Category

    return Category.objects.get(code="dat_dai")


def test_follow_up_opens_a_field_visit_case_linked_to_the_visit(cadre, village_a, visit_data, category):
    visit = services.visit_record(actor=cadre, data=visit_data(unit=village_a), now=NOW).visit
    observation = visit.observations.get()

    follow_up = services.follow_up_open(
        actor=cadre,
        visit=visit,
        observation=observation,
        kind="phan_anh",
        category=category,
        subject="Người dân khu vực 1 chưa đồng ý giá bồi thường bờ kè",
        body="Nhiều hộ đề nghị xem xét lại đơn giá bồi thường đất nông nghiệp.",
        now=NOW,
    )

    case = Case.objects.get()
    assert case.channel == Case.Channel.FIELD_VISIT
    assert case.submitted_unit.code == "31135"
    assert case.village == village_a
    assert follow_up.case == case and follow_up.visit == visit and follow_up.observation == observation
    assert case.fieldwork_follow_up.visit == visit


def test_follow_up_cannot_open_a_complaint(cadre, visit_data, category):
    visit = services.visit_record(actor=cadre, data=visit_data(), now=NOW).visit
    with pytest.raises(ValidationFailed):
        services.follow_up_open(actor=cadre, visit=visit, kind="khieu_nai", category=category, subject="x", body="y")
    assert not Case.objects.exists()


def test_sentiment_signals_in_range(cadre, visit_data):
    services.visit_record(actor=cadre, data=visit_data(), now=NOW)
    services.visit_record(actor=cadre, data=visit_data(visited_at=local(2026, 9, 30, 23, 30)), now=NOW)

    signals = selectors.sentiment_signals(date(2026, 10, 1), date(2026, 10, 31))

    assert len(signals) == 1
    signal = signals[0]
    assert (signal.source, signal.on, signal.tone, signal.severity) == ("fieldwork", date(2026, 10, 5), Tone.ANGRY, 3)
    assert signal.unit_path == "/92/31135/"
    assert signal.topic == "Thu hồi đất làm bờ kè"
    assert signal.url.startswith("/lam-viec/di-co-so/")
