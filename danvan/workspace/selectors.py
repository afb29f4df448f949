from __future__ import annotations

from dataclasses import dataclass

from danvan.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from danvan.accounts.scoping import active_assignments
from danvan.notifications.services import inbox_for
from danvan.organizations.models import Organization


@dataclass(frozen=True)
class Desk:
    assignments: list
    organizations: list
    permissions: list[Perm]
    unread: list


def desk_for(user) -> Desk:
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
    )


def organization_for(user, pk: int) -> Organization:
    """Raises Organization.DoesNotExist for records outside the user's jurisdiction, as for missing ones."""
    return (
        Organization.objects.visible_to(user, Perm.UNIT_VIEW)
        .select_related("kind", "unit", "parent")
        .prefetch_related("positions__holder")
        .get(pk=pk)
    )
