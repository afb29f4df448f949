"""RSS 2.0 and Atom feeds of the published outreach news (django.contrib.syndication)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from danvan.practices.selectors import news_published

FEED_SIZE = 30


class NewsRssFeed(Feed):
    title = _("Tin tức, thông báo tuyên truyền – Dân vận số")
    description = _("Tin tức, thông báo và gương điển hình Dân vận khéo do các cơ quan đăng trên cổng thông tin.")
    language = "vi"

    def link(self):
        return reverse("practices_public:news_list")

    def items(self):
        return news_published()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("practices_public:news_detail", args=[item.public_id])

    def item_guid(self, item):
        return f"urn:uuid:{item.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organization.name

    def item_categories(self, item):
        return [item.get_category_display()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
