"""Readers of surveys, scoped to the user's jurisdiction, and the index figures built from the answers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.roles import Perm
from danvan.cases.models import Case
from danvan.surveys.index import IndexResult, Interval, LikertCount, Method, compute_index, wilson_interval
from danvan.surveys.models import Answer, Element, IndexMethod, Question, Response, Survey, SurveyLink
from danvan.territory.models import AdministrativeUnit

DEFAULT_METHOD_NAME = gettext_lazy("Tỷ lệ hài lòng và rất hài lòng (mức 4–5), bình quân các yếu tố")
CASE_MIN_SAMPLE = 10


def surveys_visible_to(user) -> QuerySet[Survey]:
    return Survey.objects.visible_to(user, Perm.SURVEY_MANAGE).select_related("unit")


def survey_for(user, public_id) -> Survey:
    """Raises Survey.DoesNotExist outside the user's jurisdiction (views answer 404)."""
    return surveys_visible_to(user).get(public_id=public_id)


def link_for_token(token: str) -> SurveyLink | None:
    return SurveyLink.objects.select_related("survey", "unit").filter(token=token.strip().upper()).first()


def index_method_row(survey: Survey | None = None) -> IndexMethod | None:
    if survey is not None and survey.method_id:
        return survey.method
    return IndexMethod.objects.filter(is_default=True).first()


def method_for(survey: Survey | None = None) -> Method:
    row = index_method_row(survey)
    if row is None:
        return Method()
    return Method(
        satisfied_from=row.satisfied_from,
        aspects=tuple(row.aspects or ()),
        weights={key: float(value) for key, value in (row.weights or {}).items()},
        min_sample=row.min_sample,
    )


def method_name(survey: Survey | None = None) -> str:
    row = index_method_row(survey)
    return row.name if row else str(DEFAULT_METHOD_NAME)


def _counted_answers(method: Method) -> Q:
    condition = Q(likert__isnull=False, question__kind=Question.Kind.LIKERT) & ~Q(question__element="")
    if method.aspects:
        condition &= Q(question__aspect__in=method.aspects)
    return condition


def _responses(survey: Survey | None, *, unit_path: str = "", start: date | None = None, end: date | None = None):
    responses = Response.objects.all()
    if survey is not None:
        responses = responses.filter(survey=survey)
    if unit_path:
        responses = responses.filter(unit_path__under=unit_path)
    if start:
        responses = responses.filter(submitted_on__gte=start)
    if end:
        responses = responses.filter(submitted_on__lte=end)
    return responses


def _index(responses, method: Method) -> IndexResult:
    answers = Answer.objects.filter(response__in=responses).filter(_counted_answers(method))
    rows = answers.values("question__element", "question__aspect", "likert").annotate(n=Count("pk"))
    counts = [LikertCount(r["question__element"], r["question__aspect"], r["likert"], r["n"]) for r in rows]
    respondents = answers.values("response_id").distinct().count()
    return compute_index(counts, respondents=respondents, method=method, element_order=Element.values)


def survey_index(
    survey: Survey, *, unit_path: str = "", start: date | None = None, end: date | None = None
) -> IndexResult:
    return _index(_responses(survey, unit_path=unit_path, start=start, end=end), method_for(survey))


@dataclass(frozen=True)
class PeriodIndex:
    label: str
    start: date
    result: IndexResult


def _month_end(month: date) -> date:
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def survey_trend(survey: Survey, *, unit_path: str = "") -> list[PeriodIndex]:
    """The index month by month (the months that have responses)."""
    responses = _responses(survey, unit_path=unit_path)
    months = (
        responses.annotate(month=TruncMonth("submitted_on"))
        .values_list("month", flat=True)
        .distinct()
        .order_by("month")
    )
    method = method_for(survey)
    trend = []
    for month in months:
        month = month if isinstance(month, date) else month.date()
        start = date(month.year, month.month, 1)
        result = _index(_responses(survey, unit_path=unit_path, start=start, end=_month_end(start)), method)
        trend.append(PeriodIndex(f"{start.month:02d}/{start.year}", start, result))
    return trend


@dataclass(frozen=True)
class UnitComparison:
    unit: AdministrativeUnit
    result: IndexResult
    compared: bool
    reason: str
    rank: int | None = None


