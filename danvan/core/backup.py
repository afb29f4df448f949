"""Online backup and restore of the database and the uploaded files.

An archive (.tar.gz) holds the database (SQLite: the online-backup API, consistent while the app runs;
PostgreSQL: `pg_dump -Fc`), the uploads under MEDIA_ROOT, and a manifest: row counts per table,
SHA-256 of every upload, and the audit chain's head. `restore` puts both back and checks the result
against the manifest. The field-encryption keyring is deliberately NOT in the archive: a stolen backup
must not carry the key to the data it protects. Back the keyring up separately (README, Operations).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from danvan.core.errors import DomainError

FORMAT_VERSION = 1


class BackupError(DomainError):
    code = "backup_error"


@dataclass(frozen=True)
class Manifest:
    created_at: str
    vendor: str
    row_counts: dict[str, int]
    files: dict[str, str]
    audit_head: dict

    def to_json(self) -> bytes:
        return json.dumps({"format": FORMAT_VERSION, **self.__dict__}, ensure_ascii=False, indent=2).encode()


def database_manifest(using_connection=connection) -> tuple[dict[str, int], dict]:
    tables = sorted(using_connection.introspection.table_names())
    counts = {}
    with using_connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        head = {}
        if "core_auditchainhead" in tables:
            cursor.execute("SELECT last_seq, last_hash FROM core_auditchainhead WHERE id = 1")
            row = cursor.fetchone()
            head = {"seq": row[0], "hash": row[1]} if row else {}
    return counts, head


def media_checksums(root: Path) -> dict[str, str]:
    sums = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def _pg_env(settings_dict: dict) -> tuple[list[str], dict]:
    args = ["-h", settings_dict.get("HOST") or "localhost", "-U", settings_dict.get("USER") or "postgres"]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _dump_database(target: Path) -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        with destination:
            connection.connection.backup(destination)
        destination.close()
        return "database.sqlite3"
    if connection.vendor == "postgresql":
        args, env = _pg_env(connection.settings_dict)
        subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", *args, "-f", str(target), connection.settings_dict["NAME"]],
            check=True,
            env=env,
        )
        return "database.pgdump"
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")


def backup_create(destination_dir: Path) -> Path:
    destination_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    archive = destination_dir / f"danvan-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "db"
        name = _dump_database(dump)
        counts, head = database_manifest()
        manifest = Manifest(
            created_at=stamp,
            vendor=connection.vendor,
            row_counts=counts,
            files=media_checksums(media_root),
            audit_head=head,
        )
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(dump, arcname=name)
            if media_root.exists():
                tar.add(media_root, arcname="media")
            info = tarfile.TarInfo("manifest.json")
            data = manifest.to_json()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    os.chmod(archive, 0o600)
    return archive


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        if member.name.startswith(("/", "..")) or ".." in Path(member.name).parts or member.issym() or member.islnk():
            raise BackupError(f"Tệp sao lưu có đường dẫn không an toàn: {member.name}")
        members.append(member)
    return members


def backup_restore(archive: Path) -> Manifest:
    """Restore into the configured database (which must be empty of data) and MEDIA_ROOT, then verify."""
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(work, members=_safe_members(tar), filter="data")
        raw = json.loads((Path(work) / "manifest.json").read_text(encoding="utf-8"))
        raw.pop("format", None)
        manifest = Manifest(**raw)
        _restore_database(Path(work), manifest.vendor)
        media_root = Path(settings.MEDIA_ROOT)
        if (Path(work) / "media").exists():
            shutil.copytree(Path(work) / "media", media_root, dirs_exist_ok=True)
    backup_verify(manifest)
    return manifest


def _restore_database(work: Path, vendor: str) -> None:
    if vendor != connection.vendor:
        raise BackupError(f"Bản sao lưu của {vendor} không khôi phục được vào {connection.vendor}.")
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(work / "database.sqlite3")
        with source:
            source.backup(connection.connection)
        source.close()
        return
    args, env = _pg_env(connection.settings_dict)
    connection.close()
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            *args,
            "-d",
            connection.settings_dict["NAME"],
            str(work / "database.pgdump"),
        ],
        check=True,
        env=env,
    )


def backup_verify(manifest: Manifest) -> None:
    counts, head = database_manifest()
    wrong = {t: (n, counts.get(t)) for t, n in manifest.row_counts.items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"Số bản ghi sau khôi phục không khớp: {wrong}")
    if head != manifest.audit_head:
        raise BackupError("Đầu chuỗi nhật ký kiểm toán sau khôi phục không khớp bản sao lưu.")
    files = media_checksums(Path(settings.MEDIA_ROOT))
    missing = {name for name, digest in manifest.files.items() if files.get(name) != digest}
    if missing:
        raise BackupError(f"Tệp đính kèm thiếu hoặc sai sau khôi phục: {sorted(missing)[:5]}")
