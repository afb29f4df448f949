from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.cases.services import PersonInput, Submission, case_apply_action, case_submit
from danvan.cases.workflow import Kind

pytestmark = pytest.mark.django_db


def _file(category, unit, kind=Kind.FEEDBACK, *, days_ago=1):
    persons = [PersonInput(full_name="Trần Văn Minh", address="Ấp 3")]
    data = Submission(
        kind=kind,
        channel="portal",
        category=category,
        subject="Sạt lở bờ kênh",
        body="Bờ kênh sạt lở.",
        submitted_unit=unit,
        persons=persons,
    )
    return case_submit(data=data, now=timezone.now() - timedelta(days=days_ago)).case


def test_home_links_to_submit_and_track(client, legal_data):
    page = client.get(reverse("portal:home")).content.decode()
    assert "Gửi phản ánh, kiến nghị, khiếu nại, tố cáo" in page
    assert f'href="{reverse("portal:submit")}"' in page
    assert f'href="{reverse("portal:track")}"' in page


def test_local_activity_counts_the_last_30_days_without_denunciations(
    client, category, province, commune_a, commune_b, far_commune, leader
):
    # given, in the province: two recent letters (one answered), an old one and a denunciation;
    # and a recent letter in another province
    recent = _file(category, commune_a)
    _file(category, commune_b)
    _file(category, commune_a, days_ago=45)
    _file(category, commune_a, Kind.DENUNCIATION)
    _file(category, far_commune)
    case_apply_action(case_id=recent.pk, action="accept", actor=leader)
    case_apply_action(case_id=recent.pk, action="answer", actor=leader, note="Đã kè lại bờ kênh.")

    # when the province is chosen
    response = client.get(reverse("portal:home"), {"province": province.pk})

    # then the counts are the province's, for 30 days, without the denunciation
    page = response.content.decode()
    assert "<strong>2</strong> đơn đã tiếp nhận" in page
    assert "<strong>1</strong> đơn đã có kết quả trả lời" in page
    assert "Trần Văn Minh" not in page and "Sạt lở" not in page


def test_local_activity_ignores_an_unknown_province(client, legal_data):
    page = client.get(reverse("portal:home"), {"province": "999999"}).content.decode()
    assert "</strong> đơn đã tiếp nhận" not in page
    assert "Chọn tỉnh, thành phố để xem" in page
