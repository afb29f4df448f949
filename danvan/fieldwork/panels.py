"""The panel on a case page that links a case opened from a visit back to the visit."""

from __future__ import annotations

from danvan.cases.extensions import CasePanel
from danvan.fieldwork.models import FollowUp, Visit
from danvan.fieldwork.selectors import visit_for


def case_visit_panel(request, case) -> CasePanel | None:
    follow_up = FollowUp.objects.filter(case=case).select_related("visit", "observation").first()
    if follow_up is None:
        return None
    try:
        visit = visit_for(request.user, follow_up.visit.public_id)
    except Visit.DoesNotExist:
        visit = None  # the case's handler may not see the visit: show only that it came from one
    return CasePanel(
        template="fieldwork/case_panel.html",
        context={"follow_up": follow_up, "visit": visit},
    )
