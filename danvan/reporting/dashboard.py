"""What the dashboard shows: key figures of a territory for the year's reporting period, a monthly trend of
one indicator, a tile map of the units one level down coloured by that indicator, drill-down links."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.urls import reverse

from danvan.accounts.roles import Perm
from danvan.core.indicators import Aggregation, Indicator, Scope, Value
from danvan.reporting import charts
from danvan.reporting.models import PeriodKind, ReportingPeriod
from danvan.reporting.rollups import PROVINCES, level_needed, values_for_units
from danvan.reporting.selectors import (
    Figure,
    dashboard_indicators,
    format_value,
    predecessor_paths,
    scope_for,
    unit_visible,
)
from danvan.reporting.services import period_containing
from danvan.territory.models import AdministrativeUnit

Level = AdministrativeUnit.Level


@dataclass
class Dashboard:
    unit: AdministrativeUnit | None
    period: ReportingPeriod
    figures: list[Figure]
    selected: Indicator
    trail: list[tuple[str, str]]  # (name, href) from the nation down
    trend_points: list[tuple[str, float | None, str]] = field(default_factory=list)
    trend_svg: str = ""
    map_title: str = ""
    map_svg: str = ""
    map_rows: list[charts.Tile] = field(default_factory=list)
    legend: list[charts.LegendClass] = field(default_factory=list)
    kept: bool = False  # other apps' figures may be up to KEPT_SECONDS old

    @property
    def place(self) -> str:
        return self.unit.name if self.unit is not None else "Toàn quốc"


# Figures of the other apps (reception compliance, quotas, dialogues…) are computed live from their records:
# about half a second each for the whole country at national scale. For the country and a province the
# dashboard keeps them for a few minutes; the cases figures come from the rollups and are always live, and a
# commune's figures are cheap and always live.
LIVE_PREFIX = "cases."
KEPT_SECONDS = 300


def _value(item: Indicator, scope: Scope) -> Value:
    if item.code.startswith(LIVE_PREFIX) or not _is_wide(scope):
        return item.value(scope)
    text = "|".join((item.code, *scope.unit_paths, scope.start.isoformat(), scope.end.isoformat()))
    key = "dashboard:" + hashlib.sha256(text.encode()).hexdigest()
    return cache.get_or_set(key, lambda: item.value(scope), KEPT_SECONDS)


def _is_wide(scope: Scope) -> bool:
    """The country or a province (with its predecessors): where a live figure costs a national scan."""
    return all(level_needed(path) == PROVINCES for path in scope.unit_paths)


def _href(unit_pk, code: str) -> str:
    return f"{reverse('reporting:dashboard')}?don_vi={unit_pk}&chi_tieu={code}"


def months_back(today: date, count: int) -> list[tuple[date, date]]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append((date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def build_dashboard(user, unit: AdministrativeUnit | None, code: str | None, *, today: date) -> Dashboard:
    period = period_containing(kind=PeriodKind.ANNUAL, day=today)
    scope = scope_for(unit, period.start, period.end)
    indicators = dashboard_indicators()
    selected = next((item for item in indicators if item.code == code), indicators[0])
    figures = [Figure(item, _value(item, scope)) for item in indicators]
    trail = [("Toàn quốc", _href(0, selected.code) if unit_visible(user, None) else "")]
    chain = []
    walker = unit
    while walker is not None:
        chain.append(walker)
        walker = walker.parent
    for item in reversed(chain):
        trail.append((item.name, _href(item.pk, selected.code) if unit_visible(user, item) else ""))
    board = Dashboard(unit=unit, period=period, figures=figures, selected=selected, trail=trail, kept=_is_wide(scope))
    _trend(board, today)
    _map(board, user)
    return board


def _trend(board: Dashboard, today: date) -> None:
    paths = scope_for(board.unit, today, today).unit_paths
    points = []
    for start, end in months_back(today, 12):
        value = _value(board.selected, Scope(unit_paths=paths, start=start, end=end))
        result = value.result(board.selected.aggregation)
        points.append(
            (f"{start.month:02d}/{start.year % 100:02d}", result, format_value(result, board.selected.aggregation))
        )
    board.trend_points = points
    board.trend_svg = charts.bar_chart(
        points,
        title=f"{board.selected.name} theo tháng — {board.place}",
        description="Biểu đồ cột 12 tháng gần nhất; số liệu chi tiết ở bảng ngay sau biểu đồ.",
        uid="trend",
    )


def _map(board: Dashboard, user) -> None:
    unit = board.unit
    if unit is None:
        units = list(AdministrativeUnit.objects.current().filter(level=Level.PROVINCE))
        board.map_title = f"Bản đồ ô 34 tỉnh, thành phố — {board.selected.name}"
        positions = {u.pk: charts.province_position(u.code) for u in units}
        columns = 6
        units = [u for u in units if positions[u.pk] is not None]
    else:
        parent = unit if unit.level == Level.PROVINCE else unit.parent
        if parent is None:
            return
        units = list(AdministrativeUnit.objects.current().filter(parent=parent, level=Level.COMMUNE))
        units.sort(key=lambda u: u.name_sort)
        board.map_title = f"Bản đồ ô các xã, phường của {parent.name} — {board.selected.name}"
        width = max(4, min(10, int(len(units) ** 0.5 + 0.999)))
        positions = {u.pk: (i % width, i // width, _short(u.name)) for i, u in enumerate(units)}
        columns = width
    predecessors = predecessor_paths(units)
    visible = {item.pk for item in units if unit_visible(user, item, Perm.REPORT_VIEW)}
    scopes = {
        item.pk: Scope(unit_paths=(item.path, *predecessors[item.pk]), start=board.period.start, end=board.period.end)
        for item in units
        if item.pk in visible
    }
    # One grouped query where the indicator has one (the cases figures, from the rollups); else unit by unit.
    within = ("/",) if unit is None else scope_for(parent, board.period.start, board.period.end).unit_paths
    values = values_for_units(board.selected.code, scopes, within)
    if values is None:
        values = {pk: _value(board.selected, scope) for pk, scope in scopes.items()}
    tiles = []
    for item in units:
        col, row, short = positions[item.pk]
        in_scope = item.pk in visible
        result = None
        shown = "—"
        if in_scope:
            result = values[item.pk].result(board.selected.aggregation)
            shown = format_value(result, board.selected.aggregation)
        tiles.append(
            charts.Tile(
                label=item.name,
                short=short,
                col=col,
                row=row,
                value=result,
                display=shown,
                href=_href(item.pk, board.selected.code) if in_scope else "",
                in_scope=in_scope,
            )
        )
    aggregation = board.selected.aggregation
    shown_values = [t.value for t in tiles if t.in_scope]
    bounds, legend = charts.classes_for(
        shown_values,
        display=lambda v: format_value(v, aggregation),
        integers=aggregation == Aggregation.SUM and all(float(v).is_integer() for v in shown_values if v is not None),
    )
    board.legend = legend
    board.map_rows = sorted(tiles, key=lambda t: t.label)
    board.map_svg = charts.tile_map(
        tiles,
        title=board.map_title,
        description="Mỗi ô là một đơn vị, màu đậm hơn là giá trị cao hơn; chọn một ô để xem chi tiết. "
        "Số liệu đầy đủ ở bảng sau bản đồ.",
        bounds=bounds,
        uid="tilemap",
        columns=columns,
    )


def _short(name: str) -> str:
    from danvan.territory.services import name_without_kind

    words = name_without_kind(name).split()
    return "".join(word[0] for word in words)[:4] if len(words) > 1 else words[0][:5]
