"""The full sweep gives exactly what the per-case algorithm gives.

``reference_sweep`` below is the sweep as it was written before it was batched: one
``case_insight_update`` per case without an insight (each merging into the groups found so far, in the
cases' default order), a full LSH regrouping of the recent window, one risk recomputation and alert check per
open case, one ``hotspot_update`` per commune × category × week. The batched ``analytics_sweep`` must leave
the database in the same state on a scene built to reach the corners: back-filled groups outside the
regrouping window (and left stale by it), a closed case whose risk factors were fixed when it joined its
group, pre-existing incremental insights, repeat submitters, reopened and overdue cases, denunciations,
hotspots with and without history and signals, a local-midnight week boundary, closed alerts, reruns.
"""

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from danvan.accounts.roles import Role
from danvan.analytics import dedup, hotspots, services
from danvan.analytics.conf import conf
from danvan.analytics.models import Alert, AlertEvent, AlertRule, CaseInsight, Hotspot
from danvan.cases.models import Case, CaseEvent, Category
from danvan.cases.services import PersonInput, Submission, case_submit
from danvan.cases.workflow import OPEN_STATUSES, Kind
from danvan.core.clock import local_date
from danvan.core.models import AuditEvent
from danvan.core.sentiment import SentimentSignal
from danvan.core.text import fold
from danvan.notifications.models import Message
from danvan.notifications.services import message_enqueue
from danvan.territory.models import AdministrativeUnit

from .conftest import LAND_BODY

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)  # Wednesday 10:00 in Vietnam
RERUNS = [NOW, NOW + timedelta(hours=6), NOW + timedelta(days=7)]

TRASH = "Rác thải sinh hoạt không được thu gom nhiều ngày, bốc mùi hôi thối ảnh hưởng sức khỏe người dân trong khu phố."
ANGRY = (
    "Bà con rất bức xúc vì đã khiếu nại nhiều lần, nhiều năm không được giải quyết, sẽ tụ tập kéo lên tỉnh "
    "nếu không được bồi thường thỏa đáng cho đất nông nghiệp bị thu hồi làm đường."
)
OTHERS = [
    "Khiếu nại việc thu hồi đất ruộng làm khu dân cư, giá bồi thường không thỏa đáng.",
    "Chúng tôi chưa được bố trí đất tái định cư dù đã bàn giao mặt bằng từ lâu.",
    "Đo đạc sai diện tích thửa đất khi giải phóng mặt bằng, đề nghị đo lại.",
    "Không được hỗ trợ chuyển đổi nghề khi bị thu hồi hết đất nông nghiệp.",
    "Phương án bồi thường không được niêm yết công khai tại ấp.",
]


# --- The per-case algorithm (the sweep before batching) ---------------------------------------------------


def reference_regroup(*, since) -> int:
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


def reference_sentiment_alerts(signals, *, first_week, weeks, now) -> None:
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
                services.alert_raise(
                    rule=rule,
                    key=f"sentiment:{unit.pk}:{week.isoformat()}",
                    unit=unit,
                    score=len(in_week),
                    title=_("%(count)s ghi nhận dư luận bức xúc tại %(unit)s trong tuần từ %(week)s")
                    % {"count": len(in_week), "unit": unit.name, "week": week.strftime("%d/%m/%Y")},
                    body="\n".join(f"- {s.topic}: {s.text[:200]}" for s in in_week[:10]),
                    now=now,
                )


def reference_digests(*, now) -> int:
    from danvan.analytics.selectors import alert_recipients

    today = local_date(now)
    per_user = {}
    for alert in Alert.objects.open().select_related("unit"):
        for user in alert_recipients(alert):
            per_user.setdefault(user.pk, (user, []))[1].append(alert)
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
    return len(per_user)


