"""The ingest job: read -> (extract HTML) -> clean -> dedup -> store, in committed batches.

Each batch of articles, with the rejections seen since the last one, is written in one store
transaction, so killing the process leaves a consistent store and re-running completes it
(articles already stored are recognised by id and skipped).
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyarrow as pa

from faultline.ingest.clean import clean
from faultline.ingest.signature import Permutations, signature_values
from faultline.records import FACTUAL, Article, RawDoc, Rejection
from faultline.store.db import Store

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from faultline.extract.pipeline import Extraction
    from faultline.ingest.dedup import Deduplicator


@dataclass(slots=True)
class IngestSummary:
    """What went in, what came out, and what was dropped why."""

    files_read: int = 0
    records: int = 0
    stored: int = 0
    repeats: int = 0
    duplicates: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    examples: dict[str, Rejection] = field(default_factory=dict)
    batches: int = 0
    seconds: float = 0.0
    extracted: Counter[str] = field(default_factory=Counter)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def reject(self, rejection: Rejection) -> None:
        self.rejected[rejection.reason] += 1
        self.examples.setdefault(rejection.reason, rejection)

    def to_dict(self) -> dict[str, object]:
        return {
            "files_read": self.files_read,
            "records": self.records,
            "stored": self.stored,
            "duplicates": dict(self.duplicates),
            "repeats": self.repeats,
            "rejected": dict(self.rejected),
            "extracted": dict(self.extracted),
            "batches": self.batches,
            "seconds": round(self.seconds, 3),
        }


ProgressHook = Callable[[IngestSummary, str], None]


def prepare(item: RawDoc | Article | Rejection) -> Article | Rejection:
    """One document through HTML extraction and cleaning: pure, so a process pool can run it.

    A stored Article (re-extraction) and a reader's Rejection pass through unchanged.
    """
    if isinstance(item, Rejection | Article):
        return item
    if item.kind == "html":
        from faultline.ingest.html import extract_html

        extracted = extract_html(item)
        if isinstance(extracted, Rejection):
            return extracted
        item = extracted
    return clean(item)


@dataclass(slots=True)
class ExtractedRows:
    """One document's rows in the extraction tables of the part it was prepared with.

    A part's documents share one set of tables: building and pickling a set of small Arrow tables
    per document cost more than the rows in them (issue 3).
    """

    tables: dict[str, pa.Table]  # shared by the documents of one part
    ranges: dict[str, tuple[int, int]]  # this document's rows in each table


@dataclass(slots=True)
class Prepared:
    """A document after the per-document stages, in the form the main process stores it.

    The extraction travels as Arrow tables (cheap to pickle, no per-record objects for the main
    process to rebuild) with its counts for the summary.
    """

    result: Article | Rejection
    signature: list[int] | None = None
    rows: ExtractedRows | None = None
    counts: Counter[str] = field(default_factory=Counter)


def extraction_counts(extraction: Extraction) -> Counter[str]:
    return Counter(
        {
            "claims": len(extraction.claims),
            "events": len(extraction.events),
            "non-asserted events": sum(e.modality not in FACTUAL for e in extraction.events),
            "mentions": len(extraction.mentions),
        }
    )


class DocumentWork:
    """The per-document stages, cleaning, MinHash and extraction, as one picklable callable over a
    part of the input (a few documents: their extractions share one set of tables).

    Articles already in the store (by id) are not extracted again: re-ingesting a corpus costs
    only reading and cleaning. Without `permutations` (re-extraction) nothing is signed.
    """

    def __init__(self, extract: bool, known_ids: frozenset[str], permutations: Permutations | None, shingle_size: int) -> None:
        self.extract = extract
        self.known_ids = known_ids
        self.permutations = permutations
        self.shingle_size = shingle_size

    def __call__(self, items: Sequence[RawDoc | Article | Rejection]) -> list[Prepared]:
        from faultline.extract.pipeline import extract_article

        done = [self._prepare(item) for item in items]
        extracted: list[tuple[Prepared, Extraction]] = []
        for prepared in done:
            result = prepared.result
            if self.extract and isinstance(result, Article) and result.id not in self.known_ids:
                extraction = extract_article(result)
                prepared.counts = extraction_counts(extraction)
                extracted.append((prepared, extraction))
        if extracted:
            _attach_tables(extracted)
        return done

    def _prepare(self, item: RawDoc | Article | Rejection) -> Prepared:
        result = prepare(item)
        if isinstance(result, Rejection) or self.permutations is None:
            return Prepared(result)
        return Prepared(result, signature_values(result.text, self.permutations, self.shingle_size))


def _attach_tables(extracted: list[tuple[Prepared, Extraction]]) -> None:
    """Build one set of tables for these extractions and give each document its rows in them."""
    from faultline.store.extraction import RECORDS, TABLES, table

    records: dict[str, list[Any]] = {name: [] for name in TABLES}
    ranges: list[dict[str, tuple[int, int]]] = []
    for _, extraction in extracted:
        own = {}
        for name in TABLES:
            rows = getattr(extraction, RECORDS[name])
            own[name] = (len(records[name]), len(records[name]) + len(rows))
            records[name].extend(rows)
        ranges.append(own)
    tables = {name: table(name, rows) for name, rows in records.items()}
    for (prepared, _), own in zip(extracted, ranges):
        prepared.rows = ExtractedRows(tables, own)


def merge_tables(prepared: Iterable[Prepared]) -> dict[str, pa.Table]:
    """One table per extraction table holding exactly these documents' rows.

    A part's tables go in whole when all of its extracted documents are here (the usual case);
    otherwise (a part split over two store batches, a repeated article dropped) only their rows.
    """
    from faultline.store.extraction import TABLES

    parts: dict[int, tuple[dict[str, pa.Table], list[ExtractedRows]]] = {}
    for p in prepared:
        if p.rows is not None:
            parts.setdefault(id(p.rows.tables), (p.rows.tables, []))[1].append(p.rows)
    if not parts:
        return {}
    merged = {}
    for name in TABLES:
        pieces = []
        for tables, members in parts.values():
            whole = tables[name]
            taken = [i for rows in members for i in range(*rows.ranges[name])]
            pieces.append(whole if len(taken) == whole.num_rows else whole.take(pa.array(taken, pa.int64())))
        merged[name] = pa.concat_tables(pieces)
    return merged


# Documents handed to the pool at a time, and how many such chunks are in flight: bounds memory
# (a Pool's imap would read the whole input ahead) while keeping both workers busy.
POOL_CHUNK = 32
POOL_CHUNKS_IN_FLIGHT = 3
# Documents per task (a part): they share one set of extraction tables.
PART_SIZE = 4
# Parts an input must exceed before worker processes start (64 records: about half a second of
# work on one core, against 1.5 s of start-up per worker; issue 3).
POOL_MIN_PARTS = 16


def _parts(items: Iterable[RawDoc | Rejection], size: int) -> Iterator[list[RawDoc | Rejection]]:
    source = iter(items)
    while part := list(islice(source, size)):
        yield part


class _Executor:
    """Runs `DocumentWork` in this process or over a pool of worker processes.

    The executor is not the pipeline (STYLE 5): the same callable runs either way, and the main
    process keeps only dedup and the store writes, which overlap the workers' next chunks. The pool
    starts only once the input proves longer than POOL_MIN_PARTS parts: each worker first loads the
    knowledge base and builds the extractors (about 1.5 s of CPU), which a few documents do not repay.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: Pool | None = None

    def run(self, work: DocumentWork, items: Iterable[RawDoc | Rejection]) -> Iterator[Prepared]:
        parts = _parts(items, PART_SIZE)
        head = list(islice(parts, POOL_MIN_PARTS + 1)) if self.workers > 1 else []
        if self.workers <= 1 or len(head) <= POOL_MIN_PARTS:
            for part in chain(head, parts):
                yield from work(part)
            return
        import multiprocessing

        # spawn, not fork: the parent holds DuckDB's threads; a forked child could inherit a held lock.
        pool = self.pool = multiprocessing.get_context("spawn").Pool(self.workers)
        parts = chain(head, parts)
        pending: deque[AsyncResult[list[list[Prepared]]]] = deque()

        def submit() -> None:
            chunk = list(islice(parts, POOL_CHUNK // PART_SIZE))
            if chunk:
                pending.append(pool.map_async(work, chunk, chunksize=1))

        for _ in range(POOL_CHUNKS_IN_FLIGHT):
            submit()
        while pending:
            done = pending.popleft().get()
            submit()
            for part in done:
                yield from part

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


class _Batcher:
    """Collects articles and rejections and writes them in one transaction per batch."""

    def __init__(
        self,
        store: Store,
        dedup: Deduplicator,
        summary: IngestSummary,
        hook: ProgressHook | None,
    ) -> None:
        self.store = store
        self.dedup = dedup
        self.summary = summary
        self.hook = hook
        self.articles: list[Article] = []
        self.prepared: dict[str, Prepared] = {}
        self.errors: list[Rejection] = []

    def flush(self) -> None:
        if not self.articles and not self.errors:
            return
        self.dedup.remember(
            self.store.known_ids(a.id for a in self.articles),
            self.store.owners_of_text_hashes(a.text_hash for a in self.articles),
        )
        keep: list[Article] = []
        signatures: dict[str, list[int]] = {}
        kinds: dict[str, str] = {}
        for article in self.articles:
            minhash = self.dedup.from_values(self.prepared[article.id].signature)
            decision = self.dedup.decide(article, minhash)
            if decision.verdict == "repeat":
                self.summary.repeats += 1
                continue
            if decision.verdict in ("exact", "near"):
                article.duplicate_of = decision.owner
                kinds[article.id] = decision.verdict
                self.summary.duplicates[decision.verdict] += 1
            if minhash is not None:
                signatures[article.id] = minhash.hashvalues.tolist()
            keep.append(article)
        extracted = [self.prepared[a.id] for a in keep if self.prepared[a.id].rows is not None]
        for prepared in extracted:
            self.summary.extracted.update(prepared.counts)
        tables = merge_tables(extracted)
        self.summary.stored += self.store.write_batch(keep, signatures, self.errors, kinds, tables)
        self.summary.batches += 1
        self.articles, self.errors, self.prepared = [], [], {}
        if self.hook:
            self.hook(self.summary, "batch")


def reextract(
    store: Store, settings: dict[str, object], everything: bool, hook: ProgressHook | None = None
) -> IngestSummary:
    """Run extraction again on stored articles (all, or those never extracted) and replace their rows.

    For stores ingested with `extract = false`, or after the rules or the knowledge base changed.
    """
    started = time.perf_counter()
    summary = IngestSummary()
    workers = worker_count(settings)
    executor = _Executor(workers)
    work = DocumentWork(True, frozenset(), None, int(settings["shingle_size"]))
    batch: list[Prepared] = []

    def write() -> None:
        store.replace_extractions([p.result.id for p in batch], merge_tables(batch))
        summary.stored += len(batch)
        summary.batches += 1

    try:
        with store.threads(writer_threads(workers)):
            for prepared in executor.run(work, store.iter_articles(only_unextracted=not everything)):
                summary.records += 1
                if prepared.rows is not None:
                    batch.append(prepared)
                    summary.extracted.update(prepared.counts)
                if len(batch) >= int(settings["batch_size"]):
                    write()
                    batch = []
                    if hook:
                        hook(summary, "batch")
            if batch:
                write()
    finally:
        executor.close()
    relink_conflicts(store)
    summary.seconds = time.perf_counter() - started
    return summary


def worker_count(settings: dict[str, object]) -> int:
    """The `workers` setting as a number of processes (0: one per core)."""
    return int(settings["workers"]) or os.cpu_count() or 1


def writer_threads(workers: int) -> int | None:
    """DuckDB threads for the main process of a run configured for `workers` processes: the cores
    they leave (at least one; for an input too small to start them this costs its few writes
    nothing). One process leaves DuckDB as it is (None): between documents every core is free."""
    return None if workers <= 1 else max(1, (os.cpu_count() or 1) - workers)


def relink_conflicts(store: Store) -> int:
    """Link conflicting claims across the whole store (a new article may contradict an old one).

    Returns how many claims changed. Only claims with quantities can conflict, a small share.
    """
    from faultline.extract.conflicts import link_conflicts
    from faultline.store.extraction import claim_from_row

    claims = [claim_from_row(row) for row in store.claims_with_quantities()]
    before = {c.id: sorted(c.conflicts_with) for c in claims}
    for claim in claims:
        claim.conflicts_with = []
    link_conflicts(claims)
    changed = {c.id: c.conflicts_with for c in claims if sorted(c.conflicts_with) != before[c.id]}
    store.set_conflicts(changed)
    return len(changed)


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    settings: dict[str, object],
    hook: ProgressHook | None = None,
    stdin: BinaryIO | None = None,
) -> IngestSummary:
    """Ingest every document under `paths` into `store`; return the accounting of the run."""
    from faultline.ingest.dedup import Deduplicator, permutations
    from faultline.ingest.read import Reader

    started = time.perf_counter()
    summary = IngestSummary()
    dedup = Deduplicator(
        int(settings["minhash_perm"]), float(settings["near_dup_threshold"]), int(settings["shingle_size"])
    )
    dedup.load(store.iter_signatures())
    reader = Reader(settings)
    workers = worker_count(settings)
    executor = _Executor(workers)
    batcher = _Batcher(store, dedup, summary, hook)
    batch_size = int(settings["batch_size"])
    known = frozenset(store.all_ids()) if settings["extract"] else frozenset()
    work = DocumentWork(bool(settings["extract"]), known, permutations(dedup.num_perm), dedup.shingle_size)
    try:
        with store.threads(writer_threads(workers)):
            for prepared in executor.run(work, reader.read(paths, stdin=stdin)):
                result = prepared.result
                summary.records += 1
                summary.files_read = reader.files_read
                if isinstance(result, Rejection):
                    summary.reject(result)
                    batcher.errors.append(result)
                else:
                    batcher.articles.append(result)
                    batcher.prepared.setdefault(result.id, prepared)
                if len(batcher.articles) >= batch_size or len(batcher.errors) >= batch_size:
                    batcher.flush()
                elif hook:
                    hook(summary, "record")
            batcher.flush()
    finally:
        executor.close()
    if summary.extracted["claims"]:
        relink_conflicts(store)
    summary.files_read = reader.files_read
    summary.seconds = time.perf_counter() - started
    return summary
