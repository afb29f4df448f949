import pytest

from danvan.core.errors import TransitionNotAllowed
from danvan.inspections.workflow import (
    PlanAction,
    PlanStatus,
    RecAction,
    RecStatus,
    plan_actions,
    plan_transition,
    rec_actions,
    rec_transition,
)


def test_plan_goes_draft_approved_in_progress_concluded():
    status = PlanStatus.DRAFT
    for action, expected in (
        (PlanAction.APPROVE, PlanStatus.APPROVED),
        (PlanAction.START, PlanStatus.IN_PROGRESS),
        (PlanAction.CONCLUDE, PlanStatus.CONCLUDED),
    ):
        status = plan_transition(action, status).target
        assert status == expected
    assert plan_actions(PlanStatus.CONCLUDED) == []


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (PlanAction.START, PlanStatus.DRAFT),  # not approved yet
        (PlanAction.CONCLUDE, PlanStatus.APPROVED),  # never inspected
        (PlanAction.APPROVE, PlanStatus.CONCLUDED),
        (PlanAction.RETURN_TO_DRAFT, PlanStatus.IN_PROGRESS),
        ("delete", PlanStatus.DRAFT),
    ],
)
def test_plan_refuses_skipping_steps(action, status):
    with pytest.raises(TransitionNotAllowed):
        plan_transition(action, status)


def test_returning_an_approved_plan_needs_a_reason():
    assert plan_transition(PlanAction.RETURN_TO_DRAFT, PlanStatus.APPROVED).needs_note
    assert plan_actions(PlanStatus.APPROVED) == [PlanAction.RETURN_TO_DRAFT, PlanAction.START]


def test_owner_reports_team_accepts_or_returns():
    assert rec_actions(RecStatus.OPEN, is_owner=True, is_team=False) == [RecAction.REPORT, RecAction.MARK_DONE]
    assert rec_actions(RecStatus.OPEN, is_owner=False, is_team=True) == []
    assert rec_actions(RecStatus.SUBMITTED, is_owner=True, is_team=False) == []
    assert rec_actions(RecStatus.SUBMITTED, is_owner=False, is_team=True) == [RecAction.ACCEPT, RecAction.RETURN]
    assert rec_actions(RecStatus.DONE, is_owner=True, is_team=True) == []
    assert rec_transition(RecAction.RETURN, RecStatus.SUBMITTED)[0].target == RecStatus.OPEN
    with pytest.raises(TransitionNotAllowed):
        rec_transition(RecAction.ACCEPT, RecStatus.OPEN)  # nothing reported done yet
