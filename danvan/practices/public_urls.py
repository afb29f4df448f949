from django.urls import path  # noqa: F401

app_name = "practices_public"

urlpatterns: list = []
