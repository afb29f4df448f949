"""Demo data for meetings: in each demo province four months of reception days (the Cần Thơ ward chair
misses one week), upcoming days on the public calendar (one online, with its connection points), the
reception book (walk-ins at Phường Ninh Kiều become cases), dialogues with minutes and issues, and
commitments (some overdue and escalated, some done, one with weighted sub-commitments)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.services import role_assign, user_create
from danvan.cases.deadlines import seed_legal_data
from danvan.cases.models import Category
from danvan.core.clock import local_date
from danvan.core.sentiment import Severity, Tone
from danvan.demo.personas import DEMO_PASSWORD
from danvan.meetings import services
from danvan.meetings.models import Commitment, ReceptionPolicy, ReceptionSession
from danvan.meetings.selectors import periods
from danvan.organizations.models import Organization
from danvan.territory.models import AdministrativeUnit

WEEKS_BACK = 17
WALK_INS = [
    ("Hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất", "guided", "Hướng dẫn nộp hồ sơ tại Bộ phận một cửa."),
    ("Phản ánh nước thải từ cơ sở chế biến thủy sản", "cases", ""),
    ("Kiến nghị sửa chữa đường hẻm bị sụt lún", "cases", ""),
    ("Đề nghị xem xét chế độ hộ nghèo", "guided", "Giải thích tiêu chí rà soát hộ nghèo năm 2026."),
    ("Khiếu nại lại việc đã được giải quyết đúng pháp luật", "refused", ""),
]
CASE_BLOCKS = {
    "Phản ánh nước thải từ cơ sở chế biến thủy sản": (
        "phan_anh",
        "moi_truong",
        "Nước thải cơ sở chế biến thủy sản chảy ra kênh",
    ),
    "Kiến nghị sửa chữa đường hẻm bị sụt lún": ("kien_nghi", "nha_o_xay_dung", "Sửa chữa hẻm 51 bị sụt lún"),
}
NAMES = ["Nguyễn Văn Bình", "Trần Thị Lệ", "Lê Hoàng Nam", "Phạm Thị Hoa", "Võ Văn Tài", "Đặng Thị Mỹ"]


def _unit(code: str, level: int) -> AdministrativeUnit:
    return AdministrativeUnit.objects.current().get(code=code, level=level)


def _ubnd(unit: AdministrativeUnit) -> Organization:
    return Organization.objects.filter(unit=unit, kind__code="ubnd").first()


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _commune_chair(username: str, full_name: str, commune: AdministrativeUnit) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username, full_name=full_name, password=DEMO_PASSWORD, email=f"{username}@demo.danvan.local"
        )
        role_assign(user=user, role=Role.LEADER, unit=commune, organization=_ubnd(commune), valid_from=date(2025, 7, 1))
    return user


def _sessions(actor, duty, *, today: date, skip: date | None, location: str, rng: random.Random) -> list:
    """Held sessions in every finished period since WEEKS_BACK weeks ago (but the one starting ``skip``)."""
    start = today - timedelta(weeks=WEEKS_BACK)
    held = []
    for period in periods(duty.policy.period, start, today):
        if period.end >= today or period.start == skip:
            continue
        day = period.start + timedelta(days=rng.choice([1, 2, 3]) if duty.policy.period == "week" else 14)
        held.append(
            services.session_schedule(
                actor=actor,
                unit=duty.unit,
                duty=duty,
                kind=ReceptionSession.Kind.REGULAR,
                held_on=day,
                start_time=time(7, 30),
                end_time=time(11, 0),
                chaired_by=f"{duty.leader.full_name}, {duty.title}",
                location=location,
                status=ReceptionSession.Status.HELD,
                now=_at(day, 7),
            )
        )
    return held


def _upcoming(actor, duty, *, today: date, location: str) -> None:
    weeks = 4 if duty.policy.period == "week" else 1
    for n in range(weeks):
        day = today + timedelta(days=(1 - today.weekday()) % 7 + 7 * n + 1)
        services.session_schedule(
            actor=actor,
            unit=duty.unit,
            duty=duty,
            kind=ReceptionSession.Kind.REGULAR,
            held_on=day,
            start_time=time(7, 30),
            end_time=time(11, 0),
            chaired_by=f"{duty.leader.full_name}, {duty.title}",
            location=location,
        )


def _book(actor, session, rng: random.Random, *, can_receive: bool, categories) -> int:
    made = 0
    for subject, outcome, handling in rng.sample(WALK_INS, 2):
        if outcome == "cases" and not can_receive:
            outcome, handling = "guided", "Hướng dẫn gửi đơn đến cơ quan có thẩm quyền."
        blocks = []
        if outcome == "cases":
            kind, category, title = CASE_BLOCKS[subject]
            blocks = [services.ContentBlock(kind=kind, category=categories[category], subject=title, body=subject)]
        visit = services.visit_record(
            actor=actor,
            data=services.VisitInput(
                unit=session.unit,
                session=session,
                visited_on=session.held_on,
                full_name=rng.choice(NAMES),
                address=f"Số {rng.randint(1, 150)}, khu vực {rng.randint(1, 9)}",
                content=subject,
                outcome=outcome,
                handling=handling,
                refusal_reason="da-giai-quyet" if outcome == "refused" else "",
                blocks=blocks,
            ),
            now=_at(session.held_on, 10),
        )
        if visit.reply_due and visit.reply_due < local_date() and rng.random() < 0.8:
            services.visit_mark(actor=actor, visit=visit, what="reply", on=visit.reply_due - timedelta(days=2))
        made += 1
    services.session_conclude(
        actor=actor,
        session_id=session.pk,
        conclusion="Giao Văn phòng HĐND và UBND theo dõi, đôn đốc các bộ phận trả lời công dân đúng hạn.",
        recipients="Văn phòng HĐND và UBND\nCông chức địa chính – xây dựng",
        now=_at(session.held_on, 11),
    )
    return made


def _dialogue(actor, *, unit, leader, topic, target, issues, days_ago, categories, can_receive) -> int:
    today = local_date()
    held_on = today - timedelta(days=days_ago)
    dialogue = services.dialogue_plan(
        actor=actor,
        organization=_ubnd(unit),
        unit=unit,
        leader=leader,
        leader_title=f"{leader.full_name}, Chủ tịch UBND",
        topic=topic,
        target_group=target,
        held_on=held_on,
        start_time=time(8, 0),
        venue=f"Hội trường {unit.name}",
        notified_on=held_on - timedelta(days=10),
        now=_at(held_on - timedelta(days=10)),
    )
    if days_ago < 0:
        return 0
    for side, name, role in (
        ("official", leader.full_name, "Chủ tịch UBND"),
        ("official", "Đại diện Ủy ban MTTQ", unit.name),
        ("resident", "Đại diện các hộ dân", target),
    ):
        services.participant_add(actor=actor, dialogue_id=dialogue.pk, side=side, name=name, role=role)
    services.dialogue_record_minutes(
        actor=actor,
        dialogue_id=dialogue.pk,
        minutes=f"Hội nghị đối thoại về {topic.lower()} khai mạc lúc 8 giờ, có đại diện {target.lower()} tham dự. "
        "Lãnh đạo đã lắng nghe, trả lời và tiếp thu các ý kiến dưới đây.",
        now=_at(held_on, 11),
    )
    for topic_, text, tone, severity, outcome, extra in issues:
        if outcome == "case" and not can_receive:
            outcome, extra = "commitment", {"commitment_title": f"Kiểm tra, trả lời: {topic_.lower()}"}
        data = services.IssueInput(topic=topic_, text=text, tone=tone, severity=severity, outcome=outcome)
        if outcome == "answered":
            data.answer = extra["answer"]
        elif outcome == "commitment":
            data.commitment_title = extra["commitment_title"]
            data.commitment_due = extra.get("due", held_on + timedelta(days=30))
        else:
            data.case_category = categories[extra["category"]]
        services.issue_add(actor=actor, dialogue_id=dialogue.pk, data=data, now=_at(held_on, 10))
    return 1


def _commitments(actor, *, unit, leader, today, titles) -> list[Commitment]:
    made = []
    for title, committed_ago, due_in, progress, done_ago in titles:
        commitment = services.commitment_create(
            actor=actor,
            organization=_ubnd(unit),
            unit=unit,
            leader=leader,
            title=title,
            committed_on=today - timedelta(days=committed_ago),
            due_date=today + timedelta(days=due_in),
            now=_at(today - timedelta(days=committed_ago)),
        )
        if progress:
            on = today - timedelta(days=done_ago if progress == 100 else max(1, committed_ago // 2))
            services.commitment_progress(
                actor=actor,
                commitment_id=commitment.pk,
                progress=progress,
                on=on,
                note="Hoàn thành, đã nghiệm thu." if progress == 100 else "Đang triển khai theo kế hoạch.",
            )
        made.append(commitment)
    return made


@transaction.atomic
def build() -> str:
    """Create the demo records (idempotent); return a one-line summary for the demo command."""
    if ReceptionSession.objects.exists():
        return ""
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["tiepdan", "lanhdao.xa", "lanhdao.tinh", "dieuphoi", "lanhdao.laichau"]
        )
    }
    if len(users) < 5:
        return ""
    seed_legal_data()
    services.reception_policies_seed()
    categories = {c.code: c for c in Category.objects.all()}
    policy = {p.code: p for p in ReceptionPolicy.objects.all()}
    rng = random.Random(2026)
    today = local_date()
    ninh_kieu, binh_lu = (
        _unit("31135", AdministrativeUnit.Level.COMMUNE),
        _unit("03390", AdministrativeUnit.Level.COMMUNE),
    )
    can_tho, lai_chau = _unit("92", AdministrativeUnit.Level.PROVINCE), _unit("12", AdministrativeUnit.Level.PROVINCE)
    binh_lu_chair = _commune_chair("chutich.binhlu", "Lò Văn Minh", binh_lu)
    officer, cantho_leader, coordinator, laichau_leader = (
        users["tiepdan"],
        users["lanhdao.tinh"],
        users["dieuphoi"],
        users["lanhdao.laichau"],
    )
    july = date(2025, 7, 1)
    duties = [
        (
            officer,
            services.duty_assign(
                actor=officer,
                leader=users["lanhdao.xa"],
                title="Chủ tịch UBND phường Ninh Kiều",
                policy=policy["chu-tich-xa"],
                unit=ninh_kieu,
                valid_from=july,
            ),
            "Trụ sở UBND phường Ninh Kiều, 2 Đại lộ Hòa Bình",
            True,
        ),
        (
            cantho_leader,
            services.duty_assign(
                actor=cantho_leader,
                leader=cantho_leader,
                title="Chủ tịch UBND thành phố Cần Thơ",
                policy=policy["chu-tich-tinh"],
                unit=can_tho,
                valid_from=july,
            ),
            "Trụ sở Tiếp công dân thành phố Cần Thơ",
            False,
        ),
        (
            coordinator,
            services.duty_assign(
                actor=coordinator,
                leader=binh_lu_chair,
                title="Chủ tịch UBND xã Bình Lư",
                policy=policy["chu-tich-xa"],
                unit=binh_lu,
                valid_from=july,
            ),
            "Trụ sở UBND xã Bình Lư",
            False,
        ),
        (
            coordinator,
            services.duty_assign(
                actor=coordinator,
                leader=laichau_leader,
                title="Chủ tịch UBND tỉnh Lai Châu",
                policy=policy["chu-tich-tinh"],
                unit=lai_chau,
                valid_from=july,
            ),
            "Trụ sở Tiếp công dân tỉnh Lai Châu",
            False,
        ),
    ]
    # The Ninh Kiều chair misses the third-last finished week.
    weeks = [p for p in periods("week", today - timedelta(weeks=WEEKS_BACK), today) if p.end < today]
    missed = weeks[-3].start
    sessions = visits = 0
    for actor, duty, location, can_receive in duties:
        held = _sessions(
            actor, duty, today=today, skip=missed if duty.unit == ninh_kieu else None, location=location, rng=rng
        )
        sessions += len(held)
        for session in held[-6:]:
            visits += _book(actor, session, rng, can_receive=can_receive, categories=categories)
        _upcoming(actor, duty, today=today, location=location)
    # An ad hoc session for a group petition, and an online session two weeks ahead with connection points.
    services.session_schedule(
        actor=officer,
        unit=ninh_kieu,
        kind=ReceptionSession.Kind.AD_HOC,
        held_on=today - timedelta(days=20),
        chaired_by=f"{users['lanhdao.xa'].full_name}, Chủ tịch UBND phường Ninh Kiều",
        location="Trụ sở UBND phường Ninh Kiều",
        reason="Đoàn 15 hộ dân khu vực 3 phản ánh ngập úng kéo dài.",
        status=ReceptionSession.Status.HELD,
    )
    online = services.session_schedule(
        actor=coordinator,
        unit=lai_chau,
        kind=ReceptionSession.Kind.ONLINE,
        held_on=today + timedelta(days=14),
        start_time=time(8, 0),
        chaired_by=f"{laichau_leader.full_name}, Chủ tịch UBND tỉnh Lai Châu",
        location="Điểm cầu chính: Trụ sở Tiếp công dân tỉnh Lai Châu",
        notified_on=today,
    )
    for name, chair_name in (("Điểm cầu xã Bình Lư", binh_lu_chair.full_name), ("Điểm cầu xã Mường Tè", "Giàng A Lử")):
        services.connection_point_add(actor=coordinator, session=online, name=name, chaired_by=chair_name, expected=30)
    conference = services.conference_schedule(
        actor=coordinator,
        title="Hội nghị trực tuyến triển khai công tác dân vận chính quyền năm 2027",
        organization=_ubnd(lai_chau),
        held_on=today + timedelta(days=21),
        notified_on=today,
    )
    services.connection_point_add(
        actor=coordinator, conference=conference, name="Điểm cầu tỉnh", chaired_by=laichau_leader.full_name, expected=80
    )

    dialogues = _dialogue(
        officer,
        unit=ninh_kieu,
        leader=users["lanhdao.xa"],
        topic="Bồi thường, tái định cư dự án bờ kè sông Cần Thơ",
        target="Các hộ dân khu vực 2 bị ảnh hưởng",
        days_ago=40,
        categories=categories,
        can_receive=True,
        issues=[
            (
                "Đơn giá bồi thường",
                "Đơn giá đất thấp hơn giá thị trường.",
                Tone.CONCERNED,
                Severity.MEDIUM,
                "answered",
                {"answer": "Đơn giá đã điều chỉnh theo bảng giá đất năm 2026."},
            ),
            (
                "Nền tái định cư",
                "Đã 6 tháng chưa được giao nền tái định cư.",
                Tone.ANGRY,
                Severity.HIGH,
                "commitment",
                {"commitment_title": "Giao nền tái định cư cho 12 hộ khu vực 2", "due": today - timedelta(days=5)},
            ),
            (
                "Đo đạc diện tích",
                "Diện tích đo đạc thiếu so với giấy chứng nhận.",
                Tone.CONCERNED,
                Severity.MEDIUM,
                "case",
                {"category": "dat_dai"},
            ),
        ],
    )
    dialogues += _dialogue(
        coordinator,
        unit=binh_lu,
        leader=binh_lu_chair,
        topic="Chuyển đổi cây trồng và hỗ trợ giống chè",
        target="Nông dân các bản Bình Lư, Nà Khum",
        days_ago=25,
        categories=categories,
        can_receive=False,
        issues=[
            (
                "Giống chè",
                "Giống chè hỗ trợ về muộn so với mùa vụ.",
                Tone.CONCERNED,
                Severity.LOW,
                "commitment",
                {"commitment_title": "Cấp giống chè đợt 2 trước mùa mưa"},
            ),
            (
                "Đường nội đồng",
                "Đường lên nương chè bị sạt lở.",
                Tone.ANGRY,
                Severity.HIGH,
                "case",
                {"category": "nha_o_xay_dung"},
            ),
            (
                "Tập huấn",
                "Cần tập huấn kỹ thuật chăm sóc chè.",
                Tone.POSITIVE,
                Severity.LOW,
                "answered",
                {"answer": "Trạm khuyến nông tổ chức tập huấn trong tháng tới."},
            ),
        ],
    )
    for actor, unit, leader in ((officer, ninh_kieu, users["lanhdao.xa"]), (coordinator, binh_lu, binh_lu_chair)):
        _dialogue(
            actor,
            unit=unit,
            leader=leader,
            topic="Lấy ý kiến quy hoạch chợ",
            target="Tiểu thương và hộ dân",
            days_ago=-12,
            issues=[],
            categories=categories,
            can_receive=False,
        )

    made = _commitments(
        officer,
        unit=ninh_kieu,
        leader=users["lanhdao.xa"],
        today=today,
        titles=[
            ("Nạo vét kênh Xáng Thổi đoạn khu vực 3", 90, -20, 60, 0),
            ("Lắp đèn chiếu sáng hẻm 12", 80, -30, 100, 35),
            ("Sửa chữa nhà văn hóa khu vực 1", 60, 30, 40, 0),
        ],
    )
    made += _commitments(
        coordinator,
        unit=binh_lu,
        leader=binh_lu_chair,
        today=today,
        titles=[
            ("Sửa chữa cầu treo bản Nà Khum", 100, -10, 70, 0),
            ("Kéo điện lưới về bản Hua Bó", 120, -15, 100, 20),
        ],
    )
    parent = services.commitment_create(
        actor=officer,
        organization=_ubnd(ninh_kieu),
        unit=ninh_kieu,
        leader=users["lanhdao.xa"],
        title="Chỉnh trang hẻm 51 đường 3 Tháng 2",
        committed_on=today - timedelta(days=50),
        due_date=today + timedelta(days=60),
    )
    for title, weight, progress in (
        ("Bê tông hóa mặt hẻm", 3, 50),
        ("Lắp cống thoát nước", 2, 100),
        ("Trồng cây xanh", 1, 0),
    ):
        child = services.commitment_create(
            actor=officer,
            organization=_ubnd(ninh_kieu),
            unit=ninh_kieu,
            leader=users["lanhdao.xa"],
            title=title,
            committed_on=today - timedelta(days=50),
            due_date=today + timedelta(days=55),
            parent=parent,
            weight=weight,
        )
        if progress:
            services.commitment_progress(
                actor=officer, commitment_id=child.pk, progress=progress, on=today - timedelta(days=3)
            )
    escalated = services.commitments_escalate_overdue(today=today)
    return (
        f"Tiếp công dân: {sessions} buổi đã tiếp, {visits} lượt ghi sổ, {dialogues} hội nghị đối thoại, "
        f"{Commitment.objects.count()} cam kết ({escalated} quá hạn đã nhắc lãnh đạo)."
    )
