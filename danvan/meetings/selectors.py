"""Readers of meetings, scoped to the user's jurisdiction (Perm.MEETING_MANAGE), plus the public reads
of the portal (published sessions and commitments only) and the sentiment signals for early warning.

Compliance periods: a leader's obligation is counted per week (Monday–Sunday) or per calendar month. A week
belongs to the month holding its Thursday (ISO 8601), so a week across a month boundary is counted once, in
one month, and a session held on its Tuesday 30th still fills it. Only finished periods are required: the
running week or month is shown but never counted as missed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from danvan.accounts.roles import Perm
from danvan.core.clock import local_date
from danvan.core.sentiment import SentimentSignal
from danvan.meetings.models import (
    Commitment,
    Conference,
    Dialogue,
    DialogueIssue,
    ReceptionDuty,
    ReceptionPolicy,
    ReceptionSession,
    ReceptionVisit,
)
from danvan.territory.calendar import WorkingCalendar, working_calendar


def sessions_visible_to(user) -> QuerySet[ReceptionSession]:
    return ReceptionSession.objects.visible_to(user, Perm.MEETING_MANAGE).select_related("unit", "duty")


def session_for(user, public_id) -> ReceptionSession:
    """Raises DoesNotExist for missing and out-of-jurisdiction sessions alike."""
    return sessions_visible_to(user).get(public_id=public_id)


def duties_visible_to(user) -> QuerySet[ReceptionDuty]:
    return ReceptionDuty.objects.visible_to(user, Perm.MEETING_MANAGE).select_related("leader", "policy", "unit")


def visits_visible_to(user) -> QuerySet[ReceptionVisit]:
    return ReceptionVisit.objects.visible_to(user, Perm.MEETING_MANAGE).select_related("unit", "session")


def dialogues_visible_to(user) -> QuerySet[Dialogue]:
    return Dialogue.objects.visible_to(user, Perm.MEETING_MANAGE).select_related("unit", "organization")


def dialogue_for(user, public_id) -> Dialogue:
    return dialogues_visible_to(user).get(public_id=public_id)


def conferences_visible_to(user) -> QuerySet[Conference]:
    return Conference.objects.visible_to(user, Perm.MEETING_MANAGE).select_related("organization")


def commitments_visible_to(user) -> QuerySet[Commitment]:
    return Commitment.objects.visible_to(user, Perm.MEETING_MANAGE).select_related("organization", "unit", "leader")


def commitment_for(user, public_id) -> Commitment:
    return commitments_visible_to(user).get(public_id=public_id)


def commitments_overdue_q(day: date) -> Q:
    """Not done by ``day`` (the end of the day) and due before it."""
    not_done = Q(status=Commitment.Status.OPEN) | Q(status=Commitment.Status.DONE, done_on__gt=day)
    return not_done & Q(due_date__lt=day, committed_on__lte=day)


# --- Clocks -----------------------------------------------------------------------------------------------


def due_info(due: date | None, done: date | None, today: date, calendar: WorkingCalendar) -> dict:
    """A reply, refusal-notice or commitment clock: done on time or late, or working days left / overdue."""
    if due is None:
        return {}
    if done:
        return {"due": due, "state": "done" if done <= due else "late-done"}
    left = calendar.working_days_between(today, due)
    return {"due": due, "days": abs(left), "state": "overdue" if left < 0 else ("soon" if left <= 2 else "ok")}


def due_infos(pairs: Iterable[tuple[date | None, date | None]], today: date) -> list[dict]:
    """The clocks of (due, done) pairs, a page of them, with one working calendar for all: the overrides of
    every year from the earliest running due date (or today) to the latest."""
    pairs = list(pairs)
    years = [today.year] + [due.year for due, done in pairs if due and not done]
    calendar = working_calendar(range(min(years), max(years) + 1))
    return [due_info(due, done, today, calendar) for due, done in pairs]


# --- Compliance ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


def periods(kind: str, start: date, end: date) -> list[Period]:
    """The weeks (attributed by their Thursday) or months (by their first day) that belong to [start, end]."""
    found: list[Period] = []
    if kind == ReceptionPolicy.Period.WEEK:
        monday = start - timedelta(days=start.weekday())
        while monday + timedelta(days=3) <= end:
            if monday + timedelta(days=3) >= start:
                sunday = monday + timedelta(days=6)
                found.append(Period(monday, sunday, f"{monday:%d/%m}–{sunday:%d/%m}"))
            monday += timedelta(days=7)
        return found
    first = date(start.year, start.month, 1)
    if first < start:
        first = _next_month(first)
    while first <= end:
        found.append(Period(first, _next_month(first) - timedelta(days=1), f"{first:%m/%Y}"))
        first = _next_month(first)
    return found


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass
class PeriodCell:
    period: Period
    required: int
    held: int
    finished: bool

    @property
    def gap(self) -> bool:
        return self.finished and self.held < self.required


@dataclass
class ComplianceRow:
    duty: ReceptionDuty
    cells: list[PeriodCell] = field(default_factory=list)

    @property
    def required(self) -> int:
        return sum(cell.required for cell in self.cells if cell.finished)

    @property
    def held(self) -> int:
        """Sessions counted against the requirement: extra sessions in one period never make up for a gap."""
        return sum(min(cell.held, cell.required) for cell in self.cells if cell.finished)

    @property
    def gaps(self) -> int:
        return sum(1 for cell in self.cells if cell.gap)

    @property
    def rate(self) -> float | None:
        return 100.0 * self.held / self.required if self.required else None


COUNTING_KINDS = (ReceptionSession.Kind.REGULAR, ReceptionSession.Kind.ONLINE)


def counting_q() -> Q:
    """Sessions that fill a duty: held, regular or online (an ad hoc day is extra), and chaired by the leader
    in person unless the duty's policy allows delegation."""
    in_person = Q(delegated=False) | Q(duty__policy__delegation_allowed=True)
    return Q(status=ReceptionSession.Status.HELD, kind__in=COUNTING_KINDS) & in_person


