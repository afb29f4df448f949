"""Writers of analytics: the only code that changes its records.

Heavy libraries (scikit-learn, pyvi, datasketch) are imported inside the functions that use them (through
``classifier``, ``text`` and ``dedup``), so importing this module costs nothing.

Denunciations: analytics never decrypts anyone. Repeat submitters are matched on the keyed fingerprints
stored on cases.Person. Risk alerts and group alerts leave denunciations out entirely (an alert inbox is
seen by coordinators who may not see denouncers, and may belong to the accused's organisation); hotspot
counts leave them out too, as the public aggregates of cases do.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from danvan.accounts.roles import Perm
from danvan.accounts.scoping import has_perm
from danvan.analytics import dedup, hotspots, risk
from danvan.analytics.conf import conf
from danvan.analytics.models import (
    ACT_STEPS,
    Alert,
    AlertEvent,
    AlertRule,
    CaseInsight,
    CategorySuggestion,
    ClassifierModel,
    Hotspot,
)
from danvan.cases.models import Case, CaseEvent, Category, Person
from danvan.cases.services import case_category_set
from danvan.cases.workflow import OPEN_STATUSES, Kind
from danvan.core.audit import audit_record
from danvan.core.clock import local_date, now_or_current
from danvan.core.errors import NotFoundError, PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.sentiment import SentimentSignal, Severity, Tone
from danvan.core.text import normalize
from danvan.notifications.models import Message
from danvan.notifications.services import message_enqueue
from danvan.territory.models import AdministrativeUnit

logger = logging.getLogger(__name__)

# --- Classifier --------------------------------------------------------------------------------------

_MODELS: dict[str, object] = {}


def model_dir() -> Path:
    return Path(conf("MODEL_DIR") or Path(settings.VAR_DIR) / "analytics")


def classifier_current():
    """(version, fitted pipeline): the newest trained version whose file exists, else the baseline trained
    from the shipped set at first use (a few seconds) and kept in memory."""
    import joblib

    for record in ClassifierModel.objects.all()[:3]:
        if record.version in _MODELS:
            return record.version, _MODELS[record.version]
        path = model_dir() / record.file_name
        if path.exists():
            _MODELS[record.version] = joblib.load(path)
            return record.version, _MODELS[record.version]
    from danvan.analytics import classifier

    if classifier.BASELINE_VERSION not in _MODELS:
        _MODELS[classifier.BASELINE_VERSION] = classifier.train(classifier.shipped_rows(conf("TRAIN_LIMIT")))
    return classifier.BASELINE_VERSION, _MODELS[classifier.BASELINE_VERSION]


def _case_text(case: Case) -> str:
    return f"{case.subject}. {case.body}"


def officer_rows() -> list[tuple[str, str]]:
    """Training rows from officers' recorded choices (the case text, the category they chose)."""
    chosen = CategorySuggestion.objects.filter(chosen_category__isnull=False).select_related("case", "chosen_category")
    return [(s.chosen_category.code, _case_text(s.case)) for s in chosen]


def classifier_train(*, limit: int | None = None, now: datetime | None = None) -> ClassifierModel:
    """Retrain from the shipped set plus officers' choices; store the file and a new version."""
    import joblib

    from danvan.analytics import classifier

    now = now_or_current(now)
    officers = officer_rows()
    rows = classifier.shipped_rows(limit) + officers
    model = classifier.train(rows)
    version = now.strftime("v%Y%m%d-%H%M%S")
    if ClassifierModel.objects.filter(version=version).exists():
        version = f"{version}-{ClassifierModel.objects.count()}"
    directory = model_dir()
    directory.mkdir(parents=True, exist_ok=True)
    file_name = f"classifier-{version}.joblib"
    joblib.dump(model, directory / file_name)
    _MODELS[version] = model
    with transaction.atomic():
        record = ClassifierModel.objects.create(
            version=version,
            trained_at=now,
            sample_count=len(rows),
            officer_count=len(officers),
            file_name=file_name,
        )
        audit_record(
            action="analytics.classifier_trained",
            target=record,
            now=now,
            data={"samples": len(rows), "officer": len(officers)},
        )
    return record


