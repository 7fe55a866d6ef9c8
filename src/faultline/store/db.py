"""The DuckDB store: open (and migrate), batch writes in one transaction, look-ups for dedup and the CLI.

Every query is parameterised; table and column names come only from the tuples below, never from
the caller. DuckDB 2.0 notes that shaped this module:

- an unfinished `execute()` result owns its connection (a later `sql()` raises ResourceInUseException),
  so every look-up here drains its result with `fetchall()`;
- long reads (`iter_signatures`, export) stream Arrow batches from a separate `cursor()`, so the
  main connection stays free for writes while a reader is open.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from faultline.errors import InputError, StoreError
from faultline.records import Article, Author, Rejection, Removed
from faultline.store import schema
from faultline.store.schema import ASSESSMENT_TABLES
from faultline.store.extraction import SCHEMAS as EXTRACTION_SCHEMAS
from faultline.store.extraction import TABLES as EXTRACTION_TABLES
from faultline.store.extraction import extraction_tables

MEMORY = ":memory:"

TABLES: tuple[str, ...] = (
    "articles", "article_minhash", "ingest_errors", *EXTRACTION_TABLES, *ASSESSMENT_TABLES, "schema_migrations"
)
EXPORTABLE: tuple[str, ...] = ("articles", "article_minhash", "ingest_errors", *EXTRACTION_TABLES, *ASSESSMENT_TABLES)
DUPLICATE_KINDS: tuple[str, ...] = ("exact", "near")

ARTICLE_COLUMNS: tuple[str, ...] = (
    "id",
    "source_path",
    "title",
    "subtitle",
    "authors",
    "outlet",
    "published",
    "published_from",
    "url",
    "related_urls",
    "syndicated_from",
    "paragraphs",
    "text",
    "removed",
    "duplicate_of",
    "duplicate_kind",
    "text_hash",
    "ingested_at",
)

# Pinned Arrow schemas of the batch tables (STYLE 4): DuckDB scans these by column name.
ARTICLE_ARROW = pa.schema(
    [
        ("id", pa.string()),
        ("source_path", pa.string()),
        ("title", pa.string()),
        ("subtitle", pa.string()),
        ("authors", pa.list_(pa.struct([("name", pa.string()), ("affiliation", pa.string())]))),
        ("outlet", pa.string()),
        ("published", pa.date32()),
        ("published_from", pa.string()),
        ("url", pa.string()),
        ("related_urls", pa.list_(pa.string())),
        ("syndicated_from", pa.string()),
        ("paragraphs", pa.list_(pa.string())),
        ("text", pa.string()),
        ("removed", pa.list_(pa.struct([("text", pa.string()), ("reason", pa.string())]))),
        ("duplicate_of", pa.string()),
        ("duplicate_kind", pa.string()),
        ("text_hash", pa.string()),
        ("ingested_at", pa.timestamp("us")),
    ]
)
# int64, not uint32: the engine's CAST to UINTEGER[] checks the range inside the transaction.
SIGNATURE_ARROW = pa.schema([("article_id", pa.string()), ("signature", pa.list_(pa.int64()))])
ERROR_ARROW = pa.schema(
    [
        ("source_path", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("seen", pa.timestamp("us")),
    ]
)

_BATCH_ARTICLES = "_faultline_batch_articles"
_BATCH_SIGNATURES = "_faultline_batch_signatures"
_BATCH_ERRORS = "_faultline_batch_errors"

_INSERT_ARTICLES = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
    f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM {_BATCH_ARTICLES} ON CONFLICT (id) DO NOTHING"
)
_INSERT_SIGNATURES = (
    "INSERT INTO article_minhash (article_id, signature) "
    f"SELECT article_id, CAST(signature AS UINTEGER[]) FROM {_BATCH_SIGNATURES} "
    "ON CONFLICT (article_id) DO NOTHING"
)
_UPSERT_ERRORS = (
    "INSERT INTO ingest_errors (source_path, reason, detail, first_seen, last_seen) "
    f"SELECT source_path, reason, detail, seen, seen FROM {_BATCH_ERRORS} "
    "ON CONFLICT (source_path) DO UPDATE SET reason = excluded.reason, "
    "detail = excluded.detail, last_seen = excluded.last_seen"
)

_NOT_A_DATABASE = "not a valid DuckDB database file"
LIST_LIMIT_MAX = 10_000
PREFIX_CANDIDATES_SHOWN = 10


def parse_published(article: Article) -> date | None:
    """`Article.published` is "" or YYYY-MM-DD; anything else is a cleaner bug, named here."""
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published)
    except ValueError:
        raise StoreError(
            f"article {article.id} ({article.source_path}) has published={article.published!r}, "
            "not an ISO date",
            "the cleaner must set published to YYYY-MM-DD or leave it empty",
        ) from None


def article_row(article: Article, duplicate_kind: str | None, ingested_at: datetime) -> dict[str, Any]:
    """The one function from an Article to its `articles` row."""
    row = article.to_row()
    row["published"] = parse_published(article)
    row["duplicate_kind"] = duplicate_kind
    row["ingested_at"] = ingested_at
    return {name: row[name] for name in ARTICLE_COLUMNS}


def row_article(row: dict[str, Any]) -> Article:
    """The inverse of `article_row`: a stored row back as the dataclass (derived `text` dropped)."""
    published = row["published"]
    return Article(
        id=row["id"],
        source_path=row["source_path"] or "",
        title=row["title"] or "",
        subtitle=row["subtitle"] or "",
        authors=[Author(a["name"] or "", a["affiliation"] or "") for a in row["authors"] or []],
        outlet=row["outlet"] or "",
        published=published.isoformat() if published is not None else "",
        published_from=row["published_from"] or "",
        url=row["url"] or "",
        related_urls=list(row["related_urls"] or []),
        syndicated_from=row["syndicated_from"] or "",
        paragraphs=list(row["paragraphs"] or []),
        removed=[Removed(r["text"] or "", r["reason"] or "") for r in row["removed"] or []],
        duplicate_of=row["duplicate_of"],
        text_hash=row["text_hash"] or "",
    )


def escape_like(text: str) -> str:
    """Make `text` literal inside a LIKE pattern that declares ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def check_table(table: str, choices: Sequence[str]) -> str:
    """Table names are never parameters in SQL, so only whitelisted ones reach a query."""
    if table not in choices:
        raise InputError(f"unknown table {table!r}", f"choose one of: {', '.join(choices)}")
    return table


