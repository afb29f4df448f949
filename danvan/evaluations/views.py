"""Evaluation pages: criteria sets, rounds with their ranking and XLSX export, a unit's assessment (self
scoring, review, appeals, history). Thin views: scoping in selectors (outside the jurisdiction: 404), one
service call per POST, domain errors shown beside what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm, units_in_jurisdiction
from danvan.core.errors import DomainError, PermissionDeniedError, ValidationFailed
from danvan.evaluations import selectors, services
from danvan.evaluations.exports import XLSX, round_xlsx
from danvan.evaluations.forms import AppealDecisionForm, AppealForm, CriteriaSetForm, CriterionForm, RoundForm
from danvan.evaluations.models import Appeal, Assessment, CriteriaSet, Round
from danvan.territory.models import AdministrativeUnit


def _get_or_404(getter, user, public_id):
    try:
        return getter(user, public_id)
    except (Round.DoesNotExist, Assessment.DoesNotExist, CriteriaSet.DoesNotExist):
        raise Http404 from None


def _province_units(user):
    return units_in_jurisdiction(user, Perm.EVALUATION_MANAGE, levels=(AdministrativeUnit.Level.PROVINCE,))


def _index_context(request, **extra) -> dict:
    user = request.user
    units = _province_units(user)
    criteria_sets = selectors.criteria_sets_visible_to(user)
    context = {
        "rounds": selectors.rounds_visible_to(user),
        # The unit's own assessments (a reviewer reaches the others through the round's ranking).
        "assessments": [
            assessment
            for assessment in selectors.assessments_visible_to(user)
            .select_related("round")
            .order_by("-round__year")[:50]
            if services.can_self_assess(user, assessment)
        ],
        "criteria_sets": criteria_sets,
        "can_build": units.exists(),
        "set_form": CriteriaSetForm(units=units, prefix="set"),
        "round_form": RoundForm(criteria_sets=criteria_sets, units=units, prefix="round"),
    }
    context.update(extra)
    return context


@login_required
def index(request):
    if not has_perm(request.user, Perm.EVALUATION_MANAGE):
        raise PermissionDenied
    return render(request, "evaluations/index.html", _index_context(request))


@login_required
@require_POST
def criteria_set_create(request):
    units = _province_units(request.user)
    form = CriteriaSetForm(request.POST, units=units, prefix="set")
    if form.is_valid():
        try:
            criteria_set = services.criteria_set_create(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                name=form.cleaned_data["name"],
                basis=form.cleaned_data["basis"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo bộ tiêu chí. Hãy thêm các tiêu chí."))
            return redirect("evaluations:criteria_set", criteria_set.public_id)
    return render(request, "evaluations/index.html", _index_context(request, set_form=form), status=400)


@login_required
@require_POST
def round_create(request):
    units = _province_units(request.user)
    criteria_sets = selectors.criteria_sets_visible_to(request.user)
    form = RoundForm(request.POST, criteria_sets=criteria_sets, units=units, prefix="round")
    if form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_create(
                actor=request.user,
                criteria_set=data["criteria_set"],
                parent_unit=data["parent_unit"],
                name=data["name"],
                year=data["year"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                bands=data["bands"],
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationFailed as exc:
            for name, message in exc.details.get("fields", {}).items():
                form.add_error(name if name in form.fields else None, message)
            if not exc.details.get("fields"):
                form.add_error(None, exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã mở đợt đánh giá cho các đơn vị trực thuộc."))
            return redirect("evaluations:round", round_.public_id)
    return render(request, "evaluations/index.html", _index_context(request, round_form=form), status=400)


@login_required
def criteria_set_detail(request, public_id):
    criteria_set = _get_or_404(selectors.criteria_set_for, request.user, public_id)
    form = CriterionForm(request.POST or None, criteria_set=criteria_set)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.criterion_add(
                    actor=request.user,
                    criteria_set=criteria_set,
                    data=services.CriterionInput(
                        code=data["code"],
                        title=data["title"],
                        max_points=data["max_points"] or 0,
                        parent=data["parent"],
                        guidance=data["guidance"],
                        evidence_required=data["evidence_required"],
                        indicator_code=data["indicator_code"],
                        min_sample=data["min_sample"] or 0,
                    ),
                )
            except ValidationFailed as exc:
                for name, message in exc.details.get("fields", {}).items():
                    form.add_error(name if name in form.fields else None, message)
                if not exc.details.get("fields"):
                    form.add_error(None, exc.message)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã thêm tiêu chí."))
                return redirect("evaluations:criteria_set", criteria_set.public_id)
        status = 400
    context = {
        "criteria_set": criteria_set,
        "tree": selectors.criteria_tree(criteria_set),
        "form": form,
        "editable": not criteria_set.rounds.exists(),
    }
    return render(request, "evaluations/criteria_set.html", context, status=status)


@login_required
def round_detail(request, public_id):
    round_ = _get_or_404(selectors.round_for, request.user, public_id)
    rows = selectors.round_assessments(round_, request.user)
    context = {
        "round": round_,
        "rows": rows,
        "can_review": services.can_review(request.user, round_),
        "ranked": [row for row in rows if row.rank is not None],
        "not_ranked": [row for row in rows if row.rank is None],
    }
    return render(request, "evaluations/round.html", context)


@login_required
@require_POST
def round_finalize(request, public_id):
    round_ = _get_or_404(selectors.round_for, request.user, public_id)
    try:
        services.round_finalize(actor=request.user, round_=round_)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã công bố kết quả, xếp loại và xếp thứ."))
    return redirect("evaluations:round", round_.public_id)


@login_required
def round_export(request, public_id):
    round_ = _get_or_404(selectors.round_for, request.user, public_id)
    response = HttpResponse(round_xlsx(round_), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="danh-gia-{round_.year}-{round_.public_id}.xlsx"'
    return response


EVENT_LABELS = {
    "opened": gettext_lazy("Mở phiếu đánh giá"),
    "self_scored": gettext_lazy("Đơn vị lưu điểm tự chấm"),
    "submitted": gettext_lazy("Đơn vị gửi bản tự đánh giá"),
    "review_saved": gettext_lazy("Cấp trên lưu tạm kết quả thẩm định"),
    "reviewed": gettext_lazy("Cấp trên hoàn thành thẩm định"),
    "finalized": gettext_lazy("Công bố kết quả"),
    "appealed": gettext_lazy("Đơn vị đề nghị xem xét lại"),
    "appeal_decided": gettext_lazy("Giải quyết đề nghị xem xét lại"),
}


def _tree_with_input(assessment: Assessment, values, errors: dict) -> list:
    """The criteria rows, each with what was typed (after a refused POST) and its error."""
    tree = selectors.assessment_tree(assessment)
    for row in tree:
        key = row.criterion.pk
        row.error = errors.get(f"points_{key}") or errors.get(f"review_{key}") or ""
        row.typed = None
        if values:
            row.typed = {
                "points": values.get(f"points_{key}", ""),
                "evidence": values.get(f"evidence_{key}", ""),
                "review": values.get(f"review_{key}", ""),
                "review_comment": values.get(f"review_comment_{key}", ""),
            }
    return tree


def _assessment_context(request, assessment: Assessment, *, values=None, errors=None, **extra) -> dict:
    round_ = assessment.round
    can_self = services.can_self_assess(request.user, assessment)
    can_review = services.can_review(request.user, round_)
    criteria = round_.criteria_set.criteria.filter(pk__in=assessment.scores.values("criterion_id"))
    context = {
        "assessment": assessment,
        "round": round_,
        "tree": _tree_with_input(assessment, values, errors or {}),
        "can_self": can_self and assessment.status == Assessment.Status.DRAFT,
        "can_review": can_review
        and assessment.status in (Assessment.Status.SUBMITTED, Assessment.Status.REVIEWED)
        and round_.status != Round.Status.FINAL,
        "can_appeal": can_self
        and round_.status == Round.Status.FINAL
        and not assessment.appeals.filter(status=Appeal.Status.PENDING).exists(),
        "can_decide": can_review,
        "appeals": assessment.appeals.select_related("criterion"),
        "events": [_labelled(event) for event in assessment.events.select_related("actor")],
        "appeal_form": AppealForm(criteria=criteria, prefix="appeal"),
        "decision_form": AppealDecisionForm(prefix="decision"),
    }
    context.update(extra)
    return context


def _labelled(event):
    event.label = EVENT_LABELS.get(event.action, event.action)
    return event


@login_required
def assessment_detail(request, public_id):
    assessment = _get_or_404(selectors.assessment_for, request.user, public_id)
    return render(request, "evaluations/assessment.html", _assessment_context(request, assessment))


@login_required
@require_POST
def assessment_self(request, public_id):
    assessment = _get_or_404(selectors.assessment_for, request.user, public_id)
    entries = {}
    for score in assessment.scores.all():
        key = score.criterion_id
        if f"points_{key}" in request.POST:
            entries[key] = services.SelfEntry(
                points=request.POST.get(f"points_{key}", ""), evidence=request.POST.get(f"evidence_{key}", "")
            )
    try:
        services.assessment_self_score(
            actor=request.user, assessment=assessment, entries=entries, comment=request.POST.get("self_comment", "")
        )
        if "submit" in request.POST:
            services.assessment_submit(actor=request.user, assessment=assessment)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        context = _assessment_context(
            request, assessment, errors=exc.details.get("fields", {}), values=request.POST, summary=exc.message
        )
        return render(request, "evaluations/assessment.html", context, status=400)
    messages.success(
        request, _("Đã gửi bản tự đánh giá lên cấp trên.") if "submit" in request.POST else _("Đã lưu điểm tự chấm.")
    )
    return redirect("evaluations:assessment", assessment.public_id)


@login_required
@require_POST
def assessment_review(request, public_id):
    assessment = _get_or_404(selectors.assessment_for, request.user, public_id)
    entries = {}
    for score in assessment.scores.all():
        key = score.criterion_id
        if f"review_{key}" in request.POST:
            entries[key] = services.ReviewEntry(
                points=request.POST.get(f"review_{key}", ""),
                comment=request.POST.get(f"review_comment_{key}", ""),
                not_applicable=bool(request.POST.get(f"na_{key}")),
            )
    try:
        services.assessment_review(
            actor=request.user,
            assessment=assessment,
            entries=entries,
            comment=request.POST.get("review_comment", ""),
            complete="complete" in request.POST,
        )
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        context = _assessment_context(
            request, assessment, errors=exc.details.get("fields", {}), values=request.POST, summary=exc.message
        )
        return render(request, "evaluations/assessment.html", context, status=400)
    messages.success(request, _("Đã lưu kết quả thẩm định."))
    return redirect("evaluations:assessment", assessment.public_id)


@login_required
@require_POST
def appeal_submit(request, public_id):
    assessment = _get_or_404(selectors.assessment_for, request.user, public_id)
    criteria = assessment.round.criteria_set.criteria.filter(pk__in=assessment.scores.values("criterion_id"))
    form = AppealForm(request.POST, criteria=criteria, prefix="appeal")
    if form.is_valid():
        try:
            services.appeal_submit(
                actor=request.user,
                assessment=assessment,
                reason=form.cleaned_data["reason"],
                criterion=form.cleaned_data["criterion"],
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã gửi đề nghị xem xét lại."))
            return redirect("evaluations:assessment", assessment.public_id)
    context = _assessment_context(request, assessment, appeal_form=form)
    return render(request, "evaluations/assessment.html", context, status=400)


@login_required
@require_POST
def appeal_decide(request, public_id, pk):
    assessment = _get_or_404(selectors.assessment_for, request.user, public_id)
    appeal = assessment.appeals.filter(pk=pk).first()
    if appeal is None:
        raise Http404
    form = AppealDecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        try:
            services.appeal_decide(
                actor=request.user,
                appeal=appeal,
                upheld=form.cleaned_data["upheld"],
                decision=form.cleaned_data["decision"],
                points=form.cleaned_data["points"],
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationFailed as exc:
            for name, message in exc.details.get("fields", {}).items():
                form.add_error(name if name in form.fields else None, message)
            if not exc.details.get("fields"):
                form.add_error(None, exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã giải quyết đề nghị xem xét lại."))
            return redirect("evaluations:assessment", assessment.public_id)
    context = _assessment_context(request, assessment, decision_form=form)
    return render(request, "evaluations/assessment.html", context, status=400)
