"""A task whose worker is killed runs again when a worker starts, and its work is done once."""

from __future__ import annotations

import time

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from danvan.notifications.models import Message
from tests.reliability.processes import worker


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.mark.django_db(transaction=True)
def test_killed_worker_task_runs_again_and_does_its_work_once(tmp_path, settings):
    from tests.reliability.crash_tasks import record_then_hold

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    hold = tmp_path / "hold"
    hold.touch()
    result = record_then_hold.enqueue(key="crash-once", hold_file=str(hold))

    first = worker(tmp_path / "worker.log").start()
    try:
        wait_for(lambda: Message.objects.filter(idempotency_key="crash-once").exists())  # work done, task still running
        first.kill()
    finally:
        first.kill()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING  # abandoned mid-task

    hold.unlink()
    second = worker(tmp_path / "worker.log").start()
    try:
        wait_for(lambda: DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL)
    finally:
        second.stop()

    task_result = DBTaskResult.objects.get(pk=result.id)
    assert len(task_result.worker_ids) == 2  # claimed by the killed worker, then by the new one
    assert task_result.return_value == 1
    assert Message.objects.filter(idempotency_key="crash-once").count() == 1
