from __future__ import annotations

from datetime import date

import pytest

from danvan.core.indicators import Scope, indicator
from danvan.practices.models import Level
from danvan.practices.services import practice_recognise, replication_add, review_open, review_score
from danvan.practices.tests.conftest import NOW, full_scores

pytestmark = pytest.mark.django_db


def test_indicators_count_in_scope_and_period(register, commune_officer, province_officer, commune_a, commune_b):
    first, second = register(), register("Tổ hòa giải kiểu mẫu")
    register("Mô hình ở phường khác", unit=commune_b, actor=province_officer)
    for practice, actor in ((first, commune_officer), (first, province_officer)):
        level = Level.COMMUNE if actor is commune_officer else Level.PROVINCE
        review = review_open(practice_id=practice.pk, level=level, actor=actor, now=NOW)
        review_score(practice_id=practice.pk, scores=full_scores(review), actor=actor, now=NOW)
        practice_recognise(
            practice_id=practice.pk,
            level=level,
            decision_number=f"{level}/QĐ",
            decision_date=date(2026, 10, 10),
            actor=actor,
            now=NOW,
        )
    replication_add(
        practice_id=first.pk, unit=commune_b, adopted_on=date(2026, 10, 10), results="", actor=province_officer, now=NOW
    )
    october = Scope(unit_paths=(commune_a.path,), start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert indicator("practices.models_registered").value(october).numerator == 2
    # Recognised twice (commune, then province) in October: one model.
    assert indicator("practices.models_recognised").value(october).numerator == 1
    assert indicator("practices.replications").value(october).numerator == 0  # adopted in commune B
    commune_b_scope = Scope(unit_paths=(commune_b.path,), start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert indicator("practices.replications").value(commune_b_scope).numerator == 1
    september = Scope(unit_paths=("/",), start=date(2026, 9, 1), end=date(2026, 9, 30))
    assert indicator("practices.models_registered").value(september).numerator == 0
    assert second.status == "registered"
