"""Demo data for democracy: disclosures in the demo communes (some late, one missing, one taken down early),
household counts of the demo villages, community votes (one passing, one failing, one commune-wide),
a People's Inspection Board with a recommendation past its 15-day answer limit and an investment
supervision board. Idempotent: every record is looked up by its title before it is created."""

from __future__ import annotations

from datetime import date, timedelta

from danvan.core.clock import local_date
from danvan.democracy.models import (
    Board,
    Channel,
    CommunityVote,
    Consultation,
    Disclosure,
    DisclosureGroup,
    Matter,
    Recommendation,
    VillageHouseholds,
    VoteForm,
)
from danvan.democracy.services import (
    DisclosureInput,
    VoteInput,
    board_create,
    board_member_add,
    board_plan_add,
    consultation_create,
    disclosure_create,
    disclosure_groups_seed,
    recommendation_answer,
    recommendation_create,
    village_households_record,
    vote_create,
    vote_mark_sent,
    vote_record_counts,
)
from danvan.territory.calendar import add_working_days
from danvan.territory.models import AdministrativeUnit

Level = AdministrativeUnit.Level
POSTING = [Channel.POSTING, Channel.PORTAL, Channel.VILLAGE_HEAD]
LOUD = [Channel.POSTING, Channel.PORTAL, Channel.LOUDSPEAKER]

# (group, title, reference, days before today decided, publication: "on_time" | "late" | "missing" |
#  "early_takedown" | "pending", channels)
DISCLOSURES = [
    (2, "Dự toán thu, chi ngân sách xã năm {year} và báo cáo thực hiện quý III", "45/QĐ-UBND", 70, "on_time", POSTING),
    (1, "Kế hoạch phát triển kinh tế - xã hội 6 tháng cuối năm", "38/KH-UBND", 120, "on_time", POSTING),
    (3, "Phương án bồi thường, hỗ trợ dự án nâng cấp đường liên thôn", "52/QĐ-UBND", 40, "late", POSTING),
    (7, "Danh sách hộ nghèo, hộ cận nghèo được hỗ trợ bảo hiểm y tế", "61/QĐ-UBND", 30, "on_time", LOUD),
    (12, "Mức thu phí sử dụng bến bãi, chợ", "12/QĐ-UBND", 25, "late", LOUD),
    (5, "Kết quả vận động Quỹ Vì người nghèo", "09/BC-MTTQ", 20, "early_takedown", POSTING),
    (4, "Quy chế thực hiện dân chủ ở cơ sở của xã", "15/QĐ-UBND", 200, "on_time", POSTING),
    (
        13,
        "Danh mục thủ tục hành chính giải quyết tại Trung tâm phục vụ hành chính công",
        "20/QĐ-UBND",
        150,
        "on_time",
        POSTING,
    ),
    (9, "Danh sách công dân gọi nhập ngũ năm sau", "70/QĐ-UBND", 18, "missing", LOUD),
    (6, "Kế hoạch mua sắm trang thiết bị phòng họp trực tuyến", "74/KH-UBND", 2, "pending", POSTING),
]
HOUSEHOLDS = {  # village code → (households, households that chose online voting)
    "03390-B01": (112, 30),
    "03390-B02": (86, 20),
    "03390-B03": (64, 10),
    "03394-B01": (140, 25),
    "03394-B02": (95, 15),
    "31135-T01": (420, 260),
    "31135-T02": (385, 150),
    "31135-T03": (298, 120),
}
INSPECTION_MEMBERS = [
    ("Lò Văn Thắng", "03390-B01", "Trưởng ban"),
    ("Tẩn Thị Mai", "03390-B02", "Phó Trưởng ban"),
    ("Vàng A Chử", "03390-B03", "Thành viên"),
    ("Lò Thị Hương", "03390-B01", "Thành viên"),
    ("Chẻo Văn Lình", "03390-B02", "Thành viên"),
]


def _commune(code: str) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.current().filter(code=code, level=Level.COMMUNE).first()


