"""The store's schema as an ordered list of migrations, and the code that applies them at open.

A migration is `(version, statements)`. Versions only go up; a released migration is never edited,
a change is a new migration appended at the end (DESIGN.md: "rename none without a migration").
Each migration runs in its own transaction together with the row that records it in
`schema_migrations`, so a store is always at exactly one version.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from faultline.errors import StoreError

Migration = tuple[int, tuple[str, ...]]

BOOTSTRAP = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"
)

MIGRATIONS: tuple[Migration, ...] = (
    (
        1,
        (
            """
            CREATE TABLE articles (
                id VARCHAR PRIMARY KEY,
                source_path VARCHAR,
                title VARCHAR,
                subtitle VARCHAR,
                authors STRUCT(name VARCHAR, affiliation VARCHAR)[],
                outlet VARCHAR,
                published DATE,
                published_from VARCHAR,
                url VARCHAR,
                related_urls VARCHAR[],
                syndicated_from VARCHAR,
                paragraphs VARCHAR[],
                text VARCHAR,
                removed STRUCT(text VARCHAR, reason VARCHAR)[],
                duplicate_of VARCHAR,
                duplicate_kind VARCHAR,
                text_hash VARCHAR,
                ingested_at TIMESTAMP
            )
            """,
            "CREATE INDEX articles_text_hash ON articles (text_hash)",
            """
            CREATE TABLE article_minhash (
                article_id VARCHAR PRIMARY KEY,
                signature UINTEGER[]
            )
            """,
            """
            CREATE TABLE ingest_errors (
                source_path VARCHAR PRIMARY KEY,
                reason VARCHAR,
                detail VARCHAR,
                first_seen TIMESTAMP,
                last_seen TIMESTAMP
            )
            """,
        ),
    ),
    (
        # Extraction tables (issue 3): sentences, mentions, time expressions, quantities, claims,
        # events. Their columns match the pinned Arrow schemas of store/extraction.py (a test checks).
        2,
        (
            'CREATE TABLE sentences ("id" VARCHAR, "article_id" VARCHAR, "idx" INTEGER, "start" INTEGER, "end" INTEGER, "text" VARCHAR, PRIMARY KEY (id))',
            'CREATE INDEX sentences_article ON sentences (article_id)',
            'CREATE TABLE mentions ("article_id" VARCHAR, "sentence_id" VARCHAR, "start" INTEGER, "end" INTEGER, "text" VARCHAR, "kind" VARCHAR, "actor" VARCHAR, "sector" VARCHAR, "entity" VARCHAR, "sector2" VARCHAR, "rule" VARCHAR, "weapon_type" VARCHAR, "operators" VARCHAR[], "block" VARCHAR)',
            'CREATE INDEX mentions_article ON mentions (article_id)',
            'CREATE TABLE time_expressions ("article_id" VARCHAR, "sentence_id" VARCHAR, "start" INTEGER, "end" INTEGER, "text" VARCHAR, "value_start" DATE, "value_end" DATE, "granularity" VARCHAR, "anchor" VARCHAR, "year_inferred" BOOLEAN)',
            'CREATE INDEX time_expressions_article ON time_expressions (article_id)',
            'CREATE TABLE quantities ("article_id" VARCHAR, "sentence_id" VARCHAR, "start" INTEGER, "end" INTEGER, "text" VARCHAR, "value" DOUBLE, "low" DOUBLE, "high" DOUBLE, "unit" VARCHAR, "about" VARCHAR, "converted" VARCHAR, "approximate" BOOLEAN)',
            'CREATE INDEX quantities_article ON quantities (article_id)',
            'CREATE TABLE claims ("id" VARCHAR, "article_id" VARCHAR, "sentence_id" VARCHAR, "start" INTEGER, "end" INTEGER, "sentence" VARCHAR, "source" STRUCT("text" VARCHAR, "actor" VARCHAR, "sector" VARCHAR, "name" VARCHAR), "cue" VARCHAR, "content" VARCHAR, "quantity" STRUCT("text" VARCHAR, "value" DOUBLE, "low" DOUBLE, "high" DOUBLE, "unit" VARCHAR, "about" VARCHAR, "approximate" BOOLEAN), "modality" VARCHAR, "conflicts_with" VARCHAR[], "subject" VARCHAR, PRIMARY KEY (id))',
            'CREATE INDEX claims_article ON claims (article_id)',
            'CREATE TABLE events ("id" VARCHAR, "article_id" VARCHAR, "sentence_id" VARCHAR, "start" INTEGER, "end" INTEGER, "sentence" VARCHAR, "event_type" VARCHAR, "mode" VARCHAR, "source" STRUCT("text" VARCHAR, "actor" VARCHAR, "sector" VARCHAR, "name" VARCHAR), "target" STRUCT("text" VARCHAR, "actor" VARCHAR, "sector" VARCHAR, "name" VARCHAR), "location" VARCHAR, "date" STRUCT("start" VARCHAR, "end" VARCHAR, "text" VARCHAR), "modality" VARCHAR, "trigger" VARCHAR, "cameo" VARCHAR, "rule" VARCHAR, PRIMARY KEY (id))',
            'CREATE INDEX events_article ON events (article_id)',
        ),
    ),
    (
        # Assessment (issue 4): the evidence of the latest run of each question, every assessment
        # computed, and analysts' overrides. Overrides are never rewritten by ingest or extraction: an
        # undo stamps `undone_at`, so the history of who did what stays.
        3,
        (
            'CREATE TABLE evidence ("id" VARCHAR, "framework" VARCHAR, "question" VARCHAR, "factor" VARCHAR, "direction" VARCHAR, '
            '"weight" DOUBLE, "effective" DOUBLE, "item" VARCHAR, "item_kind" VARCHAR, "quote" VARCHAR, "article_id" VARCHAR, '
            '"sentence_id" VARCHAR, "start" INTEGER, "end" INTEGER, "rule" VARCHAR, "modality" VARCHAR, "source" VARCHAR, '
            '"reliability" VARCHAR, "credibility" INTEGER, "published" DATE, "rejected" BOOLEAN, "analyst" VARCHAR, '
            '"computed_at" TIMESTAMP, PRIMARY KEY (framework, question, id))',
            'CREATE TABLE assessments ("framework" VARCHAR, "question" VARCHAR, "as_of" DATE, "computed_at" TIMESTAMP, '
            '"probability" DOUBLE, "low" DOUBLE, "high" DOUBLE, "words" VARCHAR, "confidence" VARCHAR, "summary" VARCHAR, "record" JSON)',
            'CREATE TABLE evidence_overrides ("id" VARCHAR PRIMARY KEY, "framework" VARCHAR, "question" VARCHAR, "evidence_id" VARCHAR, '
            '"action" VARCHAR, "factor" VARCHAR, "direction" VARCHAR, "weight" DOUBLE, "article_id" VARCHAR, "sentence_id" VARCHAR, '
            '"quote" VARCHAR, "note" VARCHAR, "analyst" VARCHAR, "created_at" TIMESTAMP, "undone_at" TIMESTAMP, "undone_by" VARCHAR)',
            'CREATE INDEX evidence_overrides_question ON evidence_overrides (framework, question)',
        ),
    ),
    (
        # The web app (issue 5): analysts' source grades and the questions they define. Like overrides,
        # rows are never deleted: an undo stamps `undone_at`; the latest row in force for a name wins.
        4,
        (
            (
                'CREATE TABLE source_grades ("id" VARCHAR PRIMARY KEY, "name" VARCHAR, "grade" VARCHAR, "why" VARCHAR, '
                '"analyst" VARCHAR, "created_at" TIMESTAMP, "undone_at" TIMESTAMP, "undone_by" VARCHAR)'
            ),
            (
                'CREATE TABLE questions ("id" VARCHAR PRIMARY KEY, "framework" VARCHAR, "question" VARCHAR, "actor" VARCHAR, '
                '"action" VARCHAR, "target" VARCHAR, "via" VARCHAR, "scenarios" VARCHAR, "analyst" VARCHAR, "created_at" TIMESTAMP, '
                '"undone_at" TIMESTAMP, "undone_by" VARCHAR)'
            ),
        ),
    ),
)

LATEST_VERSION: int = MIGRATIONS[-1][0]


def utc_now() -> datetime:
    """Naive UTC timestamp: the store's TIMESTAMP columns hold UTC so stores compare across zones."""
    return datetime.now(UTC).replace(tzinfo=None)


