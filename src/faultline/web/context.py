"""What every request of the web app shares: the one open store, the write lock, settings and limits.

DuckDB lets one process write a database file, so the app is that process: it opens the store once and
gives each request, and the ingest thread, a cursor of its own (a cursor is an independent connection to
the same database: readers see committed data while an ingest writes). Analysts' changes and the
assessment they persist are serialised by one lock, so two analysts never race on the same rows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from faultline.store.db import Store

# Upload limits: a file over the per-file cap is refused with its reason; a request over the total
# cap is cut off (413), so nobody can fill the disk through the form.
MAX_UPLOAD_BYTES = 20_000_000
MAX_REQUEST_FILES = 50


@dataclass
class WebContext:
    db_path: str
    data_dir: Path
    kb_dirs: tuple[Path, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    root: Store | None = None
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _cursor_lock: threading.Lock = field(default_factory=threading.Lock)

    def open(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.root = Store.open(self.db_path)

    def close(self) -> None:
        if self.root is not None:
            self.root.close()
            self.root = None

    def session(self) -> Store:
        """A Store on a new cursor of the shared connection: one per request or thread, never shared."""
        if self.root is None:
            self.open()
        if self.root is None:
            raise RuntimeError("the web context's store did not open")
        with self._cursor_lock:
            return self.root.session()

    @contextmanager
    def store(self) -> Iterator[Store]:
        session = self.session()
        try:
            yield session
        finally:
            session.close()

    @cached_property
    def names(self) -> dict[str, str]:
        """Actor code -> country or organisation name, as the CLI spells questions."""
        from faultline.kb import KnowledgeBase

        return KnowledgeBase.load(self.kb_dirs).actor_names()

    @property
    def uploads(self) -> Path:
        return self.data_dir / "uploads"
