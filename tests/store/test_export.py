"""`export_table`: JSONL, CSV and Parquet, exact rows in a stable order."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from faultline.errors import InputError
from faultline.records import Article, Author, Rejection, Removed
from faultline.store import schema
from faultline.store.db import Store
from faultline.store.export import export_table

T0 = datetime(2024, 5, 1, 12, 0, 0)


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A store with two batches: ingest times are T0+1s and T0+2s (T0 stamps the migration)."""
    ticks = iter(T0 + timedelta(seconds=n) for n in range(100))
    monkeypatch.setattr(schema, "utc_now", lambda: next(ticks))
    with Store.open(":memory:") as opened:
        opened.write_batch(
            [ZULU, ALPHA], {"z1": [7, 2**32 - 1], "a1": [1]}, [Rejection("bad.html", "empty", "no body")]
        )
        opened.write_batch(
            [COPY], {}, [Rejection("huge.txt", "too-large", "30 MB")], duplicate_kinds={"c1": "near"}
        )
        yield opened


ZULU = Article(
    id="z1",
    source_path="seeds/003.txt",
    title='Belarus, "Russia" and a, comma',
    subtitle="Five conditions",
    authors=[Author("Artyom Shraibman", "Carnegie")],
    outlet="Foreign Policy",
    published="2022-01-24",
    published_from="meta",
    url="https://fp.com/z",
    related_urls=["https://fp.com/r"],
    syndicated_from="",
    paragraphs=["NATO: 30,000 troops.", "Experts: 10,000 — «много»."],
    removed=[Removed("Subscribe", "paywall")],
    text_hash="hz",
)
ALPHA = Article(id="a1", source_path="seeds/000.txt", paragraphs=["Gray zone."], text_hash="ha")
COPY = Article(
    id="c1",
    source_path="copy.txt",
    paragraphs=["NATO: 30,000 troops."],
    duplicate_of="z1",
    text_hash="hc",
)

JSON_ALPHA = {
    "id": "a1",
    "source_path": "seeds/000.txt",
    "title": "",
    "subtitle": "",
    "authors": [],
    "outlet": "",
    "published": "",
    "url": "",
    "related_urls": [],
    "syndicated_from": "",
    "paragraphs": ["Gray zone."],
    "text": "Gray zone.",
    "removed": [],
    "duplicate_of": None,
    "published_from": "",
    "duplicate_kind": None,
    "text_hash": "ha",
    "ingested_at": "2024-05-01T12:00:01",
}
JSON_ZULU = {
    "id": "z1",
    "source_path": "seeds/003.txt",
    "title": 'Belarus, "Russia" and a, comma',
    "subtitle": "Five conditions",
    "authors": [{"name": "Artyom Shraibman", "affiliation": "Carnegie"}],
    "outlet": "Foreign Policy",
    "published": "2022-01-24",
    "url": "https://fp.com/z",
    "related_urls": ["https://fp.com/r"],
    "syndicated_from": "",
    "paragraphs": ["NATO: 30,000 troops.", "Experts: 10,000 — «много»."],
    "text": "NATO: 30,000 troops.\n\nExperts: 10,000 — «много».",
    "removed": [{"text": "Subscribe", "reason": "paywall"}],
    "duplicate_of": None,
    "published_from": "meta",
    "duplicate_kind": None,
    "text_hash": "hz",
    "ingested_at": "2024-05-01T12:00:01",
}
JSON_COPY = {
    **JSON_ALPHA,
    "id": "c1",
    "source_path": "copy.txt",
    "paragraphs": ["NATO: 30,000 troops."],
    "text": "NATO: 30,000 troops.",
    "duplicate_of": "z1",
    "duplicate_kind": "near",
    "text_hash": "hc",
    "ingested_at": "2024-05-01T12:00:02",
}
# Ordered by (ingested_at, id): the first batch sorted by id, then the second.
JSON_ARTICLES = [JSON_ALPHA, JSON_ZULU, JSON_COPY]
JSON_ERRORS = [
    {
        "source_path": "bad.html",
        "reason": "empty",
        "detail": "no body",
        "first_seen": "2024-05-01T12:00:01",
        "last_seen": "2024-05-01T12:00:01",
    },
    {
        "source_path": "huge.txt",
        "reason": "too-large",
        "detail": "30 MB",
        "first_seen": "2024-05-01T12:00:02",
        "last_seen": "2024-05-01T12:00:02",
    },
]


def jsonl(store: Store, table: str) -> tuple[int, str]:
    buffer = io.StringIO()
    count = export_table(store, table, "jsonl", None, buffer)
    return count, buffer.getvalue()


def test_jsonl_articles_use_the_record_field_names_in_order(store: Store) -> None:
    count, text = jsonl(store, "articles")
    assert count == 3
    rows = [json.loads(line) for line in text.splitlines()]
    assert rows == JSON_ARTICLES
    assert list(rows[0]) == list(JSON_ALPHA)  # key order too
    assert "«много»" in text  # UTF-8 as is, not \u escapes
    assert text.endswith("}\n")


