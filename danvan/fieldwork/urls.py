from django.urls import path

from danvan.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("", views.index, name="index"),
    path("ghi-nhan/", views.visit_new, name="visit_new"),
    path("dong-bo/", views.sync, name="sync"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("chi-tieu/", views.quota, name="quota"),
    path("to-dan-van/", views.teams, name="teams"),
    path("to-dan-van/them/", views.team_edit, name="team_new"),
    path("to-dan-van/<uuid:public_id>/", views.team_detail, name="team"),
    path("to-dan-van/<uuid:public_id>/sua/", views.team_edit, name="team_edit"),
    path("<uuid:public_id>/", views.visit_detail, name="visit"),
    path("<uuid:public_id>/mo-don/", views.follow_up_new, name="follow_up"),
]
