"""The indicator registry: every figure Danvan reports, evaluates or charts, defined once by the app
that owns the data.

Each app declares its indicators in its own ``indicators.py`` and registers them; reporting (periods,
rollups, reports, dashboards), evaluations (automatic scores) and the dashboard all read them from here, so
"cases answered on time" means the same thing in a report, a score and a chart. Core holds only the
vocabulary, so any app can contribute without importing the apps above it.

An indicator computes a ``Value`` for a ``Scope`` (unit subtrees and an inclusive date range). Values of
the same indicator add up across units: sums add, rates add numerators and denominators (never averaged
percentages), means add totals and counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class Aggregation(models.TextChoices):
    SUM = "sum", _("Tổng số")
    RATE = "rate", _("Tỷ lệ (tử số / mẫu số)")
    MEAN = "mean", _("Trung bình")
    LATEST = "latest", _("Giá trị mới nhất")


@dataclass(frozen=True)
class Scope:
    """Where and when: the unit subtrees counted (materialised paths such as "/92/31135/"; "/" is the whole
    country) and an inclusive date range. Reporting adds the paths of a unit's predecessors, so a 2024
    figure of a merged province counts inside its successor."""

    unit_paths: tuple[str, ...]
    start: date
    end: date

    def q(self, field_name: str = "unit_path") -> Q:
        """Rows whose ``field_name`` lies in one of the subtrees."""
        condition = Q(pk__in=[])
        for path in self.unit_paths:
            condition |= Q(**{f"{field_name}__under": path})
        return condition

    def dates(self, field_name: str) -> Q:
        """Rows whose date (or datetime, compared by its date) ``field_name`` lies in the range."""
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lte": self.end})


@dataclass(frozen=True)
class Value:
    """SUM: ``numerator`` is the total. RATE: numerator / denominator. MEAN: sum of values / count.
    LATEST: ``numerator`` is the value (summed across units)."""

    numerator: float = 0
    denominator: float | None = None

    def __add__(self, other: Value) -> Value:
        if self.denominator is None and other.denominator is None:
            return Value(self.numerator + other.numerator)
        return Value(self.numerator + other.numerator, (self.denominator or 0) + (other.denominator or 0))

    def result(self, aggregation: str) -> float | None:
        """The figure shown: a percentage for rates, the mean for means, the total otherwise; None when a
        rate or mean has nothing to divide by (shown as "—", never as 0)."""
        if aggregation == Aggregation.RATE:
            return 100.0 * self.numerator / self.denominator if self.denominator else None
        if aggregation == Aggregation.MEAN:
            return self.numerator / self.denominator if self.denominator else None
        return self.numerator


@dataclass(frozen=True)
class Indicator:
    code: str  # "<app>.<name>", stable: stored in plans, reports and evaluation criteria
    name: str  # Vietnamese (lazy translation)
    name_en: str
    unit_of_measure: str  # "đơn", "%", "buổi", "điểm"…
    aggregation: str  # an Aggregation value
    compute: Callable[[Scope], Value] = field(compare=False)
    higher_is_better: bool = True
    description: str = ""
    # The smallest denominator (rates, means) before units are compared or ranked on this indicator.
    min_sample: int = 0

    def value(self, scope: Scope) -> Value:
        return self.compute(scope)


_REGISTRY: dict[str, Indicator] = {}


def register(*indicators: Indicator) -> None:
    for item in indicators:
        existing = _REGISTRY.get(item.code)
        if existing is not None and existing.compute is not item.compute:
            raise ValueError(f"Indicator {item.code} is registered twice")
        _REGISTRY[item.code] = item


def autodiscover() -> None:
    """Import every installed app's ``indicators`` module (called once when apps are ready)."""
    autodiscover_modules("indicators")


def all_indicators() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda item: item.code)


def indicator(code: str) -> Indicator:
    """The indicator with this code; KeyError for an unknown code."""
    return _REGISTRY[code]


def indicators_of(prefix: str) -> Iterable[Indicator]:
    return [item for item in all_indicators() if item.code.startswith(f"{prefix}.")]
