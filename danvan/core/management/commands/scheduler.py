"""A small scheduler loop: enqueue each periodic task (settings.PERIODIC_TASKS and the apps' own) at its interval.

The tasks themselves are idempotent (they may run twice, or on two workers), so a restart that enqueues
a task early is harmless. For production, cron calling the matching management commands works as well.
"""

import time

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from danvan.core.periodic import periodic_tasks


class Command(BaseCommand):
    help = "Đưa các tác vụ định kỳ (quét đơn quá hạn, gửi lại thông báo…) vào hàng đợi theo chu kỳ."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every periodic task once, then exit.")

    def handle(self, *args, once=False, **options):
        schedule = [(import_string(path), seconds) for path, seconds in periodic_tasks()]
        next_run = [0.0] * len(schedule)
        while True:
            now = time.monotonic()
            for index, (task, seconds) in enumerate(schedule):
                if now >= next_run[index]:
                    task.enqueue()
                    next_run[index] = now + seconds
                    self.stdout.write(f"enqueued {task.name}")
            if once:
                return
            time.sleep(max(1.0, min(next_run) - time.monotonic()))
