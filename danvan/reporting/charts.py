"""Charts and tile maps as SVG rendered on the server: no JavaScript, no chart library, nothing from the
internet. Each chart carries a title and a description for screen readers (role="img"), and every page
that shows one also shows the same figures as a table."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# 34 provinces after 1/7/2025, placed on a grid roughly as on the map (column, row): north at the top.
PROVINCE_TILES: dict[str, tuple[int, int, str]] = {
    "12": (0, 0, "LCh"),
    "15": (1, 0, "LCa"),
    "08": (2, 0, "TQ"),
    "04": (3, 0, "CB"),
    "11": (0, 1, "ĐB"),
    "14": (1, 1, "SL"),
    "19": (2, 1, "TN"),
    "20": (3, 1, "LS"),
    "25": (1, 2, "PT"),
    "01": (2, 2, "HN"),
    "24": (3, 2, "BN"),
    "22": (4, 2, "QN"),
    "37": (2, 3, "NB"),
    "33": (3, 3, "HY"),
    "31": (4, 3, "HP"),
    "38": (2, 4, "TH"),
    "40": (2, 5, "NA"),
    "42": (3, 5, "HT"),
    "44": (3, 6, "QT"),
    "46": (3, 7, "Huế"),
    "48": (4, 7, "ĐN"),
    "51": (4, 8, "QNg"),
    "52": (4, 9, "GL"),
    "66": (4, 10, "ĐL"),
    "68": (3, 11, "LĐ"),
    "56": (4, 11, "KH"),
    "80": (1, 12, "TNi"),
    "79": (2, 12, "HCM"),
    "75": (3, 12, "ĐNa"),
    "91": (0, 13, "AG"),
    "82": (1, 13, "ĐT"),
    "86": (2, 13, "VL"),
    "92": (1, 14, "CT"),
    "96": (0, 15, "CM"),
}
# Five sequential classes (light → dark); dark tiles take white text (contrast ≥ 4.5:1 both ways).
PALETTE = ["#e8f1fa", "#b9d3ec", "#7fb0dc", "#2f74b5", "#0b3d6e"]
TEXT_ON = ["#0b1f33", "#0b1f33", "#0b1f33", "#ffffff", "#ffffff"]
NO_DATA, OUT_OF_SCOPE = "#f4f4f4", "#d9d9d9"


def province_position(code: str) -> tuple[int, int, str] | None:
    return PROVINCE_TILES.get(code.zfill(2)) or PROVINCE_TILES.get(code)


@dataclass
class Tile:
    label: str  # full name
    short: str  # on the tile
    col: int
    row: int
    value: float | None
    display: str
    href: str = ""  # empty: not a link (outside the user's jurisdiction)
    in_scope: bool = True


@dataclass(frozen=True)
class LegendClass:
    colour: str
    text_colour: str
    label: str
    index: int = 2  # which of the five colours (the CSS class swatch-<index>)


def palette_index(position: int, classes: int) -> int:
    """Spread ``classes`` classes over the five colours (one class: the middle colour)."""
    if classes <= 1:
        return 2
    return round(position * (len(PALETTE) - 1) / (classes - 1))


def classes_for(values: list[float], *, display, integers: bool = False) -> tuple[list[float], list[LegendClass]]:
    """Equal-interval breaks over the values shown (whole numbers for counts); returns (upper bounds, legend)."""
    present = [v for v in values if v is not None]
    if not present:
        return [], []
    low, high = min(present), max(present)
    if high == low:
        return [high], [LegendClass(PALETTE[2], TEXT_ON[2], display(high), 2)]
    step = (high - low) / len(PALETTE)
    bounds = [low + step * (i + 1) for i in range(len(PALETTE))]
    if integers and high - low < len(PALETTE):  # few distinct counts: one class each
        bounds = [float(value) for value in range(int(low), int(high) + 1)]
    elif integers:
        bounds = sorted({float(math.ceil(bound - 1e-9)) for bound in bounds})
    legend = []
    lower = low
    for i, upper in enumerate(bounds):
        first = lower if i == 0 or not integers else lower + 1
        label = display(upper) if integers and first == upper else f"{display(first)} – {display(upper)}"
        colour = palette_index(i, len(bounds))
        legend.append(LegendClass(PALETTE[colour], TEXT_ON[colour], label, colour))
        lower = upper
    return bounds, legend


def _class_index(value: float, bounds: list[float]) -> int:
    for i, upper in enumerate(bounds):
        if value <= upper + 1e-9:
            return palette_index(i, len(bounds))
    return palette_index(len(bounds) - 1, len(bounds))


def tile_map(
    tiles: list[Tile], *, title: str, description: str, bounds: list[float], uid: str, columns: int = 0
) -> SafeString:
    """A grid of square tiles, coloured by class; each tile in scope is a link (drill-down)."""
    size, gap = 56, 4
    cols = max(max((t.col for t in tiles), default=0) + 1, columns)
    rows = max((t.row for t in tiles), default=0) + 1
    width, height = cols * (size + gap), rows * (size + gap)
    parts = [
        f'<svg class="tile-map" viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="{uid}-title {uid}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{uid}-title">{escape(title)}</title><desc id="{uid}-desc">{escape(description)}</desc>',
    ]
    for tile in tiles:
        x, y = tile.col * (size + gap), tile.row * (size + gap)
        if not tile.in_scope:
            fill, text = OUT_OF_SCOPE, "#333333"
        elif tile.value is None:
            fill, text = NO_DATA, "#333333"
        else:
            index = _class_index(tile.value, bounds)
            fill, text = PALETTE[index], TEXT_ON[index]
        label = f"{tile.label}: {tile.display}" if tile.in_scope else f"{tile.label}: ngoài phạm vi"
        body = (
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="4" fill="{fill}" stroke="#5a6b7b" '
            f'stroke-width="0.5"/>'
            f'<text x="{x + size / 2}" y="{y + 24}" text-anchor="middle" font-size="13" font-weight="700" '
            f'fill="{text}">{escape(tile.short)}</text>'
            f'<text x="{x + size / 2}" y="{y + 42}" text-anchor="middle" font-size="11" fill="{text}">'
            f"{escape(tile.display if tile.in_scope else '')}</text>"
        )
        if tile.href:
            parts.append(
                f'<a href="{escape(tile.href)}" aria-label="{escape(label)}"><title>{escape(label)}</title>{body}</a>'
            )
        else:
            parts.append(f'<g role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>{body}</g>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(points: list[tuple[str, float | None, str]], *, title: str, description: str, uid: str) -> SafeString:
    """Vertical bars, one per (label, value, shown value); empty values leave a gap marked "—"."""
    width, height, left, bottom, top = 640, 240, 8, 36, 24
    count = max(len(points), 1)
    slot = (width - left * 2) / count
    values = [v for _label, v, _shown in points if v is not None]
    peak = max(values) if values and max(values) > 0 else 1
    parts = [
        f'<svg class="bar-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{uid}-title {uid}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{uid}-title">{escape(title)}</title><desc id="{uid}-desc">{escape(description)}</desc>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="#5a6b7b"/>',
    ]
    usable = height - bottom - top
    for i, (label, value, shown) in enumerate(points):
        x = left + i * slot
        bar_height = 0 if value is None else max(usable * value / peak, 1 if value > 0 else 0)
        y = height - bottom - bar_height
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{bar_height:.1f}" '
            f'fill="#2f74b5"/>'
            f'<text x="{x + slot / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="11" fill="#1a1a1a">'
            f"{escape(shown)}</text>"
            f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" '
            f'fill="#1a1a1a">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
