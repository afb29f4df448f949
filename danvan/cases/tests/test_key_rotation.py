"""`danvan rotate-key` re-encrypts every protected value with the new key, and old keys keep working
for anything a crash left behind."""

import pytest
from django.core.management import call_command
from django.db import connection

from danvan.cases.models import Person
from danvan.cases.services import case_submit
from danvan.core.models import AuditEvent


def _stored(case_id: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT full_name, phone FROM cases_person WHERE case_id = %s", [case_id])
        return list(cursor.fetchone())


@pytest.mark.django_db
def test_rotation_re_encrypts_every_person_and_is_audited(submission):
    case = case_submit(data=submission(kind="to_cao")).case
    assert all(value.startswith("v1$k1$") for value in _stored(case.pk))

    call_command("rotate-key")

    assert all(value.startswith("v1$k2$") for value in _stored(case.pk))
    assert Person.objects.get(case=case).full_name == "Nguyễn Văn Tố"
    assert AuditEvent.objects.filter(action="core.key_rotated").count() == 1
    case.refresh_from_db()
    assert case.notify_email == "to@example.vn"  # the case's own encrypted field was rotated too
