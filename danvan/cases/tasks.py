from django_tasks import task

from danvan.cases.services import case_handlers_notify, cases_sweep_overdue


@task()
def sweep_overdue_cases() -> int:
    return cases_sweep_overdue()


@task()
def notify_case_handlers(case_id: int, subject: str, key: str) -> int:
    return case_handlers_notify(case_id=case_id, subject=subject, key=key)
