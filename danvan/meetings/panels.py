"""The meetings panel on a case page: the case came from a reception visit or a dialogue."""

from __future__ import annotations

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.cases.extensions import CasePanel
from danvan.meetings.models import DialogueIssue, ReceptionVisit


def case_origin_panel(request, case) -> CasePanel | None:
    if case.channel not in ("in_person", "dialogue"):
        return None
    visit = ReceptionVisit.objects.filter(cases=case).select_related("session").first()
    issue = None if visit else DialogueIssue.objects.filter(case=case).select_related("dialogue").first()
    if visit is None and issue is None:
        return None
    record = visit or issue.dialogue
    return CasePanel(
        template="meetings/case_panel.html",
        context={"visit": visit, "issue": issue, "can_open": has_perm(request.user, Perm.MEETING_MANAGE, record)},
    )
