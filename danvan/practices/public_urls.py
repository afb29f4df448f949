from django.urls import path

from danvan.practices import feeds, public_views

app_name = "practices_public"

urlpatterns = [
    path("dan-van-kheo/", public_views.showcase, name="showcase"),
    path("dan-van-kheo/bieu-duong/", public_views.commendations, name="commendations"),
    path("dan-van-kheo/<uuid:public_id>/", public_views.showcase_detail, name="showcase_detail"),
    path("tin-tuc/", public_views.news_list, name="news_list"),
    path("tin-tuc/rss/", feeds.NewsRssFeed(), name="news_rss"),
    path("tin-tuc/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    path("tin-tuc/<uuid:public_id>/", public_views.news_detail, name="news_detail"),
]
