"""The DuckDB store: migrations, atomic idempotent batch writes, look-ups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from faultline.errors import InputError, StoreError
from faultline.records import Article, Author, Rejection, Removed
from faultline.store import schema
from faultline.store.db import Store

T0 = datetime(2024, 5, 1, 12, 0, 0)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[datetime]]:
    """Each call of the store's clock is one second after the last, so ingest order is exact."""
    ticks: list[datetime] = []

    def tick() -> datetime:
        ticks.append(T0 + timedelta(seconds=len(ticks)))
        return ticks[-1]

    monkeypatch.setattr(schema, "utc_now", tick)
    yield ticks


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


def article(
    id: str,
    title: str = "",
    paragraphs: tuple[str, ...] = ("Body.",),
    text_hash: str = "",
    **fields: object,
) -> Article:
    return Article(
        id=id,
        source_path=f"{id}.txt",
        title=title or f"Title {id}",
        paragraphs=list(paragraphs),
        text_hash=text_hash or f"hash-{id}",
        **fields,  # type: ignore[arg-type]
    )


FULL = Article(
    id="a1b2c3d4e5f60718",
    source_path="seeds/003.txt",
    title="Will Russia Invade Ukraine From Belarus?",
    subtitle="Five conditions for a Russian intervention",
    authors=[Author("Artyom Shraibman", "Carnegie"), Author("Anonymous")],
    outlet="Foreign Policy",
    published="2022-01-24",
    published_from="meta",
    url="https://foreignpolicy.com/2022/01/24/russia-belarus/",
    related_urls=["https://foreignpolicy.com/a", "https://foreignpolicy.com/b"],
    syndicated_from="Carnegie Moscow Center",
    paragraphs=["NATO speaks of 30,000 troops.", "Russian experts say 10,000."],
    removed=[Removed("Subscribe now", "paywall"), Removed("Related: X", "related-insert")],
    duplicate_of=None,
    text_hash="9f8e7d",
)


def raw(store: Store, query: str) -> list[tuple[object, ...]]:
    """Read back through a second cursor, as an independent observer of what was committed."""
    return [tuple(row.values()) for batch in store.read_batches(query) for row in batch.to_pylist()]


# -- opening and migrations --------------------------------------------------------------------


def test_new_store_is_migrated_to_latest(store: Store) -> None:
    assert store.schema_version == 4 == schema.LATEST_VERSION
    assert raw(store, "SELECT version, applied_at FROM schema_migrations ORDER BY version") == [(1, T0), (2, T0), (3, T0), (4, T0)]
    assert [store.count(t) for t in ("evidence", "assessments", "evidence_overrides")] == [0, 0, 0]
    assert [store.count(t) for t in ("articles", "article_minhash", "ingest_errors")] == [0, 0, 0]
    indexes = raw(store, "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'articles'")
    assert indexes == [("articles_text_hash",)]


def test_reopening_a_file_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "store.duckdb"
    with Store.open(path) as first:
        assert first.write_batch([FULL], {FULL.id: [1, 2, 3]}, []) == 1
    assert path.is_file()
    with Store.open(path) as second:
        assert second.schema_version == 4
        assert raw(second, "SELECT version, applied_at FROM schema_migrations ORDER BY version") == [(1, T0), (2, T0), (3, T0), (4, T0)]
        assert second.get_article(FULL.id) == FULL
    with Store.open(path, read_only=True) as reader:
        assert reader.count("articles") == 1
        with pytest.raises(StoreError, match="read-only"):
            reader.write_batch([article("b")], {}, [])


def test_store_from_a_newer_faultline_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    Store.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations VALUES (5, TIMESTAMP '2030-01-01 00:00:00')")
    con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError) as caught:
            Store.open(path, read_only=read_only)
        assert caught.value.fix == "upgrade faultline"
        assert caught.value.message == (
            f"store {path} has schema version 5, newer than the 4 this faultline knows"
        )


def test_a_file_that_is_not_duckdb_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert caught.value.message == f"{path} is not a DuckDB database"
    assert caught.value.fix == "pass the path of a faultline store with --db, or move that file away"
    assert path.read_text(encoding="utf-8").startswith("these are my notes")


