"""Hotspot test, pure: is this week's count of one category in one commune unusually high for *that*
commune? Baseline λ = mean of the previous ``baseline_weeks`` weekly counts, never below ``floor`` (a quiet
commune is not infinitely sensitive). The week is a hotspot when count ≥ ``min_count`` and the score
−log10 P(X ≥ count | Poisson λ) + ``signal_weight`` × angry/high-severity signals reaches −log10 p.
Without signals this is exactly the Poisson exceedance test p < threshold."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta


def week_start(day: date) -> date:
    """Monday of the ISO week."""
    return day - timedelta(days=day.weekday())


def poisson_sf(count: int, lam: float) -> float:
    """P(X ≥ count) for X ~ Poisson(lam)."""
    if count <= 0:
        return 1.0
    term = math.exp(-lam)
    cumulative = term
    for i in range(1, count):
        term *= lam / i
        cumulative += term
    return max(0.0, 1.0 - cumulative)


@dataclass(frozen=True)
class Verdict:
    count: int
    baseline: float
    p_value: float
    signals: int
    score: float
    is_hotspot: bool


def evaluate(
    count: int,
    history: list[int],
    *,
    min_count: int = 3,
    p_value: float = 0.01,
    floor: float = 0.5,
    signals: int = 0,
    signal_weight: float = 0.5,
) -> Verdict:
    baseline = max(sum(history) / len(history) if history else 0.0, floor)
    p = poisson_sf(count, baseline)
    score = -math.log10(max(p, 1e-12)) + signal_weight * signals
    is_hotspot = count >= min_count and score >= -math.log10(p_value) - 1e-9
    return Verdict(count, round(baseline, 3), p, signals, round(score, 3), is_hotspot)
