"""Background-task durability: a task whose worker died (SIGKILL, power cut, OOM) runs again.

django-tasks-db marks a task RUNNING when a worker claims it and has no lease, so a killed worker's task
would stay RUNNING forever. ``danvan worker`` starts by handing such tasks back to the queue: those claimed
by a worker process of this host that no longer exists, and those of any host running for longer than the
lease. Every Danvan task is written to be idempotent (notification keys, locked state checks), so running
one twice does its work once.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

WORKER_ID_SEPARATOR = ":"


def worker_id_for_this_process(suffix: str = "") -> str:
    """``host:pid[:suffix]`` (≤ 64 characters), so a later worker can tell whether its owner is alive."""
    host = socket.gethostname()[:40]
    return WORKER_ID_SEPARATOR.join(part for part in (host, str(os.getpid()), suffix[:12]) if part)


def _owner_is_gone(worker_id: str, host: str) -> bool:
    parts = worker_id.split(WORKER_ID_SEPARATOR)
    if len(parts) < 2 or parts[0] != host or not parts[1].isdigit():
        return False
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@transaction.atomic
def requeue_abandoned_tasks(*, lease_seconds: int, now: datetime | None = None) -> int:
    """Put back to READY every RUNNING task whose worker is gone or whose lease has expired."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    host = socket.gethostname()[:40]
    expired_before = now - timedelta(seconds=lease_seconds)
    requeued = 0
    for result in DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING):
        owner = result.worker_ids[-1] if result.worker_ids else ""
        if _owner_is_gone(owner, host) or (result.started_at and result.started_at < expired_before):
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            requeued += 1
    return requeued
