from django.urls import path

from danvan.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("lich-tiep/", views.session_list, name="sessions"),
    path("lich-tiep/them/", views.session_create, name="session_create"),
    path("lich-tiep/<uuid:public_id>/", views.session_detail, name="session"),
    path("lich-tiep/<uuid:public_id>/trang-thai/", views.session_status, name="session_status"),
    path("lich-tiep/<uuid:public_id>/ket-luan/", views.session_conclude, name="session_conclude"),
    path("lich-tiep/<uuid:public_id>/thong-bao-ket-luan.docx", views.session_conclusion_docx, name="conclusion_docx"),
    path("lich-tiep/<uuid:public_id>/diem-cau/", views.connection_point_add, name="session_point_add"),
    path("lich-tiep/<uuid:public_id>/tiep/", views.visit_create, name="visit_create"),
    path("diem-cau/<int:pk>/tham-du/", views.connection_point_attendance, name="point_attendance"),
    path("so-tiep-cong-dan/", views.visit_list, name="visits"),
    path("so-tiep-cong-dan/<int:pk>/", views.visit_detail, name="visit"),
    path("tuan-thu/", views.compliance, name="compliance"),
    path("lanh-dao-tiep/", views.duty_list, name="duties"),
    path("hoi-nghi-truc-tuyen/", views.conference_list, name="conferences"),
    path("hoi-nghi-truc-tuyen/<uuid:public_id>/", views.conference_detail, name="conference"),
    path("doi-thoai/", views.dialogue_list, name="dialogues"),
    path("doi-thoai/them/", views.dialogue_create, name="dialogue_create"),
    path("doi-thoai/<uuid:public_id>/", views.dialogue_detail, name="dialogue"),
    path("cam-ket/", views.commitment_list, name="commitments"),
    path("cam-ket/them/", views.commitment_create, name="commitment_create"),
    path("cam-ket/nhap-tien-do/", views.commitment_import, name="commitment_import"),
    path("cam-ket/<uuid:public_id>/", views.commitment_detail, name="commitment"),
    path("cam-ket/<uuid:public_id>/minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
]