def reference_sweep(*, now) -> dict[str, int]:
    today = local_date(now)
    services.alert_rules_seed()
    since = now - timedelta(days=conf("SWEEP_DAYS"))
    recent = Case.objects.filter(Q(received_at__gte=since) | Q(status__in=OPEN_STATUSES))
    for case_id in list(recent.filter(insight__isnull=True).values_list("pk", flat=True)):
        services.case_insight_update(case_id=case_id, now=now)
    groups = reference_regroup(since=since - timedelta(days=conf("DUPLICATE_WINDOW_DAYS")))
    for case in Case.objects.filter(status__in=OPEN_STATUSES).select_related("submitted_unit", "category"):
        insight = CaseInsight.objects.filter(case=case).first()
        if insight is None:
            continue
        services._apply_risk(case, insight, today=today)
        insight.save(update_fields=["risk_score", "risk_factors", "updated_at"])
        services._case_alerts(case, insight, now=now)
    found = 0
    weeks = conf("SWEEP_WEEKS")
    first_week = hotspots.week_start(today) - timedelta(days=7 * (weeks - 1))
    signals = services.alarming_by_commune(services.sentiment_signals(first_week, today))
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
            hotspot = services.hotspot_update(
                commune=commune, category_id=cell["category"], week=week, signals=len(in_week), now=now
            )
            found += bool(hotspot and hotspot.is_hotspot)
    reference_sentiment_alerts(signals, first_week=first_week, weeks=weeks, now=now)
    digests = reference_digests(now=now)
    return {"groups": groups, "hotspots": found, "digests": digests}


# --- What a sweep leaves behind, by natural keys (primary keys differ between runs on PostgreSQL) -------


def state() -> dict:
    alert_keys = dict(Alert.objects.values_list("pk", "key"))
    insights = {
        row[0]: row[1:]
        for row in CaseInsight.objects.values_list(
            "case_id",
            "unit_path",
            "commune_path",
            "signature",
            "group_key",
            "group_size",
            "repeat_count",
            "risk_score",
            "risk_factors",
        )
    }
    hotspot_rows = Hotspot.objects.order_by("pk").values_list(
        "unit_id",
        "category_id",
        "week_start",
        "unit_path",
        "count",
        "baseline",
        "p_value",
        "signals",
        "score",
        "is_hotspot",
        "computed_at",
    )
    alert_rows = Alert.objects.order_by("pk").values_list(
        "key",
        "rule__code",
        "kind",
        "unit_id",
        "unit_path",
        "category_id",
        "case_id",
        "hotspot__unit_id",
        "hotspot__category_id",
        "hotspot__week_start",
        "title",
        "body",
        "score",
        "status",
        "outcome",
        "created_at",
        "closed_at",
    )
    events = AlertEvent.objects.order_by("pk").values_list("alert__key", "action", "occurred_at", "note", "step")
    audit = [
        (action, alert_keys.get(int(object_id)) if object_type == "analytics.alert" else object_id, path, at)
        for action, object_type, object_id, path, at in AuditEvent.objects.filter(action__startswith="analytics.")
        .order_by("seq")
        .values_list("action", "object_type", "object_id", "unit_path", "occurred_at")
    ]
    digests = [
        (key.rsplit(":", 1)[0], alert_keys[int(key.rsplit(":", 1)[1])], subject, body, recipient)
        for key, subject, body, recipient in Message.objects.filter(idempotency_key__startswith="analytics:digest:")
        .order_by("pk")
        .values_list("idempotency_key", "subject", "body", "recipient_id")
    ]
    return {
        "insights": insights,
        "hotspots": list(hotspot_rows),
        "alerts": list(alert_rows),
        "alert_events": list(events),
        "audit": audit,
        "digests": digests,
    }


# --- The scene ---------------------------------------------------------------------------------------------


