"""The task worker: requeue tasks abandoned by a dead worker, then run django-tasks-db's worker."""

from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from danvan.core.worker import requeue_abandoned_tasks, worker_id_for_this_process


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý tác vụ nền (gửi thông báo, quét đơn quá hạn…); chạy lại tác vụ bị gián đoạn."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls of the queue.")
        parser.add_argument(
            "--lease",
            type=int,
            default=int(os.environ.get("DANVAN_TASK_LEASE_SECONDS", 1800)),
            help="A task RUNNING for longer than this (seconds) is considered abandoned.",
        )
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, interval, lease, batch, **options):
        requeued = requeue_abandoned_tasks(lease_seconds=lease)
        if requeued:
            self.stdout.write(f"requeued {requeued} abandoned task(s)")
        argv = ["--interval", str(interval), "--no-reload", "--no-startup-delay"]
        argv += ["--worker-id", worker_id_for_this_process(get_random_string(8))]
        call_command("db_worker", *argv, *(["--batch"] if batch else []))
