"""Readers of democracy, scoped to the user's jurisdiction (``visible_to(user, Perm.DEMOCRACY_MANAGE)``),
plus the public reads of the portal (published disclosures only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.accounts.roles import Perm
from danvan.core.text import fold
from danvan.democracy.models import Board, CommunityVote, Consultation, Disclosure, Recommendation, VillageHouseholds
from danvan.territory.models import AdministrativeUnit

MANAGE = Perm.DEMOCRACY_MANAGE
Level = AdministrativeUnit.Level


# --- Disclosure compliance (Arts. 12–13) ----------------------------------------------------------------


class Problem:
    LATE = "late"  # published after the deadline
    MISSING = "missing"  # not published, deadline passed
    EARLY_TAKEDOWN = "early_takedown"  # taken down before the minimum posting period ended
    LOUDSPEAKER = "loudspeaker"  # groups 7–12: fewer loudspeaker days than required


PROBLEM_LABELS = {
    Problem.LATE: _("Công khai muộn"),
    Problem.MISSING: _("Quá hạn chưa công khai"),
    Problem.EARLY_TAKEDOWN: _("Gỡ niêm yết trước thời hạn"),
    Problem.LOUDSPEAKER: _("Chưa đủ số ngày phát loa"),
}


def posting_ends(disclosure: Disclosure) -> date | None:
    """The first day the item may be taken down: published on day P, posted ≥ N consecutive days (P … P+N-1)."""
    if disclosure.published_on is None or disclosure.group.permanent:
        return None
    return disclosure.published_on + timedelta(days=disclosure.group.min_posting_days)


def disclosure_problems(disclosure: Disclosure, *, today: date) -> list[str]:
    problems = []
    if disclosure.published_on is None:
        if today > disclosure.deadline:
            problems.append(Problem.MISSING)
        return problems
    if disclosure.published_on > disclosure.deadline:
        problems.append(Problem.LATE)
    ends = posting_ends(disclosure)
    if ends is not None and disclosure.taken_down_on is not None and disclosure.taken_down_on < ends:
        problems.append(Problem.EARLY_TAKEDOWN)
    required = disclosure.group.loudspeaker_days
    # Due only once the minimum period could have been broadcast.
    if (
        required
        and disclosure.loudspeaker_days < required
        and (disclosure.loudspeaker_days or today >= disclosure.published_on + timedelta(days=required))
    ):
        problems.append(Problem.LOUDSPEAKER)
    return problems


@dataclass
class DisclosureRow:
    item: Disclosure
    problems: list[str]

    @property
    def problem_labels(self) -> list[str]:
        return [str(PROBLEM_LABELS[p]) for p in self.problems]

    @property
    def state(self) -> str:
        if self.problems:
            return "problem"
        return "published" if self.item.published_on else "pending"


def disclosures_visible_to(user) -> QuerySet[Disclosure]:
    return Disclosure.objects.visible_to(user, MANAGE).select_related("group", "commune")


def disclosure_for(user, pk: int) -> Disclosure:
    return disclosures_visible_to(user).get(pk=pk)


def disclosure_rows(queryset, *, today: date) -> list[DisclosureRow]:
    return [DisclosureRow(item, disclosure_problems(item, today=today)) for item in queryset]


def disclosure_search(queryset: QuerySet[Disclosure], *, q: str = "", commune_id=None, group=None):
    if q:
        queryset = queryset.filter(title_folded__contains=fold(q))
    if commune_id:
        queryset = queryset.filter(commune_id=commune_id)
    if group:
        queryset = queryset.filter(group__number=group)
    return queryset


def compliance_rows(user, *, today: date, commune_id=None) -> list[DisclosureRow]:
    """Late or missing disclosures (and early take-downs, short loudspeaker runs), oldest deadline first."""
    queryset = disclosure_search(disclosures_visible_to(user), commune_id=commune_id).filter(
        Q(published_on__isnull=True, deadline__lt=today) | Q(published_on__isnull=False)
    )
    return [row for row in disclosure_rows(queryset.order_by("deadline"), today=today) if row.problems]


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(days=1)
    return start, end


def quarterly_list(commune: AdministrativeUnit, year: int, quarter: int) -> list[Disclosure]:
    """Art. 13: the quarterly list of what was published (content, form, time), posted at the commune office."""
    start, end = quarter_bounds(year, quarter)
    return list(
        Disclosure.objects.filter(commune=commune, published_on__gte=start, published_on__lte=end)
        .select_related("group")
        .order_by("published_on", "group__number", "pk")
    )


# --- Public portal ----------------------------------------------------------------------------------------


def public_disclosures(commune: AdministrativeUnit, *, today: date) -> list[Disclosure]:
    """What the commune has published and not taken down (the portal repeats the posting, Art. 12)."""
    return list(
        Disclosure.objects.filter(commune=commune, published_on__isnull=False, published_on__lte=today)
        .filter(Q(taken_down_on__isnull=True) | Q(taken_down_on__gt=today))
        .select_related("group")
        .order_by("group__number", "-published_on")
    )


def public_commune(pk) -> AdministrativeUnit | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return AdministrativeUnit.objects.current().filter(level=Level.COMMUNE, pk=pk).select_related("parent").first()


# --- Villages, votes, consultations ---------------------------------------------------------------------


def communes_managed(user) -> QuerySet[AdministrativeUnit]:
    """Communes where the user may manage disclosures, boards and commune-wide votes."""
    from danvan.accounts.scoping import units_in_jurisdiction

    return units_in_jurisdiction(user, MANAGE, levels=[Level.COMMUNE])


def villages_managed(user) -> QuerySet[AdministrativeUnit]:
    from danvan.accounts.scoping import units_in_jurisdiction

    return units_in_jurisdiction(user, MANAGE, levels=[Level.VILLAGE])


@dataclass
class VillageRow:
    village: AdministrativeUnit
    latest: VillageHouseholds | None


def village_rows(user) -> list[VillageRow]:
    villages = list(villages_managed(user))
    latest: dict[int, VillageHouseholds] = {}
    for row in VillageHouseholds.objects.filter(village__in=villages).order_by("village_id", "-as_of"):
        latest.setdefault(row.village_id, row)
    return [VillageRow(village, latest.get(village.pk)) for village in villages]


def votes_visible_to(user) -> QuerySet[CommunityVote]:
    return CommunityVote.objects.visible_to(user, MANAGE).select_related("commune", "village", "parent")


def vote_for(user, pk: int) -> CommunityVote:
    return votes_visible_to(user).get(pk=pk)


def consultations_visible_to(user) -> QuerySet[Consultation]:
    return Consultation.objects.visible_to(user, MANAGE).select_related("commune")


# --- Boards -------------------------------------------------------------------------------------------


def boards_visible_to(user) -> QuerySet[Board]:
    return Board.objects.visible_to(user, MANAGE).select_related("commune")


def board_for(user, pk: int) -> Board:
    return boards_visible_to(user).get(pk=pk)


def board_minimum(board: Board) -> int:
    """At least 5 members (Arts. 36, 42); a People's Inspection Board has one per village, at least 5."""
    if board.kind == Board.Kind.INSPECTION:
        villages = AdministrativeUnit.objects.current().filter(parent=board.commune, level=Level.VILLAGE).count()
        return max(5, villages)
    return 5


def recommendations_visible_to(user) -> QuerySet[Recommendation]:
    return Recommendation.objects.visible_to(user, MANAGE).select_related("board", "board__commune")


def recommendations_overdue(user, *, today: date) -> QuerySet[Recommendation]:
    return recommendations_visible_to(user).filter(answered_on__isnull=True, answer_due__lt=today)


@dataclass
class DeskCounts:
    disclosures_problems: int
    votes_open: int
    recommendations_overdue: int


def desk_counts(user, *, today: date) -> DeskCounts:
    return DeskCounts(
        disclosures_problems=len(compliance_rows(user, today=today)),
        votes_open=votes_visible_to(user)
        .filter(status__in=[CommunityVote.Status.PLANNED, CommunityVote.Status.DECIDED, CommunityVote.Status.SENT])
        .count(),
        recommendations_overdue=recommendations_overdue(user, today=today).count(),
    )
