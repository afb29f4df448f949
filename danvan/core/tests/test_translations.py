"""The English translation is complete: every message of the interface has an English text, none fuzzy, and
placeholders match (msgfmt --check-format). A new Vietnamese string without its English fails here: run
`make messages` and translate."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[3] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_its_english_text():
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("msgfmt is missing: apt-get install gettext")
        pytest.skip("msgfmt (gettext) is not installed")
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", os.devnull, str(PO)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )

    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