def test_read_only_open_of_a_missing_store_says_to_ingest_first(tmp_path: Path) -> None:
    path = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError) as caught:
        Store.open(path, read_only=True)
    assert caught.value.fix == "run `faultline ingest` first or pass the right --db"
    assert not path.exists()


def test_read_only_open_of_an_unmigrated_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError) as caught:
        Store.open(path, read_only=True)
    assert caught.value.fix == "open it once without --read-only so it can be migrated"


# -- writes --------------------------------------------------------------------------------------


def test_write_batch_round_trips_every_field(store: Store) -> None:
    bare = article("bare", paragraphs=())
    assert store.write_batch([FULL, bare], {FULL.id: [0, 2**32 - 1]}, []) == 2
    assert store.get_article(FULL.id) == FULL
    assert store.get_article("bare") == bare
    assert raw(store, "SELECT id, published FROM articles ORDER BY id") == [
        (FULL.id, FULL_DATE),
        ("bare", None),
    ]


FULL_DATE = datetime(2022, 1, 24).date()


def test_write_batch_is_idempotent(store: Store) -> None:
    a, b = article("a"), article("b")
    assert store.write_batch([a, b], {"a": [1], "b": [2]}, []) == 2
    assert store.write_batch([a, b], {"a": [9], "b": [9]}, []) == 0
    changed_a = article("a", title="changed")
    assert store.write_batch([changed_a, article("c")], {"c": [3]}, []) == 1
    assert store.count("articles") == 3
    assert store.get_article("a").title == "Title a"
    assert list(store.iter_signatures()) == [("a", [1]), ("b", [2]), ("c", [3])]


def test_an_id_twice_in_one_batch_is_stored_once(store: Store) -> None:
    first, second = article("a", title="first"), article("a", title="second")
    assert store.write_batch([first, second], {}, []) == 1
    assert store.get_article("a").title == "first"


def test_a_failure_mid_batch_stores_nothing(store: Store) -> None:
    articles = [article("a"), article("b")]
    errors = [Rejection("bad.txt", "empty", "no text")]
    # The articles insert succeeds; the signature insert then fails in the engine (> UINTEGER).
    with pytest.raises(StoreError) as caught:
        store.write_batch(articles, {"a": [1], "b": [2**32]}, errors)
    assert caught.value.fix == "nothing of this batch was stored; fix the record named above and re-run"
    assert "could not write a batch of 2 articles to :memory:" in caught.value.message
    assert [store.count(t) for t in ("articles", "article_minhash", "ingest_errors")] == [0, 0, 0]
    # The connection is usable again and the same batch, fixed, goes in whole.
    assert store.write_batch(articles, {"a": [1], "b": [2]}, errors) == 2
    assert [store.count(t) for t in ("articles", "article_minhash", "ingest_errors")] == [2, 2, 1]


def test_threads_are_set_for_a_block_and_put_back(store: Store) -> None:
    def threads() -> int:
        return int(store.query("SELECT current_setting('threads') AS n")[0]["n"])

    before = threads()
    with store.threads(1):
        assert threads() == 1
    assert threads() == before
    with pytest.raises(RuntimeError), store.threads(1):
        raise RuntimeError("a failed ingest")
    assert threads() == before
    with store.threads(None):  # left as they are
        assert threads() == before


def test_a_bad_published_date_is_refused_before_writing(store: Store) -> None:
    with pytest.raises(StoreError) as caught:
        store.write_batch([article("a"), article("b", published="24 Jan 2022")], {}, [])
    assert caught.value.message == (
        "article b (b.txt) has published='24 Jan 2022', not an ISO date"
    )
    assert store.count("articles") == 0


def test_signatures_and_kinds_must_belong_to_the_batch(store: Store) -> None:
    with pytest.raises(StoreError, match="not in the batch: ghost"):
        store.write_batch([article("a")], {"ghost": [1]}, [])
    with pytest.raises(StoreError) as caught:
        store.write_batch([article("a")], {}, [], duplicate_kinds={"a": "fuzzy"})
    assert caught.value.fix == "use one of: exact, near"
    assert store.count("articles") == 0


