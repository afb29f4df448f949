"""Portal test set-up: a province with two communes and a third commune elsewhere, the seeded categories
and rule sets, a clean rate-limit cache, uploads in a temporary folder, and a helper that posts a letter
the way the form does."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from danvan.accounts.roles import Role
from danvan.cases.models import Category

SUBMITTER_NAME = "Nguyễn Thị Hoa Lý"


@pytest.fixture(autouse=True)
def _clean_cache_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def legal_data(db):
    from danvan.cases.deadlines import seed_legal_data

    seed_legal_data()


@pytest.fixture
def category(legal_data):
    return Category.objects.get(code="moi_truong")


@pytest.fixture
def far_commune(make_unit, other_province):
    return make_unit("03199", "Xã Mường Tè", parent=other_province)


@pytest.fixture
def leader(make_officer, commune_a):
    return make_officer(Role.LEADER, commune_a)


@pytest.fixture
def letter(category, province, commune_a):
    """The fields of a complete, signed letter; override any of them."""

    def make(kind="phan_anh", **overrides):
        data = {
            "kind": kind,
            "province": str(province.pk),
            "commune": str(commune_a.pk),
            "address": "Hẻm 51, đường 3/2",
            "category": str(category.pk),
            "subject": "Nước thải tràn ra đường sau mỗi cơn mưa",
            "body": "Cống thoát nước ở hẻm 51 bị tắc từ tháng trước, nước thải tràn vào nhà dân.",
            "group_size": "1",
            "full_name": SUBMITTER_NAME,
            "submitter_address": "Số 12, hẻm 51, đường 3/2",
            "phone": "0912 345 678",
            "email": "",
            "id_number": "",
            "notify_email": "",
            "website": "",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return make


@pytest.fixture
def submit_url():
    return reverse("portal:submit")
