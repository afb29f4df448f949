"""Generate realistic case volume for benchmarks: N cases over 3 years across every current commune.

Rows are bulk-inserted (not through case_submit) so that 100k–1M cases load in minutes; the intake
scenario in bench/run.py measures the service path itself. Run through `make bench` (see README).
"""

from __future__ import annotations

import random
import secrets
from datetime import UTC, date, datetime, timedelta

from django.db import transaction

from danvan.cases.deadlines import seed_legal_data
from danvan.cases.models import Case, Category, RuleSet
from danvan.cases.workflow import Kind, Status
from danvan.core.text import fold
from danvan.territory.models import AdministrativeUnit

SUBJECTS = [
    "Khiếu nại quyết định thu hồi đất bồi thường thấp",
    "Phản ánh rác thải không được thu gom",
    "Kiến nghị sửa chữa đường giao thông nông thôn",
    "Phản ánh xây dựng lấn chiếm vỉa hè",
    "Kiến nghị xét hộ cận nghèo",
    "Tố cáo cán bộ nhũng nhiễu khi làm thủ tục",
    "Phản ánh ô nhiễm tiếng ồn ban đêm",
    "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất",
    "Phản ánh nước thải chăn nuôi",
    "Khiếu nại giá đất tái định cư",
]
STATUSES = [
    Status.RECEIVED,
    Status.SCREENING,
    Status.ACCEPTED,
    Status.VERIFYING,
    Status.ANSWERED,
    Status.CLOSED,
    Status.CLOSED,
    Status.CLOSED,
    Status.REFUSED,
    Status.FORWARDED,
]
KINDS = [Kind.FEEDBACK, Kind.FEEDBACK, Kind.PETITION, Kind.PETITION, Kind.COMPLAINT, Kind.DENUNCIATION]


def generate_cases(count: int, *, seed: int = 7, batch: int = 5000, today: date | None = None) -> int:
    seed_legal_data()
    rng = random.Random(seed)
    today = today or date.today()  # noqa: DTZ011 - benchmark data only
    communes = list(
        AdministrativeUnit.objects.current().filter(level=AdministrativeUnit.Level.COMMUNE).values_list("pk", "path")
    )
    categories = list(Category.objects.values_list("pk", flat=True))
    rule_set = RuleSet.objects.order_by("-effective_from").first()
    made = 0
    while made < count:
        rows = []
        for _ in range(min(batch, count - made)):
            unit_pk, path = rng.choice(communes)
            received = today - timedelta(days=rng.randint(0, 3 * 365))
            subject = rng.choice(SUBJECTS)
            code = "".join(secrets.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(10))
            rows.append(
                Case(
                    tracking_code=code,
                    pin_hash="-",
                    kind=rng.choice(KINDS),
                    channel="portal",
                    category_id=rng.choice(categories),
                    subject=subject,
                    body=subject,
                    search_text=fold(f"{code} {subject}"),
                    status=rng.choice(STATUSES),
                    submitted_unit_id=unit_pk,
                    handling_unit_id=unit_pk,
                    unit_path=path,
                    group_size=rng.choice([1] * 20 + [6, 12]),
                    received_at=datetime.combine(received, datetime.min.time(), tzinfo=UTC),
                    rule_set=rule_set,
                    due_date=received + timedelta(days=rng.randint(7, 45)),
                )
            )
        with transaction.atomic():
            Case.objects.bulk_create(rows, batch_size=1000)
        made += len(rows)
    return made
