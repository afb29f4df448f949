"""Reads of cases, always scoped to the user's jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.roles import Perm, roles_granting
from danvan.accounts.scoping import assignments_today, jurisdiction_paths
from danvan.cases.models import Case, Category
from danvan.cases.querysets import due_soon_q, open_q, overdue_q
from danvan.cases.workflow import Kind, Status
from danvan.territory.calendar import working_calendar
from danvan.territory.models import path_ancestors


def user_organization_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return {a.organization_id for a in assignments_today(user) if a.organization_id}


def cases_visible_to(user, perm: Perm = Perm.CASE_VIEW) -> QuerySet[Case]:
    """Jurisdiction, and one more rule: a denunciation is never visible to the accused's organisation
    (DOMAIN.md §1.2: do not turn it into a task visible to the accused's unit)."""
    cases = Case.objects.visible_to(user, perm)
    organizations = user_organization_ids(user)
    if organizations:
        cases = cases.exclude(kind=Kind.DENUNCIATION, accused_organization_id__in=organizations)
    return cases


def case_for(user, public_id) -> Case:
    """Raises Case.DoesNotExist for missing and for out-of-jurisdiction cases alike."""
    return (
        cases_visible_to(user)
        .select_related(
            "category", "handling_unit", "submitted_unit", "village", "assigned_to", "handling_organization", "rule_set"
        )
        .get(public_id=public_id)
    )


@dataclass
class WorklistFilters:
    kind: str = ""
    status: str = ""
    category: str = ""
    unit: str = ""
    query: str = ""
    due_within_days: int | None = None  # calendar days, overdue included (API)
    due_within_working_days: int | None = None  # "due soon": working days, not yet overdue (desk, worklist)
    open_only: bool = False
    overdue: bool = False
    group_only: bool = False
    assigned_to_me: bool = False
    sort: str = "due"


def worklist(user, filters: WorklistFilters, *, today) -> QuerySet[Case]:
    cases = cases_visible_to(user).select_related("category", "handling_unit", "assigned_to")
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.category:
        cases = cases.filter(category__code=filters.category)
    if filters.unit:
        cases = cases.filter(unit_path__under=filters.unit)
    if filters.query:
        cases = cases.search(filters.query)
    if filters.overdue:
        cases = cases.overdue(today)
    if filters.open_only:
        cases = cases.open()
    if filters.due_within_days is not None:
        cases = cases.open().filter(due_date__lte=today + timedelta(days=filters.due_within_days))
    if filters.due_within_working_days is not None:
        cases = cases.due_soon(today, due_soon_until(today, filters.due_within_working_days))
    if filters.group_only:
        cases = cases.filter(group_size__gte=5)
    if filters.assigned_to_me:
        cases = cases.filter(assigned_to=user)
    order = {"due": ["due_date", "-received_at"], "new": ["-received_at"], "old": ["received_at"]}
    return cases.order_by(*order.get(filters.sort, order["due"]))


def due_soon_until(today: date, working_days: int) -> date:
    return working_calendar([today.year, today.year + 1]).add_working_days(today, working_days)


def case_counts(user, *, today: date, soon_working_days: int) -> dict[str, int]:
    """Open, overdue, due soon and assigned-to-me counts in one query, with the worklist's definitions."""
    soon = due_soon_until(today, soon_working_days)
    # Every count is of open cases: filtering on status first lets the covering index answer all four.
    return cases_visible_to(user).filter(open_q()).aggregate(
        open=Count("pk", filter=open_q()),
        overdue=Count("pk", filter=overdue_q(today)),
        due_soon=Count("pk", filter=due_soon_q(today, soon)),
        mine=Count("pk", filter=open_q() & Q(assigned_to=user)),
    )


def status_counts(user) -> dict[str, int]:
    rows = cases_visible_to(user).values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    return {status: counts.get(status, 0) for status in Status.values}


def case_timeline(case: Case, *, public_only: bool = False):
    events = case.events.select_related("actor")
    return events.filter(is_public=True) if public_only else events


def officers_for_case(case: Case, perm: Perm) -> list[User]:
    """Active officers whose jurisdiction covers the case and whose role grants ``perm``, excluding the
    accused's organisation for denunciations."""
    ancestors = path_ancestors(case.unit_path)
    assignments = RoleAssignment.objects.filter(
        role__in=roles_granting(perm), valid_to__isnull=True, user__is_active=True
    ).filter(Q(unit__path__in=ancestors) | Q(unit__isnull=True))
    if case.kind == Kind.DENUNCIATION and case.accused_organization_id:
        assignments = assignments.exclude(organization_id=case.accused_organization_id)
    user_ids = assignments.values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=user_ids).order_by("name_sort"))


