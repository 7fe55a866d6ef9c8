"""The extraction tables: one Arrow schema and one record-to-row function per record type.

Rows go in with their article, in the ingest batch's transaction (`Store.write_batch`), so an
article is never stored without its extractions or the other way round.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from faultline.records import ActorRef, Claim, Event, Mention, Quantity, Sentence, TimeExpr

if TYPE_CHECKING:
    from faultline.extract.pipeline import Extraction

_ACTOR = pa.struct([("text", pa.string()), ("actor", pa.string()), ("sector", pa.string()), ("name", pa.string())])
_QUANTITY = pa.struct(
    [
        ("text", pa.string()),
        ("value", pa.float64()),
        ("low", pa.float64()),
        ("high", pa.float64()),
        ("unit", pa.string()),
        ("about", pa.string()),
        ("approximate", pa.bool_()),
    ]
)
_DATE = pa.struct([("start", pa.string()), ("end", pa.string()), ("text", pa.string())])
_SPAN = [("article_id", pa.string()), ("sentence_id", pa.string()), ("start", pa.int32()), ("end", pa.int32())]

SCHEMAS: dict[str, pa.Schema] = {
    "sentences": pa.schema(
        [("id", pa.string()), ("article_id", pa.string()), ("idx", pa.int32()), ("start", pa.int32()),
         ("end", pa.int32()), ("text", pa.string())]
    ),
    "mentions": pa.schema(
        [*_SPAN, ("text", pa.string()), ("kind", pa.string()), ("actor", pa.string()), ("sector", pa.string()),
         ("entity", pa.string()), ("sector2", pa.string()), ("rule", pa.string()), ("weapon_type", pa.string()),
         ("operators", pa.list_(pa.string())), ("block", pa.string())]
    ),
    "time_expressions": pa.schema(
        [*_SPAN, ("text", pa.string()), ("value_start", pa.date32()), ("value_end", pa.date32()),
         ("granularity", pa.string()), ("anchor", pa.string()), ("year_inferred", pa.bool_())]
    ),
    "quantities": pa.schema(
        [*_SPAN, ("text", pa.string()), ("value", pa.float64()), ("low", pa.float64()), ("high", pa.float64()),
         ("unit", pa.string()), ("about", pa.string()), ("converted", pa.string()), ("approximate", pa.bool_())]
    ),
    "claims": pa.schema(
        [("id", pa.string()), *_SPAN, ("sentence", pa.string()), ("source", _ACTOR), ("cue", pa.string()),
         ("content", pa.string()), ("quantity", _QUANTITY), ("modality", pa.string()),
         ("conflicts_with", pa.list_(pa.string())), ("subject", pa.string())]
    ),
    "events": pa.schema(
        [("id", pa.string()), *_SPAN, ("sentence", pa.string()), ("event_type", pa.string()), ("mode", pa.string()),
         ("source", _ACTOR), ("target", _ACTOR), ("location", pa.string()), ("date", _DATE),
         ("modality", pa.string()), ("trigger", pa.string()), ("cameo", pa.string()), ("rule", pa.string())]
    ),
}
TABLES: tuple[str, ...] = tuple(SCHEMAS)


def _iso(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _actor(ref: ActorRef | None) -> dict[str, Any] | None:
    return None if ref is None else {"text": ref.text, "actor": ref.actor, "sector": ref.sector, "name": ref.name}


def _quantity(q: Quantity | None) -> dict[str, Any] | None:
    if q is None:
        return None
    return {
        "text": q.text, "value": q.value, "low": q.low, "high": q.high, "unit": q.unit, "about": q.about,
        "approximate": q.approximate,
    }


def sentence_row(s: Sentence) -> dict[str, Any]:
    return {"id": s.id, "article_id": s.article_id, "idx": s.index, "start": s.start, "end": s.end, "text": s.text}


def mention_row(m: Mention) -> dict[str, Any]:
    return {name: getattr(m, name) for name in SCHEMAS["mentions"].names}


def time_row(t: TimeExpr) -> dict[str, Any]:
    row = {name: getattr(t, name) for name in SCHEMAS["time_expressions"].names}
    row["value_start"], row["value_end"] = _iso(t.value_start), _iso(t.value_end)
    return row


def quantity_row(q: Quantity) -> dict[str, Any]:
    row = {name: getattr(q, name) for name in SCHEMAS["quantities"].names if name != "converted"}
    row["converted"] = json.dumps(q.converted) if q.converted else None
    return row


def claim_row(c: Claim) -> dict[str, Any]:
    row = {name: getattr(c, name) for name in SCHEMAS["claims"].names if name not in ("source", "quantity")}
    row["source"], row["quantity"] = _actor(c.source), _quantity(c.quantity)
    return row


def event_row(e: Event) -> dict[str, Any]:
    skip = ("source", "target", "date")
    row = {name: getattr(e, name) for name in SCHEMAS["events"].names if name not in skip}
    row["source"], row["target"] = _actor(e.source), _actor(e.target)
    row["date"] = {"start": e.date.start, "end": e.date.end, "text": e.date.text}
    return row


def extraction_tables(extractions: Iterable[Extraction]) -> dict[str, pa.Table]:
    """The Arrow tables of a batch of extractions, one per extraction table."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for x in extractions:
        rows["sentences"].extend(map(sentence_row, x.sentences))
        rows["mentions"].extend(map(mention_row, x.mentions))
        rows["time_expressions"].extend(map(time_row, x.times))
        rows["quantities"].extend(map(quantity_row, x.quantities))
        rows["claims"].extend(map(claim_row, x.claims))
        rows["events"].extend(map(event_row, x.events))
    return {name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]) for name in TABLES}


def claim_from_row(row: dict[str, Any]) -> Claim:
    """A stored `claims` row back as the dataclass (the quantity keeps the fields the row stores)."""
    source = row["source"] or {}
    q = row["quantity"]
    quantity = None
    if q:
        quantity = Quantity(
            article_id=row["article_id"], sentence_id=row["sentence_id"], start=0, end=0, text=q["text"] or "",
            value=q["value"], low=q["low"], high=q["high"], unit=q["unit"] or "", about=q["about"] or "",
            approximate=bool(q["approximate"]),
        )
    return Claim(
        id=row["id"], article_id=row["article_id"], sentence_id=row["sentence_id"], sentence=row["sentence"] or "",
        start=row["start"], end=row["end"],
        source=ActorRef(source.get("text") or "", source.get("actor"), source.get("sector"), source.get("name")),
        cue=row["cue"] or "", content=row["content"] or "", quantity=quantity, modality=row["modality"] or "",
        conflicts_with=list(row["conflicts_with"] or []), subject=row["subject"],
    )
