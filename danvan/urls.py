from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog


def healthz(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


admin.site.site_header = _("Quản trị Dân vận số")
admin.site.site_title = _("Dân vận số")

urlpatterns = [
    path("", include("danvan.portal.urls")),
    path("tai-khoan/", include("danvan.accounts.urls")),
    path("lam-viec/don/", include("danvan.cases.urls")),
    path("lam-viec/tiep-dan-doi-thoai/", include("danvan.meetings.urls")),
    path("lam-viec/di-co-so/", include("danvan.fieldwork.urls")),
    path("lam-viec/dan-van-kheo/", include("danvan.practices.urls")),
    path("lam-viec/dan-chu-co-so/", include("danvan.democracy.urls")),
    path("lam-viec/kiem-tra/", include("danvan.inspections.urls")),
    path("lam-viec/khao-sat/", include("danvan.surveys.urls")),
    path("lam-viec/danh-gia/", include("danvan.evaluations.urls")),
    path("lam-viec/bao-cao/", include("danvan.reporting.urls")),
    path("lam-viec/canh-bao/", include("danvan.analytics.urls")),
    # Public pages of the domain apps; each app keeps to its own Vietnamese path prefixes.
    path("", include("danvan.meetings.public_urls")),
    path("", include("danvan.practices.public_urls")),
    path("", include("danvan.democracy.public_urls")),
    path("", include("danvan.surveys.public_urls")),
    path("lam-viec/", include("danvan.workspace.urls")),
    path("", include("danvan.api.urls")),
    path("don-vi/", include("danvan.territory.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("quan-tri/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
