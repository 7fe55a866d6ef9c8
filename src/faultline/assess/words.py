"""Estimative language (ICD 203): probability <-> likelihood words, confidence words, the judgment sentence.

The seven bands come from ``data/assess/icd203.tsv`` (built from the shared ICD 203 table by
``scripts/build_assess_data.py``); other wordings ("highly unlikely") from ``estimative_aliases.tsv``;
the three confidence levels from ``confidence.tsv``.

Boundary convention: the published ranges share their endpoints (unlikely 20-45%, roughly even 45-55%),
so a probability exactly on one belongs to the band nearer even odds: 0.45 and 0.55 are "roughly even
chance", 0.80 is "likely", 0.20 "unlikely", 0.05 "very unlikely", 0.95 "very likely". The rule is
symmetric (p and 1 - p get mirrored words) and never states more certainty than the number does.
ICD 203 ends at 1% and 99%: below 1% is still "almost no chance", above 99% still "almost certain".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from faultline.errors import AssessDataError
from faultline.assess.questions import Question
from faultline.resources import load_rows

ICD203_FILE = "assess/icd203.tsv"
ALIASES_FILE = "assess/estimative_aliases.tsv"
CONFIDENCE_FILE = "assess/confidence.tsv"
EVEN = 0.5
# Probabilities are compared at this many decimals, so float noise (1 - 0.45 = 0.55000000000000004)
# cannot push a number across a band boundary.
DECIMALS = 9


@dataclass(frozen=True, slots=True)
class Band:
    """One ICD 203 likelihood term and its probability range (fractions, as published)."""

    rank: int
    term: str
    low: float
    high: float
    aliases: tuple[str, ...] = ()

    def contains(self, p: float, first: bool = False, last: bool = False) -> bool:
        """Whether ``p`` is in this band, a shared endpoint going to the band nearer even odds."""
        low, high = (0.0 if first else self.low), (1.0 if last else self.high)
        if low < EVEN < high:
            return low <= p <= high
        if high <= EVEN:
            return low <= p < high
        return low < p <= high


def _norm(words: str) -> str:
    return " ".join(words.lower().split())


@lru_cache(maxsize=None)
def bands() -> tuple[Band, ...]:
    """The seven bands, lowest first; checked to tile 1-99% without gaps or overlaps."""
    result = []
    for row in load_rows(ICD203_FILE):
        if len(row) < 4 or not row[0].isdigit():
            raise AssessDataError(f"{ICD203_FILE}: row {row!r} is malformed", "rebuild it: .venv/bin/python scripts/build_assess_data.py")
        aliases = tuple(_norm(a) for a in row[4].split(",") if a.strip()) if len(row) > 4 else ()
        result.append(Band(int(row[0]), _norm(row[1]), int(row[2]) / 100, int(row[3]) / 100, aliases))
    result.sort(key=lambda b: b.rank)
    for below, above in zip(result, result[1:]):
        if below.high != above.low:
            raise AssessDataError(f"{ICD203_FILE}: {below.term!r} ends at {below.high:.0%} but {above.term!r} starts at {above.low:.0%}", "make the ranges meet")
    return tuple(result)


def band_for(probability: float) -> Band:
    """The ICD 203 band of a probability (0-1), by the boundary convention of this module."""
    if not 0.0 <= probability <= 1.0:
        raise ValueError(f"probability {probability!r} is not between 0 and 1")
    probability = round(probability, DECIMALS)
    table = bands()
    for k, band in enumerate(table):
        if band.contains(probability, first=k == 0, last=k == len(table) - 1):
            return band
    raise AssessDataError(f"{ICD203_FILE}: no band holds {probability}", "rebuild it: .venv/bin/python scripts/build_assess_data.py")


def probability_to_words(probability: float) -> str:
    """"likely" for 0.7: the ICD 203 term of a probability."""
    return band_for(probability).term


@lru_cache(maxsize=None)
def _lookup(extra_dirs: tuple[Path, ...] = ()) -> dict[str, Band]:
    table = {}
    for band in bands():
        table[band.term] = band
        table.update({alias: band for alias in band.aliases})
    by_term = {band.term: band for band in bands()}
    for row in load_rows(ALIASES_FILE, extra_dirs):
        if len(row) < 2 or _norm(row[1]) not in by_term:
            raise AssessDataError(f"{ALIASES_FILE}: row {row!r} does not name an ICD 203 term", f"use one of {', '.join(by_term)}")
        table.setdefault(_norm(row[0]), by_term[_norm(row[1])])
    return table


def words_to_band(words: str, extra_dirs: tuple[Path, ...] = ()) -> Band | None:
    """The band an estimative phrase names ("very unlikely", "highly improbable", "highly unlikely"), or None."""
    return _lookup(tuple(extra_dirs)).get(_norm(words))


def estimative_phrases(extra_dirs: tuple[Path, ...] = ()) -> tuple[str, ...]:
    """Every wording :func:`words_to_band` knows: the seven terms, their aliases and the alias table's."""
    return tuple(sorted(_lookup(tuple(extra_dirs))))


@lru_cache(maxsize=None)
def confidence_levels() -> dict[str, str]:
    """low / moderate / high -> what each means, in order."""
    return {row[0]: row[1] for row in load_rows(CONFIDENCE_FILE)}


def percent_range(low: float, high: float) -> str:
    """"60-75%" (whole percents); one number when both round alike."""
    a, b = round(low * 100), round(high * 100)
    return f"{a}%" if a == b else f"{a}-{b}%"


def _opening(term: str) -> str:
    """"It is likely that" reads; "It is roughly even chance that" does not: chances are "there is"."""
    if term.endswith("chance"):
        article = "a " if term.startswith("roughly") else ""
        return f"There is {article}{term}"
    return f"It is {term}"


def judgment_sentence(
    question: Question | str, probability: float, interval: tuple[float, float], confidence: str, because: str = ""
) -> str:
    """One sentence stating likelihood and confidence apart, as ICD 203 requires.

    "It is likely (60-75%) that Russia deploys military forces to Belarus; we have moderate confidence
    in this judgment because ...". The words come from ``probability``, the percent range from
    ``interval``; ``question`` is a Question or the clause to judge.
    """
    if confidence not in confidence_levels():
        raise ValueError(f"confidence {confidence!r} is not one of {', '.join(confidence_levels())}")
    low, high = interval
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(f"interval {interval!r} is not an ordered pair of probabilities")
    clause = question if isinstance(question, str) else question.describe()
    sentence = f"{_opening(probability_to_words(probability))} ({percent_range(low, high)}) that {clause}; we have {confidence} confidence in this judgment"
    return sentence + (f" because {because.strip().rstrip('.')}." if because.strip() else ".")
