from django.urls import path

from danvan.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("gui-don/", views.submit, name="submit"),
    path("gui-don/da-gui/", views.submitted, name="submitted"),
    path("gui-don/xa-phuong/", views.communes, name="communes"),
    path("tra-cuu/", views.track, name="track"),
    path("tra-cuu/danh-gia/", views.track_rate, name="rate"),
    path("tra-cuu/chua-giai-quyet/", views.track_not_resolved, name="not_resolved"),
    path("tra-cuu/ket-thuc/", views.track_end, name="track_end"),
]
