"""Real server processes for benchmarks, load runs and the reliability tests: the production web server
(`danvan serve`, gunicorn) and the task worker (`danvan worker`), each in its own process group so that
SIGKILL takes a master and all its workers at once, as a power cut or the OOM killer would."""

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

ROOT = Path(__file__).resolve().parents[1]
DANVAN = str(Path(sys.executable).with_name("danvan"))


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.argv, self.env, self.log = argv, env, log
        self.popen: subprocess.Popen | None = None

    def start(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as handle:
            self.popen = subprocess.Popen(
                self.argv, env=self.env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def kill(self) -> None:
        """SIGKILL the whole process group: no clean-up, no flushing, no goodbye."""
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
    """`danvan serve` on loopback. ``port`` keeps the address across a restart."""

    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 2, threads: int = 2, port: int = 0):
        self.port = port or free_port()
        argv = [DANVAN, "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
        super().__init__([*argv, "--threads", str(threads)], env, log)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen is not None and self.popen.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text(errors='replace')[-3000:]}")
            with (
                contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError, OSError),
                urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.1)
        raise TimeoutError(f"server not ready: {self.log.read_text(errors='replace')[-3000:]}")


class Worker(Process):
    def __init__(self, env: dict[str, str], log: Path) -> None:
        super().__init__([DANVAN, "worker", "--interval", "0.2"], env, log)


def default_workers() -> int:
    """gunicorn's rule of thumb: two per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1
