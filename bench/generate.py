"""A realistic national dataset for the benchmarks: N cases over three years across all current communes, and
the civic activity around them (reception days, dialogues, commitments, grassroots visits).

- Communes get a lognormal "population" weight (wards of big cities weigh more than remote communes), so a
  few hundred places carry most of the volume, as in reality.
- Months follow a seasonal curve (more around Tết, i.e. January–February, and in the land-recovery season),
  and a few communes get land-recovery bursts of several weeks.
- Kinds, statuses, categories and group sizes are drawn with realistic weights, and each case carries what the
  services would have set by today (``lifecycle``): most cases older than four months are finished, answers
  have their dates, late ones stay marked overdue, a third are rated by the citizen; every case has its submitter
  (encrypted, with keyed fingerprints) unless anonymous, and about 8 % come from repeat submitters.
- Subjects and bodies are composed from Vietnamese phrase banks (place, object, complaint), varied enough
  for folded search and near-duplicate detection.
- Activity (bench/generate_activity.py), proportional to N and over the same three years; for 100k cases:
  about 17,000 reception days (weekly for the chairs of ~100 communes chosen by the case weights, monthly
  for the 34 provincial chairs; a few missed, cancelled or delegated, some ad hoc or online, the next weeks
  planned) with ~16,000 lines of the reception book (encrypted names, ID numbers, phones, addresses; ~1,400
  link the in-person cases received on a reception day); ~1,400 dialogues with ~4,200 issues (tone and
  severity, angrier where land is recovered), ~1,700 commitments with dated progress (most done, some late
  or overdue, some cancelled); 80 cadres and coordinators with their tổ dân vận teams, ~12,000 visits against
  the monthly quota (3 field trips + 1 block meeting, mostly met) to communes weighted like the cases, with
  ~13,000 observations (topic, tone, severity, Vietnamese text). About 100,000 rows in all, ten times as
  many for 1M. Generated officers ("bench.hd.…") have unusable passwords.

Rows are bulk-inserted (not through the intake service, which bench/load.py measures, nor through the
meetings and fieldwork services, so without audit events) so that 1M cases load in minutes. Deterministic
for a seed (and the day it runs: the three years end today). Run again on a database that grew, the
activity is replaced by one sized for the new total.

    python bench/generate.py --size 100k      # or 1m; run through `make bench-data SIZE=…`
    python bench/generate.py --size 100k --no-activity   # cases only
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SUBJECT_PARTS = {
    "dat_dai": (
        [
            "Khiếu nại quyết định thu hồi đất",
            "Kiến nghị bồi thường hỗ trợ tái định cư",
            "Phản ánh lấn chiếm đất công",
            "Khiếu nại giá đất bồi thường",
            "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất",
            "Tranh chấp ranh giới đất",
        ],
        [
            "dự án khu dân cư",
            "dự án mở rộng quốc lộ",
            "khu công nghiệp",
            "dự án bờ kè",
            "khu tái định cư",
            "thửa đất số",
        ],
    ),
    "moi_truong": (
        [
            "Phản ánh rác thải không được thu gom",
            "Phản ánh nước thải chăn nuôi",
            "Phản ánh khói bụi",
            "Phản ánh ô nhiễm tiếng ồn ban đêm",
            "Phản ánh cơ sở sản xuất gây mùi hôi",
        ],
        ["đầu hẻm", "kênh thủy lợi", "khu chợ", "bãi tập kết", "xưởng gỗ", "trại heo"],
    ),
    "nha_o_xay_dung": (
        [
            "Phản ánh xây dựng không phép",
            "Phản ánh lấn chiếm vỉa hè",
            "Kiến nghị sửa chữa đường giao thông nông thôn",
            "Phản ánh công trình nứt lún nhà dân",
        ],
        ["tuyến đường liên ấp", "hẻm", "cầu dân sinh", "chung cư cũ", "khu phố"],
    ),
    "chinh_sach_xa_hoi": (
        [
            "Kiến nghị xét hộ cận nghèo",
            "Kiến nghị chi trả trợ cấp người có công",
            "Phản ánh chậm chi hỗ trợ thiên tai",
            "Kiến nghị cấp thẻ bảo hiểm y tế",
        ],
        ["hộ gia đình", "người cao tuổi", "đợt lũ vừa qua", "năm học mới"],
    ),
    "cong_chuc_cong_vu": (
        ["Tố cáo cán bộ nhũng nhiễu khi làm thủ tục", "Phản ánh thái độ tiếp dân", "Tố cáo thu tiền sai quy định"],
        ["bộ phận một cửa", "tổ dân phố", "trạm y tế", "trường học"],
    ),
}
PLACES = ["ấp Phú Lợi", "khu vực 3", "tổ dân phố 5", "thôn Nà Luông", "ấp Thạnh Hòa", "khu phố 2", "bản Hua Bum"]
BODIES = [
    "Gia đình tôi đã nhiều lần kiến nghị nhưng chưa được giải quyết.",
    "Đề nghị cơ quan có thẩm quyền xem xét, trả lời bằng văn bản.",
    "Tình trạng kéo dài nhiều tháng, ảnh hưởng đời sống bà con.",
    "Nhiều hộ dân cùng ký tên đề nghị được đối thoại trực tiếp.",
]
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Lò Văn Pọm",
    "Đặng Thị Giang",
]
KINDS = [("phan_anh", 40), ("kien_nghi", 30), ("khieu_nai", 20), ("to_cao", 10)]
STATUSES = [
    ("received", 4),
    ("screening", 5),
    ("accepted", 10),
    ("verifying", 8),
    ("suspended", 1),
    ("answered", 12),
    ("closed", 45),
    ("refused", 8),
    ("forwarded", 5),
    ("withdrawn", 2),
]
# Relative volume per month (1 = January): Tết in January–February, land recovery in the dry season.
SEASON = [1.5, 1.6, 1.1, 1.0, 0.9, 0.9, 1.0, 1.0, 0.9, 1.0, 1.1, 1.3]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def commune_profile(rng: random.Random) -> tuple[list[tuple[int, str]], list[float], set[int]]:
    """The current communes (pk, path), their lognormal weights and the indexes of the ~1 % with land-recovery
    bursts: the first draws of a generation's random stream (the activity reuses those of seed 0)."""
    from danvan.territory.models import AdministrativeUnit

    communes = list(
        AdministrativeUnit.objects.current().filter(level=AdministrativeUnit.Level.COMMUNE).values_list("pk", "path")
    )
    weights = [rng.lognormvariate(0, 1.1) for _ in communes]
    hot = set(rng.sample(range(len(communes)), max(1, len(communes) // 100)))  # land-recovery projects
    return communes, weights, hot


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour)


def lifecycle(rng: random.Random, status: str, received: date, due: date, today: date) -> dict:
    """Status and the fields the services would have set by today: most old cases are finished; an answer
    after the due date leaves ``overdue_since`` (as the hourly sweep does); a third of answers are rated;
    a final state closes the clock (``due_date`` empty), as ``_effect_final`` does."""
    from danvan.cases.workflow import FINAL_STATUSES, OPEN_STATUSES

    if status in OPEN_STATUSES and (today - received).days > 120 and rng.random() < 0.9:
        status = "closed" if rng.random() < 0.8 else "answered"
    fields: dict = {"status": status, "due_date": due}
    if status in ("answered", "closed"):
        answered_on = min(today, received + timedelta(days=rng.randint(3, max(4, (due - received).days * 6 // 5))))
        fields["answered_at"] = _moment(answered_on, 3)
        if answered_on > due:
            fields["overdue_since"] = due + timedelta(days=1)
        if rng.random() < 0.35:
            fields["satisfaction"] = rng.choices([1, 2, 3, 4, 5], weights=[5, 8, 17, 40, 30])[0]
        if status == "closed":
            fields["closed_at"] = _moment(min(today, answered_on + timedelta(days=rng.randint(0, 15))), 4)
    elif status in FINAL_STATUSES:
        fields["closed_at"] = _moment(min(today, received + timedelta(days=rng.randint(1, 20))), 4)
    elif status != "suspended" and due < today:
        fields["overdue_since"] = due + timedelta(days=1)
    if status in FINAL_STATUSES:
        fields["due_date"] = None
    return fields


def generate_cases(count: int, *, seed: int = 7, batch: int = 5000, today: date | None = None) -> int:
    from django.db import transaction

    from danvan.cases.deadlines import seed_legal_data
    from danvan.cases.models import Case, CaseEvent, Category, Person, RuleSet
    from danvan.cases.services import identity_fingerprint
    from danvan.core.text import fold

    seed_legal_data()
    rng = random.Random(seed)
    today = today or date.today()  # noqa: DTZ011 - benchmark data only
    communes, weights, hot = commune_profile(rng)
    categories = dict(Category.objects.values_list("code", "pk"))
    codes = [code for code in SUBJECT_PARTS if code in categories] or list(categories)
    rule_set = RuleSet.objects.order_by("-effective_from").first()
    days = [today - timedelta(days=offset) for offset in range(3 * 365)]
    day_weights = [SEASON[day.month - 1] for day in days]
    repeaters = [(rng.choice(NAMES), f"0{rng.randint(900000000, 999999999)}") for _ in range(200)]
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    lives = random.Random(seed + 1)  # its own stream: the cases' places, texts and kinds stay as before
    made = 0
    while made < count:
        size = min(batch, count - made)
        picks = rng.choices(range(len(communes)), weights=weights, k=size)
        cases, submitters = [], []
        for index in picks:
            unit_pk, path = communes[index]
            code = "dat_dai" if index in hot and rng.random() < 0.6 else rng.choice(codes)
            heads, objects = SUBJECT_PARTS.get(code, (["Phản ánh"], [""]))
            subject = f"{rng.choice(heads)} tại {rng.choice(objects)} {rng.choice(PLACES)}"
            body = f"{subject}. {rng.choice(BODIES)} {rng.choice(BODIES)}"
            received = rng.choices(days, weights=day_weights)[0]
            kind, status = _weighted(rng, KINDS), _weighted(rng, STATUSES)
            due = received + timedelta(days=rng.randint(10, 45))
            life = lifecycle(lives, status, received, due, today)
            tracking = "".join(rng.choice(alphabet) for _ in range(10))
            anonymous = kind == "to_cao" and rng.random() < 0.1
            cases.append(
                Case(
                    tracking_code=tracking,
                    pin_hash="-",
                    kind=kind,
                    channel=rng.choice(["portal", "in_person", "post"]),
                    category_id=categories[code],
                    subject=subject[:255],
                    body=body,
                    search_text=fold(f"{tracking} {subject} {body}"),
                    submitted_unit_id=unit_pk,
                    handling_unit_id=unit_pk,
                    unit_path=path,
                    group_size=rng.choice([1] * 30 + [5, 8, 12, 30]),
                    is_anonymous=anonymous,
                    received_at=datetime.combine(received, datetime.min.time(), tzinfo=UTC),
                    rule_set=rule_set,
                    **life,
                )
            )
            repeat = rng.random() < 0.08
            name, phone = rng.choice(repeaters) if repeat else (rng.choice(NAMES), f"09{rng.randint(10**7, 10**8 - 1)}")
            submitters.append(None if anonymous else (name, phone))
        with transaction.atomic():
            Case.objects.bulk_create(cases, batch_size=1000)
            Person.objects.bulk_create(
                [
                    Person(
                        case=case,
                        role="submitter",
                        full_name=who[0],
                        phone=who[1],
                        phone_fingerprint=identity_fingerprint(who[1]),
                    )
                    for case, who in zip(cases, submitters, strict=True)
                    if who
                ],
                batch_size=1000,
            )
            CaseEvent.objects.bulk_create(
                [
                    CaseEvent(
                        case=case,
                        action="submitted",
                        occurred_at=case.received_at,
                        to_status="received",
                        is_public=True,
                    )
                    for case in cases
                ],
                batch_size=1000,
            )
        made += size
    return made


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def main() -> None:
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    django.setup()
    from bench.generate_activity import activity_exists, generate_activity
    from bench.world import prepare_database
    from danvan.cases.models import Case

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="100k", help="number of cases: 100k, 1m, 250000…")
    parser.add_argument("--no-activity", action="store_true", help="cases only: no reception, dialogues, visits…")
    args = parser.parse_args()
    wanted = parse_size(args.size)
    prepare_database()
    existing = Case.objects.count()
    today = date.today()  # noqa: DTZ011 - benchmark data only
    start = time.perf_counter()
    if existing < wanted:
        generate_cases(wanted - existing, seed=existing, today=today)
    cases_seconds = time.perf_counter() - start
    activity_seconds, counts = 0.0, {}
    if not args.no_activity and (existing < wanted or not activity_exists()):
        # Sized on the cases now in the database; an earlier run's activity is replaced.
        started = time.perf_counter()
        counts = generate_activity(Case.objects.count(), profile=commune_profile(random.Random(0)), today=today)
        activity_seconds = time.perf_counter() - started
    if existing < wanted:
        # Bulk inserts bypass the services, so the rollup tables are recomputed once from the case table.
        from django.core.management import call_command

        call_command("rollup-rebuild")
    print(
        f"{Case.objects.count()} cases ({wanted - existing if existing < wanted else 0} new, {cases_seconds:.0f} s)"
        + (f"; activity in {activity_seconds:.1f} s: {counts}" if counts else "")
        + f"; {time.perf_counter() - start:.0f} s in all"
    )


if __name__ == "__main__":
    main()
