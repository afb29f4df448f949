"""Reporting pages: hub, dashboard, indicator registry, periods, plans, periodic reports, exports.
Thin views: scope through selectors (404 outside the jurisdiction), one service call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm, units_in_jurisdiction
from danvan.core.clock import local_date
from danvan.core.errors import DomainError, NotFoundError
from danvan.reporting import selectors, services
from danvan.reporting.dashboard import build_dashboard
from danvan.reporting.models import ExportJob, PeriodKind, ReportingPeriod, ReportStatus
from danvan.territory.models import AdministrativeUnit

Level = AdministrativeUnit.Level


def _need(request, perm: Perm = Perm.REPORT_VIEW) -> None:
    if not has_perm(request.user, perm):
        raise Http404()


def _unit_or_404(request, value, perm: Perm = Perm.REPORT_VIEW):
    try:
        return selectors.unit_for(request.user, value, perm)
    except NotFoundError as error:
        raise Http404() from error


@login_required
def index(request):
    _need(request)
    return render(
        request,
        "reporting/index.html",
        {
            "can_submit": has_perm(request.user, Perm.REPORT_SUBMIT),
            "awaiting": selectors.reports_awaiting_review(request.user),
        },
    )


@login_required
def dashboard(request):
    _need(request)
    unit = _unit_or_404(request, request.GET.get("don_vi"))
    board = build_dashboard(request.user, unit, request.GET.get("chi_tieu"), today=local_date())
    return render(
        request,
        "reporting/dashboard.html",
        {"board": board, "indicators": [f.indicator for f in board.figures]},
    )


@login_required
def registry(request):
    _need(request)
    return render(request, "reporting/registry.html", {"indicators": selectors.indicators_registry()})


@login_required
def periods(request):
    _need(request)
    services.periods_seed()
    today = local_date()
    current = [services.period_containing(kind=kind, day=today) for kind in PeriodKind.values]
    return render(
        request,
        "reporting/periods.html",
        {"definitions": selectors.period_definitions(), "current": current, "recent": selectors.periods_recent()},
    )


def _units_for_submit(user):
    return units_in_jurisdiction(user, Perm.REPORT_SUBMIT, levels=[Level.PROVINCE, Level.COMMUNE])


@login_required
def plans(request):
    _need(request)
    return render(
        request,
        "reporting/plans.html",
        {
            "plans": [
                (plan, [(selectors.registered(t.indicator_code), t) for t in plan.targets.all()])
                for plan in selectors.plans_visible_to(request.user)
            ],
            "can_submit": has_perm(request.user, Perm.REPORT_SUBMIT),
        },
    )


@login_required
def plan_edit(request):
    _need(request, Perm.REPORT_SUBMIT)
    unit = _unit_or_404(request, request.GET.get("don_vi") or request.POST.get("don_vi"), Perm.REPORT_SUBMIT)
    try:
        year = int(request.GET.get("nam") or request.POST.get("nam") or local_date().year)
    except ValueError:
        year = local_date().year
    plan = selectors.plan_for_unit(unit, year)
    indicators = selectors.indicators_registry()
    existing = {t.indicator_code: t.target for t in plan.targets.all()} if plan else {}
    values = {item.code: request.POST.get(f"target-{item.code}", existing.get(item.code, "")) for item in indicators}
    title = request.POST.get("title", plan.title if plan else f"Kế hoạch công tác dân vận năm {year}")
    content = request.POST.get("content", plan.content if plan else "")
    error = ""
    if request.method == "POST":
        try:
            targets = services.parse_targets({code: str(value) for code, value in values.items()})
            services.plan_save(unit=unit, year=year, title=title, content=content, targets=targets, actor=request.user)
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("reporting:plans")
    rows = [(item, values[item.code]) for item in indicators]
    return render(
        request,
        "reporting/plan_form.html",
        {
            "unit": unit,
            "year": year,
            "title_value": title,
            "content_value": content,
            "rows": rows,
            "error": error,
            "units": _units_for_submit(request.user),
        },
        status=400 if error else 200,
    )


@login_required
def reports(request):
    _need(request)
    error = ""
    if request.method == "POST":
        _need(request, Perm.REPORT_SUBMIT)
        try:
            kind = PeriodKind(request.POST.get("kind", ""))
            year, index = int(request.POST.get("year", "")), int(request.POST.get("index", "1"))
        except ValueError:
            error = _("Vui lòng chọn loại kỳ, năm và kỳ báo cáo hợp lệ.")
        else:
            unit = _unit_or_404(request, request.POST.get("don_vi"), Perm.REPORT_SUBMIT)
            try:
                period = services.period_ensure(kind=kind, year=year, index=index)
                report = services.report_start(period=period, unit=unit, actor=request.user)
            except DomainError as failure:
                error = failure.message
            else:
                return redirect("reporting:report", public_id=report.public_id)
    return render(
        request,
        "reporting/reports.html",
        {
            "reports": selectors.reports_visible_to(request.user)[:200],
            "can_submit": has_perm(request.user, Perm.REPORT_SUBMIT),
            "units": _units_for_submit(request.user),
            "nationwide": selectors.unit_visible(request.user, None, Perm.REPORT_SUBMIT),
            "kinds": PeriodKind.choices,
            "year": local_date().year,
            "error": error,
        },
        status=400 if error else 200,
    )


def _report_or_404(request, public_id):
    try:
        return selectors.report_for(request.user, public_id)
    except NotFoundError as error:
        raise Http404() from error


@login_required
def report(request, public_id):
    _need(request)
    item = _report_or_404(request, public_id)
    can_edit = item.status in (ReportStatus.DRAFT, ReportStatus.RETURNED) and selectors.unit_visible(
        request.user, item.unit, Perm.REPORT_SUBMIT
    )
    error = ""
    narrative = dict(item.narrative)
    if request.method == "POST":
        if not can_edit:
            raise Http404()
        narrative = {key: request.POST.get(f"section-{key}", "") for key, _title in item.template.sections}
        try:
            services.report_update(
                report_id=item.pk,
                narrative=narrative,
                signer_name=request.POST.get("signer_name", ""),
                signer_title=request.POST.get("signer_title", ""),
                actor=request.user,
            )
        except DomainError as failure:
            error = failure.message
        else:
            messages.success(request, _("Đã lưu nội dung báo cáo."))
            return redirect("reporting:report", public_id=item.public_id)
    parent = item.unit.parent if item.unit is not None else None
    can_review = (
        item.status == ReportStatus.SUBMITTED
        and item.unit is not None
        and selectors.unit_visible(request.user, parent, Perm.REPORT_SUBMIT)
    )
    sections = [(key, title, narrative.get(key, "")) for key, title in item.template.sections]
    children = list(selectors.child_reports(item)) if item.is_consolidated else []
    return render(
        request,
        "reporting/report.html",
        {
            "report": item,
            "figures": services.report_figures(item),
            "sections": sections,
            "can_edit": can_edit,
            "can_review": can_review,
            "children": children,
            "submissions": item.submissions.prefetch_related("files").order_by("-sequence"),
            "error": error,
        },
        status=400 if error else 200,
    )


def _report_action(request, public_id, action):
    _need(request)
    item = _report_or_404(request, public_id)
    try:
        action(item)
    except DomainError as failure:
        messages.error(request, failure.message)
    return redirect("reporting:report", public_id=item.public_id)


@login_required
@require_POST
def report_submit(request, public_id):
    def act(item):
        submission = services.report_submit(report_id=item.pk, actor=request.user)
        messages.success(
            request,
            _("Đã gửi báo cáo (mã kiểm tra %(checksum)s…).") % {"checksum": submission.checksum[:12]}
            + (
                _(" Báo cáo gửi muộn so với hạn %(deadline)s.") % {"deadline": f"{submission.deadline:%d/%m/%Y}"}
                if submission.is_late
                else ""
            ),
        )

    return _report_action(request, public_id, act)


@login_required
@require_POST
def report_review(request, public_id):
    def act(item):
        accept = request.POST.get("decision") == "accept"
        services.report_review(
            report_id=item.pk, actor=request.user, accept=accept, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Đã tiếp nhận báo cáo.") if accept else _("Đã trả lại báo cáo."))

    return _report_action(request, public_id, act)


@login_required
@require_POST
def report_consolidate(request, public_id):
    def act(item):
        services.report_consolidate(report_id=item.pk, actor=request.user)
        messages.success(request, _("Đã tổng hợp số liệu và nội dung từ các báo cáo cấp dưới đã tiếp nhận."))

    return _report_action(request, public_id, act)


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@login_required
def report_file(request, public_id, sequence: int, fmt: str):
    _need(request)
    item = _report_or_404(request, public_id)
    submission = item.submissions.filter(sequence=sequence).first()
    file = submission.files.filter(format=fmt).first() if submission else None
    if file is None or fmt not in CONTENT_TYPES:
        raise Http404()
    response = HttpResponse(bytes(file.content), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response


@login_required
def exports(request):
    _need(request)
    error = ""
    if request.method == "POST":
        unit = _unit_or_404(request, request.POST.get("don_vi"))
        try:
            period = ReportingPeriod.objects.get(pk=int(request.POST.get("period", "")))
            job = services.export_request(
                actor=request.user, kind=request.POST.get("kind", ""), unit=unit, period=period
            )
        except (ValueError, ReportingPeriod.DoesNotExist):
            error = _("Vui lòng chọn kỳ báo cáo.")
        except DomainError as failure:
            error = failure.message
        else:
            return redirect("reporting:export", public_id=job.public_id)
    services.periods_seed()
    return render(
        request,
        "reporting/exports.html",
        {
            "jobs": selectors.exports_of(request.user),
            "periods": [services.period_containing(kind=k, day=local_date()) for k in PeriodKind.values]
            + list(selectors.periods_recent()),
            "units": units_in_jurisdiction(request.user, Perm.REPORT_VIEW, levels=[Level.PROVINCE, Level.COMMUNE]),
            "nationwide": selectors.unit_visible(request.user, None),
            "kinds": ExportJob.Kind.choices,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def export(request, public_id):
    _need(request)
    try:
        job = selectors.export_for(request.user, public_id)
    except NotFoundError as error:
        raise Http404() from error
    return render(request, "reporting/export.html", {"job": job, "refresh": job.status in ("pending", "running")})


@login_required
def export_download(request, public_id):
    _need(request)
    try:
        job = selectors.export_for(request.user, public_id)
    except NotFoundError as error:
        raise Http404() from error
    if job.status != ExportJob.Status.DONE or not job.file_path:
        raise Http404()
    return FileResponse(open(job.file_path, "rb"), as_attachment=True, filename=job.file_name)


def dashboard_url(unit_pk, code) -> str:
    return f"{reverse('reporting:dashboard')}?don_vi={unit_pk}&chi_tieu={code}"
