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

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.accounts.models import RoleAssignment
from danvan.accounts.roles import Perm, roles_granting
from danvan.accounts.scoping import NATIONWIDE, jurisdiction_paths
from danvan.core.sentiment import SentimentSignal, Tone
from danvan.core.text import vietnamese_sort_key
from danvan.fieldwork.models import FIELD_TRIP_KINDS, Observation, QuotaPolicy, Team, Visit, VisitKind

CONCERNING_TONES = (Tone.CONCERNED, Tone.ANGRY)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def visits_visible_to(user) -> QuerySet[Visit]:
    """Reviewers see the visits in their jurisdiction; everyone sees the visits they took part in.
    The jurisdiction is a condition on the visit's own row (``|`` of querysets), not a subquery of every
    visit it covers: nationwide that subquery listed all visits before the month's were picked."""
    if not getattr(user, "is_authenticated", False):
        return Visit.objects.none()
    reviewed = Visit.objects.visible_to(user, Perm.FIELDWORK_REVIEW)
    own = Visit.objects.filter(pk__in=Visit.objects.filter(participants=user).values("pk"))
    return reviewed | own


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


Month = tuple[int, int]  # (year, month)
Match = tuple[RoleAssignment, QuotaPolicy]  # a cadre's assignment and the policy that applies to it
Counts = dict[tuple[int, Month], list[tuple[str, bool, int]]]  # (user, month) -> (kind, own, visits)


def _in_force(item, start: date, end: date) -> bool:
    """Valid at some time in [start, end] (``valid_to`` is exclusive)."""
    return item.valid_from <= end and (item.valid_to is None or item.valid_to > start)


def _policies(first_end: date, last_end: date) -> list[QuotaPolicy]:
    """Policies in force on the last day of some month between the two (pk breaks ties: stable order)."""
    return list(
        QuotaPolicy.objects.filter(valid_from__lte=last_end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=first_end))
        .select_related("unit")
        .order_by("-valid_from", "name", "pk")
    )


