"""Incremental rollups of cases, kept in the same transaction as every case change.

``on_case_event`` (connected to ``cases.signals.case_event_recorded`` in ReportingConfig.ready) computes
the key a case should be counted under, compares it with the key stored for that case (CaseTally) and,
if it changed, moves one count from the old row to the new one. ``rollup_verify`` recounts from the case
table and lists every difference; ``rollup_rebuild`` recomputes everything.

The cases indicators read these rows (installed with ``install_sources``), so national and provincial
figures cost one indexed aggregate instead of a scan of millions of cases.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum

from danvan.cases import indicators as case_indicators
from danvan.cases.models import Case
from danvan.cases.services import GROUP_THRESHOLD
from danvan.cases.workflow import Kind, Status
from danvan.core.clock import local_date
from danvan.core.indicators import Scope, Value
from danvan.reporting.models import NOT_FINISHED, CaseRollup, CaseTally
from danvan.territory.models import path_ancestors

KEY_FIELDS = (
    "unit_path",
    "received_on",
    "finished_on",
    "kind",
    "category",
    "status",
    "on_time",
    "is_group",
    "satisfaction",
)


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


def _add(key: dict, delta: int) -> None:
    lookup = dict(key)
    updated = CaseRollup.objects.filter(**lookup).update(count=F("count") + delta)
    if updated:
        return
    try:
        with transaction.atomic():
            CaseRollup.objects.create(**lookup, count=delta)
    except IntegrityError:  # created meanwhile by a concurrent transaction
        CaseRollup.objects.filter(**lookup).update(count=F("count") + delta)


def case_tally(case: Case) -> bool:
    """Count ``case`` under its current key; True if a count moved. Call inside the change's transaction."""
    new_key = case_key(case)
    tally = CaseTally.objects.select_for_update().filter(case_id=case.pk).first()
    if tally is not None and tally.key == new_key:
        return False
    if tally is not None:
        _add(tally.key, -1)
        tally.key = new_key
        tally.save(update_fields=["key"])
    else:
        CaseTally.objects.create(case_id=case.pk, key=new_key)
    _add(new_key, 1)
    return True


def on_case_event(sender, case, event, **kwargs) -> None:
    case_tally(case)


# --- Verification and rebuild ---------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    key: tuple
    expected: int
    stored: int

    def __str__(self) -> str:
        fields = ", ".join(f"{name}={value}" for name, value in zip(KEY_FIELDS, self.key, strict=True))
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
        counts[tuple(key[name] for name in KEY_FIELDS)] += 1
    return counts, keys


def _stored() -> Counter:
    stored: Counter = Counter()
    for row in CaseRollup.objects.exclude(count=0).values_list(*KEY_FIELDS, "count").iterator(chunk_size=5000):
        *key, count = row
        key[1], key[2] = key[1].isoformat(), key[2].isoformat()
        stored[tuple(key)] += count
    return stored


def rollup_verify() -> list[Difference]:
    """Every key where the rollup table differs from a recount of the case table (empty: all equal)."""
    expected, _keys = _recount()
    stored = _stored()
    return [
        Difference(key, expected.get(key, 0), stored.get(key, 0))
        for key in sorted(set(expected) | set(stored), key=lambda k: tuple(str(v) for v in k))
        if expected.get(key, 0) != stored.get(key, 0)
    ]


@transaction.atomic
def rollup_rebuild() -> int:
    """Recompute the rollups and every case's tally from the case table; returns the number of rows."""
    counts, keys = _recount()
    CaseRollup.objects.all().delete()
    CaseTally.objects.all().delete()
    CaseRollup.objects.bulk_create(
        [CaseRollup(**dict(zip(KEY_FIELDS, key, strict=True)), count=count) for key, count in counts.items()],
        batch_size=2000,
    )
    CaseTally.objects.bulk_create([CaseTally(case_id=pk, key=key) for pk, key in keys.items()], batch_size=2000)
    return len(counts)


# --- The cases indicators from the rollups ---------------------------------------------------------


def _rows(scope: Scope):
    return CaseRollup.objects.filter(scope.q("unit_path")).exclude(status=Status.SPLIT)


def _sum(queryset, expression="count") -> int:
    return queryset.aggregate(total=Sum(expression))["total"] or 0


def _received(scope: Scope):
    return _rows(scope).filter(received_on__gte=scope.start, received_on__lte=scope.end)


def _finished(scope: Scope):
    return _rows(scope).filter(finished_on__gte=scope.start, finished_on__lte=scope.end)


def received(scope: Scope) -> Value:
    return Value(_sum(_received(scope)))


def answered_on_time(scope: Scope) -> Value:
    finished = _finished(scope).filter(status__in=(Status.ANSWERED, Status.CLOSED))
    return Value(_sum(finished.filter(on_time=True)), _sum(finished))


def group_petitions(scope: Scope) -> Value:
    return Value(_sum(_received(scope).filter(is_group=True)))


def satisfaction(scope: Scope) -> Value:
    rated = _finished(scope).filter(~Q(satisfaction=0))
    return Value(_sum(rated, F("count") * F("satisfaction")), _sum(rated))


def denunciations(scope: Scope) -> Value:
    return Value(_sum(_received(scope).filter(kind=Kind.DENUNCIATION)))


ROLLUP_SOURCES = {
    "cases.received": received,
    "cases.answered_on_time": answered_on_time,
    "cases.group_petitions": group_petitions,
    "cases.satisfaction": satisfaction,
    "cases.denunciations": denunciations,
    # cases.overdue_open depends on the state at a past date: computed from the case table.
}


# The same figures for many units at once: one GROUP BY over the rollups instead of a query per unit (the tile
# maps show 34 provinces or a province's communes). Each returns {unit_path of a rollup row: Value}.


def _by_path(queryset, **sums) -> dict[str, dict]:
    return {row.pop("unit_path"): row for row in queryset.values("unit_path").annotate(**sums)}


def received_by_path(scope: Scope) -> dict[str, Value]:
    return {path: Value(row["n"] or 0) for path, row in _by_path(_received(scope), n=Sum("count")).items()}


def answered_on_time_by_path(scope: Scope) -> dict[str, Value]:
    finished = _finished(scope).filter(status__in=(Status.ANSWERED, Status.CLOSED))
    rows = _by_path(finished, on_time=Sum("count", filter=Q(on_time=True)), all=Sum("count"))
    return {path: Value(row["on_time"] or 0, row["all"] or 0) for path, row in rows.items()}


def group_petitions_by_path(scope: Scope) -> dict[str, Value]:
    return {p: Value(r["n"] or 0) for p, r in _by_path(_received(scope).filter(is_group=True), n=Sum("count")).items()}


def satisfaction_by_path(scope: Scope) -> dict[str, Value]:
    rated = _finished(scope).filter(~Q(satisfaction=0))
    rows = _by_path(rated, total=Sum(F("count") * F("satisfaction")), n=Sum("count"))
    return {path: Value(row["total"] or 0, row["n"] or 0) for path, row in rows.items()}


def denunciations_by_path(scope: Scope) -> dict[str, Value]:
    rows = _by_path(_received(scope).filter(kind=Kind.DENUNCIATION), n=Sum("count"))
    return {path: Value(row["n"] or 0) for path, row in rows.items()}


GROUPED_SOURCES = {
    "cases.received": received_by_path,
    "cases.answered_on_time": answered_on_time_by_path,
    "cases.group_petitions": group_petitions_by_path,
    "cases.satisfaction": satisfaction_by_path,
    "cases.denunciations": denunciations_by_path,
}


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
    for row_path, value in grouped(union).items():
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
