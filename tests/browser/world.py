"""The browser tests' world, built with the real services: a province after the 2025 reform, two of
its communes, the units it replaced, an organisation with positions and a coordinator who can log in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

COORDINATOR_USERNAME = "dieuphoi.cantho"
COORDINATOR_PASSWORD = "Thu-nghiem-Dan-van-2025!"
REFORM_DAY = date(2025, 7, 1)


@dataclass
class World:
    province: object
    ward: object
    commune: object
    old_city: object
    old_district: object
    old_province: object
    organization: object
    ward_committee: object
    coordinator: object
    leader: object


def _unit(*, code, name, kind, level, parent=None, valid_from=REFORM_DAY, valid_to=None, historical=False):
    from danvan.territory.models import AdministrativeUnit
    from danvan.territory.services import unit_fill_derived

    unit = AdministrativeUnit(
        code=code, name=name, kind=kind, level=level, parent=parent, valid_from=valid_from, valid_to=valid_to
    )
    unit_fill_derived(unit, historical=historical)
    unit.full_clean()
    unit.save()
    return unit


def build_world() -> World:
    from danvan.accounts.roles import Role
    from danvan.accounts.services import role_assign, user_create
    from danvan.notifications.models import Message
    from danvan.notifications.services import message_enqueue
    from danvan.organizations.services import organization_ensure, organization_kinds_seed, position_assign
    from danvan.territory.models import AdministrativeUnit

    # Live-server tests run in transactions that are flushed, not rolled back: seed what migrations seeded.
    organization_kinds_seed()

    kind, level = AdministrativeUnit.Kind, AdministrativeUnit.Level
    province = _unit(code="92", name="Thành phố Cần Thơ", kind=kind.CENTRAL_CITY, level=level.PROVINCE)
    ward = _unit(code="31117", name="Phường Ninh Kiều", kind=kind.WARD, level=level.COMMUNE, parent=province)
    commune = _unit(code="31299", name="Xã Phong Điền", kind=kind.COMMUNE, level=level.COMMUNE, parent=province)

    old = {"valid_from": date(2004, 1, 1), "valid_to": REFORM_DAY, "historical": True}
    old_city = _unit(code="92", name="Thành phố Cần Thơ", kind=kind.CENTRAL_CITY, level=level.PROVINCE, **old)
    old_district = _unit(
        code="916", name="Quận Ninh Kiều", kind=kind.URBAN_DISTRICT, level=level.DISTRICT, parent=old_city, **old
    )
    old_province = _unit(code="93", name="Tỉnh Hậu Giang", kind=kind.PROVINCE, level=level.PROVINCE, **old)
    old_city.successors.add(province)
    old_province.successors.add(province)
    old_district.successors.add(ward)

    organization = organization_ensure(
        kind_code="tuyen_giao_dan_van",
        unit=province,
        name="Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ",
        document_symbol="BTGDVTU",
    )
    ward_committee = organization_ensure(kind_code="ubnd", unit=ward, name="Ủy ban nhân dân phường Ninh Kiều")

    coordinator = user_create(
        username=COORDINATOR_USERNAME,
        full_name="Nguyễn Thị Minh Hằng",
        password=COORDINATOR_PASSWORD,
        email="hang.ntm@example.vn",
    )
    leader = user_create(username="truongban.cantho", full_name="Trần Văn Bình", password=None)
    role_assign(user=coordinator, role=Role.COORDINATOR, organization=organization)
    position_assign(organization=organization, title="Trưởng ban", holder=leader, is_head=True)
    position_assign(organization=organization, title="Phó Trưởng ban", holder=coordinator)
    position_assign(organization=organization, title="Chuyên viên", holder=None)

    message_enqueue(
        key="browser-test-welcome",
        channel=Message.Channel.INBOX,
        recipient=coordinator,
        subject="Lịch tiếp công dân định kỳ tháng này",
        body="Đề nghị các đồng chí rà soát lịch tiếp công dân định kỳ của lãnh đạo phường.",
        link="/don-vi/",
    )
    return World(
        province=province,
        ward=ward,
        commune=commune,
        old_city=old_city,
        old_district=old_district,
        old_province=old_province,
        organization=organization,
        ward_committee=ward_committee,
        coordinator=coordinator,
        leader=leader,
    )
