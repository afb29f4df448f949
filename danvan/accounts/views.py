"""Two-step login pages: turn it on (scan a QR code, confirm a code), turn it off, enter a code at login."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from danvan.accounts import two_factor
from danvan.accounts.models import TwoFactorDevice
from danvan.core.errors import ValidationFailed


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã 6 chữ số"), max_length=12)


def _qr_svg(uri: str) -> str:
    import segno

    return segno.make(uri, error="m").svg_inline(scale=4, omitsize=False, title=_("Mã QR để quét bằng ứng dụng"))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_settings(request):
    """Start, confirm or turn off two-step login for the signed-in officer."""
    user, form, error = request.user, CodeForm(request.POST or None), ""
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "begin":
        try:
            two_factor.two_factor_begin(user=user)
        except ValidationFailed as exc:
            error = exc.message
    elif request.method == "POST" and form.is_valid():
        try:
            if action == "confirm":
                two_factor.two_factor_confirm(user=user, code=form.cleaned_data["code"])
                request.session[two_factor.SESSION_KEY] = "verified"
                messages.success(request, _("Đã bật xác thực hai bước."))
            elif action == "disable":
                two_factor.two_factor_disable(user=user, code=form.cleaned_data["code"])
                messages.success(request, _("Đã tắt xác thực hai bước."))
            return redirect("accounts:two_factor")
        except ValidationFailed as exc:
            error = exc.message
    device = TwoFactorDevice.objects.filter(user=user).first()
    pending = device is not None and device.confirmed_at is None
    context = {
        "device": device,
        "pending": pending,
        "form": form,
        "error": error,
        "secret": device.secret if pending else "",
        "qr": _qr_svg(two_factor.provisioning_uri(device)) if pending else "",
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The code page between the password and the workspace."""
    next_url = request.POST.get("next") or request.GET.get("next") or "/lam-viec/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/lam-viec/"
    form, error = CodeForm(request.POST or None), ""
    if request.method == "POST" and form.is_valid():
        if two_factor.two_factor_verify(user=request.user, code=form.cleaned_data["code"]):
            request.session[two_factor.SESSION_KEY] = "verified"
            request.session.pop("danvan_two_factor_attempts", None)
            return redirect(next_url)
        attempts = request.session.get("danvan_two_factor_attempts", 0) + 1
        request.session["danvan_two_factor_attempts"] = attempts
        if attempts >= two_factor.MAX_ATTEMPTS:
            logout(request)
            messages.error(request, _("Nhập sai mã quá nhiều lần; xin đăng nhập lại."))
            return redirect("accounts:login")
        error = _("Mã không đúng hoặc đã được dùng. Xin nhập mã đang hiện trong ứng dụng xác thực.")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "error": error, "next": next_url})
