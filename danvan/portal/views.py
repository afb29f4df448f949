"""The citizen site: send a letter, follow it with a tracking code and PIN, rate the answer. No account is
needed; every write goes through ``cases.services`` and every read of a case through ``case_for_citizen``.

The PIN never travels in a URL. After a correct code + PIN the server-side session keeps them (the citizen
services take a code and PIN, not a case id) until the browser closes or after half an hour without use, so
rating and "not resolved" do not ask again.
"""

from __future__ import annotations

import logging
import math
import time
import uuid

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.cases import deadlines
from danvan.cases.models import Case, DeadlineRule
from danvan.cases.selectors import case_timeline, case_verified_by_citizen, cases_public_activity
from danvan.cases.services import (
    MAX_ATTACHMENT_BYTES,
    attachment_add,
    case_citizen_not_resolved,
    case_for_citizen,
    case_rate,
    case_submit_idempotent,
)
from danvan.cases.workflow import PUBLIC_STATUS, Kind, Status
from danvan.core.clock import local_date
from danvan.core.errors import DomainError, NotFoundError, ValidationFailed
from danvan.portal import throttle
from danvan.portal.forms import (
    PORTAL_KINDS,
    NotResolvedForm,
    RatingForm,
    SubmissionForm,
    TrackForm,
)
from danvan.territory.selectors import communes_current, province_current, provinces_current

logger = logging.getLogger(__name__)

SUBMITTED_KEY = "portal.submitted"
TRACKED_KEY = "portal.tracked"
TRACKED_IDLE_SECONDS = 30 * 60
ACTIVITY_DAYS = 30
RATED_STATUSES = (Status.ANSWERED, Status.CLOSED)


def _public_action_labels() -> dict[str, str]:
    """What each public timeline entry says to a citizen; anything else falls back to the officer's label."""
    return {
        "submitted": _("Tiếp nhận đơn"),
        "accept": _("Thụ lý đơn"),
        "refuse": _("Không thụ lý đơn"),
        "forward": _("Chuyển đến cơ quan có thẩm quyền"),
        "start_verifying": _("Xác minh, giải quyết"),
        "extend": _("Gia hạn thời hạn giải quyết"),
        "suspend": _("Tạm dừng giải quyết"),
        "resume": _("Tiếp tục giải quyết"),
        "answer": _("Có kết quả giải quyết"),
        "close": _("Kết thúc hồ sơ"),
        "withdraw": _("Rút đơn"),
        "reopen": _("Mở lại theo đề nghị của công dân"),
        "keep_as_information": _("Lưu làm thông tin"),
        "rated": _("Công dân đánh giá mức hài lòng"),
    }


# --- Home ---------------------------------------------------------------------------------------------


def home(request):
    provinces = provinces_current()
    province = province_current(request.GET.get("province"))
    context = {
        "province_count": provinces.count(),
        "provinces": provinces,
        "activity_province": province,
        "activity_days": ACTIVITY_DAYS,
    }
    if province is not None:
        context["activity"] = cases_public_activity(province, days=ACTIVITY_DAYS)
    return render(request, "portal/home.html", context)


# --- Submit -------------------------------------------------------------------------------------------


def _days(rule: DeadlineRule | None, days: int | None = None) -> str:
    if rule is None:
        return ""
    days = rule.days if days is None else days
    if rule.day_type == DeadlineRule.DayType.WORKING:
        return _("%(days)s ngày làm việc") % {"days": days}
    return _("%(days)s ngày") % {"days": days}


def _legal_limits() -> dict:
    """Time limits of the rule set in force today, as short phrases for the notes shown to citizens. The
    figures are data an administrator maintains (DESIGN.md §3.1), never constants in the page."""
    try:
        rule_set = deadlines.rule_set_on(local_date())
    except DomainError:
        return {}
    rules = {rule.step: rule for rule in rule_set.rules.all()}
    step = DeadlineRule.Step
    reply = rules.get(step.PETITION_REPLY)
    accept = rules.get(step.COMPLAINT_ACCEPT)
    resolve = rules.get(step.COMPLAINT_RESOLVE_FIRST)
    screen = rules.get(step.DENUNCIATION_SCREEN)
    settle = rules.get(step.DENUNCIATION_RESOLVE)
    limits = {"rule_set": rule_set.name, "reply": _days(reply), "complaint_accept": _days(accept)}
    if resolve:
        limits["complaint_resolve"] = _days(resolve)
        limits["complaint_resolve_complex"] = _days(resolve, resolve.complex_days) if resolve.complex_days else ""
        limits["complaint_resolve_remote"] = _days(resolve, resolve.remote_days) if resolve.remote_days else ""
    if screen:
        limits["denunciation_screen"] = _days(screen)
        limits["denunciation_screen_max"] = (
            _days(screen, screen.days + screen.extension_days) if screen.extension_days else ""
        )
    if settle:
        limits["denunciation_resolve"] = _days(settle)
        most = settle.days + settle.extension_days * settle.max_extensions_especially_complex
        limits["denunciation_resolve_max"] = _days(settle, most) if most > settle.days else ""
    return limits


