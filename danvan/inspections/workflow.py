"""The state machines of inspections, as pure tables (no database, STYLE.md §5).

A plan (kế hoạch kiểm tra, giám sát) goes draft → approved → in progress → concluded. A recommendation
(kiến nghị) is open until its owner reports it done ("submitted"); the inspecting team then accepts it
(done) or returns it (back to open, with a reason). Services look transitions up here; pages show only the
actions these tables allow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import TransitionNotAllowed


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã phê duyệt")
    IN_PROGRESS = "in_progress", _("Đang kiểm tra")
    CONCLUDED = "concluded", _("Đã kết luận")


class PlanAction(models.TextChoices):
    APPROVE = "approve", _("Phê duyệt kế hoạch")
    START = "start", _("Bắt đầu kiểm tra")
    CONCLUDE = "conclude", _("Kết luận kiểm tra")
    RETURN_TO_DRAFT = "return_to_draft", _("Trả về dự thảo")


class RecStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    SUBMITTED = "submitted", _("Đơn vị báo đã hoàn thành, chờ đoàn xác nhận")
    DONE = "done", _("Đã hoàn thành")


class RecAction(models.TextChoices):
    REPORT = "report", _("Báo cáo tiến độ")
    MARK_DONE = "mark_done", _("Báo cáo hoàn thành")
    ACCEPT = "accept", _("Xác nhận hoàn thành")
    RETURN = "return", _("Trả lại, yêu cầu tiếp tục thực hiện")


OWNER, TEAM = "owner", "team"  # who may take a recommendation action


@dataclass(frozen=True)
class Transition:
    source: frozenset[str]
    target: str | None  # None: the status does not change
    needs_note: bool = False


PLAN_TRANSITIONS: dict[str, Transition] = {
    PlanAction.APPROVE: Transition(frozenset({PlanStatus.DRAFT}), PlanStatus.APPROVED),
    PlanAction.RETURN_TO_DRAFT: Transition(frozenset({PlanStatus.APPROVED}), PlanStatus.DRAFT, needs_note=True),
    PlanAction.START: Transition(frozenset({PlanStatus.APPROVED}), PlanStatus.IN_PROGRESS),
    PlanAction.CONCLUDE: Transition(frozenset({PlanStatus.IN_PROGRESS}), PlanStatus.CONCLUDED),
}

REC_TRANSITIONS: dict[str, tuple[Transition, str]] = {
    RecAction.REPORT: (Transition(frozenset({RecStatus.OPEN}), None, needs_note=True), OWNER),
    RecAction.MARK_DONE: (Transition(frozenset({RecStatus.OPEN}), RecStatus.SUBMITTED, needs_note=True), OWNER),
    RecAction.ACCEPT: (Transition(frozenset({RecStatus.SUBMITTED}), RecStatus.DONE), TEAM),
    RecAction.RETURN: (Transition(frozenset({RecStatus.SUBMITTED}), RecStatus.OPEN, needs_note=True), TEAM),
}

# Plan statuses in which the team still plans (team, targets, schedule can change).
EDITABLE_PLAN = frozenset({PlanStatus.DRAFT, PlanStatus.APPROVED})
# Findings and recommendations are recorded while inspecting (and may be completed before concluding).
RECORDING_PLAN = frozenset({PlanStatus.IN_PROGRESS})


def plan_transition(action: str, status: str) -> Transition:
    transition = PLAN_TRANSITIONS.get(action)
    if transition is None or status not in transition.source:
        raise TransitionNotAllowed()
    return transition


def plan_actions(status: str) -> list[PlanAction]:
    return [PlanAction(action) for action, t in PLAN_TRANSITIONS.items() if status in t.source]


def rec_transition(action: str, status: str) -> tuple[Transition, str]:
    entry = REC_TRANSITIONS.get(action)
    if entry is None or status not in entry[0].source:
        raise TransitionNotAllowed()
    return entry


def rec_actions(status: str, *, is_owner: bool, is_team: bool) -> list[RecAction]:
    allowed = []
    for action, (transition, who) in REC_TRANSITIONS.items():
        if status in transition.source and ((who == OWNER and is_owner) or (who == TEAM and is_team)):
            allowed.append(RecAction(action))
    return allowed
