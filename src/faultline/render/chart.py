"""The risk trajectory chart: an inline SVG line of probability over as-of dates.

Pure string building, no plotting library and no script: the HTML report must open offline and
print. Every piece of text from the data is escaped here, which is why the report template may embed
the result unescaped. The SVG carries no ``xmlns``: inline in HTML5 it needs none, and the report
holds no URL of any kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from faultline.assess.words import bands, percent_range

WIDTH = 640
HEIGHT = 260
# Room for the percent labels on the left, band names on the right, date labels below.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 120, 12, 30
# Date labels are thinned to at most this many so they do not overprint.
MAX_DATE_LABELS = 6
MIN_LABEL_GAP = 64
# A band name is written only where the band is at least this tall (px), so none overprints its neighbour.
MIN_BAND_LABEL_HEIGHT = 10
# Markers stay this far inside the plot frame, so the first and last are not cut in half.
INSET = 12
SINGLE_BAR_WIDTH = 10
FONT = 'font-family="sans-serif" font-size="10"'
LINE, BAND, GRID, INK = "#1f4e79", "#9ec3e6", "#b0b0b0", "#333333"


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}"


def _clamp(p: object) -> float:
    """A probability for drawing: numbers outside 0-1 (or not numbers) are pinned, not fatal."""
    return min(1.0, max(0.0, float(p))) if isinstance(p, (int, float)) else 0.0


def _parse_date(text: str) -> date | None:
    """An ISO date, or None: a malformed as_of must not stop the report from rendering."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _days(points: Sequence[dict]) -> list[float]:
    """X positions in days since the earliest step, or the step index when any date will not parse."""
    parsed = [_parse_date(str(point.get("as_of") or "")) for point in points]
    known = [d for d in parsed if d is not None]
    if len(known) < len(parsed):
        return [float(k) for k in range(len(points))]
    first = min(known)
    return [float((d - first).days) for d in known]


def _label_indices(xs: list[float]) -> list[int]:
    """Which steps get a date label: evenly thinned, the last always, none closer than MIN_LABEL_GAP."""
    n = len(xs)
    step = max(1, -(-n // MAX_DATE_LABELS))
    chosen = list(range(0, n, step))
    if chosen[-1] != n - 1:
        chosen.append(n - 1)
    kept = [chosen[0]]
    for k in chosen[1:]:
        if xs[k] - xs[kept[-1]] < MIN_LABEL_GAP:
            if k == n - 1:
                kept[-1] = k
            continue
        kept.append(k)
    return kept


def tooltip(point: dict) -> str:
    """"2026-11-01: 62% (50-75%), likely, moderate confidence": what a marker says on hover."""
    p = _clamp(point.get("probability"))
    text = f"{point.get('as_of') or 'undated'}: {round(p * 100)}% ({percent_range(_clamp(point.get('low')), _clamp(point.get('high')))})"
    if point.get("words"):
        text += f", {point['words']}"
    if point.get("confidence"):
        text += f", {point['confidence']} confidence"
    return text


def trajectory_svg(points: list[dict], width: int = WIDTH, height: int = HEIGHT) -> str:
    """An SVG line chart of ``probability`` over ``as_of``, the ``low``-``high`` interval as a band.

    Gridlines sit on the ICD 203 band boundaries (5, 20, 45, 55, 80, 95%) with the band names beside
    them, so the reader sees which word each step earned. One marker per step, with a <title> tooltip.
    An empty list draws the frame and says so; a single step draws its interval as a bar.
    """
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM
    plot_w, plot_h = max(1, right - left), max(1, bottom - top)

    def y(p: float) -> float:
        return bottom - _clamp(p) * plot_h

    label = "Risk trajectory: no steps" if not points else f"Risk trajectory: {len(points)} steps, {tooltip(points[0])} to {tooltip(points[-1])}"
    parts = [
        f'<svg class="trajectory" role="img" aria-label="{_text(label)}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" {FONT}>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="{GRID}"/>',
    ]
    table = bands()
    for band in table[:-1]:
        gy = _num(y(band.high))
        parts.append(f'<line class="grid" x1="{left}" y1="{gy}" x2="{right}" y2="{gy}" stroke="{GRID}" stroke-dasharray="3 3"/>')
        parts.append(f'<text x="{left - 4}" y="{gy}" text-anchor="end" dominant-baseline="middle" fill="{INK}">{round(band.high * 100)}%</text>')
    for k, band in enumerate(table):
        low = 0.0 if k == 0 else band.low
        high = 1.0 if k == len(table) - 1 else band.high
        if (high - low) * plot_h >= MIN_BAND_LABEL_HEIGHT:
            parts.append(f'<text class="band" x="{right + 4}" y="{_num(y((low + high) / 2))}" dominant-baseline="middle" fill="{INK}">{_text(band.term)}</text>')

    if not points:
        parts.append(f'<text x="{_num(left + plot_w / 2)}" y="{_num(top + plot_h / 2)}" text-anchor="middle" fill="{INK}">No trajectory steps</text>')
        parts.append("</svg>")
        return "".join(parts)

    days = _days(points)
    lo_day = min(days)
    span = max(days) - lo_day

    inner = max(1, plot_w - 2 * INSET)

    def x(d: float) -> float:
        return left + plot_w / 2 if span == 0 else left + INSET + (d - lo_day) / span * inner

    xs = [x(d) for d in days]
    if len(points) == 1:
        p = points[0]
        top_y, bottom_y = y(p.get("high")), y(p.get("low"))
        parts.append(
            f'<rect class="interval" x="{_num(xs[0] - SINGLE_BAR_WIDTH / 2)}" y="{_num(top_y)}" width="{SINGLE_BAR_WIDTH}" '
            f'height="{_num(max(0.0, bottom_y - top_y))}" fill="{BAND}" fill-opacity="0.6"/>'
        )
    else:
        upper = [f"{_num(px)},{_num(y(p.get('high')))}" for px, p in zip(xs, points)]
        lower = [f"{_num(px)},{_num(y(p.get('low')))}" for px, p in zip(xs, points)]
        parts.append(f'<polygon class="interval" points="{" ".join(upper + lower[::-1])}" fill="{BAND}" fill-opacity="0.6"/>')
        line = " ".join(f"{_num(px)},{_num(y(p.get('probability')))}" for px, p in zip(xs, points))
        parts.append(f'<polyline class="probability" points="{line}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for px, p in zip(xs, points):
        parts.append(
            f'<circle class="step" cx="{_num(px)}" cy="{_num(y(p.get("probability")))}" r="4" fill="{LINE}" stroke="#ffffff">'
            f"<title>{_text(tooltip(p))}</title></circle>"
        )
    for k in _label_indices(xs):
        parts.append(
            f'<text class="date" x="{_num(xs[k])}" y="{bottom + 16}" text-anchor="middle" fill="{INK}">{_text(points[k].get("as_of") or "undated")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
