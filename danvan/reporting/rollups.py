"""Incremental rollups of cases, kept in the same transaction as every case change.

``on_case_event`` (connected to ``cases.signals.case_event_recorded`` in ReportingConfig.ready) computes
the key a case should be counted under, compares it with the key stored for that case (CaseTally) and,
if it changed, moves one count from the old row to the new one. ``rollup_verify`` recounts from the case
table and lists every difference; ``rollup_rebuild`` recomputes everything.

Each fine key also counts in the coarse ``HalfMonthRollup`` (province and commune subtrees × half-month),
derived from it by ``half_month_keys``. The cases indicators read these rows (installed with
``install_sources``): the coarse ones when the date range is made of whole half-months (months and the
15th-to-14th reporting periods), the fine ones otherwise. National and provincial figures then cost an
aggregate over a few thousand rows instead of a scan of millions of cases.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum

from danvan.cases import indicators as case_indicators
from danvan.cases.models import Case
from danvan.cases.services import GROUP_THRESHOLD
from danvan.cases.workflow import Kind, Status
from danvan.core.clock import local_date
from danvan.core.indicators import Scope, Value
from danvan.reporting.models import (
    CASE_ROLLUP_KEY,
    HALF_MONTH_KEY,
    NOT_FINISHED,
    CaseRollup,
    CaseTally,
    HalfMonthRollup,
)
from danvan.territory.models import path_ancestors
from danvan.territory.services import HISTORICAL_ROOT

Measure = HalfMonthRollup.Measure


def case_key(case: Case, category_code: str | None = None) -> dict:
    """The rollup row a case belongs to, as JSON-friendly values (dates as ISO strings)."""
    finished_at = case.answered_at or case.closed_at
    finished = case.status in (Status.ANSWERED, Status.CLOSED)
    return {
        "unit_path": case.unit_path,
        "received_on": local_date(case.received_at).isoformat(),
        "finished_on": (local_date(finished_at) if finished_at else NOT_FINISHED).isoformat(),
        "kind": case.kind,
        "category": category_code if category_code is not None else case.category.code,
        "status": case.status,
        "on_time": bool(finished and case.overdue_since is None),
        "is_group": case.group_size >= GROUP_THRESHOLD,
        "satisfaction": int(case.satisfaction or 0),
    }


def half_month(day: date) -> date:
    """The half-month ``day`` falls in, by its first day: the 1st (days 1–14) or the 15th."""
    return day.replace(day=1 if day.day < 15 else 15)


def is_whole_half_months(start: date, end: date) -> bool:
    return start <= end and start.day in (1, 15) and (end + timedelta(days=1)).day in (1, 15)


PROVINCES, COMMUNES = 1, 2  # the two levels of the coarse rows


def _parts(path: str) -> list[str]:
    return [part for part in path.split("/") if part]


def _level_depths(path: str) -> tuple[int, int]:
    """How many path segments reach the province and the commune. The pre-2025 units sit under their own
    root and had districts between the two: '/pre2025/74/718/25888/'."""
    return (2, 4) if path.startswith(HISTORICAL_ROOT) else (1, 2)


def cut_path(path: str, level: int) -> str:
    """A path cut at its province (level 1) or commune (level 2): '/92/31117/7/' → '/92/' or '/92/31117/'.
    A path already shorter is kept whole."""
    parts = _parts(path)[: _level_depths(path)[level - 1]]
    return "/" + "".join(f"{part}/" for part in parts)


def level_needed(path: str) -> int | None:
    """The coarse level whose rows tell apart the subtree at ``path`` (None: below a commune)."""
    depth = len(_parts(path))
    province, commune = _level_depths(path)
    return PROVINCES if depth <= province else COMMUNES if depth <= commune else None


def half_month_keys(key: dict) -> list[dict]:
    """The coarse rows a case with fine ``key`` counts in: received, and finished once it has finished, each
    at both levels. A split letter counts nowhere (its parts do), as in the fine figures."""
    if key["status"] == Status.SPLIT:
        return []
    finished_on = date.fromisoformat(key["finished_on"])
    rows = []
    for level in (PROVINCES, COMMUNES):
        path = cut_path(key["unit_path"], level)
        received = half_month(date.fromisoformat(key["received_on"])).isoformat()
        rows.append(_coarse(level, path, Measure.RECEIVED, received, kind=key["kind"], is_group=key["is_group"]))
        if finished_on != NOT_FINISHED:
            rows.append(
                _coarse(
                    level,
                    path,
                    Measure.FINISHED,
                    half_month(finished_on).isoformat(),
                    status=key["status"],
                    on_time=key["on_time"],
                    satisfaction=key["satisfaction"],
                )
            )
    return rows


def _coarse(level, path, measure, day, *, kind="", is_group=False, status="", on_time=False, satisfaction=0):
    values = (level, path, str(measure), day, kind, is_group, status, on_time, satisfaction)
    return dict(zip(HALF_MONTH_KEY, values, strict=True))


def _add(model, key: dict, delta: int) -> None:
    updated = model.objects.filter(**key).update(count=F("count") + delta)
    if updated:
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, count=delta)
    except IntegrityError:  # created meanwhile by a concurrent transaction
        model.objects.filter(**key).update(count=F("count") + delta)


def _move(model, fields: tuple[str, ...], old: list[dict], new: list[dict]) -> None:
    """Take one count from each old key and give one to each new key, skipping keys in both. In key order,
    so that concurrent transactions lock rows in the same order and cannot deadlock each other."""
    changes: Counter = Counter()
    for key in old:
        changes[tuple(key[name] for name in fields)] -= 1
    for key in new:
        changes[tuple(key[name] for name in fields)] += 1
    for values, delta in sorted(changes.items(), key=lambda item: tuple(str(v) for v in item[0])):
        if delta:
            _add(model, dict(zip(fields, values, strict=True)), delta)


def case_tally(case: Case) -> bool:
    """Count ``case`` under its current key; True if a count moved. Call inside the change's transaction."""
    new_key = case_key(case)
    tally = CaseTally.objects.select_for_update().filter(case_id=case.pk).first()
    if tally is not None and tally.key == new_key:
        return False
    old_key = tally.key if tally is not None else None
    if tally is not None:
        tally.key = new_key
        tally.save(update_fields=["key"])
    else:
        CaseTally.objects.create(case_id=case.pk, key=new_key)
    _move(CaseRollup, CASE_ROLLUP_KEY, [old_key] if old_key else [], [new_key])
    _move(HalfMonthRollup, HALF_MONTH_KEY, half_month_keys(old_key) if old_key else [], half_month_keys(new_key))
    return True


