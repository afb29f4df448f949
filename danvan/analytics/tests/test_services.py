"""Early warning with the database: processing of new cases, hotspots and their alerts, routing,
lifecycle, digests, retraining, secrecy of denouncers."""

import unicodedata
from datetime import timedelta

import pytest

from danvan.accounts.roles import Role
from danvan.analytics import selectors, services
from danvan.analytics.models import Alert, AlertEvent, AlertRule, CaseInsight, CategorySuggestion, Hotspot
from danvan.cases.services import PersonInput
from danvan.core.errors import NotFoundError, TransitionNotAllowed, ValidationFailed
from danvan.core.indicators import Scope, indicator
from danvan.core.sentiment import SentimentSignal
from danvan.core.text import fold
from danvan.notifications.models import Message

from .conftest import LAND_BODY

pytestmark = pytest.mark.django_db


def _burst(submit, n=5, **kw):
    bodies = [
        LAND_BODY,
        "Khiếu nại việc thu hồi đất ruộng làm khu dân cư, giá bồi thường không thỏa đáng.",
        "Chúng tôi chưa được bố trí đất tái định cư dù đã bàn giao mặt bằng từ lâu.",
        "Đo đạc sai diện tích thửa đất khi giải phóng mặt bằng, đề nghị đo lại.",
        "Không được hỗ trợ chuyển đổi nghề khi bị thu hồi hết đất nông nghiệp.",
        "Phương án bồi thường không được niêm yết công khai tại ấp.",
    ]
    return [submit(body=bodies[i % len(bodies)], subject=f"Khiếu nại đất đai số {i}", **kw) for i in range(n)]


def test_new_case_gets_suggestion_and_insight(submit):
    case = submit()
    suggestion = CategorySuggestion.objects.get(case=case)
    assert suggestion.model_version == "baseline"
    assert len(suggestion.suggestions) == 3 and suggestion.top_code == "dat_dai"
    insight = CaseInsight.objects.get(case=case)
    assert insight.commune_path == case.submitted_unit.path
    assert insight.group_key is None and insight.group_size == 1


def test_planted_land_burst_raises_a_hotspot_alert_for_the_leader(submit, leader, coordinator, handler, outsider):
    cases = _burst(submit, 5)
    hotspot = Hotspot.objects.get(unit=cases[0].submitted_unit, category__code="dat_dai")
    assert hotspot.count == 5 and hotspot.baseline == 0.5 and hotspot.is_hotspot
    alert = Alert.objects.get(kind="hotspot")
    assert "5 đơn về Đất đai" in alert.title and "Phường Ninh Kiều" in alert.title
    assert list(selectors.alerts_for(leader)) == [alert]
    assert list(selectors.alerts_for(coordinator)) == [alert]  # the province's coordinator
    assert list(selectors.alerts_for(outsider)) == []
    recipients = selectors.alert_recipients(alert)
    assert leader in recipients and coordinator in recipients
    assert handler not in recipients and outsider not in recipients


def test_three_cases_in_a_quiet_commune_are_no_hotspot(submit):
    _burst(submit, 3)
    assert not Hotspot.objects.get(category__code="dat_dai").is_hotspot
    assert not Alert.objects.filter(kind="hotspot").exists()


def test_a_commune_with_a_busy_history_is_measured_against_itself(submit):
    now = services.now_or_current(None)
    for weeks_ago in range(1, 9):  # three land cases a week for eight weeks
        for _ in range(3):
            submit(now=now - timedelta(days=7 * weeks_ago))
    _burst(submit, 5)
    hotspot = Hotspot.objects.get(week_start=services.hotspots.week_start(services.local_date(now)))
    assert hotspot.baseline == 3.0 and hotspot.count == 5 and not hotspot.is_hotspot


def test_inactive_rule_raises_nothing(submit):
    services.alert_rules_seed()
    AlertRule.objects.filter(kind="hotspot").update(is_active=False)
    _burst(submit, 5)
    assert not Alert.objects.exists()


