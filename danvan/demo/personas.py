"""Who is in the demo: two provinces (mountainous Lai Châu, urban Cần Thơ), a few of their communes,
their bodies, and one persona per role of DESIGN.md §1. Real units, invented people."""

from __future__ import annotations

from dataclasses import dataclass

from danvan.accounts.roles import Role

DEMO_PASSWORD = "danvan-demo-2026"
REMOTE_PROVINCE, URBAN_PROVINCE = "12", "92"  # Lai Châu, Cần Thơ
DEMO_COMMUNES = {
    REMOTE_PROVINCE: ["03390", "03394", "03445", "03388"],  # Bình Lư, Sin Suối Hồ, Mường Tè, Phường Đoàn Kết
    URBAN_PROVINCE: ["31135", "31186", "31299"],  # Phường Ninh Kiều, Phường Cái Răng, Xã Phong Điền
}

# (kind code, name pattern, symbol) — "{unit}" is the unit's name.
PROVINCE_BODIES = [
    ("ubnd", "Ủy ban nhân dân {unit}", "UBND"),
    ("hdnd", "Hội đồng nhân dân {unit}", "HĐND"),
    ("party_committee", "Tỉnh ủy {short}", "TU"),
    ("tuyen_giao_dan_van", "Ban Tuyên giáo và Dân vận Tỉnh ủy {short}", "BTGDVTU"),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam {unit}", "MTTQ"),
    ("women_union", "Hội Liên hiệp Phụ nữ {unit}", "HLHPN"),
    ("youth_union", "Tỉnh đoàn {short}", "TĐTN"),
    ("farmers_union", "Hội Nông dân {unit}", "HND"),
    ("veterans_association", "Hội Cựu chiến binh {unit}", "HCCB"),
    ("labour_federation", "Liên đoàn Lao động {unit}", "LĐLĐ"),
    ("police", "Công an {unit}", "CAT"),
    ("inspectorate", "Thanh tra {unit}", "TTr"),
]
COMMUNE_BODIES = [
    ("ubnd", "Ủy ban nhân dân {unit}", "UBND"),
    ("hdnd", "Hội đồng nhân dân {unit}", "HĐND"),
    ("party_committee", "Đảng ủy {unit}", "ĐU"),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam {unit}", "MTTQ"),
    ("women_union", "Hội Liên hiệp Phụ nữ {unit}", "HLHPN"),
    ("youth_union", "Đoàn Thanh niên {unit}", "ĐTN"),
    ("farmers_union", "Hội Nông dân {unit}", "HND"),
    ("veterans_association", "Hội Cựu chiến binh {unit}", "HCCB"),
    ("police", "Công an {unit}", "CA"),
]
VILLAGES = {
    "03390": [("B01", "Bản Bình Lư", "thon"), ("B02", "Bản Nà Khum", "thon"), ("B03", "Bản Hua Bó", "thon")],
    "03394": [("B01", "Bản Sin Suối Hồ", "thon"), ("B02", "Bản Thào Phìn", "thon")],
    "31135": [
        ("T01", "Khu vực 1", "to_dan_pho"),
        ("T02", "Khu vực 2", "to_dan_pho"),
        ("T03", "Khu vực 3", "to_dan_pho"),
    ],
}


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    role: Role
    unit_code: str  # "" = nationwide
    organization_kind: str
    title: str
    is_head: bool = False


PERSONAS = [
    Persona("tiepdan", "Nguyễn Thị Hồng Nhung", Role.RECEPTION_OFFICER, "31135", "ubnd", "Công chức tiếp công dân"),
    Persona("xuly", "Trần Văn Khải", Role.CASE_HANDLER, "31135", "ubnd", "Công chức văn phòng – thống kê"),
    Persona("lanhdao.xa", "Lê Minh Tâm", Role.LEADER, "31135", "ubnd", "Chủ tịch Ủy ban nhân dân", True),
    Persona("lanhdao.tinh", "Phạm Quốc Hưng", Role.LEADER, URBAN_PROVINCE, "ubnd", "Chủ tịch Ủy ban nhân dân", True),
    Persona(
        "dieuphoi",
        "Lò Thị Xuân",
        Role.COORDINATOR,
        REMOTE_PROVINCE,
        "tuyen_giao_dan_van",
        "Phó Trưởng ban Tuyên giáo và Dân vận",
    ),
    Persona("coso", "Giàng A Páo", Role.FIELD_CADRE, "03394", "mttq", "Cán bộ Mặt trận, tổ dân vận"),
    Persona("truongthon", "Lý Văn Sử", Role.VILLAGE_HEAD, "03390", "mttq", "Trưởng bản Bình Lư"),
    Persona("kiemtra", "Đặng Thị Khiết", Role.INSPECTOR, URBAN_PROVINCE, "inspectorate", "Thanh tra viên"),
    Persona("quantri", "Vũ Đức Anh", Role.ADMINISTRATOR, "", "", "Quản trị hệ thống"),
    # A second leader so that the demo's Lai Châu cases have someone to decide them.
    Persona(
        "lanhdao.laichau", "Hoàng Văn Thào", Role.LEADER, REMOTE_PROVINCE, "ubnd", "Chủ tịch Ủy ban nhân dân", True
    ),
]
