"""Time expressions normalised against a reference date into inclusive intervals of ISO dates.

A grammar of our own (compiled regexes, built once) rather than dateparser: it is many times faster
and knows the phrases of news prose that dateparser gets wrong or cannot see ("back at the
beginning of December", "for ten days from Feb. 10"). Word lists are data files in ``data/nlp/``.

How it works: *cores* (a calendar date, a month, a year, a weekday, "last week", ...) are found
over the whole text; modifiers on their left widen them ("the beginning of", "mid-", "last",
"since", "for ten days from", "between ... and ..."); then each is resolved against the anchor.

Conventions (issue 3):

- Every value is an inclusive interval ``value_start..value_end``.
- Day counts are inclusive of the first day: "for ten days from Feb. 10" is 2022-02-10..2022-02-19.
- Thirds of a month: beginning / start / early = days 1-10, middle / mid = 11-20, end / late = 21 to
  the last day; "first/second half" = 1-15 / 16-end. Of a year: Jan-Apr, May-Aug, Sep-Dec. These
  have granularity ``part-of-month`` / ``part-of-year``.
- "since X" is the interval from the start of X to the anchor, granularity ``interval``
  ("since the middle of January", anchor 2022-02-15 -> 2022-01-11..2022-02-15). "until X", "by X",
  "in X" are X itself (the preposition stays outside the span).
- A date without a year takes the year that puts it nearest the anchor, unless a cue in the sentence
  points to the past ("back at", "since", "was ... in", "last") or the future ("planned for",
  "upcoming", "will ... in", "next"): then the latest occurrence not after the anchor, or the
  earliest not before it. "last"/"next" are strict (never the anchor's own month or day).
- A bare weekday ("on Friday") is the nearest such day on or before the anchor, or on or after it
  after a future cue; "last Friday" is strictly before, "next Friday" strictly after.
- Weeks run Monday to Sunday; "last week" is the calendar week before the anchor's; "the past two
  weeks" is the 14 days ending on the anchor.
- Durations ("twenty-seven years") are not time expressions: they are quantities (unit ``years``).
  Vague phrases ("in recent months", "recently", "a couple of years ago") are skipped: no date is
  invented for them.
- Without an anchor, nothing that needs one is produced. With an *inferred* anchor (a date found in
  the text, not the publication date), expressions relative to the moment of writing ("today",
  "this month", "last week", "on Friday", "last December") are skipped: the anchor is the date of
  something the article mentions, not when it was written. Month-day dates are still resolved
  against it (nearest year) and flagged ``year_inferred``.
- ``anchor`` is the reference date an expression was resolved against; "" for absolute ones.
  ``year_inferred`` is True whenever the text gave no year.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from operator import methodcaller

from faultline.ingest.metadata import MONTHS
from faultline.records import Sentence, TimeExpr
from faultline.resources import load_patterns, load_rows

TIME_WORDS = "nlp/time_words.tsv"
TIME_CUES = "nlp/time_cues.tsv"
NUMBER_WORDS = "nlp/numbers.tsv"
UNIT_WORDS = "nlp/units.tsv"
FULL_MONTHS = frozenset(calendar.month_name[i].lower() for i in range(1, 13))
CUE_WINDOW = 60  # characters before an expression searched for a direction cue: about one clause
YEAR_MIN, YEAR_MAX = 1800, 2099  # four-digit numbers read as years (with context, see _is_year)

# Words before a bare four-digit number that make it a year ("in 2020", "the protests of 2020").
YEAR_CONTEXT = frozenset(
    "in since until till til by of from to through throughout before after during between and or "
    "the early late mid end beginning start middle spring summer autumn fall winter year years "
    "around circa c. about".split()
)
# Words after a four-digit number that make it a clock time, not a year ("1800 GMT").
CLOCK_AFTER = re.compile(r"\s*(?:GMT|UTC|CET|EET|MSK|hours?\b|hrs\b|local time)", re.IGNORECASE)


# --- word lists -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Words:
    weekdays: dict[str, int]
    part_month: dict[str, tuple[int, int]]
    part_year: dict[str, tuple[int, int]]
    seasons: dict[str, tuple[int, int]]
    small_numbers: dict[str, int]
    count_nouns: frozenset[str]


@lru_cache(maxsize=1)
def words() -> Words:
    weekdays: dict[str, int] = {}
    part_month: dict[str, tuple[int, int]] = {}
    part_year: dict[str, tuple[int, int]] = {}
    seasons: dict[str, tuple[int, int]] = {}
    for row in load_rows(TIME_WORDS):
        kind, word = row[0], row[1].lower()
        if kind == "weekday":
            weekdays[word] = int(row[2])
        elif kind in ("part-month", "part-year", "season"):
            table = {"part-month": part_month, "part-year": part_year, "season": seasons}[kind]
            table[word] = (int(row[2]), int(row[3]))
    small = {row[1]: int(row[2]) for row in load_rows(NUMBER_WORDS) if row[0] in ("unit", "tens")}
    small.update({"a": 1, "an": 1})
    nouns = frozenset(row[0].lower() for row in load_rows(UNIT_WORDS)) | frozenset(
        row[1].lower() for row in load_rows(UNIT_WORDS)
    )
    return Words(weekdays, part_month, part_year, seasons, small, nouns)


def alternation(names: object) -> str:
    """A regex alternation of literal names, longest first (so "Sept" is tried before "Sep")."""
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))  # type: ignore[arg-type]


# --- the grammar ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grammar:
    core: re.Pattern[str]
    trigger_words: tuple[re.Pattern[str], ...]
    part_left: re.Pattern[str]
    direction_left: re.Pattern[str]
    since_left: re.Pattern[str]
    for_from_left: re.Pattern[str]
    from_left: re.Pattern[str]
    for_right: re.Pattern[str]
    range_joint: re.Pattern[str]
    cues: tuple[tuple[re.Pattern[str], str], ...]
    any_cue: re.Pattern[str] | None  # matches where some cue does; None if the rows cannot be joined


def _any_of(patterns: tuple[tuple[re.Pattern[str], str], ...]) -> re.Pattern[str] | None:
    """One pattern matching wherever one of `patterns` does (the union of the case-insensitive
    cue rows). `_cue` tries it first: most windows hold no cue, and one search of the union is much
    cheaper than a search per row (issue 3). None when a row cannot sit inside an alternation
    (group names or numbers clash, inline global flags)."""
    if any(p.groups or p.flags & ~(re.IGNORECASE | re.UNICODE) for p, _ in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p, _ in patterns), re.IGNORECASE)
    except re.error:
        return None


def _month_pattern(name: str) -> str:
    """Title case or upper case month names: lower-case "may" and "march" are words, not months."""
    forms = sorted({n for m in MONTHS for n in (m.capitalize(), m.upper())}, key=len, reverse=True)
    return rf"(?P<{name}>{'|'.join(forms)})(?P<{name}_dot>\.)?(?![\w])"


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    w = words()
    year = r"(?:1[89]\d\d|20\d\d)"
    day = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
    weekday_names = alternation([d.capitalize() for d in w.weekdays])
    weekday = rf"(?:{weekday_names})"
    numbers = alternation(w.small_numbers)
    count = rf"(?:\d{{1,3}}|{numbers})"
    unit = r"(?:days?|weeks?|months?|years?|decades?)"
    not_number_after = r"(?![\d:]|[,.]\d)"
    alternatives = [
        rf"(?<![\w/-])(?P<iso>(?P<iso_y>{year})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01]))(?![\w/-])",
        # "Monday, Jan. 17, 2022", "Feb. 10-20", "Sept. 9, 2021"
        rf"(?:{weekday},?\s+)?{_month_pattern('md_m')}\s+(?P<md_d>{day})(?:\s*[-–]\s*(?P<md_d2>{day}))?"
        rf"(?:,?\s+(?P<md_y>{year}))?(?!\w){not_number_after}",
        # "4 February 2022", "10-20 February", "the 4th of February"
        rf"(?:{weekday},?\s+)?(?:the\s+)?(?<![\d,.])(?P<dm_d>{day})(?:\s*[-–]\s*(?P<dm_d2>{day}))?\s+(?:of\s+)?"
        rf"{_month_pattern('dm_m')}(?:,?\s+(?P<dm_y>{year})(?!\d))?",
        rf"{_month_pattern('my_m')},?\s+(?:of\s+)?(?P<my_y>{year})(?!\d|,\d)",
        _month_pattern("m_m"),
        rf"(?i:(?P<season>{alternation(w.seasons)}))(?:\s+(?:of\s+)?(?P<season_y>{year})(?!\d))?",
        r"(?:the\s+)?(?<![\d,.$])(?P<decade>(?:1[89]|20)\d0)['’]?s\b",
        rf"(?<![\w$€£.,/-])(?P<year>{year})(?![\w%]|[,.]\d)",
        rf"(?P<weekday>{weekday})(?P<weekday_part>\s+(?:morning|afternoon|evening|night))?(?!\w)",
        r"(?i:(?P<deictic>today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)))\b",
        r"(?i:(?P<rel>this|last|next|the\s+past|the\s+coming|the\s+previous|the\s+following|past|coming|previous|the)"
        r"\s+(?P<rel_unit>week|month|year|weekend))\b",
        rf"(?i:(?:the\s+)?(?P<roll>past|last|previous)\s+(?P<roll_n>{count})\s+(?P<roll_unit>{unit}))\b",
        rf"(?i:(?P<ago_n>{count})\s+(?P<ago_unit>{unit})\s+ago)\b",
        r"(?P<weekend>[Tt]he\s+weekend)\b",
    ]
    core = re.compile("|".join(f"(?:{a})" for a in alternatives))
    # The words a core can start with (digits aside), for `scan`.
    months = {n for m in MONTHS for n in (m.capitalize(), m.upper())}
    starters = {*w.seasons, "today", "tonight", "yesterday", "tomorrow", "this", "last", "next", "past",
                "coming", "previous", "following"}
    triggers = [*months, *(d.capitalize() for d in w.weekdays), *starters, *(x.capitalize() for x in starters)]
    after_the = r"\s+(?:past|last|previous|coming|next|following|weekend|week|month|year|\d)"
    ago = rf"[\s-]+{unit}\s+ago\b"
    guarded = [("the", after_the), ("The", after_the)] + [(n, ago) for n in w.small_numbers]
    trigger_words = trigger_pattern(triggers, guarded)
    part_names = alternation(set(w.part_month) | set(w.part_year))
    part_left = re.compile(
        rf"(?i:(?:(?:the|its)\s+(?:very\s+)?(?P<part>{part_names})\s+of\s+)"
        rf"|(?P<part_adj>early|mid|late)(?:-|\s+|[-–]\s*))$"
    )
    direction_left = re.compile(r"(?i:\b(?P<dir>last|next|this|this\s+coming|coming|past)\s+)$")
    since_left = re.compile(r"(?i:\b(?:ever\s+)?since\s+)$")
    for_from_left = re.compile(
        rf"(?i:\bfor\s+(?:(?:a\s+)?(?:period|total)\s+of\s+)?(?P<n>{count})\s+(?P<unit>days?|weeks?|months?)\s+"
        rf"(?:from|starting(?:\s+(?:on|from))?|beginning(?:\s+on)?|as\s+of)\s+)$"
    )
    from_left = re.compile(r"(?i:\b(?:from|starting(?:\s+on)?|beginning(?:\s+on)?)\s+)$")
    for_right = re.compile(rf"(?i:,?\s+(?:and\s+)?(?:for|lasting)\s+(?P<n>{count})\s+(?P<unit>days?|weeks?|months?)\b)")
    range_joint = re.compile(r"(?i:^\s*(?:-|–|—|to|until|till|through|thru|and)\s*$)")
    return Grammar(
        core,
        trigger_words,
        part_left,
        direction_left,
        since_left,
        for_from_left,
        from_left,
        for_right,
        range_joint,
        cues := load_patterns(TIME_CUES),
        _any_of(cues),
    )


# --- scanning ---------------------------------------------------------------------------------

DIGITS = re.compile(r"\d+")
WORD_BEFORE = "[\\s(\"“‘'—–/-]"  # what can precede a lower-case word
_START_OF_W = methodcaller("start", "w")  # where a lower-case trigger word begins, past WORD_BEFORE
_START_OF_MATCH = methodcaller("start")
DIGIT_CACHE = 8  # texts whose digit-run starts are kept: the time and the quantity grammar scan the same one


def _literal_trie(branches: list[tuple[str, str]]) -> str:
    """Literal words (each with an optional lookahead) as one regex factored on shared prefixes:
    "t(?:h(?:is|e(?=...))|o(?:day|night))" instead of "this|the(?=...)|today|tonight".

    Speed (issue 3): a flat alternation makes the engine try every word at every candidate
    position; the trie tries one branch per distinct next letter. Longer continuations are tried
    before a word that ends at a node, so the engine picks the longest word. `scan` only uses where
    matches start, so the starts are those of the flat alternation (unguarded words longest first,
    then the guarded ones) unless a list has a pair that `_alternation` keeps flat.
    """
    root: dict[str, dict] = {}
    ends = "\0"  # key of the lookaheads of words ending at a node (no word contains NUL)
    for word, lookahead in branches:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node.setdefault(ends, []).append(lookahead)

    def emit(node: dict) -> str:
        alternatives = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char != ends]
        alternatives += [f"(?={lookahead})" if lookahead else "" for lookahead in node.get(ends, [])]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return emit(root)


def trigger_pattern(words: list[str], guarded: list[tuple[str, str]]) -> tuple[re.Pattern[str], ...]:
    """Words that can start a match, as literal branches (optionally followed by a lookahead) so
    the regex engine skips ahead by first character; see `scan`. Capitalised and lower-case words
    are two patterns: together their first letters would be nearly every letter, so lower-case
    words are looked for after a space or an opening mark instead (WORD_BEFORE). The branches are
    factored into a trie (`_literal_trie`, issue 3)."""
    branches = [(w, "") for w in sorted(set(words), key=len, reverse=True)] + list(guarded)
    upper = [b for b in branches if not b[0][0].islower()]
    lower = [b for b in branches if b[0][0].islower()]
    patterns = [re.compile(_alternation(upper))] if upper else []
    if lower:
        patterns.append(re.compile(f"{WORD_BEFORE}(?P<w>{_alternation(lower)})"))
    return tuple(patterns)


def _alternation(branches: list[tuple[str, str]]) -> str:
    """The trie of `branches` where it finds the flat alternation's starts, else the flat one.

    The two differ only where a word extends another across a non-word character ("half" and
    "half past") and the flat alternation tries the shorter one first (the trie always tries the
    longer): one match then hides a start that the other finds. No packaged list has such a pair;
    an edited one falls back rather than silently finding other times."""
    if _shorter_first_across_a_break(branches):
        return "|".join(re.escape(w) + (f"(?={lookahead})" if lookahead else "") for w, lookahead in branches)
    return _literal_trie(branches)


def _shorter_first_across_a_break(branches: list[tuple[str, str]]) -> bool:
    """Some word comes before a longer word that is it plus a non-word character and more."""
    first: dict[str, int] = {}
    for rank, (word, _) in enumerate(branches):
        first.setdefault(word, rank)
    words = sorted(first)  # the words a word starts are the ones right after it
    for i, short in enumerate(words):
        for longer in words[i + 1 :]:
            if not longer.startswith(short):
                break
            if len(longer) > len(short) and not longer[len(short)].isalnum() and first[short] < first[longer]:
                return True
    return False


@lru_cache(maxsize=DIGIT_CACHE)
def _digit_starts(text: str) -> tuple[int, ...]:
    """Start offsets of the digit runs of `text`. Cached (issue 3): `find_quantities` scans the
    text `find_times` has just scanned, and this pass over every character is the dearest part."""
    return tuple(m.start() for m in DIGITS.finditer(text))


def scan(text: str, pattern: re.Pattern[str], triggers: tuple[re.Pattern[str], ...]) -> list[re.Match[str]]:
    """Non-overlapping matches of `pattern`, tried only at word starts that are digits or triggers.

    Speed (issue 3): one big alternation run with `finditer` is tried at every character; finding
    candidates with scans the engine can optimise (a digit class, sets of literals) and then
    `match`-ing there is several times faster on news text.
    """
    starts = set(_digit_starts(text))
    starts.add(0)
    for trigger in triggers:
        # map + methodcaller: the offsets are read in C, not in a generator (issue 3)
        starts.update(map(_START_OF_W if "w" in trigger.groupindex else _START_OF_MATCH, trigger.finditer(text)))
    found: list[re.Match[str]] = []
    end = 0
    for position in sorted(starts):
        if position < end or (position and text[position - 1].isalnum()):
            continue
        m = pattern.match(text, position)
        if m and m.end() > m.start():
            found.append(m)
            end = m.end()
    return found


# --- cores ------------------------------------------------------------------------------------

# Kinds of core: what resolving it needs.
ABSOLUTE_KINDS = frozenset({"date", "month", "year", "decade", "season"})  # absolute when a year is given
DEICTIC_KINDS = frozenset({"weekday", "deictic", "rel", "roll", "ago", "weekend"})  # need the writing date


@dataclass(slots=True)
class Core:
    """A time expression before resolution: what the text said, field by field."""

    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None
    weekday: int | None = None
    part: str = ""  # a part-of-month/-of-year name ("beginning", "mid")
    direction: str = ""  # last | next | this (from the text itself)
    unit: str = ""  # week | month | year | weekend | day
    count: int = 0
    offset: int = 0  # days, for today / yesterday / tomorrow
    needs_part: bool = False  # "the year" is a time only in "the end of the year"
    year_step: int | None = None  # "April last year": the anchor's year plus this


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _number(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else words().small_numbers.get(word, 0)


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _is_year(text: str, start: int, end: int) -> bool:
    """A bare four-digit number is a year after a year word ("in", "of", "the") or at a clause start,
    and not before a counted noun ("2000 troops") or a clock zone ("1800 GMT")."""
    value = int(text[start:end])
    if not YEAR_MIN <= value <= YEAR_MAX or CLOCK_AFTER.match(text, end):
        return False
    after = re.match(r"\s+([A-Za-z]+(?:\s+[A-Za-z]+)?)", text[end : end + 40])
    if after:
        following = after.group(1).lower().split()
        if following[0] in words().count_nouns or " ".join(following) in words().count_nouns:
            return False
    before = text[max(0, start - 30) : start].rstrip()
    if not before or before[-1] in ".!?:;(\"“\n":
        return True
    if re.search(r"\w['’]s$", before):  # "the party's 2024 nomination"
        return True
    previous = re.search(r"([A-Za-z][\w.]*)[\s-]*$", before)
    return bool(previous) and previous.group(1).lower() in YEAR_CONTEXT  # type: ignore[union-attr]


def _core(match: re.Match[str], text: str) -> Core | None:
    g = match.groupdict()
    s, e = match.start(), match.end()
    if g["iso"]:
        return Core(s, e, "date", int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))
    if g["md_m"]:
        year = int(g["md_y"]) if g["md_y"] else None
        return Core(s, e, "date", year, _month(g["md_m"]), _day(g["md_d"]), _day(g["md_d2"]) if g["md_d2"] else None)
    if g["dm_m"]:
        year = int(g["dm_y"]) if g["dm_y"] else None
        if year is None and g["dm_m_dot"] and g["dm_m"].lower() in FULL_MONTHS:
            e -= 1  # "on 12 December." ends the sentence
        return Core(s, e, "date", year, _month(g["dm_m"]), _day(g["dm_d"]), _day(g["dm_d2"]) if g["dm_d2"] else None)
    if g["my_m"]:
        return Core(s, e, "month", int(g["my_y"]), _month(g["my_m"]))
    if g["m_m"]:
        return _bare_month(match, text)
    if g["season"]:
        return Core(s, e, "season", int(g["season_y"]) if g["season_y"] else None, unit=g["season"].lower())
    if g["decade"]:
        return Core(s, e, "decade", int(g["decade"]))
    if g["year"]:
        return Core(s, e, "year", int(g["year"])) if _is_year(text, match.start("year"), e) else None
    if g["weekday"]:
        return Core(s, e, "weekday", weekday=words().weekdays[g["weekday"].lower()])
    if g["deictic"]:
        if re.search(r"(?i:\bthe\s+)$", text[max(0, s - 5) : s]):
            return None  # "the Today programme": a name
        word = g["deictic"].lower()
        return Core(s, e, "deictic", offset={"yesterday": -1, "tomorrow": 1}.get(word, 0))
    if g["rel"]:
        rel, unit = g["rel"].lower().split(), g["rel_unit"].lower()
        if rel[-1] == "past" and unit != "weekend":  # "the past week": the seven days up to now
            return Core(s, e, "roll", unit=unit, count=1)
        direction = {"previous": "last", "coming": "next", "following": "next", "the": "this"}.get(rel[-1], rel[-1])
        return Core(s, e, "rel", direction=direction, unit=unit, needs_part=rel == ["the"])
    if g["roll"]:
        return Core(s, e, "roll", unit=g["roll_unit"].lower().rstrip("s"), count=_number(g["roll_n"]))
    if g["ago_n"]:
        return Core(s, e, "ago", unit=g["ago_unit"].lower().rstrip("s"), count=_number(g["ago_n"]))
    if g["weekend"]:
        if not re.search(r"(?i:\b(?:over|on|at)\s+)$", text[max(0, s - 6) : s]):
            return None
        return Core(s, e, "weekend", unit="weekend")
    return None


def _bare_month(match: re.Match[str], text: str) -> Core | None:
    """A month name alone: abbreviations need their dot ("Jan" is also a name), and "May" and
    "March" need a time word before them ("in May", "early March"), they are also a verb and a name."""
    name = match.group("m_m")
    full = name.lower() in FULL_MONTHS
    if not full and not match.group("m_m_dot"):
        return None
    core = Core(match.start(), match.end("m_m") if full else match.end(), "month", None, _month(name))
    if name.lower() in ("may", "march"):
        before = text[max(0, match.start() - 20) : match.start()].lower()
        if not re.search(r"\b(?:in|since|until|till|by|from|of|to|through|during|before|after|early|late|mid|last|next|this|for)[\s-]+$", before):
            return None
    return core


# --- resolution -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Value:
    start: date
    end: date
    granularity: str
    year_inferred: bool
    relative: bool  # resolved against the anchor (anchor recorded), not absolute


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _clip_day(year: int, month: int, day: int) -> date | None:
    if not 1 <= day <= _month_end(year, month):
        return None
    return date(year, month, day)


def _span_in_year(core: Core, year: int) -> tuple[date, date] | None:
    """The interval `core` names in `year` (a date, a month or its part, a season)."""
    w = words()
    if core.kind == "date":
        first = _clip_day(year, core.month, core.day)  # type: ignore[arg-type]
        last = _clip_day(year, core.month, core.day2) if core.day2 else first  # type: ignore[arg-type]
        if first is None or last is None or last < first:
            return None
        return first, last
    if core.kind == "month":
        if core.part:
            lo, hi = w.part_month[core.part]
            end_day = min(hi, _month_end(year, core.month))  # type: ignore[arg-type]
            return date(year, core.month, lo), date(year, core.month, end_day)  # type: ignore[arg-type]
        return date(year, core.month, 1), date(year, core.month, _month_end(year, core.month))  # type: ignore[arg-type]
    if core.kind == "season":
        lo, hi = w.seasons[core.unit]
        end_year = year + 1 if hi < lo else year
        return date(year, lo, 1), date(end_year, hi, _month_end(end_year, hi))
    if core.kind == "year":
        if core.part:
            lo, hi = w.part_year[core.part]
            return date(year, lo, 1), date(year, hi, _month_end(year, hi))
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _granularity(core: Core) -> str:
    if core.kind == "date":
        return "interval" if core.day2 else "day"
    if core.kind in ("month", "year") and core.part:
        return f"part-of-{core.kind}"
    return core.kind


def _distance(span: tuple[date, date], anchor: date) -> int:
    if span[0] <= anchor <= span[1]:
        return 0
    return min(abs((span[0] - anchor).days), abs((span[1] - anchor).days))


def _choose_year(core: Core, anchor: date, direction: str) -> tuple[date, date] | None:
    """The occurrence of a yearless date nearest the anchor, or the one the direction asks for."""
    candidates = [
        span for y in range(anchor.year - 2, anchor.year + 2) if (span := _span_in_year(core, y)) is not None
    ]
    if not candidates:
        return None
    if direction == "last":
        before = [c for c in candidates if c[1] < anchor and not c[0] <= anchor <= c[1]]
        return before[-1] if before else None
    if direction == "next":
        after = [c for c in candidates if c[0] > anchor]
        return after[0] if after else None
    if direction == "this":
        return next((c for c in candidates if c[0].year == anchor.year), None)
    if direction == "past":
        before = [c for c in candidates if c[0] <= anchor]
        return before[-1] if before else None
    if direction == "future":
        after = [c for c in candidates if c[1] >= anchor]
        return after[0] if after else None
    return min(candidates, key=lambda c: (_distance(c, anchor), c[0] > anchor))


def _week(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _month_end(year, month + 1)))


def _resolve_deictic(core: Core, anchor: date, direction: str) -> Value | None:
    """Expressions relative to the moment of writing: the anchor must be the publication date."""
    if core.kind == "deictic":
        day = anchor + timedelta(days=core.offset)
        return Value(day, day, "day", True, True)
    if core.kind == "weekday":
        back = (anchor.weekday() - core.weekday) % 7  # type: ignore[operator]
        ahead = (core.weekday - anchor.weekday()) % 7  # type: ignore[operator]
        if core.direction == "last":
            day = anchor - timedelta(days=back or 7)
        elif core.direction == "next":
            day = anchor + timedelta(days=ahead or 7)
        elif core.direction == "this" or direction == "future":
            day = anchor + timedelta(days=ahead)
        else:
            day = anchor - timedelta(days=back)
        return Value(day, day, "day", True, True)
    if core.kind == "weekend":
        saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
        if core.direction == "next" or (core.direction == "this" and anchor.weekday() < 5) or direction == "future":
            saturday = anchor + timedelta(days=(5 - anchor.weekday()) % 7)
        elif core.direction == "last" and anchor.weekday() >= 5:
            saturday -= timedelta(days=7)
        return Value(saturday, saturday + timedelta(days=1), "weekend", True, True)
    step = {"last": -1, "next": 1, "this": 0}.get(core.direction, 0)
    if core.kind == "rel":
        if core.unit == "weekend":
            return _resolve_deictic(replace(core, kind="weekend"), anchor, direction)
        if core.unit == "week":
            first, last = _week(anchor + timedelta(days=7 * step))
            return Value(first, last, "week", True, True)
        if core.unit == "month":
            month = _add_months(anchor.replace(day=1), step)
            moved = replace(core, kind="month", month=month.month)
            span = _span_in_year(moved, month.year)
            return Value(span[0], span[1], _granularity(moved), True, True) if span else None
        year = anchor.year + step
        moved = replace(core, kind="year")
        span = _span_in_year(moved, year)
        return Value(span[0], span[1], _granularity(moved), True, True) if span else None
    if core.kind == "roll" and core.count > 0:
        first = _shift(anchor, core.unit, -core.count) + timedelta(days=1)
        return Value(first, anchor, "interval", True, True)
    if core.kind == "ago" and core.count > 0:
        day = _shift(anchor, core.unit, -core.count)
        if core.unit == "day":
            return Value(day, day, "day", True, True)
        if core.unit == "week":
            return Value(*_week(day), "week", True, True)
        if core.unit == "month":
            return Value(day.replace(day=1), day.replace(day=_month_end(day.year, day.month)), "month", True, True)
        if core.unit == "year":
            return Value(date(day.year, 1, 1), date(day.year, 12, 31), "year", True, True)
    return None


def _shift(day: date, unit: str, count: int) -> date:
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(days=7 * count)
    if unit == "month":
        return _add_months(day, count)
    if unit == "decade":
        return _add_months(day, 120 * count)
    return _add_months(day, 12 * count)


def _resolve(core: Core, anchor: date | None, anchor_inferred: bool, direction: str) -> Value | None:
    if core.kind in ABSOLUTE_KINDS and core.year is not None:
        if core.kind == "decade":
            return Value(date(core.year, 1, 1), date(core.year + 9, 12, 31), "decade", False, False)
        span = _span_in_year(core, core.year)
        return Value(span[0], span[1], _granularity(core), False, False) if span else None
    if anchor is None:
        return None  # never invent a year
    if core.needs_part and not core.part:
        return None
    if core.year_step is not None:  # "in April last year": relative to the moment of writing
        if anchor_inferred:
            return None
        span = _span_in_year(core, anchor.year + core.year_step)
        return Value(span[0], span[1], _granularity(core), True, True) if span else None
    if core.kind == "season" and not core.direction:
        return None  # "in the spring": which one is not said
    if core.kind in DEICTIC_KINDS or core.direction:
        if anchor_inferred:
            return None  # relative to the moment of writing, which an inferred anchor is not
        if core.kind not in DEICTIC_KINDS:  # "last December", "next spring"
            span = _choose_year(core, anchor, core.direction)
            return Value(span[0], span[1], _granularity(core), True, True) if span else None
        return _resolve_deictic(core, anchor, direction)
    span = _choose_year(core, anchor, direction)
    return Value(span[0], span[1], _granularity(core), True, True) if span else None


# --- modifiers --------------------------------------------------------------------------------


def _widen_left(core: Core, text: str, floor: int) -> Core:
    """Part-of and direction words just before a core: "the beginning of", "mid-", "last"."""
    g = grammar()
    before = text[max(floor, core.start - 40) : core.start]
    if core.kind in ("month", "year", "rel") and (core.kind != "rel" or core.unit in ("month", "year")):
        m = g.part_left.search(before)
        if m:
            part = (m.group("part") or m.group("part_adj")).lower()
            table = words().part_year if (core.kind == "year" or core.unit == "year") else words().part_month
            if part in table:
                core = replace(core, start=core.start - len(m.group(0)), part=part)
                before = text[max(floor, core.start - 40) : core.start]
    if core.kind in ("month", "weekday", "season") and core.year is None and not core.part:
        m = g.direction_left.search(before)
        if m:
            direction = m.group("dir").lower().split()[0]
            direction = {"past": "last", "coming": "next"}.get(direction, direction)
            core = replace(core, start=core.start - len(m.group(0)), direction=direction)
    return core


def _cue(text: str, start: int, floor: int) -> str:
    window = text[max(floor, start - CUE_WINDOW) : start]
    g = grammar()
    if g.any_cue is not None and g.any_cue.search(window) is None:
        return ""  # no row matches anywhere in the window
    for pattern, direction in g.cues:
        if pattern.search(window):
            return direction
    return ""


@dataclass(slots=True)
class Found:
    start: int
    end: int
    value: Value


def _combine(found: list[Found], text: str, floor_of: dict[int, int], anchor: date | None) -> list[Found]:
    """Multi-part expressions: "since X", "for ten days from X", "from X to Y", "between X and Y"."""
    g = grammar()
    out: list[Found] = []
    i = 0
    while i < len(found):
        item = found[i]
        floor = floor_of[item.start]
        before = text[max(floor, item.start - 60) : item.start]
        nxt = found[i + 1] if i + 1 < len(found) else None
        joint = text[item.end : nxt.start] if nxt else ""
        if nxt and g.range_joint.match(joint) and re.search(r"(?i:\b(?:from|between)\s+)$", before):
            lead = re.search(r"(?i:\b(?:from|between)\s+)$", before)
            last = nxt.value
            end = last.end if last.end >= item.value.start else item.value.end
            value = Value(item.value.start, end, "interval", item.value.year_inferred or last.year_inferred,
                          item.value.relative or last.relative)
            out.append(Found(item.start - len(lead.group(0)), nxt.end, value))  # type: ignore[union-attr]
            i += 2
            continue
        m = g.for_from_left.search(before)
        right = g.for_right.match(text, item.end) if g.from_left.search(before) else None
        if m or right:
            hit = m or right
            count, unit = _number(hit.group("n")), hit.group("unit").lower().rstrip("s")  # type: ignore[union-attr]
            if count > 0:
                first = item.value.start
                last = _shift(first, unit, count) - timedelta(days=1)  # inclusive: day 1 is the first day
                start = item.start - len(m.group(0)) if m else item.start - len(g.from_left.search(before).group(0))  # type: ignore[union-attr]
                end = item.end if m else right.end()  # type: ignore[union-attr]
                out.append(Found(start, end, replace(item.value, end=last, granularity="interval")))
                i += 1
                continue
        m = g.since_left.search(before)
        if m and anchor is not None and item.value.start <= anchor:
            value = Value(item.value.start, anchor, "interval", item.value.year_inferred, True)
            out.append(Found(item.start - len(m.group(0)), item.end, value))
            i += 1
            continue
        out.append(item)
        i += 1
    return out


# --- public API -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _full_date_patterns() -> tuple[re.Pattern[str], ...]:
    """Each starts with a digit or a literal month name, so the engine can skip ahead."""
    month = "|".join(sorted({n for m in MONTHS for n in (m.capitalize(), m.upper())}, key=len, reverse=True))
    return (
        re.compile(r"(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\w/-])"),
        re.compile(rf"(?P<m>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,\s*(?P<y>(?:19|20)\d\d)(?!\d)"),
        re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{month})\.?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)"),
    )


def full_dates(text: str) -> list[date]:
    """Dates given with day, month and year ("Sept. 9, 2021", "4 February 2022", "2022-02-04")."""
    found: list[date] = []
    for pattern in _full_date_patterns():
        for m in pattern.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "/-"):
                continue  # inside a word, a number or a URL path
            month = int(m["m"]) if m["m"].isdigit() else MONTHS[m["m"].lower()]
            year, day = int(m["y"]), int(m["d"])
            if 1 <= day <= _month_end(year, month):
                found.append(date(year, month, day))
    return found


def choose_anchor(published: str, texts: list[str]) -> tuple[str, bool]:
    """The reference date: the publication date, else the latest fully dated mention (inferred).

    The caller passes the article text and its removed blocks, since a caption ("... in Moscow on
    Sept. 9, 2021") is often the only full date a scrape keeps. Returns ("", False) when there is none.
    """
    if published:
        return published, False
    dates = [d for text in texts for d in full_dates(text)]
    return (max(dates).isoformat(), True) if dates else ("", False)


@lru_cache(maxsize=8)
def _cores(text: str) -> tuple[Core, ...]:
    """Every core, left to right (the regex alternatives are ordered most specific first).

    Cached: the quantity finder asks for the same text's date spans right after `find_times`.
    Cores are never mutated (modifiers make new ones with `replace`)."""
    g = grammar()
    return tuple(c for m in scan(text, g.core, g.trigger_words) if (c := _core(m, text)) is not None)


def _with_year_words(cores: tuple[Core, ...], text: str) -> list[Core]:
    """"April last year", "Feb. 10 this year": the year word belongs to the date before it."""
    out: list[Core] = []
    i = 0
    while i < len(cores):
        core = cores[i]
        following = cores[i + 1] if i + 1 < len(cores) else None
        if (
            following is not None
            and core.kind in ("date", "month", "season")
            and core.year is None
            and following.kind == "rel"
            and following.unit == "year"
            and not following.needs_part
            and re.fullmatch(r",?\s*", text[core.end : following.start])
        ):
            step = {"last": -1, "this": 0, "next": 1}[following.direction]
            out.append(replace(core, end=following.end, year_step=step))
            i += 2
            continue
        out.append(core)
        i += 1
    return out


def calendar_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of dates and years in `text`, for the quantity finder to skip."""
    return [(c.start, c.end) for c in _cores(text) if c.kind in ("date", "month", "year", "decade", "season")]


def find_times(
    article_id: str, text: str, sentences: list[Sentence], anchor: str, anchor_inferred: bool
) -> list[TimeExpr]:
    """Time expressions of `text`, resolved against `anchor`, each in the sentence that holds it."""
    if not sentences:
        return []
    anchor_day = date.fromisoformat(anchor) if anchor else None
    starts = [s.start for s in sentences]
    found: list[Found] = []
    floor_of: dict[int, int] = {}
    for core in _with_year_words(_cores(text), text):
        k = bisect_right(starts, core.start) - 1
        if k < 0 or core.end > sentences[k].end:
            continue
        floor = sentences[k].start
        core = _widen_left(core, text, floor)
        direction = _cue(text, core.start, floor)
        value = _resolve(core, anchor_day, anchor_inferred, direction)
        if value is None:
            continue
        found.append(Found(core.start, core.end, value))
        floor_of[core.start] = floor
    found = _combine(found, text, floor_of, anchor_day)
    result: list[TimeExpr] = []
    for item in found:
        k = bisect_right(starts, item.start) - 1
        sentence = sentences[max(k, 0)]
        v = item.value
        result.append(
            TimeExpr(
                article_id=article_id,
                sentence_id=sentence.id,
                start=item.start,
                end=item.end,
                text=text[item.start : item.end],
                value_start=v.start.isoformat(),
                value_end=v.end.isoformat(),
                granularity=v.granularity,
                anchor=anchor if v.relative else "",
                year_inferred=v.year_inferred,
            )
        )
    return result
