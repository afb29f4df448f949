"""The meetings app's key figures (codes ``meetings.*``).

* reception_sessions_held — reception sessions (any kind) recorded as held in the period;
* reception_compliance — the leaders' required regular reception days in the period's finished weeks or
  months (per their policy) against those held in person (capped per period: an extra day never makes up
  for a missed week). Weeks belong to the month of their Thursday (see selectors);
* dialogues_held — dialogue conferences held (minutes recorded) in the period;
* commitments_overdue — commitments not done by the end of the period and due before it;
* commitments_done_on_time — of the commitments due in the period (not cancelled), the share done by
  their due date.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from danvan.core.clock import local_date
from danvan.core.indicators import Aggregation, Indicator, Scope, Value, register
from danvan.meetings.models import Commitment, Dialogue, ReceptionDuty, ReceptionSession
from danvan.meetings.selectors import commitments_overdue_q, compliance


def _sessions_held(scope: Scope) -> Value:
    sessions = ReceptionSession.objects.filter(scope.q(), scope.dates("held_on"), status=ReceptionSession.Status.HELD)
    return Value(sessions.count())


def _compliance(scope: Scope) -> Value:
    # Periods still running at the end of the scope (or today) are not required yet.
    today = min(local_date(), scope.end + timedelta(days=1))
    rows = compliance(ReceptionDuty.objects.filter(scope.q()), scope.start, scope.end, today=today)
    return Value(sum(row.held for row in rows), sum(row.required for row in rows))


def _dialogues_held(scope: Scope) -> Value:
    return Value(Dialogue.objects.filter(scope.q(), scope.dates("held_on"), status=Dialogue.Status.HELD).count())


def _commitments_overdue(scope: Scope) -> Value:
    return Value(Commitment.objects.filter(scope.q(), commitments_overdue_q(scope.end)).count())


def _done_on_time(scope: Scope) -> Value:
    due = Commitment.objects.filter(scope.q(), scope.dates("due_date")).exclude(status=Commitment.Status.CANCELLED)
    on_time = due.filter(Q(status=Commitment.Status.DONE) & Q(done_on__lte=F("due_date")))
    return Value(on_time.count(), due.count())


register(
    Indicator(
        code="meetings.reception_sessions_held",
        name=_("Số buổi tiếp công dân đã tổ chức"),
        name_en="Citizen reception sessions held",
        unit_of_measure="buổi",
        aggregation=Aggregation.SUM,
        compute=_sessions_held,
    ),
    Indicator(
        code="meetings.reception_compliance",
        name=_("Tỷ lệ ngày tiếp công dân định kỳ của lãnh đạo đạt định mức"),
        name_en="Leaders' regular reception days held against the legal minimum",
        unit_of_measure="%",
        aggregation=Aggregation.RATE,
        compute=_compliance,
        description=_("Số ngày tiếp định kỳ lãnh đạo trực tiếp chủ trì / số ngày phải tiếp theo định mức."),
        min_sample=4,
    ),
    Indicator(
        code="meetings.dialogues_held",
        name=_("Số hội nghị đối thoại đã tổ chức"),
        name_en="Dialogue conferences held",
        unit_of_measure="hội nghị",
        aggregation=Aggregation.SUM,
        compute=_dialogues_held,
    ),
    Indicator(
        code="meetings.commitments_overdue",
        name=_("Số cam kết quá hạn chưa hoàn thành"),
        name_en="Commitments overdue",
        unit_of_measure="cam kết",
        aggregation=Aggregation.SUM,
        compute=_commitments_overdue,
        higher_is_better=False,
    ),
    Indicator(
        code="meetings.commitments_done_on_time",
        name=_("Tỷ lệ cam kết hoàn thành đúng hạn"),
        name_en="Commitments done on time",
        unit_of_measure="%",
        aggregation=Aggregation.RATE,
        compute=_done_on_time,
        min_sample=3,
    ),
)
