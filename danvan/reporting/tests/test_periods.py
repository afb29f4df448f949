from datetime import date

import pytest

from danvan.core.errors import ValidationFailed
from danvan.reporting.models import PeriodDefinition
from danvan.reporting.services import period_bounds, period_containing, period_ensure, periods_seed


@pytest.mark.django_db
def test_default_cut_offs_follow_decree_09_and_are_marked_configurable():
    periods_seed()
    annual = period_ensure(kind="annual", year=2026)
    six = period_ensure(kind="six_month", year=2026, index=1)
    nine = period_ensure(kind="nine_month", year=2026)
    q1 = period_ensure(kind="quarterly", year=2026, index=1)
    march = period_ensure(kind="monthly", year=2026, index=3)
    assert (annual.start, annual.end) == (date(2025, 12, 15), date(2026, 12, 14))
    assert (six.start, six.end) == (date(2025, 12, 15), date(2026, 6, 14))
    assert (nine.start, nine.end) == (date(2025, 12, 15), date(2026, 9, 14))
    assert (q1.start, q1.end) == (date(2025, 12, 15), date(2026, 3, 14))
    assert (march.start, march.end) == (date(2026, 2, 15), date(2026, 3, 14))
    assert six.label == "6 tháng đầu năm 2026"
    assert six.commune_deadline == date(2026, 6, 17) and six.province_deadline == date(2026, 6, 21)
    assert not PeriodDefinition.objects.filter(is_confirmed=True).exists()


@pytest.mark.django_db
def test_cut_offs_are_configuration():
    periods_seed()
    annual = PeriodDefinition.objects.get(kind="annual")
    annual.start_day, annual.end_day = 1, 31
    annual.save()
    assert period_bounds(annual, 2026, 1) == (date(2025, 12, 1), date(2026, 12, 31))
    with pytest.raises(ValidationFailed, match="Kỳ báo cáo không hợp lệ"):
        period_bounds(annual, 2026, 2)
    with pytest.raises(ValidationFailed, match="Năm báo cáo"):
        period_bounds(annual, 1, 1)


@pytest.mark.django_db
def test_period_containing_a_day_uses_the_cut_off():
    assert period_containing(kind="annual", day=date(2026, 12, 14)).year == 2026
    assert period_containing(kind="annual", day=date(2026, 12, 15)).year == 2027
    assert period_containing(kind="six_month", day=date(2026, 6, 20)).index == 2