def suggestion_ensure(case: Case, *, now: datetime | None = None) -> CategorySuggestion:
    """The case's suggestion, made once (later versions do not overwrite what the officer saw)."""
    existing = CategorySuggestion.objects.filter(case=case).first()
    if existing is not None:
        return existing
    from danvan.analytics import classifier

    version, model = classifier_current()
    ranked = classifier.suggest(model, _case_text(case))
    suggestion, _created = CategorySuggestion.objects.get_or_create(
        case=case,
        defaults={
            "unit_path": case.unit_path,
            "model_version": version,
            "suggestions": [{"code": s.code, "p": round(s.probability, 4)} for s in ranked],
            "created_at": now_or_current(now),
        },
    )
    return suggestion


@transaction.atomic
def category_choice_record(*, case_id: int, category_code: str, actor, now: datetime | None = None):
    """The officer sets or keeps a category at screening: recorded beside the suggestion (and its model
    version), and used by the next ``analytics-train``."""
    from danvan.cases.selectors import cases_visible_to

    case = cases_visible_to(actor, Perm.CASE_VIEW).filter(pk=case_id).first()
    if case is None:
        raise NotFoundError()
    if not has_perm(actor, Perm.CASE_HANDLE, case):
        raise PermissionDeniedError()
    category = Category.objects.filter(code=category_code, is_active=True).first()
    if category is None:
        raise ValidationFailed(_("Vui lòng chọn một lĩnh vực trong danh mục."))
    now = now_or_current(now)
    suggestion = suggestion_ensure(case, now=now)
    case_category_set(case_id=case.pk, category=category, actor=actor, now=now)
    suggestion.chosen_category = category
    suggestion.chosen_by = actor
    suggestion.chosen_at = now
    suggestion.save(update_fields=["chosen_category", "chosen_by", "chosen_at"])
    audit_record(
        action="analytics.category_chosen",
        actor=actor,
        target=case,
        unit_path=case.unit_path,
        now=now,
        data={"category": category.code, "suggested": suggestion.top_code, "version": suggestion.model_version},
    )
    return suggestion


# --- Insights: duplicates, repeats, risk -----------------------------------------------------------


def _commune_path(case: Case) -> str:
    return case.submitted_unit.path


def _repeat_count(case: Case) -> int:
    """Other cases whose persons share a keyed ID or phone fingerprint with this case's persons."""
    fingerprints = set()
    for id_fp, phone_fp in Person.objects.filter(case=case).values_list("id_fingerprint", "phone_fingerprint"):
        fingerprints |= {fp for fp in (id_fp, phone_fp) if fp}
    if not fingerprints:
        return 0
    matches = Q(id_fingerprint__in=fingerprints) | Q(phone_fingerprint__in=fingerprints)
    return Person.objects.filter(matches).exclude(case=case).values("case").distinct().count()


def _risk_inputs(case: Case, insight: CaseInsight, *, today) -> risk.Inputs:
    from danvan.analytics import text as pipeline

    overdue = (today - case.due_date).days if case.due_date and case.due_date < today else 0
    reopened = CaseEvent.objects.filter(case=case, action__in=["reopen", "citizen_not_resolved"]).exists()
    return risk.Inputs(
        group_size=case.group_size,
        same_incident=max(0, insight.group_size - 1),
        repeats=0 if case.kind == Kind.DENUNCIATION else insight.repeat_count,
        overdue_days=overdue if case.status in OPEN_STATUSES else 0,
        prior_decision=case.kind == Kind.COMPLAINT_SECOND or case.link_kind == "khieu_nai_lan_2" or reopened,
        denunciation_followup=case.link_kind == "to_cao_tiep",
        tone_hits=len(pipeline.tone_hits(_case_text(case))),
    )


def _apply_risk(case: Case, insight: CaseInsight, *, today) -> None:
    items = risk.factors(_risk_inputs(case, insight, today=today), conf("RISK_WEIGHTS"))
    insight.risk_factors = risk.as_json(items)
    insight.risk_score = risk.score(items) if case.status in OPEN_STATUSES else 0.0


