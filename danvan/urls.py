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
    path("lam-viec/", include("danvan.workspace.urls")),
    path("", include("danvan.api.urls")),
    path("don-vi/", include("danvan.territory.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("quan-tri/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