def test_jsonl_of_the_other_tables(store: Store) -> None:
    count, text = jsonl(store, "ingest_errors")
    assert (count, [json.loads(line) for line in text.splitlines()]) == (2, JSON_ERRORS)
    count, text = jsonl(store, "article_minhash")
    assert text.splitlines() == [
        '{"article_id": "a1", "signature": [1]}',
        '{"article_id": "z1", "signature": [7, 4294967295]}',
    ]


def test_jsonl_to_a_file_is_identical_on_a_second_export(store: Store, tmp_path: Path) -> None:
    first, second = tmp_path / "out" / "a.jsonl", tmp_path / "b.jsonl"
    assert export_table(store, "articles", "jsonl", first) == 3
    assert export_table(store, "articles", "jsonl", second) == 3
    assert first.read_bytes() == second.read_bytes()
    assert [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()] == JSON_ARTICLES


def test_csv_round_trip(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "articles.csv"
    assert export_table(store, "articles", "csv", out) == 3
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    nested = ("authors", "related_urls", "paragraphs", "removed")
    decoded = [{k: json.loads(v) if k in nested else v for k, v in row.items()} for row in rows]
    # CSV has no NULL: duplicate_of and duplicate_kind come back as "".
    none_as_empty = [{k: "" if v is None else v for k, v in row.items()} for row in JSON_ARTICLES]
    assert decoded == none_as_empty
    assert rows[1]["authors"] == '[{"name": "Artyom Shraibman", "affiliation": "Carnegie"}]'


def test_csv_of_ingest_errors_to_a_stream(store: Store) -> None:
    buffer = io.StringIO()
    assert export_table(store, "ingest_errors", "csv", None, buffer) == 2
    assert buffer.getvalue() == (
        "source_path,reason,detail,first_seen,last_seen\n"
        "bad.html,empty,no body,2024-05-01T12:00:01,2024-05-01T12:00:01\n"
        "huge.txt,too-large,30 MB,2024-05-01T12:00:02,2024-05-01T12:00:02\n"
    )


def test_parquet_round_trip_keeps_types(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "articles.parquet"
    assert export_table(store, "articles", "parquet", out) == 3
    rows = pq.read_table(out).to_pylist()
    published = {"a1": None, "z1": date(2022, 1, 24), "c1": None}
    ingested = {"a1": T0 + timedelta(seconds=1), "z1": T0 + timedelta(seconds=1), "c1": T0 + timedelta(seconds=2)}
    expected = [
        {**row, "published": published[row["id"]], "ingested_at": ingested[row["id"]]}
        for row in JSON_ARTICLES
    ]
    assert rows == expected
    via_duckdb = duckdb.connect().execute(
        "SELECT id, published FROM read_parquet(?) ORDER BY id", [str(out)]
    ).fetchall()
    assert via_duckdb == [("a1", None), ("c1", None), ("z1", date(2022, 1, 24))]


def test_parquet_of_minhash_and_errors(store: Store, tmp_path: Path) -> None:
    signatures = tmp_path / "sig.parquet"
    assert export_table(store, "article_minhash", "parquet", signatures) == 2
    table = pq.read_table(signatures)
    assert str(table.schema.field("signature").type) == "list<element: uint32>"
    assert table.to_pylist() == [
        {"article_id": "a1", "signature": [1]},
        {"article_id": "z1", "signature": [7, 4294967295]},
    ]
    errors = tmp_path / "errors.parquet"
    assert export_table(store, "ingest_errors", "parquet", errors) == 2
    assert [row["source_path"] for row in pq.read_table(errors).to_pylist()] == ["bad.html", "huge.txt"]


def test_parquet_needs_a_file(store: Store) -> None:
    with pytest.raises(InputError) as caught:
        export_table(store, "articles", "parquet", None, io.StringIO())
    assert caught.value.fix == "-o FILE.parquet"


def test_unknown_table_or_format_names_the_choices(store: Store) -> None:
    with pytest.raises(InputError) as caught:
        export_table(store, "schema_migrations", "jsonl", None, io.StringIO())
    assert caught.value.fix == (
        "choose one of: articles, article_minhash, ingest_errors, sentences, mentions, time_expressions, quantities, "
        "claims, events, evidence, assessments, evidence_overrides"
    )
    with pytest.raises(InputError) as caught:
        export_table(store, "articles", "xlsx", None, io.StringIO())
    assert caught.value.fix == "choose one of: jsonl, csv, parquet"


def test_export_of_an_empty_store(tmp_path: Path) -> None:
    with Store.open(":memory:") as empty:
        assert jsonl(empty, "articles") == (0, "")
        buffer = io.StringIO()
        assert export_table(empty, "ingest_errors", "csv", None, buffer) == 0
        assert buffer.getvalue() == "source_path,reason,detail,first_seen,last_seen\n"
        assert export_table(empty, "articles", "parquet", tmp_path / "e.parquet") == 0