@pytest.fixture
def scene(legal_data, province, commune_a, commune_b, make_officer, make_unit, monkeypatch):
    """About sixty cases over five months in three communes; some processed as they arrived (incremental
    insights, as the task worker does), most bulk-loaded without insights."""
    village = make_unit("3113501", "Khu vực 1", parent=commune_a, level=AdministrativeUnit.Level.VILLAGE, kind="ap")
    commune_c = make_unit("31150", "Phường An Bình", parent=province, kind="phuong")
    make_officer(Role.LEADER, commune_a)
    make_officer(Role.COORDINATOR, province)
    make_officer(Role.LEADER, commune_b)
    services.alert_rules_seed()
    categories = {c.code: c for c in Category.objects.all()}
    made = {}

    def case(
        name,
        *,
        days_ago,
        body=LAND_BODY,
        unit=commune_a,
        category="dat_dai",
        kind="khieu_nai",
        phone=None,
        process=False,
        status=None,
        due_in=None,
        at=None,
        link_kind="",
        **fields,
    ):
        when = at or NOW - timedelta(days=days_ago)
        phone = phone or f"09{len(made):08d}"
        data = Submission(
            kind=kind,
            channel="portal",
            category=categories[category],
            subject=f"Đơn {name}",
            body=body,
            submitted_unit=unit,
            persons=[PersonInput(full_name=f"Người Gửi {name}", phone=phone)],
            **fields,
        )
        created = case_submit(data=data, now=when).case
        if process:  # what the task worker does after commit
            services.case_submitted_process(case_id=created.pk, now=when + timedelta(minutes=5))
        changes = {"link_kind": link_kind} if link_kind else {}
        if status:
            changes["status"] = status
        if due_in is not None:
            changes["due_date"] = local_date(NOW) + timedelta(days=due_in)
        if changes:
            Case.objects.filter(pk=created.pk).update(**changes)
        made[name] = created
        return created

    # Open duplicates in commune A, 120–95 days ago: outside the regrouping window, so the groups the back-fill
    # builds stay; a fifth copy inside the window is regrouped alone and leaves the older ones stale.
    case("a1", days_ago=120, due_in=-60)
    case("a2", days_ago=110, body=unicodedata.normalize("NFD", LAND_BODY), due_in=-50)
    case("a3", days_ago=100, body=fold(LAND_BODY), status="closed")  # old and closed: never looked at
    case("a4", days_ago=95, body=LAND_BODY + " Rất mong được xem xét.", due_in=-35)
    case("a5", days_ago=85, body=LAND_BODY + " Xin cảm ơn.", due_in=-25)
    case("a6", days_ago=70, body=LAND_BODY, status="closed")
    # Commune B: an incremental group split by the window, then a back-filled case bridging it.
    case("p1", days_ago=100, body=TRASH, unit=commune_b, category="moi_truong", kind="phan_anh", process=True)
    case("p2", days_ago=80, body=TRASH, unit=commune_b, category="moi_truong", kind="phan_anh", process=True)
    case("m1", days_ago=92, body=TRASH + " Đề nghị xử lý.", unit=commune_b, category="moi_truong", kind="phan_anh")
    # Recent duplicates in commune A (a group alert), one closed after it joined (frozen risk factors), and a
    # group petition in anger, second instance, overdue: a risk alert.
    for number, days in enumerate([40, 35, 30, 25, 20]):
        case(f"r{number}", days_ago=days, body=fold(LAND_BODY) if number % 2 else LAND_BODY, due_in=10 + number)
    case("r-closed-late", days_ago=22, status="answered", due_in=60)
    case("r-closed-early", days_ago=21, status="closed", due_in=-100)
    case("angry", days_ago=45, body=ANGRY, kind="khieu_nai_2", group_size=30, due_in=-40)
    case("angry2", days_ago=44, body=ANGRY + " Rất mong.", kind="khieu_nai_2", group_size=12, due_in=-41)
    case("angry3", days_ago=43, body=fold(ANGRY), group_size=8, due_in=-5, link_kind="khieu_nai_lan_2")
    # Repeat submitters (one phone), a reopened case, a follow-up denunciation, denunciation duplicates.
    for number in range(3):
        case(f"rep{number}", days_ago=50 - number, body=OTHERS[number], phone="0987654321", process=number == 0)
    reopened = case("reopened", days_ago=33, body=OTHERS[3], due_in=3)
    CaseEvent.objects.create(case=reopened, action="reopen", occurred_at=NOW - timedelta(days=5))
    case(
        "followup", days_ago=31, body=OTHERS[4], kind="to_cao", category="tham_nhung_tieu_cuc", link_kind="to_cao_tiep"
    )
    for number in range(4):
        case(f"den{number}", days_ago=12 - number, kind="to_cao", category="tham_nhung_tieu_cuc", body=ANGRY)
    # Same text in another commune: never grouped with commune A.
    case("b-land", days_ago=24, unit=commune_b, due_in=5)
    # Hotspot history in commune A (land): one case a week for eight weeks, some processed.
    for weeks_ago in range(2, 10):
        case(f"hist{weeks_ago}", days_ago=7 * weeks_ago + 1, body=OTHERS[weeks_ago % 5], process=weeks_ago % 3 == 0)
    # This week: a land burst in commune A (half processed), an environment pair in commune C; last week one
    # environment case in commune B processed as it came (its hotspot row exists, nothing this week).
    monday = hotspots.week_start(local_date(NOW))
    midnight = datetime(monday.year, monday.month, monday.day, tzinfo=UTC) - timedelta(hours=7)  # 00:00 local
    for number in range(5):
        case(f"burst{number}", days_ago=0, at=midnight + timedelta(minutes=30 + 7 * number), body=OTHERS[number])
        if number % 2:
            services.case_submitted_process(case_id=made[f"burst{number}"].pk, now=NOW)
    case("sunday-night", days_ago=0, at=midnight - timedelta(minutes=30), body=TRASH, unit=commune_c, kind="phan_anh")
    case("c1", days_ago=1, body=TRASH, unit=commune_c, category="moi_truong", kind="phan_anh")
    case("c2", days_ago=2, body=TRASH, unit=commune_c, category="moi_truong", kind="phan_anh")
    case("b-last-week", days_ago=8, body=TRASH, unit=commune_b, category="moi_truong", kind="phan_anh", process=True)
    # A case counted in its cell, then moved to another category: its old cell's row is recomputed to 0.
    moved = case("moved", days_ago=1, body=OTHERS[0], unit=commune_c, category="khac", kind="kien_nghi", process=True)
    Case.objects.filter(pk=moved.pk).update(category=categories["nha_o_xay_dung"])
    case("khac-last-week", days_ago=8, body=OTHERS[1], unit=commune_c, category="khac", kind="kien_nghi")
    # The Sunday before the swept weeks: a cell with nothing in them.
    case("edge", days_ago=0, at=midnight - timedelta(days=7, minutes=30), unit=commune_c, category="an_ninh_trat_tu")
    case("future", days_ago=-3, body=OTHERS[2], unit=commune_c, category="nha_o_xay_dung", kind="kien_nghi")
    # An old closed case, never in the sweep; an open case at province level (not a commune: no hotspot).
    case("ancient", days_ago=300, status="closed")
    case("province", days_ago=3, unit=province, body=OTHERS[1])

    today = local_date(NOW)
    signals = [
        SentimentSignal("fieldwork", 1, village.path, today, "angry", 2, "Đất đai", "Bà con bức xúc"),
        SentimentSignal("fieldwork", 2, commune_a.path, today - timedelta(days=1), "neutral", 3, "Đất đai", "Lo"),
        SentimentSignal("dialogue", 3, commune_a.path, monday, "concerned", 3, "Đất đai", "Đông người"),
        SentimentSignal("dialogue", 4, commune_a.path, monday, "angry", 1, "Đất đai", "Gay gắt"),
        SentimentSignal("fieldwork", 5, commune_b.path, monday - timedelta(days=3), "angry", 1, "Môi trường", "Hôi"),
        SentimentSignal("fieldwork", 6, province.path, today, "angry", 3, "Chung", "Cấp tỉnh"),
        SentimentSignal("fieldwork", 7, commune_c.path, monday + timedelta(days=7), "angry", 3, "Môi trường", "X"),
    ]
    monkeypatch.setattr(services, "sentiment_signals", lambda start, end: signals)
    return made


