"""The read side of the web app: what the articles, claims, events, sources and overview pages show.

Each function returns the page's response model, which the HTML template renders and the ``/api``
twin returns as is. Queries are literal SQL with bound parameters over the store's tables.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from faultline.assess.grading import RELIABILITY_CODES, source_table, store_grades
from faultline.assess.engine import parse_date
from faultline.errors import InputError
from faultline.extract.events import PLOVER_TYPES
from faultline.kb import norm
from faultline.store.db import Store, escape_like
from faultline.web import analysis
from faultline.web.context import WebContext
from faultline.web.models import (
    ArticlePage,
    ArticlesPage,
    ArticleSummary,
    Author,
    ClaimRow,
    ClaimsPage,
    ConflictGroup,
    EventRow,
    EventsPage,
    Overview,
    RemovedBlock,
    Sentence,
    SourceGradeRow,
    SourcesPage,
    Span,
)

PAGE_SIZE = 50
MAX_PAGE = 500
MODALITIES = ("asserted", "reported", "hypothetical", "conditional", "negated", "future", "question")
COUNTED = ("articles", "sentences", "claims", "events", "evidence", "evidence_overrides", "ingest_errors")


def parse_day(value: str | None, name: str) -> date | None:
    """A date query parameter (YYYY-MM-DD), parsed as the command line parses --as-of."""
    return parse_date(value, name)


def check_page(offset: int, limit: int) -> None:
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise InputError(f"offset={offset} limit={limit} out of range", f"use offset >= 0 and 1 <= limit <= {MAX_PAGE}")


# --- articles -------------------------------------------------------------------------------------

_ARTICLE_FILTER = (
    "WHERE ($q IS NULL OR title ILIKE $q ESCAPE '\\' OR text ILIKE $q ESCAPE '\\') AND ($outlet IS NULL OR outlet = $outlet) "
    "AND ($from IS NULL OR published >= $from) AND ($to IS NULL OR published <= $to)"
)


def articles(store: Store, q: str | None, outlet: str | None, date_from: str | None, date_to: str | None, offset: int, limit: int) -> ArticlesPage:
    """Stored articles in ingest order, searched by text, outlet and publication date (as `faultline articles`, plus dates)."""
    check_page(offset, limit)
    params: dict[str, object] = {
        "q": f"%{escape_like(q)}%" if q else None, "outlet": outlet or None,
        "from": parse_day(date_from, "from"), "to": parse_day(date_to, "to"),
    }
    rows = store.query(
        "SELECT id, title, outlet, strftime(published, '%Y-%m-%d') AS published, url, duplicate_of, len(paragraphs) AS paragraphs, "
        f"len(removed) AS removed FROM articles {_ARTICLE_FILTER} ORDER BY ingested_at, id LIMIT $limit OFFSET $offset",
        {**params, "limit": limit, "offset": offset},
    )
    [total] = store.query(f"SELECT count(*) AS n FROM articles {_ARTICLE_FILTER}", params)
    outlets = [r["outlet"] for r in store.query("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND outlet <> '' ORDER BY outlet")]
    return ArticlesPage(
        q=q or None, outlet=outlet or None, date_from=date_from or None, date_to=date_to or None, offset=offset, limit=limit,
        total=total["n"], articles=[ArticleSummary(**{**r, "paragraphs": r["paragraphs"] or 0, "removed": r["removed"] or 0}) for r in rows],
        outlets=outlets,
    )


def _mention_label(m: dict[str, Any]) -> str:
    return " ".join(v for v in (m.get("actor"), m.get("sector"), m.get("entity") if not m.get("actor") else None) if v) or m["kind"]


def _spans(store: Store, article_id: str) -> dict[str, list[Span]]:
    """Highlights per sentence id, offsets relative to the sentence start (as stored: into the article text)."""
    spans: dict[str, list[Span]] = {}
    for m in store.extraction_rows("mentions", article_id):
        if (m.get("block") or "body") == "body" and m["sentence_id"]:
            spans.setdefault(m["sentence_id"], []).append(Span(start=m["start"], end=m["end"], kind=m["kind"], label=_mention_label(m)))
    for t in store.extraction_rows("time_expressions", article_id):
        label = str(t["value_start"] or "") + (f" to {t['value_end']}" if t["value_end"] and t["value_end"] != t["value_start"] else "")
        spans.setdefault(t["sentence_id"], []).append(Span(start=t["start"], end=t["end"], kind="time", label=label or "time"))
    for n in store.extraction_rows("quantities", article_id):
        label = " ".join(str(v) for v in (n["value"] if n["value"] is not None else n["low"], n["unit"], n["about"]) if v not in (None, ""))
        spans.setdefault(n["sentence_id"], []).append(Span(start=n["start"], end=n["end"], kind="quantity", label=label or "quantity"))
    return spans


def _relative(spans: list[Span], start: int, end: int) -> list[Span]:
    """Spans inside [start, end) shifted to the sentence; overlapping ones after the first are dropped (no nested marks)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if span.start < start or span.end > end or span.start >= span.end or (kept and span.start - start < kept[-1].end):
            continue
        kept.append(Span(start=span.start - start, end=span.end - start, kind=span.kind, label=span.label))
    return kept


