from django.urls import path

from danvan.democracy import views

app_name = "democracy"

urlpatterns = [
    path("", views.index, name="index"),
]