def _between_runs(made, run: int) -> None:
    """Changes between two sweeps: insights missing again (back-filled against the stored groups, as for
    cases the worker never processed), closed group alerts, a case closed, a case reopened, hotspot alerts
    whose score the next sweep raises."""
    if run == 1:
        CaseInsight.objects.filter(case__in=[made["a4"], made["m1"], made["r2"]]).delete()
        Alert.objects.filter(kind="group").update(status="closed", outcome="resolved", closed_at=RERUNS[0])
        Case.objects.filter(pk=made["r4"].pk).update(status="closed")
        CaseEvent.objects.create(case=made["r3"], action="citizen_not_resolved", occurred_at=RERUNS[0])
    if run == 2:
        CaseInsight.objects.filter(case__in=[made["burst0"], made["c1"]]).delete()
        Alert.objects.filter(kind="hotspot").update(score=0)


def _sweeps(sweep, made) -> list:
    states = []
    for run, now in enumerate(RERUNS, start=1):
        counts = sweep(now=now)
        states.append((counts, state()))
        _between_runs(made, run)
    return states


def test_batched_sweep_leaves_what_the_per_case_sweep_leaves(scene):
    savepoint = transaction.savepoint()
    expected = _sweeps(reference_sweep, scene)
    _assert_the_scene_reaches_the_corners(scene, expected)
    transaction.savepoint_rollback(savepoint)
    assert not CaseInsight.objects.filter(case=scene["a1"]).exists()
    assert _sweeps(services.analytics_sweep, scene) == expected
    # Idempotent: the same sweep again changes nothing.
    assert (services.analytics_sweep(now=RERUNS[-1]), state()) == expected[-1]


