import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from danvan.core.audit import audit_record, audit_verify
from danvan.core.models import AuditEvent


def _record_three():
    for n in range(3):
        with transaction.atomic():
            audit_record(action="test.event", object_type="test", object_id=str(n), data={"n": n, "tên": "Hòa"})


@pytest.mark.django_db
def test_intact_chain_verifies():
    _record_three()
    report = audit_verify()
    assert report.ok
    assert report.checked == 3


@pytest.mark.django_db
def test_edited_event_is_reported_as_first_broken_link():
    _record_three()
    second = AuditEvent.objects.get(seq=2)
    AuditEvent.objects.filter(pk=second.pk).update(data={"n": 99})
    report = audit_verify()
    assert (report.ok, report.broken_seq) == (False, 2)
    with pytest.raises(CommandError, match="#2"):
        call_command("audit-verify")


@pytest.mark.django_db
def test_deleted_event_is_detected():
    _record_three()
    AuditEvent.objects.filter(seq=2).delete()
    assert audit_verify().broken_seq == 2


@pytest.mark.django_db
def test_deleting_the_newest_event_is_detected_by_the_head():
    _record_three()
    AuditEvent.objects.filter(seq=3).delete()
    assert audit_verify().broken_seq == 3


@pytest.mark.django_db(transaction=True)  # a real autocommit connection, not the test's wrapping atomic
def test_audit_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit_record(action="test.event")
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_rolled_back_change_leaves_no_audit_event():
    def change_that_fails_after_auditing():
        with transaction.atomic():
            audit_record(action="test.event")
            raise ValueError("the change itself failed")

    with pytest.raises(ValueError, match="failed"):
        change_that_fails_after_auditing()
    assert AuditEvent.objects.count() == 0
    assert audit_verify().ok
