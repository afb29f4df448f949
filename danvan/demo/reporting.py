"""Demo data for reporting: period configuration, the 2026 plans of Cần Thơ and Phường Ninh Kiều with
targets, and Phường Ninh Kiều's six-month report for 2026, auto-filled and submitted to the city (waiting
for lanhdao.tinh to accept it). Idempotent; made through the services."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from danvan.accounts.models import User
from danvan.core.clock import local_date
from danvan.demo.personas import URBAN_PROVINCE
from danvan.reporting import services
from danvan.reporting.models import PeriodKind, ReportStatus
from danvan.reporting.rollups import rollup_rebuild, rollup_verify
from danvan.territory.models import AdministrativeUnit

COMMUNE = "31135"  # Phường Ninh Kiều, Cần Thơ
NARRATIVE = {
    "results": (
        "Ủy ban nhân dân phường duy trì tiếp công dân định kỳ vào thứ Năm hằng tuần; các đơn thư được phân loại, "
        "xử lý trong thời hạn luật định. Phường phối hợp Ủy ban Mặt trận Tổ quốc tổ chức đối thoại với các hộ dân "
        "bị ảnh hưởng bởi dự án chỉnh trang bờ kè sông Cần Thơ."
    ),
    "limitations": (
        "Một số vụ việc khiếu nại về bồi thường, hỗ trợ giải phóng mặt bằng còn kéo dài; việc cập nhật kết quả "
        "giải quyết lên hệ thống có lúc chưa kịp thời."
    ),
    "causes": "Hồ sơ đất đai có nguồn gốc phức tạp; lực lượng cán bộ địa chính còn mỏng so với khối lượng công việc.",
    "tasks": (
        "Tiếp tục đối thoại trực tiếp với người dân; rà soát, giải quyết dứt điểm các vụ việc tồn đọng; "
        "nâng tỷ lệ giải quyết đúng hạn đạt chỉ tiêu kế hoạch năm."
    ),
}


# Cases of the first half of the year at Phường Ninh Kiều, so the six-month report has figures (the cases
# demo covers the last five months only): (day, month, kind, category, subject, group size, outcome).
FIRST_HALF = [
    (6, 1, "kien_nghi", "dat_dai", "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất", 1, "answer"),
    (20, 1, "phan_anh", "moi_truong", "Phản ánh rác thải ứ đọng tại hẻm 51 đường 3 Tháng 2", 1, "answer"),
    (9, 2, "khieu_nai", "dat_dai", "Khiếu nại mức bồi thường dự án bờ kè sông Cần Thơ", 7, "accept"),
    (3, 3, "phan_anh", "nha_o_xay_dung", "Phản ánh công trình xây dựng lấn chiếm vỉa hè", 1, "answer"),
    (17, 3, "to_cao", "cong_chuc_cong_vu", "Tố cáo cán bộ địa chính gây khó khăn khi làm thủ tục", 1, "accept"),
    (7, 4, "kien_nghi", "chinh_sach_xa_hoi", "Kiến nghị xét trợ cấp cho người có công", 1, "answer"),
    (22, 4, "phan_anh", "moi_truong", "Phản ánh tiếng ồn từ quán karaoke về đêm", 5, "answer"),
    (12, 5, "kien_nghi", "nha_o_xay_dung", "Kiến nghị sửa chữa đường hẻm ngập nước khi triều cường", 12, "open"),
    (2, 6, "phan_anh", "dat_dai", "Phản ánh tranh chấp ranh giới đất giữa hai hộ", 1, "open"),
]


NAMES = [
    "Nguyễn Văn Hải",
    "Trần Thị Kim Loan",
    "Lê Hoàng Phúc",
    "Phạm Thị Ngọc Hân",
    "Huỳnh Văn Lợi",
    "Võ Thị Thu Ba",
    "Đặng Minh Trí",
    "Bùi Thị Cẩm Tú",
    "Dương Văn Nhựt",
]


def _first_half_cases(commune, leader, year: int) -> int:
    from danvan.cases.models import Case, Category
    from danvan.cases.services import PersonInput, Submission, case_apply_action, case_rate, case_submit

    start = datetime(year, 1, 1, tzinfo=timezone.get_default_timezone())
    end = datetime(year, 6, 15, tzinfo=timezone.get_default_timezone())
    if Case.objects.filter(unit_path=commune.path, received_at__gte=start, received_at__lt=end).exists():
        return 0
    categories = {c.code: c for c in Category.objects.all()}
    fallback = next(iter(categories.values()), None)
    if fallback is None:
        return 0
    made = 0
    for number, (day, month, kind, category, subject, size, outcome) in enumerate(FIRST_HALF):
        received = datetime(year, month, day, 9, tzinfo=timezone.get_default_timezone())
        if received > timezone.now():
            continue
        case = case_submit(
            data=Submission(
                kind=kind,
                channel="in_person" if number % 2 else "portal",
                category=categories.get(category, fallback),
                subject=subject,
                body=f"{subject}. Đề nghị Ủy ban nhân dân phường xem xét, giải quyết.",
                submitted_unit=commune,
                persons=[PersonInput(full_name=NAMES[number % len(NAMES)])],
                group_size=size,
                address=f"Khu vực {number % 3 + 1}",
            ),
            now=received,
        ).case
        made += 1
        if outcome == "open":
            continue
        case_apply_action(case_id=case.pk, action="accept", actor=leader, now=received + timedelta(days=3))
        if outcome == "answer":
            case_apply_action(
                case_id=case.pk,
                action="answer",
                actor=leader,
                note="Đã kiểm tra thực tế và trả lời công dân.",
                public_answer="Ủy ban nhân dân phường đã kiểm tra, xử lý và trả lời ông/bà.",
                now=received + timedelta(days=9),
            )
            case_rate(case_id=case.pk, score=4 + number % 2, now=received + timedelta(days=11))
    return made


def build() -> str:
    """Create the demo records (idempotent); return a one-line summary for the demo command."""
    rebuilt = ""
    if rollup_verify():  # cases made before the rollups existed: recount once
        rebuilt = f" Tính lại bảng tổng hợp: {rollup_rebuild()} dòng."
    services.periods_seed()
    today = local_date()
    year = today.year
    for kind in PeriodKind.values:
        services.period_containing(kind=kind, day=today)
    period = services.period_ensure(kind=PeriodKind.SIX_MONTH, year=year, index=1)
    commune = AdministrativeUnit.objects.current().filter(code=COMMUNE, level=AdministrativeUnit.Level.COMMUNE).first()
    province = (
        AdministrativeUnit.objects.current()
        .filter(code=URBAN_PROVINCE, level=AdministrativeUnit.Level.PROVINCE)
        .first()
    )
    commune_leader = User.objects.filter(username="lanhdao.xa").first()
    province_leader = User.objects.filter(username="lanhdao.tinh").first()
    if not (commune and province and commune_leader and province_leader):
        return "Bỏ qua báo cáo: thiếu đơn vị hoặc cán bộ minh họa."
    targets = {"cases.answered_on_time": 95, "cases.overdue_open": 0, "cases.satisfaction": 4}
    services.plan_save(
        unit=province,
        year=year,
        title=f"Kế hoạch công tác dân vận chính quyền năm {year} của Thành phố Cần Thơ",
        content="Nâng cao chất lượng tiếp công dân, đối thoại; giải quyết dứt điểm khiếu nại đông người.",
        targets={k: Decimal(v) for k, v in targets.items()},
        actor=province_leader,
    )
    services.plan_save(
        unit=commune,
        year=year,
        title=f"Kế hoạch công tác dân vận năm {year} của Phường Ninh Kiều",
        content="Tiếp công dân định kỳ hằng tuần; 100% đơn thư được phân loại trong thời hạn.",
        targets={k: Decimal(v) for k, v in targets.items()},
        actor=commune_leader,
    )
    _first_half_cases(commune, commune_leader, year)
    report = services.report_start(period=period, unit=commune, actor=commune_leader)
    if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        services.report_update(
            report_id=report.pk,
            narrative=NARRATIVE,
            signer_name="Lê Minh Tâm",
            signer_title="Chủ tịch",
            actor=commune_leader,
        )
        submitted_at = timezone.make_aware(datetime.combine(period.end.replace(day=16), time(10)))
        services.report_submit(report_id=report.pk, actor=commune_leader, now=min(submitted_at, timezone.now()))
    return (
        f"Báo cáo: {period.label} của Phường Ninh Kiều đã gửi, kế hoạch năm {year} có chỉ tiêu cho Cần Thơ "
        f"và Phường Ninh Kiều.{rebuilt}"
    )
