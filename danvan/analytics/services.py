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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
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


def _repeat_counts(case_ids: list[int]) -> dict[int, int]:
    """``_repeat_count`` of many cases in two queries: their fingerprints, then every case sharing one."""
    own: dict[int, set[str]] = {}
    rows = Person.objects.filter(case_id__in=case_ids).values_list("case_id", "id_fingerprint", "phone_fingerprint")
    for case_id, id_fp, phone_fp in rows:
        own.setdefault(case_id, set()).update(fp for fp in (id_fp, phone_fp) if fp)
    wanted = set().union(*own.values())
    holders: dict[str, set[int]] = {}
    if wanted:
        matches = Q(id_fingerprint__in=wanted) | Q(phone_fingerprint__in=wanted)
        for case_id, id_fp, phone_fp in Person.objects.filter(matches).values_list(
            "case_id", "id_fingerprint", "phone_fingerprint"
        ):
            for fp in {id_fp, phone_fp} & wanted:
                holders.setdefault(fp, set()).add(case_id)
    return {case_id: len(set().union(*(holders[fp] for fp in fps)) - {case_id}) for case_id, fps in own.items()}


REOPENED = ["reopen", "citizen_not_resolved"]


def _reopened_ids(case_ids: list[int]) -> set[int]:
    return set(CaseEvent.objects.filter(case_id__in=case_ids, action__in=REOPENED).values_list("case_id", flat=True))


def _risk_inputs(case: Case, insight: CaseInsight, *, today, reopened: bool | None = None) -> risk.Inputs:
    """``reopened`` may be given by a caller that read it for many cases at once."""
    from danvan.analytics import text as pipeline

    overdue = (today - case.due_date).days if case.due_date and case.due_date < today else 0
    if reopened is None:
        reopened = CaseEvent.objects.filter(case=case, action__in=REOPENED).exists()
    return risk.Inputs(
        group_size=case.group_size,
        same_incident=max(0, insight.group_size - 1),
        repeats=0 if case.kind == Kind.DENUNCIATION else insight.repeat_count,
        overdue_days=overdue if case.status in OPEN_STATUSES else 0,
        prior_decision=case.kind == Kind.COMPLAINT_SECOND or case.link_kind == "khieu_nai_lan_2" or reopened,
        denunciation_followup=case.link_kind == "to_cao_tiep",
        tone_hits=len(pipeline.tone_hits(_case_text(case))),
    )


def _apply_risk(case: Case, insight: CaseInsight, *, today, reopened: bool | None = None) -> None:
    items = risk.factors(_risk_inputs(case, insight, today=today, reopened=reopened), conf("RISK_WEIGHTS"))
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
    """Full recomputation of groups for cases received since ``since`` (the sweep): LSH over all of them.
    Only rows whose group changed are written."""
    rows = list(
        CaseInsight.objects.filter(case__received_at__gte=since).values_list(
            "case_id", "signature", "commune_path", "case__received_at", "group_key", "group_size"
        )
    )
    items = [dedup.Item(pk, sig, place, at) for pk, sig, place, at, _key, _size in rows if sig]
    stored = {pk: (key, size) for pk, _sig, _place, _at, key, size in rows}
    assignment = dedup.groups(items)
    sizes = dedup.group_sizes(assignment)
    changes: dict[tuple[int | None, int], list[int]] = {}
    for key, group in assignment.items():
        target = (group, sizes[group]) if sizes[group] > 1 else (None, 1)
        if stored[key] != target:
            changes.setdefault(target, []).append(key)
    _groups_write(changes)
    return sum(1 for size in sizes.values() if size > 1)


def _groups_write(changes: dict[tuple[int | None, int], list[int]]) -> None:
    """Store new groups: one UPDATE per (group key, size) rather than one per case."""
    with transaction.atomic():
        for (key, size), case_ids in changes.items():
            for chunk in _chunks(case_ids):
                CaseInsight.objects.filter(case_id__in=chunk).update(group_key=key, group_size=size)


