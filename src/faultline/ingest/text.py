"""Plain-text scrape repair at the character and line level: normalise, re-join wrapped lines.

Scrapers leave text hard-wrapped at ~95 columns, URLs split over two lines, paragraphs glued
together ("Ukraine.The"), stray control characters. No library repairs this on text (trafilatura
works on HTML), so it is ours. The paragraph-level decisions (captions, boilerplate) are in
`clean.py`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
# Runs of blanks other than one plain space (a single space is already normal: matching every one
# of them cost twice the rest of `normalise`, issue 3).
_BLANKS = "\t\u00a0\u2000-\u200a\u202f\u205f\u3000"  # in-line blanks other than the plain space
_SPACES = re.compile(f"[{_BLANKS}][ {_BLANKS}]*| [ {_BLANKS}]+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
_URL_LINE = re.compile(r"^https?://\S+$")
_URL_AT_END = re.compile(r"https?://\S*[-/_=&?.]$")
_URL_CONTINUATION = re.compile(r"^[\w\-./?=&%#~+]+$")

# "Ukraine.The" -> "Ukraine. The": a lower-case word of 2+ letters (or a closing quote/bracket)
# followed by a sentence end and a capitalised word. Leaves "U.S.", "No.1", "bbc.co.uk" alone.
# Each pattern opens with the punctuation it needs and looks behind only there: a look-behind first
# would be tried at every character (five times slower, issue 3).
_MISSING_SPACE = re.compile(r"([.!?])(?<=[a-z]{2}[.!?])([\"”’)]?)(?=[A-Z][a-z])")
_MISSING_SPACE_QUOTE = re.compile(r"([\"”’])(?<=[a-z][.!?][\"”’])(?=[-–—][ ]|[A-Z][a-z])")

# Share of lines in multi-line blocks that break mid-sentence above which a document is taken
# to be hard-wrapped (measured: seed 000 ~0.85, seed 003 ~0.25 — each line there a paragraph).
WRAPPED_SHARE = 0.5
# Hard wrap columns seen in scrapes are 70-110; a document whose typical line is longer is not wrapped.
WRAPPED_MAX_MEDIAN = 120


@dataclass(slots=True)
class Paragraph:
    """A paragraph re-joined from lines, with where it came from in the raw layout."""

    text: str
    block: int  # index of the blank-line-separated block it came from
    split_in_block: bool = False  # True when its block held several paragraphs (header glued to lede)


def normalise(text: str) -> str:
    """NFC, Unix newlines, no control or zero-width characters, single spaces inside lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return "\n".join(line.rstrip() for line in _SPACES.sub(" ", text).split("\n"))


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def is_hard_wrapped(blocks: list[list[str]]) -> bool:
    """True when most lines inside multi-line blocks end mid-sentence at a typical wrap width."""
    lines = [line.strip() for block in blocks if len(block) > 1 for line in block[:-1]]
    if len(lines) < 3:
        return False
    lengths = sorted(len(line) for line in lines)
    if lengths[len(lengths) // 2] > WRAPPED_MAX_MEDIAN:
        return False
    mid_sentence = sum(1 for line in lines if not _SENTENCE_END.search(line))
    return mid_sentence / len(lines) >= WRAPPED_SHARE


def _joins(previous: str, line: str, wrapped: bool) -> str | None:
    """How `line` continues `previous` ("" glue, " " glue) or None when it starts a new paragraph."""
    prev = previous.rstrip()
    nxt = line.strip()
    if _URL_AT_END.search(prev) and _URL_CONTINUATION.match(nxt) and not _URL_LINE.match(nxt):
        return ""  # a URL split over two lines
    if _URL_LINE.match(prev) or _URL_LINE.match(nxt):
        return None
    ends_sentence = bool(_SENTENCE_END.search(prev))
    if wrapped:
        # In a wrapped block a new paragraph shows only as an indented line after a sentence end.
        return None if ends_sentence and line[:1].isspace() else " "
    # One line per paragraph; still mend a stray break in mid-sentence.
    if not ends_sentence and nxt[:1].islower():
        return " "
    return None


def paragraphs(text: str) -> list[Paragraph]:
    """Re-join lines into paragraphs, mending hard wraps and URLs split across lines."""
    blocks = _blocks(normalise(text))
    wrapped = is_hard_wrapped(blocks)
    result: list[Paragraph] = []
    for index, block in enumerate(blocks):
        parts: list[str] = [block[0].strip()]
        for previous, line in zip(block, block[1:]):
            glue = _joins(previous, line, wrapped)
            if glue is None:
                parts.append(line.strip())
            else:
                parts[-1] = parts[-1].rstrip() + glue + line.strip()
        split = len(parts) > 1
        result.extend(Paragraph(part, index, split) for part in parts if part)
    return result


def repair_spacing(text: str) -> str:
    """Insert the space a scraper dropped between sentences ("Ukraine.The" -> "Ukraine. The")."""
    text = _MISSING_SPACE.sub(r"\1\2 ", text)
    return _MISSING_SPACE_QUOTE.sub(r"\1 ", text)
