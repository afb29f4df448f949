"""What the dashboard keeps and what it always computes live."""

from datetime import date

from django.core.cache import cache

from danvan.core.indicators import Aggregation, Indicator, Scope, Value
from danvan.reporting import dashboard

YEAR = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}


def _counting(code: str, calls: list) -> Indicator:
    def compute(scope: Scope) -> Value:
        calls.append(scope)
        return Value(len(calls))

    return Indicator(
        code=code, name=code, name_en=code, unit_of_measure="", aggregation=Aggregation.SUM, compute=compute
    )


def test_wide_scopes_keep_other_apps_figures_while_cases_and_communes_stay_live():
    calls: list = []
    other, cases = _counting("meetings.example", calls), _counting("cases.example", calls)
    nation = Scope(unit_paths=("/",), **YEAR)
    province = Scope(unit_paths=("/92/", "/pre2025/92/"), **YEAR)
    commune = Scope(unit_paths=("/92/31135/",), **YEAR)

    first = dashboard._value(other, nation)
    assert dashboard._value(other, nation) == first  # computed once, then kept
    assert dashboard._value(other, province) == dashboard._value(other, province)
    assert dashboard._value(cases, nation) != dashboard._value(cases, nation)  # cases: from rollups, always live
    assert dashboard._value(other, commune) != dashboard._value(other, commune)  # a commune: cheap, always live

    cache.clear()
    assert dashboard._value(other, nation).numerator == len(calls)  # recomputed once nothing is kept
