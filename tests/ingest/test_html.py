"""extract_html: main text with blank-line paragraphs, page metadata merged under the container's."""

from __future__ import annotations

import pytest

from faultline.ingest.html import extract_html
from faultline.records import RawDoc, Rejection

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Belarus and the Russian Troops | Example Times</title>
<meta property="og:title" content="Belarus and the Russian Troops">
<meta name="description" content="Why Minsk wants neither war nor reconciliation.">
<meta name="author" content="Jane Roe; John Doe">
<meta property="article:published_time" content="2022-02-14T09:30:00Z">
<meta property="og:site_name" content="Example Times">
<link rel="canonical" href="https://example.com/2022/02/belarus-troops">
<style>.lead { color: red; } body { font-family: STYLE-IN-HEAD; }</style>
<script>var tracking = "SCRIPT-IN-HEAD"; window.dataLayer = [];</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
<article>
<h1>Belarus and the Russian Troops</h1>
<p>Russian forces arrived in Belarus in January for joint exercises that NATO says involve some 30,000 troops, while Russian experts speak of about 10,000.</p>
<script>document.write("SCRIPT-IN-BODY");</script>
<p>For Minsk, both a war and a reconciliation between Russia and the West would be bad outcomes; a protracted confrontation in the gray zone is the best one it can hope for.</p>
<style>.inline { font-family: STYLE-IN-BODY; }</style>
<noscript>NOSCRIPT-IN-BODY</noscript>
<p>If a war did break out, it is highly unlikely that the Belarusian army would take part, except in the extreme case of Ukrainian counterstrikes on Belarusian territory.</p>
</article>
<footer><p>Copyright 2022 Example Times. All rights reserved.</p></footer>
</body>
</html>
"""

BODY = (
    "Russian forces arrived in Belarus in January for joint exercises that NATO says involve some 30,000 "
    "troops, while Russian experts speak of about 10,000.\n\n"
    "For Minsk, both a war and a reconciliation between Russia and the West would be bad outcomes; a "
    "protracted confrontation in the gray zone is the best one it can hope for.\n\n"
    "If a war did break out, it is highly unlikely that the Belarusian army would take part, except in "
    "the extreme case of Ukrainian counterstrikes on Belarusian territory."
)

PAGE_META = {
    "title": "Belarus and the Russian Troops",
    "subtitle": "Why Minsk wants neither war nor reconciliation.",
    "authors": ["Jane Roe", "John Doe"],
    "published": "2022-02-14",
    "outlet": "Example Times",
    "url": "https://example.com/2022/02/belarus-troops",
}


def test_main_text_and_metadata() -> None:
    assert extract_html(RawDoc("page.html", PAGE, "html")) == RawDoc("page.html", BODY, "text", PAGE_META)


def test_script_style_and_boilerplate_never_appear() -> None:
    result = extract_html(RawDoc("page.html", PAGE, "html"))
    assert isinstance(result, RawDoc)
    for marker in ("SCRIPT-IN", "STYLE-IN", "NOSCRIPT", "dataLayer", "Copyright", "Opinion"):
        assert marker not in result.content


def test_container_meta_wins() -> None:
    container = {
        "url": "https://example.com/?id=7",
        "title": "Headline from the feed",
        "fetched": "2022-03-01T12:00:00Z",
    }
    result = extract_html(RawDoc("crawl.warc.gz:4096", PAGE, "html", container))
    assert isinstance(result, RawDoc)
    assert result.meta == {**PAGE_META, **container}


def test_headline_repeating_the_title_is_dropped_from_the_body() -> None:
    page = PAGE.replace("Belarus and the Russian Troops</h1>", "Another headline</h1>")
    result = extract_html(RawDoc("page.html", page, "html"))
    assert isinstance(result, RawDoc)
    assert result.content == "Another headline\n\n" + BODY


def test_fragment_from_a_json_record() -> None:
    result = extract_html(RawDoc("a.jsonl:3", "<p>Minsk waits.</p><div>Kyiv prepares.</div>", "html", {"title": "T"}))
    assert result == RawDoc("a.jsonl:3", "Minsk waits.\n\nKyiv prepares.", "text", {"title": "T"})


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><script>var x = 1;</script></head><body></body></html>",
        "<html><body><style>p { color: red; }</style><script>document.write('x')</script></body></html>",
        "<html>" + "<div>" * 50_000 + "deep",
        "",
    ],
)
def test_no_main_text_is_rejected(html: str) -> None:
    assert extract_html(RawDoc("x.html", html, "html")) == Rejection(
        "x.html",
        "no-text",
        "no main text found in the HTML (an index, login or script-only page?); pass the article page itself",
    )


def test_text_docs_pass_through() -> None:
    doc = RawDoc("a.txt", "<p>not parsed</p>", "text", {"title": "T"})
    assert extract_html(doc) is doc


@pytest.mark.parametrize(
    "html", ["<<<>>>", "<p>a\x00b</p>", "<?xml version='1.0'?><html><p>x</p></html>", "\ufeff<html><p>"]
)
def test_garbage_never_crashes(html: str) -> None:
    assert isinstance(extract_html(RawDoc("x.html", html, "html")), (RawDoc, Rejection))
