"""Jurisdiction: which units a user may act on, for which permission. The choke point for every read.

``visible_to(user, perm)`` on a queryset (see danvan.core.querysets) and ``has_perm(user, perm, obj)``
both come down to ``jurisdiction_paths``: the unit paths of the user's assignments valid today whose
role grants ``perm``. Records outside them are invisible, and views answer 404 for them, exactly as for
records that do not exist.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from danvan.accounts.models import RoleAssignment
from danvan.accounts.roles import ROLE_PERMISSIONS, Perm, Role, roles_granting
from danvan.core.clock import local_date

NATIONWIDE = "/"


CACHE_ATTRIBUTE = "_danvan_assignments"


def active_assignments(user, *, on: date | None = None):
    on = on or local_date()
    return (
        RoleAssignment.objects.filter(user=user, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("unit", "organization")
    )


def assignments_today(user) -> list[RoleAssignment]:
    """Today's assignments, read once per user object. Django loads a fresh user for every request, so
    this is a per-request cache: a role granted or revoked counts from the next request."""
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    today = local_date()
    if cached is None or cached[0] != today:
        cached = (today, list(active_assignments(user, on=today)))
        setattr(user, CACHE_ATTRIBUTE, cached)
    return cached[1]


def forget_assignments(user) -> None:
    """Drop the per-request cache (after changing the user's roles in the same request or test)."""
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)


def jurisdiction_paths(user, perm: Perm, *, on: date | None = None) -> list[str]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    roles = set(roles_granting(Perm(perm)))
    assignments = active_assignments(user, on=on) if on else assignments_today(user)
    paths = {a.unit.path if a.unit_id else NATIONWIDE for a in assignments if a.role in roles}
    return _without_nested(paths)


def _without_nested(paths: set[str]) -> list[str]:
    """Drop paths already covered by an ancestor path, keeping the OR in visible_to short."""
    ordered = sorted(paths, key=len)
    kept: list[str] = []
    for path in ordered:
        if not any(path.startswith(ancestor) for ancestor in kept):
            kept.append(path)
    return kept


def path_of(obj) -> str:
    """The unit path a record hangs off: a unit itself, or any model with ``unit_path``."""
    path = getattr(obj, "unit_path", None) or getattr(obj, "path", None)
    if not path:
        raise TypeError(f"{type(obj).__name__} does not hang off an administrative unit")
    return path


def has_perm(user, perm: Perm, obj=None) -> bool:
    """May ``user`` use ``perm`` — anywhere (obj None), or on this record's unit?"""
    paths = jurisdiction_paths(user, perm)
    if obj is None:
        return bool(paths)
    target = path_of(obj)
    return any(target.startswith(path) for path in paths)


def permissions_on(user, obj) -> set[Perm]:
    """Every permission ``user`` holds over this record's unit (``has_perm`` for all Perms, one read)."""
    target = path_of(obj)
    perms: set[Perm] = set()
    for assignment in assignments_today(user) if getattr(user, "is_authenticated", False) else []:
        if assignment.unit_id is None or target.startswith(assignment.unit.path):
            perms |= ROLE_PERMISSIONS[Role(assignment.role)]
    return perms


def units_in_jurisdiction(user, perm: Perm, *, levels):
    """Current units of the given levels inside the user's jurisdiction for ``perm`` (for filter selects)."""
    from danvan.territory.models import AdministrativeUnit

    units = AdministrativeUnit.objects.current().under_paths(jurisdiction_paths(user, perm)).filter(level__in=levels)
    return units.select_related("parent").order_by("level", "name_sort")