def _too_many(request, limit: throttle.RateLimit) -> HttpResponse:
    minutes = max(1, math.ceil(limit.retry_after / 60))
    response = render(request, "portal/rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(limit.retry_after)
    return response


class _AttachmentRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _register(form: SubmissionForm) -> tuple[Case, str | None]:
    """The case and its attachment together, or neither (a refused file leaves nothing half-saved), and
    once per form token (a form posted twice files one case; the PIN is shown for the first only)."""
    upload = form.cleaned_data.get("attachment")

    def attach(case: Case) -> None:
        if upload:
            try:
                attachment_add(case=case, uploaded_file=upload, actor=None)
            except ValidationFailed as exc:
                raise _AttachmentRefused(exc.message) from exc

    token = form.cleaned_data.get("form_token") or uuid.uuid4()
    return case_submit_idempotent(client="portal", key=str(token), data=form.submission(), attach=attach)


@require_http_methods(["GET", "POST"])
def submit(request):
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", "")
    if kind not in PORTAL_KINDS:
        context = {"limits": _legal_limits(), "kinds": PORTAL_KINDS}
        return render(request, "portal/submit_kind.html", context, status=400 if request.method == "POST" else 200)
    province = province_current(source.get("province"))
    status = 200
    if request.method == "POST":
        client = throttle.client_id(request)
        if not throttle.PORTAL_POSTS.allow(client):
            return _too_many(request, throttle.PORTAL_POSTS)
        if throttle.SUBMISSIONS.exceeded(client):
            return _too_many(request, throttle.SUBMISSIONS)
        form = SubmissionForm(request.POST, request.FILES, kind=kind, province=province)
        if form.is_bot():
            # Silently discarded: the bot sees the usual "sent" page and learns nothing.
            throttle.SUBMISSIONS.hit(client)
            logger.info("portal.honeypot_discarded")
            return redirect("portal:submitted")
        if form.is_valid():
            try:
                case, pin = _register(form)
            except _AttachmentRefused as exc:
                form.add_error("attachment", exc.message)
            except ValidationFailed as exc:
                for message in exc.details.get("errors") or [exc.message]:
                    form.add_error(None, message)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                throttle.SUBMISSIONS.hit(client)
                if pin is not None:  # a repeated post keeps what the first one put in the session
                    request.session[SUBMITTED_KEY] = {"code": case.tracking_code, "pin": pin}
                return redirect("portal:submitted")
        status = 422
    else:
        form = SubmissionForm(kind=kind, province=province, initial={"form_token": uuid.uuid4()})
    context = {
        "form": form,
        "kind": Kind(kind),
        "kind_value": kind,
        "province": province,
        "provinces": provinces_current(),
        "limits": _legal_limits(),
        "max_attachment_mb": MAX_ATTACHMENT_BYTES // (1024 * 1024),
        "had_attachment": request.method == "POST" and bool(request.FILES.get("attachment")),
    }
    return render(request, "portal/submit_form.html", context, status=status)


@require_GET
def communes(request):
    """Communes of a province, for the commune list filled in by portal.js without reloading the page."""
    province = province_current(request.GET.get("province"))
    rows = communes_current(province).order_by("name_sort").values_list("pk", "name")
    return JsonResponse({"communes": [{"id": pk, "name": name} for pk, name in rows]})


@never_cache
@require_GET
def submitted(request):
    """Shows the tracking code and PIN once: they leave the session as soon as this page is drawn."""
    data = request.session.pop(SUBMITTED_KEY, None)
    case = None
    if data:
        try:
            case = case_for_citizen(tracking_code=data["code"], pin=data["pin"])
        except NotFoundError:
            case = None
    context = {"case": case, "pin": data["pin"] if case else "", "limits": _legal_limits()}
    return render(request, "portal/submitted.html", context)


# --- Track --------------------------------------------------------------------------------------------


def _remember(request, case: Case) -> None:
    """Keep the verified case (its public id, never the PIN) for this browser session. The session key
    changes (no fixation), and for visitors without an account the session ends when the browser closes."""
    request.session.cycle_key()
    request.session[TRACKED_KEY] = {"case": str(case.public_id), "seen": time.time()}
    if not request.user.is_authenticated:
        request.session.set_expiry(0)


def _forget(request) -> None:
    request.session.pop(TRACKED_KEY, None)


def _tracked(request) -> tuple[Case, dict] | tuple[None, None]:
    data = request.session.get(TRACKED_KEY)
    if not data or time.time() - data.get("seen", 0) > TRACKED_IDLE_SECONDS:
        _forget(request)
        return None, None
    case = case_verified_by_citizen(data.get("case"))
    if case is None:
        _forget(request)
        return None, None
    data["seen"] = time.time()
    request.session[TRACKED_KEY] = data
    return case, data


def _track_page(request, case: Case, *, rating_form=None, not_resolved_form=None, status: int = 200):
    labels = _public_action_labels()
    timeline = [
        {
            "occurred_at": event.occurred_at,
            "label": labels.get(event.action) or event.get_action_display(),
            "note": event.note,
            "score": event.data.get("score") if event.action == "rated" else None,
        }
        for event in case_timeline(case, public_only=True)
    ]
    can_rate = case.status in RATED_STATUSES
    context = {
        "case": case,
        "public_status": PUBLIC_STATUS.get(Status(case.status), case.get_status_display()),
        "timeline": timeline,
        "can_rate": can_rate,
        "is_complaint": case.kind in (Kind.COMPLAINT, Kind.COMPLAINT_SECOND),
        "is_anonymous_denunciation": case.kind == Kind.DENUNCIATION and case.is_anonymous,
        "rating_form": rating_form or RatingForm(initial={"score": str(case.satisfaction or "")}),
        "not_resolved_form": not_resolved_form or NotResolvedForm(),
    }
    return render(request, "portal/track_result.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    if request.method == "POST":
        client = throttle.client_id(request)
        if not throttle.TRACK_ATTEMPTS.allow(client):
            return _too_many(request, throttle.TRACK_ATTEMPTS)
        form = TrackForm(request.POST)
        if form.is_valid():
            try:
                case = case_for_citizen(tracking_code=form.cleaned_data["code"], pin=form.cleaned_data["pin"])
            except NotFoundError as exc:
                form.add_error(None, exc.message)
            else:
                _remember(request, case)
                return redirect("portal:track")
        return render(request, "portal/track.html", {"form": form}, status=422)
    case, _data = _tracked(request)
    if case is None:
        return render(request, "portal/track.html", {"form": TrackForm()})
    return _track_page(request, case)


@never_cache
@require_POST
def track_rate(request):
    case, _data = _tracked(request)
    if case is None:
        messages.error(request, _("Phiên tra cứu đã hết; vui lòng nhập lại mã tra cứu và mã PIN."))
        return redirect("portal:track")
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            case_rate(case_id=case.pk, score=form.cleaned_data["score"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Cảm ơn ông/bà đã đánh giá kết quả giải quyết."))
            return redirect("portal:track")
    return _track_page(request, case, rating_form=form, status=422)


@never_cache
@require_POST
def track_not_resolved(request):
    case, _data = _tracked(request)
    if case is None:
        messages.error(request, _("Phiên tra cứu đã hết; vui lòng nhập lại mã tra cứu và mã PIN."))
        return redirect("portal:track")
    form = NotResolvedForm(request.POST)
    if form.is_valid():
        try:
            case_citizen_not_resolved(case_id=case.pk, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("Đã ghi nhận: vấn đề chưa được giải quyết. Đơn được mở lại để cơ quan xem xét tiếp.")
            )
            return redirect("portal:track")
    return _track_page(request, case, not_resolved_form=form, status=422)


@require_POST
def track_end(request):
    _forget(request)
    messages.success(request, _("Đã kết thúc tra cứu đơn trên trình duyệt này."))
    return redirect("portal:track")
