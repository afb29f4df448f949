"""Officer pages (questionnaire builder, links and printed tokens, results) and the public answer pages.

Thin views: resolve the survey through scoping (outside the jurisdiction looks like missing: 404), call one
service, render; domain errors come back as Vietnamese messages beside what was typed.
"""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm, jurisdiction_paths, units_in_jurisdiction
from danvan.core.errors import DomainError, ValidationFailed
from danvan.surveys import selectors, services, throttle
from danvan.surveys.forms import LinkForm, QuestionForm, SurveyForm, TokenBatchForm, TokenLookupForm
from danvan.surveys.models import LIKERT_LABELS, Element, Question, Survey, SurveyLink
from danvan.territory.models import AdministrativeUnit

UNIT_LEVELS = (AdministrativeUnit.Level.PROVINCE, AdministrativeUnit.Level.COMMUNE)


def _survey_or_404(user, public_id) -> Survey:
    try:
        return selectors.survey_for(user, public_id)
    except Survey.DoesNotExist:
        raise Http404 from None


def _units(user):
    return units_in_jurisdiction(user, Perm.SURVEY_MANAGE, levels=UNIT_LEVELS)


def _link_units(user, survey: Survey):
    return _units(user).filter(path__under=survey.unit_path)


@login_required
def index(request):
    if not has_perm(request.user, Perm.SURVEY_MANAGE):
        raise PermissionDenied
    form = SurveyForm(request.POST or None, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo khảo sát. Hãy thêm câu hỏi."))
            return redirect("surveys:detail", survey.public_id)
    surveys = selectors.surveys_visible_to(request.user)
    return render(request, "surveys/index.html", {"surveys": surveys, "form": form})


def _detail_context(request, survey: Survey, **extra) -> dict:
    units = _link_units(request.user, survey)
    context = {
        "survey": survey,
        "questions": survey.questions.all(),
        "question_form": QuestionForm(initial={"required": True, "kind": Question.Kind.LIKERT}),
        "link_form": LinkForm(units=units, initial={"unit": survey.unit}, prefix="link"),
        "batch_form": TokenBatchForm(units=units, initial={"unit": survey.unit}, prefix="batch"),
        "links": selectors.survey_link_counts(survey),
        "editable": not survey.responses.exists(),
    }
    context.update(extra)
    return context


@login_required
def detail(request, public_id):
    survey = _survey_or_404(request.user, public_id)
    return render(request, "surveys/detail.html", _detail_context(request, survey))


@login_required
@require_POST
def question_add(request, public_id):
    survey = _survey_or_404(request.user, public_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = services.QuestionInput(
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            required=form.cleaned_data["required"],
            choices=form.choice_list(),
            element=form.cleaned_data["element"],
            aspect=form.cleaned_data["aspect"],
            help_text=form.cleaned_data["help_text"],
        )
        try:
            services.question_add(actor=request.user, survey=survey, data=data)
        except ValidationFailed as exc:
            for name, message in exc.details.get("fields", {}).items():
                form.add_error(name if name in form.fields else None, message)
            if not exc.details.get("fields"):
                form.add_error(None, exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã thêm câu hỏi."))
            return redirect(reverse("surveys:detail", args=[survey.public_id]) + "#cau-hoi")
    context = _detail_context(request, survey, question_form=form)
    return render(request, "surveys/detail.html", context, status=400)


def _question_or_404(survey: Survey, pk: int) -> Question:
    question = survey.questions.filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


@login_required
@require_POST
def question_move(request, public_id, pk):
    survey = _survey_or_404(request.user, public_id)
    question = _question_or_404(survey, pk)
    try:
        services.question_move(actor=request.user, question=question, up=request.POST.get("direction") == "up")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("surveys:detail", args=[survey.public_id]) + "#cau-hoi")


@login_required
@require_POST
def question_delete(request, public_id, pk):
    survey = _survey_or_404(request.user, public_id)
    question = _question_or_404(survey, pk)
    try:
        services.question_delete(actor=request.user, question=question)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã xóa câu hỏi."))
    return redirect(reverse("surveys:detail", args=[survey.public_id]) + "#cau-hoi")


@login_required
@require_POST
def status(request, public_id):
    survey = _survey_or_404(request.user, public_id)
    try:
        services.survey_set_status(actor=request.user, survey=survey, status=request.POST.get("status", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật trạng thái khảo sát."))
    return redirect("surveys:detail", survey.public_id)


@login_required
@require_POST
def link_create(request, public_id):
    survey = _survey_or_404(request.user, public_id)
    units = _link_units(request.user, survey)
    form = LinkForm(request.POST, units=units, prefix="link")
    if form.is_valid():
        try:
            services.link_create_open(
                actor=request.user, survey=survey, unit=form.cleaned_data["unit"], label=form.cleaned_data["label"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo đường dẫn công khai."))
            return redirect(reverse("surveys:detail", args=[survey.public_id]) + "#duong-dan")
    return render(request, "surveys/detail.html", _detail_context(request, survey, link_form=form), status=400)


@login_required
@require_POST
def tokens_issue(request, public_id):
    survey = _survey_or_404(request.user, public_id)
    units = _link_units(request.user, survey)
    form = TokenBatchForm(request.POST, units=units, prefix="batch")
    if form.is_valid():
        try:
            batch = services.tokens_issue(
                actor=request.user,
                survey=survey,
                unit=form.cleaned_data["unit"],
                label=form.cleaned_data["label"],
                count=form.cleaned_data["count"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo đợt mã phiếu số %(batch)s.") % {"batch": batch})
            return redirect("surveys:print", survey.public_id, batch)
    return render(request, "surveys/detail.html", _detail_context(request, survey, batch_form=form), status=400)


@login_required
def print_tokens(request, public_id, batch):
    survey = _survey_or_404(request.user, public_id)
    tokens = selectors.survey_batch_tokens(survey, batch)
    if not tokens:
        raise Http404
    entry = request.build_absolute_uri(reverse("surveys_public:lookup"))
    return render(request, "surveys/print.html", {"survey": survey, "tokens": tokens, "batch": batch, "entry": entry})


def _percent(value):
    return None if value is None else round(100 * value, 1)


@login_required
def results(request, public_id):
    survey = _survey_or_404(request.user, public_id)
    result = selectors.survey_index(survey)
    labels = dict(Element.choices)
    context = {
        "survey": survey,
        "result": result,
        "element_labels": labels,
        "method_name": selectors.method_name(survey),
        "method": selectors.method_for(survey),
        "trend": selectors.survey_trend(survey),
        "comparison": selectors.survey_unit_comparison(survey),
        "summaries": selectors.survey_question_summaries(survey),
    }
    return render(request, "surveys/results.html", context)


@login_required
def case_satisfaction(request):
    paths = jurisdiction_paths(request.user, Perm.SURVEY_MANAGE)
    if not paths:
        raise PermissionDenied
    rows = selectors.case_satisfaction_series(paths)
    return render(request, "surveys/case_satisfaction.html", {"rows": rows, "min_sample": selectors.CASE_MIN_SAMPLE})


# --- public pages (no account) -------------------------------------------------------------------------------


def _no_store(response):
    add_never_cache_headers(response)
    return response


def lookup(request):
    """A respondent types the code printed on a slip (or scans its QR code, which opens the answer page)."""
    form = TokenLookupForm(request.GET or None)
    if request.GET and form.is_valid():
        link = selectors.link_for_token(form.cleaned_data["ma"])
        if link is not None and link.is_active:
            return redirect("surveys_public:answer", link.token)
        form.add_error("ma", _("Không tìm thấy mã phiếu này. Vui lòng kiểm tra lại các ký tự trên phiếu."))
    return render(request, "surveys/public_lookup.html", {"form": form}, status=400 if form.errors else 200)


def _answer_context(link: SurveyLink, *, values=None, errors=None) -> dict:
    questions = list(link.survey.questions.all())
    values = values or {}
    errors = errors or {}
    items = []
    for question in questions:
        value = values.get(question.pk)
        if question.kind == Question.Kind.LIKERT:
            options = [(str(level), f"{level}. {LIKERT_LABELS[level]}") for level in range(1, 6)]
            chosen = [str(value)] if value else []
        else:
            options = [(choice, choice) for choice in question.choices]
            chosen = value if isinstance(value, list) else ([value] if value else [])
        items.append(
            {
                "question": question,
                "options": options,
                "chosen": chosen,
                "value": value,
                "error": errors.get(question.pk),
            }
        )
    return {"link": link, "survey": link.survey, "items": items, "errors": errors}


def _posted_values(request, link: SurveyLink) -> dict[int, object]:
    values: dict[int, object] = {}
    for question in link.survey.questions.all():
        if question.kind == Question.Kind.MULTIPLE:
            values[question.pk] = request.POST.getlist(question.field_name)
        else:
            values[question.pk] = request.POST.get(question.field_name, "")
    return values


def _refused(request, link: SurveyLink | None, message: str, status: int):
    return _no_store(render(request, "surveys/public_refused.html", {"link": link, "message": message}, status=status))


def answer(request, token):
    link = selectors.link_for_token(token)
    if link is None or not link.is_active:
        raise Http404
    if link.token != token:
        return redirect("surveys_public:answer", link.token)
    survey = link.survey
    if survey.status != Survey.Status.OPEN:
        return _refused(request, link, _("Khảo sát này hiện không nhận phiếu trả lời."), 410)
    if link.mode == SurveyLink.Mode.ONE_TIME and link.used_on is not None:
        return _refused(request, link, services.used_token_message(), 409)
    is_open = link.mode == SurveyLink.Mode.OPEN
    if is_open and throttle.has_answered(request, survey):
        return _refused(request, link, _("Trình duyệt này đã gửi phiếu cho khảo sát này. Xin cảm ơn bạn!"), 409)
    if request.method != "POST":
        return _no_store(render(request, "surveys/public_answer.html", _answer_context(link)))
    if is_open and throttle.rate_exceeded(request):
        message = _("Có quá nhiều phiếu gửi từ cùng một địa chỉ mạng. Vui lòng thử lại sau ít phút.")
        return _refused(request, link, message, 429)
    values = _posted_values(request, link)
    try:
        services.response_submit(token=link.token, values=values)
    except ValidationFailed as exc:
        context = _answer_context(link, values=values, errors=exc.details.get("fields", {}))
        context["summary"] = exc.message
        return _no_store(render(request, "surveys/public_answer.html", context, status=400))
    except DomainError as exc:
        return _refused(request, link, exc.message, 409)
    response = redirect("surveys_public:thanks")
    if is_open:
        throttle.rate_hit(request)
        throttle.remember_answered(request, response, survey)
    return response


def thanks(request):
    return render(request, "surveys/public_thanks.html")


def qr_code(request, token):
    """The QR code of a link as SVG, served from our own origin (no third-party QR service sees tokens)."""
    link = selectors.link_for_token(token)
    if link is None or link.token != token:
        raise Http404
    target = request.build_absolute_uri(reverse("surveys_public:answer", args=[link.token]))
    buffer = io.BytesIO()
    segno.make(target, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, title=link.token)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response
