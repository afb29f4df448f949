"""The alert inbox (/lam-viec/canh-bao/): open alerts for the leader and coordinator whose jurisdiction
covers them, each with acknowledge / act / close and its history; and the category choice posted from
the case page's panel. Thin: services do the work; out-of-jurisdiction alerts are 404."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.analytics import selectors, services
from danvan.analytics.forms import AcknowledgeForm, ActForm, CloseForm
from danvan.analytics.models import Alert
from danvan.cases.models import Case
from danvan.cases.selectors import case_for
from danvan.core.errors import DomainError, NotFoundError

TABS = [
    ("", gettext_lazy("Đang mở")),
    ("history", gettext_lazy("Lịch sử, kết quả")),
]


def _require(user) -> None:
    if not has_perm(user, Perm.ALERT_VIEW):
        raise PermissionDenied


@login_required
def index(request):
    _require(request.user)
    tab = request.GET.get("tab", "")
    if tab not in ("", "history"):
        tab = ""
    page = Paginator(selectors.alerts_for(request.user, status=tab), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "analytics/index.html",
        {"page": page, "tab": tab, "tabs": [(value, str(label)) for value, label in TABS]},
    )


def _alert_or_404(user, pk: int) -> Alert:
    try:
        return selectors.alert_for(user, pk)
    except Alert.DoesNotExist:
        raise Http404 from None


def _links(alert: Alert) -> list[tuple[str, str]]:
    """Where the leader acts: existing pages of the other apps."""
    links = []
    with contextlib.suppress(NoReverseMatch):
        links.append((_("Tổ chức đối thoại (Tiếp dân, đối thoại)"), reverse("meetings:index")))
    worklist = reverse("cases:worklist") + f"?status=open&unit={alert.unit_id}"
    if alert.category_id:
        worklist += f"&category={alert.category.code}"
    if alert.case_id:
        links.append((_("Mở đơn để phân công, chuyển cấp trên"), reverse("cases:detail", args=[alert.case.public_id])))
    links.append((_("Các đơn đang giải quyết tại địa bàn (phân công)"), worklist))
    return links


def _render_detail(request, alert: Alert, *, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    return render(
        request,
        "analytics/detail.html",
        {
            "alert": alert,
            "events": alert.events.select_related("actor"),
            "ack_form": forms.get("ack") or AcknowledgeForm(),
            "act_form": forms.get("act") or ActForm(),
            "close_form": forms.get("close") or CloseForm(),
            "links": _links(alert),
            "steps": dict(services.ACT_STEPS),
        },
        status=status,
    )


@login_required
def detail(request, pk: int):
    _require(request.user)
    return _render_detail(request, _alert_or_404(request.user, pk))


def _post(request, pk: int, form_class, name: str, call, done: str):
    _require(request.user)
    alert = _alert_or_404(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(alert, form.cleaned_data)
        except NotFoundError:
            raise Http404 from None
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("analytics:detail", pk=alert.pk)
    return _render_detail(request, alert, forms={name: form}, status=422)


@require_POST
@login_required
def acknowledge(request, pk: int):
    return _post(
        request,
        pk,
        AcknowledgeForm,
        "ack",
        lambda alert, data: services.alert_acknowledge(alert_id=alert.pk, actor=request.user, note=data["note"]),
        _("Đã xác nhận nắm thông tin."),
    )


@require_POST
@login_required
def act(request, pk: int):
    return _post(
        request,
        pk,
        ActForm,
        "act",
        lambda alert, data: services.alert_act(
            alert_id=alert.pk, actor=request.user, step=data["step"], note=data["note"]
        ),
        _("Đã ghi nhận biện pháp xử lý."),
    )


@require_POST
@login_required
def close(request, pk: int):
    return _post(
        request,
        pk,
        CloseForm,
        "close",
        lambda alert, data: services.alert_close(
            alert_id=alert.pk, actor=request.user, outcome=data["outcome"], note=data["note"]
        ),
        _("Đã đóng cảnh báo."),
    )


@require_POST
@login_required
def choose_category(request, public_id):
    try:
        case = case_for(request.user, public_id)
    except Case.DoesNotExist:
        raise Http404 from None
    try:
        services.category_choice_record(
            case_id=case.pk,
            category_code=request.POST.get("other_category") or request.POST.get("category", ""),
            actor=request.user,
        )
    except NotFoundError:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã ghi nhận lĩnh vực cán bộ chọn."))
    return redirect("cases:detail", public_id=case.public_id)
