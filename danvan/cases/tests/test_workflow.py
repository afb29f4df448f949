from danvan.accounts.roles import ROLE_PERMISSIONS, Role
from danvan.cases.workflow import Action, Kind, Status, allowed_actions, transition_for


def test_refusal_needs_a_decision_maker_and_a_reason():
    transition = transition_for(Action.REFUSE, Status.SCREENING, Kind.COMPLAINT)
    assert transition.needs_note is True
    assert Action.REFUSE not in allowed_actions(Status.SCREENING, Kind.COMPLAINT, ROLE_PERMISSIONS[Role.CASE_HANDLER])
    assert Action.REFUSE in allowed_actions(Status.SCREENING, Kind.COMPLAINT, ROLE_PERMISSIONS[Role.LEADER])


def test_forwarded_is_final_so_a_case_is_forwarded_once():
    assert allowed_actions(Status.FORWARDED, Kind.FEEDBACK, ROLE_PERMISSIONS[Role.LEADER]) == []


def test_only_denunciations_can_be_kept_as_information():
    assert transition_for(Action.KEEP_AS_INFORMATION, Status.RECEIVED, Kind.DENUNCIATION) is not None
    assert transition_for(Action.KEEP_AS_INFORMATION, Status.RECEIVED, Kind.FEEDBACK) is None


def test_dialogue_is_a_complaint_step():
    assert transition_for(Action.RECORD_DIALOGUE, Status.VERIFYING, Kind.COMPLAINT) is not None
    assert transition_for(Action.RECORD_DIALOGUE, Status.VERIFYING, Kind.DENUNCIATION) is None


def test_suspended_case_can_only_resume_or_be_withdrawn():
    actions = allowed_actions(Status.SUSPENDED, Kind.COMPLAINT, ROLE_PERMISSIONS[Role.LEADER])
    assert set(actions) == {Action.RESUME, Action.WITHDRAW}
