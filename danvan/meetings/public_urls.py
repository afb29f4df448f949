from django.urls import path

from danvan.meetings import public_views

app_name = "meetings_public"

urlpatterns = [
    path("lich-tiep-cong-dan/", public_views.calendar, name="calendar"),
    path("cam-ket/", public_views.commitments, name="commitments"),
    path("cam-ket/<uuid:public_id>/", public_views.commitment, name="commitment"),
]
