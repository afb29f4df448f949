"""The satisfaction index, computed purely from answer counts (no database access here).

Default method (DOMAIN.md §4, usual BNV practice, unconfirmed [U]): on a 5-point Likert scale an element's
index is the share of "satisfied" (4) and "very satisfied" (5) answers among its Likert answers, and the
overall index is the mean of the element indices. Which levels count as satisfied, which aspects count and
the weight of each element come from ``Method`` (the ``IndexMethod`` row), never from constants here.

Uncertainty is shown as the Wilson score interval at 95 %. For an element, ``n`` is its number of Likert
answers. The overall index is a (weighted) mean of element shares, which is not a simple proportion; its
interval is the Wilson interval of that index with ``n`` = the number of respondents who gave at least one
counted answer (answers of one person are not independent, so counting answers would overstate precision).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson_interval(successes: float, n: float, z: float = Z_95) -> Interval | None:
    """Wilson score interval for a proportion (as fractions 0–1); None when there is no observation."""
    if n <= 0:
        return None
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = (z / (1 + z2 / n)) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Method:
    satisfied_from: int = 4
    aspects: tuple[str, ...] = ()  # empty: every aspect (and untagged Likert questions of an element)
    weights: Mapping[str, float] = field(default_factory=dict)  # empty or missing element: weight 1
    min_sample: int = 30

    def counts(self, aspect: str) -> bool:
        return not self.aspects or aspect in self.aspects

    def weight(self, element: str) -> float:
        return float(self.weights.get(element, 1.0))


@dataclass(frozen=True)
class ElementScore:
    element: str
    answers: int
    satisfied: int
    interval: Interval | None

    @property
    def index(self) -> float | None:
        return self.satisfied / self.answers if self.answers else None


@dataclass(frozen=True)
class IndexResult:
    elements: list[ElementScore]
    respondents: int
    index: float | None
    interval: Interval | None
    answers: int  # Likert answers counted (the indicator's denominator)
    satisfied: int  # of which satisfied (the indicator's numerator)


@dataclass(frozen=True)
class LikertCount:
    """How many answers with ``value`` were given to questions of ``element``/``aspect``."""

    element: str
    aspect: str
    value: int
    count: int


def compute_index(
    counts: Iterable[LikertCount], *, respondents: int, method: Method, element_order: Iterable[str]
) -> IndexResult:
    totals: dict[str, list[int]] = {}
    for row in counts:
        if not row.element or not method.counts(row.aspect):
            continue
        pair = totals.setdefault(row.element, [0, 0])
        pair[0] += row.count
        if row.value >= method.satisfied_from:
            pair[1] += row.count
    elements = []
    for element in element_order:
        answers, satisfied = totals.get(element, (0, 0))
        elements.append(ElementScore(element, answers, satisfied, wilson_interval(satisfied, answers)))
    weighted = [(method.weight(e.element), e.index) for e in elements if e.index is not None]
    total_weight = sum(weight for weight, _ in weighted)
    index = sum(weight * value for weight, value in weighted) / total_weight if total_weight else None
    interval = wilson_interval(index * respondents, respondents) if index is not None and respondents else None
    return IndexResult(
        elements=elements,
        respondents=respondents,
        index=index,
        interval=interval,
        answers=sum(e.answers for e in elements),
        satisfied=sum(e.satisfied for e in elements),
    )
