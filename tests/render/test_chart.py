"""The trajectory SVG: well-formed, one marker per step, ICD 203 gridlines, escaped text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from faultline.render import trajectory_svg
from faultline.render.chart import MAX_DATE_LABELS, tooltip

STEPS = [
    {"as_of": "2026-11-01", "probability": 0.4, "low": 0.3, "high": 0.5, "words": "unlikely", "confidence": "low", "moved_by": []},
    {"as_of": "2026-11-05", "probability": 0.55, "low": 0.45, "high": 0.65, "words": "roughly even chance", "confidence": "low", "moved_by": ["e1"]},
    {"as_of": "2026-11-20", "probability": 0.62, "low": 0.5, "high": 0.75, "words": "likely", "confidence": "moderate", "moved_by": ["e2"]},
]


def by_class(svg: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in svg.iter(tag) if e.get("class") == cls]


def test_three_steps_three_markers_with_tooltips() -> None:
    svg = ET.fromstring(trajectory_svg(STEPS))
    markers = by_class(svg, "circle", "step")
    assert len(markers) == 3
    assert [m.find("title").text for m in markers] == [
        "2026-11-01: 40% (30-50%), unlikely, low confidence",
        "2026-11-05: 55% (45-65%), roughly even chance, low confidence",
        "2026-11-20: 62% (50-75%), likely, moderate confidence",
    ]
    assert len(by_class(svg, "polyline", "probability")) == 1
    assert len(by_class(svg, "polygon", "interval")[0].get("points").split()) == 6


def test_gridlines_sit_on_the_icd203_boundaries() -> None:
    svg = ET.fromstring(trajectory_svg(STEPS, width=640, height=260))
    labels = [t.text for t in svg.iter("text") if t.text and t.text.endswith("%")]
    assert labels == ["5%", "20%", "45%", "55%", "80%", "95%"]
    ys = [float(g.get("y1")) for g in by_class(svg, "line", "grid")]
    assert ys == sorted(ys, reverse=True) and len(ys) == 6
    assert "roughly even chance" in [t.text for t in by_class(svg, "text", "band")]


def test_markers_are_placed_by_date_and_probability() -> None:
    svg = ET.fromstring(trajectory_svg(STEPS, width=640, height=260))
    xs = [float(m.get("cx")) for m in by_class(svg, "circle", "step")]
    ys = [float(m.get("cy")) for m in by_class(svg, "circle", "step")]
    # 4 of 19 days after the first step: x is proportional to time, not to the step index
    assert round((xs[1] - xs[0]) / (xs[2] - xs[0]), 3) == round(4 / 19, 3)
    assert ys[0] > ys[1] > ys[2]  # a higher probability is drawn higher up
    assert [d.text for d in by_class(svg, "text", "date")] == ["2026-11-01", "2026-11-05", "2026-11-20"]


def test_empty_and_single_step() -> None:
    empty = ET.fromstring(trajectory_svg([]))
    assert by_class(empty, "circle", "step") == []
    assert "No trajectory steps" in [t.text for t in empty.iter("text")]
    single = ET.fromstring(trajectory_svg(STEPS[:1]))
    assert len(by_class(single, "circle", "step")) == 1
    assert len(by_class(single, "rect", "interval")) == 1
    assert by_class(single, "polyline", "probability") == []


def test_text_is_escaped() -> None:
    hostile = [dict(STEPS[0], as_of="<script>alert(1)</script>", words='"very" & \'likely\'')]
    text = trajectory_svg(hostile)
    assert "<script" not in text
    svg = ET.fromstring(text)
    assert by_class(svg, "circle", "step")[0].find("title").text == "<script>alert(1)</script>: 40% (30-50%), \"very\" & 'likely', low confidence"
    assert "http" not in text and "href" not in text


def test_undated_or_malformed_steps_fall_back_to_step_order() -> None:
    steps = [dict(STEPS[0], as_of=None), dict(STEPS[1], as_of="2026-02-30"), STEPS[2]]
    svg = ET.fromstring(trajectory_svg(steps))
    xs = [float(m.get("cx")) for m in by_class(svg, "circle", "step")]
    assert xs == sorted(xs) and round(xs[1] - xs[0], 1) == round(xs[2] - xs[1], 1)
    assert tooltip(steps[0]).startswith("undated: 40%")


def test_out_of_range_numbers_are_pinned_not_fatal() -> None:
    svg = ET.fromstring(trajectory_svg([dict(STEPS[0], probability=1.7, low=-0.2, high=None)]))
    assert by_class(svg, "circle", "step")[0].find("title").text == "2026-11-01: 100% (0%), unlikely, low confidence"


def test_date_labels_are_thinned() -> None:
    steps = [dict(STEPS[0], as_of=f"2026-10-{day:02d}") for day in range(1, 31)]
    text = trajectory_svg(steps)
    dates = re.findall(r'class="date"[^>]*>([^<]+)<', text)
    assert len(by_class(ET.fromstring(text), "circle", "step")) == 30
    assert dates[0] == "2026-10-01" and dates[-1] == "2026-10-30"
    assert len(dates) <= MAX_DATE_LABELS + 1
