"""Quantities: numbers in digits or words, with what they count and the bounds the text gives.

Compiled regexes built once over the whole text; word lists are data files in ``data/nlp/``
(number words, units and conversions, bound cues).

Conventions (issue 3):

- ``value`` is the number the text states as such. A one-sided bound ("more than 30,000 troops")
  has ``value`` None and ``low`` 30000; "less than 56 miles" has ``high`` 56. A range ("between
  10,000 and 30,000", "10,000-30,000", "10,000 to 30,000") has ``low`` and ``high`` and no value.
  An exact number has ``value`` only (``low``/``high`` None: the text gave no bounds).
- "about", "some", "around", "roughly", "an estimated": ``value`` with ``approximate`` True.
  "nearly", "almost", "close to": ``high`` with ``approximate`` True; "just over": ``low``, approximate.
- Vague multiples are read literally, as at least two and fewer than ten of their scale, approximate:
  "thousands of" -> 2,000..10,000, "tens of thousands" -> 20,000..100,000, "a few hundred" /
  "several hundred" -> 200..1,000. A lone "a few" / "several" is skipped.
- ``unit`` is the counted noun, normalised by ``units.tsv`` to one plural ("troop" -> troops) but not
  merged across meanings ("soldiers" stays soldiers); symbols give dollars / euros / pounds /
  percent. A noun not in the table is kept as written (the first plural word after the number).
  ``about`` is the counted phrase with its modifiers ("Russian troops").
- A bare number whose noun is elsewhere takes the unit and ``about`` of the next number it is
  coordinated with ("10,000 or 20,000 troops"), else of the nearest preceding quantity in the same
  sentence ("30,000 Russian troops, while experts have said 10,000 is more realistic").
- Distances and areas are converted exactly (1 mi = 1.609344 km) and rounded to CONVERT_DIGITS
  decimals: ``converted`` = {"high": 90.1, "unit": "km"} for "less than 56 miles".
- Skipped: dates and years (the time grammar's spans), times of day, ordinals ("1st"), list
  numbers ("1)"), numbers inside names ("Su-35S", "S-400", "COVID-19") and after labels
  ("Article 5"), and a lone "one" / "a" that counts no known unit ("one potential avenue").
- The span runs from the bound cue to the end of the counted phrase: "more than 30,000 troops".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from faultline.nlp.timex import alternation, calendar_spans, scan, trigger_pattern  # the time grammar owns what a date is
from faultline.records import Quantity, Sentence
from faultline.resources import load_rows

NUMBER_WORDS = "nlp/numbers.tsv"
UNIT_WORDS = "nlp/units.tsv"
BOUND_CUES = "nlp/bounds.tsv"
CONVERT_DIGITS = 1  # decimals kept in converted values (56 mi -> 90.1 km)
MAX_MODIFIERS = 3  # words allowed between a number and its unit: "30,000 Russian combat troops"
LIST_NUMBER_MAX = 20  # "1)" ... "20)" are list markers, not counts
INHERIT_RATIO = 100  # a bare number takes a preceding unit only within this factor of its number
TIME_UNITS = frozenset("seconds minutes hours days weeks months years decades".split())  # never inherited
VERB_ENDINGS = ("ed", "ing", "ly")  # a word after a number ending so is no counted noun ("43 identified")
CURRENCY = {"$": "dollars", "US$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₽": "rubles"}
YEAR_LIKE = re.compile(r"(?:1[89]|20)\d\d")  # "the party's 2024 nomination": a year the time grammar missed

# Words that end the counted phrase: "30,000 troops that are amassed", "10,000 is a figure".
STOPWORDS = frozenset(
    """a an the this that these those is are was were be been being am have has had having do does did
    will would could can may might must should shall of in on at to from by for with without and or but nor
    than as into onto over under about after before since until while which who whom whose what when where
    why how it its they them their he him his she her we us our you your i me my there here not no
    said says say told according more most less least such so also only just even both each every all
    any other another per then if because though although whether up down out off again
    last next ago later earlier""".split()
)


@dataclass(frozen=True, slots=True)
class Tables:
    words: dict[str, tuple[str, float]]  # number word -> (kind, value)
    vague_scales: dict[str, float]
    labels: frozenset[str]
    units: dict[tuple[str, ...], tuple[str, str, float]]  # surface words -> (unit, convert-to, factor)
    longest_unit: int
    bounds_before: dict[str, str]
    bounds_after: dict[str, str]
    not_after: dict[str, re.Pattern[str]]  # cue -> preceding words that make it a preposition


@lru_cache(maxsize=1)
def tables() -> Tables:
    number_words: dict[str, tuple[str, float]] = {}
    vague: dict[str, float] = {}
    labels: set[str] = set()
    for row in load_rows(NUMBER_WORDS):
        kind, word = row[0], row[1].lower()
        if kind in ("unit", "tens", "scale", "abbrev"):
            number_words[word] = (kind, float(row[2]))
        elif kind == "vague-scale":
            vague[word] = float(row[2])
        elif kind == "label":
            labels.add(word)
    units: dict[tuple[str, ...], tuple[str, str, float]] = {}
    for row in load_rows(UNIT_WORDS):
        target, factor = (row[2], float(row[3])) if len(row) >= 4 else ("", 1.0)
        units[tuple(row[0].lower().split())] = (row[1], target, factor)
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    not_after: dict[str, re.Pattern[str]] = {}
    for row in load_rows(BOUND_CUES):
        (after if row[2] == "after" else before)[row[0].lower()] = row[1]
        if len(row) > 3 and row[3]:
            not_after[row[0].lower()] = re.compile(rf"(?i:\b{row[3]}\s+)$")
    longest = max(len(k) for k in units)
    return Tables(number_words, vague, frozenset(labels), units, longest, before, after, not_after)


@dataclass(frozen=True, slots=True)
class Patterns:
    number: re.Pattern[str]
    triggers: tuple[re.Pattern[str], ...]
    cue_before: re.Pattern[str]
    cue_after: re.Pattern[str]
    follow: re.Pattern[str]
    joint: re.Pattern[str]


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    t = tables()
    spelled = [w for w, (kind, _) in t.words.items() if kind != "abbrev"]
    word = rf"(?:{alternation(spelled)})"
    abbrevs = alternation(w for w, (kind, _) in t.words.items() if kind == "abbrev")
    scales = alternation(w for w, (kind, _) in t.words.items() if kind == "scale")
    vague = alternation(t.vague_scales)
    big = r"(?:thousands|millions|billions)"
    number = re.compile(
        "|".join(
            [
                # "tens of thousands", "hundreds of", "a few thousand"
                rf"(?i:\b(?P<vmult>tens|hundreds|dozens)\s+of\s+(?P<vmult_scale>{big})\b)",
                rf"(?i:\b(?P<vplain>{vague})(?=\s+of\b))",
                r"(?i:\b(?P<vfew>a\s+few|several|a\s+couple\s+of)\s+(?P<vfew_scale>dozen|hundred|thousand|million|billion)\b)",
                r"(?i:\b(?P<half>half)\s+a\s+(?P<half_scale>million|billion|dozen)\b)",
                # digits: "$1.85 billion", "30,000", "2.5 million", "5%", "$5bn"
                rf"(?:(?P<cur>US\$|[$€£¥₽])\s?)?(?<![\w.,/:#])(?<![A-Za-z]-)"
                rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                rf"(?:\s?(?P<abbr>{abbrevs})(?![\w])|\s+(?P<scale>{scales})\b)?"
                rf"(?P<pct>\s?%|\s+(?:percent|per\s+cent)\b)?(?![\w:]|[.,]\d)",
                # words: "ten", "thirty thousand", "twenty-seven", "a hundred"
                rf"(?i:\b(?P<words>(?:an?\s+(?=(?:{scales})\b))?{word}(?:(?:[\s-]+|\s+and\s+(?={word}))(?:{word}))*)\b)",
            ]
        )
    )
    spelled_forms = [f for w in (*spelled, *t.vague_scales, "several", "few", "half") for f in (w, w.capitalize())]
    before_scale = r"\s+(?:few|couple|hundred|thousand|million|billion|dozen)\b"
    triggers = trigger_pattern([*spelled_forms, *CURRENCY], [(a, before_scale) for a in ("a", "A", "an", "An")])
    before = alternation(t.bounds_before)
    after = alternation(t.bounds_after)
    return Patterns(
        number=number,
        triggers=triggers,
        cue_before=re.compile(rf"(?i:\b(?P<cue>{before})\s+)$"),
        cue_after=re.compile(rf"(?i:\s+(?P<cue>{after})\b)"),
        follow=re.compile(r"(?:\s+|-)(?P<w>[A-Za-z][\w'’-]*)"),
        joint=re.compile(r"(?i:\s*(?P<j>-|–|to|and|or|,)\s*$)"),  # used with match(text, pos, endpos)
    )


# --- numbers ----------------------------------------------------------------------------------


def words_value(phrase: str) -> tuple[float, int] | None:
    """The value of spelled-out number words and how many characters of `phrase` it used.

    "thirty thousand" -> 30000, "twenty-seven" -> 27, "one hundred and fifty" -> 150. Stops where
    the words stop making one number ("two three" -> 2).
    """
    t = tables().words
    total = current = 0.0
    last = ""
    used = 0
    for i, token in enumerate(re.finditer(r"[A-Za-z]+", phrase)):
        word = token.group().lower()
        if i == 0 and word in ("a", "an"):  # "a hundred", "a dozen"
            current, last, used = 1.0, "article", token.end()
            continue
        if word == "and":  # "one hundred and fifty"
            if last != "scale":
                break
            continue
        kind, value = t.get(word, ("", 0.0))
        if kind == "unit" and (last == "unit" or last == "tens" and value >= 10):
            break
        if kind == "tens" and last in ("unit", "tens"):
            break
        if kind == "scale" and last not in ("unit", "tens", "article", "scale"):
            break
        if kind in ("unit", "tens"):
            current += value
        elif kind == "scale" and value < 1000:  # hundred, dozen multiply what precedes
            current = (current or 1.0) * value
        elif kind == "scale":
            total += (current or 1.0) * value
            current = 0.0
        else:
            break
        last, used = kind, token.end()
    if last in ("", "article"):
        return None
    return total + current, used


@dataclass(slots=True)
class Number:
    """A number found in the text, before its unit and bounds are read."""

    start: int
    end: int
    value: float
    low: float | None = None
    high: float | None = None
    unit: str = ""
    about: str = ""
    about_end: int = -1
    approximate: bool = False
    scaled: bool = False  # carried a scale word ("million"), for "between 2 and 3 million"
    needs_unit: bool = False  # a lone "one": only kept when it counts a known unit
    known_unit: bool = False  # the unit came from the units table
    spelled: bool = False  # in words ("thirty thousand"), not digits
    year_like: bool = False  # "2024" alone: kept only when it counts a known unit ("2000 troops")
    cue_start: int = -1
    bound: str = ""
    conversion: tuple[str, float] | None = None


def _digits(m: re.Match[str]) -> Number | None:
    value = float(m.group("num").replace(",", ""))
    scale = m.group("scale") or m.group("abbr")
    if scale:
        value *= tables().words[scale.lower()][1]
    number = Number(m.start(), m.end(), value, scaled=bool(scale))
    number.year_like = not (scale or m.group("cur") or m.group("pct")) and bool(YEAR_LIKE.fullmatch(m.group("num")))
    if m.group("cur"):
        number.unit = CURRENCY[m.group("cur")]
    elif m.group("pct"):
        number.unit = "percent"
    return number


def _number(m: re.Match[str]) -> Number | None:
    g = m.groupdict()
    if g["num"]:
        return _digits(m)
    if g["vmult"] or g["vplain"] or g["vfew"]:
        if g["vmult"]:
            base = tables().vague_scales[g["vmult"].lower()] * tables().vague_scales[g["vmult_scale"].lower()]
        elif g["vplain"]:
            base = tables().vague_scales[g["vplain"].lower()]
        else:
            base = tables().words[g["vfew_scale"].lower()][1]
        return Number(m.start(), m.end(), 0.0, low=2 * base, high=10 * base, approximate=True, bound="vague")
    if g["half"]:
        return Number(m.start(), m.end(), 0.5 * tables().words[g["half_scale"].lower()][1], scaled=True)
    parsed = words_value(g["words"])
    if parsed is None:
        return None
    value, used = parsed
    lone_one = value == 1 and used <= 3
    return Number(m.start(), m.start() + used, value, needs_unit=lone_one, spelled=True)


def _skip(number: Number, text: str, skip_spans: list[tuple[int, int]], skip_starts: list[int]) -> bool:
    """Dates, years, times of day, list markers, and numbers that are part of a name."""
    k = bisect_right(skip_starts, number.start) - 1
    if k >= 0 and skip_spans[k][0] <= number.start < skip_spans[k][1]:
        return True
    after = text[number.end : number.end + 12]
    if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|o['’]clock|hrs\b)", after):
        return True
    if after.startswith(")") and number.value <= LIST_NUMBER_MAX and number.value.is_integer():
        return True
    if number.spelled and text[number.start].isupper() and not re.search(r"(?:^|[.!?:;\"“(]\s*)$", text[max(0, number.start - 3) : number.start]):
        return True  # a capitalised number word inside a sentence is a name: "the Group of Seven"
    previous = re.search(r"([A-Za-z][\w.]*)\s*$", text[max(0, number.start - 20) : number.start])
    return bool(previous) and previous.group(1).lower() in tables().labels and text[number.start].isdigit()  # type: ignore[union-attr]


# --- units and bounds -------------------------------------------------------------------------


def _read_unit(number: Number, text: str, limit: int) -> None:
    """The counted noun after the number: a known unit within MAX_MODIFIERS words, else the first
    plural word of the phrase ("30,000 Russian troops", "two countries", "56 miles")."""
    p = patterns()
    t = tables()
    position = number.end
    if number.bound == "vague":  # "thousands of troops": the noun follows "of"
        of = re.match(r"\s+of\b", text[position:limit])
        position = position + of.end() if of else position
    if number.unit in ("dollars", "euros", "pounds", "percent"):  # "$1.85 billion in aid"
        of = re.match(r"\s+(?:in|of|worth\s+of)\b", text[position:limit])
        position = position + of.end() if of else position
    tokens: list[re.Match[str]] = []
    while len(tokens) < MAX_MODIFIERS + t.longest_unit:
        m = p.follow.match(text, position, limit)
        if not m or m.group("w").lower() in STOPWORDS:
            break
        tokens.append(m)
        position = m.end()
    lowered = [m.group("w").lower().rstrip(".") for m in tokens]
    for i in range(min(len(tokens), MAX_MODIFIERS + 1)):
        for n in range(min(t.longest_unit, len(tokens) - i), 0, -1):
            known = t.units.get(tuple(lowered[i : i + n]))
            if known:
                number.known_unit = True
                if not number.unit:  # a currency symbol wins over "dollars" after it
                    number.unit = known[0]
                    number.conversion = (known[1], known[2]) if known[1] else None
                number.about = text[tokens[0].start("w") : tokens[i + n - 1].end()]
                number.about_end = tokens[i + n - 1].end()
                return
    if not tokens:
        return
    lowered = lowered[: MAX_MODIFIERS + 1]
    head = next((k for k, w in enumerate(lowered) if w.endswith("s") and not w.endswith("ss")), None)
    if head is None and tokens[0].group("w").islower() and not lowered[0].endswith(VERB_ENDINGS):
        head = len(lowered) - 1 if number.unit else 0  # "$1.85 billion in military aid"
    if head is not None:
        number.unit = number.unit or lowered[head]
        number.about = text[tokens[0].start("w") : tokens[head].end()]
        number.about_end = tokens[head].end()


BOUND_FIELDS = {
    "low": ("low", False),
    "high": ("high", False),
    "approx": ("value", True),
    "approx-low": ("low", True),
    "approx-high": ("high", True),
}


def _read_bounds(number: Number, text: str, floor: int, limit: int) -> None:
    p = patterns()
    if number.bound == "vague":
        return
    m = p.cue_before.search(text, max(floor, number.start - 30), number.start)
    cue = tables().bounds_before.get(m.group("cue").lower()) if m else None
    if m is not None:
        preposition = tables().not_after.get(m.group("cue").lower())
        if preposition is not None and preposition.search(text, max(floor, m.start() - 20), m.start()):
            cue = None  # "has spoken about 30,000 troops": a topic, not an estimate
        else:
            number.cue_start = m.start()
    after = p.cue_after.match(text, number.end, limit)
    if cue is None and after:
        cue = tables().bounds_after[after.group("cue").lower()]
        number.end = after.end()  # "30,000 or more troops": the unit follows the cue
    if cue is None:
        return
    slot, approximate = BOUND_FIELDS[cue]
    number.approximate = approximate
    number.bound = slot
    if slot != "value":
        setattr(number, slot, number.value)


# --- sentence-level rules ---------------------------------------------------------------------


def _merge_ranges(numbers: list[Number], text: str) -> list[Number]:
    """"between 10,000 and 30,000 troops", "10,000-30,000", "2 to 3 million": one quantity with
    low and high. "from 10,000 to 30,000" is a change, not a range: it stays two numbers."""
    p = patterns()
    out: list[Number] = []
    i = 0
    while i < len(numbers):
        first = numbers[i]
        second = numbers[i + 1] if i + 1 < len(numbers) else None
        joint = p.joint.match(text, first.end, second.start) if second else None
        if second is not None and joint and not first.bound and not second.bound and not first.unit:
            word = joint.group("j").lower()
            lead = text[max(0, first.start - 12) : first.start]
            between = re.search(r"(?i:\bbetween\s+)$", lead)
            from_ = re.search(r"(?i:\bfrom\s+)$", lead)
            if (word == "and" and between) or word in ("-", "–") or (word == "to" and not from_):
                low = _share_scale(first, second, text) if second.scaled and not first.scaled else first.value
                merged = Number(
                    first.start, second.end, 0.0, low=low, high=second.value, unit=second.unit,
                    scaled=second.scaled, bound="range",
                    cue_start=first.start - len(between.group(0)) if between else -1,
                )
                out.append(merged)
                i += 2
                continue
        out.append(first)
        i += 1
    return out


def _share_scale(first: Number, second: Number, text: str) -> float:
    """"between 2 and 3 million": the first number takes the second's scale word."""
    scale = re.search(r"(?i:(thousand|million|billion|trillion|bn|mln|m|k))\W*$", text[second.start : second.end])
    if not scale or first.value >= 1000:
        return first.value
    return first.value * tables().words[scale.group(1).lower()][1]


