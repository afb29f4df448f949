from django.urls import path

from danvan.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.worklist_view, name="worklist"),
    path("tiep-nhan/", views.reception_view, name="reception"),
    path("phan-cong/", views.assign_view, name="assign"),
    path("<uuid:public_id>/", views.detail_view, name="detail"),
    path("<uuid:public_id>/thao-tac/", views.action_view, name="action"),
    path("<uuid:public_id>/danh-tinh/", views.reveal_view, name="reveal"),
    path("<uuid:public_id>/lien-ket/", views.link_view, name="link"),
    path("<uuid:public_id>/cap-tren/", views.escalate_view, name="escalate"),
    path("<uuid:public_id>/tep/<int:pk>/", views.attachment_view, name="attachment"),
    path("<uuid:public_id>/van-ban/<slug:notice>/", views.notice_view, name="notice"),
]
