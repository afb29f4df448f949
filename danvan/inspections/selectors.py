"""Readers of inspections, scoped to the user's jurisdiction.

Plans are read by the inspecting side (INSPECTION_MANAGE over the conducting unit). Recommendations are
read by the inspecting side and by the owner unit's officers (UNIT_VIEW over the owner unit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import jurisdiction_paths
from danvan.inspections.models import Directive, Event, Plan, Recommendation
from danvan.inspections.querysets import rec_overdue_q
from danvan.inspections.workflow import PlanStatus, RecStatus
from danvan.organizations.models import Organization


def plans_visible_to(user) -> QuerySet[Plan]:
    return Plan.objects.visible_to(user, Perm.INSPECTION_MANAGE)


def plan_for(user, public_id) -> Plan:
    """The plan if ``user`` may see it; Plan.DoesNotExist otherwise (views answer 404 for both)."""
    return plans_visible_to(user).select_related("directive", "organization__kind", "unit").get(public_id=public_id)


def plan_list(user, *, status: str = "", query: str = "") -> QuerySet[Plan]:
    plans = plans_visible_to(user).select_related("directive", "organization")
    if status:
        plans = plans.filter(status=status)
    if query:
        plans = plans.search(query)
    # Explicit order: Meta.ordering is dropped from a grouped (annotated) query, and pages need a stable one.
    return plans.annotate(
        target_count=Count("targets", distinct=True),
        open_recommendations=Count("recommendations", filter=~Q(recommendations__status=RecStatus.DONE), distinct=True),
    ).order_by("-starts_on", "-pk")


def recommendations_visible_to(user) -> QuerySet[Recommendation]:
    condition = Q(pk__in=[])
    for path in jurisdiction_paths(user, Perm.UNIT_VIEW):
        condition |= Q(unit_path__under=path)
    for path in jurisdiction_paths(user, Perm.INSPECTION_MANAGE):
        condition |= Q(plan__unit_path__under=path)
    return Recommendation.objects.filter(condition)


def recommendation_for(user, public_id) -> Recommendation:
    return (
        recommendations_visible_to(user)
        .select_related("plan__organization", "plan__directive", "target", "owner_unit", "owner_organization")
        .get(public_id=public_id)
    )


OPEN, OVERDUE = "open", "overdue"
REC_STATUS_FILTERS = [OPEN, OVERDUE, *RecStatus.values]


@dataclass(frozen=True)
class RecFilters:
    status: str = ""  # "", OPEN, OVERDUE or a RecStatus
    owner_unit_id: int | None = None
    plan_id: int | None = None
    query: str = ""


def recommendation_list(user, filters: RecFilters, *, today: date) -> QuerySet[Recommendation]:
    recs = recommendations_visible_to(user).select_related("plan", "owner_unit", "owner_organization")
    if filters.status == OPEN:
        recs = recs.open()
    elif filters.status == OVERDUE:
        recs = recs.filter(rec_overdue_q(today))
    elif filters.status:
        recs = recs.filter(status=filters.status)
    if filters.owner_unit_id:
        recs = recs.filter(owner_unit_id=filters.owner_unit_id)
    if filters.plan_id:
        recs = recs.filter(plan_id=filters.plan_id)
    if filters.query:
        recs = recs.search(filters.query)
    return recs.order_by("deadline", "pk")


def owner_units_for(user):
    """The owner units of the recommendations the user can see (for the filter select)."""
    from danvan.territory.models import AdministrativeUnit

    ids = recommendations_visible_to(user).values("owner_unit_id")
    return AdministrativeUnit.objects.filter(pk__in=ids).order_by("name_sort")


def directives_active() -> QuerySet[Directive]:
    return Directive.objects.filter(is_active=True)


def conducting_organizations(user) -> QuerySet[Organization]:
    return (
        Organization.objects.visible_to(user, Perm.INSPECTION_MANAGE)
        .filter(valid_to__isnull=True)
        .select_related("unit", "kind")
        .order_by("unit__level", "kind__sort_order", "name")
    )


def plan_timeline(plan: Plan) -> QuerySet[Event]:
    return plan.events.select_related("actor", "recommendation").order_by("occurred_at", "pk")


def recommendation_timeline(recommendation: Recommendation) -> QuerySet[Event]:
    return recommendation.events.select_related("actor").prefetch_related("evidence").order_by("occurred_at", "pk")


def desk_counts(user, *, today: date) -> dict:
    recs = recommendations_visible_to(user)
    counts = recs.aggregate(
        open=Count("pk", filter=~Q(status=RecStatus.DONE)),
        overdue=Count("pk", filter=rec_overdue_q(today)),
        submitted=Count("pk", filter=Q(status=RecStatus.SUBMITTED)),
    )
    counts["plans_running"] = (
        plans_visible_to(user).filter(status__in=[PlanStatus.APPROVED, PlanStatus.IN_PROGRESS]).count()
    )
    return counts