def _share_units(numbers: list[Number], text: str) -> None:
    """A bare number takes the unit of the number it is coordinated with ("10,000 or 20,000
    troops"), else of the nearest preceding quantity in its sentence ("30,000 Russian troops,
    while experts have said 10,000 is a more realistic figure")."""
    p = patterns()
    for k in range(len(numbers) - 2, -1, -1):
        number, following = numbers[k], numbers[k + 1]
        if not number.unit and following.unit and p.joint.match(text, number.end, following.start):
            number.unit, number.about, number.conversion = following.unit, following.about, following.conversion
    for k, number in enumerate(numbers):
        if number.unit or number.needs_unit:
            continue
        previous = next((n for n in reversed(numbers[:k]) if n.unit), None)
        if previous is not None and previous.unit not in TIME_UNITS and _comparable(number, previous):
            number.unit, number.about, number.conversion = previous.unit, previous.about, previous.conversion


def _magnitude(number: Number) -> float:
    return number.value or number.low or number.high or 0.0


def _comparable(number: Number, other: Number) -> bool:
    """Estimates of one thing are within INHERIT_RATIO of each other (30,000 vs 10,000)."""
    a, b = _magnitude(number), _magnitude(other)
    return a > 0 and b > 0 and max(a, b) / min(a, b) <= INHERIT_RATIO


