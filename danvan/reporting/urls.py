from django.urls import path

from danvan.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("bang-so-lieu/", views.dashboard, name="dashboard"),
    path("chi-tieu/", views.registry, name="registry"),
    path("ky-bao-cao/", views.periods, name="periods"),
    path("ke-hoach/", views.plans, name="plans"),
    path("ke-hoach/lap/", views.plan_edit, name="plan_edit"),
    path("bao-cao/", views.reports, name="reports"),
    path("bao-cao/<uuid:public_id>/", views.report, name="report"),
    path("bao-cao/<uuid:public_id>/gui/", views.report_submit, name="report_submit"),
    path("bao-cao/<uuid:public_id>/tiep-nhan/", views.report_review, name="report_review"),
    path("bao-cao/<uuid:public_id>/tong-hop/", views.report_consolidate, name="report_consolidate"),
    path("bao-cao/<uuid:public_id>/tep/<int:sequence>/<str:fmt>/", views.report_file, name="report_file"),
    path("xuat/", views.exports, name="exports"),
    path("xuat/<uuid:public_id>/", views.export, name="export"),
    path("xuat/<uuid:public_id>/tai/", views.export_download, name="export_download"),
]