def _village(code: str) -> AdministrativeUnit | None:
    return AdministrativeUnit.objects.current().filter(code=code, level=Level.VILLAGE).first()


def _disclosures(commune: AdministrativeUnit, today: date) -> int:
    groups = {g.number: g for g in DisclosureGroup.objects.all()}
    made = 0
    for number, title, reference, days_ago, state, channels in DISCLOSURES:
        title = title.format(year=today.year)
        if Disclosure.objects.filter(commune=commune, title=title).exists():
            continue
        decided = today - timedelta(days=days_ago)
        deadline = add_working_days(decided, 5)
        published = taken_down = loud_from = None
        loud_days = 0
        if state == "on_time":
            published = add_working_days(decided, 3)
        elif state == "late":
            published = deadline + timedelta(days=4)
        elif state == "early_takedown":
            published = add_working_days(decided, 2)
            taken_down = published + timedelta(days=12)
        if published and Channel.LOUDSPEAKER in channels:
            loud_from, loud_days = published, 3
        disclosure_create(
            actor=None,
            commune=commune,
            data=DisclosureInput(
                group=groups[number],
                title=title,
                decision_reference=reference,
                decision_date=decided,
                summary="",
                channels=channels if published else [],
                published_on=min(published, today) if published else None,
                taken_down_on=taken_down if taken_down and taken_down <= today else None,
                loudspeaker_from=loud_from,
                loudspeaker_days=loud_days,
            ),
        )
        made += 1
    return made


def _households(today: date) -> int:
    made = 0
    as_of = (today - timedelta(days=365)).replace(day=1)
    for code, (count, online) in HOUSEHOLDS.items():
        village = _village(code)
        if village is None or VillageHouseholds.objects.filter(village=village, as_of=as_of).exists():
            continue
        village_households_record(
            actor=None,
            village=village,
            as_of=as_of,
            households=count,
            online_opt_in=online,
            source="Danh sách hộ gia đình do Công an xã cung cấp",
        )
        made += 1
    return made


def _vote(village_code, title, matter, days_ago, present, approve, reject, today, *, form=VoteForm.MEETING, send=False):
    village = _village(village_code)
    if village is None or CommunityVote.objects.filter(village=village, title=title).exists():
        return 0
    vote_day = today - timedelta(days=days_ago)
    vote = vote_create(
        actor=None,
        village=village,
        data=VoteInput(matter=matter, form=form, title=title, vote_date=vote_day),
    )
    vote_record_counts(
        actor=None,
        vote_id=vote.pk,
        households_present=present,
        approve=approve,
        reject=reject,
        village_head_name="Lý Văn Sử" if village_code.startswith("03390") else "Trần Minh Đức",
        front_head_name="Lò Thị Phương" if village_code.startswith("03390") else "Nguyễn Thị Lan",
        representative_names="Lò Văn Quang, Tẩn Thị Dua"
        if village_code.startswith("03390")
        else "Phạm Văn Hòa, Lê Thị Xuân",
    )
    if send:
        vote_mark_sent(actor=None, vote_id=vote.pk, sent_on=add_working_days(vote_day, 2))
    return 1


