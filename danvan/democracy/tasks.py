from django_tasks import task

from danvan.democracy.services import recommendations_overdue_notify


@task()
def notify_overdue_recommendations() -> int:
    """Periodic: tell commune leaders about board recommendations past their 15-day answer limit."""
    return recommendations_overdue_notify()
