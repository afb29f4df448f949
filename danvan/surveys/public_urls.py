from django.urls import path

from danvan.surveys import views

app_name = "surveys_public"

urlpatterns = [
    path("khao-sat/", views.lookup, name="lookup"),
    path("khao-sat/cam-on/", views.thanks, name="thanks"),
    path("khao-sat/<str:token>/", views.answer, name="answer"),
    path("khao-sat/<str:token>/ma-qr.svg", views.qr_code, name="qr"),
]
