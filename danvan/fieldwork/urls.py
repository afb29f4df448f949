from django.urls import path

from danvan.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("", views.index, name="index"),
]
