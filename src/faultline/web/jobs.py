"""Ingest jobs of the web app: uploaded files go through the same `ingest` as the CLI, in a thread.

One worker thread runs the jobs in order, on a store cursor of its own, so pages keep answering from
their own cursors while it writes (DuckDB: one writing process, many connections in it). Progress
comes from ingest's hook and is polled by the page; what the reader refused comes back per file with
its reason, from the store's ``ingest_errors``.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from faultline.errors import FaultlineError
from faultline.ingest.run import IngestSummary, ingest
from faultline.store.schema import utc_now
from faultline.web.context import WebContext
from faultline.web.models import FileResult, IngestJob

log = logging.getLogger(__name__)
KEEP_JOBS = 100


@dataclass
class Job:
    id: str
    analyst: str
    directory: Path
    files: list[FileResult]
    created_at: datetime = field(default_factory=utc_now)
    state: str = "queued"
    records: int = 0
    stored: int = 0
    rejected: int = 0
    summary: dict[str, object] | None = None
    rejections: list[FileResult] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def view(self) -> IngestJob:
        return IngestJob(
            id=self.id, state=self.state, analyst=self.analyst, created_at=self.created_at.isoformat(timespec="seconds"), files=self.files,
            records=self.records, stored=self.stored, rejected=self.rejected, summary=self.summary, rejections=self.rejections,
            articles=self.articles, error=self.error,
        )


class Jobs:
    """The queue of ingest jobs and the thread that works it."""

    def __init__(self, ctx: WebContext) -> None:
        self.ctx = ctx
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: queue.Queue[Job] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, job: Job) -> Job:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="faultline-ingest", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        return list(reversed(self._jobs.values()))

    @property
    def busy(self) -> bool:
        return any(j.state in ("queued", "running") for j in self._jobs.values())

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            self.run(job)

    def run(self, job: Job) -> None:
        paths = [job.directory / f.stored_as for f in job.files if f.status == "accepted" and f.stored_as]
        job.state = "running"

        def progress(summary: IngestSummary, _stage: str) -> None:
            job.records, job.stored, job.rejected = summary.records, summary.stored, summary.rejected_total

        try:
            if paths:
                with self.ctx.store() as store:
                    summary = ingest([str(p) for p in paths], store, self.ctx.settings, hook=progress)
                    progress(summary, "done")
                    job.summary = summary.to_dict()
                    self._results(job, store)
            job.state = "done"
        except FaultlineError as err:
            job.state, job.error = "failed", str(err)
        except Exception as err:  # a worker must outlive one bad job; the job reports it, the log has the trace
            log.exception("ingest job %s failed", job.id)
            job.state, job.error = "failed", f"internal error: {type(err).__name__}: {err}"
        finally:
            job.done.set()

    def _results(self, job: Job, store) -> None:
        """Per-file rejections (the reader's reasons) and the ids of the articles the job stored."""
        prefix = str(job.directory) + "/"
        names = {f.stored_as: f.name for f in job.files if f.stored_as}
        for row in store.query("SELECT source_path, reason, detail FROM ingest_errors WHERE starts_with(source_path, $p) ORDER BY source_path", {"p": prefix}):
            stored = row["source_path"][len(prefix):]
            base = next((n for n in names if stored.startswith(n)), stored)
            where = stored[len(base):]
            job.rejections.append(
                FileResult(name=names.get(base, base) + where, stored_as=stored, size=0, status="rejected", reason=f"{row['reason']}: {row['detail']}")
            )
        job.articles = [r["id"] for r in store.query("SELECT id FROM articles WHERE starts_with(source_path, $p) ORDER BY source_path, id", {"p": prefix})]
