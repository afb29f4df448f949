from django.urls import path

from danvan.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("hai-long-giai-quyet-don/", views.case_satisfaction, name="case_satisfaction"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/cau-hoi/", views.question_add, name="question_add"),
    path("<uuid:public_id>/cau-hoi/<int:pk>/di-chuyen/", views.question_move, name="question_move"),
    path("<uuid:public_id>/cau-hoi/<int:pk>/xoa/", views.question_delete, name="question_delete"),
    path("<uuid:public_id>/trang-thai/", views.status, name="status"),
    path("<uuid:public_id>/duong-dan/", views.link_create, name="link_create"),
    path("<uuid:public_id>/ma-phieu/", views.tokens_issue, name="tokens_issue"),
    path("<uuid:public_id>/ma-phieu/<int:batch>/in/", views.print_tokens, name="print"),
    path("<uuid:public_id>/ket-qua/", views.results, name="results"),
]
