"""HTML page to main text and metadata, with trafilatura.

A news page is one article wrapped in navigation, teasers, comments and scripts. trafilatura keeps
the article (it leads the ScrapingHub article-extraction benchmark among open-source extractors) and
reads the page's metadata (title, byline, date, site name, canonical URL). We turn its output into a
text `RawDoc` whose paragraphs are separated by a blank line, the layout clean expects.
"""

from __future__ import annotations

from typing import Any

from faultline.records import RawDoc, Rejection

# Options of trafilatura's extraction, chosen on the AEB benchmark (`faultline eval extraction`).
# Comments are reader opinion, not the article; tables carry figures that articles cite.
INCLUDE_COMMENTS = False
INCLUDE_TABLES = True

# htmldate's extensive search guesses a date from any date-like string in the page (copyright
# lines, "related" teasers); an article's date must come from its markup or URL, never be guessed.
DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}


def extract_html(doc: RawDoc) -> RawDoc | Rejection:
    """The main text of an HTML `RawDoc` as a text `RawDoc`, or a ``no-text`` Rejection.

    Metadata is merged: what the container gave (a JSON record's fields, the WARC target URI) is
    kept, because it was stated outright; the page's own metadata only fills the gaps. Text docs
    pass through unchanged, so the function can be mapped over every document.
    """
    if doc.kind != "html":
        return doc
    from trafilatura import bare_extraction  # heavy import: only where HTML is read

    # lxml gives up on some pathological markup (very deep nesting) with these errors;
    # trafilatura itself catches its own and returns None.
    try:
        result = bare_extraction(
            _as_document(doc.content),
            url=doc.meta.get("url") or None,
            with_metadata=True,
            include_comments=INCLUDE_COMMENTS,
            include_tables=INCLUDE_TABLES,
            date_extraction_params=DATE_PARAMS,
        )
    except (ValueError, TypeError, RecursionError) as err:
        return Rejection(
            doc.source_path, "no-text", f"the HTML could not be parsed ({type(err).__name__}); check it is a web page"
        )
    if result is None:
        return _no_text(doc)
    meta = _merge_meta(doc.meta, _page_meta(result))
    paragraphs = _drop_title(_paragraphs(result.text or ""), meta.get("title", ""))
    if not paragraphs:
        return _no_text(doc)
    return RawDoc(source_path=doc.source_path, content="\n\n".join(paragraphs), kind="text", meta=meta)


def _no_text(doc: RawDoc) -> Rejection:
    return Rejection(
        doc.source_path,
        "no-text",
        "no main text found in the HTML (an index, login or script-only page?); pass the article page itself",
    )


def _as_document(content: str) -> str:
    """A fragment (``<p>..</p>`` from a JSON record) wrapped as a page.

    trafilatura refuses input whose first 50 characters do not mention ``html`` when it parses
    to a single element (`load_html`'s dubious-HTML check), so a one-paragraph fragment would
    come back empty.
    """
    if "<html" in content[:1000].lower():
        return content
    return f"<html><body>{content}</body></html>"


def _paragraphs(text: str) -> list[str]:
    """trafilatura writes one block (paragraph, heading, list item, line break) per line."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _drop_title(paragraphs: list[str], title: str) -> list[str]:
    """Without the leading headline when it repeats the title (kept in meta, so nothing is lost).

    trafilatura keeps the page's ``<h1>`` as the first block; dropping it raised AEB precision
    from 0.942 to 0.947 at equal recall.
    """
    if paragraphs and title and " ".join(paragraphs[0].split()).lower() == " ".join(title.split()).lower():
        return paragraphs[1:]
    return paragraphs


def _page_meta(result: Any) -> dict[str, Any]:
    """The page's metadata under our meta keys; empty values left out."""
    authors = [name.strip() for name in (result.author or "").split(";") if name.strip()]
    found: dict[str, Any] = {
        "title": result.title or "",
        "subtitle": result.description or "",
        "authors": authors,
        "published": result.date or "",
        "outlet": result.sitename or "",
        "url": result.url or "",
    }
    return {key: value for key, value in found.items() if value}


def _merge_meta(container: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    merged = dict(page)
    merged.update({key: value for key, value in container.items() if value not in ("", None, [])})
    return merged
