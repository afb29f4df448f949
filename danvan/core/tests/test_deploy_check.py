import os
import subprocess
import sys
from pathlib import Path


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "DANVAN_DEBUG": "0",
        "DANVAN_SECRET_KEY": "x" * 20 + "production-secret-key-0123456789-abcdefghij",
        "DANVAN_ALLOWED_HOSTS": "danvan.example.gov.vn",
        "DANVAN_SSL_REDIRECT": "1",
        "DANVAN_HSTS_SECONDS": "31536000",
        "DANVAN_SECURE_COOKIES": "1",
        "DANVAN_STATIC_MANIFEST": "1",
        "DANVAN_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # a test-only switch, never in a deployment
    result = subprocess.run(
        [sys.executable, "-m", "danvan.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode == 0, result.stdout + result.stderr
