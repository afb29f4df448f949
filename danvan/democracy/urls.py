from django.urls import path

from danvan.democracy import views

app_name = "democracy"

urlpatterns = [
    path("", views.index, name="index"),
    path("cong-khai/", views.disclosure_list, name="disclosure_list"),
    path("cong-khai/them/", views.disclosure_edit, name="disclosure_create"),
    path("cong-khai/<int:pk>/", views.disclosure_edit, name="disclosure_edit"),
    path("cong-khai/tuan-thu/", views.disclosure_compliance, name="compliance"),
    path("cong-khai/danh-muc-quy/", views.quarterly, name="quarterly"),
    path("thon/", views.villages, name="villages"),
    path("bieu-quyet/", views.vote_list, name="vote_list"),
    path("bieu-quyet/them/", views.vote_create, name="vote_create"),
    path("bieu-quyet/<int:pk>/", views.vote_detail, name="vote_detail"),
    path("bieu-quyet/<int:pk>/bien-ban.docx", views.vote_record, name="vote_record"),
    path("lay-y-kien/", views.consultations, name="consultations"),
    path("ban/", views.board_list, name="board_list"),
    path("ban/<int:pk>/", views.board_detail, name="board_detail"),
]
