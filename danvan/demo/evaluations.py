"""Demo data for evaluations: a three-level criteria set of Cần Thơ and one finished round for its three
demo communes (self-assessment, review, result, ranking) plus one pending appeal. Runs after the other
apps' demos: the automatic criterion reads the case-handling satisfaction of the demo cases."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from danvan.accounts.models import User
from danvan.accounts.roles import Role
from danvan.accounts.services import role_assign, user_create
from danvan.core.clock import local_date
from danvan.core.indicators import all_indicators
from danvan.demo.personas import DEMO_COMMUNES, DEMO_PASSWORD, URBAN_PROVINCE
from danvan.evaluations import services
from danvan.evaluations.models import CriteriaSet, Criterion, Round
from danvan.evaluations.services import CriterionInput, ReviewEntry, SelfEntry
from danvan.territory.models import AdministrativeUnit

SET_NAME = "Bộ tiêu chí đánh giá công tác dân vận chính quyền cấp xã (minh họa)"
REVIEWER = "lanhdao.tinh"
# Officers who self-assess for the communes without a leader persona (demo-only accounts).
COMMUNE_OFFICERS = {
    "31135": ("lanhdao.xa", ""),
    "31186": ("danhgia.cairang", "Huỳnh Thị Bích Ngọc"),
    "31299": ("danhgia.phongdien", "Trương Văn Lợi"),
}
TREE = [
    # code, title, points, parent code, extra
    ("1", "Lãnh đạo, chỉ đạo công tác dân vận chính quyền", 0, None, {}),
    ("1.1", "Ban hành văn bản", 0, "1", {}),
    ("1.1.a", "Kế hoạch công tác dân vận chính quyền năm", 8, "1.1", {"evidence_required": True}),
    ("1.1.b", "Kế hoạch thực hiện dân chủ ở cơ sở", 7, "1.1", {"evidence_required": True}),
    ("1.2", "Tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân", 15, "1", {}),
    ("2", "Kết quả phục vụ Nhân dân", 0, None, {}),
    ("2.1", "Giải quyết phản ánh, kiến nghị", 0, "2", {}),
    ("2.1.a", "Người dân hài lòng với kết quả giải quyết đơn", 20, "2.1", {"auto": "surveys.case_satisfaction"}),
    ("2.1.b", "Đối thoại với Nhân dân theo quy định", 15, "2.1", {}),
    ("2.2", "Phong trào thi đua \u201cDân vận khéo\u201d", 35, "2", {"evidence_required": True}),
]
SELF = {
    "31135": {"1.1.a": 8, "1.1.b": 7, "1.2": 14, "2.1.b": 13, "2.2": 30},
    "31186": {"1.1.a": 8, "1.1.b": 6, "1.2": 12, "2.1.b": 15, "2.2": 28},
    "31299": {"1.1.a": 7, "1.1.b": 7, "1.2": 15, "2.1.b": 10, "2.2": 25},
}


def _officer(code: str, unit) -> User:
    username, full_name = COMMUNE_OFFICERS[code]
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(username=username, full_name=full_name, password=DEMO_PASSWORD)
        role_assign(user=user, role=Role.LEADER, unit=unit)
    return user


def _criteria(reviewer, province) -> CriteriaSet:
    criteria_set = services.criteria_set_create(
        actor=reviewer,
        unit=province,
        name=SET_NAME,
        basis="Minh họa theo cách làm của các tỉnh; điểm và mức xếp loại do tỉnh quy định.",
    )
    codes = {item.code for item in all_indicators()}
    made: dict[str, Criterion] = {}
    for code, title, points, parent, extra in TREE:
        auto = extra.get("auto", "")
        made[code] = services.criterion_add(
            actor=reviewer,
            criteria_set=criteria_set,
            data=CriterionInput(
                code=code,
                title=title,
                max_points=points,
                parent=made.get(parent),
                evidence_required=extra.get("evidence_required", False),
                indicator_code=auto if auto in codes else "",
                guidance="Chấm theo kết quả thực hiện trong năm, có tài liệu kiểm chứng." if not auto else "",
            ),
        )
    return criteria_set


def build() -> str:
    reviewer = User.objects.filter(username=REVIEWER).first()
    province = AdministrativeUnit.objects.current().filter(code=URBAN_PROVINCE).first()
    if reviewer is None or province is None or CriteriaSet.objects.filter(name=SET_NAME).exists():
        return ""
    communes = list(
        AdministrativeUnit.objects.current().filter(code__in=DEMO_COMMUNES[URBAN_PROVINCE], parent=province)
    )
    if not communes:
        return ""
    year = local_date().year
    with transaction.atomic():
        criteria_set = _criteria(reviewer, province)
        round_ = services.round_create(
            actor=reviewer,
            criteria_set=criteria_set,
            parent_unit=province,
            units=communes,
            name=f"Đánh giá công tác dân vận chính quyền cấp xã năm {year}",
            year=year,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
        )
        ids = dict(criteria_set.criteria.values_list("code", "pk"))
        for assessment in round_.assessments.select_related("unit"):
            code = assessment.unit.code
            officer = _officer(code, assessment.unit)
            entries = {
                ids[key]: SelfEntry(points=value, evidence=f"Báo cáo số {10 + value}/BC-UBND ngày 05/12/{year}")
                for key, value in SELF[code].items()
            }
            services.assessment_self_score(
                actor=officer,
                assessment=assessment,
                entries=entries,
                comment="Đơn vị hoàn thành tốt các nhiệm vụ trọng tâm.",
            )
            services.assessment_submit(actor=officer, assessment=assessment)
            review = {}
            if code == "31186":
                review[ids["2.2"]] = ReviewEntry(points=24, comment="Mô hình mới đăng ký, chưa có kết quả tổng kết.")
            services.assessment_review(
                actor=reviewer, assessment=assessment, entries=review, comment="Thống nhất kết quả."
            )
        services.round_finalize(actor=reviewer, round_=round_)
        appellant = round_.assessments.filter(unit__code="31186").first()
        if appellant is not None:
            services.appeal_submit(
                actor=_officer("31186", appellant.unit),
                assessment=appellant,
                criterion=criteria_set.criteria.get(code="2.2"),
                reason=(
                    "Mô hình \u201cChợ văn minh\u201d đã được Thành ủy công nhận, "
                    "đề nghị xem xét lại điểm tiêu chí 2.2."
                ),
            )
    ranked = Round.objects.get(pk=round_.pk).assessments.filter(rank__isnull=False).count()
    return (
        f"Đánh giá: 1 đợt đánh giá cho {len(communes)} xã, phường của Cần Thơ "
        f"({ranked} đơn vị được xếp thứ), 1 đề nghị xem xét lại."
    )
