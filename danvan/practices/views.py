"""The officer's pages for "Dân vận khéo" models and outreach news (under /lam-viec/dan-van-kheo/).

Thin views: parse the form, resolve the record through the scoped selectors (outside the jurisdiction looks
exactly like missing: 404), call one service, and show domain errors beside what the officer typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.core.errors import DomainError, NotFoundError
from danvan.practices import selectors, services
from danvan.practices.forms import (
    CommendationForm,
    EvidenceForm,
    NewsForm,
    PracticeForm,
    PracticeListFilterForm,
    RecogniseForm,
    RejectForm,
    ReplicationForm,
    ResultAddForm,
    ResultFormSet,
    ReviewOpenForm,
    ScoreForm,
)
from danvan.practices.models import LEVEL_RANK, Level, NewsItem, Practice

PAGE_SIZE = 25

EVENT_LABELS = {
    "registered": gettext_lazy("Đăng ký mô hình"),
    "result_added": gettext_lazy("Bổ sung kết quả"),
    "evidence_added": gettext_lazy("Thêm tài liệu minh chứng"),
    "review_opened": gettext_lazy("Đưa ra xét công nhận"),
    "scored": gettext_lazy("Chấm điểm theo bộ tiêu chí"),
    "recognised": gettext_lazy("Công nhận"),
    "not_recognised": gettext_lazy("Không công nhận"),
    "commended": gettext_lazy("Khen thưởng, biểu dương"),
    "replicated": gettext_lazy("Nhân rộng"),
}


def _require_manager(user) -> None:
    if not has_perm(user, Perm.PRACTICE_MANAGE):
        raise PermissionDenied


def _practice_or_404(user, public_id) -> Practice:
    try:
        return selectors.practice_for(user, public_id)
    except Practice.DoesNotExist:
        raise Http404 from None


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def index(request):
    _require_manager(request.user)
    form = PracticeListFilterForm(request.GET or None)
    queryset = selectors.practices_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            queryset = queryset.search(data["q"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["field"]:
            queryset = queryset.filter(field=data["field"])
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "practices/index.html",
        {
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "counts": selectors.practice_counts(request.user),
            "filtered": bool(request.GET.get("q") or request.GET.get("status") or request.GET.get("field")),
        },
    )


@login_required
def register(request):
    _require_manager(request.user)
    form = PracticeForm(request.POST or None, user=request.user)
    results = ResultFormSet(request.POST or None, prefix="kq")
    if request.method == "POST" and form.is_valid() and results.is_valid():
        items = [item for item in (row.to_input() for row in results) if item is not None]
        try:
            practice = services.practice_register(data=form.to_input(items), actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã đăng ký mô hình “%(title)s”.") % {"title": practice.title})
            return redirect("practices:detail", practice.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "practices/register.html", {"form": form, "results": results}, status=status)


def _detail(request, practice: Practice, *, status: int = 200, **forms):
    user = request.user
    page = selectors.practice_page(practice)
    pending = page["pending"]
    current_rank = LEVEL_RANK[Level(practice.recognised_level)] if practice.recognised_level else 0
    open_levels = [
        (value, label)
        for value, label in Level.choices
        if LEVEL_RANK[Level(value)] > current_rank and services.may_act_at(user, practice, value)
    ]
    can_decide = pending is not None and services.may_act_at(user, practice, pending.level)
    commend_levels = [(value, label) for value, label in Level.choices if services.may_act_at(user, practice, value)]
    context = {
        "practice": practice,
        **page,
        "events": [(event, EVENT_LABELS.get(event.action, event.action)) for event in page["events"]],
        "can_decide": can_decide,
        "open_form": forms.get("open_form")
        or (ReviewOpenForm(initial={"level": open_levels[0][0]}) if open_levels else None),
        "open_levels": open_levels,
        "score_form": forms.get("score_form")
        or (
            ScoreForm(
                criteria=pending.criteria_set.criteria.all(),
                initial={f"c{score.criterion_id}": score.score for score in pending.scores.all()},
            )
            if can_decide
            else None
        ),
        "recognise_form": forms.get("recognise_form") or RecogniseForm(),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "commend_form": forms.get("commend_form") or CommendationForm(),
        "commend_levels": commend_levels,
        "replicate_form": forms.get("replicate_form") or ReplicationForm(practice=practice),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "result_form": forms.get("result_form") or ResultAddForm(prefix="kq"),
        "open_panel": forms.get("open_panel", ""),
    }
    if context["open_form"] is not None:
        context["open_form"].fields["level"].choices = open_levels
    context["commend_form"].fields["level"].choices = commend_levels
    return render(request, "practices/detail.html", context, status=status)


@login_required
def detail(request, public_id):
    return _detail(request, _practice_or_404(request.user, public_id))


def _run(request, practice, call, *, success: str, form_key: str, form):
    """Call a service; on a domain error show the page again with the form and the message."""
    try:
        call()
    except NotFoundError:
        raise Http404 from None
    except DomainError as error:
        form.add_error(None, error.message)
        return _detail(request, practice, status=400, **{form_key: form, "open_panel": form_key})
    messages.success(request, success)
    return redirect("practices:detail", practice.public_id)


def _invalid(request, practice, form_key, form):
    return _detail(request, practice, status=400, **{form_key: form, "open_panel": form_key})


@login_required
@require_POST
def review_open(request, public_id):
    practice = _practice_or_404(request.user, public_id)
    form = ReviewOpenForm(request.POST)
    if not form.is_valid():
        return _invalid(request, practice, "open_form", form)
    level = form.cleaned_data["level"]
    return _run(
        request,
        practice,
        lambda: services.review_open(practice_id=practice.pk, level=level, actor=request.user),
        success=_("Đã đưa mô hình ra xét công nhận ở %(level)s.") % {"level": Level(level).label.lower()},
        form_key="open_form",
        form=form,
    )


@login_required
@require_POST
def score(request, public_id):
    practice = _practice_or_404(request.user, public_id)
    pending = services.pending_review(practice)
    if pending is None:
        messages.error(request, _("Mô hình chưa được đưa ra xét công nhận."))
        return redirect("practices:detail", practice.public_id)
    form = ScoreForm(request.POST, criteria=pending.criteria_set.criteria.all())
    if not form.is_valid():
        return _invalid(request, practice, "score_form", form)
    return _run(
        request,
        practice,
        lambda: services.review_score(practice_id=practice.pk, scores=form.scores(), actor=request.user),
        success=_("Đã lưu điểm chấm."),
        form_key="score_form",
        form=form,
    )


@login_required
@require_POST
def recognise(request, public_id):
    practice = _practice_or_404(request.user, public_id)
    form = RecogniseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, practice, "recognise_form", form)
    level = request.POST.get("level", "")
    data = form.cleaned_data
    return _run(
        request,
        practice,
        lambda: services.practice_recognise(
            practice_id=practice.pk,
            level=level,
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            note=data["note"],
            actor=request.user,
        ),
        success=_("Đã công nhận mô hình."),
        form_key="recognise_form",
        form=form,
    )


@login_required
@require_POST
def reject(request, public_id):
    practice = _practice_or_404(request.user, public_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _invalid(request, practice, "reject_form", form)
    return _run(
        request,
        practice,
        lambda: services.practice_not_recognise(
            practice_id=practice.pk, note=form.cleaned_data["note"], actor=request.user
        ),
        success=_("Đã ghi nhận không công nhận."),
        form_key="reject_form",
        form=form,
    )


@login_required
@require_POST
def commend(request, public_id):
    practice = _practice_or_404(request.user, public_id)
    form = CommendationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, practice, "commend_form", form)
    return _run(
        request,
        practice,
        lambda: services.commendation_add(practice_id=practice.pk, data=form.to_input(), actor=request.user),
        success=_("Đã ghi nhận khen thưởng, biểu dương."),
        form_key="commend_form",
        form=form,
    )


@login_required
@require_POST
def replicate(request, public_id):
    practice = _practice_or_404(request.user, public_id)
    form = ReplicationForm(request.POST, practice=practice)
    if not form.is_valid():
        return _invalid(request, practice, "replicate_form", form)
    data = form.cleaned_data
    return _run(
        request,
        practice,
        lambda: services.replication_add(
            practice_id=practice.pk,
            unit=data["unit"],
            adopted_on=data["adopted_on"],
            results=data["results"],
            actor=request.user,
        ),
        success=_("Đã ghi nhận %(unit)s nhân rộng mô hình.") % {"unit": data["unit"].name},
        form_key="replicate_form",
        form=form,
    )


@login_required
@require_POST
def result_add(request, public_id):
    practice = _practice_or_404(request.user, public_id)
    form = ResultAddForm(request.POST, prefix="kq")
    if not form.is_valid():
        return _invalid(request, practice, "result_form", form)
    return _run(
        request,
        practice,
        lambda: services.result_add(practice_id=practice.pk, item=form.to_input(), actor=request.user),
        success=_("Đã bổ sung kết quả."),
        form_key="result_form",
        form=form,
    )


@login_required
@require_POST
def evidence_upload(request, public_id):
    practice = _practice_or_404(request.user, public_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, practice, "evidence_form", form)
    return _run(
        request,
        practice,
        lambda: services.evidence_add(
            practice_id=practice.pk, uploaded_file=form.cleaned_data["file"], actor=request.user
        ),
        success=_("Đã thêm tài liệu minh chứng."),
        form_key="evidence_form",
        form=form,
    )


@login_required
def evidence_download(request, public_id, pk: int):
    practice = _practice_or_404(request.user, public_id)
    evidence = practice.evidence.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


# --- News ----------------------------------------------------------------------------------------------------


def _news_or_404(user, public_id) -> NewsItem:
    item = selectors.news_visible_to(user).filter(public_id=public_id).first()
    if item is None:
        raise Http404
    return item


@login_required
def news_list(request):
    _require_manager(request.user)
    page = Paginator(
        selectors.news_visible_to(request.user).order_by("status", "-published_at", "-created_at"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "practices/news_list.html", {"page": page})


@login_required
def news_create(request):
    _require_manager(request.user)
    form = NewsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.news_create(data=form.to_input(), actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("practices:news_edit", item.public_id)
    return render(
        request,
        "practices/news_form.html",
        {"form": form, "item": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def news_edit(request, public_id):
    item = _news_or_404(request.user, public_id)
    initial = {
        "title": item.title,
        "category": item.category,
        "organization": item.organization_id,
        "summary": item.summary,
        "body": item.body,
    }
    form = NewsForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "publish":
                services.news_publish(news_id=item.pk, actor=request.user)
                messages.success(request, _("Đã đăng tin lên cổng thông tin."))
                return redirect("practices:news_edit", item.public_id)
            if action == "unpublish":
                services.news_unpublish(news_id=item.pk, actor=request.user)
                messages.success(request, _("Đã gỡ tin khỏi cổng thông tin."))
                return redirect("practices:news_edit", item.public_id)
            if form.is_valid():
                services.news_update(news_id=item.pk, data=form.to_input(), actor=request.user)
                messages.success(request, _("Đã lưu."))
                return redirect("practices:news_edit", item.public_id)
        except NotFoundError:
            raise Http404 from None
        except DomainError as error:
            form.add_error(None, error.message)
        return render(request, "practices/news_form.html", {"form": form, "item": item}, status=400)
    return render(request, "practices/news_form.html", {"form": form, "item": item})
