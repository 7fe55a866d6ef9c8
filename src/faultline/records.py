"""Records passed between stages: one dataclass per table, one function from record to row.

Field names are the contract of DESIGN.md ("Records"); add fields freely, rename none without a
store migration.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DocKind = Literal["text", "html"]


@dataclass(slots=True)
class RawDoc:
    """One document as a reader found it, before any cleaning.

    `source_path` names the file and, for multi-record files, the record inside it
    (``corpus.jsonl.gz:17``, ``crawl.warc.gz:4096``) so every article can be traced back.
    `meta` holds whatever structured metadata the container carried (jsonl/csv columns,
    WARC headers): title, url, published, outlet, authors.
    """

    source_path: str
    content: str
    kind: DocKind = "text"
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Rejection:
    """An input that produced no article, with a short reason code and a one-line detail."""

    source_path: str
    reason: str
    detail: str


@dataclass(slots=True)
class Author:
    name: str
    affiliation: str = ""


@dataclass(slots=True)
class Removed:
    """A block the cleaner took out of the body, kept so nothing is lost silently."""

    text: str
    reason: str


@dataclass(slots=True)
class Article:
    """A clean article: body paragraphs plus metadata, and everything removed with its reason."""

    id: str
    source_path: str
    title: str = ""
    subtitle: str = ""
    authors: list[Author] = field(default_factory=list)
    outlet: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) or "" when unknown: never invented
    published_from: str = ""  # where the date came from: meta, url, dateline
    url: str = ""
    related_urls: list[str] = field(default_factory=list)
    syndicated_from: str = ""
    paragraphs: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    duplicate_of: str | None = None
    text_hash: str = ""  # hash of the normalised body, for exact-duplicate detection

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_row(self) -> dict[str, Any]:
        row = asdict(self)
        row["text"] = self.text
        return row


def normalise_for_hash(text: str) -> str:
    """Lower-case, whitespace-folded text: two bodies equal under this are exact duplicates."""
    return " ".join(text.lower().split())


def stable_hash(*parts: str, length: int = 16) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:length]


def article_id(body: str, url: str) -> str:
    """Stable id of an article: its normalised body plus its canonical URL.

    The URL is part of the identity so that one text published at two addresses is stored twice
    (the second marked `duplicate_of`), while the same record read twice is the same article.
    """
    return stable_hash(normalise_for_hash(body), url.strip())
