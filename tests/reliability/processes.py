"""The production server and the task worker (bench/processes.py), pointed at this test's database."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

from bench.processes import ROOT
from bench.processes import WebServer as _WebServer
from bench.processes import Worker as _Worker


def database_url() -> str:
    """The URL of the database this test process uses (the test database, not the configured one)."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DANVAN_DEBUG": "0",
        "DANVAN_SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url(),
        "DANVAN_FIELD_KEYRING_FILE": str(settings.FIELD_ENCRYPTION_KEYRING),
        "DANVAN_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DANVAN_SECURE_COOKIES": "0",
        "DANVAN_STATIC_MANIFEST": "0",
        "DANVAN_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "DANVAN_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def web_server(log: Path, port: int = 0) -> _WebServer:
    return _WebServer(server_env(), log, port=port)


def worker(log: Path) -> _Worker:
    return _Worker(server_env(), log)
