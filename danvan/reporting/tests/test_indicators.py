from datetime import date

import pytest

from danvan.cases.models import Case
from danvan.cases.services import case_submit
from danvan.core.indicators import all_indicators
from danvan.reporting.rollups import rollup_rebuild
from danvan.reporting.selectors import figure, scope_for
from danvan.reporting.tests.conftest import at

CASES_CODES = {
    "cases.received": "sum",
    "cases.answered_on_time": "rate",
    "cases.overdue_open": "sum",
    "cases.group_petitions": "sum",
    "cases.satisfaction": "mean",
    "cases.denunciations": "sum",
}


def test_cases_indicators_are_registered_with_their_aggregation():
    registered = {item.code: item.aggregation for item in all_indicators() if item.code.startswith("cases.")}
    assert registered == CASES_CODES


@pytest.mark.django_db
def test_a_merged_province_figures_show_inside_its_successor(submission, make_unit, province, commune_a):
    old = make_unit("93", "Tỉnh Hậu Giang", valid_from=date(2004, 1, 1), valid_to=date(2025, 7, 1))
    old_commune = make_unit("31500", "Xã Vị Thanh", parent=old, valid_from=date(2004, 1, 1), valid_to=date(2025, 7, 1))
    old.successors.add(province)
    case_submit(data=submission(kind="to_cao", submitted_unit=commune_a), now=at(2026, 2, 2))
    # a 2024 case of the old province, still filed under its old unit
    old_case = case_submit(
        data=submission(kind="phan_anh", submitted_unit=commune_a, group_size=7), now=at(2024, 5, 6)
    ).case
    Case.objects.filter(pk=old_case.pk).update(unit_path=old_commune.path)
    rollup_rebuild()  # the path was rewritten behind the services' back: recount

    whole = (date(2024, 1, 1), date(2026, 12, 31))
    assert figure("cases.received", scope_for(province, *whole)).value.numerator == 2
    assert figure("cases.group_petitions", scope_for(province, *whole)).value.numerator == 1
    assert figure("cases.denunciations", scope_for(province, *whole)).value.numerator == 1
    # the commune (no predecessor) sees only its own case; the nation sees both
    assert figure("cases.received", scope_for(commune_a, *whole)).value.numerator == 1
    assert figure("cases.received", scope_for(None, *whole)).value.numerator == 2


@pytest.mark.django_db
def test_overdue_open_at_the_end_of_a_period(submission, commune_a):
    case = case_submit(data=submission(kind="phan_anh"), now=at(2026, 1, 5)).case
    due = case.due_date
    during = scope_for(commune_a, date(2025, 12, 15), due)
    after = scope_for(commune_a, date(2025, 12, 15), date(2026, 6, 14))
    assert figure("cases.overdue_open", during).value.numerator == 0
    assert figure("cases.overdue_open", after).value.numerator == 1
    assert figure("cases.overdue_open", after).display == "1"
    assert figure("cases.answered_on_time", after).display == "—"  # nothing to divide by: never 0 %
