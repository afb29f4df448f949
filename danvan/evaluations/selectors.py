"""Readers of evaluations, scoped to the user's jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import jurisdiction_paths
from danvan.evaluations.models import Assessment, CriteriaSet, Criterion, Round, Score


def _path_q(paths: list[str], field_name: str) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field_name}__under": path})
    return condition


def criteria_sets_visible_to(user) -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.visible_to(user, Perm.EVALUATION_MANAGE).select_related("unit")


def criteria_set_for(user, public_id) -> CriteriaSet:
    return criteria_sets_visible_to(user).get(public_id=public_id)


def rounds_visible_to(user) -> QuerySet[Round]:
    """Rounds the user reviews (over the parent unit) or takes part in (over one of its units)."""
    paths = jurisdiction_paths(user, Perm.EVALUATION_MANAGE)
    if not paths:
        return Round.objects.none()
    reviewing = _path_q(paths, "unit_path")
    taking_part = Q(pk__in=Assessment.objects.filter(_path_q(paths, "unit_path")).values("round_id"))
    return Round.objects.filter(reviewing | taking_part).select_related("parent_unit", "criteria_set").distinct()


def round_for(user, public_id) -> Round:
    return rounds_visible_to(user).get(public_id=public_id)


def assessments_visible_to(user) -> QuerySet[Assessment]:
    """A unit sees its own assessments; the reviewing unit sees all of its round (same subtree)."""
    return Assessment.objects.visible_to(user, Perm.EVALUATION_MANAGE).select_related("unit", "round__parent_unit")


def assessment_for(user, public_id) -> Assessment:
    return assessments_visible_to(user).get(public_id=public_id)


def round_assessments(round_: Round, user) -> list[Assessment]:
    """The ranking: ranked units by rank, then units not ranked (with their reason) by name."""
    visible = set(assessments_visible_to(user).filter(round=round_).values_list("pk", flat=True))
    rows = list(round_.assessments.select_related("unit"))
    rows.sort(key=lambda a: (a.rank is None, a.rank or 0, a.unit.name_sort))
    for row in rows:
        row.can_open = row.pk in visible
    return rows


@dataclass
class TreeRow:
    criterion: Criterion
    depth: int
    is_leaf: bool
    score: Score | None = None
    children: list[TreeRow] = field(default_factory=list)
    points: Decimal | None = None


def criteria_tree(criteria_set: CriteriaSet, scores: dict[int, Score] | None = None) -> list[TreeRow]:
    """The criteria in reading order (pre-order), each with its depth and, for an assessment, its score."""
    nodes = list(criteria_set.criteria.order_by("position", "pk"))
    children: dict[int | None, list[Criterion]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    rows: list[TreeRow] = []

    def walk(node: Criterion, depth: int) -> None:
        kids = children.get(node.pk, [])
        rows.append(TreeRow(node, depth, not kids, (scores or {}).get(node.pk)))
        for kid in kids:
            walk(kid, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    return rows


def assessment_tree(assessment: Assessment) -> list[TreeRow]:
    scores = {score.criterion_id: score for score in assessment.scores.select_related("criterion")}
    return criteria_tree(assessment.round.criteria_set, scores)