# --- Insights in bulk (the sweep) -----------------------------------------------------------------


SWEEP_CHUNK = 1000  # cases per query in the sweep: keeps IN lists within every database's limits

# What insights, risk and case alerts read of a case: the sweep loads nothing else (not the encrypted or
# search columns).
_CASE_FIELDS = (
    "tracking_code",
    "kind",
    "status",
    "subject",
    "body",
    "received_at",
    "due_date",
    "unit_path",
    "group_size",
    "link_kind",
    "submitted_unit__path",
    "submitted_unit__name",
    "category__name",
)


def _chunks(values: list, size: int = SWEEP_CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _cases_by_pk(case_ids: list[int]) -> dict[int, Case]:
    cases = Case.objects.filter(pk__in=case_ids).select_related("submitted_unit", "category").only(*_CASE_FIELDS)
    return {case.pk: case for case in cases}


class _Groups:
    """Stored same-incident groups (case → group key and size), changed in memory exactly as
    ``case_insight_update`` changes the table, so that the back-fill writes only the end result."""

    def __init__(self, stored: dict[int, tuple[int | None, int]]):
        self.stored = stored
        self.key = {case_id: key for case_id, (key, _size) in stored.items()}
        self.size = {case_id: size for case_id, (_key, size) in stored.items()}
        self.members: dict[int, set[int]] = {}
        for case_id, key in self.key.items():
            if key is not None:
                self.members.setdefault(key, set()).add(case_id)

    def join(self, case_id: int, linked: list[int]) -> int:
        """A new case and the cases it matches merge their groups; returns the size the new case sees."""
        existing = {self.key[other] for other in linked if self.key.get(other) is not None}
        member_ids = {case_id, *linked}
        for key in existing:
            member_ids |= self.members.pop(key)
        if len(member_ids) == 1:
            self.key[case_id], self.size[case_id] = None, 1
            return 1
        group_key = min(existing | {min(member_ids)})
        # Rows left holding this key by an earlier regrouping keep it, as they do in the table.
        self.members.setdefault(group_key, set()).update(member_ids)
        for member in member_ids:
            self.key[member], self.size[member] = group_key, len(member_ids)
        return len(member_ids)

    def changes(self) -> dict[tuple[int | None, int], list[int]]:
        """Stored rows whose group changed, by their new (group key, size)."""
        changes: dict[tuple[int | None, int], list[int]] = {}
        for case_id, before in self.stored.items():
            after = (self.key[case_id], self.size[case_id])
            if after != before:
                changes.setdefault(after, []).append(case_id)
        return changes


def _stored_groups(items: list[dedup.Item]) -> tuple[list[dedup.Item], _Groups]:
    """Stored insights a back-filled case may match (same commune, within the window of any of ``items``),
    and every stored group, since a match pulls in its whole group."""
    window = timedelta(days=conf("DUPLICATE_WINDOW_DAYS"))
    moments = [item.at for item in items]
    communes = sorted({item.place for item in items})
    stored: dict[int, tuple[int | None, int]] = {}
    nearby = []
    for chunk in _chunks(communes):
        rows = CaseInsight.objects.filter(
            commune_path__in=chunk,
            case__received_at__gte=min(moments) - window,
            case__received_at__lte=max(moments) + window,
        ).values_list("case_id", "signature", "commune_path", "case__received_at", "group_key", "group_size")
        for pk, signature, place, at, key, size in rows:
            stored[pk] = (key, size)
            nearby.append(dedup.Item(pk, signature, place, at))
    grouped = CaseInsight.objects.filter(group_key__isnull=False).values_list("case_id", "group_key", "group_size")
    stored.update({pk: (key, size) for pk, key, size in grouped})
    return nearby, _Groups(stored)


def insights_backfill(case_ids: list[int], *, now: datetime | None = None) -> int:
    """Insights for cases that have none (bulk-loaded, or missed by the worker): what one
    ``case_insight_update`` per case, in the order given, leaves behind, computed in bulk. Each case joins
    the groups of the stored cases and of those before it, so its risk factors count the group as it was
    then (they stay so for a closed case, which the sweep does not recompute)."""
    now = now_or_current(now)
    today = local_date(now)
    cases: dict[int, Case] = {}
    insights: dict[int, CaseInsight] = {}
    reopened: set[int] = set()
    for chunk in _chunks(case_ids):
        batch = _cases_by_pk(chunk)
        repeats = _repeat_counts(chunk)
        reopened |= _reopened_ids(chunk)
        signatures = dedup.signatures([_case_text(case) for case in batch.values()])
        for case, signature in zip(batch.values(), signatures, strict=True):
            cases[case.pk] = case
            insights[case.pk] = CaseInsight(
                case=case,
                unit_path=case.unit_path,
                commune_path=_commune_path(case),
                signature=signature,
                repeat_count=repeats.get(case.pk, 0),
            )
    order = [pk for pk in case_ids if pk in cases]  # a case deleted meanwhile is left out
    if not order:
        return 0
    items = [dedup.Item(pk, insights[pk].signature, insights[pk].commune_path, cases[pk].received_at) for pk in order]
    nearby, groups = _stored_groups(items)
    matches = dedup.neighbours(nearby + items, order)
    position = {pk: index for index, pk in enumerate(order)}
    for index, pk in enumerate(order):
        # Only stored cases and those back-filled before this one are in the table when it arrives.
        linked = [other for other in matches[pk] if position.get(other, -1) < index]
        insights[pk].group_size = groups.join(pk, linked)
        _apply_risk(cases[pk], insights[pk], today=today, reopened=pk in reopened)
    for pk in order:
        insights[pk].group_key, insights[pk].group_size = groups.key[pk], groups.size[pk]
    with transaction.atomic():
        # A case the worker processed meanwhile keeps its own insight.
        CaseInsight.objects.bulk_create([insights[pk] for pk in order], batch_size=SWEEP_CHUNK, ignore_conflicts=True)
        _groups_write(groups.changes())
    return len(order)


class _AlertBook:
    """``alert_raise`` for many alerts in a row: existing alerts are read a chunk at a time, and
    ``alert_raise`` is called only where it would create an alert or raise its score (a closed alert, or one
    already at this score, is left as it is)."""

    def __init__(self):
        self.known: dict[str, Alert | None] = {}

    def read(self, keys) -> None:
        wanted = sorted({key for key in keys if key not in self.known})
        for chunk in _chunks(wanted):
            found = {alert.key: alert for alert in Alert.objects.filter(key__in=chunk).only("key", "status", "score")}
            self.known.update({key: found.get(key) for key in chunk})

    def raise_alert(self, *, key: str, score: float = 0, **kwargs) -> Alert:
        if key not in self.known:
            self.read([key])
        alert = self.known[key]
        if alert is None or (alert.status != Alert.Status.CLOSED and score > alert.score):
            alert = self.known[key] = alert_raise(key=key, score=score, **kwargs)
        return alert


def open_cases_refresh(*, now: datetime | None = None) -> int:
    """Risk of every open case and its alerts, a chunk of cases at a time; only changed risks are written.
    Returns the number of open cases with an insight."""
    now = now_or_current(now)
    today = local_date(now)
    rules = _case_rules()
    book = _AlertBook()
    # The cases' default order, as the per-case loop had it: a group alert is raised by its first case.
    ordered = list(Case.objects.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    seen = 0
    for chunk in _chunks(ordered):
        cases = _cases_by_pk(chunk)
        insights = {i.case_id: i for i in CaseInsight.objects.filter(case_id__in=chunk).defer("signature")}
        reopened = _reopened_ids(chunk)
        pairs = [(cases[pk], insights[pk]) for pk in chunk if pk in cases and pk in insights]
        _risks_write([insight for case, insight in pairs if _risk_refresh(case, insight, today, case.pk in reopened)])
        book.read([f"risk:{case.pk}" for case, _insight in pairs])
        book.read([f"group:{insight.group_key}" for _case, insight in pairs if insight.group_key])
        for case, insight in pairs:
            _case_alerts(case, insight, now=now, rules=rules, raise_alert=book.raise_alert)
        seen += len(pairs)
    return seen


def _risk_refresh(case: Case, insight: CaseInsight, today, reopened: bool) -> bool:
    """Recompute the risk in place; True when it changed (and must be written)."""
    before = (insight.risk_score, insight.risk_factors)
    _apply_risk(case, insight, today=today, reopened=reopened)
    if (insight.risk_score, insight.risk_factors) == before:
        return False
    insight.updated_at = timezone.now()  # what save() would set
    return True


_RISK_FIELDS = ("risk_score", "risk_factors", "updated_at")


def _risks_write(insights: list[CaseInsight]) -> None:
    """One parameterised UPDATE per row, sent with executemany: every overdue case's risk changes each day,
    and ``bulk_update``'s CASE expressions cost more to build than the risks themselves. The values are
    prepared by the model's fields, as save() would prepare them."""
    if not insights:
        return
    quote = connection.ops.quote_name
    fields = [CaseInsight._meta.get_field(name) for name in _RISK_FIELDS]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(CaseInsight._meta.db_table)} SET {assignments} WHERE {quote(CaseInsight._meta.pk.column)} = %s"
    )
    rows = [
        [field.get_db_prep_save(getattr(i, field.attname), connection) for field in fields] + [i.pk] for i in insights
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


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


def _hotspot_verdict(rule: AlertRule, counts: list[int], signals: int) -> hotspots.Verdict:
    """``counts``: the baseline weeks then the week itself."""
    return hotspots.evaluate(
        counts[-1],
        counts[:-1],
        min_count=rule.min_count,
        p_value=rule.p_value,
        floor=rule.baseline_floor,
        signals=signals,
        signal_weight=rule.signal_weight,
    )


_HOTSPOT_FIELDS = ("unit_path", "count", "baseline", "p_value", "signals", "score", "is_hotspot", "computed_at")


def _hotspot_values(commune: AdministrativeUnit, verdict: hotspots.Verdict, now) -> dict:
    """What a cell's row holds (the fields of ``_HOTSPOT_FIELDS``)."""
    return {
        "unit_path": commune.path,
        "count": verdict.count,
        "baseline": verdict.baseline,
        "p_value": verdict.p_value,
        "signals": verdict.signals,
        "score": verdict.score,
        "is_hotspot": verdict.is_hotspot,
        "computed_at": now,
    }


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
    verdict = _hotspot_verdict(
        rule, _weekly_counts(commune, category_id, history_start, rule.baseline_weeks + 1), signals
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
        defaults=_hotspot_values(commune, verdict, now),
    )
    if verdict.is_hotspot:
        _hotspot_alert(rule, hotspot, commune, Category.objects.get(pk=category_id), verdict, now=now)
    return hotspot


def _hotspot_alert(rule, hotspot: Hotspot, commune, category: Category, verdict: hotspots.Verdict, *, now) -> None:
    week = hotspot.week_start
    alert_raise(
        rule=rule,
        key=f"hotspot:{commune.pk}:{category.pk}:{week.isoformat()}",
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


def _weekly_counts_all(start, end) -> dict[tuple[int, int, object], int]:
    """Cases (not denunciations) per commune × category × ISO week, for the weeks from ``start`` (a Monday)
    to ``end``, in one query: what ``_weekly_counts`` gives cell by cell. Weeks are local dates; the query
    reads two days more on each side and the local date decides."""
    margin = timedelta(days=2)
    rows = (
        Case.objects.exclude(kind=Kind.DENUNCIATION)
        .filter(
            received_at__gte=datetime.combine(start, datetime.min.time(), tzinfo=UTC) - margin,
            received_at__lt=datetime.combine(end, datetime.min.time(), tzinfo=UTC) + margin,
        )
        .values_list("submitted_unit_id", "category_id", "received_at")
    )
    counts: dict[tuple[int, int, object], int] = {}
    for unit_id, category_id, moment in rows:
        day = local_date(moment)
        if start <= day < end:
            cell = (unit_id, category_id, hotspots.week_start(day))
            counts[cell] = counts.get(cell, 0) + 1
    return counts


def hotspots_sweep(
    *, first_week, weeks: int, signals: dict[tuple[str, object], list[SentimentSignal]], now: datetime
) -> int:
    """``hotspot_update`` for every commune × category with cases since the first week, for each week, with
    all counts from one query and the rows written in bulk. Returns the number of hotspots."""
    rule = AlertRule.objects.filter(kind=AlertRule.Kind.HOTSPOT, is_active=True).first()
    if rule is None:
        return 0
    week_list = [first_week + timedelta(days=7 * index) for index in range(weeks)]
    rows, alarms = _hotspot_rows(rule, _hotspot_cells(first_week), week_list, signals, now)
    _hotspots_write(rows)
    for hotspot, commune, category, verdict in alarms:
        if hotspot.pk is None:  # inserted without its key coming back (see _hotspots_write)
            hotspot = Hotspot.objects.get(unit=commune, category=category, week_start=hotspot.week_start)
        _hotspot_alert(rule, hotspot, commune, category, verdict, now=now)
    return len(alarms)


def _hotspot_cells(first_week) -> list[tuple[AdministrativeUnit, Category]]:
    """Every commune × category with cases (not denunciations) since the day before the first week."""
    cells = list(
        Case.objects.exclude(kind=Kind.DENUNCIATION)
        .filter(received_at__date__gte=first_week - timedelta(days=1))
        .filter(submitted_unit__level=AdministrativeUnit.Level.COMMUNE)
        .values_list("submitted_unit", "category")
        .annotate(n=Count("pk"))
    )
    units = AdministrativeUnit.objects.in_bulk({unit_id for unit_id, _category, _n in cells})
    categories = Category.objects.in_bulk({category_id for _unit, category_id, _n in cells})
    return [(units[unit_id], categories[category_id]) for unit_id, category_id, _n in cells]


def _hotspot_rows(rule: AlertRule, cells, weeks: list, signals, now) -> tuple[list[Hotspot], list[tuple]]:
    """The Hotspot rows to store (stored ones updated, new ones unsaved) and those that are hotspots."""
    history = timedelta(days=7 * rule.baseline_weeks)
    counts = _weekly_counts_all(weeks[0] - history, weeks[-1] + timedelta(days=7))
    stored = {
        (h.unit_id, h.category_id, h.week_start): h
        for h in Hotspot.objects.filter(week_start__in=weeks, unit__in={commune for commune, _category in cells})
    }
    rows, alarms = [], []
    for commune, category in cells:
        for week in weeks:
            series = [
                counts.get((commune.pk, category.pk, week - history + timedelta(days=7 * index)), 0)
                for index in range(rule.baseline_weeks + 1)
            ]
            verdict = _hotspot_verdict(rule, series, len(signals.get((commune.path, week), [])))
            hotspot = stored.get((commune.pk, category.pk, week))
            if verdict.count == 0 and hotspot is None:
                continue
            hotspot = hotspot or Hotspot(unit=commune, category=category, week_start=week)
            for field, value in _hotspot_values(commune, verdict, now).items():
                setattr(hotspot, field, value)
            rows.append(hotspot)
            if verdict.is_hotspot:
                alarms.append((hotspot, commune, category, verdict))
    return rows, alarms


def _hotspots_write(rows: list[Hotspot]) -> None:
    new = [hotspot for hotspot in rows if hotspot.pk is None]
    stored = [hotspot for hotspot in rows if hotspot.pk is not None]
    with transaction.atomic():
        # A cell the task worker stored meanwhile keeps that row (it is as fresh as this one); the conflict
        # must not stop the sweep.
        Hotspot.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        Hotspot.objects.bulk_update(stored, list(_HOTSPOT_FIELDS), batch_size=500)


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
    recipients: dict[str, list] = {}  # they depend only on the alert's unit: one query per unit
    for alert in Alert.objects.open().select_related("unit"):
        if alert.unit_path not in recipients:
            recipients[alert.unit_path] = alert_recipients(alert)
        for user in recipients[alert.unit_path]:
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


def _case_rules() -> dict[str, AlertRule | None]:
    return {
        kind: AlertRule.objects.filter(kind=kind, is_active=True).first()
        for kind in (AlertRule.Kind.RISK, AlertRule.Kind.GROUP)
    }


def _case_alerts(case: Case, insight: CaseInsight, *, now, rules=None, raise_alert=alert_raise) -> None:
    """Risk and group alerts of an open case. The sweep passes the rules it read once and its
    ``_AlertBook``; a single case reads the rules itself."""
    if case.kind == Kind.DENUNCIATION or case.status not in OPEN_STATUSES:
        return
    rules = rules if rules is not None else _case_rules()
    unit = case.submitted_unit
    rule = rules[AlertRule.Kind.RISK]
    if rule is not None and insight.risk_score >= rule.min_score:
        raise_alert(
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
    rule = rules[AlertRule.Kind.GROUP]
    if rule is not None and insight.group_key and insight.group_size >= rule.min_count:
        raise_alert(
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
    of the last weeks, sentiment alerts, case alerts, digests. Everything is read and written in bulk; the
    result is what ``case_submitted_process``'s per-case steps give, case after case."""
    now = now_or_current(now)
    today = local_date(now)
    alert_rules_seed()
    since = now - timedelta(days=conf("SWEEP_DAYS"))
    recent = Case.objects.filter(Q(received_at__gte=since) | Q(status__in=OPEN_STATUSES))
    # The cases' default order: each missing case joins the groups of those before it.
    insights_backfill(list(recent.filter(insight__isnull=True).values_list("pk", flat=True)), now=now)
    groups = insights_regroup(since=since - timedelta(days=conf("DUPLICATE_WINDOW_DAYS")))
    open_cases_refresh(now=now)
    weeks = conf("SWEEP_WEEKS")
    first_week = hotspots.week_start(today) - timedelta(days=7 * (weeks - 1))
    signals = signals_by_week(alarming_by_commune(sentiment_signals(first_week, today)))
    found = hotspots_sweep(first_week=first_week, weeks=weeks, signals=signals, now=now)
    _sentiment_alerts(signals, first_week=first_week, weeks=weeks, now=now)
    digests = alerts_digest_send(now=now)
    return {"groups": groups, "hotspots": found, "digests": digests}


def signals_by_week(by_commune: dict[str, list[SentimentSignal]]) -> dict[tuple[str, object], list[SentimentSignal]]:
    """Alarming signals keyed by (commune path, Monday of their ISO week), each list in its original order."""
    result: dict[tuple[str, object], list[SentimentSignal]] = {}
    for path, signals in by_commune.items():
        for signal in signals:
            result.setdefault((path, hotspots.week_start(signal.on)), []).append(signal)
    return result


def _sentiment_alerts(signals: dict[tuple[str, object], list[SentimentSignal]], *, first_week, weeks: int, now) -> None:
    """One alert per commune and swept week with enough alarming signals."""
    rule = AlertRule.objects.filter(kind=AlertRule.Kind.SENTIMENT, is_active=True).first()
    if rule is None:
        return
    paths = list(dict.fromkeys(path for path, _week in signals))  # communes in the order their signals came
    units = {u.path: u for u in AdministrativeUnit.objects.filter(path__in=paths)}
    for path in paths:
        unit = units.get(path)
        if unit is None:
            continue
        for index in range(weeks):
            week = first_week + timedelta(days=7 * index)
            in_week = signals.get((path, week), [])
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