def test_rows_the_worker_stored_meanwhile_do_not_stop_the_sweep(legal_data, commune_a):
    """The task worker may store a case's insight or a hotspot cell between the sweep's read and write."""
    services.alert_rules_seed()
    data = Submission(
        kind="khieu_nai",
        channel="portal",
        category=Category.objects.get(code="dat_dai"),
        subject="Đơn",
        body=LAND_BODY,
        submitted_unit=commune_a,
        persons=[PersonInput(full_name="Người Gửi", phone="0912345678")],
    )
    case = case_submit(data=data, now=NOW).case
    mine = services.case_insight_update(case_id=case.pk, now=NOW)
    assert services.insights_backfill([case.pk], now=NOW) == 1
    assert list(CaseInsight.objects.values_list("pk", flat=True)) == [mine.pk]
    week = hotspots.week_start(local_date(NOW))
    stored = services.hotspot_update(commune=commune_a, category_id=case.category_id, week=week, now=NOW)
    services._hotspots_write(
        [
            Hotspot(
                unit=commune_a,
                category=case.category,
                week_start=week,
                **{field: getattr(stored, field) for field in services._HOTSPOT_FIELDS},
            )
        ]
    )
    assert list(Hotspot.objects.values_list("pk", flat=True)) == [stored.pk]


def _assert_the_scene_reaches_the_corners(scene, states) -> None:
    """The comparison means something only if the scene reaches what it was built for."""
    (first, after_first), (_second, after_second), _third = states
    insights = after_first["insights"]
    a1, a5 = scene["a1"].pk, scene["a5"].pk
    # Back-filled outside the window: grouped (with a5, before regrouping split it off and left a1 stale).
    assert insights[a1][3] == a1 and insights[a1][4] == 4
    assert insights[a5][3] is None and insights[a5][4] == 1
    assert scene["a3"].pk not in insights and scene["ancient"].pk not in insights
    # The closed case that joined its group late keeps the group size it saw then.
    late = {f["code"]: f["detail"] for f in insights[scene["r-closed-late"].pk][7]}
    assert insights[scene["r-closed-late"].pk][6] == 0.0 and int(late["same_incident"]) > 0
    assert insights[scene["rep2"].pk][5] == 2
    kinds = [row[2] for row in after_first["alerts"]]
    assert {"group", "risk", "hotspot", "sentiment"} <= set(kinds)
    assert first["groups"] >= 3 and first["hotspots"] >= 1 and first["digests"] == 2
    assert 0 in [row[4] for row in after_first["hotspots"]]  # a cell kept up to date although now empty
    # The rerun re-back-filled the lost insights and did not reopen the closed group alert.
    assert scene["a4"].pk in after_second["insights"]
    assert all(row[13] == "closed" for row in after_second["alerts"] if row[2] == "group")
