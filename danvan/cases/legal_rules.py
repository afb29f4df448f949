"""Seed legal time limits (DOMAIN.md §0, §1.1–§1.4). Pure data: no project imports, so the data migration
can load it. Administrators own the rows once seeded; ``deadlines.seed_legal_data()`` never overwrites them.

Each rule set is a dict with the ``RuleSet`` fields plus ``rules``: one dict per ``DeadlineRule.Step`` whose
keys are ``DeadlineRule`` field names. Values are the raw choice values ("working"/"calendar" for the day
type, "C"/"S"/"U" for the confidence tag of DOMAIN.md §0).

Day types: where the law says "ngày làm việc" the rule counts working days; where it says only "ngày"
(the complaint and denunciation resolution limits) it counts calendar days and a last day that is a day off
rolls to the next working day (Bộ luật Dân sự 2015, Điều 148). That reading is the Civil Code default, not
a text that says so for these steps: keep it a per-rule setting.
"""

from datetime import date

# The resolution limits say only "ngày": calendar days under BLDS 2015 Điều 144–148.
_NGAY = (
    "luật ghi “ngày”: tính ngày lịch, ngày cuối trùng ngày nghỉ thì lùi sang ngày làm việc kế tiếp (BLDS 2015 Đ.148)"
)

# Rows that the 2025–2026 amendments did not change as far as DOMAIN.md records (see each legal_basis).
_COMMON_RULES = [
    {
        "step": "complaint_resolve_1",
        "day_type": "calendar",
        "days": 30,
        "complex_days": 45,
        "remote_days": 45,
        "remote_complex_days": 60,
        "extension_days": 0,
        "max_extensions": 0,
        "max_extensions_especially_complex": 0,
        "legal_basis": f"Luật Khiếu nại 2011, Điều 28 (30/45 ngày; vùng sâu, vùng xa 45/60 ngày); {_NGAY}",
        "confidence": "C",
    },
    {
        "step": "complaint_resolve_2",
        "day_type": "calendar",
        "days": 45,
        "complex_days": 60,
        "remote_days": 60,
        "remote_complex_days": 70,
        "extension_days": 0,
        "max_extensions": 0,
        "max_extensions_especially_complex": 0,
        "legal_basis": f"Luật Khiếu nại 2011, Điều 37 (45/60 ngày; vùng sâu, vùng xa 60/70 ngày); {_NGAY}",
        "confidence": "C",
    },
    {
        "step": "denunciation_screen",
        "day_type": "working",
        "days": 7,
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "extension_days": 3,
        "max_extensions": 1,
        "max_extensions_especially_complex": 0,
        "legal_basis": (
            "Luật Tố cáo 2018, Điều 24.1: 07 ngày làm việc kể từ ngày nhận đơn; gia hạn đến 10 ngày làm việc "
            "khi cần kiểm tra, xác minh tại nhiều địa điểm hoặc phải ủy quyền"
        ),
        "confidence": "C",
    },
    {
        "step": "denunciation_notify",
        "day_type": "working",
        "days": 5,
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "extension_days": 0,
        "max_extensions": 0,
        "max_extensions_especially_complex": 0,
        "legal_basis": "Luật Tố cáo 2018, Điều 29.3: 05 ngày làm việc kể từ ngày ra quyết định thụ lý",
        "confidence": "C",
    },
    {
        "step": "denunciation_resolve",
        "day_type": "calendar",
        "days": 30,
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "extension_days": 30,
        "max_extensions": 1,
        "max_extensions_especially_complex": 2,
        "legal_basis": (
            "Luật Tố cáo 2018, Điều 30; Nghị định 31/2019/NĐ-CP, Điều 3: 30 ngày; phức tạp gia hạn 1 lần, "
            f"đặc biệt phức tạp 2 lần, mỗi lần không quá 30 ngày; {_NGAY}"
        ),
        "confidence": "C",
    },
    {
        "step": "petition_reply",
        "day_type": "working",
        "days": 10,
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "extension_days": 0,
        "max_extensions": 0,
        "max_extensions_especially_complex": 0,
        "legal_basis": "Luật Tiếp công dân 2013, Điều 28.1: trả lời trong 10 ngày làm việc kể từ ngày nhận",
        "confidence": "C",
    },
    {
        "step": "forward",
        "day_type": "working",
        "days": 5,
        "complex_days": None,
        "remote_days": None,
        "remote_complex_days": None,
        "extension_days": 0,
        "max_extensions": 0,
        "max_extensions_especially_complex": 0,
        "legal_basis": (
            "Luật Tố cáo 2018, Điều 24.2: chuyển đơn không thuộc thẩm quyền trong 05 ngày làm việc; "
            "Nghị định 20/2008/NĐ-CP, Điều 9.1.d"
        ),
        "confidence": "C",
    },
]

RULE_SETS = [
    {
        "code": "truoc-2026-07",
        "name": "Luật 2011/2018 và các nghị định trước 01/07/2026",
        "effective_from": date(2012, 7, 1),
        "legal_basis": (
            "Luật Khiếu nại 02/2011/QH13; Luật Tố cáo 25/2018/QH14 (hiệu lực 01/01/2019); "
            "Luật Tiếp công dân 42/2013/QH13; Nghị định 124/2020/NĐ-CP; Nghị định 31/2019/NĐ-CP; "
            "Nghị định 64/2014/NĐ-CP; Thông tư 07/2013/TT-TTCP."
        ),
        "rules": [
            {
                "step": "complaint_accept",
                "day_type": "working",
                "days": 10,
                "complex_days": None,
                "remote_days": None,
                "remote_complex_days": None,
                "extension_days": 0,
                "max_extensions": 0,
                "max_extensions_especially_complex": 0,
                "legal_basis": (
                    "Luật Khiếu nại 2011, Điều 27, 36 (“10 ngày”); 10 ngày làm việc theo Thông tư 07/2013/TT-TTCP, "
                    "Điều 5 và Nghị định 124/2020/NĐ-CP, Điều 16.1 (bản gốc chưa đối chiếu)"
                ),
                "confidence": "S",
            },
            *(dict(row) for row in _COMMON_RULES),
        ],
    },
    {
        "code": "tu-2026-07",
        "name": "Luật 136/2025/QH15, Nghị định 154–156/2026",
        "effective_from": date(2026, 7, 1),
        "legal_basis": (
            "Luật 136/2025/QH15 sửa đổi Luật Tiếp công dân, Luật Khiếu nại, Luật Tố cáo (hiệu lực 01/07/2026); "
            "Nghị định 154/2026/NĐ-CP; Nghị định 155/2026/NĐ-CP sửa đổi Nghị định 124/2020; "
            "Nghị định 156/2026/NĐ-CP sửa đổi Nghị định 31/2019. Các bước khác giữ thời hạn của luật gốc."
        ),
        "rules": [
            {
                "step": "complaint_accept",
                "day_type": "working",
                "days": 7,
                "complex_days": None,
                "remote_days": None,
                "remote_complex_days": None,
                "extension_days": 0,
                "max_extensions": 0,
                "max_extensions_especially_complex": 0,
                "legal_basis": (
                    "Luật Khiếu nại 2011, Điều 27, 36; Nghị định 124/2020/NĐ-CP, Điều 16.1 sửa đổi bởi "
                    "Nghị định 155/2026/NĐ-CP, Điều 10: 07 ngày làm việc (cả lần đầu và lần hai)"
                ),
                "confidence": "S",
            },
            *(dict(row) for row in _COMMON_RULES),
        ],
    },
]
