from django.urls import path

from danvan.practices import views

app_name = "practices"

urlpatterns = [
    path("", views.index, name="index"),
    path("dang-ky/", views.register, name="register"),
    path("tin-tuc/", views.news_list, name="news_list"),
    path("tin-tuc/moi/", views.news_create, name="news_create"),
    path("tin-tuc/<uuid:public_id>/", views.news_edit, name="news_edit"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/xet-cong-nhan/", views.review_open, name="review_open"),
    path("<uuid:public_id>/cham-diem/", views.score, name="score"),
    path("<uuid:public_id>/cong-nhan/", views.recognise, name="recognise"),
    path("<uuid:public_id>/khong-cong-nhan/", views.reject, name="reject"),
    path("<uuid:public_id>/khen-thuong/", views.commend, name="commend"),
    path("<uuid:public_id>/nhan-rong/", views.replicate, name="replicate"),
    path("<uuid:public_id>/ket-qua/", views.result_add, name="result_add"),
    path("<uuid:public_id>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("<uuid:public_id>/minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
]