def _converted(number: Number, value: float | None) -> dict[str, float] | None:
    if number.conversion is None:
        return None
    target, factor = number.conversion
    converted: dict[str, float] = {}
    for name, amount in (("value", value), ("low", number.low), ("high", number.high)):
        if amount is not None:
            converted[name] = round(amount * factor, CONVERT_DIGITS)
    converted["unit"] = target  # type: ignore[assignment]  # the record's dict also names its unit
    return converted


def _quantity(article_id: str, sentence: Sentence, number: Number, text: str) -> Quantity:
    value = None if number.bound in ("low", "high", "range", "vague") else number.value
    start = number.cue_start if number.cue_start >= 0 else number.start
    end = max(number.end, number.about_end)
    return Quantity(
        article_id=article_id,
        sentence_id=sentence.id,
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        low=number.low,
        high=number.high,
        unit=number.unit,
        about=number.about,
        converted=_converted(number, value),
        approximate=number.approximate,
    )


def find_quantities(article_id: str, text: str, sentences: list[Sentence]) -> list[Quantity]:
    """Quantities of `text` with their units and bounds, each in the sentence that holds it."""
    if not sentences:
        return []
    skip_spans = calendar_spans(text)
    skip_starts = [s for s, _ in skip_spans]
    starts = [s.start for s in sentences]
    by_sentence: dict[int, list[Number]] = {}
    for m in scan(text, patterns().number, patterns().triggers):
        number = _number(m)
        if number is None or _skip(number, text, skip_spans, skip_starts):
            continue
        k = bisect_right(starts, number.start) - 1
        if k < 0 or number.end > sentences[k].end:
            continue
        by_sentence.setdefault(k, []).append(number)
    result: list[Quantity] = []
    for k, numbers in by_sentence.items():
        sentence = sentences[k]
        for number in numbers:
            _read_bounds(number, text, sentence.start, sentence.end)
        numbers = _merge_ranges(numbers, text)
        for number in numbers:
            _read_unit(number, text, sentence.end)
        _share_units(numbers, text)
        kept = [n for n in numbers if n.known_unit or not (n.needs_unit or n.year_like)]
        result.extend(_quantity(article_id, sentence, n, text) for n in kept)
    return result
