"""A task for the worker-crash test: does its (idempotent) work, then holds while a file exists, so the
test can kill the worker while the task is RUNNING."""

import time
from pathlib import Path

from django_tasks import task


@task()
def record_then_hold(key: str, hold_file: str) -> int:
    from danvan.notifications.models import Message
    from danvan.notifications.services import message_enqueue

    message_enqueue(key=key, channel=Message.Channel.EMAIL, subject="Thử", body="Thử", address="thu@example.vn")
    deadline = time.monotonic() + 60
    while Path(hold_file).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return Message.objects.filter(idempotency_key=key).count()
