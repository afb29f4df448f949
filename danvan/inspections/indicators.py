"""Key figures of inspections, registered with danvan.core.indicators.

* ``inspections.inspections_concluded`` (sum): plans concluded in the period, counted at the conducting
  organisation's unit.
* ``inspections.recommendations_overdue`` (sum): recommendations at the owner unit that, at the end of the
  period (or today, if earlier), are past their deadline and not yet reported done — a stock, not a flow.
* ``inspections.recommendations_done_on_time`` (rate): of the recommendations due in the period, those
  accepted as done whose owner reported them done by the deadline.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from danvan.core.clock import local_date
from danvan.core.indicators import Aggregation, Indicator, Scope, Value, register
from danvan.inspections.models import Plan, Recommendation
from danvan.inspections.workflow import PlanStatus, RecStatus


def inspections_concluded(scope: Scope) -> Value:
    count = (
        Plan.objects.filter(scope.q(), status=PlanStatus.CONCLUDED).filter(scope.dates("concluded_at__date")).count()
    )
    return Value(count)


def recommendations_overdue(scope: Scope) -> Value:
    cutoff = min(scope.end, local_date())
    count = (
        Recommendation.objects.filter(scope.q(), deadline__lt=cutoff, plan__starts_on__lte=cutoff)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=cutoff))
        .count()
    )
    return Value(count)


def recommendations_done_on_time(scope: Scope) -> Value:
    due = Recommendation.objects.filter(scope.q()).filter(scope.dates("deadline"))
    on_time = due.filter(status=RecStatus.DONE, completed_on__lte=F("deadline")).count()
    return Value(on_time, due.count())


register(
    Indicator(
        code="inspections.inspections_concluded",
        name=_("Số cuộc kiểm tra, giám sát đã kết luận"),
        name_en="Inspections concluded",
        unit_of_measure=_("cuộc"),
        aggregation=Aggregation.SUM,
        compute=inspections_concluded,
        description=_("Kế hoạch kiểm tra, giám sát có kết luận trong kỳ, tính tại địa bàn của cơ quan chủ trì."),
    ),
    Indicator(
        code="inspections.recommendations_overdue",
        name=_("Số kiến nghị sau kiểm tra quá hạn chưa thực hiện"),
        name_en="Inspection recommendations overdue",
        unit_of_measure=_("kiến nghị"),
        aggregation=Aggregation.SUM,
        compute=recommendations_overdue,
        higher_is_better=False,
        description=_(
            "Kiến nghị đã quá hạn mà đơn vị chưa báo hoàn thành, tính đến cuối kỳ (hoặc hôm nay), tại đơn vị thực hiện."
        ),
    ),
    Indicator(
        code="inspections.recommendations_done_on_time",
        name=_("Tỷ lệ kiến nghị sau kiểm tra hoàn thành đúng hạn"),
        name_en="Inspection recommendations done on time",
        unit_of_measure="%",
        aggregation=Aggregation.RATE,
        compute=recommendations_done_on_time,
        min_sample=5,
        description=_(
            "Trong các kiến nghị có hạn thực hiện trong kỳ: số được đoàn xác nhận hoàn thành và đơn vị báo hoàn "
            "thành không muộn hơn hạn."
        ),
    ),
)