def _has_migrations_table(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'"
    ).fetchall()
    return rows[0][0] > 0


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied migration, 0 for a store that has none (a new or foreign database)."""
    if not _has_migrations_table(con):
        return 0
    rows = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()
    return int(rows[0][0])


def check_known(version: int, where: str) -> None:
    """Refuse a store written by a newer faultline: its tables may mean things this code does not know."""
    if version > LATEST_VERSION:
        raise StoreError(
            f"store {where} has schema version {version}, newer than the {LATEST_VERSION} "
            "this faultline knows",
            "upgrade faultline",
        )


def migrate(con: duckdb.DuckDBPyConnection, where: str) -> int:
    """Apply every pending migration, each in one transaction; return the resulting version."""
    con.execute(BOOTSTRAP)
    version = current_version(con)
    check_known(version, where)
    applied_at = utc_now()  # one stamp per open, however many migrations it applies
    for target, statements in MIGRATIONS:
        if target <= version:
            continue
        con.begin()
        try:
            for statement in statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                [target, applied_at],
            )
            con.commit()
        except duckdb.Error as err:
            con.rollback()
            raise StoreError(
                f"migration {target} of store {where} failed: {err}",
                "restore the store from a backup or re-ingest into a new --db",
            ) from err
        version = target
    return version

# Tables of migration 3 (assessment), in the order `faultline export` lists them.
ASSESSMENT_TABLES: tuple[str, ...] = ("evidence", "assessments", "evidence_overrides")
# Tables of migration 4 (the web app's analyst records).
ANALYST_TABLES: tuple[str, ...] = ("source_grades", "questions")