def cases_same_submitter(case: Case, user) -> QuerySet[Case]:
    """Other visible cases from the same person (matched on keyed ID-number or phone hashes)."""
    fingerprints = set()
    for id_fp, phone_fp in case.persons.values_list("id_fingerprint", "phone_fingerprint"):
        fingerprints |= {fp for fp in (id_fp, phone_fp) if fp}
    if not fingerprints:
        return Case.objects.none()
    matches = Q(persons__id_fingerprint__in=fingerprints) | Q(persons__phone_fingerprint__in=fingerprints)
    return cases_visible_to(user).filter(matches).exclude(pk=case.pk).distinct().order_by("-received_at")


def cases_similar(case: Case, user, *, limit: int = 5, threshold: float = 0.35) -> list[tuple[Case, float]]:
    """Possible duplicates: same unit and category, words in common (Jaccard on folded words), newest
    first among the last 500. Cheap enough for a case page; analytics does the heavy grouping."""
    words = _words(case.search_text)
    candidates = (
        cases_visible_to(user)
        .filter(handling_unit=case.handling_unit, category=case.category)
        .exclude(pk=case.pk)
        .order_by("-received_at")
        .only("pk", "search_text", "tracking_code", "subject", "status", "received_at")[:500]
    )
    scored = []
    for other in candidates:
        other_words = _words(other.search_text)
        if words and other_words:
            score = len(words & other_words) / len(words | other_words)
            if score >= threshold:
                scored.append((other, round(score, 2)))
    return sorted(scored, key=lambda pair: -pair[1])[:limit]


def _words(text: str) -> set[str]:
    return {word for word in text.split() if len(word) > 2}


def cases_public_activity(unit, *, days: int) -> dict[str, int]:
    """Public aggregate for a unit over the last ``days``: letters received and answered. Counts only,
    never records; denunciations are left out so that nothing about them can be inferred (Luật Tố cáo,
    Điều 8, 47)."""
    from datetime import timedelta

    from django.utils import timezone

    since = timezone.now() - timedelta(days=days)
    return (
        Case.objects.in_paths([unit.path])
        .exclude(kind=Kind.DENUNCIATION)
        .aggregate(
            received=Count("pk", filter=Q(received_at__gte=since)),
            answered=Count("pk", filter=Q(answered_at__gte=since)),
        )
    )


def case_verified_by_citizen(public_id) -> Case | None:
    """The case a citizen proved with code + PIN earlier in this browser session (the portal keeps only
    the public id, never the PIN). None if it no longer exists or the id is malformed."""
    try:
        return Case.objects.filter(public_id=public_id).first()
    except (ValueError, ValidationError):
        return None


def officers_assignable_by(user, *, limit: int = 200) -> list[User]:
    """Officers who hold CASE_HANDLE somewhere in, or above, the assigner's CASE_ASSIGN jurisdiction.
    ``cases_assign`` still checks each case against the chosen officer's jurisdiction."""
    from danvan.core.clock import local_date

    paths = jurisdiction_paths(user, Perm.CASE_ASSIGN)
    if not paths:
        return []
    condition = Q(unit__isnull=True)
    for path in paths:
        condition |= Q(unit__path__under=path) | Q(unit__path__in=path_ancestors(path))
    today = local_date()
    user_ids = (
        RoleAssignment.objects.filter(role__in=roles_granting(Perm.CASE_HANDLE), valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .filter(condition, user__is_active=True)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=user_ids).order_by("name_sort")[:limit])


def categories_active() -> QuerySet[Category]:
    """Public reference data: the categories offered for new cases."""
    return Category.objects.filter(is_active=True).order_by("sort_order", "name")


def category_active(code: str) -> Category | None:
    return categories_active().filter(code=code).first()
