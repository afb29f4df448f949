"""Demo data for fieldwork: tổ dân vận teams in the demo communes and four months of visits (three before
this one and this month so far) with observations of public sentiment, through the real services.

Who meets the 3 + 1 quota: ``coso`` always; ``dieuphoi`` through the government team's trips, except this
month; ``truongthon`` misses every other month, this one included (two trips only); in Cần Thơ,
``coso.ninhkieu`` meets it and ``coso.cairang`` never attends a block meeting. (The personas' roles start on
the day the demo is built, so their quota shows from this month; the extra cadres' from 01/07/2025.)
Phường Ninh Kiều's observations include angry and worried voices about land recovery for the river
embankment project; one of them became a case.

Idempotent: every visit has a fixed client id (uuid5 of cadre, month and number) and content that depends
only on the month, so a second run answers "already recorded" and creates nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.services import role_assign, user_create
from danvan.cases.models import Category
from danvan.core.clock import local_date
from danvan.core.errors import DomainError
from danvan.core.sentiment import Severity, Tone
from danvan.demo.personas import DEMO_PASSWORD
from danvan.fieldwork.models import FollowUp, Team, Visit
from danvan.fieldwork.services import (
    ObservationInput,
    SyncStatus,
    VisitInput,
    follow_up_open,
    quota_policy_seed,
    team_save,
    visit_record,
)
from danvan.organizations.models import Organization
from danvan.territory.models import AdministrativeUnit

NAMESPACE = uuid.UUID("6d0f7a52-8f61-4c38-9d7e-2f0b1c9e4a10")
MONTHS_BACK = 3

# Extra cadres of the demo (not personas): (username, full name, role, commune code, organisation kind).
EXTRA_CADRES = [
    ("coso.ninhkieu", "Đinh Thị Mỹ Duyên", Role.FIELD_CADRE, "31135", "mttq"),
    ("canbo.kv1", "Huỳnh Văn Lợi", Role.VILLAGE_HEAD, "31135", "mttq"),
    ("coso.cairang", "Trương Minh Khoa", Role.FIELD_CADRE, "31186", "women_union"),
    ("coso.binhlu", "Tao Thị Mai", Role.FIELD_CADRE, "03390", "women_union"),
]

LAND = [
    ObservationInput(
        "Thu hồi đất dự án kè sông Cần Thơ",
        Tone.ANGRY,
        Severity.HIGH,
        "Nhiều hộ ven sông bức xúc vì chưa được công khai phương án bồi thường, có ý kiến sẽ kéo lên phường.",
    ),
    ObservationInput(
        "Giá bồi thường, hỗ trợ tái định cư",
        Tone.CONCERNED,
        Severity.MEDIUM,
        "Người dân lo giá bồi thường thấp hơn giá thị trường, chưa rõ vị trí khu tái định cư.",
    ),
    ObservationInput(
        "Thu hồi đất dự án kè sông Cần Thơ",
        Tone.ANGRY,
        Severity.HIGH,
        "Một số hộ phản đối việc đo đạc khi chưa có thông báo thu hồi đất.",
    ),
    ObservationInput(
        "Tiến độ chi trả tiền bồi thường",
        Tone.CONCERNED,
        Severity.MEDIUM,
        "Các hộ đã bàn giao mặt bằng hỏi khi nào nhận đủ tiền hỗ trợ.",
    ),
]
CAN_THO_OTHER = [
    ObservationInput("Vệ sinh môi trường, rác thải kênh rạch", Tone.CONCERNED, Severity.LOW, "Rác tồn đọng ở rạch."),
    ObservationInput("Chỉnh trang đô thị", Tone.POSITIVE, Severity.LOW, "Người dân đồng tình với việc lát vỉa hè."),
    ObservationInput("An ninh trật tự khu dân cư", Tone.NEUTRAL, Severity.LOW, "Tình hình ổn định."),
]
LAI_CHAU = [
    ObservationInput("Giá thu mua chè búp tươi", Tone.CONCERNED, Severity.MEDIUM, "Giá chè giảm, bà con lo thu nhập."),
    ObservationInput(
        "Sạt lở đất mùa mưa", Tone.CONCERNED, Severity.HIGH, "Taluy dương tuyến đường liên bản có vết nứt."
    ),
    ObservationInput(
        "Hỗ trợ xóa nhà tạm, nhà dột nát", Tone.POSITIVE, Severity.LOW, "Bà con phấn khởi, tham gia ngày công."
    ),
    ObservationInput("Đường liên bản xuống cấp", Tone.NEUTRAL, Severity.LOW, "Đề nghị sửa đoạn qua suối."),
]


@dataclass(frozen=True)
class Plan:
    username: str
    trips: int  # field trips in a month
    block_meetings: int
    topics: tuple
    team: str = ""  # name of the team the trips are made with
    miss_every_other_month: bool = False


def _month_starts(today: date) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(MONTHS_BACK + 1):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return sorted(months)


def _cadre(username, full_name, role, commune_code, kind) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    user = user_create(
        username=username, full_name=full_name, password=DEMO_PASSWORD, email=f"{username}@demo.danvan.local"
    )
    commune = AdministrativeUnit.objects.current().get(code=commune_code, level=AdministrativeUnit.Level.COMMUNE)
    organization = Organization.objects.filter(unit=commune, kind__code=kind).first()
    role_assign(user=user, role=role, unit=commune, organization=organization, valid_from=date(2025, 7, 1))
    return user


def _commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.current().get(code=code, level=AdministrativeUnit.Level.COMMUNE)


def _team(actor, *, name, kind, commune, leader, members, tasks) -> Team:
    existing = Team.objects.filter(unit=commune, name=name).first()
    if existing is not None:
        return existing
    villages = list(commune.children.filter(level=AdministrativeUnit.Level.VILLAGE, valid_to__isnull=True))
    return team_save(
        actor=actor, name=name, kind=kind, unit=commune, leader=leader, members=members, area=villages, tasks=tasks
    )


def _teams(users: dict[str, User]) -> dict[str, Team]:
    sin_suoi_ho, binh_lu, ninh_kieu = _commune("03394"), _commune("03390"), _commune("31135")
    return {
        "government": _team(
            users["dieuphoi"],
            name="Tổ dân vận Ban Tuyên giáo và Dân vận Tỉnh ủy phụ trách xã Sin Suối Hồ",
            kind=Team.Kind.GOVERNMENT,
            commune=sin_suoi_ho,
            leader=users["dieuphoi"],
            members=[users["coso"]],
            tasks="Nắm tình hình tư tưởng nhân dân; vận động xóa nhà tạm; phòng chống sạt lở mùa mưa.",
        ),
        "binh_lu": _team(
            users["dieuphoi"],
            name="Tổ dân vận bản Bình Lư",
            kind=Team.Kind.VILLAGE,
            commune=binh_lu,
            leader=users["truongthon"],
            members=[users["coso.binhlu"]],
            tasks="Tuyên truyền chính sách hỗ trợ sản xuất chè; hòa giải ở cơ sở; nắm tình hình an ninh trật tự.",
        ),
        "ninh_kieu": _team(
            users["lanhdao.xa"],
            name="Tổ dân vận khu vực 1",
            kind=Team.Kind.VILLAGE,
            commune=ninh_kieu,
            leader=users["coso.ninhkieu"],
            members=[users["canbo.kv1"]],
            tasks="Vận động người dân đồng thuận giải phóng mặt bằng dự án kè sông Cần Thơ; nắm dư luận.",
        ),
    }


PLANS = [
    Plan("coso", 3, 1, tuple(LAI_CHAU), team="government"),
    Plan("truongthon", 3, 1, tuple(LAI_CHAU[:2]), team="binh_lu", miss_every_other_month=True),
    Plan("coso.ninhkieu", 3, 1, tuple(LAND + CAN_THO_OTHER), team="ninh_kieu"),
    Plan("coso.cairang", 3, 0, tuple(CAN_THO_OTHER)),
    Plan("dieuphoi", 0, 1, tuple(LAI_CHAU[2:])),
]
COMMUNE_OF = {
    "dieuphoi": "03394",
    "coso": "03394",
    "truongthon": "03390",
    "coso.ninhkieu": "31135",
    "coso.cairang": "31186",
}
PURPOSES = {
    "field_trip": "Đi cơ sở nắm tình hình tư tưởng, đời sống nhân dân",
    "block_meeting": "Dự sinh hoạt chi hội, khu dân cư",
}


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _visits_for(plan: Plan, user: User, team: Team | None, month: date, today: date, index: int) -> list[VisitInput]:
    commune = _commune(COMMUNE_OF[plan.username])
    places = [commune, *commune.children.filter(level=AdministrativeUnit.Level.VILLAGE).order_by("code")]
    trips = plan.trips - (1 if plan.miss_every_other_month and index % 2 == 1 else 0)
    # dieuphoi goes on the government team's trips, except this month (so far).
    team_trips = 0 if (plan.team == "government" and index == MONTHS_BACK) else trips
    schedule = [("field_trip", 4 + 7 * n, 8 + n) for n in range(trips)]
    schedule += [("block_meeting", 20 + 3 * n, 19) for n in range(plan.block_meetings)]
    inputs = []
    for number, (kind, day_of_month, hour) in enumerate(schedule):
        day = month.replace(day=day_of_month)
        if day >= today:
            continue
        topic = plan.topics[(index * 3 + number) % len(plan.topics)]
        inputs.append(
            VisitInput(
                client_id=uuid.uuid5(NAMESPACE, f"{plan.username}:{month:%Y-%m}:{number}"),
                unit=places[(index + number) % len(places)],
                visited_at=_moment(day, hour),
                kind=kind,
                purpose=PURPOSES[kind],
                notes="",
                team=team if (kind == "field_trip" and number < team_trips) else None,
                observations=[topic] if kind == "field_trip" or number % 2 else [],
            )
        )
    return inputs


def build() -> str:
    """Create the demo records (idempotent); return a one-line summary for the demo command."""
    quota_policy_seed()
    users = {u.username: u for u in User.objects.filter(username__in=["coso", "truongthon", "dieuphoi", "lanhdao.xa"])}
    if len(users) < 4:
        return ""
    for username, full_name, role, commune_code, kind in EXTRA_CADRES:
        users[username] = _cadre(username, full_name, role, commune_code, kind)
    teams = _teams(users)
    today = local_date()
    created = 0
    for index, month in enumerate(_month_starts(today)):
        for plan in PLANS:
            user = users[plan.username]
            team = teams.get(plan.team)
            if team is not None and plan.username == "truongthon" and index % 2 == 1:
                team = None
            for data in _visits_for(plan, user, team, month, today, index):
                try:
                    result = visit_record(actor=user, data=data)
                except DomainError:
                    continue  # an edited demo: keep what is there
                created += result.status == SyncStatus.CREATED
    _follow_up(users["coso.ninhkieu"])
    visits = Visit.objects.filter(cadre__in=users.values()).count()
    return (
        f"Đi cơ sở: {created} chuyến đi mới ({visits} chuyến của cán bộ minh họa), {len(teams)} tổ dân vận; "
        f"thêm cán bộ {', '.join(u for u, *_ in EXTRA_CADRES)}."
    )


def _follow_up(cadre: User) -> None:
    """The first angry voice about land recovery in Phường Ninh Kiều became a petition case."""
    visit = Visit.objects.filter(cadre=cadre, observations__tone=Tone.ANGRY).order_by("visited_at").first()
    category = Category.objects.filter(code="dat_dai").first()
    if visit is None or category is None or FollowUp.objects.filter(visit=visit).exists():
        return
    observation = visit.observations.filter(tone=Tone.ANGRY).first()
    follow_up_open(
        actor=cadre,
        visit=visit,
        observation=observation,
        kind="kien_nghi",
        category=category,
        subject="Kiến nghị công khai phương án bồi thường dự án kè sông Cần Thơ",
        body=(
            "Qua đi cơ sở, nhiều hộ dân khu vực ven sông kiến nghị công khai phương án bồi thường, hỗ trợ, "
            "tái định cư trước khi đo đạc, kiểm đếm."
        ),
    )
