"""Real processes for the reliability tests: the production web server and the task worker, started on
loopback against the test database and killed with SIGKILL, as a power cut or the OOM killer would."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DANVAN = str(Path(sys.executable).with_name("danvan"))


def database_url() -> str:
    """The URL of the database this test process uses (the test database, not the configured one)."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def server_env(**extra: str) -> dict[str, str]:
    env = {
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
    env.update(extra)
    return env


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """A child in its own process group, so SIGKILL takes the master and all its workers at once."""

    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.argv, self.env, self.log = argv, env, log
        self.popen: subprocess.Popen | None = None

    def start(self) -> Process:
        handle = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.argv, env=self.env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()
        return self

    def kill(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class WebServer(Process):
    def __init__(self, log: Path, workers: int = 2, port: int | None = None, **env: str) -> None:
        self.port = port or free_port()
        super().__init__(
            [DANVAN, "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "--threads", "2"],
            server_env(**env),
            log,
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen is not None and self.popen.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.1)
        raise TimeoutError(f"server not ready: {self.log.read_text(errors='replace')[-3000:]}")


class Worker(Process):
    def __init__(self, log: Path, **env: str) -> None:
        super().__init__([DANVAN, "worker", "--interval", "0.2"], server_env(**env), log)
