"""The one loader of rule and dictionary data files shipped as package data.

Data files are tab-separated (``.tsv``) with ``#`` comments, or YAML. A user directory given with
``--kb DIR`` (or ``extra_dirs``) is searched first and its rows are added to the packaged ones.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

DATA_PACKAGE = "faultline"


def data_dir() -> Path:
    return Path(str(resources.files(DATA_PACKAGE) / "data"))


def _candidates(name: str, extra_dirs: tuple[Path, ...]) -> list[Path]:
    paths = [d / name for d in extra_dirs if (d / name).is_file()]
    packaged = data_dir() / name
    if packaged.is_file():
        paths.append(packaged)
    return paths


@lru_cache(maxsize=None)
def load_rows(name: str, extra_dirs: tuple[Path, ...] = ()) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV data file: blank lines and lines starting with ``#`` are skipped."""
    rows: list[tuple[str, ...]] = []
    strip = str.strip
    for path in _candidates(name, extra_dirs):
        # `map(str.strip, ...)` rather than a generator: the KB's 68,000 rows are read in every
        # worker process (issue 3)
        rows += [
            tuple(map(strip, line.split("\t")))
            for line in path.read_text(encoding="utf-8").splitlines()
            if (text := line.lstrip()) and not text.startswith("#")
        ]
    if not rows and not _candidates(name, extra_dirs):
        raise FileNotFoundError(f"data file {name} is missing from {data_dir()}")
    return tuple(rows)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run a block with the cyclic garbage collector off (and restore it after).

    Speed (issue 3): loading the KB and building its phrase tables allocate about half a million
    long-lived objects, and each allocation burst set off collections that traversed all of them
    again: a third of the resolver's start-up in every worker process, finding no garbage.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@lru_cache(maxsize=None)
def load_patterns(name: str, extra_dirs: tuple[Path, ...] = ()) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Rows ``regex<TAB>label`` compiled case-insensitively: the shape of every cue list."""
    compiled = []
    for row in load_rows(name, extra_dirs):
        label = row[1] if len(row) > 1 else ""
        compiled.append((re.compile(row[0], re.IGNORECASE), label))
    return tuple(compiled)


@lru_cache(maxsize=None)
def load_yaml(name: str) -> object:
    return yaml.safe_load((data_dir() / name).read_text(encoding="utf-8"))