def on_case_event(sender, case, event, **kwargs) -> None:
    case_tally(case)


# --- Verification and rebuild ---------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    key: tuple
    expected: int
    stored: int
    fields: tuple[str, ...] = CASE_ROLLUP_KEY

    def __str__(self) -> str:
        fields = ", ".join(f"{name}={value}" for name, value in zip(self.fields, self.key, strict=True))
        return f"{fields}: đếm lại {self.expected}, bảng tổng hợp {self.stored}"


def _recount() -> tuple[Counter, dict[int, dict]]:
    counts: Counter = Counter()
    keys: dict[int, dict] = {}
    queryset = Case.objects.select_related(None).only(
        "pk",
        "unit_path",
        "received_at",
        "answered_at",
        "closed_at",
        "kind",
        "category__code",
        "status",
        "overdue_since",
        "group_size",
        "satisfaction",
    )
    for case in queryset.select_related("category").iterator(chunk_size=2000):
        key = case_key(case)
        keys[case.pk] = key
        counts[tuple(key[name] for name in CASE_ROLLUP_KEY)] += 1
    return counts, keys


def _half_month_counts(fine: Counter) -> Counter:
    coarse: Counter = Counter()
    for values, count in fine.items():
        for key in half_month_keys(dict(zip(CASE_ROLLUP_KEY, values, strict=True))):
            coarse[tuple(key[name] for name in HALF_MONTH_KEY)] += count
    return coarse


def _stored(model, fields: tuple[str, ...]) -> Counter:
    stored: Counter = Counter()
    for row in model.objects.exclude(count=0).values_list(*fields, "count").iterator(chunk_size=5000):
        *key, count = row
        stored[tuple(value.isoformat() if isinstance(value, date) else value for value in key)] += count
    return stored


def _differences(expected: Counter, stored: Counter, fields: tuple[str, ...]) -> list[Difference]:
    return [
        Difference(key, expected.get(key, 0), stored.get(key, 0), fields)
        for key in sorted(set(expected) | set(stored), key=lambda k: tuple(str(v) for v in k))
        if expected.get(key, 0) != stored.get(key, 0)
    ]


def rollup_verify() -> list[Difference]:
    """Every key where a rollup table differs from a recount of the case table (empty: all equal)."""
    expected, _keys = _recount()
    return _differences(expected, _stored(CaseRollup, CASE_ROLLUP_KEY), CASE_ROLLUP_KEY) + _differences(
        _half_month_counts(expected), _stored(HalfMonthRollup, HALF_MONTH_KEY), HALF_MONTH_KEY
    )


@transaction.atomic
def rollup_rebuild() -> int:
    """Recompute both rollups and every case's tally from the case table; returns the number of fine rows."""
    counts, keys = _recount()
    CaseRollup.objects.all().delete()
    HalfMonthRollup.objects.all().delete()
    CaseTally.objects.all().delete()
    CaseRollup.objects.bulk_create(
        [CaseRollup(**dict(zip(CASE_ROLLUP_KEY, key, strict=True)), count=count) for key, count in counts.items()],
        batch_size=2000,
    )
    HalfMonthRollup.objects.bulk_create(
        [
            HalfMonthRollup(**dict(zip(HALF_MONTH_KEY, key, strict=True)), count=count)
            for key, count in _half_month_counts(counts).items()
        ],
        batch_size=2000,
    )
    CaseTally.objects.bulk_create([CaseTally(case_id=pk, key=key) for pk, key in keys.items()], batch_size=2000)
    return len(counts)