def _boards(today: date) -> int:
    made = 0
    commune = _commune("03390")
    if commune is not None and not Board.objects.filter(commune=commune, kind=Board.Kind.INSPECTION).exists():
        board = board_create(
            actor=None,
            commune=commune,
            kind=Board.Kind.INSPECTION,
            name=f"Ban Thanh tra nhân dân {commune.name}",
            established_on=date(today.year - 1, 12, 20),
        )
        for full_name, village_code, position in INSPECTION_MEMBERS:
            board_member_add(
                actor=None, board_id=board.pk, full_name=full_name, village=_village(village_code), position=position
            )
        board_plan_add(
            actor=None,
            board_id=board.pk,
            period="quy",
            starts_on=today - timedelta(days=60),
            ends_on=today + timedelta(days=30),
            content="Giám sát việc công khai danh sách hộ nghèo và việc thu, chi Quỹ Vì người nghèo.",
        )
        recommendation_create(
            actor=None,
            board_id=board.pk,
            finding="Danh sách hộ nghèo năm nay niêm yết tại bản Hua Bó chưa đủ 30 ngày đã bị gỡ.",
            recommendation="Đề nghị Ủy ban nhân dân xã niêm yết lại đủ 30 ngày liên tục và thông báo trên loa.",
            sent_on=today - timedelta(days=25),
        )
        answered = recommendation_create(
            actor=None,
            board_id=board.pk,
            finding="Khoản thu tiền điện chiếu sáng ở bản Nà Khum chưa được công khai.",
            recommendation="Công khai mức thu và kết quả chi tại nhà văn hóa bản.",
            sent_on=today - timedelta(days=50),
        )
        recommendation_answer(
            actor=None,
            recommendation_id=answered.pk,
            answered_on=today - timedelta(days=40),
            answer="Đã niêm yết mức thu, chi tại nhà văn hóa bản Nà Khum từ ngày trả lời.",
        )
        made += 1
    ward = _commune("31135")
    if ward is not None and not Board.objects.filter(commune=ward, kind=Board.Kind.INVESTMENT).exists():
        board = board_create(
            actor=None,
            commune=ward,
            kind=Board.Kind.INVESTMENT,
            name="Ban Giám sát đầu tư của cộng đồng công trình hẻm 51 Khu vực 2",
            project="Nâng cấp, mở rộng hẻm 51 Khu vực 2",
            investor="Ban Quản lý dự án đầu tư xây dựng phường",
            contractor="Công ty TNHH Xây dựng Tân Phát",
            established_on=today - timedelta(days=90),
        )
        for full_name, position in (
            ("Huỳnh Văn Lợi", "Trưởng ban"),
            ("Nguyễn Thị Hạnh", "Thành viên"),
            ("Trần Quốc Bảo", "Thành viên"),
            ("Lê Văn Sang", "Thành viên"),
            ("Phạm Thị Ngọc", "Thành viên"),
        ):
            board_member_add(actor=None, board_id=board.pk, full_name=full_name, position=position)
        made += 1
    return made


def build() -> str:
    """Create the demo records (idempotent); return a one-line summary for the demo command."""
    disclosure_groups_seed()
    today = local_date()
    communes = [c for c in (_commune(code) for code in ("31135", "03390", "03394")) if c is not None]
    if not communes:
        return ""
    disclosures = sum(_disclosures(commune, today) for commune in communes)
    households = _households(today)
    votes = 0
    votes += _vote("03390-B01", "Quy ước bản Bình Lư (sửa đổi)", Matter.CONVENTION, 35, 98, 71, 27, today, send=True)
    votes += _vote(
        "03390-B02", "Đóng góp làm đường bê tông nội bản Nà Khum", Matter.WORKS, 21, 80, 52, 28, today
    )  # 52/86 < 2/3: fails
    votes += _vote("31135-T01", "Thời gian tổng vệ sinh hằng tháng", Matter.OTHER, 10, 300, 251, 30, today)
    consultations = 0
    if communes and not Consultation.objects.filter(commune=communes[0]).exists():
        consultation_create(
            actor=None,
            commune=communes[0],
            topic=Consultation.Topic.PLAN,
            title=f"Dự thảo kế hoạch phát triển kinh tế - xã hội năm {today.year + 1}",
            forms="Hội nghị tại các khu vực; hòm thư góp ý; cổng thông tin điện tử",
            opens_on=today - timedelta(days=14),
            closes_on=today + timedelta(days=7),
        )
        consultations = 1
    boards = _boards(today)
    made = disclosures + households + votes + consultations + boards
    if not made:
        return ""
    overdue = Recommendation.objects.filter(answered_on__isnull=True, answer_due__lt=today).count()
    return (
        f"Dân chủ ở cơ sở: {disclosures} nội dung công khai, số hộ của {households} thôn, {votes} cuộc biểu quyết, "
        f"{boards} ban giám sát ({overdue} kiến nghị quá hạn trả lời)."
    )
