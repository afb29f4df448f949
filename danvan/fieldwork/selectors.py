"""Readers of fieldwork, scoped to the user's jurisdiction.

Quota compliance (one row per cadre and month): a cadre is everyone holding, at some time in the month, a
role that logs visits (field cadre, village head, coordinator) to whom a quota policy applies. Visits count
by their local date; a visit made as a team counts once for each participant (the recording cadre and the
team's leader and members when it was recorded) if the policy says so.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.accounts.models import RoleAssignment
from danvan.accounts.roles import Perm, roles_granting
from danvan.accounts.scoping import NATIONWIDE, jurisdiction_paths
from danvan.core.sentiment import SentimentSignal, Tone
from danvan.fieldwork.models import FIELD_TRIP_KINDS, Observation, QuotaPolicy, Team, Visit, VisitKind

CONCERNING_TONES = (Tone.CONCERNED, Tone.ANGRY)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def visits_visible_to(user) -> QuerySet[Visit]:
    """Reviewers see the visits in their jurisdiction; everyone sees the visits they took part in."""
    if not getattr(user, "is_authenticated", False):
        return Visit.objects.none()
    reviewed = Visit.objects.visible_to(user, Perm.FIELDWORK_REVIEW)
    own = Visit.objects.filter(participants=user)
    return Visit.objects.filter(Q(pk__in=reviewed.values("pk")) | Q(pk__in=own.values("pk")))


def visit_for(user, public_id) -> Visit:
    """Raises Visit.DoesNotExist for missing and out-of-jurisdiction visits alike."""
    return visits_visible_to(user).select_related("cadre", "unit", "team").get(public_id=public_id)


def visits_list(user, *, query: str = "", year: int | None = None, month: int | None = None) -> QuerySet[Visit]:
    from danvan.core.text import fold

    visits = visits_visible_to(user).select_related("cadre", "unit", "unit__parent", "team")
    if year and month:
        visits = visits.in_month(year, month)
    if query:
        visits = visits.filter(search_text__contains=fold(query))
    return visits.order_by("-visited_at")


def teams_visible_to(user) -> QuerySet[Team]:
    if not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    reviewed = Team.objects.visible_to(user, Perm.FIELDWORK_REVIEW)
    own = Team.objects.filter(Q(leader=user) | Q(members=user))
    return (
        Team.objects.filter(Q(pk__in=reviewed.values("pk")) | Q(pk__in=own.values("pk")))
        .select_related("unit", "leader", "organization")
        .order_by("unit_path", "name")
    )


def teams_of(user) -> QuerySet[Team]:
    """Active teams the user leads or belongs to (to record a visit as a team)."""
    return Team.objects.active().filter(Q(leader=user) | Q(members=user)).distinct().order_by("name")


def sentiment_signals(start: date, end: date) -> list[SentimentSignal]:
    """Every observation made on a visit between ``start`` and ``end`` (inclusive), for early warning.
    Not scoped: analytics scopes its alerts itself."""
    observations = (
        Observation.objects.filter(visit__visited_on__gte=start, visit__visited_on__lte=end)
        .select_related("visit")
        .order_by("visit__visited_on", "pk")
    )
    return [
        SentimentSignal(
            source="fieldwork",
            source_id=item.pk,
            unit_path=item.unit_path,
            on=item.visit.visited_on,
            tone=item.tone,
            severity=item.severity,
            topic=item.topic,
            text=item.text,
            url=reverse("fieldwork:visit", args=[item.visit.public_id]),
        )
        for item in observations
    ]


# --- Quota compliance -------------------------------------------------------------------------------


@dataclass
class QuotaRow:
    user: object
    assignment: RoleAssignment
    policy: QuotaPolicy
    year: int
    month: int
    field_trips: int = 0
    block_meetings: int = 0
    month_finished: bool = True
    missing: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return not self.missing

    @property
    def organization(self):
        return self.assignment.organization

    @property
    def unit(self):
        return self.assignment.unit


def _policy_score(policy: QuotaPolicy, assignment: RoleAssignment) -> int | None:
    """How specifically ``policy`` fits ``assignment`` (higher wins); None if it does not apply."""
    score = 0
    if policy.role:
        if policy.role != assignment.role:
            return None
        score += 1000
    if policy.organization_id:
        if policy.organization_id != assignment.organization_id:
            return None
        score += 4000
    if policy.organization_kind_id:
        if assignment.organization is None or assignment.organization.kind_id != policy.organization_kind_id:
            return None
        score += 2000
    if policy.unit_id:
        if assignment.unit is None or not assignment.unit.path.startswith(policy.unit.path):
            return None
        score += len(policy.unit.path)
    return score


def policies_in_force(on: date) -> list[QuotaPolicy]:
    return list(
        QuotaPolicy.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("unit")
    )


def _in_paths(path: str | None, paths: list[str]) -> bool:
    return any((path or NATIONWIDE).startswith(p) for p in paths)


def quota_rows(
    *, year: int, month: int, paths: list[str], today: date, user=None, organization_id: int | None = None
) -> list[QuotaRow]:
    """One row per cadre with a quota in the month, whose assignment lies under ``paths`` (or only ``user``).
    The policy is the one in force on the month's last day."""
    start, end = month_bounds(year, month)
    policies = policies_in_force(end)
    if not policies or not paths:
        return []
    assignments = (
        RoleAssignment.objects.filter(role__in=roles_granting(Perm.FIELDWORK_LOG), valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .select_related("user", "unit", "organization", "organization__kind")
        .filter(user__is_active=True)
    )
    if user is not None:
        assignments = assignments.filter(user=user)
    if organization_id:
        assignments = assignments.filter(organization_id=organization_id)
    best: dict[int, tuple[int, RoleAssignment, QuotaPolicy]] = {}
    for assignment in assignments:
        if not _in_paths(assignment.unit.path if assignment.unit_id else None, paths):
            continue
        for policy in policies:
            score = _policy_score(policy, assignment)
            if score is not None and (assignment.user_id not in best or score > best[assignment.user_id][0]):
                best[assignment.user_id] = (score, assignment, policy)
    if not best:
        return []
    counts: dict[tuple[int, str], int] = defaultdict(int)
    through = Visit.participants.through.objects.filter(
        user_id__in=best.keys(), visit__visited_on__gte=start, visit__visited_on__lte=end
    ).values_list("user_id", "visit__kind", "visit__cadre_id")
    for user_id, kind, cadre_id in through:
        if user_id != cadre_id and not best[user_id][2].count_team_visits:
            continue
        bucket = "trip" if kind in FIELD_TRIP_KINDS else ("block" if kind == VisitKind.BLOCK_MEETING else "")
        if bucket:
            counts[(user_id, bucket)] += 1
    rows = []
    for user_id, (_score, assignment, policy) in best.items():
        row = QuotaRow(
            user=assignment.user,
            assignment=assignment,
            policy=policy,
            year=year,
            month=month,
            field_trips=counts[(user_id, "trip")],
            block_meetings=counts[(user_id, "block")],
            month_finished=end < today,
        )
        if row.field_trips < policy.min_field_trips:
            row.missing.append(_("thiếu %(n)d chuyến đi cơ sở") % {"n": policy.min_field_trips - row.field_trips})
        if row.block_meetings < policy.min_block_meetings:
            row.missing.append(
                _("thiếu %(n)d buổi dự sinh hoạt chi hội, khu dân cư")
                % {"n": policy.min_block_meetings - row.block_meetings}
            )
        rows.append(row)
    from danvan.core.text import vietnamese_sort_key

    rows.sort(key=lambda r: (r.met, vietnamese_sort_key(r.user.full_name or r.user.username)))
    return rows


def quota_for(user, *, year: int, month: int, today: date, organization_id: int | None = None) -> list[QuotaRow]:
    """Reviewers: every cadre in their jurisdiction. Others: their own row only."""
    review_paths = jurisdiction_paths(user, Perm.FIELDWORK_REVIEW)
    if review_paths:
        return quota_rows(year=year, month=month, paths=review_paths, today=today, organization_id=organization_id)
    return quota_rows(year=year, month=month, paths=[NATIONWIDE], today=today, user=user)


def months_ending_between(start: date, end: date) -> list[tuple[int, int]]:
    """Months whose last day lies in [start, end]: each month is counted in exactly one of consecutive
    ranges."""
    months = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        if start <= month_bounds(year, month)[1] <= end:
            months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
