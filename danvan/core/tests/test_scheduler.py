import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from danvan.core.periodic import periodic_tasks


@pytest.mark.django_db
def test_scheduler_once_enqueues_every_periodic_task(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("scheduler", "--once")
    names = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert names == {path for path, _ in periodic_tasks()}
