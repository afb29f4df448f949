"""The inspection pages: plans (list, new, plan page with its team, targets, findings, recommendations,
workflow and documents) and recommendations (list with filters, page with progress reports and evidence).

Thin views: parse, resolve the record through the scoped selectors (out of jurisdiction looks exactly like
missing: 404), call one service, render. Domain errors come back beside what the officer typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.core.clock import local_date
from danvan.core.errors import DomainError, NotFoundError, PermissionDeniedError
from danvan.inspections import selectors, services
from danvan.inspections.documents import plan_docx
from danvan.inspections.forms import (
    ConcludeForm,
    FindingsForm,
    MemberForm,
    NoteForm,
    PlanFilterForm,
    PlanForm,
    ProgressForm,
    RecFilterForm,
    RecommendationForm,
    TargetForm,
)
from danvan.inspections.models import Plan, PlanDocument, Recommendation
from danvan.inspections.workflow import (
    EDITABLE_PLAN,
    RECORDING_PLAN,
    PlanAction,
    PlanStatus,
    RecAction,
    plan_actions,
    rec_actions,
)
from danvan.organizations.models import Organization

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_SIZE = 25
MAX_ORGANIZATIONS_IN_SELECT = 1000

EVENT_LABELS = {
    "created": gettext_lazy("Tạo mới"),
    "member_added": gettext_lazy("Thêm thành viên đoàn"),
    "member_removed": gettext_lazy("Bớt thành viên đoàn"),
    "target_added": gettext_lazy("Thêm đơn vị được kiểm tra"),
    "findings_recorded": gettext_lazy("Ghi nhận kết quả kiểm tra"),
    "findings_updated": gettext_lazy("Sửa kết quả kiểm tra"),
    "overdue": gettext_lazy("Quá hạn thực hiện"),
    "document_issued": gettext_lazy("Lấy số văn bản"),
    **{action.value: action.label for action in PlanAction},
    **{action.value: action.label for action in RecAction},
}


def _label(event) -> str:
    if event.recommendation_id and event.action == "created":
        return _("Ghi kiến nghị")
    return str(EVENT_LABELS.get(event.action, event.action))


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store, max-age=0"
    return response


def _require_manage(user) -> None:
    if not has_perm(user, Perm.INSPECTION_MANAGE):
        raise PermissionDenied


def _plan_or_404(user, public_id) -> Plan:
    try:
        return selectors.plan_for(user, public_id)
    except Plan.DoesNotExist:
        raise Http404 from None


def _rec_or_404(user, public_id) -> Recommendation:
    try:
        return selectors.recommendation_for(user, public_id)
    except Recommendation.DoesNotExist:
        raise Http404 from None


# --- plans -----------------------------------------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    _require_manage(user)
    form = PlanFilterForm(request.GET)
    values = form.values()
    plans = selectors.plan_list(user, status=values["status"], query=values["q"])
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/index.html",
        {"form": form, "page": page, "counts": selectors.desk_counts(user, today=local_date())},
    )


@login_required
def plan_new(request):
    user = request.user
    _require_manage(user)
    directives = list(selectors.directives_active())
    organizations = list(selectors.conducting_organizations(user)[:MAX_ORGANIZATIONS_IN_SELECT])
    form = PlanForm(request.POST or None, directives=directives, organizations=organizations)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                data=services.PlanInput(
                    kind=data["kind"],
                    title=data["title"],
                    directive_id=data["directive"],
                    organization_id=data["organization"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    contents=data["contents"],
                ),
                actor=user,
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã tạo kế hoạch (dự thảo)."))
            return redirect("inspections:plan", plan.public_id)
    status = 422 if request.method == "POST" else 200
    return render(request, "inspections/plan_form.html", {"form": form, "error": error}, status=status)


def _plan_context(request, plan: Plan, *, bound: dict | None = None, error_for: str = "", error: str = "") -> dict:
    user = request.user
    bound = bound or {}
    targets = list(plan.targets.select_related("unit", "organization"))
    members = list(plan.members.select_related("user").order_by("role", "pk"))
    editable = plan.status in EDITABLE_PLAN
    recording = plan.status in RECORDING_PLAN
    context = {
        "plan": plan,
        "targets": targets,
        "members": members,
        "recommendations": list(
            plan.recommendations.select_related("owner_unit", "owner_organization", "target").order_by("target", "pk")
        ),
        "editable": editable,
        "recording": recording,
        "actions": plan_actions(plan.status),
        "today": local_date(),
        "timeline": [(event, _label(event)) for event in selectors.plan_timeline(plan)],
        "error_for": error_for,
        "error": error,
        "documents": {doc.kind: doc for doc in plan.documents.all()},
        "can_report": plan.status in (PlanStatus.IN_PROGRESS, PlanStatus.CONCLUDED),
        "can_conclusion": plan.status == PlanStatus.CONCLUDED,
        "conclude_form": bound.get("conclude") or ConcludeForm(initial={"summary": plan.summary}),
        "note_form": bound.get("note") or NoteForm(),
    }
    if editable:
        units = list(services.target_unit_choices(user, plan))
        organizations = Organization.objects.filter(unit__in=units, valid_to__isnull=True).select_related("unit")
        context["member_form"] = bound.get("member") or MemberForm(candidates=services.team_candidates(plan))
        context["target_form"] = bound.get("target") or TargetForm(
            units=units,
            organizations=organizations.order_by("unit__name_sort", "name")[:MAX_ORGANIZATIONS_IN_SELECT],
            initial={"visit_on": plan.starts_on},
        )
    if recording:
        context["findings_forms"] = [
            (
                target,
                bound.get(f"findings-{target.pk}")
                or FindingsForm(
                    prefix=f"t{target.pk}",
                    initial={"results": target.results, "limitations": target.limitations, "causes": target.causes},
                ),
                f"findings-{target.pk}",
            )
            for target in targets
        ]
        context["rec_form"] = bound.get("rec") or RecommendationForm(targets=targets)
    return context


@login_required
def plan_view(request, public_id):
    plan = _plan_or_404(request.user, public_id)
    return render(request, "inspections/plan.html", _plan_context(request, plan))


def _rerender(request, plan: Plan, *, key: str, form, error: str = "") -> HttpResponse:
    plan.refresh_from_db()
    context = _plan_context(request, plan, bound={key: form}, error_for=key, error=error)
    return render(request, "inspections/plan.html", context, status=422)


def _call(request, plan: Plan, *, key: str, form, call, success: str) -> HttpResponse:
    """Run a service call for a form of the plan page: redirect with a message, or show the page again
    with the form as typed and the Vietnamese error."""
    try:
        call()
    except PermissionDeniedError:
        raise PermissionDenied from None
    except NotFoundError:
        raise Http404 from None
    except DomainError as exc:
        return _rerender(request, plan, key=key, form=form, error=exc.message)
    messages.success(request, success)
    return redirect("inspections:plan", plan.public_id)


@require_POST
@login_required
def member_add(request, public_id):
    user = request.user
    plan = _plan_or_404(user, public_id)
    form = MemberForm(request.POST, candidates=services.team_candidates(plan))
    if not form.is_valid():
        return _rerender(request, plan, key="member", form=form)
    data = form.cleaned_data
    return _call(
        request,
        plan,
        key="member",
        form=form,
        call=lambda: services.plan_member_add(plan_id=plan.pk, user_id=data["user"], role=data["role"], actor=user),
        success=_("Đã thêm thành viên đoàn."),
    )


@require_POST
@login_required
def member_remove(request, public_id, pk: int):
    user = request.user
    plan = _plan_or_404(user, public_id)
    return _call(
        request,
        plan,
        key="member",
        form=None,
        call=lambda: services.plan_member_remove(plan_id=plan.pk, member_id=pk, actor=user),
        success=_("Đã bớt thành viên đoàn."),
    )


@require_POST
@login_required
def target_add(request, public_id):
    user = request.user
    plan = _plan_or_404(user, public_id)
    units = list(services.target_unit_choices(user, plan))
    organizations = Organization.objects.filter(unit__in=units, valid_to__isnull=True)[:MAX_ORGANIZATIONS_IN_SELECT]
    form = TargetForm(request.POST, units=units, organizations=organizations)
    if not form.is_valid():
        return _rerender(request, plan, key="target", form=form)
    data = form.cleaned_data
    return _call(
        request,
        plan,
        key="target",
        form=form,
        call=lambda: services.plan_target_add(
            plan_id=plan.pk,
            unit_id=data["unit"],
            organization_id=data["organization"],
            visit_on=data["visit_on"],
            actor=user,
        ),
        success=_("Đã thêm đơn vị được kiểm tra."),
    )


@require_POST
@login_required
def plan_action(request, public_id, action: str):
    user = request.user
    plan = _plan_or_404(user, public_id)
    if action not in PlanAction.values:
        raise Http404
    key = "conclude" if action == PlanAction.CONCLUDE else "note"
    form = ConcludeForm(request.POST) if key == "conclude" else NoteForm(request.POST)
    if not form.is_valid():
        return _rerender(request, plan, key=key, form=form)
    data = form.cleaned_data
    return _call(
        request,
        plan,
        key=key,
        form=form,
        call=lambda: services.plan_apply_action(
            plan_id=plan.pk, action=action, actor=user, note=data.get("note", ""), summary=data.get("summary", "")
        ),
        success=_("Đã thực hiện: %(action)s.") % {"action": PlanAction(action).label},
    )


@require_POST
@login_required
def findings(request, public_id, target_id: int):
    user = request.user
    plan = _plan_or_404(user, public_id)
    target = plan.targets.filter(pk=target_id).first()
    if target is None:
        raise Http404
    form = FindingsForm(request.POST, prefix=f"t{target.pk}")
    key = f"findings-{target.pk}"
    if not form.is_valid():
        return _rerender(request, plan, key=key, form=form)
    data = form.cleaned_data
    return _call(
        request,
        plan,
        key=key,
        form=form,
        call=lambda: services.target_findings_record(target_id=target.pk, actor=user, **data),
        success=_("Đã ghi nhận kết quả kiểm tra tại %(target)s.") % {"target": target},
    )


@require_POST
@login_required
def recommendation_add(request, public_id):
    user = request.user
    plan = _plan_or_404(user, public_id)
    form = RecommendationForm(request.POST, targets=list(plan.targets.select_related("unit", "organization")))
    if not form.is_valid():
        return _rerender(request, plan, key="rec", form=form)
    data = form.cleaned_data
    return _call(
        request,
        plan,
        key="rec",
        form=form,
        call=lambda: services.recommendation_add(
            plan_id=plan.pk,
            data=services.RecommendationInput(
                target_id=data["target"],
                text=data["text"],
                deadline=data["deadline"],
                evidence_required=data["evidence_required"],
            ),
            actor=user,
        ),
        success=_("Đã ghi kiến nghị."),
    )


@require_POST
@login_required
def document(request, public_id, kind: str):
    user = request.user
    plan = _plan_or_404(user, public_id)
    if kind not in PlanDocument.Kind.values:
        raise Http404
    try:
        issued = services.plan_document_issue(plan_id=plan.pk, kind=kind, actor=user)
    except NotFoundError:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("inspections:plan", plan.public_id)
    name, content = plan_docx(plan=plan, document=issued)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _no_store(response)


# --- recommendations ---------------------------------------------------------------------------------


@login_required
def recommendations(request):
    user = request.user
    if not (has_perm(user, Perm.UNIT_VIEW) or has_perm(user, Perm.INSPECTION_MANAGE)):
        raise PermissionDenied
    today = local_date()
    form = RecFilterForm(request.GET, owners=selectors.owner_units_for(user))
    values = form.values()
    recs = selectors.recommendation_list(
        user,
        selectors.RecFilters(status=values["status"], owner_unit_id=values["owner"], query=values["q"]),
        today=today,
    )
    page = Paginator(recs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "inspections/recommendations.html",
        {"form": form, "page": page, "today": today, "querystring": params.urlencode()},
    )


def _rec_context(request, rec: Recommendation, *, progress_form=None, return_form=None, error: str = "") -> dict:
    user = request.user
    owner, team = services.is_owner(user, rec), services.is_team(user, rec)
    actions = rec_actions(rec.status, is_owner=owner, is_team=team)
    return {
        "rec": rec,
        "plan": rec.plan,
        "today": local_date(),
        "is_team": team,
        "can_report": RecAction.REPORT in actions,
        "can_accept": RecAction.ACCEPT in actions,
        "progress_form": progress_form or ProgressForm(),
        "return_form": return_form or NoteForm(),
        "timeline": [(event, _label(event)) for event in selectors.recommendation_timeline(rec)],
        "evidence": list(rec.evidence.all()),
        "error": error,
    }


@login_required
def recommendation_view(request, public_id):
    rec = _rec_or_404(request.user, public_id)
    return _no_store(render(request, "inspections/recommendation.html", _rec_context(request, rec)))


@require_POST
@login_required
def recommendation_action(request, public_id):
    user = request.user
    rec = _rec_or_404(user, public_id)
    action = request.POST.get("action", "")
    if action not in RecAction.values:
        raise Http404
    owner_side = action in (RecAction.REPORT, RecAction.MARK_DONE)
    form = ProgressForm(request.POST, request.FILES) if owner_side else NoteForm(request.POST)
    kwargs = {"progress_form": form} if owner_side else {"return_form": form}
    if not form.is_valid():
        return render(request, "inspections/recommendation.html", _rec_context(request, rec, **kwargs), status=422)
    try:
        services.recommendation_act(
            recommendation_id=rec.pk,
            action=action,
            actor=user,
            note=form.cleaned_data.get("note", ""),
            files=form.cleaned_data.get("files", []) if owner_side else (),
        )
    except PermissionDeniedError:
        raise PermissionDenied from None
    except NotFoundError:
        raise Http404 from None
    except DomainError as exc:
        rec.refresh_from_db()
        context = _rec_context(request, rec, error=exc.message, **kwargs)
        return render(request, "inspections/recommendation.html", context, status=422)
    messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": RecAction(action).label})
    return redirect("inspections:recommendation", rec.public_id)


@login_required
def evidence_view(request, public_id, pk: int):
    rec = _rec_or_404(request.user, public_id)
    evidence = rec.evidence.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    return _no_store(response)
