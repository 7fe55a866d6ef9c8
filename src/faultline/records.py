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
    return article_keys(body, url)[0]


def article_keys(body: str, url: str) -> tuple[str, str]:
    """An article's id and its text hash (exact-duplicate key), from one normalisation of the body."""
    normalised = normalise_for_hash(body)
    return stable_hash(normalised, url.strip()), stable_hash(normalised)


# --- extraction records (issue 3) -------------------------------------------------------------

Modality = Literal["asserted", "reported", "hypothetical", "conditional", "negated", "future", "question"]
# Only these count as things that happened (DESIGN.md: "every item has modality").
FACTUAL: tuple[str, ...] = ("asserted", "reported")


@dataclass(slots=True)
class Sentence:
    """A sentence of an article; `start`/`end` are character offsets into `Article.text`."""

    article_id: str
    index: int
    start: int
    end: int
    text: str

    @property
    def id(self) -> str:
        return f"{self.article_id}:{self.index}"


@dataclass(slots=True)
class Mention:
    """An actor, place, organisation or weapon named in a sentence, linked to the knowledge base."""

    article_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    kind: str  # actor, place, org, weapon
    actor: str | None  # ISO 3166 alpha-3 or an IGO code (NATO, EU ...)
    sector: str | None  # GOV, MIL, ...
    entity: str | None  # canonical name
    sector2: str | None = None
    rule: str = ""  # which resolver rule produced it
    weapon_type: str | None = None
    operators: list[str] = field(default_factory=list)
    # "body": offsets are into Article.text; "removed:K": into the text of Article.removed[K]
    # (image captions name weapons and units too, issue 3).
    block: str = "body"


@dataclass(slots=True)
class TimeExpr:
    """A time expression normalised to an interval of ISO dates (inclusive)."""

    article_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    value_start: str  # YYYY-MM-DD
    value_end: str  # YYYY-MM-DD
    granularity: str  # day, month, year, interval, part-of-month, ...
    anchor: str  # the reference date it was resolved against (YYYY-MM-DD), "" if absolute
    year_inferred: bool = False  # the text gave no year: it came from the anchor


@dataclass(slots=True)
class Quantity:
    """A number with what it counts and its bounds ("more than 30,000 troops": low 30000)."""

    article_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str  # troops, miles, km, dollars, percent, people, ...
    about: str = ""  # the phrase counted ("Russian troops")
    converted: dict[str, float | str] | None = None  # e.g. {"high": 90.1, "unit": "km"} for "less than 56 miles"
    approximate: bool = False  # "about", "some", "nearly", "thousands of": the number is not exact


@dataclass(slots=True)
class ActorRef:
    """Who a claim or event is by or about: the text and its resolved code."""

    text: str
    actor: str | None = None
    sector: str | None = None
    name: str | None = None


@dataclass(slots=True)
class Claim:
    """Someone says something: source, cue verb, content, an optional quantity, modality."""

    id: str
    article_id: str
    sentence_id: str
    sentence: str
    start: int
    end: int
    source: ActorRef
    cue: str
    content: str
    quantity: Quantity | None = None
    modality: str = "reported"
    conflicts_with: list[str] = field(default_factory=list)
    # What the quantity counts, as conflict linking keys it (extract/conflicts.py): computed once where
    # the claim is extracted and stored, so linking across the store needs no knowledge base.
    # None: not computed yet; "": the claim counts nothing that can be compared.
    subject: str | None = None


@dataclass(slots=True)
class EventDate:
    start: str = ""
    end: str = ""
    text: str = ""


@dataclass(slots=True)
class Event:
    """A PLOVER event with its actors, place, date and modality, pointing back to its sentence."""

    id: str
    article_id: str
    sentence_id: str
    sentence: str
    start: int  # the trigger's character offsets in Article.text
    end: int
    event_type: str  # one of the 16 PLOVER types
    mode: str = ""
    source: ActorRef | None = None
    target: ActorRef | None = None
    location: str = ""
    date: EventDate = field(default_factory=EventDate)
    modality: str = "asserted"
    trigger: str = ""
    cameo: str = ""
    rule: str = ""


# --- assessment records (issue 4) -------------------------------------------------------------

Direction = Literal["supports", "undermines"]


@dataclass(slots=True)
class Evidence:
    """A claim, event or sentence that bears on one factor (or hypothesis) of a question.

    ``start``/``end`` are the cue's offsets in the sentence ``quote`` (so a report can mark it);
    ``weight`` is the rule's, before grades, modality and analyst overrides (the scorer applies those).
    ``factor`` is a factor id, a hypothesis id (scenario frameworks) or ``estimate`` for a source's own
    stated likelihood of the question ("it's highly unlikely the Belarusian army would take part").
    """

    id: str
    framework: str
    question: str  # str(Question): "RUS invade UKR via BLR"
    factor: str
    direction: Direction
    weight: float
    item: str  # the claim, event or sentence id it comes from
    item_kind: str  # sentence | claim | event | analyst
    quote: str
    article_id: str
    sentence_id: str
    start: int
    end: int
    rule: str  # which cue fired: "phrase 'diplomatic isolation'", "event SANCTION other->via"
    modality: str = "asserted"
    speaker: str = ""  # who the item is attributed to when it is reported ("" = the outlet's own text)
    speaker_actor: str = ""  # the speaker's actor code and sector ("RUS GOV"), when known
    analyst: dict[str, Any] | None = None  # the override that shaped it (name, action, at, note)


def evidence_id(framework: str, question: str, factor: str, direction: str, sentence_id: str) -> str:
    """Stable id: one item per sentence, factor and direction, whatever rule found it.

    Rules may change between runs (a phrase added to a framework file); the id, and so an analyst's
    override of the item, stays as long as the sentence does."""
    return stable_hash(framework, question, factor, direction, sentence_id)
