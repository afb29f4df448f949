"""Criteria trees, validation messages, who may score, review and see what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from danvan.core.errors import PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.evaluations import scoring, services
from danvan.evaluations.models import Criterion
from danvan.evaluations.services import CriterionInput, ReviewEntry, SelfEntry
from danvan.evaluations.tests.conftest import YEAR_END, YEAR_START

pytestmark = pytest.mark.django_db


def _open_round(reviewer, criteria, province):
    return services.round_create(
        actor=reviewer,
        criteria_set=criteria,
        parent_unit=province,
        name="Đánh giá năm 2026",
        year=2026,
        period_start=YEAR_START,
        period_end=YEAR_END,
    )


def test_parent_maxima_are_the_sums_of_their_children(criteria):
    maxima = dict(Criterion.objects.filter(criteria_set=criteria).values_list("code", "max_points"))
    assert maxima["1.1"] == Decimal("20") and maxima["1"] == Decimal("40") and maxima["2"] == Decimal("60")
    leaves = services.leaves_of(criteria)
    assert sorted(leaf.code for leaf in leaves) == ["1.1.a", "1.1.b", "1.2", "2.1", "2.2"]


def test_criterion_validation_messages(criteria, reviewer):
    def add(**data):
        services.criterion_add(actor=reviewer, criteria_set=criteria, data=CriterionInput(**data))

    with pytest.raises(ValidationFailed, match=r"Số hiệu 1.2 đã có"):
        add(code="1.2", title="Trùng", max_points=5)
    with pytest.raises(ValidationFailed, match="không được âm"):
        add(code="3", title="Âm", max_points=-1)
    with pytest.raises(ValidationFailed, match="Không có chỉ tiêu mã"):
        add(code="3", title="Sai mã", max_points=5, indicator_code="khong.co")
    with pytest.raises(ValidationFailed, match="dạng tỷ lệ"):
        add(code="3", title="Tổng số", max_points=5, indicator_code="surveys.responses")


def test_bands_are_configurable_and_checked():
    bands = scoring.validate_bands([{"label": "Đạt", "min": 60}, {"label": "Chưa đạt", "min": 0}])
    assert scoring.band_for(Decimal("60.00"), bands) == "Đạt"
    assert scoring.band_for(Decimal("59.99"), bands) == "Chưa đạt"
    with pytest.raises(ValueError, match="band"):
        scoring.validate_bands([{"label": "Đạt", "min": 60}])  # no band from 0
    assert scoring.competition_ranks(
        [("a", Decimal(90)), ("b", Decimal(95)), ("c", Decimal(90)), ("d", Decimal(80))]
    ) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_the_unit_scores_itself_and_the_parent_reviews(
    criteria, reviewer, province, commune_a, unit_officer, rated_cases
):
    round_ = _open_round(reviewer, criteria, province)
    assessment = round_.assessments.get(unit=commune_a)
    officer = unit_officer(commune_a)
    ids = dict(Criterion.objects.filter(criteria_set=criteria).values_list("code", "pk"))

    with pytest.raises(PermissionDeniedError):  # the reviewer does not fill in the unit's own assessment
        services.assessment_self_score(actor=reviewer, assessment=assessment, entries={})
    with pytest.raises(ValidationFailed) as error:
        services.assessment_self_score(
            actor=officer, assessment=assessment, entries={ids["1.1.a"]: SelfEntry(points=12)}
        )
    assert error.value.details["fields"] == {f"points_{ids['1.1.a']}": "Điểm từ 0 đến 10."}
    services.assessment_self_score(
        actor=officer, assessment=assessment, entries={ids["1.1.a"]: SelfEntry(points="9,5")}
    )
    with pytest.raises(ValidationFailed, match=r"Chưa tự chấm các tiêu chí: 1.1.b, 1.2, 2.2"):
        services.assessment_submit(actor=officer, assessment=assessment)
    entries = {ids[code]: SelfEntry(points=5) for code in ("1.1.b", "1.2", "2.2")}
    services.assessment_self_score(actor=officer, assessment=assessment, entries=entries)
    with pytest.raises(ValidationFailed, match=r"bắt buộc có tài liệu kiểm chứng: 1.1.a"):
        services.assessment_submit(actor=officer, assessment=assessment)
    services.assessment_self_score(
        actor=officer,
        assessment=assessment,
        entries={ids["1.1.a"]: SelfEntry(points="9,5", evidence="Kế hoạch 05/KH-UBND")},
    )
    services.assessment_submit(actor=officer, assessment=assessment)
    with pytest.raises(TransitionNotAllowed):
        services.assessment_self_score(actor=officer, assessment=assessment, entries={})

    with pytest.raises(PermissionDeniedError):  # the unit does not review itself
        services.assessment_review(actor=officer, assessment=assessment, entries={})
    with pytest.raises(ValidationFailed, match=r"ghi ý kiến thẩm định khi điều chỉnh điểm của tiêu chí 1.2"):
        services.assessment_review(actor=reviewer, assessment=assessment, entries={ids["1.2"]: ReviewEntry(points=2)})
    services.assessment_review(
        actor=reviewer, assessment=assessment, entries={ids["1.2"]: ReviewEntry(points=2, comment="Thiếu biên bản")}
    )
    assessment.refresh_from_db()
    assert assessment.status == "reviewed"
    assert assessment.events.filter(action="reviewed").get().data["changes"] == [
        {"criterion": "1.2", "from": "5.00", "to": "2.00"}
    ]
    client = Client()
    client.force_login(reviewer)
    page = client.get(f"/lam-viec/danh-gia/phieu/{assessment.public_id}/").content.decode()
    assert f'name="review_{ids["1.2"]}"' in page and "Thiếu biên bản" in page
    assert "Kế hoạch 05/KH-UBND" in page  # the unit's evidence, read-only for the reviewer
    assert f'name="points_{ids["1.2"]}"' not in page


def test_pages_are_scoped(criteria, reviewer, province, commune_a, commune_b, unit_officer, outsider):
    round_ = _open_round(reviewer, criteria, province)
    mine = round_.assessments.get(unit=commune_a)
    neighbour = round_.assessments.get(unit=commune_b)
    client = Client()
    client.force_login(unit_officer(commune_a))
    assert client.get(f"/lam-viec/danh-gia/phieu/{mine.public_id}/").status_code == 200
    assert client.get(f"/lam-viec/danh-gia/phieu/{neighbour.public_id}/").status_code == 404
    assert client.get(f"/lam-viec/danh-gia/dot/{round_.public_id}/").status_code == 200  # the unit sees the ranking
    assert client.post(f"/lam-viec/danh-gia/dot/{round_.public_id}/cong-bo/").status_code == 302
    round_.refresh_from_db()
    assert round_.status == "self"  # refused: only the parent unit finalises
    client.force_login(outsider)
    assert client.get(f"/lam-viec/danh-gia/dot/{round_.public_id}/").status_code == 404
    assert client.get(f"/lam-viec/danh-gia/phieu/{mine.public_id}/").status_code == 404
    assert client.get(f"/lam-viec/danh-gia/dot/{round_.public_id}/xlsx/").status_code == 404


def test_a_refused_self_score_keeps_what_was_typed(criteria, reviewer, province, commune_a, unit_officer):
    round_ = _open_round(reviewer, criteria, province)
    assessment = round_.assessments.get(unit=commune_a)
    ids = dict(Criterion.objects.filter(criteria_set=criteria).values_list("code", "pk"))
    client = Client()
    client.force_login(unit_officer(commune_a))
    response = client.post(
        f"/lam-viec/danh-gia/phieu/{assessment.public_id}/tu-cham/",
        {
            f"points_{ids['1.1.a']}": "abc",
            f"evidence_{ids['1.1.a']}": "Kế hoạch 07/KH-UBND",
            f"points_{ids['1.2']}": "15",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Điểm phải là một số." in page
    assert 'value="abc"' in page and "Kế hoạch 07/KH-UBND" in page and 'value="15"' in page


def test_round_needs_units_and_valid_bands(criteria, reviewer, province, commune_a):
    with pytest.raises(ValidationFailed, match="Mức xếp loại không hợp lệ"):
        services.round_create(
            actor=reviewer,
            criteria_set=criteria,
            parent_unit=province,
            name="Sai mức",
            year=2026,
            period_start=YEAR_START,
            period_end=YEAR_END,
            bands=[{"label": "Tốt", "min": 75}],
        )
    _open_round(reviewer, criteria, province)
    with pytest.raises(TransitionNotAllowed, match="không sửa được nữa"):
        services.criterion_add(
            actor=reviewer, criteria_set=criteria, data=CriterionInput(code="3", title="Mới", max_points=5)
        )
