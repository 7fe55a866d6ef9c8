"""`faultline export`: a store table as JSONL, CSV or Parquet, streamed in a stable order.

JSONL and CSV use the field names of DESIGN.md's records, with `published` as "YYYY-MM-DD" or ""
(as in `Article`), then the store's extra columns. Parquet keeps the engine's types (DATE, TIMESTAMP,
lists, structs), which is what Parquet readers (DuckDB, Spark, pandas) want.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from faultline.errors import InputError
from faultline.store.db import ARTICLE_COLUMNS, EXPORTABLE, Store, check_table
from faultline.store.extraction import SCHEMAS as EXTRACTION_SCHEMAS

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
EXPORT_BATCH_ROWS = 2_048  # rows per Arrow batch: bounds memory for 5 KB articles to ~10 MB


@dataclass(frozen=True, slots=True)
class TableExport:
    """What an export of one table selects, and the order that makes two exports identical."""

    columns: tuple[str, ...]
    order_by: str
    as_text: dict[str, str]  # column -> SQL expression used by the text formats


# The record contract of DESIGN.md ("Records: Article"), the order an export presents.
DESIGN_ARTICLE_FIELDS: tuple[str, ...] = (
    "id", "source_path", "title", "subtitle", "authors", "outlet", "published", "url", "related_urls",
    "syndicated_from", "paragraphs", "text", "removed", "duplicate_of",
)

_PUBLISHED_TEXT = "coalesce(strftime(published, '%Y-%m-%d'), '')"

EXPORTS: dict[str, TableExport] = {
    "articles": TableExport(
        # DESIGN.md's Article fields in its order, then the store's own columns.
        columns=DESIGN_ARTICLE_FIELDS + tuple(c for c in ARTICLE_COLUMNS if c not in DESIGN_ARTICLE_FIELDS),
        order_by="ingested_at, id",
        as_text={"published": _PUBLISHED_TEXT},
    ),
    "article_minhash": TableExport(("article_id", "signature"), "article_id", {}),
    # Extraction tables: DESIGN.md's Mention / Claim / Event fields, in document order.
    **{
        name: TableExport(
            tuple(f'"{c}"' if c in ("start", "end") else c for c in schema.names),
            "article_id, idx" if name == "sentences" else 'article_id, "start", "end"',
            {"value_start": "coalesce(strftime(value_start, '%Y-%m-%d'), '')",
             "value_end": "coalesce(strftime(value_end, '%Y-%m-%d'), '')"} if name == "time_expressions" else {},
        )
        for name, schema in EXTRACTION_SCHEMAS.items()
    },
    "ingest_errors": TableExport(
        ("source_path", "reason", "detail", "first_seen", "last_seen"), "first_seen, source_path", {}
    ),
    # Assessment tables (DESIGN.md "Evidence", "Assessment"), each question's rows together.
    "evidence": TableExport(
        ("id", "framework", "question", "factor", "direction", "weight", "effective", "item", "item_kind", "quote",
         "article_id", "sentence_id", '"start"', '"end"', "rule", "modality", "source", "reliability", "credibility",
         "published", "rejected", "analyst", "computed_at"),
        "framework, question, factor, direction, sentence_id",
        {"published": _PUBLISHED_TEXT},
    ),
    "assessments": TableExport(
        ("framework", "question", "as_of", "computed_at", "probability", "low", "high", "words", "confidence", "summary", "record"),
        "framework, question, computed_at",
        {"as_of": "coalesce(strftime(as_of, '%Y-%m-%d'), '')"},
    ),
    "evidence_overrides": TableExport(
        ("id", "framework", "question", "evidence_id", "action", "factor", "direction", "weight", "article_id", "sentence_id",
         "quote", "note", "analyst", "created_at", "undone_at", "undone_by"),
        "created_at, id",
        {},
    ),
}


def export_query(table: str, text: bool) -> str:
    """SELECT for an export, built only from the whitelist above."""
    spec = EXPORTS[check_table(table, EXPORTABLE)]
    columns = ", ".join(
        f"{spec.as_text[c]} AS {c}" if text and c in spec.as_text else c for c in spec.columns
    )
    return f"SELECT {columns} FROM {table} ORDER BY {spec.order_by}"


def _plain(value: Any) -> Any:  # noqa: ANN401 - any cell value of a row
    """JSON has no dates: timestamps and dates go out as ISO 8601 text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot export a {type(value).__name__}")


def _json(value: Any) -> str:  # noqa: ANN401
    return json.dumps(value, ensure_ascii=False, default=_plain)


def _csv_cell(value: Any) -> Any:  # noqa: ANN401
    """A CSV cell: lists and structs as JSON text, dates as ISO text, NULL as empty."""
    if isinstance(value, list | dict):
        return _json(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(store: Store, table: str) -> Iterator[dict[str, Any]]:
    for batch in store.read_batches(export_query(table, text=True), batch_size=EXPORT_BATCH_ROWS):
        yield from batch.to_pylist()


def write_jsonl(store: Store, table: str, stream: TextIO) -> int:
    count = 0
    for row in _rows(store, table):
        stream.write(_json(row) + "\n")
        count += 1
    return count


def write_csv(store: Store, table: str, stream: TextIO) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(c.strip('"') for c in EXPORTS[table].columns)
    count = 0
    for row in _rows(store, table):
        writer.writerow([_csv_cell(v) for v in row.values()])
        count += 1
    return count


def _parquet_rows(path: Path) -> int:
    """Rows in the written file itself, not a second count of the table that may have moved on."""
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(path).metadata.num_rows)


@contextmanager
def _text_target(out: Path | None, stream: TextIO | None) -> Iterator[TextIO]:
    """The file at `out` (created, parents too), else `stream`, else standard output."""
    if out is None:
        yield stream if stream is not None else sys.stdout
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def export_table(
    store: Store, table: str, fmt: str, out: Path | None, stream: TextIO | None = None
) -> int:
    """Write `table` of `store` as `fmt` to `out` (or `stream`, or stdout); return rows written."""
    check_table(table, EXPORTABLE)
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", f"choose one of: {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out is None:
            raise InputError("parquet export needs a file, not a stream", "-o FILE.parquet")
        out.parent.mkdir(parents=True, exist_ok=True)
        store.write_parquet(export_query(table, text=False), out)
        return _parquet_rows(out)
    with _text_target(out, stream) as target:
        if fmt == "jsonl":
            return write_jsonl(store, table, target)
        return write_csv(store, table, target)
