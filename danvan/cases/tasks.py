from django_tasks import task

from danvan.cases.services import cases_sweep_overdue


@task()
def sweep_overdue_cases() -> int:
    return cases_sweep_overdue()
