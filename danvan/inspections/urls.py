from django.urls import path

from danvan.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("ke-hoach/moi/", views.plan_new, name="plan_new"),
    path("ke-hoach/<uuid:public_id>/", views.plan_view, name="plan"),
    path("ke-hoach/<uuid:public_id>/thanh-vien/", views.member_add, name="member_add"),
    path("ke-hoach/<uuid:public_id>/thanh-vien/<int:pk>/bot/", views.member_remove, name="member_remove"),
    path("ke-hoach/<uuid:public_id>/don-vi/", views.target_add, name="target_add"),
    path("ke-hoach/<uuid:public_id>/don-vi/<int:target_id>/ket-qua/", views.findings, name="findings"),
    path("ke-hoach/<uuid:public_id>/kien-nghi/", views.recommendation_add, name="recommendation_add"),
    path("ke-hoach/<uuid:public_id>/thao-tac/<slug:action>/", views.plan_action, name="plan_action"),
    path("ke-hoach/<uuid:public_id>/van-ban/<slug:kind>/", views.document, name="document"),
    path("kien-nghi/", views.recommendations, name="recommendations"),
    path("kien-nghi/<uuid:public_id>/", views.recommendation_view, name="recommendation"),
    path("kien-nghi/<uuid:public_id>/thao-tac/", views.recommendation_action, name="recommendation_action"),
    path("kien-nghi/<uuid:public_id>/tep/<int:pk>/", views.evidence_view, name="evidence"),
]
