from django_tasks import task

from danvan.inspections.services import recommendations_sweep_overdue


@task()
def sweep_overdue_recommendations() -> int:
    return recommendations_sweep_overdue()
