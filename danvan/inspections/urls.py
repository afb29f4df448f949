from django.urls import path

from danvan.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
]
