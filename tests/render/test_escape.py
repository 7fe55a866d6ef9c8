"""Markdown escaping, code spans, anchor ids and marked spans."""

from __future__ import annotations

import pytest

from faultline.render.escape import (
    MarkdownRaw,
    anchor_ids,
    marked_segments,
    md_code,
    md_escape,
    md_id,
)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
        ("AT&T &amp; co", "AT&amp;T &amp;amp; co"),
        ("*bold* _it_ `code` [x](y) ![i](j) a|b ~s~ $m$ #h {}", "\\*bold\\* \\_it\\_ \\`code\\` \\[x\\]\\(y\\) \\!\\[i\\]\\(j\\) a\\|b \\~s\\~ \\$m\\$ \\#h \\{\\}"),
        ("see https://example.org or www.example.org", "see https\\://example.org or www\\.example.org"),
        ("line\none\n\n  two", "line one two"),
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("---", "\\---"),
        ("1.20 and -0.3 and 13:00", "1.20 and -0.3 and 13:00"),
        ("back\\slash", "back\\\\slash"),
        (None, "—"),
        (0.5, "0.5"),
    ],
)
def test_md_escape(text: object, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_md_escape_passes_markdown_this_package_wrote() -> None:
    assert md_escape(MarkdownRaw("[a](#b)")) == "[a](#b)"


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("javascript:alert(1)", "`javascript:alert(1)`"),
        ("a`b", "``a`b``"),
        ("`x``", "``` `x`` ```"),
        ("<b>\nx</b>", "`<b> x</b>`"),
    ],
)
def test_md_code(text: str, span: str) -> None:
    assert md_code(text) == span


def test_md_id_refuses_what_was_not_sanitised() -> None:
    assert md_id("s-art-1_2") == "s-art-1_2"
    with pytest.raises(ValueError):
        md_id('x"><script>')


def test_anchor_ids_sanitise_and_never_collide() -> None:
    assert anchor_ids(["a:1", "a.1", "a-1", "a:1", "<x y>"], "s-") == {"a:1": "s-a-1", "a.1": "s-a-1-2", "a-1": "s-a-1-3", "<x y>": "s--x-y-"}


@pytest.mark.parametrize(
    ("marks", "segments"),
    [
        ([], [("abcdef", False)]),
        ([[1, 3]], [("a", False), ("bc", True), ("def", False)]),
        ([[0, 6]], [("abcdef", True)]),
        ([[3, 5], [1, 4]], [("a", False), ("bcde", True), ("f", False)]),  # overlapping spans merge
        ([[1, 2], [2, 3]], [("a", False), ("bc", True), ("def", False)]),  # touching spans merge
        ([[4, 2], [-5, 1], [5, 99]], [("a", True), ("bcde", False), ("f", True)]),  # empty dropped, ends clamped
    ],
)
def test_marked_segments(marks: list[list[int]], segments: list[tuple[str, bool]]) -> None:
    assert marked_segments("abcdef", marks) == segments
    assert "".join(text for text, _ in segments) == "abcdef"


def test_marked_segments_of_empty_text() -> None:
    assert marked_segments("", [[0, 3]]) == [("", False)]
