"""The public showcase (recognised only, diacritic-free search, filters, pagination) and the news feeds."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.utils import timezone

from danvan.practices.models import Level, PracticeField
from danvan.practices.selectors import ShowcaseFilters, showcase
from danvan.practices.services import (
    NewsInput,
    news_create,
    news_publish,
    practice_recognise,
    review_open,
    review_score,
)
from danvan.practices.tests.conftest import NOW, full_scores

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _recognise(practice, actor, level=Level.COMMUNE):
    review = review_open(practice_id=practice.pk, level=level, actor=actor, now=NOW)
    review_score(practice_id=practice.pk, scores=full_scores(review), actor=actor, now=NOW)
    practice_recognise(
        practice_id=practice.pk,
        level=level,
        decision_number="7/QĐ-UBND",
        decision_date=date(2026, 10, 10),
        actor=actor,
        now=NOW,
    )


@pytest.fixture
def shown(register, commune_officer, province_officer):
    water = register("Nước sạch về bản – cả làng cùng góp công")
    _recognise(water, commune_officer)
    security = register(
        "Camera an ninh – Đường phố bình yên",
        field=PracticeField.DEFENCE_SECURITY,
        description="Các hộ góp tiền lắp camera ở đầu hẻm, kết nối với công an phường.",
    )
    _recognise(security, province_officer, Level.PROVINCE)
    hidden = register("Nước sạch cho khu vực 3")  # registered, not recognised: never public
    return water, security, hidden


def test_search_ignores_diacritics_and_shows_only_recognised(shown):
    water, security, _hidden = shown
    assert list(showcase(ShowcaseFilters(q="nuoc sach"))) == [water]
    assert list(showcase(ShowcaseFilters(q="NƯỚC  SẠCH"))) == [water]
    assert list(showcase(ShowcaseFilters(q="duong pho binh yen"))) == [security]
    assert list(showcase(ShowcaseFilters(q="nuoc sach camera"))) == []  # every word must match


def test_filters_by_field_province_and_level(shown, province, other_province):
    water, security, _hidden = shown
    assert list(showcase(ShowcaseFilters(field=PracticeField.DEFENCE_SECURITY))) == [security]
    assert list(showcase(ShowcaseFilters(level=Level.COMMUNE))) == [water]
    assert set(showcase(ShowcaseFilters(province=province))) == {water, security}
    assert list(showcase(ShowcaseFilters(province=other_province))) == []


def test_showcase_page_searches_and_hides_unrecognised(client, shown):
    water, _security, hidden = shown
    response = client.get("/dan-van-kheo/", {"q": "nuoc sach"})
    assert response.status_code == 200
    text = response.content.decode()
    assert water.title in text and "Camera an ninh" not in text and hidden.title not in text
    assert "1 mô hình" in text
    assert client.get(f"/dan-van-kheo/{water.public_id}/").status_code == 200
    assert client.get(f"/dan-van-kheo/{hidden.public_id}/").status_code == 404


def test_showcase_paginates(register, commune_officer, client):
    for number in range(13):
        _recognise(register(f"Mô hình số {number}"), commune_officer)
    first = client.get("/dan-van-kheo/").content.decode()
    assert "Trang 1/2" in first and first.count('class="card showcase-card"') == 12
    second = client.get("/dan-van-kheo/", {"page": 2}).content.decode()
    assert second.count('class="card showcase-card"') == 1


def test_commendations_page_lists_commended_models(shown, province_officer, client):
    from danvan.practices.services import CommendationInput, commendation_add

    _water, security, _hidden = shown
    commendation_add(
        practice_id=security.pk,
        data=CommendationInput(
            form="bang_khen",
            level=Level.PROVINCE,
            issuer="Ủy ban nhân dân thành phố Cần Thơ",
            decision_number="3120/QĐ-UBND",
            decision_date=date(2026, 10, 15),
        ),
        actor=province_officer,
        now=NOW + timedelta(days=10),
    )
    text = client.get("/dan-van-kheo/bieu-duong/").content.decode()
    assert "Camera an ninh" in text and "3120/QĐ-UBND" in text and "15/10/2026" in text


@pytest.fixture
def news(province_officer, make_org, province):
    org = make_org(province, kind="ubnd", name="Ủy ban nhân dân thành phố Cần Thơ")

    def make(title, *, publish):
        item = news_create(
            data=NewsInput(
                title=title, category="thong_bao", summary=f"Tóm tắt: {title}", body="Nội dung.", organization=org
            ),
            actor=province_officer,
        )
        if publish:
            news_publish(news_id=item.pk, actor=province_officer, published_at=timezone.now() - timedelta(hours=1))
        return item

    return make


def test_rss_feed_is_valid_xml_and_lists_only_published(client, news):
    news("Biểu dương 25 mô hình Dân vận khéo năm 2026", publish=True)
    news("Bản nháp chưa đăng", publish=False)
    response = client.get("/tin-tuc/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Biểu dương 25 mô hình Dân vận khéo năm 2026"]
    assert channel.find("item").findtext("link").startswith("http://testserver/tin-tuc/")


def test_atom_feed_is_valid_and_lists_only_published(client, news):
    news("Thông báo lịch tiếp công dân tháng 12", publish=True)
    news("Bản nháp", publish=False)
    root = ET.fromstring(client.get("/tin-tuc/atom/").content)
    assert root.tag == f"{ATOM}feed"
    assert [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")] == [
        "Thông báo lịch tiếp công dân tháng 12"
    ]


def test_news_pages_link_the_feeds_and_hide_drafts(client, news):
    published, draft = news("Tin đã đăng", publish=True), news("Tin nháp", publish=False)
    text = client.get("/tin-tuc/").content.decode()
    assert 'type="application/rss+xml"' in text and 'href="/tin-tuc/rss/"' in text
    assert 'type="application/atom+xml"' in text
    assert "Tin đã đăng" in text and "Tin nháp" not in text
    assert client.get(f"/tin-tuc/{published.public_id}/").status_code == 200
    assert client.get(f"/tin-tuc/{draft.public_id}/").status_code == 404
