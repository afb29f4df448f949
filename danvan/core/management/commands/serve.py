"""The production web server: gunicorn serving Danvan's WSGI application.

    danvan serve                       # 127.0.0.1:8000, workers = 2 × cores + 1
    danvan serve --bind 0.0.0.0:8000 --workers 4

Settings come from the environment as usual (DANVAN_DEBUG=0, DANVAN_SECRET_KEY, DATABASE_URL…). The
process is replaced by gunicorn (exec), so signals reach gunicorn directly under a process supervisor.
"""

from __future__ import annotations

import os
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


class Command(BaseCommand):
    help = "Chạy máy chủ web cho môi trường vận hành (gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DANVAN_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("DANVAN_WEB_WORKERS", 0)) or None)
        parser.add_argument("--threads", type=int, default=int(os.environ.get("DANVAN_WEB_THREADS", 1)))
        parser.add_argument("--timeout", type=int, default=int(os.environ.get("DANVAN_WEB_TIMEOUT", 60)))

    def handle(self, *args, bind, workers, threads, timeout, **options):
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("Không tìm thấy gunicorn: cài đặt lại Danvan (pip install -e .).")
        argv = [
            gunicorn,
            "danvan.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers or default_workers()),
            "--threads",
            str(threads),
            "--timeout",
            str(timeout),
            "--no-control-socket",
            "--graceful-timeout",
            "20",
            "--access-logfile",
            "-",
            "--access-logformat",
            'request method=%(m)s path="%(U)s" status=%(s)s ms=%(M)s',
        ]
        sys.stdout.flush()
        os.execv(gunicorn, argv)
