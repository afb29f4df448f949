"""Scores, bands and ranks, computed purely (no database access here).

Rankings never use raw counts: a unit's score is normalised to a percentage of the maximum points that
apply to it (criteria marked not applicable, and automatic criteria without the minimum sample, are left
out of both the points and the maximum). A unit whose automatic criteria lack the minimum sample is shown
with its score but not ranked, with the reason, so that a unit is never ranked on a handful of cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class LeafScore:
    code: str
    max_points: Decimal
    points: Decimal | None  # None: not scored (counts as 0 when applicable)
    applicable: bool = True
    short_sample: str = ""  # why an automatic criterion could not be scored (then not applicable)


@dataclass(frozen=True)
class Total:
    points: Decimal
    max_applicable: Decimal
    percent: Decimal | None
    short_samples: tuple[str, ...]


def quantize(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def auto_points(max_points: Decimal, numerator: float, denominator: float, *, higher_is_better: bool = True) -> Decimal:
    """Points of an automatic criterion: max × rate (or × (1 − rate) when lower is better)."""
    rate = Decimal(str(numerator)) / Decimal(str(denominator))
    rate = min(max(rate, Decimal(0)), Decimal(1))
    if not higher_is_better:
        rate = 1 - rate
    return quantize(max_points * rate)


def total(leaves: Iterable[LeafScore]) -> Total:
    points = Decimal(0)
    maximum = Decimal(0)
    short = []
    for leaf in leaves:
        if leaf.short_sample:
            short.append(leaf.short_sample)
            continue
        if not leaf.applicable:
            continue
        maximum += leaf.max_points
        points += min(leaf.points or Decimal(0), leaf.max_points)
    percent = quantize(100 * points / maximum) if maximum else None
    return Total(quantize(points), quantize(maximum), percent, tuple(short))


def band_for(percent: Decimal | None, bands: Sequence[dict]) -> str:
    """The first band (highest threshold first) whose minimum the percentage reaches."""
    if percent is None:
        return ""
    for band in sorted(bands, key=lambda item: -float(item["min"])):
        if percent >= Decimal(str(band["min"])):
            return str(band["label"])
    return ""


def competition_ranks(scores: Sequence[tuple[object, Decimal]]) -> dict[object, int]:
    """Standard competition ranking ("1, 2, 2, 4"), best score first."""
    ordered = sorted(scores, key=lambda item: -item[1])
    ranks: dict[object, int] = {}
    previous, rank = None, 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def validate_bands(bands: Sequence[dict]) -> list[dict]:
    """Bands as [{"label", "min"}], thresholds 0–100, distinct, one of them 0 (every score gets a band)."""
    clean = []
    for band in bands:
        label = str(band.get("label", "")).strip()
        minimum = float(band.get("min"))
        if not label or not 0 <= minimum <= 100:
            raise ValueError("band")
        clean.append({"label": label, "min": minimum})
    thresholds = [band["min"] for band in clean]
    if not clean or len(set(thresholds)) != len(thresholds) or 0 not in thresholds:
        raise ValueError("band")
    return sorted(clean, key=lambda band: -band["min"])
