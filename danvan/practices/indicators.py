"""The practices app's key figures (codes ``practices.*``).

* models_registered — "Dân vận khéo" models and exemplars registered in the period, by the unit that
  registered them;
* models_recognised — models recognised (at any level) in the period, each counted once even if it was
  recognised at two levels in the same period;
* replications — adoptions of a model by another unit in the period, counted where the model was adopted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from danvan.core.clock import day_start
from danvan.core.indicators import Aggregation, Indicator, Scope, Value, register
from danvan.practices.models import Practice, Replication, Review


def _window(scope: Scope) -> tuple[datetime, datetime]:
    """Local-day boundaries of the period, as aware datetimes: [start, end + 1 day)."""
    return day_start(scope.start), day_start(scope.end + timedelta(days=1))


def models_registered(scope: Scope) -> Value:
    start, end = _window(scope)
    count = Practice.objects.filter(scope.q("unit_path"), registered_at__gte=start, registered_at__lt=end).count()
    return Value(count)


def models_recognised(scope: Scope) -> Value:
    start, end = _window(scope)
    count = (
        Review.objects.filter(
            scope.q("unit_path"), outcome=Review.Outcome.RECOGNISED, decided_at__gte=start, decided_at__lt=end
        )
        .values("practice")
        .distinct()
        .count()
    )
    return Value(count)


def replications(scope: Scope) -> Value:
    return Value(Replication.objects.filter(scope.q("unit_path"), scope.dates("adopted_on")).count())


register(
    Indicator(
        code="practices.models_registered",
        name=_("Mô hình Dân vận khéo đăng ký"),
        name_en="Good-practice models registered",
        unit_of_measure="mô hình",
        aggregation=Aggregation.SUM,
        compute=models_registered,
        description=_("Số mô hình, điển hình Dân vận khéo được đăng ký trong kỳ."),
    ),
    Indicator(
        code="practices.models_recognised",
        name=_("Mô hình Dân vận khéo được công nhận"),
        name_en="Good-practice models recognised",
        unit_of_measure="mô hình",
        aggregation=Aggregation.SUM,
        compute=models_recognised,
        description=_("Số mô hình được công nhận (ở bất kỳ cấp nào) trong kỳ; mỗi mô hình tính một lần."),
    ),
    Indicator(
        code="practices.replications",
        name=_("Lượt nhân rộng mô hình"),
        name_en="Model replications",
        unit_of_measure="lượt",
        aggregation=Aggregation.SUM,
        compute=replications,
        description=_("Số lượt đơn vị áp dụng (nhân rộng) mô hình Dân vận khéo trong kỳ, tính tại nơi áp dụng."),
    ),
)
