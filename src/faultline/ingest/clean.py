"""RawDoc -> Article: scrape repair at the paragraph level, metadata, and an audit of what left.

The cleaner runs a fixed list of small rules over a `Draft` (the paragraphs and one verdict for
each). A rule either leaves a paragraph in the body or gives it a reason to leave; nothing is
deleted without that reason ending up in `Article.removed`. Phrases and patterns are data files
under ``data/clean/``; this module holds only the logic of where in a document they apply.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from faultline.ingest import metadata as md
from faultline.ingest.text import Paragraph, paragraphs, repair_spacing
from faultline.records import Article, Author, RawDoc, Rejection, Removed, article_keys
from faultline.records import normalise_for_hash
from faultline.resources import load_patterns, load_rows

# Paragraph sizes, in characters. Captions, deks and teasers are short; seed captions are
# 40-190 characters, deks 75-80, the shortest lede paragraph in the seeds ~250.
SHORT = 300
CAPTION_MAX = 250
TITLE_MAX = 200
# A trailing teaser list ("More from Foreign Policy") only starts in the second half of a document.
TAIL_START_SHARE = 0.5
# An inline headline teaser has at least this many words (shorter ones are section headings).
TEASER_MIN_WORDS = 6
# Author bios are looked for among this many last body paragraphs.
BIO_WINDOW = 2
# A not-an-article marker ("No posts could be found ...") is a paragraph of at most this length.
NOT_ARTICLE_LINE_MAX = 120
HEADLINE_REASON = "inline headline (related-story teaser or section heading)"

_URL_LINE = re.compile(r"^(?:(?P<label>original url|source|url|link)\s*:\s*)?(?P<url>https?://\S+)$", re.I)
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[A-Z\"“‘])")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(slots=True)
class Draft:
    """The working state of one document while the rules run."""

    paras: list[Paragraph]
    reasons: list[str | None]
    meta: dict[str, object] = field(default_factory=dict)
    authors: list[Author] = field(default_factory=list)
    byline_affiliation: str = ""
    urls: list[str] = field(default_factory=list)
    canonical_url: str = ""
    text_title: str = ""
    text_subtitle: str = ""
    text_outlet: str = ""
    syndicated_from: str = ""
    dateline_date: str = ""
    dateline_agency: str = ""

    def kept(self) -> list[int]:
        return [i for i, reason in enumerate(self.reasons) if reason is None]

    def drop(self, index: int, reason: str) -> None:
        if self.reasons[index] is None:
            self.reasons[index] = reason


# --- pattern tables -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PatternTable:
    """A data file of regex<TAB>reason compiled for whole-paragraph or search matching."""

    rules: tuple[tuple[re.Pattern[str], str], ...]

    def fullmatch(self, text: str) -> tuple[re.Match[str], str] | None:
        for pattern, reason in self.rules:
            match = pattern.fullmatch(text)
            if match:
                return match, reason
        return None

    def match(self, text: str) -> tuple[re.Match[str], str] | None:
        for pattern, reason in self.rules:
            match = pattern.match(text)
            if match:
                return match, reason
        return None

    def search(self, text: str) -> tuple[re.Match[str], str] | None:
        for pattern, reason in self.rules:
            match = pattern.search(text)
            if match:
                return match, reason
        return None


@lru_cache(maxsize=None)
def table(name: str) -> PatternTable:
    return PatternTable(load_patterns(f"clean/{name}"))


@lru_cache(maxsize=1)
def _datelines() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(row[0]), row[1]) for row in load_rows("clean/datelines.tsv"))


# --- helpers ------------------------------------------------------------------------------------


def _sentences(text: str) -> int:
    return len(_SENTENCE_SPLIT.split(text.strip()))


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _looks_like_title(text: str) -> bool:
    words = _words(text)
    return (
        len(text) <= TITLE_MAX
        and 2 <= len(words) <= 30
        and not _TERMINAL.search(text)
        and not text.rstrip().endswith(",")
        and text[:1].isupper()
    )


def _looks_like_dek(text: str) -> bool:
    return len(text) <= SHORT and _sentences(text) <= 2 and bool(_TERMINAL.search(text))


def _is_upper_teaser(text: str) -> bool:
    """A paragraph whose letters are more than 90% upper case: a headline teaser.

    This runs on every paragraph of every article. Its lower-case ASCII letters, counted at C speed
    in the bytes, settle nearly all of them: past a tenth of the text they alone leave the upper-case
    letters 90% of the letters or fewer (issue 3). Upper-case characters that are not letters
    (Roman numerals, circled capitals) are not counted."""
    data = text.encode("utf-8", "surrogatepass")
    if 10 * (len(data) - len(data.translate(None, _ASCII_LOWER))) >= len(text):
        return False
    letters = sum(map(str.isalpha, text))
    if letters < 15:
        return False
    return sum(map(str.isupper, filter(str.isalpha, text))) / letters > 0.9 and len(_words(text)) >= 4


_ASCII_LOWER = string.ascii_lowercase.encode("ascii")


# --- rules --------------------------------------------------------------------------------------


def mark_tail(draft: Draft) -> None:
    """A "More from <outlet>" heading late in the text starts a teaser list: it all leaves."""
    start = int(len(draft.paras) * TAIL_START_SHARE)
    for index in draft.kept():
        if index < start:
            continue
        hit = table("tail_markers.tsv").fullmatch(draft.paras[index].text)
        if hit is None:
            continue
        match, reason = hit
        if "outlet" in match.re.groupindex and match["outlet"]:
            draft.text_outlet = draft.text_outlet or md.canonical_outlet(match["outlet"])
        for later in range(index, len(draft.paras)):
            draft.drop(later, reason)
        return


def mark_patterns(draft: Draft) -> None:
    """Paragraph-by-paragraph patterns: boilerplate, inserts, syndication, disclaimers, URLs, credits."""
    label_pending = False
    for index in draft.kept():
        text = draft.paras[index].text
        url_line = _URL_LINE.match(text)
        if url_line:
            url = url_line["url"].rstrip(".,;)")
            draft.urls.append(url)
            if (url_line["label"] or label_pending) and not draft.canonical_url:
                draft.canonical_url = url
            label_pending = False
            draft.drop(index, "url (metadata)")
            continue
        hit = table("boilerplate.tsv").fullmatch(text)
        if hit:
            label_pending = hit[1] == "url label"
            draft.drop(index, hit[1])
            continue
        for name, apply in _NAMED_TABLES:
            hit = table(name).fullmatch(text)
            if hit:
                apply(draft, hit[0])
                draft.drop(index, hit[1])
                break
        else:
            _mark_single(draft, index, text)


def _mark_single(draft: Draft, index: int, text: str) -> None:
    if hit := table("inserts.tsv").match(text):
        draft.drop(index, hit[1])
    elif len(text) <= SHORT and (hit := table("captions.tsv").search(text)):
        draft.drop(index, hit[1])
    elif _is_upper_teaser(text) and not _TERMINAL.search(text):
        draft.drop(index, HEADLINE_REASON)
    else:
        for pattern, kind in _datelines():
            match = pattern.match(text)
            if match and kind == "standalone":
                draft.text_outlet = draft.text_outlet or md.canonical_outlet(match["agency"])
                draft.drop(index, "dateline (metadata)")
                return


def _take_syndication(draft: Draft, match: re.Match[str]) -> None:
    draft.syndicated_from = draft.syndicated_from or md.canonical_outlet(match["source"])


def _take_disclaimer_outlet(draft: Draft, match: re.Match[str]) -> None:
    if "outlet" in match.re.groupindex and match["outlet"]:
        draft.text_outlet = draft.text_outlet or md.canonical_outlet(match["outlet"])


_NAMED_TABLES: tuple[tuple[str, Callable[[Draft, re.Match[str]], None]], ...] = (
    ("syndication.tsv", _take_syndication),
    ("disclaimers.tsv", _take_disclaimer_outlet),
)


def mark_repeats(draft: Draft) -> None:
    """Repeated captions leave entirely; a repeated paragraph (the duplicated lead) leaves once."""
    kept = draft.kept()
    for this, following in zip(kept, kept[1:]):
        a, b = draft.paras[this].text, draft.paras[following].text
        # A caption is one sentence; a repeated paragraph of more is the duplicated lead.
        caption_like = len(a) <= CAPTION_MAX and _sentences(a) == 1
        if caption_like and (a == b or b.startswith(a.rstrip(". "))):
            draft.drop(this, "image caption (repeated)")
            if len(b) <= SHORT:
                draft.drop(following, "image caption (repeated)")
    seen: set[str] = set()
    for index in draft.kept():
        key = normalise_for_hash(draft.paras[index].text)
        if key in seen and len(key) > 40:
            draft.drop(index, "repeated paragraph")
        seen.add(key)


def mark_header(draft: Draft) -> None:
    """Title, dek, byline and captions that a page scrape puts before the lede."""
    kept = draft.kept()
    if len(kept) < 2:
        return
    position = 0
    first = draft.paras[kept[0]]
    meta_title = str(draft.meta.get("title") or "")
    if meta_title and normalise_for_hash(first.text) == normalise_for_hash(meta_title):
        draft.drop(kept[0], "title (metadata)")
        position = 1
    elif not meta_title and _looks_like_title(first.text) and not first.split_in_block:
        draft.text_title = first.text
        draft.drop(kept[0], "title (metadata)")
        position = 1
    in_page_header = position == 1
    for index in kept[position:]:
        para = draft.paras[index]
        glued = para.split_in_block and para.block == first.block and index != _last_in_block(draft, para.block)
        byline = md.parse_byline(para.text) if len(para.text) <= SHORT else None
        if byline is not None:
            draft.authors.extend(byline.authors)
            draft.byline_affiliation = draft.byline_affiliation or byline.affiliation
            draft.drop(index, "empty byline" if byline.empty else "byline (metadata)")
            in_page_header = True
        elif (
            not draft.text_subtitle
            and not draft.meta.get("subtitle")
            and (in_page_header or glued)
            and index != kept[-1]  # a dek stands above a body, never alone
            and _looks_like_dek(para.text)
        ):
            draft.text_subtitle = para.text
            draft.drop(index, "subtitle (metadata)")
            in_page_header = True
        elif glued and len(para.text) <= SHORT:
            draft.drop(index, "image caption")
        else:
            return


def _last_in_block(draft: Draft, block: int) -> int:
    return max(i for i, p in enumerate(draft.paras) if p.block == block)


def mark_bio(draft: Draft) -> None:
    """"<Name> is a senior analyst at <Org>." closing an article names its author; it leaves the body."""
    for index in draft.kept()[-BIO_WINDOW:]:
        author = md.parse_bio(draft.paras[index].text)
        if author is not None:
            draft.authors = [a for a in draft.authors if a.name != author.name] + [author]
            draft.drop(index, "author bio (metadata)")


def _is_prose(text: str) -> bool:
    return bool(_TERMINAL.search(text)) and len(_words(text)) >= TEASER_MIN_WORDS


def _is_headline(text: str) -> bool:
    """A line shaped like a headline: capitalised, no sentence end, not a list item."""
    return (
        len(text) <= TITLE_MAX
        and text[:1].isupper()
        and not _TERMINAL.search(text)
        and not re.search(r"(,|\band|\bor|[—–-])$", text)
        and len(_words(text)) >= TEASER_MIN_WORDS
    )


def mark_inline_teasers(draft: Draft) -> None:
    """A lone headline between two prose paragraphs is a related-story teaser (or a section heading).

    Runs of such lines are lists (sanctioned names, aircraft) and stay in the body.
    """
    kept = draft.kept()
    for before, index, after in zip(kept, kept[1:], kept[2:]):
        text = draft.paras[index].text
        if _is_headline(text) and _is_prose(draft.paras[before].text) and _is_prose(draft.paras[after].text):
            draft.drop(index, HEADLINE_REASON)


def find_dateline(draft: Draft) -> None:
    """A dateline opening the lede ("MINSK, 28 January (BelTA) –") dates the article when it has a year."""
    kept = draft.kept()
    if not kept:
        return
    lede = draft.paras[kept[0]].text
    for pattern, kind in _datelines():
        match = pattern.match(lede)
        if match and kind == "lead":
            if match["agency"]:
                draft.dateline_agency = md.canonical_outlet(match["agency"])
                draft.text_outlet = draft.text_outlet or draft.dateline_agency
            if match["year"]:
                draft.dateline_date = md.parse_date(f"{match['day']} {match['month']} {match['year']}")
            return


RULES: tuple[Callable[[Draft], None], ...] = (
    mark_tail,
    mark_patterns,
    mark_repeats,
    mark_header,
    mark_bio,
    mark_inline_teasers,
    find_dateline,
)


# --- document-level checks ---------------------------------------------------------------------

# A title and a body that share none of the title's content words are two different pages:
# seen in official_releases.jsonl.gz, where state.gov records carry a site page ("Our Mission")
# under a release's title.
_STOP = frozenset(
    "about above after again against also among and announces any are been before being between both "
    "but call calls can does during each from further have having here into just more most new none "
    "not off once only other over own same should some such than that the their them then there these "
    "they this those through under until very was were what when where which while who will with "
    "would your".split()
)


def _content_words(text: str) -> set[str]:
    return {w.lower()[:5] for w in _words(text) if len(w) >= 4 and w.lower() not in _STOP}


def not_an_article(title: str, paras: list[str]) -> tuple[str, str] | None:
    """(kind, detail) of a page that is not an article (index, error or another page), or None.

    The marker phrases count only as a short paragraph of their own ("No posts could be found
    ..."), never inside an article's sentence.
    """
    for para in paras:
        hit = table("not_article.tsv").match(para) if len(para) <= NOT_ARTICLE_LINE_MAX else None
        if hit:
            kind, _, detail = hit[1].partition(":")
            return kind.strip(), detail.strip() or kind.strip()
    tiny = sum(1 for p in paras if len(p) <= 3)
    if paras and tiny / len(paras) > 0.5:
        return "index-page", "mostly single letters or links"
    title_words = _content_words(title)
    opens_with_heading = bool(paras) and not _TERMINAL.search(paras[0]) and len(_words(paras[0])) <= 10
    if opens_with_heading and len(title_words) >= 3 and not title_words & _content_words(" ".join(paras)):
        return "site-page", "body does not match its title: a site page scraped in place of the article"
    return None


# --- the stage ----------------------------------------------------------------------------------


def _clean_title(value: object) -> str:
    return " ".join(str(value or "").split())


def _meta_authors(value: object) -> list[Author]:
    if isinstance(value, str):
        value = [v for v in re.split(r"\s*(?:;|,| and )\s*", value) if v.strip()]
    if isinstance(value, list):
        return [Author(str(v.get("name", "")) if isinstance(v, dict) else str(v).strip(),
                       str(v.get("affiliation", "")) if isinstance(v, dict) else "") for v in value if v]
    return []


def clean(doc: RawDoc) -> Article | Rejection:
    """Turn one plain-text document (HTML is extracted to text before) into an Article."""
    paras = paragraphs(doc.content)
    if not paras:
        return Rejection(doc.source_path, "empty", "no text after decoding; nothing to ingest")
    draft = Draft(paras, [None] * len(paras), dict(doc.meta))
    for rule in RULES:
        rule(draft)
    body = [repair_spacing(draft.paras[i].text) for i in draft.kept()]
    removed = [Removed(p.text, r) for p, r in zip(draft.paras, draft.reasons) if r is not None]

    meta = draft.meta
    url = str(meta.get("url") or "").strip() or draft.canonical_url or _guess_canonical(draft.urls)
    title = _clean_title(meta.get("title")) or draft.text_title or md.title_from_url(url)
    verdict = not_an_article(title, [p.text for p in paras])
    if verdict is not None:
        return Rejection(doc.source_path, f"not-article/{verdict[0]}", verdict[1])
    if not body:
        return Rejection(doc.source_path, "no-text", "nothing left after removing boilerplate")

    published, published_from = _published(meta, url, draft)
    authors = _meta_authors(meta.get("authors")) or draft.authors
    for author in authors:
        author.affiliation = author.affiliation or draft.byline_affiliation
    text = "\n\n".join(body)
    outlet = _clean_title(meta.get("outlet")) or draft.text_outlet or md.outlet_from_url(url)
    # "MINSK, 4 February 2022 (Vilnius Wire) –" in another outlet's article: a wire copy.
    wire = draft.dateline_agency if draft.dateline_agency and draft.dateline_agency != outlet else ""
    ident, text_hash = article_keys(text, url)
    return Article(
        id=ident,
        source_path=doc.source_path,
        title=title,
        subtitle=_clean_title(meta.get("subtitle")) or draft.text_subtitle,
        authors=authors,
        outlet=outlet,
        published=published,
        published_from=published_from,
        url=url,
        related_urls=[u for u in dict.fromkeys(draft.urls) if u != url],
        syndicated_from=_clean_title(meta.get("syndicated_from")) or draft.syndicated_from or wire,
        paragraphs=body,
        removed=removed,
        text_hash=text_hash,
    )


def _guess_canonical(urls: list[str]) -> str:
    """Without an "Original url:" label, a lone URL in the text is taken as the article's own."""
    return urls[0] if len(urls) == 1 else ""


def _published(meta: dict[str, object], url: str, draft: Draft) -> tuple[str, str]:
    from_meta = md.parse_date(str(meta.get("published") or ""))
    if from_meta:
        return from_meta, "meta"
    from_url = md.date_from_url(url)
    if from_url:
        return from_url, "url"
    if draft.dateline_date:
        return draft.dateline_date, "dateline"
    return "", ""
