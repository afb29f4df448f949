"""Demo data for early warning: a burst of land complaints this week in Phường Ninh Kiều (Cần Thơ), made
through the cases services, then a full sweep, so that the demo leaders (lanhdao.xa, lanhdao.tinh) and the
coordinator find a hotspot alert in /lam-viec/canh-bao/. Idempotent: the burst is planted once per week."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from danvan.analytics.hotspots import week_start
from danvan.analytics.services import analytics_sweep
from danvan.cases.deadlines import seed_legal_data
from danvan.cases.models import Case, Category
from danvan.cases.services import PersonInput, Submission, case_submit
from danvan.core.clock import local_date
from danvan.territory.models import AdministrativeUnit

BURST_COMMUNE = "31135"  # Phường Ninh Kiều
MARKER = "Dự án mở rộng đường Cách Mạng Tháng Tám"
BURST = [
    (
        "Khiếu nại mức bồi thường đất",
        "Gia đình tôi bị thu hồi 180 m² đất ở để mở rộng đường, mức bồi thường thấp hơn "
        "nhiều so với giá chuyển nhượng thực tế trong khu vực.",
    ),
    (
        "Khiếu nại giá bồi thường khi thu hồi đất",
        "Giá đất bồi thường áp cho hộ tôi thấp hơn hộ bên cạnh dù cùng vị "
        "trí mặt tiền. Đề nghị xem xét lại phương án bồi thường.",
    ),
    (
        "Chưa được bố trí tái định cư",
        "Chúng tôi đã bàn giao mặt bằng từ tháng trước nhưng chưa được giao đất tái định "
        "cư, phải đi thuê nhà. Bà con rất bức xúc.",
    ),
    (
        "Đo đạc sai diện tích đất bị thu hồi",
        "Biên bản kiểm đếm ghi diện tích đất bị thu hồi ít hơn sổ đỏ 12 m². Đề nghị đo đạc lại thửa đất.",
    ),
    (
        "Khiếu nại mức bồi thường đất",
        "Gia dinh toi bi thu hoi 150 m2 dat o de mo rong duong, muc boi thuong thap hon "
        "nhieu so voi gia chuyen nhuong thuc te trong khu vuc.",
    ),
    (
        "Không được hỗ trợ chuyển đổi nghề",
        "Hộ tôi buôn bán nhỏ ở mặt tiền, khi thu hồi đất không được hỗ trợ ổn định "
        "sản xuất kinh doanh. Nhiều hộ định kéo lên thành phố.",
    ),
]


def build() -> str:
    seed_legal_data()
    commune = AdministrativeUnit.objects.current().filter(code=BURST_COMMUNE).first()
    if commune is None:
        return "Cảnh báo sớm: chưa có đơn vị hành chính (chạy load-units trước)."
    today = local_date()
    monday = week_start(today)
    planted = Case.objects.filter(submitted_unit=commune, body__contains=MARKER, received_at__date__gte=monday)
    if not planted.exists():
        rng = random.Random(2026)
        land = Category.objects.get(code="dat_dai")
        for index, (subject, body) in enumerate(BURST):
            moment = timezone.now() - timedelta(hours=rng.randint(1, 20) + index)
            if local_date(moment) < monday:
                moment = timezone.now()
            case_submit(
                data=Submission(
                    kind="khieu_nai",
                    channel=rng.choice(["in_person", "portal", "post"]),
                    category=land,
                    subject=subject,
                    body=f"{body} ({MARKER}.)",
                    submitted_unit=commune,
                    persons=[
                        PersonInput(
                            full_name=f"Hộ dân số {index + 1}",
                            phone=f"0939{rng.randrange(10**5, 10**6)}",
                            address=f"Số {rng.randint(1, 300)}, đường Cách Mạng Tháng Tám",
                        )
                    ],
                    group_size=rng.choice([1, 1, 3, 8]),
                    address="Đường Cách Mạng Tháng Tám",
                ),
                now=moment,
            )
    result = analytics_sweep()
    return (
        f"Cảnh báo sớm: {len(BURST)} đơn đất đai tại {commune.name} tuần này; "
        f"{result['hotspots']} điểm nóng, {result['groups']} nhóm đơn cùng vụ việc."
    )