def claim_row(row: dict[str, Any], meta: dict[str, Any] | None = None) -> ClaimRow:
    source = row.get("source") or {}
    quantity = row.get("quantity")
    meta = meta or {}
    return ClaimRow(
        id=row["id"], article_id=row["article_id"], sentence_id=row["sentence_id"], sentence=row["sentence"] or "",
        source=source.get("name") or source.get("text") or "", source_actor=source.get("actor"), cue=row["cue"] or "",
        content=row["content"] or "", quantity=(quantity or {}).get("text") if quantity else None, modality=row["modality"] or "reported",
        conflicts_with=list(row.get("conflicts_with") or []), outlet=meta.get("outlet"), published=_iso(meta.get("published")), title=meta.get("title"),
    )


def _actor(side: dict[str, Any] | None) -> tuple[str, str | None]:
    side = side or {}
    label = " ".join(v for v in (side.get("actor"), side.get("sector")) if v) or side.get("text") or "-"
    return label, side.get("actor")


def event_row(row: dict[str, Any], meta: dict[str, Any] | None = None) -> EventRow:
    meta = meta or {}
    source, source_actor = _actor(row.get("source"))
    target, target_actor = _actor(row.get("target"))
    when = row.get("date") or {}
    return EventRow(
        id=row["id"], article_id=row["article_id"], sentence_id=row["sentence_id"], sentence=row["sentence"] or "",
        event_type=row["event_type"], mode=row.get("mode"), source=source, source_actor=source_actor, target=target, target_actor=target_actor,
        location=row.get("location"), date=when.get("start") or _iso(meta.get("published")), date_text=when.get("text"),
        modality=row["modality"] or "asserted", trigger=row.get("trigger"), outlet=meta.get("outlet"), published=_iso(meta.get("published")),
        title=meta.get("title"),
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else (value or None)


def article(ctx: WebContext, store: Store, ident: str) -> ArticlePage:
    """One article: its clean text cut into paragraphs of sentences with highlights, removed blocks, claims, events."""
    a = store.get_article(ident)
    spans = _spans(store, a.id)
    sentences = store.extraction_rows("sentences", a.id)
    paragraphs: list[list[Sentence]] = []
    at = 0
    for paragraph in a.paragraphs:
        start = a.text.find(paragraph, at)
        end = start + len(paragraph)
        at = end
        paragraphs.append(
            [
                Sentence(id=s["id"], idx=s["idx"], start=s["start"], end=s["end"], text=a.text[s["start"]:s["end"]],
                         spans=_relative(spans.get(s["id"], []), s["start"], s["end"]), claims=[], events=[])
                for s in sentences
                if start <= s["start"] < end
            ]
        )
    by_id = {s.id: s for p in paragraphs for s in p}
    meta = {"outlet": a.outlet or None, "published": a.published or None, "title": a.title or None}
    claims = [claim_row(r, meta) for r in store.extraction_rows("claims", a.id)]
    events = [event_row(r, meta) for r in store.extraction_rows("events", a.id)]
    for c in claims:
        if c.sentence_id in by_id:
            by_id[c.sentence_id].claims.append(c.id)
    for e in events:
        if e.sentence_id in by_id:
            by_id[e.sentence_id].events.append(e.id)
    return ArticlePage(
        id=a.id, title=a.title, subtitle=a.subtitle, authors=[Author(name=x.name, affiliation=x.affiliation) for x in a.authors],
        outlet=a.outlet, published=a.published, url=a.url, source_path=a.source_path, duplicate_of=a.duplicate_of,
        related_urls=a.related_urls, paragraphs=paragraphs, removed=[RemovedBlock(text=r.text, reason=r.reason) for r in a.removed],
        claims=claims, events=events, questions=analysis.list_questions(ctx, store), factors=analysis.factor_choices(ctx),
    )


# --- claims and events ----------------------------------------------------------------------------

_META = "LEFT JOIN (SELECT id AS aid, outlet, published, title FROM articles) a ON a.aid = c.article_id"


def claims(store: Store, q: str | None, only_conflicts: bool, offset: int, limit: int) -> ClaimsPage:
    """Attributed claims, searched by text; conflicting ones grouped side by side."""
    check_page(offset, limit)
    where = "WHERE ($q IS NULL OR c.sentence ILIKE $q ESCAPE '\\' OR c.source.text ILIKE $q ESCAPE '\\') AND (NOT $only OR len(c.conflicts_with) > 0)"
    params: dict[str, object] = {"q": f"%{escape_like(q)}%" if q else None, "only": only_conflicts}
    rows = store.query(f"SELECT c.*, a.outlet, a.published, a.title FROM claims c {_META} {where} ORDER BY a.published NULLS LAST, c.article_id, c.start LIMIT $limit OFFSET $offset", {**params, "limit": limit, "offset": offset})
    [total] = store.query(f"SELECT count(*) AS n FROM claims c {_META} {where}", params)
    conflicted = store.query(f"SELECT c.*, a.outlet, a.published, a.title FROM claims c {_META} WHERE len(c.conflicts_with) > 0 ORDER BY c.id")
    by_id = {r["id"]: claim_row(r, r) for r in conflicted}
    groups: list[ConflictGroup] = []
    seen: set[frozenset[str]] = set()
    for claim in by_id.values():
        others = [by_id[o] for o in claim.conflicts_with if o in by_id]
        group = frozenset([claim.id, *(o.id for o in others)])
        if others and group not in seen:
            seen.add(group)
            groups.append(ConflictGroup(claim=claim, others=others))
    return ClaimsPage(q=q or None, only_conflicts=only_conflicts, offset=offset, limit=limit, total=total["n"], conflicts=groups, claims=[claim_row(r, r) for r in rows])


def events(store: Store, actor: str | None, event_type: str | None, modality: str | None, offset: int, limit: int) -> EventsPage:
    """The event timeline: every extracted event by date, filtered by actor (either side), PLOVER type and modality."""
    check_page(offset, limit)
    where = (
        "WHERE ($actor IS NULL OR c.source.actor = $actor OR c.target.actor = $actor) AND ($type IS NULL OR c.event_type = $type) "
        "AND ($modality IS NULL OR c.modality = $modality)"
    )
    params: dict[str, object] = {"actor": actor.strip().upper() if actor else None, "type": event_type or None, "modality": modality or None}
    rows = store.query(
        f"SELECT c.*, a.outlet, a.published, a.title FROM events c {_META} {where} "
        "ORDER BY coalesce(c.date.start, strftime(a.published, '%Y-%m-%d')) NULLS LAST, c.article_id, c.start LIMIT $limit OFFSET $offset",
        {**params, "limit": limit, "offset": offset},
    )
    [total] = store.query(f"SELECT count(*) AS n FROM events c {_META} {where}", params)
    return EventsPage(
        actor=params["actor"], event_type=event_type or None, modality=modality or None, offset=offset, limit=limit, total=total["n"],  # type: ignore[arg-type]
        events=[event_row(r, r) for r in rows], event_types=list(PLOVER_TYPES), modalities=list(MODALITIES),
    )


# --- sources --------------------------------------------------------------------------------------


def sources(ctx: WebContext, store: Store) -> SourcesPage:
    """Every graded source (file and analysts) and every stored outlet, with the grade now in force."""
    counts = {norm(r["outlet"]): (r["outlet"], r["n"]) for r in store.query("SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL AND outlet <> '' GROUP BY outlet")}
    analyst_rows = {
        norm(r["name"]): r
        for r in store.query("SELECT * FROM source_grades WHERE undone_at IS NULL ORDER BY created_at, id")
    }
    in_force = store_grades(store)
    rows: dict[str, SourceGradeRow] = {}
    for key, grade in source_table(ctx.kb_dirs).items():
        rows[key] = SourceGradeRow(name=key, grade=grade.code, why=grade.why, origin="file", analyst=None, at=None, change_id=None, articles=counts.get(key, ("", 0))[1])
    for key, (outlet, n) in counts.items():
        if key in rows:
            rows[key] = rows[key].model_copy(update={"name": outlet})
        else:
            rows[key] = SourceGradeRow(name=outlet, grade="F", why="not in the source table: reliability cannot be judged", origin="store", analyst=None, at=None, change_id=None, articles=n)
    for key, r in analyst_rows.items():
        grade = in_force[key]
        rows[key] = SourceGradeRow(
            name=r["name"], grade=grade.code, why=grade.why, origin="analyst", analyst=r["analyst"], at=r["created_at"].isoformat(timespec="seconds"),
            change_id=r["id"], articles=counts.get(key, ("", 0))[1],
        )
    ordered = sorted(rows.values(), key=lambda r: (-r.articles, r.origin != "analyst", r.name.lower()))
    return SourcesPage(sources=ordered, grades=list(RELIABILITY_CODES))


def overview(ctx: WebContext, store: Store, ingesting: bool) -> Overview:
    return Overview(
        store=ctx.db_path, counts={t: store.count(t) for t in COUNTED}, questions=analysis.list_questions(ctx, store),
        changes=analysis.changes(ctx, store, limit=10), ingesting=ingesting,
    )
