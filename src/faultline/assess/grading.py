"""Admiralty / NATO source grading: reliability of the source (A-F), credibility of the item (1-6).

The two are rated apart, and stay apart: a usually reliable outlet (B) can carry an improbable claim (5).
The scales and their meanings are ``data/assess/admiralty.tsv`` (built by
``scripts/build_assess_data.py``); source grades are the user-editable ``source_reliability.tsv``,
where an unlisted source is F, "reliability cannot be judged". Analysts may also grade a source in the
store (the web app, issue 5): those grades are passed in with :func:`user_grades` and win over the files.
Credibility is computed per item from corroboration and contradiction (:func:`credibility`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from faultline.errors import AssessDataError
from faultline.kb import norm
from faultline.resources import load_rows

if TYPE_CHECKING:
    from faultline.store.db import Store

ADMIRALTY_FILE = "assess/admiralty.tsv"
SOURCES_FILE = "assess/source_reliability.tsv"
RELIABILITY_CODES = ("A", "B", "C", "D", "E", "F")
UNJUDGED = "F"
# Independent sources needed to call an item confirmed (grade 1). "Confirmed by other sources": one
# more source agreeing makes it probably true; two that do not share an origin confirm it.
CONFIRMED_AT = 2


@dataclass(frozen=True, slots=True)
class Grade:
    """A point on one of the two scales: code, label and what it means."""

    scale: str  # reliability | credibility
    code: str
    label: str
    description: str


@cache
def scale(name: str) -> dict[str, Grade]:
    """The grades of ``reliability`` (A-F) or ``credibility`` (1-6), in order."""
    grades = {row[1]: Grade(*row[:4]) for row in load_rows(ADMIRALTY_FILE) if len(row) >= 4 and row[0] == name}
    if not grades:
        raise AssessDataError(f"{ADMIRALTY_FILE}: no {name!r} grades", "rebuild it: .venv/bin/python scripts/build_assess_data.py")
    return grades


def admiralty_code(reliability: str, credibility: int) -> str:
    """The usual two-character rating: "B2"."""
    if reliability not in scale("reliability") or str(credibility) not in scale("credibility"):
        raise ValueError(f"{reliability}{credibility} is not an Admiralty rating (A-F, 1-6)")
    return f"{reliability}{credibility}"


@dataclass(frozen=True, slots=True)
class SourceGrade:
    """The reliability grade of a source, and which table row gave it (``key`` "" for the default)."""

    code: str
    key: str = ""
    why: str = ""


@cache
def source_table(extra_dirs: tuple[Path, ...] = ()) -> dict[str, SourceGrade]:
    """Normalised name -> grade; a user directory's rows come first and win a name they share with ours."""
    table: dict[str, SourceGrade] = {}
    for row in load_rows(SOURCES_FILE, tuple(extra_dirs)):
        if len(row) < 2 or row[1].upper() not in RELIABILITY_CODES:
            raise AssessDataError(
                f"{SOURCES_FILE}: row {row!r} has no grade A-F in its second column",
                "write name<TAB>grade<TAB>why, e.g. Reuters<TAB>B<TAB>wire service",
            )
        key = norm(row[0])
        table.setdefault(key, SourceGrade(row[1].upper(), key, row[2] if len(row) > 2 else ""))
    return table


# Analysts' grades from the store, in force while an assessment runs inside `user_grades(...)`. A context
# variable, not an argument: the engine asks `source_reliability` without knowing where grades live.
_USER_GRADES: ContextVar[Mapping[str, SourceGrade] | None] = ContextVar("faultline_user_grades", default=None)


def store_grades(store: Store) -> dict[str, SourceGrade]:
    """Normalised name -> the latest grade in force in the store's ``source_grades`` (migration 4)."""
    rows = store.query("SELECT name, grade, why, analyst FROM source_grades WHERE undone_at IS NULL ORDER BY created_at, id")
    grades: dict[str, SourceGrade] = {}
    for row in rows:  # oldest first: a later grade of the same name replaces an earlier one
        key = norm(row["name"])
        grades[key] = SourceGrade(row["grade"], key, row["why"] or f"graded by {row['analyst']}")
    return grades


@contextmanager
def user_grades(grades: Mapping[str, SourceGrade]) -> Iterator[None]:
    """Within the block, ``grades`` (from :func:`store_grades`) win over the source table files."""
    token = _USER_GRADES.set(dict(grades))
    try:
        yield
    finally:
        _USER_GRADES.reset(token)


def source_reliability(*names: str, extra_dirs: tuple[Path, ...] = ()) -> SourceGrade:
    """The grade of the first of ``names`` the table knows (say the speaker, the outlet, the actor code).

    An analyst's grade of a name (:func:`user_grades`) wins over the table's row for it. Unknown sources
    get F: no basis to judge them, which is not the same as unreliable (E).
    """
    table = source_table(tuple(extra_dirs))
    analysts = _USER_GRADES.get() or {}
    for name in names:
        key = norm(name) if name else ""
        if key and key in analysts:
            return analysts[key]
        if key and key in table:
            return table[key]
    return SourceGrade(UNJUDGED)


# How much a grade lets an item count (a multiplier of its rule's weight). Reliability: A and B at
# full weight; an ungraded source (F) is not an unreliable one (E), it weighs like a fair one that we
# know little about; a state agency carrying the official line (D) counts a little over half.
RELIABILITY_WEIGHTS: dict[str, float] = {"A": 1.0, "B": 1.0, "C": 0.9, "D": 0.6, "E": 0.3, "F": 0.8}
# Credibility: what is confirmed or probable counts in full; doubt and improbability cost weight;
# "cannot be judged" (no other item bears on it) costs a little, the price of standing alone.
CREDIBILITY_WEIGHTS: dict[int, float] = {1: 1.0, 2: 1.0, 3: 1.0, 4: 0.7, 5: 0.4, 6: 0.9}


def reliability_weight(code: str) -> float:
    return RELIABILITY_WEIGHTS[code]


def credibility_weight(code: int) -> float:
    return CREDIBILITY_WEIGHTS[code]


def credibility(corroborating_independent: int, contradicting: int, agreeing: int = 0) -> int:
    """The Admiralty credibility (1-6) of an item, from what else the store says about it.

    - ``corroborating_independent``: items from other, independent sources (not syndicated copies, not
      the same outlet or speaker) that say the same;
    - ``contradicting``: items that conflict with it (``Claim.conflicts_with``, opposite evidence);
    - ``agreeing``: items that fit it without being independent confirmation (same source, same
      outlet, or only consistent with it).

    The first that applies:

    =====================================================  =====================================
    more items contradict it than independently confirm it  5 improbable
    as many contradict it as confirm it (at least one)      4 doubtful
    some contradict it, more confirm it                     3 possibly true
    :data:`CONFIRMED_AT` or more confirm it, none contradict  1 confirmed by other sources
    one confirms it, none contradict                        2 probably true
    none confirm or contradict it, some agree               3 possibly true
    nothing else bears on it                                6 truth cannot be judged
    =====================================================  =====================================
    """
    if min(corroborating_independent, contradicting, agreeing) < 0:
        raise ValueError("counts of corroborating, contradicting and agreeing items cannot be negative")
    if contradicting > corroborating_independent:
        return 5
    if contradicting and contradicting == corroborating_independent:
        return 4
    if contradicting:
        return 3
    if corroborating_independent >= CONFIRMED_AT:
        return 1
    if corroborating_independent:
        return 2
    return 3 if agreeing else 6
