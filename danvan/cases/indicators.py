"""The cases app's key figures (codes ``cases.*``), for reports, dashboards and evaluations.

Each figure is defined here once, computed straight from the case table. Reporting keeps incremental
rollup tables of the same figures (fast at national scale) and plugs them in through ``use_source``:
the cases app never imports reporting, and the direct computation below stays the recount that
``danvan rollup-verify`` compares the rollups with.

Definitions (a case is counted once, never its split parent):
* received — cases received (ngày nhận) in the period;
* answered_on_time — of the cases answered or closed in the period (status "answered" or "closed", dated
  by the first of answered_at/closed_at), the share the overdue sweep never marked overdue on their
  current clock (``overdue_since`` empty; the sweep runs hourly);
* overdue_open — cases open and past their due date at the end of the period (or, for a past period, marked
  overdue by then and not finished by then);
* group_petitions — cases from a group (≥ 5 people, LTCD Art. 29) received in the period;
* satisfaction — mean of the citizens' 1–5 ratings of cases finished in the period;
* denunciations — denunciations received in the period: a count only, never an identity.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from danvan.cases.models import Case
from danvan.cases.services import GROUP_THRESHOLD
from danvan.cases.workflow import OPEN_STATUSES, Kind, Status
from danvan.core.clock import day_start, local_date
from danvan.core.indicators import Aggregation, Indicator, Scope, Value, register

FINISHED_STATUSES = (Status.ANSWERED, Status.CLOSED)

# code → callable(Scope) → Value, installed by reporting (rollups). Empty: compute from the case table.
_SOURCES: dict[str, Callable[[Scope], Value]] = {}


def use_source(code: str, compute: Callable[[Scope], Value] | None) -> None:
    """Let a higher layer (reporting's rollups) answer ``code``; None goes back to the direct count."""
    if compute is None:
        _SOURCES.pop(code, None)
    else:
        _SOURCES[code] = compute


def _after(day) -> datetime:
    return day_start(day + timedelta(days=1))


def _cases(scope: Scope):
    return Case.objects.filter(scope.q("unit_path")).exclude(status=Status.SPLIT)


def _received(scope: Scope):
    return _cases(scope).filter(received_at__gte=day_start(scope.start), received_at__lt=_after(scope.end))


def _finished(scope: Scope):
    finished_at = Coalesce("answered_at", "closed_at")
    return (
        _cases(scope)
        .alias(finished_at=finished_at)
        .filter(finished_at__gte=day_start(scope.start), finished_at__lt=_after(scope.end))
    )


def received_direct(scope: Scope) -> Value:
    return Value(_received(scope).count())


def answered_on_time_direct(scope: Scope) -> Value:
    counts = (
        _finished(scope)
        .filter(status__in=FINISHED_STATUSES)
        .aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(overdue_since__isnull=True)))
    )
    return Value(counts["on_time"], counts["total"])


def overdue_open_direct(scope: Scope) -> Value:
    end = scope.end
    today = local_date()
    if end >= today:
        return Value(_overdue_now(scope, today).count())
    cutoff = min(end, today)
    still_open = Q(status__in=OPEN_STATUSES, answered_at__isnull=True, closed_at__isnull=True)
    finished_later = Q(answered_at__gte=_after(end)) | Q(answered_at__isnull=True, closed_at__gte=_after(end))
    overdue_by_then = Q(overdue_since__lte=end) | (
        Q(status__in=OPEN_STATUSES) & ~Q(status=Status.SUSPENDED) & Q(due_date__lt=cutoff)
    )
    queryset = _cases(scope).filter(received_at__lt=_after(end)).filter(overdue_by_then & (still_open | finished_later))
    return Value(queryset.count())


def _overdue_now(scope: Scope, today):
    """The same question for a period not yet over: open now and past due now. Only open statuses, so the
    covering index on (status, unit_path, ...) answers it without reading the case rows."""
    still_open = Q(status__in=sorted(OPEN_STATUSES), answered_at__isnull=True, closed_at__isnull=True)
    overdue = Q(overdue_since__isnull=False) | (~Q(status=Status.SUSPENDED) & Q(due_date__lt=today))
    return _cases(scope).filter(still_open & overdue)


