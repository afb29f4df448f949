"""Pages: the alert inbox, an alert's page and its forms, the case-page panel and the worklist badges."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from danvan.analytics.models import Alert, CategorySuggestion
from danvan.core.text import fold

from .conftest import LAND_BODY
from .test_services import _burst

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(submit):
    _burst(submit, 5)
    return Alert.objects.get(kind="hotspot")


def test_inbox_lists_the_alert_for_the_leader(client, leader, alert):
    client.force_login(leader)
    response = client.get(reverse("analytics:index"))
    assert response.status_code == 200
    assert alert.title in response.content.decode()
    home = client.get(reverse("workspace:home")).content.decode()
    assert "1 cảnh báo đang mở" in home


def test_inbox_needs_the_alert_permission(client, handler, alert):
    client.force_login(handler)
    assert client.get(reverse("analytics:index")).status_code == 403
    assert "cảnh báo đang mở" not in client.get(reverse("workspace:home")).content.decode()


def test_other_province_gets_404(client, outsider, alert):
    client.force_login(outsider)
    assert client.get(reverse("analytics:detail", args=[alert.pk])).status_code == 404
    assert client.post(reverse("analytics:acknowledge", args=[alert.pk])).status_code == 404


def test_act_and_close_from_the_alert_page(client, leader, alert):
    client.force_login(leader)
    page = client.get(reverse("analytics:detail", args=[alert.pk])).content.decode()
    assert "Mức nền" in page and reverse("cases:worklist") in page
    response = client.post(reverse("analytics:act", args=[alert.pk]), {"step": "", "note": "giữ lại"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Vui lòng chọn biện pháp xử lý." in body and "giữ lại" in body
    client.post(reverse("analytics:act", args=[alert.pk]), {"step": "dialogue", "note": "Hẹn đối thoại"})
    response = client.post(reverse("analytics:close", args=[alert.pk]), {"outcome": "resolved", "note": "ok"})
    assert response.status_code == 422 and "ít nhất 5 ký tự" in response.content.decode()
    response = client.post(
        reverse("analytics:close", args=[alert.pk]), {"outcome": "resolved", "note": "Đã đối thoại xong"}, follow=True
    )
    assert "Đã đóng cảnh báo." in response.content.decode()
    history = client.get(reverse("analytics:index") + "?tab=history").content.decode()
    assert alert.title in history and "Đã giải quyết, ổn định" in history


def test_case_panel_and_category_choice(client, handler, submit):
    case = submit(body=fold(LAND_BODY))  # typed without diacritics
    client.force_login(handler)
    page = client.get(reverse("cases:detail", args=[case.public_id])).content.decode()
    assert "Gợi ý lĩnh vực" in page and "Đất đai, bồi thường" in page and "Nguy cơ phức tạp" in page
    response = client.post(
        reverse("analytics:choose_category", args=[case.public_id]),
        {"category": "dat_dai", "other_category": ""},  # a suggestion ticked, the "other" list left alone
        follow=True,
    )
    assert "Đã ghi nhận lĩnh vực cán bộ chọn." in response.content.decode()
    assert CategorySuggestion.objects.get(case=case).chosen_category.code == "dat_dai"
    client.post(
        reverse("analytics:choose_category", args=[case.public_id]),
        {"category": "dat_dai", "other_category": "moi_truong"},  # another category picked from the list
    )
    assert CategorySuggestion.objects.get(case=case).chosen_category.code == "moi_truong"
    response = client.post(reverse("analytics:choose_category", args=[case.public_id]), {}, follow=True)
    assert "Vui lòng chọn một lĩnh vực trong danh mục." in response.content.decode()


def test_category_choice_outside_jurisdiction_is_404(client, outsider, submit):
    case = submit()
    client.force_login(outsider)
    response = client.post(reverse("analytics:choose_category", args=[case.public_id]), {"category": "dat_dai"})
    assert response.status_code == 404


def test_worklist_shows_the_group_badge(client, leader, submit):
    submit(body=LAND_BODY)
    submit(body=LAND_BODY)
    client.force_login(leader)
    page = client.get(reverse("cases:worklist")).content.decode()
    assert page.count("2 đơn cùng vụ việc") == 2
    assert "css/analytics.css" in page


def test_eval_command_reports_and_writes_docs(tmp_path):
    from io import StringIO

    out = StringIO()
    docs = tmp_path / "analytics.md"
    docs.write_text("# Cảnh báo sớm\n\nText kept.\n\n<!-- eval:start -->old<!-- eval:end -->\n", encoding="utf-8")
    call_command("analytics-eval", "--small", "--docs", str(docs), stdout=out)
    output = out.getvalue()
    assert "macro-F1 phân loại:" in output and "F1 đơn trùng:" in output and "F1 điểm nóng:" in output
    written = docs.read_text(encoding="utf-8")
    assert "Text kept." in written and "old" not in written
    assert "| Category suggestion, held-out 25 % (macro) |" in written
    assert "| Hotspot detection (synthetic series, planted bursts) |" in written


def test_train_command_stores_a_new_version():
    from io import StringIO

    from danvan.analytics.models import ClassifierModel

    out = StringIO()
    call_command("analytics-train", "--limit", "5", stdout=out)
    record = ClassifierModel.objects.get()
    assert f"Phiên bản {record.version}: 55 mẫu (0 từ lựa chọn của cán bộ)" in out.getvalue()
