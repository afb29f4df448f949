from django.urls import path

from danvan.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
]