# --- The cases indicators from the rollups ---------------------------------------------------------


def _half_month_level(scope: Scope, grouped_by: tuple[str, ...] = ()) -> int | None:
    """The coarse level that answers ``scope`` exactly (and, grouped, tells apart the units at
    ``grouped_by``), or None: the dates cut half-months, or a path lies below a commune."""
    if not is_whole_half_months(scope.start, scope.end):
        return None
    levels = [level_needed(path) for path in (*scope.unit_paths, *grouped_by)]
    return None if None in levels else max(levels, default=PROVINCES)


def _counted(scope: Scope, measure: str, grouped_by: tuple[str, ...] = ()):
    """Rows counting the cases received (or finished) in the scope, from the coarsest table that is exact.
    Both tables name their columns alike, so every figure filters either the same way."""
    level = _half_month_level(scope, grouped_by)
    if level is not None:
        rows = HalfMonthRollup.objects.filter(level=level, measure=measure)
        return rows.filter(scope.q("unit_path"), half_month__gte=scope.start, half_month__lte=scope.end)
    day = "received_on" if measure == Measure.RECEIVED else "finished_on"
    rows = CaseRollup.objects.filter(scope.q("unit_path")).exclude(status=Status.SPLIT)
    return rows.filter(**{f"{day}__gte": scope.start, f"{day}__lte": scope.end})


@dataclass(frozen=True)
class RollupFigure:
    """A cases indicator as a sum over rollup rows: which rows (measure, condition) and what to add up."""

    measure: str
    condition: Q
    numerator: Sum
    denominator: Sum | None = None

    def _sums(self) -> dict:
        return {"n": self.numerator, "d": self.denominator} if self.denominator else {"n": self.numerator}

    def _value(self, row: dict) -> Value:
        if self.denominator is None:
            return Value(row["n"] or 0)
        return Value(row["n"] or 0, row["d"] or 0)

    def value(self, scope: Scope) -> Value:
        return self._value(_counted(scope, self.measure).filter(self.condition).aggregate(**self._sums()))

    def by_path(self, scope: Scope, grouped_by: tuple[str, ...]) -> dict[str, Value]:
        """{unit_path of a rollup row: Value}, rows deep enough to tell apart the units at ``grouped_by``."""
        rows = _counted(scope, self.measure, grouped_by).filter(self.condition)
        return {row["unit_path"]: self._value(row) for row in rows.values("unit_path").annotate(**self._sums())}


FINISHED = Q(status__in=(Status.ANSWERED, Status.CLOSED))
FIGURES = {
    "cases.received": RollupFigure(Measure.RECEIVED, Q(), Sum("count")),
    "cases.answered_on_time": RollupFigure(
        Measure.FINISHED, FINISHED, Sum("count", filter=Q(on_time=True)), Sum("count")
    ),
    "cases.group_petitions": RollupFigure(Measure.RECEIVED, Q(is_group=True), Sum("count")),
    "cases.satisfaction": RollupFigure(
        Measure.FINISHED, ~Q(satisfaction=0), Sum(F("count") * F("satisfaction")), Sum("count")
    ),
    "cases.denunciations": RollupFigure(Measure.RECEIVED, Q(kind=Kind.DENUNCIATION), Sum("count")),
    # cases.overdue_open depends on the state at a past date: computed from the case table.
}
ROLLUP_SOURCES = {code: item.value for code, item in FIGURES.items()}
# The tile maps show 34 provinces or a province's communes: one GROUP BY instead of a query per unit.
GROUPED_SOURCES = {code: item.by_path for code, item in FIGURES.items()}


def values_for_units(code: str, scopes: dict[int, Scope], within: tuple[str, ...] = ()) -> dict[int, Value] | None:
    """Values of indicator ``code`` for many units (each Scope: the unit's path and its predecessors', one
    date range), from one grouped query; None when the indicator has no grouped source. ``within`` (paths that
    contain all the units, e.g. their province and its predecessors) keeps the query's filter short."""
    grouped = GROUPED_SOURCES.get(code)
    if grouped is None or not scopes:
        return None
    first = next(iter(scopes.values()))
    owner = {path: key for key, scope in scopes.items() for path in scope.unit_paths}
    union = Scope(unit_paths=tuple(within) or tuple(owner), start=first.start, end=first.end)
    totals: dict[int, Value] = {key: Value(0, None) for key in scopes}
    for row_path, value in grouped(union, tuple(owner)).items():
        # The row belongs to the unit whose path (or predecessor's path) is its nearest ancestor-or-self.
        key = next((owner[path] for path in reversed(path_ancestors(row_path)) if path in owner), None)
        if key is not None:
            totals[key] = totals[key] + value
    return totals


def install_sources() -> None:
    for code, compute in ROLLUP_SOURCES.items():
        case_indicators.use_source(code, compute)


def uninstall_sources() -> None:
    for code in ROLLUP_SOURCES:
        case_indicators.use_source(code, None)
