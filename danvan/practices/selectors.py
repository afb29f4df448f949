"""Readers of practices, scoped to the user's jurisdiction; and the public (recognised-only) reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch

from danvan.accounts.roles import Perm
from danvan.core.clock import now_or_current
from danvan.practices.models import Commendation, NewsItem, Practice, Replication, Review
from danvan.territory.models import AdministrativeUnit

_RELATED = ("unit", "unit__parent", "organization")


def practices_visible_to(user):
    return Practice.objects.visible_to(user, Perm.PRACTICE_MANAGE).select_related(*_RELATED)


def practice_for(user, public_id) -> Practice:
    """Raises Practice.DoesNotExist for a missing practice and for one outside the user's jurisdiction."""
    return practices_visible_to(user).get(public_id=public_id)


def practice_page(practice: Practice) -> dict:
    reviews = list(
        practice.reviews.select_related("criteria_set", "scored_by").prefetch_related(
            "scores__criterion", "criteria_set__criteria"
        )
    )
    return {
        "results": list(practice.results.all()),
        "evidence": list(practice.evidence.all()),
        "reviews": reviews,
        "pending": next((review for review in reviews if review.outcome == Review.Outcome.PENDING), None),
        "events": list(practice.events.select_related("actor")),
        "commendations": list(practice.commendations.all()),
        "replications": list(practice.replications.select_related("unit", "unit__parent")),
    }


@dataclass(frozen=True)
class ShowcaseFilters:
    q: str = ""
    field: str = ""
    province: AdministrativeUnit | None = None
    level: str = ""


def showcase(filters: ShowcaseFilters):
    """Recognised practices only, newest recognition first."""
    queryset = (
        Practice.objects.recognised()
        .select_related(*_RELATED)
        .annotate(replication_count=Count("replications", distinct=True))
    )
    if filters.q:
        queryset = queryset.search(filters.q)
    if filters.field:
        queryset = queryset.filter(field=filters.field)
    if filters.province is not None:
        queryset = queryset.filter(unit_path__under=filters.province.path)
    if filters.level:
        queryset = queryset.filter(recognised_level=filters.level)
    return queryset.order_by("-recognised_at", "pk")


def showcase_provinces():
    """Provinces that have at least one recognised practice (for the filter)."""
    prefixes = {
        "/" + path.strip("/").split("/")[0] + "/"
        for path in Practice.objects.recognised().values_list("unit_path", flat=True)
    }
    return AdministrativeUnit.objects.current().filter(path__in=prefixes).order_by("name_sort")


def showcase_practice(public_id) -> Practice:
    return Practice.objects.recognised().select_related(*_RELATED).get(public_id=public_id)


def commended_practices(limit: int = 60):
    return (
        Commendation.objects.filter(practice__recognised_level__gt="")
        .select_related("practice", "practice__unit", "practice__unit__parent")
        .order_by("-decision_date", "pk")[:limit]
    )


def most_replicated(limit: int = 10):
    return (
        Practice.objects.recognised()
        .select_related(*_RELATED)
        .annotate(replication_count=Count("replications"))
        .filter(replication_count__gt=0)
        .prefetch_related(Prefetch("replications", queryset=Replication.objects.select_related("unit")))
        .order_by("-replication_count", "-recognised_at")[:limit]
    )


def news_visible_to(user):
    return NewsItem.objects.visible_to(user, Perm.PRACTICE_MANAGE).select_related("organization")


def news_published(now: datetime | None = None):
    return NewsItem.objects.published(now_or_current(now)).select_related("organization").order_by("-published_at")


def practice_counts(user) -> dict[str, int]:
    """The desk card's figures."""
    queryset = Practice.objects.visible_to(user, Perm.PRACTICE_MANAGE)
    return {
        "registered": queryset.filter(status=Practice.Status.REGISTERED).count(),
        "under_review": queryset.filter(status=Practice.Status.UNDER_REVIEW).count(),
        "recognised": queryset.exclude(recognised_level="").count(),
    }
