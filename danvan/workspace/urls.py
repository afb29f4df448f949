from django.urls import path

from danvan.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.home, name="home"),
    path("co-quan/<int:pk>/", views.organization_detail, name="organization"),
]
