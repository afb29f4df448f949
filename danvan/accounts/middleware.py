"""After the password, an officer who turned on two-step login must enter a code before anything else."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from danvan.accounts import two_factor

# Where a half-logged-in officer may still go: the code page itself, logout, static files, language switch.
ALLOWED_PREFIXES = ("/tai-khoan/xac-thuc-hai-buoc/nhap-ma/", "/tai-khoan/dang-xuat/", "/static/", "/i18n/", "/jsi18n/")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.session.get(two_factor.SESSION_KEY)
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            if two_factor.enabled_for(user):
                target = reverse("accounts:two_factor_verify")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
            request.session[two_factor.SESSION_KEY] = "not-enabled"
        return self.get_response(request)
