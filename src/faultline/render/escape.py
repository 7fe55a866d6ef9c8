"""Making untrusted text inert in Markdown, and internal anchors out of record ids.

Every string in a report comes from scraped articles or from ids built on them, so none may turn into
markup. HTML escaping is Jinja's autoescape; Markdown has no such thing, so this module escapes
every character a Markdown (or GitHub-flavoured Markdown) renderer would act on, and writes ``<``,
``>`` and ``&`` as entities, so an article's ``<script>`` shows as text in any Markdown viewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Inline-active everywhere: emphasis, code, links and images, tables, strikethrough, math, HTML, entities.
_MD_ACTIVE = re.compile(r"([\\`*_{}\[\]()#|~!$])")
# What GFM would autolink in plain text ("https://...", "www.x"): escaping the ":" or "." defuses it,
# so a URL quoted in an article stays text, like the URLs shown in code spans.
_AUTOLINK = re.compile(r"(?i):(?=//)|(?<=\bwww)\.")
# Active only at the start of a line: bullets ("- x"), setext underlines and breaks ("---", "==="), and
# ordered lists ("1. x"); "-0.3" or "1.20" are left alone.
_MD_LINE_START = re.compile(r"^(\s*)([+\-](?=\s|$)|[-=]+(?=\s*$)|\d{1,9}(?=[.)](?:\s|$)))")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SPACE = re.compile(r"\s+")
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]+$")


class MarkdownRaw(str):
    """Markdown this package wrote itself (an anchor id, a code span): the Markdown template emits it as is."""


def md_escape(value: object) -> str:
    """One line of Markdown that shows ``value`` literally: whitespace runs (newlines too) become one space.

    Not stripped: the text between two highlighted spans keeps its spaces. ``None`` is a dash.
    """
    if isinstance(value, MarkdownRaw):
        return str(value)
    text = _SPACE.sub(" ", "—" if value is None else str(value))
    text = "".join(_ENTITIES.get(c, c) for c in text)
    text = _AUTOLINK.sub(lambda m: "\\" + m.group(0), _MD_ACTIVE.sub(r"\\\1", text))
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    """"- x" -> "\\- x", "1. x" -> "1\\. x": the backslash goes on punctuation, where CommonMark honours it."""
    lead, marker = match.group(1), match.group(2)
    return f"{lead}\\{marker}" if not marker.isdigit() else f"{lead}{marker}\\"


def md_code(value: object) -> MarkdownRaw:
    """A code span holding ``value`` verbatim: URLs go here, so no renderer makes them links.

    The fence is one backtick longer than the longest run inside, and padded when the text touches a
    backtick, as CommonMark requires; a code span renders neither Markdown nor HTML.
    """
    text = _SPACE.sub(" ", "" if value is None else str(value)).strip()
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return MarkdownRaw(f"{fence}{pad}{text}{pad}{fence}")


def md_ours(text: str) -> MarkdownRaw:
    """The output of the Markdown template's own macros, whose every expression was already escaped."""
    return MarkdownRaw(text)


def md_id(anchor: str) -> MarkdownRaw:
    """An anchor id for the Markdown template; only ids made by :func:`anchor_ids` are accepted."""
    if not _SAFE_ID.match(anchor):
        raise ValueError(f"{anchor!r} is not a sanitised anchor id")
    return MarkdownRaw(anchor)


def anchor_ids(ids: Iterable[str], prefix: str) -> dict[str, str]:
    """Record id -> HTML id ``{prefix}{sanitised}``: characters outside [A-Za-z0-9_-] become "-".

    Two ids that sanitise alike ("a:1", "a.1") get "-2", "-3" ... so every link has exactly one target.
    """
    result: dict[str, str] = {}
    taken: set[str] = set()
    for record_id in ids:
        if record_id in result:
            continue
        base = prefix + _ID_UNSAFE.sub("-", str(record_id))
        anchor, k = base, 1
        while anchor in taken:
            k += 1
            anchor = f"{base}-{k}"
        taken.add(anchor)
        result[record_id] = anchor
    return result


def marked_segments(text: str, marks: Iterable[Iterable[int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, highlighted) runs by the ``[start, end]`` offsets in ``marks``.

    Offsets are clamped to the text; empty spans are dropped; overlapping or touching spans merge, so
    no <mark> nests in another.
    """
    spans = []
    for mark in marks:
        start, end = (max(0, min(len(text), int(v))) for v in list(mark)[:2])
        if start < end:
            spans.append((start, end))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments: list[tuple[str, bool]] = []
    at = 0
    for start, end in merged:
        if start > at:
            segments.append((text[at:start], False))
        segments.append((text[start:end], True))
        at = end
    if at < len(text) or not segments:
        segments.append((text[at:], False))
    return segments


__all__ = ["MarkdownRaw", "anchor_ids", "marked_segments", "md_code", "md_escape", "md_id", "md_ours"]
