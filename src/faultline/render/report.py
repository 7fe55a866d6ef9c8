"""A report dict -> HTML (self-contained, offline), Markdown, or JSON, and the file that holds it.

The dict is the contract with the assessment stage (plain JSON types only). Templates are package
data in ``data/render/``. Every string in the dict is untrusted: HTML is autoescaped and nothing from
the dict is marked safe (only the chart, built and escaped by :mod:`faultline.render.chart`);
Markdown goes through :func:`faultline.render.escape.md_escape` on every expression, so an article's
``<script>`` or ``javascript:`` URL is text in both.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from faultline.assess.words import percent_range
from faultline.errors import InputError
from faultline.render.chart import trajectory_svg
from faultline.render.escape import md_code, md_escape, md_id, md_ours
from faultline.render.view import report_view
from faultline.resources import data_dir

FORMATS = ("html", "md", "json")
TEMPLATE_DIR = "render"
TEMPLATES = {"html": "report.html.j2", "md": "report.md.j2"}
# File suffixes and spelled-out names that mean each format.
_ALIASES = {"html": "html", "htm": "html", "md": "md", "markdown": "md", "json": "json"}
MISSING = "—"


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` when given (it wins over the suffix), else from ``path``'s suffix."""
    if fmt:
        return _named(fmt)
    known = _ALIASES.get(Path(path).suffix.lower().lstrip("."))
    if known is None:
        raise InputError(
            f"cannot tell the report format from the file name {Path(path).name!r}",
            f"end it in .html, .md or .json, or give the format ({', '.join(FORMATS)})",
        )
    return known


def _named(fmt: str) -> str:
    known = _ALIASES.get(fmt.strip().lower().lstrip("."))
    if known is None:
        raise InputError(f"unknown report format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    return known


def render(report: dict, fmt: str) -> str:
    """The report as text in ``fmt`` (html, md or json; "markdown" and "htm" are accepted too)."""
    fmt = _named(fmt)
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    return _environment(fmt).get_template(TEMPLATES[fmt]).render(report_view(report))


def write_report(report: dict, path: Path, fmt: str | None = None) -> Path:
    """Render ``report`` and write it to ``path`` atomically: a reader never sees half a report.

    The text goes to a temporary file in the same directory, which then replaces ``path`` (a rename
    within one file system). Missing parent directories are created. The file gets the mode a plain
    write would give it (the old file's, or the umask's), not the 0600 of a temporary file.
    """
    path = Path(path)
    text = render(report, format_for(path, fmt))
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(path)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path


def _file_mode(path: Path) -> int:
    """The permission bits of ``path`` if it exists, else what ``open(path, "w")`` would create."""
    if path.exists():
        return stat.S_IMODE(path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# Formatting shared by the templates: None (a value the contract allows to be null) shows as a dash.


def _pct(p: float | None) -> str:
    """0.62 -> "62%"."""
    return MISSING if p is None else f"{round(float(p) * 100)}%"


def _prange(low: float | None, high: float | None = None) -> str:
    """[0.5, 0.75] or (0.5, 0.75) -> "50-75%"."""
    if high is None and isinstance(low, (list, tuple)):
        low, high = (list(low) + [None, None])[:2]
    return MISSING if low is None or high is None else percent_range(float(low), float(high))


def _num(value: float | None, digits: int = 2) -> str:
    return MISSING if value is None else f"{float(value):.{digits}f}"


def _chart(points: list[dict]) -> Markup:
    """The trajectory SVG, the only markup the HTML template takes unescaped: chart.py escapes its text."""
    return Markup(trajectory_svg(points))


def _html_finalize(value: object) -> object:
    return MISSING if value is None else value


@cache
def _environment(fmt: str) -> jinja2.Environment:
    """One Jinja environment per format: autoescaped HTML, or Markdown escaped on every expression."""
    common = {
        "loader": jinja2.FileSystemLoader(str(data_dir() / TEMPLATE_DIR)),
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if fmt == "html":
        env = jinja2.Environment(autoescape=True, finalize=_html_finalize, **common)
        env.globals["chart"] = _chart
    else:
        env = jinja2.Environment(autoescape=False, finalize=md_escape, **common)
        env.filters["code"] = md_code
        env.filters["id"] = md_id
        env.filters["ours"] = md_ours
    env.filters.update(pct=_pct, prange=_prange, num=_num)
    return env
