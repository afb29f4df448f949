"""The acceptance test of evaluations: a round over a three-level criteria tree gives the scores, bands and
ranking of a hand calculation; a unit whose automatic criterion lacks the minimum sample is not ranked and
the page says why; the XLSX export reads back the same figures."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from danvan.core.errors import PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.evaluations import services
from danvan.evaluations.models import Appeal, Assessment, Criterion, Round
from danvan.evaluations.services import ReviewEntry, SelfEntry
from danvan.evaluations.tests.conftest import YEAR_END, YEAR_START

pytestmark = pytest.mark.django_db


def _ids(criteria_set) -> dict[str, int]:
    return dict(Criterion.objects.filter(criteria_set=criteria_set).values_list("code", "pk"))


def _self_score(officer, assessment, ids, points: dict[str, int], evidence: str = "Kế hoạch số 12/KH-UBND"):
    entries = {ids[code]: SelfEntry(points=value, evidence=evidence) for code, value in points.items()}
    services.assessment_self_score(actor=officer, assessment=assessment, entries=entries)
    services.assessment_submit(actor=officer, assessment=assessment)


@pytest.fixture
def finished_round(criteria, reviewer, province, commune_a, commune_b, commune_c, unit_officer, rated_cases):
    # Case-handling satisfaction in 2026: Ninh Kiều 8 of 10 rated 4–5; Cái Răng 10 of 10; Phong Điền only 3 rated.
    rated_cases(commune_a, [5, 5, 5, 4, 4, 4, 4, 4, 2, 1])
    rated_cases(commune_b, [5] * 10)
    rated_cases(commune_c, [5, 4, 3])
    round_ = services.round_create(
        actor=reviewer,
        criteria_set=criteria,
        parent_unit=province,
        name="Đánh giá công tác dân vận chính quyền năm 2026",
        year=2026,
        period_start=YEAR_START,
        period_end=YEAR_END,
    )
    ids = _ids(criteria)
    by_unit = {a.unit_id: a for a in round_.assessments.all()}
    _self_score(unit_officer(commune_a), by_unit[commune_a.pk], ids, {"1.1.a": 10, "1.1.b": 8, "1.2": 18, "2.2": 36})
    _self_score(unit_officer(commune_b), by_unit[commune_b.pk], ids, {"1.1.a": 10, "1.1.b": 10, "1.2": 20, "2.2": 40})
    _self_score(unit_officer(commune_c), by_unit[commune_c.pk], ids, {"1.1.a": 5, "1.1.b": 5, "1.2": 10, "2.2": 20})
    # The province lowers Ninh Kiều's 1.2 from 18 to 15, with its reason; the others are confirmed.
    services.assessment_review(
        actor=reviewer,
        assessment=by_unit[commune_a.pk],
        entries={ids["1.2"]: ReviewEntry(points=15, comment="Chỉ tổ chức 10/12 buổi tiếp công dân định kỳ.")},
    )
    services.assessment_review(actor=reviewer, assessment=by_unit[commune_b.pk], entries={})
    services.assessment_review(actor=reviewer, assessment=by_unit[commune_c.pk], entries={})
    return services.round_finalize(actor=reviewer, round_=round_)


def test_round_scores_bands_and_ranking_match_the_hand_calculation(finished_round, commune_a, commune_b, commune_c):
    results = {a.unit_id: a for a in finished_round.assessments.all()}
    # Ninh Kiều: 10 + 8 + 15 (reviewed) + 20 × 8/10 (automatic) + 36 = 85 of 100 → 85 % → "Tốt", 2nd.
    a = results[commune_a.pk]
    assert (a.points, a.max_applicable, a.percent, a.band, a.rank) == (
        Decimal("85.00"),
        Decimal("100.00"),
        Decimal("85.00"),
        "Tốt",
        2,
    )
    # Cái Răng: 10 + 10 + 20 + 20 × 10/10 + 40 = 100 → "Xuất sắc", 1st.
    b = results[commune_b.pk]
    assert (b.points, b.percent, b.band, b.rank) == (Decimal("100.00"), Decimal("100.00"), "Xuất sắc", 1)
    # Phong Điền: 3 rated cases < 10 (the indicator's minimum) → 2.1 left out: 40 of 80 = 50 % → "Khá",
    # shown with its band but not ranked, with the reason.
    c = results[commune_c.pk]
    assert (c.points, c.max_applicable, c.percent, c.band, c.rank) == (
        Decimal("40.00"),
        Decimal("80.00"),
        Decimal("50.00"),
        "Khá",
        None,
    )
    assert "mới có 3 trường hợp, cần tối thiểu 10" in c.not_ranked_reason
    assert finished_round.status == Round.Status.FINAL
    assert {a.status for a in results.values()} == {Assessment.Status.FINAL}


def test_the_ranking_page_shows_ranks_and_why_a_unit_is_not_ranked(finished_round, reviewer):
    client = Client()
    client.force_login(reviewer)
    page = client.get(f"/lam-viec/danh-gia/dot/{finished_round.public_id}/").content.decode()
    assert page.index("Phường Cái Răng") < page.index("Phường Ninh Kiều") < page.index("Xã Phong Điền")
    assert "Không xếp thứ" in page
    assert "mới có 3 trường hợp, cần tối thiểu 10 để chấm tự động" in page
    assert "85,00" in page and "Xuất sắc" in page


def test_the_xlsx_export_reads_back(finished_round, reviewer):
    client = Client()
    client.force_login(reviewer)
    response = client.get(f"/lam-viec/danh-gia/dot/{finished_round.public_id}/xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    )
    ranking = workbook["Xếp hạng"]
    rows = list(ranking.iter_rows(min_row=5, values_only=True))
    assert [row[:6] for row in rows] == [
        (1, "Phường Cái Răng", 100.0, 100.0, 100.0, "Xuất sắc"),
        (2, "Phường Ninh Kiều", 85.0, 100.0, 85.0, "Tốt"),
        (None, "Xã Phong Điền", 40.0, 80.0, 50.0, "Khá"),
    ]
    assert "cần tối thiểu 10" in rows[2][7]
    detail = workbook["Chi tiết"]
    table = {row[0]: row for row in detail.iter_rows(min_row=2, values_only=True)}
    # Columns: code, title, max, then the units in ranking order (Cái Răng, Ninh Kiều, Phong Điền).
    assert table["1.2"][2:] == (20.0, 20.0, 15.0, 10.0)
    assert table["2.1"][2:] == (20.0, 20.0, 16.0, "Không áp dụng")
    assert table["1"][2] == 40.0 and table["2"][2] == 60.0


def test_an_upheld_appeal_changes_the_score_and_the_ranking(
    finished_round, reviewer, commune_a, unit_officer, criteria
):
    assessment = finished_round.assessments.get(unit=commune_a)
    officer = unit_officer(commune_a)
    criterion = Criterion.objects.get(criteria_set=criteria, code="1.2")
    appeal = services.appeal_submit(
        actor=officer, assessment=assessment, criterion=criterion, reason="Đã tổ chức đủ 12 buổi, có biên bản kèm theo."
    )
    with pytest.raises(TransitionNotAllowed):
        services.appeal_submit(actor=officer, assessment=assessment, reason="Lần nữa")
    with pytest.raises(PermissionDeniedError):
        services.appeal_decide(actor=officer, appeal=appeal, upheld=True, decision="Tự quyết", points=20)
    with pytest.raises(ValidationFailed, match="từ 0 đến 20"):
        services.appeal_decide(actor=reviewer, appeal=appeal, upheld=True, decision="Đúng", points=25)
    services.appeal_decide(actor=reviewer, appeal=appeal, upheld=True, decision="Biên bản đủ 12 buổi.", points=20)
    appeal.refresh_from_db()
    assessment.refresh_from_db()
    # 85 + 5 = 90 → "Xuất sắc"; tied with Cái Răng? No: 90 < 100, still 2nd, but a new band.
    assert (appeal.status, appeal.percent_before, appeal.percent_after) == (
        Appeal.Status.UPHELD,
        Decimal("85.00"),
        Decimal("90.00"),
    )
    assert (assessment.percent, assessment.band, assessment.rank) == (Decimal("90.00"), "Xuất sắc", 2)
    actions = list(assessment.events.values_list("action", flat=True))
    assert actions[-2:] == ["appealed", "appeal_decided"]


def test_a_rejected_appeal_keeps_the_score(finished_round, reviewer, commune_b, unit_officer):
    assessment = finished_round.assessments.get(unit=commune_b)
    appeal = services.appeal_submit(actor=unit_officer(commune_b), assessment=assessment, reason="Xin xem lại 2.2")
    services.appeal_decide(actor=reviewer, appeal=appeal, upheld=False, decision="Đã đạt điểm tối đa.")
    appeal.refresh_from_db()
    assert (appeal.status, appeal.percent_before, appeal.percent_after) == (
        Appeal.Status.REJECTED,
        Decimal("100.00"),
        Decimal("100.00"),
    )
