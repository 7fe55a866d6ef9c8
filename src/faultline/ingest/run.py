"""The ingest job: read -> (extract HTML) -> clean -> dedup -> store, in committed batches.

Each batch of articles, with the rejections seen since the last one, is written in one store
transaction, so killing the process leaves a consistent store and re-running completes it
(articles already stored are recognised by id and skipped).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from faultline.ingest.clean import clean
from faultline.ingest.dedup import Deduplicator
from faultline.records import Article, RawDoc, Rejection
from faultline.store.db import Store


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
            "batches": self.batches,
            "seconds": round(self.seconds, 3),
        }


ProgressHook = Callable[[IngestSummary, str], None]


def prepare(item: RawDoc | Rejection) -> Article | Rejection:
    """One document through extraction and cleaning: pure, so a process pool can run it."""
    if isinstance(item, Rejection):
        return item
    if item.kind == "html":
        from faultline.ingest.html import extract_html

        extracted = extract_html(item)
        if isinstance(extracted, Rejection):
            return extracted
        item = extracted
    return clean(item)


def _prepared(items: Iterable[RawDoc | Rejection], workers: int) -> Iterator[Article | Rejection]:
    if workers <= 1:
        yield from map(prepare, items)
        return
    import multiprocessing

    # spawn, not fork: the parent holds DuckDB's threads, and a forked child could inherit a held lock.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        yield from pool.imap(prepare, items, chunksize=8)


class _Batcher:
    """Collects articles and rejections and writes them in one transaction per batch."""

    def __init__(self, store: Store, dedup: Deduplicator, summary: IngestSummary, hook: ProgressHook | None) -> None:
        self.store = store
        self.dedup = dedup
        self.summary = summary
        self.hook = hook
        self.articles: list[Article] = []
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
            minhash = self.dedup.signature(article)
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
        self.summary.stored += self.store.write_batch(keep, signatures, self.errors, kinds)
        self.summary.batches += 1
        self.articles, self.errors = [], []
        if self.hook:
            self.hook(self.summary, "batch")


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    settings: dict[str, object],
    hook: ProgressHook | None = None,
    stdin: BinaryIO | None = None,
) -> IngestSummary:
    """Ingest every document under `paths` into `store`; return the accounting of the run."""
    from faultline.ingest.read import Reader

    started = time.perf_counter()
    summary = IngestSummary()
    dedup = Deduplicator(
        int(settings["minhash_perm"]), float(settings["near_dup_threshold"]), int(settings["shingle_size"])
    )
    dedup.load(store.iter_signatures())
    reader = Reader(settings)
    batcher = _Batcher(store, dedup, summary, hook)
    batch_size = int(settings["batch_size"])
    workers = int(settings["workers"]) or os.cpu_count() or 1
    for result in _prepared(reader.read(paths, stdin=stdin), workers):
        summary.records += 1
        summary.files_read = reader.files_read
        if isinstance(result, Rejection):
            summary.reject(result)
            batcher.errors.append(result)
        else:
            batcher.articles.append(result)
        if len(batcher.articles) >= batch_size or len(batcher.errors) >= batch_size:
            batcher.flush()
        elif hook:
            hook(summary, "record")
    batcher.flush()
    summary.files_read = reader.files_read
    summary.seconds = time.perf_counter() - started
    return summary