def test_same_incident_group_across_writings_and_not_across_communes(submit, commune_b):
    first = submit(body=LAND_BODY)
    second = submit(body=unicodedata.normalize("NFD", LAND_BODY))
    third = submit(body=fold(LAND_BODY))
    elsewhere = submit(body=LAND_BODY, unit=commune_b)
    insights = {i.case_id: i for i in CaseInsight.objects.all()}
    assert insights[first.pk].group_key == insights[second.pk].group_key == insights[third.pk].group_key == first.pk
    assert insights[first.pk].group_size == 3
    assert insights[elsewhere.pk].group_key is None


def test_repeat_submitter_from_fingerprints(submit):
    person = [PersonInput(full_name="Trần Văn Lặp", phone="0987 654 321")]
    submit(persons=person)
    submit(persons=[PersonInput(full_name="Trần Văn Lặp", phone="+84987654321")], body="Một nội dung khác hẳn")
    last = submit(persons=person, body="Lại một việc khác nữa")
    assert CaseInsight.objects.get(case=last).repeat_count == 2


def test_denunciation_group_is_hidden_from_those_who_may_not_see_the_denouncer(submit, handler, leader):
    first = submit(kind="to_cao", body=LAND_BODY, category="tham_nhung_tieu_cuc")
    submit(kind="to_cao", body=LAND_BODY, category="tham_nhung_tieu_cuc")
    hidden = selectors.case_panel(handler, first, suggestion=None)
    assert hidden.group_hidden and hidden.group == [] and hidden.risk_score is None
    assert selectors.worklist_badges(handler, [first]) == {}
    shown = selectors.case_panel(leader, first, suggestion=None)  # the leader holds CASE_REVEAL_IDENTITY
    assert not shown.group_hidden and len(shown.group) == 1
    assert "1" not in str(selectors.worklist_badges(handler, [first]))


def test_category_choice_is_recorded_beside_the_suggestion(submit, handler, outsider):
    case = submit()
    suggestion = services.category_choice_record(case_id=case.pk, category_code="nha_o_xay_dung", actor=handler)
    assert suggestion.chosen_category.code == "nha_o_xay_dung" and suggestion.model_version == "baseline"
    assert suggestion.top_code == "dat_dai"
    with pytest.raises(ValidationFailed, match="Vui lòng chọn một lĩnh vực"):
        services.category_choice_record(case_id=case.pk, category_code="khong-co", actor=handler)
    with pytest.raises(NotFoundError):
        services.category_choice_record(case_id=case.pk, category_code="dat_dai", actor=outsider)


def test_retraining_uses_officer_choices_and_becomes_current(submit, handler):
    case = submit()
    services.category_choice_record(case_id=case.pk, category_code="dat_dai", actor=handler)
    record = services.classifier_train(limit=10)
    assert record.officer_count == 1 and record.sample_count == 11 * 10 + 1
    version, _model = services.classifier_current()
    assert version == record.version
    services._MODELS.pop(record.version)  # a fresh process loads the stored file
    assert services.classifier_current()[0] == record.version
    later = submit(body="Rác thải không được thu gom")
    assert CategorySuggestion.objects.get(case=later).model_version == record.version


def test_alert_lifecycle_with_history(submit, leader, outsider):
    _burst(submit, 5)
    alert = Alert.objects.get()
    with pytest.raises(NotFoundError):
        services.alert_acknowledge(alert_id=alert.pk, actor=outsider)
    services.alert_acknowledge(alert_id=alert.pk, actor=leader, note="Đã nắm")
    with pytest.raises(TransitionNotAllowed):
        services.alert_acknowledge(alert_id=alert.pk, actor=leader)
    with pytest.raises(ValidationFailed, match="chọn biện pháp"):
        services.alert_act(alert_id=alert.pk, actor=leader, step="bay")
    services.alert_act(alert_id=alert.pk, actor=leader, step="dialogue", note="Đối thoại ngày 25/11")
    with pytest.raises(ValidationFailed, match="ít nhất 5 ký tự"):
        services.alert_close(alert_id=alert.pk, actor=leader, outcome="resolved", note="ok")
    services.alert_close(alert_id=alert.pk, actor=leader, outcome="resolved", note="Đã đối thoại, người dân đồng tình")
    alert.refresh_from_db()
    assert alert.status == "closed" and alert.outcome == "resolved"
    assert list(alert.events.values_list("action", flat=True)) == ["raised", "acknowledged", "acted", "closed"]
    assert list(selectors.alerts_for(leader)) == []
    assert list(selectors.alerts_for(leader, status="history")) == [alert]
    # A closed alert is not raised again by the next sweep of the same week.
    services.analytics_sweep()
    assert Alert.objects.count() == 1 and Alert.objects.get().status == "closed"
    assert AlertEvent.objects.filter(action="raised").count() == 1


