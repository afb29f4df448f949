"""The case state machine as a pure table: no database, no Django models (STYLE.md §5).

Each transition names the permission it needs and, where the law limits it, the kinds it applies to.
Services look transitions up here; views show only the actions ``allowed_actions`` returns.
Legal basis: Luật Khiếu nại 2011 (LKN), Luật Tố cáo 2018 (LTC), Luật Tiếp công dân 2013 (LTCD), as amended by
Luật 136/2025/QH15 and Nghị định 155, 156/2026 (DOMAIN.md §1).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.accounts.roles import Perm


class Kind(models.TextChoices):
    FEEDBACK = "phan_anh", _("Phản ánh")
    PETITION = "kien_nghi", _("Kiến nghị")
    COMPLAINT = "khieu_nai", _("Khiếu nại lần đầu")
    COMPLAINT_SECOND = "khieu_nai_2", _("Khiếu nại lần hai")
    DENUNCIATION = "to_cao", _("Tố cáo")
    MIXED = "hon_hop", _("Đơn có nhiều nội dung (cần tách)")


class Status(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    SCREENING = "screening", _("Đang phân loại, xem xét thụ lý")
    REFUSED = "refused", _("Không thụ lý")
    FORWARDED = "forwarded", _("Đã chuyển cơ quan có thẩm quyền")
    ACCEPTED = "accepted", _("Đã thụ lý")
    VERIFYING = "verifying", _("Đang xác minh")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    ANSWERED = "answered", _("Đã có kết quả, trả lời")
    CLOSED = "closed", _("Đã kết thúc")
    WITHDRAWN = "withdrawn", _("Đã rút đơn, đình chỉ")
    INFORMATION = "information", _("Lưu làm thông tin (không xử lý như tố cáo)")
    SPLIT = "split", _("Đã tách thành các đơn riêng")


class Action(models.TextChoices):
    START_SCREENING = "start_screening", _("Phân loại, xem xét")
    REFUSE = "refuse", _("Không thụ lý (nêu lý do)")
    FORWARD = "forward", _("Chuyển cơ quan có thẩm quyền")
    ACCEPT = "accept", _("Thụ lý")
    START_VERIFYING = "start_verifying", _("Xác minh")
    RECORD_DIALOGUE = "record_dialogue", _("Ghi nhận đối thoại")
    EXTEND = "extend", _("Gia hạn")
    SUSPEND = "suspend", _("Tạm đình chỉ")
    RESUME = "resume", _("Tiếp tục giải quyết")
    ANSWER = "answer", _("Ban hành kết quả, trả lời")
    CLOSE = "close", _("Kết thúc hồ sơ")
    WITHDRAW = "withdraw", _("Rút đơn")
    REOPEN = "reopen", _("Mở lại (công dân báo chưa được giải quyết)")
    KEEP_AS_INFORMATION = "keep_as_information", _("Lưu làm thông tin")


OPEN_STATUSES = frozenset({Status.RECEIVED, Status.SCREENING, Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED})
FINAL_STATUSES = frozenset(
    {Status.REFUSED, Status.FORWARDED, Status.CLOSED, Status.WITHDRAWN, Status.INFORMATION, Status.SPLIT}
)
COMPLAINT_KINDS = frozenset({Kind.COMPLAINT, Kind.COMPLAINT_SECOND})
ALL_KINDS = frozenset(Kind) - {Kind.MIXED}


@dataclass(frozen=True)
class Transition:
    source: frozenset[Status]
    target: Status | None  # None: the status does not change (extend, record a dialogue)
    perm: Perm
    kinds: frozenset[Kind] = ALL_KINDS
    needs_note: bool = False  # a reason or legal basis is required and goes into the record


def _from(*statuses: Status) -> frozenset[Status]:
    return frozenset(statuses)


TRANSITIONS: dict[Action, Transition] = {
    Action.START_SCREENING: Transition(_from(Status.RECEIVED), Status.SCREENING, Perm.CASE_HANDLE),
    Action.REFUSE: Transition(
        _from(Status.RECEIVED, Status.SCREENING), Status.REFUSED, Perm.CASE_DECIDE, needs_note=True
    ),
    # Forwarded once only for the same content (TT 05/2021 Art. 14): a forwarded case is final here.
    Action.FORWARD: Transition(
        _from(Status.RECEIVED, Status.SCREENING), Status.FORWARDED, Perm.CASE_HANDLE, needs_note=True
    ),
    Action.ACCEPT: Transition(_from(Status.RECEIVED, Status.SCREENING), Status.ACCEPTED, Perm.CASE_DECIDE),
    Action.START_VERIFYING: Transition(_from(Status.ACCEPTED), Status.VERIFYING, Perm.CASE_HANDLE),
    Action.RECORD_DIALOGUE: Transition(
        _from(Status.ACCEPTED, Status.VERIFYING), None, Perm.CASE_HANDLE, kinds=COMPLAINT_KINDS, needs_note=True
    ),
    Action.EXTEND: Transition(
        _from(Status.RECEIVED, Status.SCREENING, Status.ACCEPTED, Status.VERIFYING),
        None,
        Perm.CASE_DECIDE,
        needs_note=True,
    ),
    Action.SUSPEND: Transition(
        _from(Status.ACCEPTED, Status.VERIFYING),
        Status.SUSPENDED,
        Perm.CASE_DECIDE,
        kinds=COMPLAINT_KINDS | {Kind.DENUNCIATION},
        needs_note=True,
    ),
    Action.RESUME: Transition(_from(Status.SUSPENDED), Status.VERIFYING, Perm.CASE_DECIDE, needs_note=True),
    Action.ANSWER: Transition(
        _from(Status.ACCEPTED, Status.VERIFYING), Status.ANSWERED, Perm.CASE_DECIDE, needs_note=True
    ),
    Action.CLOSE: Transition(_from(Status.ANSWERED), Status.CLOSED, Perm.CASE_HANDLE),
    Action.WITHDRAW: Transition(
        _from(Status.RECEIVED, Status.SCREENING, Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED),
        Status.WITHDRAWN,
        Perm.CASE_HANDLE,
        needs_note=True,
    ),
    Action.REOPEN: Transition(
        _from(Status.ANSWERED, Status.CLOSED),
        Status.VERIFYING,
        Perm.CASE_HANDLE,
        kinds=frozenset({Kind.FEEDBACK, Kind.PETITION}),
        needs_note=True,
    ),
    # Anonymous or impersonated denunciations are not processed as denunciations (LTC Art. 25).
    Action.KEEP_AS_INFORMATION: Transition(
        _from(Status.RECEIVED, Status.SCREENING),
        Status.INFORMATION,
        Perm.CASE_HANDLE,
        kinds=frozenset({Kind.DENUNCIATION}),
        needs_note=True,
    ),
}


def transition_for(action: Action, status: Status, kind: Kind) -> Transition | None:
    """The transition if ``action`` is allowed from ``status`` for ``kind``; None otherwise."""
    transition = TRANSITIONS.get(Action(action))
    if transition is None or Status(status) not in transition.source or Kind(kind) not in transition.kinds:
        return None
    return transition


def allowed_actions(status: Status, kind: Kind, perms: set[Perm]) -> list[Action]:
    return [
        action
        for action, transition in TRANSITIONS.items()
        if transition_for(action, status, kind) is not None and transition.perm in perms
    ]


# What a citizen reads on the tracking page: plain Vietnamese, no internal jargon.
PUBLIC_STATUS: dict[Status, str] = {
    Status.RECEIVED: _("Đã nhận đơn, đang chờ xem xét"),
    Status.SCREENING: _("Đang xem xét đơn"),
    Status.REFUSED: _("Đơn không được thụ lý (xem lý do)"),
    Status.FORWARDED: _("Đã chuyển đến cơ quan có thẩm quyền giải quyết"),
    Status.ACCEPTED: _("Đơn đã được thụ lý, đang giải quyết"),
    Status.VERIFYING: _("Đang xác minh, giải quyết"),
    Status.SUSPENDED: _("Tạm dừng giải quyết (xem lý do)"),
    Status.ANSWERED: _("Đã có kết quả giải quyết"),
    Status.CLOSED: _("Đã giải quyết xong"),
    Status.WITHDRAWN: _("Đã rút đơn"),
    Status.INFORMATION: _("Đã ghi nhận thông tin"),
    Status.SPLIT: _("Đơn đã được tách thành các đơn riêng"),
}
