"""The reception desk (tiếp công dân): a walk-in, a call or a letter logged by an officer becomes one case
per content. A letter mixing a complaint, a denunciation and a petition must be split into separate
letters (Luật Tiếp công dân 2013, Điều 25.3; Nghị định 154/2026, Điều 14.4)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.cases.services import Submission, SubmitResult, case_submit
from danvan.core.errors import PermissionDeniedError, ValidationFailed


@transaction.atomic
def cases_submit_split(*, submissions: list[Submission], actor, now: datetime | None = None) -> list[SubmitResult]:
    """Register each content block of one reception as its own case, all or nothing.

    The actor needs CASE_RECEIVE over every block's unit. Raises PermissionDeniedError or ValidationFailed
    (from ``case_submit``, for any block); then no case at all is created."""
    if not submissions:
        raise ValidationFailed(_("Cần ít nhất một nội dung đơn."))
    for data in submissions:
        if not has_perm(actor, Perm.CASE_RECEIVE, data.submitted_unit):
            raise PermissionDeniedError(_("Bạn không có quyền tiếp nhận đơn tại địa bàn này."))
    return [case_submit(data=data, actor=actor, now=now) for data in submissions]