def _window_items(commune_path: str, around: datetime, *, extra: list[dedup.Item] = ()) -> list[dedup.Item]:
    window = timedelta(days=conf("DUPLICATE_WINDOW_DAYS"))
    rows = CaseInsight.objects.filter(
        commune_path=commune_path,
        case__received_at__gte=around - window,
        case__received_at__lte=around + window,
    ).values_list("case_id", "signature", "case__received_at")
    items = [dedup.Item(pk, signature, commune_path, at) for pk, signature, at in rows if signature]
    keys = {item.key for item in extra}
    return [item for item in items if item.key not in keys] + list(extra)


def case_insight_update(*, case_id: int, now: datetime | None = None) -> CaseInsight:
    """Signature, same-incident group (merging groups the new case bridges), repeats and risk of a case."""
    now = now_or_current(now)
    case = Case.objects.select_related("submitted_unit").get(pk=case_id)
    commune = _commune_path(case)
    insight = CaseInsight.objects.filter(case=case).first() or CaseInsight(case=case)
    insight.unit_path, insight.commune_path = case.unit_path, commune
    insight.signature = dedup.signature(_case_text(case))
    insight.repeat_count = _repeat_count(case)
    insight.save()
    items = _window_items(commune, case.received_at)
    me = dedup.Item(case.pk, insight.signature, commune, case.received_at)
    linked = [case.pk, *dedup.matches(me, items)]
    # The new group takes the smallest existing group key among its members' groups.
    existing = set(
        CaseInsight.objects.filter(case_id__in=linked, group_key__isnull=False).values_list("group_key", flat=True)
    )
    member_ids = set(linked)
    if existing:
        member_ids |= set(CaseInsight.objects.filter(group_key__in=existing).values_list("case_id", flat=True))
    group_key = min(existing | {min(member_ids)}) if len(member_ids) > 1 else None
    if group_key is not None:
        CaseInsight.objects.filter(case_id__in=member_ids).update(group_key=group_key, group_size=len(member_ids))
    else:
        CaseInsight.objects.filter(pk=insight.pk).update(group_key=None, group_size=1)
    insight.refresh_from_db()
    _apply_risk(case, insight, today=local_date(now))
    insight.save(update_fields=["risk_score", "risk_factors", "updated_at"])
    return insight


def insights_regroup(*, since: datetime) -> int:
    """Full recomputation of groups for cases received since ``since`` (the sweep): LSH over all of them."""
    rows = list(
        CaseInsight.objects.filter(case__received_at__gte=since).values_list(
            "case_id", "signature", "commune_path", "case__received_at"
        )
    )
    items = [dedup.Item(pk, sig, place, at) for pk, sig, place, at in rows if sig]
    assignment = dedup.groups(items)
    sizes = dedup.group_sizes(assignment)
    for key, group in assignment.items():
        size = sizes[group]
        CaseInsight.objects.filter(case_id=key).update(
            group_key=group if size > 1 else None, group_size=size if size > 1 else 1
        )
    return sum(1 for size in sizes.values() if size > 1)


# --- Sentiment --------------------------------------------------------------------------------------


def sentiment_signals(start, end) -> list[SentimentSignal]:
    """Signals from fieldwork and dialogues, if those apps offer them (guarded: absent means none)."""
    signals: list[SentimentSignal] = []
    for module in ("danvan.fieldwork.selectors", "danvan.meetings.selectors"):
        try:
            from importlib import import_module

            reader = getattr(import_module(module), "sentiment_signals", None)
        except ImportError:
            reader = None
        if reader is None:
            continue
        try:
            signals.extend(reader(start, end))
        except Exception:  # another app's bug must not stop early warning
            logger.exception("sentiment_signals failed in %s", module)
    return signals


def is_alarming(signal: SentimentSignal) -> bool:
    return signal.tone == Tone.ANGRY or int(signal.severity) >= Severity.HIGH


