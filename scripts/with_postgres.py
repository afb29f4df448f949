#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster, then remove the cluster.

    python scripts/with_postgres.py -- pytest -q

Uses the server binaries of Debian's `postgresql` package. The cluster listens only on a Unix socket in
a temporary directory, with durability switched off (it lives for one test run). DATABASE_URL is set
for the command. When the binaries are missing, this is a failure under CI=true and a skip otherwise.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

PORT = "55432"


def find_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    for candidate in reversed(candidates):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def as_owner(args: list[str], owner: str | None) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the `postgres` user instead."""
    return ["runuser", "-u", owner, "--", *args] if owner else args


def main() -> int:
    if "--" not in sys.argv:
        print(__doc__, file=sys.stderr)
        return 2
    command = sys.argv[sys.argv.index("--") + 1 :]
    bindir = find_bindir()
    if bindir is None:
        message = "PostgreSQL server binaries not found (apt-get install postgresql)."
        if os.environ.get("CI") == "true":
            print(f"FAIL: {message}", file=sys.stderr)
            return 1
        print(f"SKIP: {message} PostgreSQL tests not run.", file=sys.stderr)
        return 0

    owner = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
            owner = "postgres"
        except KeyError:
            print("FAIL: running as root but there is no `postgres` user to own the cluster.", file=sys.stderr)
            return 1
    workdir = Path(tempfile.mkdtemp(prefix="danvan-pg-"))
    data, sockets = workdir / "data", workdir / "sock"
    sockets.mkdir()
    if owner:
        shutil.chown(workdir, owner)
        shutil.chown(sockets, owner)
    log = workdir / "server.log"
    try:
        subprocess.run(
            as_owner(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ],
                owner,
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-k {sockets} -p {PORT} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=50"
        )
        subprocess.run(
            as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"], owner),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@{quote(str(sockets), safe='')}:{PORT}/danvan")
        subprocess.run(
            as_owner([str(bindir / "createdb"), "-h", str(sockets), "-p", PORT, "-U", "postgres", "danvan"], owner),
            check=True,
        )
        print(f"PostgreSQL {bindir.parent.name} test cluster ready at {sockets}", file=sys.stderr)
        return subprocess.run(command, env=env).returncode
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], owner),
                stdout=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
