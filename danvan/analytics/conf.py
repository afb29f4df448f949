"""Configuration of early warning. Override any key with ``DANVAN_ANALYTICS = {...}`` in settings; the
alert thresholds themselves are data (AlertRule, editable in Django admin)."""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # Escalation risk: factor → weight. The score is 100 × Σ weight·value / Σ weight, each value in [0, 1].
    "RISK_WEIGHTS": {
        "group_size": 2.0,
        "same_incident": 1.5,
        "repeats": 1.5,
        "overdue": 2.0,
        "prior_decision": 1.5,
        "denunciation_followup": 1.5,
        "tone": 1.0,
    },
    # Near duplicates: word shingles of the folded text, MinHash, Jaccard threshold, same commune, window.
    "SHINGLE_SIZE": 2,
    "NUM_PERM": 64,
    "DUPLICATE_THRESHOLD": 0.4,
    "DUPLICATE_WINDOW_DAYS": 30,
    # Rows per category used to train the baseline classifier when no trained version exists (None: all).
    "TRAIN_LIMIT": None,
    # Where trained classifier files go (default VAR_DIR/analytics).
    "MODEL_DIR": None,
    # How far back the sweep recomputes insights and hotspots.
    "SWEEP_DAYS": 60,
    "SWEEP_WEEKS": 2,
}


def conf(name: str):
    return getattr(settings, "DANVAN_ANALYTICS", {}).get(name, DEFAULTS[name])
