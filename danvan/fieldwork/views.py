"""Fieldwork pages: visits (list, form, page with follow-ups), the monthly quota, tổ dân vận teams, and
the offline pieces: the web app manifest, the service worker and the JSON sync endpoint.

The worker is served from /lam-viec/di-co-so/ (not /static/) so that its scope covers the app's pages.
Visits outside the user's jurisdiction answer 404, exactly like missing ones.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.accounts.models import User
from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm, jurisdiction_paths, units_in_jurisdiction
from danvan.cases.selectors import categories_active
from danvan.core.clock import local_date
from danvan.core.errors import ConflictError, DomainError, PermissionDeniedError, ValidationFailed
from danvan.fieldwork import selectors, services
from danvan.fieldwork.forms import (
    FollowUpForm,
    ObservationFormSet,
    QuotaFilterForm,
    TeamForm,
    VisitForm,
    new_client_id,
    sync_item_data,
    visit_input,
)
from danvan.fieldwork.models import Team, Visit
from danvan.territory.models import AdministrativeUnit

PAGE_SIZE = 25
MAX_SYNC_ITEMS = 50
LEVELS = (AdministrativeUnit.Level.COMMUNE, AdministrativeUnit.Level.VILLAGE)


def _can_log(user) -> bool:
    return has_perm(user, Perm.FIELDWORK_LOG)


def _can_review(user) -> bool:
    return has_perm(user, Perm.FIELDWORK_REVIEW)


def _require_any(user) -> None:
    if not (_can_log(user) or _can_review(user)):
        raise PermissionDenied


def _month_param(value: str | None, today: date) -> tuple[int, int]:
    form = QuotaFilterForm({"month": value or ""})
    if form.is_valid() and form.cleaned_data["month"]:
        return form.cleaned_data["month"]
    return today.year, today.month


@login_required
def index(request):
    _require_any(request.user)
    today = local_date()
    year, month = _month_param(request.GET.get("month"), today)
    query = (request.GET.get("q") or "").strip()[:100]
    visits = selectors.visits_list(request.user, query=query, year=year, month=month)
    page = Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page"))
    own = selectors.quota_rows(year=today.year, month=today.month, paths=["/"], today=today, user=request.user)
    return render(
        request,
        "fieldwork/index.html",
        {
            "page": page,
            "query": query,
            "month_value": f"{year:04d}-{month:02d}",
            "own_quota": own[0] if own else None,
            "can_log": _can_log(request.user),
            "can_review": _can_review(request.user),
        },
    )


def _visit_forms(request, data=None):
    units = units_in_jurisdiction(request.user, Perm.FIELDWORK_LOG, levels=LEVELS)
    teams = selectors.teams_of(request.user)
    initial = {"client_id": new_client_id(), "visited_date": local_date(), "kind": "field_trip"}
    form = VisitForm(data, units=units, teams=teams, initial=initial)
    formset = ObservationFormSet(data)
    return form, formset


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request):
    """The visit form: a normal form without JavaScript; with it, visits made offline are queued on the
    device and sent to ``sync`` when the network returns (static/js/fieldwork.js)."""
    if not _can_log(request.user):
        raise PermissionDenied
    form, formset = _visit_forms(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            result = services.visit_record(actor=request.user, data=visit_input(form, formset))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if result.status == services.SyncStatus.CREATED:
                messages.success(request, _("Đã ghi nhận chuyến đi cơ sở."))
            else:
                messages.info(request, _("Chuyến đi này đã được ghi nhận trước đó."))
            return redirect("fieldwork:visit", result.visit.public_id)
    response = render(
        request,
        "fieldwork/visit_form.html",
        {"form": form, "formset": formset, "status": 400 if request.method == "POST" else 200},
        status=400 if request.method == "POST" else 200,
    )
    add_never_cache_headers(response)
    return response


def _visit_or_404(request, public_id) -> Visit:
    try:
        return selectors.visit_for(request.user, public_id)
    except Visit.DoesNotExist:
        raise Http404 from None


@login_required
def visit_detail(request, public_id):
    visit = _visit_or_404(request, public_id)
    observations = list(visit.observations.all())
    can_follow_up = has_perm(request.user, Perm.FIELDWORK_LOG, visit) or has_perm(
        request.user, Perm.FIELDWORK_REVIEW, visit
    )
    follow_form = FollowUpForm(categories=categories_active(), observations=observations) if can_follow_up else None
    return render(
        request,
        "fieldwork/visit_detail.html",
        {
            "visit": visit,
            "observations": observations,
            "participants": visit.participants.order_by("name_sort"),
            "follow_ups": visit.follow_ups.select_related("case", "observation"),
            "follow_form": follow_form,
        },
    )


@login_required
@require_POST
def follow_up_new(request, public_id):
    visit = _visit_or_404(request, public_id)
    observations = list(visit.observations.all())
    form = FollowUpForm(request.POST, categories=categories_active(), observations=observations)
    if form.is_valid():
        data = form.cleaned_data
        observation = next((o for o in observations if o.pk == data["observation"]), None)
        try:
            follow_up = services.follow_up_open(
                actor=request.user,
                visit=visit,
                observation=observation,
                kind=data["kind"],
                category=data["category"],
                subject=data["subject"],
                body=data["body"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Đã chuyển thành đơn %(code)s (kênh: từ đi cơ sở).") % {"code": follow_up.case.tracking_code},
            )
            return redirect("fieldwork:visit", visit.public_id)
    return render(
        request,
        "fieldwork/visit_detail.html",
        {
            "visit": visit,
            "observations": observations,
            "participants": visit.participants.order_by("name_sort"),
            "follow_ups": visit.follow_ups.select_related("case", "observation"),
            "follow_form": form,
        },
        status=400,
    )


# --- Offline: sync, manifest, service worker ---------------------------------------------------------


def _sync_one(user, item) -> dict:
    if not isinstance(item, dict):
        return {"client_id": "", "status": services.SyncStatus.INVALID, "message": _("Phiếu không đọc được.")}
    client_id = str(item.get("client_id") or "")
    units = AdministrativeUnit.objects.current().filter(level__in=LEVELS).select_related("parent")
    form = VisitForm(sync_item_data(item), units=units, teams=Team.objects.active())
    formset = ObservationFormSet(sync_item_data(item))
    if not (form.is_valid() and formset.is_valid()):
        errors = [str(e) for errs in form.errors.values() for e in errs]
        errors += [str(e) for row in formset.errors for errs in row.values() for e in errs]
        errors += [str(e) for e in formset.non_form_errors()]
        return {"client_id": client_id, "status": services.SyncStatus.INVALID, "message": " ".join(errors)}
    try:
        result = services.visit_record(actor=user, data=visit_input(form, formset), source=Visit.Source.OFFLINE)
    except ConflictError as error:
        return {"client_id": client_id, "status": services.SyncStatus.CONFLICT, "message": error.message}
    except PermissionDeniedError as error:
        return {"client_id": client_id, "status": services.SyncStatus.CONFLICT, "message": error.message}
    except ValidationFailed as error:
        return {"client_id": client_id, "status": services.SyncStatus.INVALID, "message": error.message}
    message = (
        _("Đã ghi nhận.")
        if result.status == services.SyncStatus.CREATED
        else _("Đã ghi nhận trước đó, không tạo thêm.")
    )
    return {
        "client_id": client_id,
        "status": result.status,
        "message": message,
        "url": reverse("fieldwork:visit", args=[result.visit.public_id]),
    }


@require_http_methods(["GET", "POST"])
def sync(request):
    """GET: a fresh CSRF token for the device (the cached form page may hold an old one). POST (JSON,
    session and CSRF): ``{"visits": [...]}`` → ``{"results": [{client_id, status, message, url}]}``."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.")}, status=401)
    if not _can_log(request.user):
        return JsonResponse({"error": _("Bạn không có quyền ghi nhận đi cơ sở.")}, status=403)
    if request.method == "GET":
        response = JsonResponse({"csrf_token": get_token(request)})
        add_never_cache_headers(response)
        return response
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": _("Dữ liệu gửi lên không hợp lệ.")}, status=400)
    items = payload.get("visits") if isinstance(payload, dict) else None
    if not isinstance(items, list):
        return JsonResponse({"error": _("Dữ liệu gửi lên không hợp lệ.")}, status=400)
    if len(items) > MAX_SYNC_ITEMS:
        return JsonResponse({"error": _("Mỗi lần gửi tối đa %(n)d phiếu.") % {"n": MAX_SYNC_ITEMS}}, status=400)
    return JsonResponse({"results": [_sync_one(request.user, item) for item in items]})


