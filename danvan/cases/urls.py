from django.urls import path

app_name = "cases"

# Officer pages for cases (worklist, case page, reception desk) are added by danvan.cases.views.
urlpatterns: list = []