def counting_days(duties: QuerySet[ReceptionDuty], start: date, end: date) -> dict[int, list[date]]:
    """The days of the counting sessions of every duty, held in [start, end]: one query for all duties
    (the compliance page of a national coordinator lists a thousand)."""
    sessions = ReceptionSession.objects.filter(
        counting_q(), duty__in=duties.values("pk"), held_on__gte=start, held_on__lte=end
    )
    days: dict[int, list[date]] = defaultdict(list)
    for duty_id, held_on in sessions.values_list("duty_id", "held_on"):
        days[duty_id].append(held_on)
    return days


def compliance_row(
    duty: ReceptionDuty, spans: list[Period], *, today: date, days: Iterable[date] = ()
) -> ComplianceRow:
    """The duty's cells over ``spans`` (its policy's periods), from the days its counting sessions were
    held (``counting_days``)."""
    row = ComplianceRow(duty=duty)
    held_days = sorted(days)
    for span in spans:
        reference = span.start + timedelta(days=3) if duty.policy.period == ReceptionPolicy.Period.WEEK else span.start
        if reference < duty.valid_from or (duty.valid_to and reference > duty.valid_to):
            continue
        held = bisect_right(held_days, span.end) - bisect_left(held_days, span.start)
        row.cells.append(
            PeriodCell(period=span, required=duty.policy.sessions_required, held=held, finished=span.end < today)
        )
    return row


def compliance(duties, start: date, end: date, *, today: date | None = None) -> list[ComplianceRow]:
    """One row per duty in force at some time in [start, end], in a constant number of queries."""
    today = today or local_date()
    duties = duties.filter(valid_from__lte=end).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    found = list(duties.select_related("policy", "leader", "unit"))
    spans = {kind: periods(kind, start, end) for kind in {duty.policy.period for duty in found}}
    every_span = [span for kind_spans in spans.values() for span in kind_spans]
    days: dict[int, list[date]] = {}
    if every_span:
        days = counting_days(duties, min(span.start for span in every_span), max(span.end for span in every_span))
    return [compliance_row(duty, spans[duty.policy.period], today=today, days=days.get(duty.pk, ())) for duty in found]


# --- Early warning ------------------------------------------------------------------------------------------


def sentiment_signals(start: date, end: date) -> list[SentimentSignal]:
    """Issues raised at dialogues held in [start, end], as sentiment signals (no personal identities)."""
    issues = (
        DialogueIssue.objects.filter(
            dialogue__held_on__gte=start, dialogue__held_on__lte=end, dialogue__status=Dialogue.Status.HELD
        )
        .select_related("dialogue")
        .order_by("dialogue__held_on", "pk")
    )
    return [
        SentimentSignal(
            source="dialogue",
            source_id=issue.pk,
            unit_path=issue.dialogue.unit_path,
            on=issue.dialogue.held_on,
            tone=issue.tone,
            severity=int(issue.severity),
            topic=issue.topic,
            text=issue.text,
            url=f"/lam-viec/tiep-dan-doi-thoai/doi-thoai/{issue.dialogue.public_id}/",
        )
        for issue in issues
    ]


# --- Portal ---------------------------------------------------------------------------------------------------


def public_sessions(*, start: date, end: date, unit_path: str = "") -> QuerySet[ReceptionSession]:
    sessions = ReceptionSession.objects.filter(is_public=True, held_on__gte=start, held_on__lte=end).exclude(
        status=ReceptionSession.Status.CANCELLED
    )
    if unit_path:
        sessions = sessions.filter(unit_path__under=unit_path)
    return sessions.select_related("unit", "duty").order_by("held_on", "start_time")


def public_commitments(*, unit_path: str = "", status: str = "") -> QuerySet[Commitment]:
    commitments = Commitment.objects.filter(is_public=True).select_related("organization", "unit")
    if unit_path:
        commitments = commitments.filter(unit_path__under=unit_path)
    if status:
        commitments = commitments.filter(status=status)
    return commitments.order_by("status", "due_date", "pk")


def public_commitment(public_id) -> Commitment:
    return Commitment.objects.filter(is_public=True).select_related("organization", "unit").get(public_id=public_id)


# --- Choices for forms -------------------------------------------------------------------------------------


def leaders_in_jurisdiction(user, *, limit: int = 300):
    """Active users holding the leader role today at a unit inside the user's MEETING_MANAGE jurisdiction."""
    from danvan.accounts.models import RoleAssignment, User
    from danvan.accounts.roles import Role
    from danvan.accounts.scoping import jurisdiction_paths

    paths = jurisdiction_paths(user, Perm.MEETING_MANAGE)
    if not paths:
        return User.objects.none()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(unit__path__under=path)
    today = local_date()
    user_ids = (
        RoleAssignment.objects.filter(condition, role=Role.LEADER, valid_from__lte=today, user__is_active=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .values_list("user_id", flat=True)
    )
    return User.objects.filter(pk__in=list(user_ids)[:limit]).order_by("full_name")


def organizations_in_jurisdiction(user):
    from danvan.organizations.models import Organization

    return Organization.objects.visible_to(user, Perm.MEETING_MANAGE).select_related("unit").order_by("name")