def alarming_by_commune(signals: list[SentimentSignal]) -> dict[str, list[SentimentSignal]]:
    """Angry or high-severity signals keyed by commune path (a village's signal counts for its commune)."""
    result: dict[str, list[SentimentSignal]] = {}
    for signal in signals:
        if not is_alarming(signal):
            continue
        parts = [part for part in signal.unit_path.split("/") if part]
        if len(parts) < 2:
            continue
        result.setdefault(f"/{parts[0]}/{parts[1]}/", []).append(signal)
    return result


# --- Hotspots ---------------------------------------------------------------------------------------


def alert_rules_seed() -> None:
    """Default rules, created once; administrators change them in Django admin."""
    defaults = [
        (
            "hotspot",
            AlertRule.Kind.HOTSPOT,
            _("Điểm nóng: số đơn trong tuần vượt mức nền của địa bàn"),
            {"min_count": 3},
        ),
        ("sentiment", AlertRule.Kind.SENTIMENT, _("Dư luận bức xúc tại địa bàn trong tuần"), {"min_count": 3}),
        ("risk", AlertRule.Kind.RISK, _("Đơn có nguy cơ phức tạp, kéo dài"), {"min_score": 60}),
        ("group", AlertRule.Kind.GROUP, _("Nhiều đơn cùng một vụ việc"), {"min_count": 4}),
    ]
    for code, kind, name, values in defaults:
        AlertRule.objects.get_or_create(code=code, defaults={"kind": kind, "name": name, **values})


def _weekly_counts(commune: AdministrativeUnit, category_id: int, start, weeks: int) -> list[int]:
    """Counts for ``weeks`` ISO weeks starting at ``start`` (a Monday), oldest first."""
    end = start + timedelta(days=7 * weeks)
    days = (
        Case.objects.filter(submitted_unit=commune, category_id=category_id)
        .exclude(kind=Kind.DENUNCIATION)
        .filter(received_at__date__gte=start - timedelta(days=1), received_at__date__lt=end + timedelta(days=1))
        .values_list("received_at", flat=True)
    )
    counts = [0] * weeks
    for moment in days:
        index = (local_date(moment) - start).days // 7
        if 0 <= index < weeks:
            counts[index] += 1
    return counts


def hotspot_update(
    *,
    commune: AdministrativeUnit,
    category_id: int,
    week,
    signals: int = 0,
    now: datetime | None = None,
) -> Hotspot | None:
    """Recompute one cell (commune × category × ISO week) and raise an alert when it is a hotspot."""
    alert_rules_seed()
    rule = AlertRule.objects.filter(kind=AlertRule.Kind.HOTSPOT, is_active=True).first()
    if rule is None:
        return None
    now = now_or_current(now)
    week = hotspots.week_start(week)
    history_start = week - timedelta(days=7 * rule.baseline_weeks)
    counts = _weekly_counts(commune, category_id, history_start, rule.baseline_weeks + 1)
    verdict = hotspots.evaluate(
        counts[-1],
        counts[:-1],
        min_count=rule.min_count,
        p_value=rule.p_value,
        floor=rule.baseline_floor,
        signals=signals,
        signal_weight=rule.signal_weight,
    )
    if (
        verdict.count == 0
        and not Hotspot.objects.filter(unit=commune, category_id=category_id, week_start=week).exists()
    ):
        return None
    hotspot, _created = Hotspot.objects.update_or_create(
        unit=commune,
        category_id=category_id,
        week_start=week,
        defaults={
            "unit_path": commune.path,
            "count": verdict.count,
            "baseline": verdict.baseline,
            "p_value": verdict.p_value,
            "signals": verdict.signals,
            "score": verdict.score,
            "is_hotspot": verdict.is_hotspot,
            "computed_at": now,
        },
    )
    if verdict.is_hotspot:
        category = Category.objects.get(pk=category_id)
        alert_raise(
            rule=rule,
            key=f"hotspot:{commune.pk}:{category_id}:{week.isoformat()}",
            unit=commune,
            category=category,
            hotspot=hotspot,
            score=verdict.score,
            title=_("Điểm nóng: %(count)s đơn về %(category)s tại %(unit)s trong tuần từ %(week)s")
            % {
                "count": verdict.count,
                "category": category.name,
                "unit": commune.name,
                "week": week.strftime("%d/%m/%Y"),
            },
            body=_(
                "Mức nền của địa bàn: %(baseline)s đơn/tuần (%(weeks)s tuần trước). Xác suất ngẫu nhiên: "
                "%(p)s. Tín hiệu dư luận bức xúc: %(signals)s."
            )
            % {
                "baseline": f"{verdict.baseline:.2f}".replace(".", ","),
                "weeks": rule.baseline_weeks,
                "p": f"{verdict.p_value:.4f}".replace(".", ","),
                "signals": verdict.signals,
            },
            now=now,
        )
    return hotspot


