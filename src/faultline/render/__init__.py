"""Render: a report dict -> self-contained offline HTML, Markdown, or JSON.

The dict comes from the assessment stage; see :mod:`faultline.render.report` for the entry points.
"""

from faultline.render.chart import trajectory_svg
from faultline.render.report import FORMATS, format_for, render, write_report

__all__ = ["FORMATS", "format_for", "render", "trajectory_svg", "write_report"]