def survey_unit_comparison(survey: Survey, *, start: date | None = None, end: date | None = None):
    """Units that were assessed through this survey's links, best first. A unit with fewer respondents than
    the method's minimum sample is listed as not compared, with the reason, and never ranked."""
    method = method_for(survey)
    unit_ids = survey.links.values_list("unit_id", flat=True).distinct()
    units = AdministrativeUnit.objects.filter(pk__in=unit_ids)
    compared, not_compared = [], []
    for unit in units:
        result = _index(_responses(survey, unit_path=unit.path, start=start, end=end), method)
        if result.respondents < method.min_sample or result.index is None:
            reason = _("Mới có %(n)s phiếu, cần tối thiểu %(min)s phiếu để so sánh.") % {
                "n": result.respondents,
                "min": method.min_sample,
            }
            not_compared.append(UnitComparison(unit, result, False, reason))
        else:
            compared.append(UnitComparison(unit, result, True, ""))
    compared.sort(key=lambda row: -row.result.index)
    ranked, previous, rank = [], None, 0
    for position, row in enumerate(compared, start=1):
        if row.result.index != previous:
            rank, previous = position, row.result.index
        ranked.append(UnitComparison(row.unit, row.result, True, "", rank))
    return ranked + sorted(not_compared, key=lambda row: row.unit.name_sort)


@dataclass(frozen=True)
class QuestionSummary:
    question: Question
    answered: int
    counts: list[tuple[str, int]]  # label, count (Likert levels or choices)
    texts: list[str]


def survey_question_summaries(survey: Survey, *, text_limit: int = 10) -> list[QuestionSummary]:
    from danvan.surveys.models import LIKERT_LABELS

    summaries = []
    for question in survey.questions.all():
        answers = Answer.objects.filter(question=question)
        counts: list[tuple[str, int]] = []
        texts: list[str] = []
        if question.kind == Question.Kind.LIKERT:
            by_level = dict(answers.values_list("likert").annotate(n=Count("pk")))
            counts = [(f"{level}. {LIKERT_LABELS[level]}", by_level.get(level, 0)) for level in range(1, 6)]
        elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            tally: dict[str, int] = defaultdict(int)
            for chosen in answers.values_list("choices", flat=True):
                for item in chosen or []:
                    tally[item] += 1
            counts = [(choice, tally.get(choice, 0)) for choice in question.choices]
        else:
            texts = list(answers.exclude(text="").order_by("-pk").values_list("text", flat=True)[:text_limit])
        summaries.append(QuestionSummary(question, answers.count(), counts, texts))
    return summaries


def survey_link_counts(survey: Survey) -> dict:
    links = survey.links.all()
    one_time = links.filter(mode=SurveyLink.Mode.ONE_TIME)
    return {
        "open_links": links.filter(mode=SurveyLink.Mode.OPEN).select_related("unit"),
        "batches": one_time.values("batch", "unit__name", "label")
        .annotate(total=Count("pk"), used=Count("pk", filter=Q(used_on__isnull=False)))
        .order_by("batch"),
        "responses": survey.responses.count(),
    }


def survey_batch_tokens(survey: Survey, batch: int) -> QuerySet[SurveyLink]:
    return survey.links.filter(mode=SurveyLink.Mode.ONE_TIME, batch=batch).select_related("unit").order_by("pk")


# --- case handling satisfaction (ratings given by citizens on the portal) ------------------------------------


@dataclass(frozen=True)
class CaseSatisfactionRow:
    unit: AdministrativeUnit
    period: str
    rated: int
    satisfied: int
    interval: Interval | None
    enough: bool

    @property
    def share(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None


def case_satisfaction_series(
    unit_paths: list[str], *, start: date | None = None, end: date | None = None, min_sample: int = CASE_MIN_SAMPLE
) -> list[CaseSatisfactionRow]:
    """Share of rated cases rated 4–5 ("satisfied"/"very satisfied") per handling unit and month of the
    answer (Case.satisfaction, set by ``case_rate``), with the Wilson interval. A separate series from the
    survey index: it measures the handling of letters, not the service desk."""
    condition = Q(pk__in=[])
    for path in unit_paths:
        condition |= Q(unit_path__under=path)
    cases = Case.objects.filter(condition, satisfaction__isnull=False, answered_at__isnull=False)
    if start:
        cases = cases.filter(answered_at__date__gte=start)
    if end:
        cases = cases.filter(answered_at__date__lte=end)
    rows = (
        cases.annotate(month=TruncMonth("answered_at"))
        .values("handling_unit", "month")
        .annotate(rated=Count("pk"), satisfied=Count("pk", filter=Q(satisfaction__gte=4)))
        .order_by("handling_unit", "month")
    )
    units = AdministrativeUnit.objects.in_bulk({row["handling_unit"] for row in rows})
    return [
        CaseSatisfactionRow(
            unit=units[row["handling_unit"]],
            period=f"{row['month'].month:02d}/{row['month'].year}",
            rated=row["rated"],
            satisfied=row["satisfied"],
            interval=wilson_interval(row["satisfied"], row["rated"]),
            enough=row["rated"] >= min_sample,
        )
        for row in rows
    ]