def test_rejecting_a_source_again_updates_its_row(store: Store, clock: list[datetime]) -> None:
    store.write_batch([], {}, [Rejection("x.txt", "empty", "no text"), Rejection("y.txt", "empty", "")])
    store.write_batch([], {}, [Rejection("x.txt", "too-large", "30 MB")])
    assert raw(store, "SELECT * FROM ingest_errors ORDER BY source_path") == [
        ("x.txt", "too-large", "30 MB", clock[1], clock[2]),  # clock[0] stamped the migration
        ("y.txt", "empty", "", clock[1], clock[1]),
    ]
    assert store.error_counts() == {"empty": 1, "too-large": 1}


def test_duplicate_kind_is_stored(store: Store) -> None:
    original = article("o", text_hash="h")
    copy = article("c", text_hash="h", duplicate_of="o")
    store.write_batch([original, copy], {}, [], duplicate_kinds={"c": "exact"})
    assert raw(store, "SELECT id, duplicate_of, duplicate_kind FROM articles ORDER BY id") == [
        ("c", "o", "exact"),
        ("o", None, None),
    ]


# -- look-ups ------------------------------------------------------------------------------------


def test_owner_of_a_hash_is_the_earliest_ingested_original(store: Store) -> None:
    # "zz" comes first in time although "aa" sorts first; "dup" is older still but a duplicate.
    store.write_batch([article("dup", text_hash="h1", duplicate_of="elsewhere")], {}, [])
    store.write_batch([article("zz", text_hash="h1"), article("solo", text_hash="h2")], {}, [])
    store.write_batch([article("aa", text_hash="h1"), article("same1", text_hash="h3")], {}, [])
    store.write_batch([article("same0", text_hash="h3")], {}, [])
    owners = store.owners_of_text_hashes(["h1", "h2", "h3", "unknown", "h1"])
    assert owners == {"h1": "zz", "h2": "solo", "h3": "same1"}
    assert store.owners_of_text_hashes([]) == {}


def test_owner_ties_in_one_batch_go_to_the_smaller_id(store: Store) -> None:
    store.write_batch([article("b", text_hash="h"), article("a", text_hash="h")], {}, [])
    assert store.owners_of_text_hashes(["h"]) == {"h": "a"}


def test_known_ids(store: Store) -> None:
    store.write_batch([article("a"), article("b")], {}, [])
    assert store.known_ids(["a", "x", "b", "a"]) == {"a", "b"}
    assert store.known_ids(iter([])) == set()


def test_iter_signatures_streams_all_in_id_order(store: Store) -> None:
    store.write_batch(
        [article("c"), article("a"), article("b")],
        {"c": [3, 2**32 - 1], "a": [0, 1], "b": []},
        [],
    )
    expected = [("a", [0, 1]), ("b", []), ("c", [3, 4294967295])]
    assert list(store.iter_signatures(batch_size=1)) == expected
    assert list(store.iter_signatures()) == expected


def test_count_refuses_unknown_tables(store: Store) -> None:
    with pytest.raises(InputError) as caught:
        store.count("articles; DROP TABLE articles")
    assert caught.value.fix == (
        "choose one of: articles, article_minhash, ingest_errors, sentences, mentions, time_expressions, "
        "quantities, claims, events, evidence, assessments, evidence_overrides, schema_migrations"
    )


@pytest.fixture
def listed(store: Store) -> Store:
    store.write_batch(
        [
            FULL,
            article("b", title="50% off: Minsk_talks", outlet="Moscow Times", url="https://mt/b"),
            article("c", paragraphs=("The KREMLIN denied it.", "Second."), outlet="Moscow Times"),
        ],
        {},
        [],
    )
    store.write_batch([article("d", duplicate_of="c", outlet="Moscow Times", removed=[Removed("ad", "boilerplate")])], {}, [])
    return store


