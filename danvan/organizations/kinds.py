"""The kinds of body Danvan knows about, seeded into ``OrganizationKind``. Pure data, no imports, so
the seeding migration may read it. Administrators rename kinds when a reform renames a body (as the
2025 merger did with Ban Dân vận → Ban Tuyên giáo và Dân vận)."""

# code, name, family, default document symbol, sort order
KINDS = [
    ("ubnd", "Ủy ban nhân dân", "state", "UBND", 10),
    ("hdnd", "Hội đồng nhân dân", "state", "HĐND", 20),
    ("party_committee", "Cấp ủy Đảng", "party", "ĐU", 30),
    ("tuyen_giao_dan_van", "Ban Tuyên giáo và Dân vận", "party", "BTGDV", 40),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", "front", "MTTQ", 50),
    ("women_union", "Hội Liên hiệp Phụ nữ", "front", "HLHPN", 60),
    ("youth_union", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "front", "ĐTN", 61),
    ("farmers_union", "Hội Nông dân", "front", "HND", 62),
    ("veterans_association", "Hội Cựu chiến binh", "front", "HCCB", 63),
    ("labour_federation", "Liên đoàn Lao động", "front", "LĐLĐ", 64),
    ("department", "Sở, ngành", "state", "", 70),
    ("police", "Công an", "state", "CA", 80),
    ("inspectorate", "Thanh tra", "state", "TTr", 85),
    ("other", "Khác", "state", "", 99),
]
