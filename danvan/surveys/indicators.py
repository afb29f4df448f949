"""Key figures of surveys for reporting, dashboards and evaluations (danvan.core.indicators)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from danvan.cases.models import Case
from danvan.core.indicators import Aggregation, Indicator, Scope, Value, register
from danvan.surveys.models import Answer, Question, Response

SATISFACTION_MIN_SAMPLE = 30
CASE_SATISFACTION_MIN_SAMPLE = 10


def _satisfaction_index(scope: Scope) -> Value:
    """Satisfied Likert answers / Likert answers of SIPAS-tagged questions, under the default method
    (so that the figure adds up across units; the element-mean index is shown on the survey pages)."""
    from danvan.surveys.selectors import method_for

    method = method_for(None)
    responses = Response.objects.filter(scope.q(), scope.dates("submitted_on"))
    answers = Answer.objects.filter(
        response__in=responses, likert__isnull=False, question__kind=Question.Kind.LIKERT
    ).exclude(question__element="")
    if method.aspects:
        answers = answers.filter(question__aspect__in=method.aspects)
    figures = answers.aggregate(total=Count("pk"), satisfied=Count("pk", filter=Q(likert__gte=method.satisfied_from)))
    return Value(figures["satisfied"], figures["total"])


def _responses(scope: Scope) -> Value:
    return Value(Response.objects.filter(scope.q(), scope.dates("submitted_on")).count())


def _case_satisfaction(scope: Scope) -> Value:
    rated = Case.objects.filter(scope.q(), scope.dates("answered_at__date"), satisfaction__isnull=False)
    figures = rated.aggregate(total=Count("pk"), satisfied=Count("pk", filter=Q(satisfaction__gte=4)))
    return Value(figures["satisfied"], figures["total"])


register(
    Indicator(
        code="surveys.satisfaction_index",
        name=_("Tỷ lệ câu trả lời hài lòng (khảo sát SIPAS)"),
        name_en="Satisfied answers in satisfaction surveys",
        unit_of_measure="%",
        aggregation=Aggregation.RATE,
        compute=_satisfaction_index,
        description=_("Số câu trả lời mức hài lòng, rất hài lòng trên tổng số câu trả lời thang 1–5 gắn yếu tố SIPAS."),
        min_sample=SATISFACTION_MIN_SAMPLE,
    ),
    Indicator(
        code="surveys.responses",
        name=_("Số phiếu khảo sát thu được"),
        name_en="Survey responses",
        unit_of_measure="phiếu",
        aggregation=Aggregation.SUM,
        compute=_responses,
    ),
    Indicator(
        code="surveys.case_satisfaction",
        name=_("Tỷ lệ hài lòng với kết quả giải quyết đơn"),
        name_en="Satisfaction with case handling",
        unit_of_measure="%",
        aggregation=Aggregation.RATE,
        compute=_case_satisfaction,
        description=_("Số đơn được công dân đánh giá mức 4–5 trên số đơn được đánh giá, theo ngày trả lời."),
        min_sample=CASE_SATISFACTION_MIN_SAMPLE,
    ),
)
