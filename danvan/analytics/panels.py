"""What analytics adds to the cases app's pages, through the extension points of danvan.cases.extensions
(registered in AnalyticsConfig.ready; cases never imports analytics)."""

from __future__ import annotations

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.cases.extensions import CasePanel, WorklistBadge

STYLESHEET = "css/analytics.css"


def case_panel_provider(request, case) -> CasePanel | None:
    from danvan.analytics import selectors, services

    user = request.user
    if not has_perm(user, Perm.CASE_VIEW, case):
        return None
    try:
        suggestion = services.suggestion_ensure(case)
    except ImportError:  # scikit-learn or pyvi not installed: the rest of the panel still works
        suggestion = None
    panel = selectors.case_panel(user, case, suggestion=suggestion)
    return CasePanel(template="analytics/_case_panel.html", context={"data": panel, "case": case})


def worklist_badge_provider(request, cases) -> dict[int, list[WorklistBadge]]:
    from danvan.analytics import selectors

    if not has_perm(request.user, Perm.CASE_VIEW):
        return {}
    return {
        pk: [WorklistBadge(text=item["text"], css=item["css"], stylesheet=STYLESHEET) for item in items]
        for pk, items in selectors.worklist_badges(request.user, cases).items()
    }