def group_petitions_direct(scope: Scope) -> Value:
    return Value(_received(scope).filter(group_size__gte=GROUP_THRESHOLD).count())


def satisfaction_direct(scope: Scope) -> Value:
    rated = _finished(scope).filter(satisfaction__isnull=False).aggregate(total=Sum("satisfaction"), n=Count("pk"))
    return Value(rated["total"] or 0, rated["n"])


def denunciations_direct(scope: Scope) -> Value:
    return Value(_received(scope).filter(kind=Kind.DENUNCIATION).count())


DIRECT: dict[str, Callable[[Scope], Value]] = {
    "cases.received": received_direct,
    "cases.answered_on_time": answered_on_time_direct,
    "cases.overdue_open": overdue_open_direct,
    "cases.group_petitions": group_petitions_direct,
    "cases.satisfaction": satisfaction_direct,
    "cases.denunciations": denunciations_direct,
}


def _computer(code: str) -> Callable[[Scope], Value]:
    def compute(scope: Scope) -> Value:
        source = _SOURCES.get(code)
        return source(scope) if source is not None else DIRECT[code](scope)

    compute.__name__ = f"compute_{code.replace('.', '_')}"
    return compute


register(
    Indicator(
        code="cases.received",
        name=_("Số đơn thư tiếp nhận"),
        name_en="Cases received",
        unit_of_measure=_("đơn"),
        aggregation=Aggregation.SUM,
        compute=_computer("cases.received"),
        description=_("Đơn tiếp nhận trong kỳ (không tính đơn gốc đã tách)."),
    ),
    Indicator(
        code="cases.answered_on_time",
        name=_("Tỷ lệ giải quyết, trả lời đúng hạn"),
        name_en="Cases answered on time",
        unit_of_measure="%",
        aggregation=Aggregation.RATE,
        compute=_computer("cases.answered_on_time"),
        description=_("Đơn đã trả lời hoặc kết thúc trong kỳ mà không bị đánh dấu quá hạn / tổng số đơn đó."),
        min_sample=5,
    ),
    Indicator(
        code="cases.overdue_open",
        name=_("Số đơn quá hạn chưa giải quyết"),
        name_en="Open overdue cases",
        unit_of_measure=_("đơn"),
        aggregation=Aggregation.SUM,
        compute=_computer("cases.overdue_open"),
        higher_is_better=False,
        description=_("Đơn còn đang giải quyết và đã quá hạn vào ngày cuối kỳ."),
    ),
    Indicator(
        code="cases.group_petitions",
        name=_("Số vụ việc đông người"),
        name_en="Group petitions",
        unit_of_measure=_("vụ"),
        aggregation=Aggregation.SUM,
        compute=_computer("cases.group_petitions"),
        higher_is_better=False,
        description=_("Đơn của nhóm từ 5 người trở lên tiếp nhận trong kỳ."),
    ),
    Indicator(
        code="cases.satisfaction",
        name=_("Mức hài lòng của người dân (1–5)"),
        name_en="Citizen satisfaction (1–5)",
        unit_of_measure=_("điểm"),
        aggregation=Aggregation.MEAN,
        compute=_computer("cases.satisfaction"),
        description=_("Trung bình điểm đánh giá của người dân cho đơn kết thúc trong kỳ."),
        min_sample=5,
    ),
    Indicator(
        code="cases.denunciations",
        name=_("Số đơn tố cáo"),
        name_en="Denunciations",
        unit_of_measure=_("đơn"),
        aggregation=Aggregation.SUM,
        compute=_computer("cases.denunciations"),
        higher_is_better=False,
        description=_("Chỉ đếm số đơn tố cáo tiếp nhận trong kỳ; không bao giờ kèm danh tính."),
    ),
)