# --- Alerts -----------------------------------------------------------------------------------------


def alert_raise(
    *, rule: AlertRule, key: str, unit, title: str, body: str = "", score: float = 0, now=None, **links
) -> Alert:
    """Idempotent by ``key``: the same hotspot or case raises one alert; a closed one is not reopened."""
    now = now_or_current(now)
    with transaction.atomic():
        alert, created = Alert.objects.get_or_create(
            key=key,
            defaults={
                "rule": rule,
                "kind": rule.kind,
                "unit": unit,
                "unit_path": unit.path,
                "title": title[:300],
                "body": body,
                "score": score,
                "created_at": now,
                **links,
            },
        )
        if created:
            AlertEvent.objects.create(alert=alert, action=AlertEvent.Action.RAISED, occurred_at=now, note=body)
            audit_record(action="analytics.alert_raised", target=alert, unit_path=alert.unit_path, now=now)
        elif alert.status != Alert.Status.CLOSED and score > alert.score:
            alert.score, alert.title, alert.body = score, title[:300], body
            alert.save(update_fields=["score", "title", "body"])
    return alert


def _lock_alert(actor, alert_id: int) -> Alert:
    alert = Alert.objects.visible_to(actor, Perm.ALERT_VIEW).select_for_update().filter(pk=alert_id).first()
    if alert is None:
        raise NotFoundError()
    return alert


def _alert_step(alert: Alert, *, action: str, actor, now, note: str = "", step: str = "") -> AlertEvent:
    event = AlertEvent.objects.create(alert=alert, action=action, actor=actor, occurred_at=now, note=note, step=step)
    audit_record(
        action=f"analytics.alert_{action}",
        actor=actor,
        target=alert,
        unit_path=alert.unit_path,
        now=now,
        data={"step": step} if step else {},
    )
    return event


@transaction.atomic
def alert_acknowledge(*, alert_id: int, actor, note: str = "", now: datetime | None = None) -> Alert:
    alert = _lock_alert(actor, alert_id)
    if alert.status != Alert.Status.OPEN:
        raise TransitionNotAllowed(_("Cảnh báo này đã được xác nhận trước đó."))
    now = now_or_current(now)
    alert.status = Alert.Status.ACKNOWLEDGED
    alert.save(update_fields=["status"])
    _alert_step(alert, action=AlertEvent.Action.ACKNOWLEDGED, actor=actor, now=now, note=normalize(note))
    return alert


@transaction.atomic
def alert_act(*, alert_id: int, actor, step: str, note: str = "", now: datetime | None = None) -> Alert:
    alert = _lock_alert(actor, alert_id)
    if alert.status == Alert.Status.CLOSED:
        raise TransitionNotAllowed(_("Cảnh báo đã đóng."))
    if step not in ACT_STEPS:
        raise ValidationFailed(_("Vui lòng chọn biện pháp xử lý."))
    now = now_or_current(now)
    alert.status = Alert.Status.ACTED
    alert.save(update_fields=["status"])
    _alert_step(alert, action=AlertEvent.Action.ACTED, actor=actor, now=now, note=normalize(note), step=step)
    return alert


