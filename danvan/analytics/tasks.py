from django_tasks import task

from danvan.analytics import services


@task()
def process_submitted_case(case_id: int) -> None:
    services.case_submitted_process(case_id=case_id)


@task()
def sweep() -> dict:
    return services.analytics_sweep()
