from django.urls import path

from danvan.territory import views

app_name = "territory"

urlpatterns = [
    path("", views.unit_browse, name="browse"),
    path("<int:pk>/", views.unit_detail, name="detail"),
]