def _assignments(start: date, end: date, *, user, organization_id) -> list[RoleAssignment]:
    """Assignments of the roles that log visits, valid at some time in [start, end]."""
    assignments = (
        RoleAssignment.objects.filter(role__in=roles_granting(Perm.FIELDWORK_LOG), valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .select_related("user", "unit", "organization", "organization__kind")
        .filter(user__is_active=True)
        .order_by("user", "role", "pk")
    )
    if user is not None:
        assignments = assignments.filter(user=user)
    if organization_id:
        assignments = assignments.filter(organization_id=organization_id)
    return list(assignments)


def _in_paths(path: str | None, paths: list[str]) -> bool:
    return any((path or NATIONWIDE).startswith(p) for p in paths)


def _best_matches(assignments, policies, paths: list[str]) -> dict[int, Match]:
    """Per cadre, the assignment and policy that fit most specifically (the first one on a tie)."""
    best: dict[int, tuple[int, RoleAssignment, QuotaPolicy]] = {}
    for assignment in assignments:
        if not _in_paths(assignment.unit.path if assignment.unit_id else None, paths):
            continue
        for policy in policies:
            score = _policy_score(policy, assignment)
            if score is not None and (assignment.user_id not in best or score > best[assignment.user_id][0]):
                best[assignment.user_id] = (score, assignment, policy)
    return {user_id: (assignment, policy) for user_id, (_score, assignment, policy) in best.items()}


def _visit_counts(user_ids, months: list[Month]) -> Counts:
    """Visits per participant and month, by kind and by whether the participant recorded them (a team
    visit credits the members only if the policy says so), from one grouped query. The month is found
    by the database with plain comparisons: SQLite's date functions are Python callbacks, one per row."""
    bounds = [month_bounds(*month) for month in months]
    month_index = Case(
        *[When(visit__visited_on__range=span, then=Value(index)) for index, span in enumerate(bounds)],
        output_field=IntegerField(),
    )
    rows = (
        Visit.participants.through.objects.filter(
            user_id__in=user_ids,
            visit__visited_on__gte=min(start for start, _end in bounds),
            visit__visited_on__lte=max(end for _start, end in bounds),
        )
        .values(
            "user_id",
            "visit__kind",
            month=month_index,
            own=ExpressionWrapper(Q(user_id=F("visit__cadre_id")), output_field=BooleanField()),
        )
        .annotate(n=Count("pk"))
    )
    counts: Counts = defaultdict(list)
    for row in rows:
        if row["month"] is not None:  # a day between two non-consecutive months
            counts[(row["user_id"], months[row["month"]])].append((row["visit__kind"], row["own"], row["n"]))
    return counts


def _quota_row(user_id: int, match: Match, month: Month, counts: Counts, *, finished: bool) -> QuotaRow:
    assignment, policy = match
    trips = blocks = 0
    for kind, own, n in counts.get((user_id, month), ()):
        if own or policy.count_team_visits:
            trips += n if kind in FIELD_TRIP_KINDS else 0
            blocks += n if kind == VisitKind.BLOCK_MEETING else 0
    row = QuotaRow(
        user=assignment.user,
        assignment=assignment,
        policy=policy,
        year=month[0],
        month=month[1],
        field_trips=trips,
        block_meetings=blocks,
        month_finished=finished,
    )
    if row.field_trips < policy.min_field_trips:
        row.missing.append(_("thiếu %(n)d chuyến đi cơ sở") % {"n": policy.min_field_trips - row.field_trips})
    if row.block_meetings < policy.min_block_meetings:
        row.missing.append(
            _("thiếu %(n)d buổi dự sinh hoạt chi hội, khu dân cư")
            % {"n": policy.min_block_meetings - row.block_meetings}
        )
    return row


def quota_rows_by_month(
    months: list[Month], *, paths: list[str], today: date, user=None, organization_id: int | None = None
) -> dict[Month, list[QuotaRow]]:
    """``quota_rows`` of several months in three queries, however many months and cadres: the dashboard's
    ``fieldwork.quota_met`` asks for every month of a period, nationwide."""
    result: dict[Month, list[QuotaRow]] = {month: [] for month in months}
    if not months or not paths:
        return result
    bounds = {month: month_bounds(*month) for month in months}
    first, last = min(start for start, _end in bounds.values()), max(end for _start, end in bounds.values())
    policies = _policies(min(end for _start, end in bounds.values()), last)
    if not policies:
        return result
    assignments = _assignments(first, last, user=user, organization_id=organization_id)
    matches: dict[Month, dict[int, Match]] = {}
    for month, (start, end) in bounds.items():
        in_month = [assignment for assignment in assignments if _in_force(assignment, start, end)]
        matches[month] = _best_matches(in_month, [p for p in policies if _in_force(p, end, end)], paths)
    user_ids = {user_id for best in matches.values() for user_id in best}
    counts = _visit_counts(user_ids, list(bounds)) if user_ids else {}
    # One sort key per cadre, not per cadre and month: the key is the costly part of a year's rows.
    names = {a.user_id: vietnamese_sort_key(a.user.full_name or a.user.username) for a in assignments}
    for month, best in matches.items():
        finished = bounds[month][1] < today
        rows = [_quota_row(user_id, match, month, counts, finished=finished) for user_id, match in best.items()]
        rows.sort(key=lambda r: (r.met, names[r.user.pk]))
        result[month] = rows
    return result


def quota_rows(
    *, year: int, month: int, paths: list[str], today: date, user=None, organization_id: int | None = None
) -> list[QuotaRow]:
    """One row per cadre with a quota in the month, whose assignment lies under ``paths`` (or only ``user``).
    The policy is the one in force on the month's last day."""
    rows = quota_rows_by_month([(year, month)], paths=paths, today=today, user=user, organization_id=organization_id)
    return rows[(year, month)]


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
