from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from danvan.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from danvan.accounts.scoping import active_assignments
from danvan.cases.selectors import case_counts
from danvan.core.clock import local_date
from danvan.notifications.services import inbox_for
from danvan.organizations.models import Organization

DUE_SOON_WORKING_DAYS = 3


@dataclass(frozen=True)
class CaseCounts:
    """The officer's cases at a glance; each figure matches the worklist filter the desk links to."""

    open: int
    overdue: int
    due_soon: int
    mine: int
    can_receive: bool


@dataclass(frozen=True)
class Desk:
    assignments: list
    organizations: list
    permissions: list[Perm]
    unread: list
    cases: CaseCounts | None = None


def case_counts_for(user, perms, *, today: date) -> CaseCounts | None:
    """Open, overdue, due within 3 working days (not yet overdue), and open cases assigned to the user,
    in the user's jurisdiction; one query. None for users who may not see cases."""
    if Perm.CASE_VIEW not in perms:
        return None
    counts = case_counts(user, today=today, soon_working_days=DUE_SOON_WORKING_DAYS)
    return CaseCounts(**counts, can_receive=Perm.CASE_RECEIVE in perms)


def desk_for(user, *, today: date | None = None) -> Desk:
    assignments = list(active_assignments(user).order_by("role"))
    perms = sorted({perm for a in assignments for perm in ROLE_PERMISSIONS[Role(a.role)]})
    organizations = list(
        Organization.objects.visible_to(user, Perm.UNIT_VIEW)
        .select_related("kind", "unit")
        .order_by("unit__level", "unit__name_sort", "kind__sort_order")[:50]
    )
    return Desk(
        assignments=assignments,
        organizations=organizations,
        permissions=perms,
        unread=list(inbox_for(user, unread_only=True)[:10]),
        cases=case_counts_for(user, set(perms), today=today or local_date()),
    )


def organization_for(user, pk: int) -> Organization:
    """Raises Organization.DoesNotExist for records outside the user's jurisdiction, as for missing ones."""
    return (
        Organization.objects.visible_to(user, Perm.UNIT_VIEW)
        .select_related("kind", "unit", "parent")
        .prefetch_related("positions__holder")
        .get(pk=pk)
    )
