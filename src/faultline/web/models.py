"""The JSON twins' response models: one per page, so the OpenAPI document states exactly what comes back.

The assessment models mirror the record of :func:`faultline.assess.engine.assess` key for key (DESIGN.md
"Assessment"); ``tests/web/test_schema.py`` checks a fresh record against them with no extra key
allowed, so a field the engine adds shows up as a failing test rather than silently missing here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


# --- assessment record (assess/engine.py) ---------------------------------------------------------


class QuestionText(Model):
    actor: str
    action: str
    target: str
    via: str
    text: str


class Estimate(Model):
    evidence: str
    words: str
    low: float
    high: float


class Factor(Model):
    factor: str
    name: str
    description: str
    score: float
    low: float
    high: float
    status: str
    supports: float
    undermines: float
    evidence: list[str]


class AnalystMark(Model):
    name: str
    action: str
    at: str | None
    note: str
    override: str
    weight: float | None


class EvidenceItem(Model):
    id: str
    factor: str
    direction: str
    weight: float
    effective: float
    item: str
    item_kind: str
    quote: str
    article_id: str
    sentence_id: str
    start: int
    end: int
    rule: str
    modality: str
    source: str
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    reliability: str
    credibility: int
    grade: str
    analyst: AnalystMark | None
    rejected: bool


class ClaimRef(Model):
    id: str
    article_id: str
    sentence_id: str
    source: str
    cue: str
    content: str
    quantity: str | None
    outlet: str | None
    published: str | None
    modality: str


class Conflict(Model):
    claim: ClaimRef
    others: list[ClaimRef]


class TimelineRow(Model):
    date: str | None
    date_text: str | None
    event_type: str
    mode: str | None
    source: str
    target: str
    location: str | None
    modality: str
    quote: str
    article_id: str
    sentence_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None


class TrajectoryPoint(Model):
    as_of: str
    probability: float
    low: float
    high: float
    words: str
    confidence: str
    moved_by: list[str]


class Hypothesis(Model):
    id: str
    name: str


class AchItem(Model):
    id: str
    quote: str
    sentence_id: str
    ratings: dict[str, str]
    weight: float
    diagnosticity: float
    linchpin: bool


class Ach(Model):
    framework: str
    title: str
    hypotheses: list[Hypothesis]
    items: list[AchItem]
    inconsistency: dict[str, float]
    leading: list[str]


class SourceRow(Model):
    name: str
    kind: str
    reliability: str
    why: str
    items: int


class LeftOut(Model):
    reason: str
    count: int
    examples: list[str]


class Assessment(Model):
    framework: str
    framework_title: str
    question: QuestionText
    as_of: str | None
    probability: float
    interval: list[float]
    words: str
    confidence: str
    confidence_why: str
    summary: str
    weakest: str
    missing: list[str]
    capped: bool
    model_probability: float
    estimates: list[Estimate]
    factors: list[Factor]
    evidence: list[EvidenceItem]
    conflicts: list[Conflict]
    timeline: list[TimelineRow]
    trajectory: list[TrajectoryPoint]
    ach: Ach | None
    sources: list[SourceRow]
    left_out: list[LeftOut]


class QuestionRef(Model):
    """A question as the app lists it, with where its page is."""

    framework: str
    actor: str
    action: str
    target: str
    via: str
    key: str  # "RUS invade UKR via BLR", as the store keys it
    text: str  # "Russia invades Ukraine from Belarus"
    url: str
    defined_by: str | None  # the analyst who defined it here, None for one assessed from the CLI
    define_id: str | None  # the `questions` row, to undo the definition
    probability: float | None  # the latest stored assessment, if any
    words: str | None
    computed_at: str | None


class FactorChoice(Model):
    framework: str
    factor: str
    name: str


class QuestionPage(Model):
    question: QuestionRef
    assessment: Assessment
    factors: list[FactorChoice]  # what evidence may be filed under, for the forms


class QuestionsPage(Model):
    questions: list[QuestionRef]
    frameworks: list[str]
    actions: list[str]


# --- articles, claims, events ----------------------------------------------------------------------


class ArticleSummary(Model):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    duplicate_of: str | None
    paragraphs: int
    removed: int


class ArticlesPage(Model):
    q: str | None
    outlet: str | None
    date_from: str | None
    date_to: str | None
    offset: int
    limit: int
    total: int
    articles: list[ArticleSummary]
    outlets: list[str]


class Author(Model):
    name: str
    affiliation: str


class RemovedBlock(Model):
    text: str
    reason: str


class Span(Model):
    start: int
    end: int
    kind: str  # actor, place, org, weapon (mentions), time, quantity
    label: str  # what the highlight stands for: "RUS MIL", "2022-02-10", "30000 troops"


class Sentence(Model):
    id: str
    idx: int
    start: int
    end: int
    text: str
    spans: list[Span]  # offsets relative to the sentence
    claims: list[str]  # ids of claims in it
    events: list[str]


class ClaimRow(Model):
    id: str
    article_id: str
    sentence_id: str
    sentence: str
    source: str
    source_actor: str | None
    cue: str
    content: str
    quantity: str | None
    modality: str
    conflicts_with: list[str]
    outlet: str | None = None
    published: str | None = None
    title: str | None = None


class EventRow(Model):
    id: str
    article_id: str
    sentence_id: str
    sentence: str
    event_type: str
    mode: str | None
    source: str
    source_actor: str | None
    target: str
    target_actor: str | None
    location: str | None
    date: str | None
    date_text: str | None
    modality: str
    trigger: str | None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None


class ArticlePage(Model):
    id: str
    title: str
    subtitle: str
    authors: list[Author]
    outlet: str
    published: str
    url: str
    source_path: str
    duplicate_of: str | None
    related_urls: list[str]
    paragraphs: list[list[Sentence]]  # each paragraph's sentences; text between them is whitespace
    removed: list[RemovedBlock]
    claims: list[ClaimRow]
    events: list[EventRow]
    questions: list[QuestionRef]  # what evidence from a sentence may be added to
    factors: list[FactorChoice]


class ConflictGroup(Model):
    claim: ClaimRow
    others: list[ClaimRow]


class ClaimsPage(Model):
    q: str | None
    only_conflicts: bool
    offset: int
    limit: int
    total: int
    conflicts: list[ConflictGroup]
    claims: list[ClaimRow]


class EventsPage(Model):
    actor: str | None
    event_type: str | None
    modality: str | None
    offset: int
    limit: int
    total: int
    events: list[EventRow]
    event_types: list[str]
    modalities: list[str]


# --- sources, changes, ingest, overview ------------------------------------------------------------


class SourceGradeRow(Model):
    name: str
    grade: str
    why: str
    origin: str  # "file" (source_reliability.tsv), "analyst", or "store" (an outlet no file grades)
    analyst: str | None
    at: str | None
    change_id: str | None  # the analyst grade in force, to undo it
    articles: int  # stored articles of this outlet


class SourcesPage(Model):
    sources: list[SourceGradeRow]
    grades: list[str]


class Change(Model):
    kind: str  # override, grade, question
    id: str
    what: str
    analyst: str
    at: str
    note: str
    undone_at: str | None
    undone_by: str | None
    url: str | None


class ChangesPage(Model):
    changes: list[Change]


class FileResult(Model):
    name: str  # as the user sent it
    stored_as: str | None  # the generated name inside the data directory
    size: int
    status: str  # accepted, rejected
    reason: str | None


class IngestJob(Model):
    id: str
    state: str  # queued, running, done, failed
    analyst: str
    created_at: str
    files: list[FileResult]
    records: int
    stored: int
    rejected: int
    summary: dict[str, object] | None
    rejections: list[FileResult]  # what the ingest itself refused, with its reason
    articles: list[str]  # ids of the articles this job stored
    error: str | None


class IngestPage(Model):
    jobs: list[IngestJob]
    max_upload_bytes: int
    suffixes: list[str]


class Overview(Model):
    store: str
    counts: dict[str, int]
    questions: list[QuestionRef]
    changes: list[Change]
    ingesting: bool


class ErrorBody(Model):
    error: str
    fix: str
