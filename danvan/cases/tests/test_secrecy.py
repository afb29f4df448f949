"""Denouncers' identity: encrypted at rest, hidden by default, revealed only with the permission and a
reason, audited, and never to the accused's organisation (Luật Tố cáo 2018, Điều 8, 47, 56)."""

import pytest
from django.db import connection

from danvan.accounts.roles import Role
from danvan.cases.models import Person
from danvan.cases.selectors import cases_visible_to
from danvan.cases.services import case_submit, identity_reveal, identity_visible_to
from danvan.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed
from danvan.core.models import AuditEvent

DENOUNCER = "Phạm Thị Bảo Mật"


@pytest.fixture
def denunciation(submission, make_org, commune_a):
    accused = make_org(commune_a, kind="police", name=f"Công an {commune_a.name}")
    data = submission(kind="to_cao", subject="Tố cáo cán bộ nhận tiền", accused_organization=accused)
    data.persons[0].full_name = DENOUNCER
    return case_submit(data=data).case


@pytest.mark.django_db
def test_identity_is_encrypted_in_the_database(denunciation):
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, id_number, phone FROM cases_person WHERE case_id = %s", [denunciation.pk])
        stored = cursor.fetchone()
    assert all(value.startswith("v1$") for value in stored)
    assert DENOUNCER not in " ".join(stored)
    assert Person.objects.get(case=denunciation).full_name == DENOUNCER


@pytest.mark.django_db
def test_reveal_needs_permission_and_reason_and_is_audited(denunciation, handler, leader):
    assert identity_visible_to(handler, denunciation) is False
    with pytest.raises(PermissionDeniedError):
        identity_reveal(case_id=denunciation.pk, actor=handler, reason="Cần liên hệ xác minh")
    with pytest.raises(ValidationFailed):
        identity_reveal(case_id=denunciation.pk, actor=leader, reason="xem")
    persons = identity_reveal(case_id=denunciation.pk, actor=leader, reason="Cần liên hệ để xác minh nội dung")
    assert [p.full_name for p in persons] == [DENOUNCER]
    reveal = AuditEvent.objects.get(action="cases.identity_revealed")
    assert (reveal.actor_id, reveal.object_id) == (leader.pk, str(denunciation.pk))
    assert DENOUNCER not in str(reveal.data)


@pytest.mark.django_db
def test_accused_organisation_never_sees_the_denunciation(denunciation, make_officer, commune_a):
    accused_leader = make_officer(Role.LEADER, commune_a, organization=denunciation.accused_organization)
    assert not cases_visible_to(accused_leader).filter(pk=denunciation.pk).exists()
    assert identity_visible_to(accused_leader, denunciation) is False
    with pytest.raises(NotFoundError):  # to them the case does not exist
        identity_reveal(case_id=denunciation.pk, actor=accused_leader, reason="Muốn biết ai tố cáo mình")


@pytest.mark.django_db
def test_anonymous_denunciation_keeps_no_identity(submission):
    case = case_submit(data=submission(kind="to_cao", is_anonymous=True)).case
    assert case.persons.count() == 0
    assert case.is_anonymous
