from django.urls import path

from danvan.practices import views

app_name = "practices"

urlpatterns = [
    path("", views.index, name="index"),
]