def test_digest_is_idempotent(submit, leader):
    _burst(submit, 5)
    assert services.alerts_digest_send() == 1
    assert services.alerts_digest_send() == 1
    digests = Message.objects.filter(recipient=leader, idempotency_key__startswith="analytics:digest:")
    assert digests.count() == 1
    assert "1 cảnh báo đang mở" in digests.get().subject


def test_sweep_adds_sentiment_signals(submit, commune_a, monkeypatch):
    today = services.local_date(None)
    signals = [
        SentimentSignal("fieldwork", i, commune_a.path + "01/", today, "angry", 3, "Đất đai", "Bà con bức xúc")
        for i in range(3)
    ]
    heard: list = []
    monkeypatch.setattr(services, "sentiment_signals", lambda start, end: heard)
    _burst(submit, 3)  # three cases alone are no hotspot (p = 0.0144)
    assert not Alert.objects.filter(kind="hotspot").exists()
    heard.extend(signals)  # then the field cadres report angry villagers
    services.analytics_sweep()
    hotspot = Hotspot.objects.get(week_start=services.hotspots.week_start(today))
    assert hotspot.signals == 3 and hotspot.is_hotspot
    assert Alert.objects.filter(kind="hotspot").count() == 1
    assert Alert.objects.filter(kind="sentiment").count() == 1


def test_missing_sentiment_apps_mean_no_signals(monkeypatch):
    import importlib

    real = importlib.import_module

    def fake(name, *args):
        if name in ("danvan.fieldwork.selectors", "danvan.meetings.selectors"):
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", fake)
    assert services.sentiment_signals(services.local_date(None), services.local_date(None)) == []


def test_risk_score_and_alert_for_a_group_petition_in_anger(submit, leader):
    case = submit(
        group_size=30,
        body="Bà con rất bức xúc, đã khiếu nại nhiều lần không được giải quyết, sẽ kéo lên tỉnh.",
    )
    insight = CaseInsight.objects.get(case=case)
    factors = {f["code"]: f["value"] for f in insight.risk_factors}
    assert factors["group_size"] == 1.0 and factors["tone"] == 1.0
    # (2·1 + 1·1) / 11 × 100 = 27.3 — anger and a crowd alone stay below the alert threshold of 60
    assert insight.risk_score == 27.3
    assert not Alert.objects.filter(kind="risk").exists()


def test_alerts_open_indicator(submit, province):
    _burst(submit, 5)
    today = services.local_date(None)
    value = indicator("analytics.alerts_open").value(Scope(unit_paths=(province.path,), start=today, end=today))
    assert value.numerator == 1
    other = indicator("analytics.alerts_open").value(Scope(unit_paths=("/12/",), start=today, end=today))
    assert other.numerator == 0


def test_officers_without_alert_permission_see_no_alerts(submit, make_officer, commune_a):
    _burst(submit, 5)
    handler = make_officer(Role.CASE_HANDLER, commune_a)
    assert list(selectors.alerts_for(handler)) == []


def test_weights_are_configuration_and_a_high_risk_raises_an_alert(submit, settings, leader):
    settings.DANVAN_ANALYTICS = {**settings.DANVAN_ANALYTICS, "RISK_WEIGHTS": {"group_size": 1.0, "tone": 1.0}}
    case = submit(group_size=12, body="Bà con bức xúc, sẽ tụ tập, căng băng rôn và kéo lên tỉnh nếu không giải quyết.")
    insight = CaseInsight.objects.get(case=case)
    assert [f["code"] for f in insight.risk_factors] == ["group_size", "tone"]
    assert insight.risk_score == 100.0
    alert = Alert.objects.get(kind="risk")
    assert alert.case == case and case.tracking_code in alert.title
    assert selectors.worklist_badges(leader, [case])[case.pk][-1]["text"] == "Nguy cơ 100"
