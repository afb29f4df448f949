from django.urls import path

from danvan.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.index, name="index"),
    path("bo-tieu-chi/", views.criteria_set_create, name="criteria_set_create"),
    path("bo-tieu-chi/<uuid:public_id>/", views.criteria_set_detail, name="criteria_set"),
    path("dot/", views.round_create, name="round_create"),
    path("dot/<uuid:public_id>/", views.round_detail, name="round"),
    path("dot/<uuid:public_id>/cong-bo/", views.round_finalize, name="round_finalize"),
    path("dot/<uuid:public_id>/xlsx/", views.round_export, name="round_export"),
    path("phieu/<uuid:public_id>/", views.assessment_detail, name="assessment"),
    path("phieu/<uuid:public_id>/tu-cham/", views.assessment_self, name="assessment_self"),
    path("phieu/<uuid:public_id>/tham-dinh/", views.assessment_review, name="assessment_review"),
    path("phieu/<uuid:public_id>/de-nghi/", views.appeal_submit, name="appeal_submit"),
    path("phieu/<uuid:public_id>/de-nghi/<int:pk>/giai-quyet/", views.appeal_decide, name="appeal_decide"),
]
