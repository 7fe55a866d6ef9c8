"""The extraction tables: one Arrow schema per record type, and how each column is read from the record.

Rows go in with their article, in the ingest batch's transaction (`Store.write_batch`), so an
article is never stored without its extractions or the other way round.

Tables are built column by column (one `pa.array` per column from the records' values), not from
row dicts: building a row dict per record and converting the rows cost 2 s of the official
releases' extraction, about as much as the event stage (issue 3).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from operator import attrgetter
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


def _date(e: Event) -> dict[str, Any]:
    return {"start": e.date.start, "end": e.date.end, "text": e.date.text}


def _converted(q: Quantity) -> str | None:
    return json.dumps(q.converted) if q.converted else None


# The columns that are not the record's attribute of the same name, per table.
_DERIVED: dict[str, dict[str, Callable[[Any], Any]]] = {
    "sentences": {"idx": attrgetter("index")},
    "time_expressions": {
        "value_start": lambda t: _iso(t.value_start),
        "value_end": lambda t: _iso(t.value_end),
    },
    "quantities": {"converted": _converted},
    "claims": {"source": lambda c: _actor(c.source), "quantity": lambda c: _quantity(c.quantity)},
    "events": {"source": lambda e: _actor(e.source), "target": lambda e: _actor(e.target), "date": _date},
}
# Table -> (column, how to read it from a record), in schema order.
COLUMNS: dict[str, list[tuple[pa.Field, Callable[[Any], Any]]]] = {
    name: [(f, _DERIVED.get(name, {}).get(f.name) or attrgetter(f.name)) for f in schema]
    for name, schema in SCHEMAS.items()
}
# Table -> the Extraction attribute holding its records.
RECORDS: dict[str, str] = {
    "sentences": "sentences",
    "mentions": "mentions",
    "time_expressions": "times",
    "quantities": "quantities",
    "claims": "claims",
    "events": "events",
}


def row(name: str, record: Sentence | Mention | TimeExpr | Quantity | Claim | Event) -> dict[str, Any]:
    """One record as its row of table `name`."""
    return {f.name: get(record) for f, get in COLUMNS[name]}


def table(name: str, records: Sequence[Any]) -> pa.Table:
    """The Arrow table `name` of these records."""
    arrays = [pa.array(list(map(get, records)), type=f.type) for f, get in COLUMNS[name]]
    return pa.Table.from_arrays(arrays, schema=SCHEMAS[name])


def extraction_tables(extractions: Iterable[Extraction]) -> dict[str, pa.Table]:
    """The Arrow tables of a batch of extractions, one per extraction table."""
    extractions = list(extractions)
    return {name: table(name, [r for x in extractions for r in getattr(x, RECORDS[name])]) for name in TABLES}


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
