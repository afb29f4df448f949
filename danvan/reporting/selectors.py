"""Readers of reporting, scoped to the user's jurisdiction: scopes (with predecessors), indicator values,
periods, plans, reports and dashboards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import NATIONWIDE, jurisdiction_paths
from danvan.core.errors import NotFoundError
from danvan.core.indicators import Aggregation, Indicator, Scope, Value, all_indicators, indicator
from danvan.reporting.models import (
    ExportJob,
    PeriodDefinition,
    Plan,
    Report,
    ReportingPeriod,
    ReportStatus,
)
from danvan.territory.models import AdministrativeUnit

Level = AdministrativeUnit.Level

# The key figures of a dashboard, in this order; only those registered are shown (apps are built
# concurrently, and an app may be switched off).
DASHBOARD_CODES = [
    "cases.received",
    "cases.answered_on_time",
    "cases.overdue_open",
    "cases.group_petitions",
    "cases.satisfaction",
    "cases.denunciations",
    "meetings.reception_compliance",
    "meetings.dialogues_held",
    "meetings.commitments_overdue",
    "fieldwork.quota_met",
    "practices.models_recognised",
    "surveys.satisfaction_index",
    "analytics.alerts_open",
]


def registered(code: str) -> Indicator | None:
    try:
        return indicator(code)
    except KeyError:
        return None


def dashboard_indicators() -> list[Indicator]:
    return [item for item in (registered(code) for code in DASHBOARD_CODES) if item is not None]


def indicators_registry() -> list[Indicator]:
    return all_indicators()


# --- Scopes -----------------------------------------------------------------------------------------


def predecessor_paths(units: list[AdministrativeUnit]) -> dict[int, list[str]]:
    """For each unit, the paths of all its predecessors (transitively), e.g. the pre-2025 provinces merged
    into a 2025 province, so their figures count inside it."""
    through = AdministrativeUnit.successors.through
    links: dict[int, set[int]] = {}
    for from_id, to_id in through.objects.values_list("from_administrativeunit_id", "to_administrativeunit_id"):
        links.setdefault(to_id, set()).add(from_id)
    needed: dict[int, set[int]] = {}
    for unit in units:
        seen: set[int] = set()
        stack = list(links.get(unit.pk, ()))
        while stack:
            pk = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            stack.extend(links.get(pk, ()))
        needed[unit.pk] = seen
    all_ids = set().union(*needed.values()) if needed else set()
    paths = dict(AdministrativeUnit.objects.filter(pk__in=all_ids).values_list("pk", "path"))
    return {pk: sorted(paths[i] for i in ids) for pk, ids in needed.items()}


def scope_paths(unit: AdministrativeUnit | None) -> tuple[str, ...]:
    if unit is None:
        return (NATIONWIDE,)
    return (unit.path, *predecessor_paths([unit])[unit.pk])


def scope_for(unit: AdministrativeUnit | None, start: date, end: date) -> Scope:
    return Scope(unit_paths=scope_paths(unit), start=start, end=end)


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    value: Value

    @property
    def result(self) -> float | None:
        return self.value.result(self.indicator.aggregation)

    @property
    def display(self) -> str:
        return format_value(self.result, self.indicator.aggregation)


def format_value(result: float | None, aggregation: str) -> str:
    if result is None:
        return "—"
    if aggregation == Aggregation.RATE:
        return f"{result:.1f}".replace(".", ",") + " %"
    if aggregation == Aggregation.MEAN:
        return f"{result:.2f}".replace(".", ",")
    if float(result).is_integer():
        return f"{int(result):,}".replace(",", ".")
    return f"{result:.2f}".replace(".", ",")


def figure(code_or_indicator, scope: Scope) -> Figure:
    item = code_or_indicator if isinstance(code_or_indicator, Indicator) else indicator(code_or_indicator)
    return Figure(item, item.value(scope))


# --- Jurisdiction -----------------------------------------------------------------------------------


def report_paths(user, perm: Perm = Perm.REPORT_VIEW) -> list[str]:
    return jurisdiction_paths(user, perm)


def unit_visible(user, unit: AdministrativeUnit | None, perm: Perm = Perm.REPORT_VIEW) -> bool:
    target = unit.path if unit is not None else NATIONWIDE
    return any(target.startswith(path) for path in report_paths(user, perm))


def home_unit(user, perm: Perm = Perm.REPORT_VIEW) -> AdministrativeUnit | None:
    """The top of the user's jurisdiction: None for nationwide, else the widest unit (first by path length)."""
    paths = report_paths(user, perm)
    if not paths:
        raise NotFoundError()
    if NATIONWIDE in paths:
        return None
    return AdministrativeUnit.objects.filter(path=sorted(paths, key=len)[0]).first()


def unit_for(user, pk, perm: Perm = Perm.REPORT_VIEW) -> AdministrativeUnit | None:
    """The unit with primary key ``pk`` if the user may see its figures (404 otherwise); "" → home unit."""
    if pk in (None, ""):
        return home_unit(user, perm)
    if pk == "0":
        if not unit_visible(user, None, perm):
            raise NotFoundError()
        return None
    try:
        unit = AdministrativeUnit.objects.select_related("parent").get(pk=int(pk))
    except (ValueError, AdministrativeUnit.DoesNotExist) as error:
        raise NotFoundError() from error
    if not unit_visible(user, unit, perm):
        raise NotFoundError()
    return unit


# --- Periods, plans, reports ------------------------------------------------------------------------


def period_definitions() -> QuerySet[PeriodDefinition]:
    return PeriodDefinition.objects.all()


def periods_recent(limit: int = 24) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.select_related("definition").order_by("-end", "definition__span_months")[:limit]


def plans_visible_to(user) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user, Perm.REPORT_VIEW).select_related("unit").prefetch_related("targets")


def plan_for_unit(unit: AdministrativeUnit | None, year: int) -> Plan | None:
    path = unit.path if unit is not None else NATIONWIDE
    return Plan.objects.filter(unit_path=path, year=year).prefetch_related("targets").first()


def reports_visible_to(user) -> QuerySet[Report]:
    return Report.objects.visible_to(user, Perm.REPORT_VIEW).select_related(
        "period", "period__definition", "unit", "template"
    )


def report_for(user, public_id) -> Report:
    report = reports_visible_to(user).filter(public_id=public_id).first()
    if report is None:
        raise NotFoundError()
    return report


def reports_awaiting_review(user) -> QuerySet[Report]:
    """Submitted reports one level below a unit where the user may submit (i.e. review)."""
    paths = report_paths(user, Perm.REPORT_SUBMIT)
    reports = reports_visible_to(user).filter(status=ReportStatus.SUBMITTED)
    return [r for r in reports if any(_parent_path(r).startswith(p) for p in paths) and r.unit is not None]


def _parent_path(report: Report) -> str:
    if report.unit is None or report.unit.parent_id is None:
        return NATIONWIDE
    return report.unit.parent.path


def child_reports(report: Report) -> QuerySet[Report]:
    """The reports one level below ``report`` for the same period and template."""
    children = Report.objects.filter(period=report.period, template=report.template).select_related("unit")
    if report.unit is None:
        return children.filter(unit__level=Level.PROVINCE)
    return children.filter(unit__parent=report.unit)


def exports_of(user) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(requested_by=user).select_related("period")[:20]


def export_for(user, public_id) -> ExportJob:
    job = ExportJob.objects.filter(requested_by=user, public_id=public_id).first()
    if job is None:
        raise NotFoundError()
    return job
