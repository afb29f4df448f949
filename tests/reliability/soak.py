"""Figures of the heavy runs (`make soak`), collected for scripts/soak_report.py, which writes
docs/reliability.md. Written only when DANVAN_SOAK_DIR is set, so `make test` leaves no files behind."""

from __future__ import annotations

import json
import os
from pathlib import Path


def record_soak_figures(name: str, figures: dict) -> None:
    directory = os.environ.get("DANVAN_SOAK_DIR")
    if not directory:
        return
    path = Path(directory) / f"{name}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=2))
