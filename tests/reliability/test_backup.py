"""A populated database backs up, restores into an empty one elsewhere, and matches: row counts,
attachment checksums, the audit chain's head; audit-verify passes on the copy."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _populate(tmp_path, settings):
    from danvan.cases.deadlines import seed_legal_data
    from danvan.cases.models import Category
    from danvan.cases.services import PersonInput, Submission, attachment_add, case_submit
    from danvan.territory.models import AdministrativeUnit
    from danvan.territory.services import unit_fill_derived

    settings.MEDIA_ROOT = tmp_path / "media"
    seed_legal_data()
    province = unit_fill_derived(
        AdministrativeUnit(code="92", name="Thành phố Cần Thơ", kind="thanh_pho_tw", level=1, valid_from="2025-07-01")
    )
    province.save()
    commune = unit_fill_derived(
        AdministrativeUnit(
            code="31135", name="Phường Ninh Kiều", kind="phuong", level=3, parent=province, valid_from="2025-07-01"
        )
    )
    commune.save()
    case = case_submit(
        data=Submission(
            kind="to_cao",
            channel="portal",
            category=Category.objects.first(),
            subject="Tố cáo",
            body="Nội dung",
            submitted_unit=commune,
            persons=[PersonInput(full_name="Phạm Thị Bảo Mật")],
        )
    ).case
    attachment_add(case=case, uploaded_file=SimpleUploadedFile("don.pdf", b"%PDF-1.4 test\n" * 10))
    return case


@pytest.mark.django_db(transaction=True)  # other processes (pg_dump, the restore) must see committed rows
def test_backup_restores_elsewhere_and_matches(tmp_path, settings, field_keyring):
    _populate(tmp_path, settings)
    call_command("backup", "--to", str(tmp_path / "backups"))
    archive = next((tmp_path / "backups").glob("danvan-*.tar.gz"))
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    env = {
        **os.environ,
        "DANVAN_MEDIA_ROOT": str(tmp_path / "restored-media"),
        "DANVAN_FIELD_KEYRING_FILE": str(field_keyring),
        "DANVAN_VAR_DIR": str(tmp_path / "var"),
    }
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    else:
        target = f"restore_{os.getpid()}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{target}"')
        params = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{params['USER']}@{params['HOST'].replace('/', '%2F')}:{params['PORT']}/{target}"
        )

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "danvan.manage", *args], env=env, cwd=ROOT, capture_output=True, text=True
        )

    if connection.vendor == "sqlite":
        # SQLite restores into an empty file; PostgreSQL's dump recreates the schema itself.
        assert run("migrate", "-v", "0").returncode == 0
        assert run("flush", "--no-input").returncode == 0
    restored = run("restore", str(archive))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    verified = run("audit-verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert len(list((tmp_path / "restored-media").rglob("*"))) >= 1
    check = run("shell", "-c", "from danvan.cases.models import Person; print(Person.objects.get().full_name)")
    assert check.stdout.strip().endswith("Phạm Thị Bảo Mật")


def test_archive_with_path_traversal_is_refused(tmp_path):
    import tarfile

    from danvan.core.backup import BackupError, backup_restore

    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("../../etc/passwd")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"root"))
    with pytest.raises(BackupError, match="không an toàn"):
        backup_restore(evil)
