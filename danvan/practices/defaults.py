"""The default recognition criteria of each level.

[U] DOMAIN.md §3: national criteria and levels are not published. These follow the criteria Đà Lạt used for
"Dân vận khéo" models (baolamdong.vn, 2017) and are meant to be edited per level and province (admin: "Bộ tiêu
chí công nhận"); the pass marks (70/80/90 of 100) are an assumption to be confirmed.
"""

from __future__ import annotations

DEFAULT_CRITERIA = [
    ("Cách làm sáng tạo, phù hợp thực tiễn, tiết kiệm thời gian, chi phí", 20),
    ("Vận động được nhân dân tự giác, đồng thuận tham gia thực hiện", 20),
    ("Huy động được nhiều lực lượng, nguồn lực cùng tham gia", 20),
    ("Hài hòa lợi ích Nhà nước, tập thể, cá nhân; kết quả đo đếm được", 20),
    ("Bền vững, có khả năng nhân rộng ở đơn vị khác", 20),
]
DEFAULT_SETS = [
    ("xa", "mac-dinh-xa", "Tiêu chí công nhận mô hình Dân vận khéo cấp xã", 70),
    ("tinh", "mac-dinh-tinh", "Tiêu chí công nhận mô hình Dân vận khéo cấp tỉnh", 80),
    ("toan_quoc", "mac-dinh-toan-quoc", "Tiêu chí công nhận mô hình Dân vận khéo toàn quốc", 90),
]
LEGAL_BASIS = (
    "Bộ tiêu chí mặc định (chưa xác nhận văn bản gốc): theo tiêu chí mô hình Dân vận khéo của Thành phố Đà Lạt "
    "năm 2017. Cần đối chiếu quy định thi đua, khen thưởng của tỉnh trước khi áp dụng."
)


def seed_criteria(criteria_set_model, criterion_model) -> int:
    """Create the default set of each level that has none yet (works with migration models too)."""
    made = 0
    for level, code, name, pass_mark in DEFAULT_SETS:
        if criteria_set_model.objects.filter(level=level).exists():
            continue
        criteria_set = criteria_set_model.objects.create(
            code=code, name=name, level=level, pass_mark=pass_mark, legal_basis=LEGAL_BASIS
        )
        criterion_model.objects.bulk_create(
            criterion_model(criteria_set=criteria_set, text=text, max_score=score, order=index)
            for index, (text, score) in enumerate(DEFAULT_CRITERIA, start=1)
        )
        made += 1
    return made
