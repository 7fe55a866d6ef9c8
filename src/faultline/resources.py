"""The one loader of rule and dictionary data files shipped as package data.

Data files are tab-separated (``.tsv``) with ``#`` comments, or YAML. A user directory given with
``--kb DIR`` (or ``extra_dirs``) is searched first and its rows are added to the packaged ones.
"""

from __future__ import annotations

import re
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
    for path in _candidates(name, extra_dirs):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    if not rows and not _candidates(name, extra_dirs):
        raise FileNotFoundError(f"data file {name} is missing from {data_dir()}")
    return tuple(rows)


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
