"""Readers of analytics, scoped to the user's jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from danvan.accounts.models import RoleAssignment, User
from danvan.accounts.roles import Perm, roles_granting
from danvan.accounts.scoping import has_perm
from danvan.analytics import risk
from danvan.analytics.models import Alert, AlertRule, CaseInsight, CategorySuggestion
from danvan.cases.models import Case, Category
from danvan.cases.selectors import cases_visible_to
from danvan.cases.services import identity_visible_to
from danvan.cases.workflow import Kind
from danvan.territory.models import path_ancestors


def alerts_for(user, *, status: str = "") -> QuerySet[Alert]:
    alerts = Alert.objects.visible_to(user, Perm.ALERT_VIEW).select_related("unit", "category", "case", "rule")
    if status == "history":
        return alerts.filter(status=Alert.Status.CLOSED).order_by("-closed_at", "-pk")
    if status:
        return alerts.filter(status=status)
    return alerts.open().order_by("-score", "-created_at")


def alert_for(user, pk: int) -> Alert:
    """Raises Alert.DoesNotExist for missing and out-of-jurisdiction alerts alike."""
    alerts = Alert.objects.visible_to(user, Perm.ALERT_VIEW)
    return alerts.select_related("unit", "category", "case", "hotspot", "rule").get(pk=pk)


def alerts_open_count(user) -> int:
    return Alert.objects.visible_to(user, Perm.ALERT_VIEW).open().count()


def alert_recipients(alert: Alert) -> list[User]:
    """ALERT_VIEW holders (leaders, coordinators) whose jurisdiction covers the alert's unit."""
    assignments = RoleAssignment.objects.filter(
        role__in=roles_granting(Perm.ALERT_VIEW), valid_to__isnull=True, user__is_active=True
    ).filter(Q(unit__path__in=path_ancestors(alert.unit_path)) | Q(unit__isnull=True))
    return list(User.objects.filter(pk__in=assignments.values("user_id")).order_by("name_sort"))


def _members_visible(user, insight: CaseInsight | None, case: Case) -> list[Case]:
    if insight is None or not insight.group_key:
        return []
    ids = CaseInsight.objects.filter(group_key=insight.group_key).exclude(case=case).values("case_id")
    others = cases_visible_to(user).filter(pk__in=ids).select_related("category").order_by("received_at")
    # A denunciation in the group is listed only to those who may see its denouncer.
    return [other for other in others if other.kind != Kind.DENUNCIATION or identity_visible_to(user, other)]


@dataclass
class Panel:
    suggestions: list[dict] = field(default_factory=list)
    model_version: str = ""
    chosen: Category | None = None
    can_choose: bool = False
    categories: list[Category] = field(default_factory=list)
    group: list[Case] = field(default_factory=list)
    group_hidden: bool = False
    repeats: list[Case] = field(default_factory=list)
    risk_score: float | None = None
    risk_factors: list[risk.Factor] = field(default_factory=list)


def case_panel(user, case: Case, *, suggestion: CategorySuggestion | None) -> Panel:
    from danvan.cases.selectors import cases_same_submitter

    insight = CaseInsight.objects.filter(case=case).first()
    categories = {c.code: c for c in Category.objects.filter(is_active=True)}
    panel = Panel(categories=list(categories.values()))
    if suggestion is not None:
        panel.model_version = suggestion.model_version
        panel.chosen = suggestion.chosen_category
        panel.suggestions = [
            {"code": s["code"], "name": categories[s["code"]].name, "percent": round(s["p"] * 100)}
            for s in suggestion.suggestions
            if s["code"] in categories
        ]
    panel.can_choose = has_perm(user, Perm.CASE_HANDLE, case)
    secret = case.kind == Kind.DENUNCIATION and not identity_visible_to(user, case)
    panel.group_hidden = secret
    if not secret:
        panel.group = _members_visible(user, insight, case)
        panel.repeats = [
            other
            for other in cases_same_submitter(case, user)[:10]
            if other.kind != Kind.DENUNCIATION or identity_visible_to(user, other)
        ]
    if insight is not None and not secret:
        panel.risk_score = insight.risk_score
        panel.risk_factors = [risk.Factor(**f) for f in insight.risk_factors]
    return panel


def worklist_badges(user, cases: list[Case]) -> dict[int, list[dict]]:
    """Per case pk: badges for the worklist (same-incident group size, high risk)."""
    # One query: the risk rule's threshold rides along as a subquery (the worklist counts its queries).
    threshold = AlertRule.objects.filter(kind=AlertRule.Kind.RISK, is_active=True).values("min_score")[:1]
    insights = CaseInsight.objects.filter(case__in=[c.pk for c in cases]).annotate(threshold=Subquery(threshold))
    by_case = {i.case_id: i for i in insights}
    badges: dict[int, list[dict]] = {}
    for case in cases:
        insight = by_case.get(case.pk)
        if insight is None:
            continue
        if case.kind == Kind.DENUNCIATION and not identity_visible_to(user, case):
            continue
        items = []
        if insight.group_key and insight.group_size > 1:
            items.append(
                {"text": _("%(count)s đơn cùng vụ việc") % {"count": insight.group_size}, "css": "badge-group"}
            )
        if insight.risk_score >= (insight.threshold if insight.threshold is not None else 60):
            items.append({"text": _("Nguy cơ %(score)s") % {"score": round(insight.risk_score)}, "css": "badge-risk"})
        if items:
            badges[case.pk] = items
    return badges