def manifest(request):
    data = {
        "name": _("Dân vận số — Ghi nhận đi cơ sở"),
        "short_name": _("Đi cơ sở"),
        "lang": "vi",
        "start_url": reverse("fieldwork:visit_new"),
        "scope": reverse("fieldwork:index"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#a50f15",
        "icons": [
            {"src": _static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        ],
    }
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")
    patch_cache_control(response, max_age=3600)
    return response


def _static(path: str) -> str:
    from django.templatetags.static import static

    return static(path)


OFFLINE_ASSETS = (
    "css/danvan.css",
    "css/fieldwork.css",
    "js/danvan.js",
    "js/fieldwork.js",
    "vendor/htmx.min.js",
    "img/favicon.svg",
)


def service_worker(request):
    assets = [_static(path) for path in OFFLINE_ASSETS]
    form_url = reverse("fieldwork:visit_new")
    body = render_to_string(
        "fieldwork/sw.js",
        {
            "assets_json": json.dumps(assets),
            "form_url_json": json.dumps(form_url),
            "version": hashlib.sha256(json.dumps(assets).encode()).hexdigest()[:12],
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    add_never_cache_headers(response)
    return response


# --- Quota compliance --------------------------------------------------------------------------------


@login_required
def quota(request):
    _require_any(request.user)
    today = local_date()
    year, month = _month_param(request.GET.get("month"), today)
    rows = selectors.quota_for(request.user, year=year, month=month, today=today)
    organizations = sorted({r.organization for r in rows if r.organization}, key=lambda o: o.name)
    form = QuotaFilterForm(request.GET or None, organizations=organizations)
    organization_id = form.cleaned_data.get("organization") if form.is_valid() else None
    if organization_id:
        rows = [r for r in rows if r.assignment.organization_id == organization_id]
    met = sum(1 for r in rows if r.met)
    return render(
        request,
        "fieldwork/quota.html",
        {
            "rows": rows,
            "form": form,
            "month_value": f"{year:04d}-{month:02d}",
            "month_label": f"{month:02d}/{year}",
            "met_count": met,
            "missed_count": len(rows) - met,
            "month_finished": selectors.month_bounds(year, month)[1] < today,
            "is_reviewer": _can_review(request.user),
        },
    )


# --- Tổ dân vận ---------------------------------------------------------------------------------------


@login_required
def teams(request):
    _require_any(request.user)
    return render(
        request,
        "fieldwork/teams.html",
        {
            "teams": selectors.teams_visible_to(request.user).prefetch_related("members"),
            "can_manage": _can_review(request.user),
        },
    )


def _team_or_404(request, public_id) -> Team:
    try:
        return selectors.teams_visible_to(request.user).get(public_id=public_id)
    except Team.DoesNotExist:
        raise Http404 from None


@login_required
def team_detail(request, public_id):
    team = _team_or_404(request, public_id)
    today = local_date()
    recent = team.visits.select_related("unit", "cadre").order_by("-visited_at")[:20]
    return render(
        request,
        "fieldwork/team_detail.html",
        {
            "team": team,
            "members": team.members.order_by("name_sort"),
            "area": team.area.order_by("name_sort"),
            "recent": recent,
            "can_manage": has_perm(request.user, Perm.FIELDWORK_REVIEW, team),
            "today": today,
        },
    )


def _team_form(request, data=None, team: Team | None = None):
    paths = jurisdiction_paths(request.user, Perm.FIELDWORK_REVIEW)
    units = units_in_jurisdiction(request.user, Perm.FIELDWORK_REVIEW, levels=LEVELS)
    villages = units.filter(level=AdministrativeUnit.Level.VILLAGE)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(role_assignments__unit__path__under=path)
    people = User.objects.filter(condition, is_active=True).distinct().order_by("name_sort")
    initial = None
    if team is not None:
        initial = {
            "name": team.name,
            "kind": team.kind,
            "unit": team.unit_id,
            "leader": team.leader_id,
            "members": list(team.members.values_list("pk", flat=True)),
            "area": list(team.area.values_list("pk", flat=True)),
            "tasks": team.tasks,
        }
    return TeamForm(data, units=units, people=people, villages=villages, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, public_id=None):
    if not _can_review(request.user):
        raise PermissionDenied
    team = _team_or_404(request, public_id) if public_id else None
    if team is not None and not has_perm(request.user, Perm.FIELDWORK_REVIEW, team):
        raise Http404
    form = _team_form(request, request.POST if request.method == "POST" else None, team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.team_save(
                actor=request.user,
                team=team,
                name=data["name"],
                kind=data["kind"],
                unit=data["unit"],
                leader=data["leader"],
                members=list(data["members"]),
                area=list(data["area"]),
                tasks=data["tasks"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu tổ dân vận."))
            return redirect("fieldwork:team", saved.public_id)
    return render(
        request,
        "fieldwork/team_form.html",
        {"form": form, "team": team},
        status=400 if request.method == "POST" else 200,
    )
