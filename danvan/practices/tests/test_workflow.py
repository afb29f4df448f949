"""The recognition workflow: levels, criteria sets and pass marks, permissions per level, commendations,
replications and the timeline with its audit events."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from danvan.core.errors import NotFoundError, PermissionDeniedError, TransitionNotAllowed, ValidationFailed
from danvan.core.models import AuditEvent
from danvan.practices.models import Level, Practice, Review
from danvan.practices.services import (
    CommendationInput,
    commendation_add,
    practice_not_recognise,
    practice_recognise,
    replication_add,
    review_open,
    review_score,
)
from danvan.practices.tests.conftest import NOW, full_scores

pytestmark = pytest.mark.django_db
DAY = date(2026, 10, 10)


def _recognise_at(practice, level, actor, *, points=None, number="12/QĐ-UBND"):
    review = review_open(practice_id=practice.pk, level=level, actor=actor, now=NOW)
    review_score(practice_id=practice.pk, scores=full_scores(review, points), actor=actor, now=NOW)
    return practice_recognise(
        practice_id=practice.pk, level=level, decision_number=number, decision_date=DAY, actor=actor, now=NOW
    )


def test_registration_starts_the_timeline_and_the_audit_chain(register):
    practice = register()
    assert practice.status == Practice.Status.REGISTERED
    assert practice.search_text.startswith("nuoc sach ve ban")
    assert [e.action for e in practice.events.all()] == ["registered"]
    assert AuditEvent.objects.filter(action="practices.registered", object_id=str(practice.pk)).exists()
    assert practice.results.get().result == 312


def test_commune_recognises_at_commune_level_with_the_pass_mark(register, commune_officer):
    practice = register()
    # Default commune set: 5 criteria of 20 points, pass mark 70. 14 × 5 = 70 is exactly enough.
    _recognise_at(practice, Level.COMMUNE, commune_officer, points=14)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.RECOGNISED
    assert practice.recognised_level == Level.COMMUNE
    assert [e.action for e in practice.events.all()] == ["registered", "review_opened", "scored", "recognised"]
    assert practice.reviews.get().decision_number == "12/QĐ-UBND"


def test_cannot_recognise_before_scoring(register, commune_officer):
    practice = register()
    review_open(practice_id=practice.pk, level=Level.COMMUNE, actor=commune_officer, now=NOW)
    with pytest.raises(TransitionNotAllowed, match="Chưa chấm điểm"):
        practice_recognise(
            practice_id=practice.pk,
            level=Level.COMMUNE,
            decision_number="1/QĐ",
            decision_date=DAY,
            actor=commune_officer,
        )


def test_cannot_recognise_below_the_pass_mark(register, commune_officer):
    practice = register()
    review = review_open(practice_id=practice.pk, level=Level.COMMUNE, actor=commune_officer, now=NOW)
    review_score(practice_id=practice.pk, scores=full_scores(review, 13), actor=commune_officer, now=NOW)  # 65 < 70
    with pytest.raises(TransitionNotAllowed, match="Tổng điểm 65 chưa đạt điểm chuẩn 70"):
        practice_recognise(
            practice_id=practice.pk,
            level=Level.COMMUNE,
            decision_number="1/QĐ",
            decision_date=DAY,
            actor=commune_officer,
        )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.UNDER_REVIEW
    assert practice.recognised_level == ""


def test_each_level_has_its_own_pass_mark(register, province_officer):
    practice = register()
    review = review_open(practice_id=practice.pk, level=Level.PROVINCE, actor=province_officer, now=NOW)
    review_score(practice_id=practice.pk, scores=full_scores(review, 15), actor=province_officer, now=NOW)  # 75
    with pytest.raises(TransitionNotAllowed, match="điểm chuẩn 80"):
        practice_recognise(
            practice_id=practice.pk,
            level=Level.PROVINCE,
            decision_number="1/QĐ",
            decision_date=DAY,
            actor=province_officer,
        )
    review_score(practice_id=practice.pk, scores=full_scores(review, 16), actor=province_officer, now=NOW)  # 80
    practice_recognise(
        practice_id=practice.pk, level=Level.PROVINCE, decision_number="1/QĐ", decision_date=DAY, actor=province_officer
    )
    practice.refresh_from_db()
    assert practice.recognised_level == Level.PROVINCE


def test_commune_officer_cannot_act_at_province_level(register, commune_officer):
    practice = register()
    with pytest.raises(PermissionDeniedError, match="cấp tỉnh"):
        review_open(practice_id=practice.pk, level=Level.PROVINCE, actor=commune_officer, now=NOW)
    assert not Review.objects.exists()


def test_recognising_at_another_level_than_the_review_is_refused(register, province_officer):
    practice = register()
    review = review_open(practice_id=practice.pk, level=Level.PROVINCE, actor=province_officer, now=NOW)
    review_score(practice_id=practice.pk, scores=full_scores(review), actor=province_officer, now=NOW)
    with pytest.raises(TransitionNotAllowed, match="đang được xét ở cấp tỉnh"):
        practice_recognise(
            practice_id=practice.pk,
            level=Level.COMMUNE,
            decision_number="1/QĐ",
            decision_date=DAY,
            actor=province_officer,
        )


def test_national_level_needs_nationwide_jurisdiction(register, province_officer, national_officer):
    practice = register()
    _recognise_at(practice, Level.PROVINCE, province_officer)
    with pytest.raises(PermissionDeniedError):
        review_open(practice_id=practice.pk, level=Level.NATIONAL, actor=province_officer, now=NOW)
    _recognise_at(practice, Level.NATIONAL, national_officer, number="99/QĐ-BTGDVTW")
    practice.refresh_from_db()
    assert practice.recognised_level == Level.NATIONAL


def test_only_a_higher_level_may_be_proposed_after_recognition(register, province_officer):
    practice = register()
    _recognise_at(practice, Level.PROVINCE, province_officer)
    with pytest.raises(TransitionNotAllowed, match="chỉ đề nghị xét ở cấp cao hơn"):
        review_open(practice_id=practice.pk, level=Level.COMMUNE, actor=province_officer, now=NOW)


def test_not_recognised_at_a_higher_level_keeps_the_lower_recognition(register, commune_officer, national_officer):
    practice = register()
    _recognise_at(practice, Level.COMMUNE, commune_officer)
    review_open(practice_id=practice.pk, level=Level.NATIONAL, actor=national_officer, now=NOW)
    with pytest.raises(ValidationFailed, match="lý do"):
        practice_not_recognise(practice_id=practice.pk, actor=national_officer, note="  ")
    practice_not_recognise(
        practice_id=practice.pk, actor=national_officer, note="Chưa có khả năng nhân rộng toàn quốc."
    )
    practice.refresh_from_db()
    assert (practice.status, practice.recognised_level) == (Practice.Status.RECOGNISED, Level.COMMUNE)


def test_scores_must_cover_every_criterion_within_its_maximum(register, commune_officer):
    practice = register()
    review = review_open(practice_id=practice.pk, level=Level.COMMUNE, actor=commune_officer, now=NOW)
    scores = full_scores(review)
    first = next(iter(scores))
    with pytest.raises(ValidationFailed, match="phải từ 0 đến 20"):
        review_score(practice_id=practice.pk, scores={**scores, first: 21}, actor=commune_officer)
    scores.pop(first)
    with pytest.raises(ValidationFailed, match="Chưa chấm tiêu chí"):
        review_score(practice_id=practice.pk, scores=scores, actor=commune_officer)


def test_other_province_cannot_touch_the_practice(register, other_officer):
    practice = register()
    with pytest.raises(NotFoundError):
        review_open(practice_id=practice.pk, level=Level.COMMUNE, actor=other_officer)


def test_commendation_needs_recognition_and_a_decision(register, commune_officer, province_officer):
    practice = register()
    data = CommendationInput(
        form="bieu_duong",
        level=Level.PROVINCE,
        issuer="Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ",
        decision_number="245-QĐ/BTGDVTU",
        decision_date=date(2026, 10, 15),
    )
    with pytest.raises(TransitionNotAllowed, match="đã được công nhận"):
        commendation_add(practice_id=practice.pk, data=data, actor=province_officer, now=NOW + timedelta(days=10))
    _recognise_at(practice, Level.PROVINCE, province_officer)
    with pytest.raises(PermissionDeniedError):
        commendation_add(practice_id=practice.pk, data=data, actor=commune_officer, now=NOW + timedelta(days=10))
    commendation = commendation_add(
        practice_id=practice.pk, data=data, actor=province_officer, now=NOW + timedelta(days=10)
    )
    assert commendation.decision_date == date(2026, 10, 15)
    with pytest.raises(ValidationFailed, match="đã được ghi nhận"):
        commendation_add(practice_id=practice.pk, data=data, actor=province_officer, now=NOW + timedelta(days=10))


def test_replication_rules(register, commune_officer, commune_b, make_officer):
    from danvan.accounts.roles import Role

    practice = register()
    b_officer = make_officer(Role.COORDINATOR, commune_b)
    with pytest.raises(TransitionNotAllowed, match="đã được công nhận"):
        replication_add(
            practice_id=practice.pk, unit=commune_b, adopted_on=DAY, results="", actor=commune_officer, now=NOW
        )
    _recognise_at(practice, Level.COMMUNE, commune_officer)
    with pytest.raises(ValidationFailed, match="phải khác"):
        replication_add(
            practice_id=practice.pk, unit=practice.unit, adopted_on=DAY, results="", actor=commune_officer, now=NOW
        )
    with pytest.raises(ValidationFailed, match="sau hôm nay"):
        replication_add(
            practice_id=practice.pk,
            unit=commune_b,
            adopted_on=DAY + timedelta(days=1),
            results="",
            actor=b_officer,
            now=NOW,
        )
    # The adopting commune records it itself, although it cannot manage the model's own commune.
    replication = replication_add(
        practice_id=practice.pk,
        unit=commune_b,
        adopted_on=DAY,
        results="120 hộ dùng nước sạch",
        actor=b_officer,
        now=NOW,
    )
    assert replication.unit_path == commune_b.path
    with pytest.raises(ValidationFailed, match="đã được ghi nhận"):
        replication_add(practice_id=practice.pk, unit=commune_b, adopted_on=DAY, results="", actor=b_officer, now=NOW)
    assert practice.events.filter(action="replicated").count() == 1
