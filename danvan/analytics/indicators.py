"""Early warning's figures for reports and dashboards."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.indicators import Aggregation, Indicator, Scope, Value, register


def _alerts_open(scope: Scope) -> Value:
    from danvan.analytics.models import Alert

    # Alerts raised by the end of the range and still open then (so past periods keep their figure).
    alerts = Alert.objects.filter(scope.q()).filter(created_at__date__lte=scope.end)
    still_open = alerts.filter(Q(closed_at__isnull=True) | Q(closed_at__date__gt=scope.end))
    return Value(still_open.count())


register(
    Indicator(
        code="analytics.alerts_open",
        name=_("Cảnh báo sớm chưa đóng"),
        name_en="Early-warning alerts open",
        unit_of_measure="cảnh báo",
        aggregation=Aggregation.SUM,
        compute=_alerts_open,
        higher_is_better=False,
        description=_("Cảnh báo đã phát sinh và còn mở vào cuối kỳ."),
    )
)
