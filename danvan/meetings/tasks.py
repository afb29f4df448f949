from django_tasks import task

from danvan.meetings.services import commitments_escalate_overdue


@task()
def escalate_overdue_commitments() -> int:
    return commitments_escalate_overdue()