ROW_FULL = {
    "id": FULL.id,
    "title": FULL.title,
    "outlet": "Foreign Policy",
    "published": "2022-01-24",
    "url": FULL.url,
    "duplicate_of": None,
    "paragraphs": 2,
    "removed": 2,
}
ROW_B = {
    "id": "b",
    "title": "50% off: Minsk_talks",
    "outlet": "Moscow Times",
    "published": "",
    "url": "https://mt/b",
    "duplicate_of": None,
    "paragraphs": 1,
    "removed": 0,
}
ROW_C = {
    "id": "c",
    "title": "Title c",
    "outlet": "Moscow Times",
    "published": "",
    "url": "",
    "duplicate_of": None,
    "paragraphs": 2,
    "removed": 0,
}
ROW_D = {**ROW_C, "id": "d", "title": "Title d", "duplicate_of": "c", "paragraphs": 1, "removed": 1}


def test_list_articles_pages_in_ingest_order(listed: Store) -> None:
    assert listed.list_articles() == [ROW_FULL, ROW_B, ROW_C, ROW_D]
    assert listed.list_articles(limit=2, offset=1) == [ROW_B, ROW_C]
    assert listed.list_articles(outlet="Moscow Times") == [ROW_B, ROW_C, ROW_D]
    with pytest.raises(InputError):
        listed.list_articles(limit=-1)


def test_list_articles_search_is_case_insensitive_over_title_and_text(listed: Store) -> None:
    assert listed.list_articles(search="kremlin") == [ROW_C]
    assert listed.list_articles(search="BELARUS?") == [ROW_FULL]
    assert listed.list_articles(search="title", outlet="Moscow Times") == [ROW_C, ROW_D]


def test_list_articles_search_is_literal(listed: Store) -> None:
    assert listed.list_articles(search="%") == [ROW_B]
    assert listed.list_articles(search="_") == [ROW_B]
    assert listed.list_articles(search="50%") == [ROW_B]
    assert listed.list_articles(search="%' OR 1=1 --") == []
    assert listed.list_articles(search="'; DROP TABLE articles; --") == []
    assert listed.count("articles") == 4


def test_get_article_by_unique_prefix(listed: Store) -> None:
    assert listed.get_article("a1b2") == FULL
    assert listed.get_article("d").duplicate_of == "c"


def test_get_article_unknown_id_says_how_to_list(listed: Store) -> None:
    with pytest.raises(InputError) as caught:
        listed.get_article("zzz")
    assert caught.value.message == "no article with id 'zzz'"
    assert caught.value.fix == "list ids with `faultline articles`"


def test_get_article_ambiguous_prefix_lists_candidates(store: Store) -> None:
    store.write_batch([article("abc1"), article("abc2"), article("abd")], {}, [])
    with pytest.raises(InputError) as caught:
        store.get_article("ab")
    assert caught.value.message == "article id prefix 'ab' is ambiguous: abc1, abc2, abd"
    assert store.get_article("abd").id == "abd"
    # An exact id wins even when it is also a prefix of others.
    store.write_batch([article("abc")], {}, [])
    assert store.get_article("abc").id == "abc"


def test_a_version_1_store_is_migrated_and_keeps_its_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        patch.setattr(schema, "LATEST_VERSION", 1)
        assert schema.migrate(con, str(path)) == 1
    con.execute("INSERT INTO articles (id, title, text_hash) VALUES (?, ?, ?)", ["old1", "Kept", "h"])
    con.close()
    with Store.open(path) as new:
        assert new.schema_version == 4
        assert new.get_article("old1").title == "Kept"
        assert new.count("claims") == 0
        assert new.count("evidence_overrides") == 0


def test_extraction_tables_match_their_pinned_arrow_schemas() -> None:
    """Batches are inserted by column name, so every Arrow field must be a column of the same type."""
    import pyarrow as pa

    from faultline.store.extraction import SCHEMAS

    con = duckdb.connect()
    schema.migrate(con, ":memory:")
    query = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position"
    for table, arrow in SCHEMAS.items():
        con.register("_probe_arrow", pa.Table.from_pylist([], schema=arrow))
        con.execute(f"CREATE TABLE _probe_{table} AS SELECT * FROM _probe_arrow")
        con.unregister("_probe_arrow")
        expected = con.execute(query, [f"_probe_{table}"]).fetchall()
        assert con.execute(query, [table]).fetchall() == expected, table