@transaction.atomic
def alert_close(*, alert_id: int, actor, outcome: str, note: str, now: datetime | None = None) -> Alert:
    alert = _lock_alert(actor, alert_id)
    if alert.status == Alert.Status.CLOSED:
        raise TransitionNotAllowed(_("Cảnh báo đã đóng."))
    note = normalize(note)
    errors = []
    if outcome not in Alert.Outcome.values:
        errors.append(_("Vui lòng chọn kết quả."))
    if len(note) < 5:
        errors.append(_("Vui lòng ghi rõ kết quả xử lý (ít nhất 5 ký tự)."))
    if errors:
        raise ValidationFailed(" ".join(str(e) for e in errors), errors=[str(e) for e in errors])
    now = now_or_current(now)
    alert.status, alert.outcome, alert.closed_at = Alert.Status.CLOSED, outcome, now
    alert.save(update_fields=["status", "outcome", "closed_at"])
    _alert_step(alert, action=AlertEvent.Action.CLOSED, actor=actor, now=now, note=note, step=outcome)
    return alert


def alerts_digest_send(*, now: datetime | None = None) -> int:
    """One in-app digest per recipient listing their open alerts. Idempotent: the key holds the day and the
    newest alert, so a re-run sends nothing new and a new alert the same day sends a fresh digest."""
    from danvan.analytics.selectors import alert_recipients

    now = now_or_current(now)
    today = local_date(now)
    per_user: dict[int, tuple[object, list[Alert]]] = {}
    for alert in Alert.objects.open().select_related("unit"):
        for user in alert_recipients(alert):
            per_user.setdefault(user.pk, (user, []))[1].append(alert)
    sent = 0
    for user, alerts in per_user.values():
        newest = max(alert.pk for alert in alerts)
        lines = "\n".join(f"- {alert.title}" for alert in sorted(alerts, key=lambda a: -a.score)[:10])
        message_enqueue(
            key=f"analytics:digest:{user.pk}:{today.isoformat()}:{newest}",
            channel=Message.Channel.INBOX,
            recipient=user,
            subject=_("Cảnh báo sớm: %(count)s cảnh báo đang mở") % {"count": len(alerts)},
            body=lines,
            link="/lam-viec/canh-bao/",
        )
        sent += 1
    return sent


# --- Incremental update and sweep ------------------------------------------------------------------


def _case_alerts(case: Case, insight: CaseInsight, *, now) -> None:
    if case.kind == Kind.DENUNCIATION or case.status not in OPEN_STATUSES:
        return
    unit = case.submitted_unit
    rule = AlertRule.objects.filter(kind=AlertRule.Kind.RISK, is_active=True).first()
    if rule is not None and insight.risk_score >= rule.min_score:
        alert_raise(
            rule=rule,
            key=f"risk:{case.pk}",
            unit=unit,
            case=case,
            category=case.category,
            score=insight.risk_score,
            title=_("Đơn %(code)s có nguy cơ phức tạp (điểm %(score)s)")
            % {"code": case.tracking_code, "score": round(insight.risk_score)},
            body=", ".join(f"{risk.LABELS.get(f['code'], f['code'])}" for f in insight.risk_factors if f["value"] > 0),
            now=now,
        )
    rule = AlertRule.objects.filter(kind=AlertRule.Kind.GROUP, is_active=True).first()
    if rule is not None and insight.group_key and insight.group_size >= rule.min_count:
        alert_raise(
            rule=rule,
            key=f"group:{insight.group_key}",
            unit=unit,
            category=case.category,
            score=insight.group_size,
            title=_("%(count)s đơn cùng một vụ việc tại %(unit)s") % {"count": insight.group_size, "unit": unit.name},
            now=now,
        )


def case_submitted_process(*, case_id: int, now: datetime | None = None) -> None:
    """Everything early warning does for a new case (run after commit, in the task worker; may run twice)."""
    now = now_or_current(now)
    case = Case.objects.select_related("submitted_unit", "category").filter(pk=case_id).first()
    if case is None:
        return
    alert_rules_seed()
    suggestion_ensure(case, now=now)
    insight = case_insight_update(case_id=case.pk, now=now)
    _case_alerts(case, insight, now=now)
    if case.kind != Kind.DENUNCIATION and case.submitted_unit.level == AdministrativeUnit.Level.COMMUNE:
        week = hotspots.week_start(local_date(case.received_at))
        signals = alarming_by_commune(sentiment_signals(week, week + timedelta(days=6)))
        hotspot_update(
            commune=case.submitted_unit,
            category_id=case.category_id,
            week=week,
            signals=len(signals.get(case.submitted_unit.path, [])),
            now=now,
        )


