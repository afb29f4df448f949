"""Key figures of grassroots democracy (registered with danvan.core.indicators)."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from danvan.core.clock import local_date
from danvan.core.indicators import Aggregation, Indicator, Scope, Value, register
from danvan.democracy.models import CommunityVote, Disclosure, Recommendation


def _disclosures_on_time(scope: Scope) -> Value:
    """Items whose publication deadline falls in the period and is already due (published, or the deadline
    has passed): how many were published by the deadline (Arts. 12–13)."""
    today = local_date()
    due = Disclosure.objects.filter(scope.q(), scope.dates("deadline")).filter(
        Q(published_on__isnull=False) | Q(deadline__lt=today)
    )
    on_time = due.filter(published_on__isnull=False, published_on__lte=F("deadline")).count()
    return Value(on_time, due.count())


def _votes_held(scope: Scope) -> Value:
    """Village community decisions with a result (commune-wide votes count through their villages)."""
    held = CommunityVote.objects.filter(scope.q(), scope.dates("vote_date"), scope="thon", passed__isnull=False)
    return Value(held.count())


def _recommendations_overdue(scope: Scope) -> Value:
    """Board recommendations due in the period not answered in 15 days (answered late, or still open)."""
    today = local_date()
    items = Recommendation.objects.filter(scope.q(), scope.dates("answer_due")).filter(
        Q(answered_on__gt=F("answer_due")) | Q(answered_on__isnull=True, answer_due__lt=today)
    )
    return Value(items.count())


register(
    Indicator(
        code="democracy.disclosures_on_time",
        name=_("Tỷ lệ nội dung công khai đúng hạn"),
        name_en="Disclosures published on time",
        unit_of_measure="%",
        aggregation=Aggregation.RATE,
        compute=_disclosures_on_time,
        description=_(
            "Công khai trong 05 ngày làm việc kể từ ngày ban hành (Luật Thực hiện dân chủ ở cơ sở, Điều 12–13)."
        ),
        min_sample=5,
    ),
    Indicator(
        code="democracy.votes_held",
        name=_("Số cuộc biểu quyết của cộng đồng dân cư"),
        name_en="Community votes held",
        unit_of_measure="cuộc",
        aggregation=Aggregation.SUM,
        compute=_votes_held,
        description=_("Hội nghị, phát phiếu, biểu quyết trực tuyến đã có kết quả (Điều 15–22)."),
    ),
    Indicator(
        code="democracy.board_recommendations_overdue",
        name=_("Số kiến nghị của Ban Thanh tra nhân dân, Ban Giám sát đầu tư quá hạn trả lời"),
        name_en="Board recommendations answered late or overdue",
        unit_of_measure="kiến nghị",
        aggregation=Aggregation.SUM,
        compute=_recommendations_overdue,
        higher_is_better=False,
        description=_("Ủy ban nhân dân xã trả lời trong 15 ngày (Điều 36–40)."),
    ),
)
