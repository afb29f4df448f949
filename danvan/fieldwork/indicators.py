"""The fieldwork app's key figures (codes ``fieldwork.*``).

* visits — visits made in the period (by local date), in the units of the scope;
* quota_met — of the cadre-months with a quota, the share that met it. A month counts in the period that
  holds its last day (so consecutive periods never count a month twice, and an unfinished month is not
  counted yet); a cadre belongs to the unit of the assignment the quota applies to;
* observations_concerning — observations of public sentiment with tone "concerned" or "angry".
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danvan.core.clock import local_date
from danvan.core.indicators import Aggregation, Indicator, Scope, Value, register
from danvan.fieldwork.models import Observation, Visit
from danvan.fieldwork.selectors import CONCERNING_TONES, months_ending_between, quota_rows_by_month


def _visits(scope: Scope) -> Value:
    return Value(Visit.objects.filter(scope.q("unit_path"), scope.dates("visited_on")).count())


def _quota_met(scope: Scope) -> Value:
    months = months_ending_between(scope.start, scope.end)
    by_month = quota_rows_by_month(months, paths=list(scope.unit_paths), today=local_date())
    rows = [row for month_rows in by_month.values() for row in month_rows]
    return Value(sum(1 for row in rows if row.met), len(rows))


def _observations_concerning(scope: Scope) -> Value:
    return Value(
        Observation.objects.filter(
            scope.q("unit_path"), scope.dates("visit__visited_on"), tone__in=CONCERNING_TONES
        ).count()
    )


register(
    Indicator(
        code="fieldwork.visits",
        name=_("Số chuyến đi cơ sở"),
        name_en="Grassroots visits",
        unit_of_measure=_("chuyến"),
        aggregation=Aggregation.SUM,
        compute=_visits,
        description=_("Chuyến đi cơ sở, dự sinh hoạt, hỗ trợ thiên tai, đối thoại… của cán bộ trong kỳ."),
    ),
    Indicator(
        code="fieldwork.quota_met",
        name=_("Tỷ lệ cán bộ đạt định mức đi cơ sở"),
        name_en="Cadre-months meeting the fieldwork quota",
        unit_of_measure="%",
        aggregation=Aggregation.RATE,
        compute=_quota_met,
        description=_("Số lượt cán bộ-tháng đạt định mức trên số lượt cán bộ-tháng có định mức."),
        min_sample=5,
    ),
    Indicator(
        code="fieldwork.observations_concerning",
        name=_("Số ghi nhận dư luận băn khoăn, bức xúc"),
        name_en="Concerned or angry observations",
        unit_of_measure=_("ý kiến"),
        aggregation=Aggregation.SUM,
        compute=_observations_concerning,
        higher_is_better=False,
        description=_("Ghi nhận tâm trạng dư luận có thái độ băn khoăn, lo lắng hoặc bức xúc, gay gắt."),
    ),
)