def analytics_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The full, idempotent sweep: insights of recent cases (LSH regrouping), risk of open cases, hotspots
    of the last weeks, sentiment alerts, case alerts, digests."""
    now = now_or_current(now)
    today = local_date(now)
    alert_rules_seed()
    since = now - timedelta(days=conf("SWEEP_DAYS"))
    recent = Case.objects.filter(Q(received_at__gte=since) | Q(status__in=OPEN_STATUSES))
    missing = recent.filter(insight__isnull=True).values_list("pk", flat=True)
    for case_id in list(missing):
        case_insight_update(case_id=case_id, now=now)
    groups = insights_regroup(since=since - timedelta(days=conf("DUPLICATE_WINDOW_DAYS")))
    for case in Case.objects.filter(status__in=OPEN_STATUSES).select_related("submitted_unit", "category"):
        insight = CaseInsight.objects.filter(case=case).first()
        if insight is None:
            continue
        _apply_risk(case, insight, today=today)
        insight.save(update_fields=["risk_score", "risk_factors", "updated_at"])
        _case_alerts(case, insight, now=now)
    # Hotspots: every commune × category with cases in the last weeks.
    found = 0
    weeks = conf("SWEEP_WEEKS")
    first_week = hotspots.week_start(today) - timedelta(days=7 * (weeks - 1))
    signals = alarming_by_commune(sentiment_signals(first_week, today))
    cells = (
        Case.objects.exclude(kind=Kind.DENUNCIATION)
        .filter(received_at__date__gte=first_week - timedelta(days=1))
        .filter(submitted_unit__level=AdministrativeUnit.Level.COMMUNE)
        .values("submitted_unit", "category")
        .annotate(n=Count("pk"))
    )
    units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in={c["submitted_unit"] for c in cells})}
    for cell in cells:
        commune = units[cell["submitted_unit"]]
        for index in range(weeks):
            week = first_week + timedelta(days=7 * index)
            in_week = [s for s in signals.get(commune.path, []) if week <= s.on < week + timedelta(days=7)]
            hotspot = hotspot_update(
                commune=commune, category_id=cell["category"], week=week, signals=len(in_week), now=now
            )
            found += bool(hotspot and hotspot.is_hotspot)
    _sentiment_alerts(signals, first_week=first_week, weeks=weeks, now=now)
    digests = alerts_digest_send(now=now)
    return {"groups": groups, "hotspots": found, "digests": digests}


def _sentiment_alerts(signals: dict[str, list[SentimentSignal]], *, first_week, weeks: int, now) -> None:
    rule = AlertRule.objects.filter(kind=AlertRule.Kind.SENTIMENT, is_active=True).first()
    if rule is None:
        return
    units = {u.path: u for u in AdministrativeUnit.objects.filter(path__in=list(signals))}
    for path, items in signals.items():
        unit = units.get(path)
        if unit is None:
            continue
        for index in range(weeks):
            week = first_week + timedelta(days=7 * index)
            in_week = [s for s in items if week <= s.on < week + timedelta(days=7)]
            if len(in_week) >= rule.min_count:
                alert_raise(
                    rule=rule,
                    key=f"sentiment:{unit.pk}:{week.isoformat()}",
                    unit=unit,
                    score=len(in_week),
                    title=_("%(count)s ghi nhận dư luận bức xúc tại %(unit)s trong tuần từ %(week)s")
                    % {"count": len(in_week), "unit": unit.name, "week": week.strftime("%d/%m/%Y")},
                    body="\n".join(f"- {s.topic}: {s.text[:200]}" for s in in_week[:10]),
                    now=now,
                )
