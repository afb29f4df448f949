from django.urls import path

from danvan.analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/xac-nhan/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/xu-ly/", views.act, name="act"),
    path("<int:pk>/dong/", views.close, name="close"),
    path("don/<uuid:public_id>/linh-vuc/", views.choose_category, name="choose_category"),
]