class Store:
    """One open DuckDB store. Use `Store.open(path)`; the constructor takes an open connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection, where: str, version: int, read_only: bool) -> None:
        self._con = con
        self.where = where
        self.read_only = read_only
        self._version = version

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> Store:
        """Open (creating and migrating when writable) the store at `path`, or ":memory:"."""
        where = str(path)
        if where != MEMORY and not read_only:
            Path(where).parent.mkdir(parents=True, exist_ok=True)
        con = _connect(where, read_only)
        if read_only:
            version = schema.current_version(con)
            schema.check_known(version, where)
            if version < schema.LATEST_VERSION:
                con.close()
                raise StoreError(
                    f"store {where} is at schema version {version}, this faultline needs "
                    f"{schema.LATEST_VERSION}",
                    "open it once without --read-only so it can be migrated",
                )
        else:
            try:
                version = schema.migrate(con, where)
            except StoreError:
                con.close()
                raise
        return cls(con, where, version, read_only)

    def session(self) -> Store:
        """A Store on a new cursor of this connection: for one thread (a web request, an ingest job).

        A DuckDB cursor is an independent connection to the same database: readers on one see what
        others commit, and each closes on its own. Close the session, not the store, when done."""
        return Store(self._con.cursor(), self.where, self._version, self.read_only)

    @property
    def schema_version(self) -> int:
        return self._version

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- reads ---------------------------------------------------------------------------------

    def _rows(self, query: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run a look-up and drain it: an undrained result would block the connection (DuckDB 2.0)."""
        return self._con.execute(query, list(params)).fetchall()

    def count(self, table: str) -> int:
        check_table(table, TABLES)
        return int(self._rows(f"SELECT count(*) FROM {table}")[0][0])

    def error_counts(self) -> dict[str, int]:
        """Rejected inputs per reason, most frequent first, for the end-of-run table (STYLE 8)."""
        rows = self._rows(
            "SELECT reason, count(*) AS n FROM ingest_errors GROUP BY reason ORDER BY n DESC, reason"
        )
        return {reason: int(n) for reason, n in rows}

    def all_ids(self) -> list[str]:
        """Every stored article id (16 bytes each: a million articles is ~100 MB as a Python set)."""
        return [row[0] for row in self._rows("SELECT id FROM articles")]

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of `ids` already stored, so an ingest can skip re-cleaning them."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self._rows(
            "SELECT id FROM articles WHERE id IN (SELECT unnest(CAST(? AS VARCHAR[])))", [wanted]
        )
        return {row[0] for row in rows}

    def owners_of_text_hashes(self, hashes: Iterable[str]) -> dict[str, str]:
        """text_hash -> the earliest-ingested stored original with it: what a new exact copy points to.

        Ties inside one batch (same `ingested_at`) go to the smaller id so the answer is stable.
        """
        wanted = list(dict.fromkeys(hashes))
        if not wanted:
            return {}
        rows = self._rows(
            "SELECT text_hash, id FROM articles "
            "WHERE text_hash IN (SELECT unnest(CAST(? AS VARCHAR[]))) AND duplicate_of IS NULL "
            "QUALIFY row_number() OVER (PARTITION BY text_hash ORDER BY ingested_at, id) = 1",
            [wanted],
        )
        return {text_hash: article_id for text_hash, article_id in rows}

    def iter_signatures(self, batch_size: int = 10_000) -> Iterator[tuple[str, list[int]]]:
        """Every stored MinHash signature, streamed in id order, to rebuild the LSH index."""
        query = "SELECT article_id, signature FROM article_minhash ORDER BY article_id"
        for batch in self.read_batches(query, batch_size=batch_size):
            ids = batch.column("article_id").to_pylist()
            signatures = batch.column("signature").to_pylist()
            yield from zip(ids, signatures, strict=True)

    def list_articles(
        self,
        limit: int = 50,
        offset: int = 0,
        search: str | None = None,
        outlet: str | None = None,
    ) -> list[dict[str, Any]]:
        """One page of article summaries in ingest order; `search` is a case-insensitive substring."""
        if not 0 <= limit <= LIST_LIMIT_MAX or offset < 0:
            raise InputError(
                f"limit={limit} offset={offset} out of range",
                f"use 0 <= --limit <= {LIST_LIMIT_MAX} and --offset >= 0",
            )
        where: list[str] = []
        params: list[object] = []
        if search:
            pattern = f"%{escape_like(search)}%"
            where.append("(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')")
            params += [pattern, pattern]
        if outlet is not None:
            where.append("outlet = ?")
            params.append(outlet)
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        rows = self._rows(
            "SELECT id, title, outlet, coalesce(strftime(published, '%Y-%m-%d'), ''), url, "
            "duplicate_of, len(paragraphs), len(removed) FROM articles "
            f"{clause}ORDER BY ingested_at, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        keys = ("id", "title", "outlet", "published", "url", "duplicate_of", "paragraphs", "removed")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def get_article(self, id_or_prefix: str) -> Article:
        """The full article for an id or an unambiguous id prefix (as git takes short hashes)."""
        if not id_or_prefix:
            raise InputError("empty article id", "list ids with `faultline articles`")
        columns = ", ".join(ARTICLE_COLUMNS)
        rows = self._rows(f"SELECT {columns} FROM articles WHERE id = ?", [id_or_prefix])
        if not rows:
            matches = self._rows(
                "SELECT id FROM articles WHERE starts_with(id, ?) ORDER BY id LIMIT ?",
                [id_or_prefix, PREFIX_CANDIDATES_SHOWN + 1],
            )
            if not matches:
                raise InputError(
                    f"no article with id {id_or_prefix!r}", "list ids with `faultline articles`"
                )
            if len(matches) > 1:
                shown = ", ".join(m[0] for m in matches[:PREFIX_CANDIDATES_SHOWN])
                more = ", ..." if len(matches) > PREFIX_CANDIDATES_SHOWN else ""
                raise InputError(
                    f"article id prefix {id_or_prefix!r} is ambiguous: {shown}{more}",
                    "give more characters of the id",
                )
            rows = self._rows(f"SELECT {columns} FROM articles WHERE id = ?", [matches[0][0]])
        return row_article(dict(zip(ARTICLE_COLUMNS, rows[0], strict=True)))

    def iter_articles(self, only_unextracted: bool, batch_size: int = 500) -> Iterator[Article]:
        """Stored articles in ingest order, streamed; with `only_unextracted`, those with no sentences rows."""
        columns = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
        where = " WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)" if only_unextracted else ""
        query = f"SELECT {columns} FROM articles a{where} ORDER BY a.ingested_at, a.id"
        for batch in self.read_batches(query, batch_size=batch_size):
            for row in batch.to_pylist():
                yield row_article(row)

    def replace_extractions(self, article_ids: Sequence[str], extraction: dict[str, pa.Table]) -> None:
        """Swap the extraction rows of these articles for new ones (`extraction_tables`), in one transaction."""
        if self.read_only:
            raise StoreError(f"store {self.where} is open read-only", "open it without --read-only")
        tables = {f"_faultline_batch_{name}": t for name, t in extraction.items()}
        ids = pa.table({"id": pa.array(list(article_ids), pa.string())})
        tables["_faultline_batch_ids"] = ids
        try:
            for name, table in tables.items():
                self._con.register(name, table)
            self._con.begin()
            try:
                for name in EXTRACTION_TABLES:
                    self._con.execute(
                        f"DELETE FROM {name} WHERE article_id IN (SELECT id FROM _faultline_batch_ids)"
                    ).fetchall()
                    self._con.execute(_insert_extraction(name)).fetchall()
                self._con.commit()
            except duckdb.Error as err:
                self._con.rollback()
                raise StoreError(
                    f"could not replace the extractions of {len(article_ids)} articles in {self.where}: {err}",
                    "nothing was changed; re-run `faultline extract`",
                ) from err
        finally:
            for name in tables:
                self._con.unregister(name)

    def extraction_rows(self, table: str, article_id: str) -> list[dict[str, Any]]:
        """Rows of one extraction table for one article, in document order."""
        check_table(table, EXTRACTION_TABLES)
        order = "idx" if table == "sentences" else '"start", "end"'
        with self._cursor() as cursor:
            return cursor.sql(
                f"SELECT * FROM {table} WHERE article_id = $id ORDER BY {order}", params={"id": article_id}
            ).to_arrow_table().to_pylist()

    def claims_with_quantities(self) -> list[dict[str, Any]]:
        """Every stored claim that carries a quantity: the input of store-wide conflict linking."""
        with self._cursor() as cursor:
            return cursor.sql("SELECT * FROM claims WHERE quantity IS NOT NULL ORDER BY id").to_arrow_table().to_pylist()

    def set_conflicts(self, conflicts: dict[str, list[str]]) -> None:
        """Replace `conflicts_with` of the given claims, in one transaction."""
        if not conflicts:
            return
        table = pa.table(
            {"id": list(conflicts), "conflicts_with": [sorted(v) for v in conflicts.values()]},
            schema=pa.schema([("id", pa.string()), ("conflicts_with", pa.list_(pa.string()))]),
        )
        self._con.register("_faultline_conflicts", table)
        try:
            self._con.begin()
            self._con.execute(
                "UPDATE claims SET conflicts_with = c.conflicts_with FROM _faultline_conflicts c WHERE claims.id = c.id"
            ).fetchall()
            self._con.commit()
        finally:
            self._con.unregister("_faultline_conflicts")

    def query(self, query: str, params: dict[str, object] | None = None) -> list[dict[str, Any]]:
        """Rows of a look-up as dicts, on a cursor of their own. For this package's modules only:
        `query` is literal SQL with named ``$parameters``; every value goes in `params`, bound."""
        with self._cursor() as cursor:
            return cursor.sql(query, params=params or {}).to_arrow_table().to_pylist()

    def execute(self, statements: Sequence[tuple[str, dict[str, object]]]) -> None:
        """Run write statements (literal SQL, bound ``$parameters``) in one transaction: all or nothing."""
        if self.read_only:
            raise StoreError(f"store {self.where} is open read-only", "open it without --read-only")
        self._con.begin()
        try:
            for statement, params in statements:
                self._con.execute(statement, params).fetchall()
            self._con.commit()
        except duckdb.Error as err:
            self._con.rollback()
            raise StoreError(f"could not write to {self.where}: {err}", "nothing was changed; re-run the command") from err

    def register_and_run(self, tables: dict[str, pa.Table], statements: Sequence[str]) -> None:
        """Insert Arrow tables with literal statements that read them by name, in one transaction."""
        if self.read_only:
            raise StoreError(f"store {self.where} is open read-only", "open it without --read-only")
        try:
            for name, table in tables.items():
                self._con.register(name, table)
            self._con.begin()
            try:
                for statement in statements:
                    self._con.execute(statement).fetchall()
                self._con.commit()
            except duckdb.Error as err:
                self._con.rollback()
                raise StoreError(f"could not write to {self.where}: {err}", "nothing was changed; re-run the command") from err
        finally:
            for name in tables:
                self._con.unregister(name)

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def read_batches(self, query: str, batch_size: int = 10_000) -> Iterator[pa.RecordBatch]:
        """Stream a query's rows as Arrow batches from a cursor, never the whole result at once.

        For this package's modules only: `query` must be built from the whitelisted names above.
        """
        with self._cursor() as cursor:
            reader = cursor.sql(query).to_arrow_reader(batch_size)
            yield from reader

    def write_parquet(self, query: str, path: Path) -> None:
        """Write a query's result to a Parquet file; the engine streams it, Python holds no rows."""
        with self._cursor() as cursor:
            cursor.sql(query).write_parquet(str(path), overwrite=True)

    # -- writes --------------------------------------------------------------------------------

    @contextmanager
    def threads(self, count: int | None) -> Iterator[None]:
        """DuckDB's threads set to `count` (None: left as they are) while the block runs, then put back.

        An ingest over worker processes leaves its writer the cores the workers do not use: on two
        cores DuckDB's own threads only competed with the workers (measured on the official releases:
        the writes cost 2.2 s of CPU with DuckDB's default, 1.7 s with one thread; issue 3). The
        setting is the database's, so other cursors of it (the web app's pages) share it meanwhile."""
        if count is None:
            yield
            return
        before = int(self._rows("SELECT current_setting('threads')")[0][0])
        self._con.execute(f"SET threads = {max(1, int(count))}")
        try:
            yield
        finally:
            with suppress(duckdb.Error):  # a broken connection has no setting left to restore
                self._con.execute(f"SET threads = {before}")

    def write_batch(
        self,
        articles: list[Article],
        signatures: dict[str, Sequence[int]],
        errors: list[Rejection],
        duplicate_kinds: dict[str, str] | None = None,
        extraction: dict[str, pa.Table] | None = None,
    ) -> int:
        """Store one ingest batch atomically; return how many articles were new.

        Articles already stored are skipped (re-ingesting a corpus is a no-op), their signatures
        too. Re-rejecting a source updates its ingest_errors row. If anything fails, nothing of
        the batch is stored, so a crashed ingest can simply be run again.
        """
        if self.read_only:
            raise StoreError(f"store {self.where} is open read-only", "open it without --read-only")
        tables = self._batch_tables(articles, signatures, errors, duplicate_kinds or {})
        extracted = extraction if extraction else extraction_tables([])
        tables.update({f"_faultline_batch_{name}": table for name, table in extracted.items()})
        try:
            for name, table in tables.items():
                self._con.register(name, table)
            self._con.begin()
            try:
                inserted = int(self._con.execute(_INSERT_ARTICLES).fetchall()[0][0])
                self._con.execute(_INSERT_SIGNATURES).fetchall()
                self._con.execute(_UPSERT_ERRORS).fetchall()
                for name in EXTRACTION_TABLES:
                    self._con.execute(_insert_extraction(name)).fetchall()
            except BaseException as err:
                self._con.rollback()
                if isinstance(err, duckdb.Error):
                    raise StoreError(
                        f"could not write a batch of {len(articles)} articles to {self.where}: {err}",
                        "nothing of this batch was stored; fix the record named above and re-run",
                    ) from err
                raise
            try:
                self._con.commit()  # a failed commit ends the transaction itself: nothing to roll back
            except duckdb.Error as err:
                raise StoreError(
                    f"could not commit a batch of {len(articles)} articles to {self.where}: {err}",
                    "nothing of this batch was stored; check free disk space and re-run",
                ) from err
        finally:
            for name in tables:
                self._con.unregister(name)
        return inserted

    def _batch_tables(
        self,
        articles: list[Article],
        signatures: dict[str, Sequence[int]],
        errors: list[Rejection],
        duplicate_kinds: dict[str, str],
    ) -> dict[str, pa.Table]:
        """Validate the batch and build its Arrow tables, before any transaction is opened."""
        first: dict[str, Article] = {}
        for article in articles:  # an id twice in one batch: the first copy is the one stored
            first.setdefault(article.id, article)
        unique = list(first.values())
        ids = set(first)
        strays = sorted(set(signatures) - ids) + sorted(set(duplicate_kinds) - ids)
        if strays:
            raise StoreError(
                f"signatures or duplicate kinds for articles not in the batch: {', '.join(strays[:5])}",
                "pass them together with their articles in one write_batch call",
            )
        bad_kinds = sorted(k for k, v in duplicate_kinds.items() if v not in DUPLICATE_KINDS)
        if bad_kinds:
            raise StoreError(
                f"unknown duplicate kind for {', '.join(bad_kinds[:5])}",
                f"use one of: {', '.join(DUPLICATE_KINDS)}",
            )
        now = schema.utc_now()
        article_rows = [article_row(a, duplicate_kinds.get(a.id), now) for a in unique]
        # One row per source: the last rejection in the batch wins, as a later run would.
        error_rows = {
            e.source_path: {"source_path": e.source_path, "reason": e.reason, "detail": e.detail, "seen": now}
            for e in errors
        }
        return {
            _BATCH_ARTICLES: pa.Table.from_pylist(article_rows, schema=ARTICLE_ARROW),
            _BATCH_SIGNATURES: pa.Table.from_pydict(
                {"article_id": list(signatures), "signature": [list(s) for s in signatures.values()]},
                schema=SIGNATURE_ARROW,
            ),
            _BATCH_ERRORS: pa.Table.from_pylist(list(error_rows.values()), schema=ERROR_ARROW),
        }


def _insert_extraction(table: str) -> str:
    """INSERT of one extraction table from its batch table (names from the pinned schemas only)."""
    columns = ", ".join(f'"{name}"' for name in EXTRACTION_SCHEMAS[table].names)
    conflict = " ON CONFLICT DO NOTHING" if "id" in EXTRACTION_SCHEMAS[table].names else ""
    return f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _faultline_batch_{table}{conflict}"


def _connect(where: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the database file, turning DuckDB's IO errors into ones that say what to do."""
    if read_only and where != MEMORY and not Path(where).is_file():
        raise StoreError(f"no store at {where}", "run `faultline ingest` first or pass the right --db")
    try:
        return duckdb.connect(where, read_only=read_only)
    except duckdb.IOException as err:
        if _NOT_A_DATABASE in str(err) or Path(where).is_dir():
            raise StoreError(
                f"{where} is not a DuckDB database",
                "pass the path of a faultline store with --db, or move that file away",
            ) from None
        raise StoreError(
            f"cannot open store {where}: {err}",
            "close the other program using it, or pass another --db",
        ) from None
