from django.urls import path

from danvan.democracy import views

app_name = "democracy_public"

urlpatterns = [
    path("cong-khai/", views.public_index, name="index"),
    path("cong-khai/<int:commune_id>/", views.public_commune, name="commune"),
]
