"""URLs of the interface app: ``/api/v1/`` (django-ninja) and ``/open311/v2/`` (GeoReport v2).

The project includes this module at the root: ``path("", include("danvan.api.urls"))``.
"""

from django.urls import path, re_path

from danvan.api import open311
from danvan.api.v1 import api

FMT = r"(?P<fmt>json|xml)"

open311_patterns = [
    re_path(rf"^discovery\.{FMT}$", open311.discovery, name="open311-discovery"),
    re_path(rf"^services\.{FMT}$", open311.service_list, name="open311-services"),
    re_path(rf"^services/(?P<service_code>[^/]+)\.{FMT}$", open311.service_definition, name="open311-service"),
    re_path(rf"^requests\.{FMT}$", open311.requests_collection, name="open311-requests"),
    re_path(rf"^requests/(?P<request_id>[^/]+)\.{FMT}$", open311.request_detail, name="open311-request"),
    re_path(rf"^tokens/(?P<token>[^/]+)\.{FMT}$", open311.token_detail, name="open311-token"),
]

urlpatterns = [
    path("api/v1/", api.urls),
    path("open311/v2/", (open311_patterns, "open311", "open311")),
]
