"""The rule vocabulary every assessment data file shares: phrase cues, event rules, claim rules.

A factor (or an ACH hypothesis, or an action) says what bears on it in a :class:`Lexicon`:

- ``phrases``: words in a sentence ("diplomatic isolation", "no army ... would try to stop");
- ``events``: a PLOVER event type (and mode), with who must be its source and target, in question roles;
- ``claims``: a claim cue (``Claim.cue``: warn, estimate ...) by a source in some role, optionally about
  some phrase.

Roles are relative to the question, so one rule serves every question: ``actor`` (who would act),
``target``, ``via`` (the staging country), ``other`` (anyone else) and ``any``. A rule may be limited to
some ``actions`` (deploy, invade ...). Overlapping phrase matches in one sentence ("ally", "true ally")
are one piece of evidence, not two: the linker keeps the longest. Parsing is strict: an unknown key or a bad value stops the load
with an :class:`~faultline.errors.AssessDataError` naming file, key and fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NoReturn

from faultline.errors import AssessDataError

ROLES = ("actor", "target", "via", "other", "any")
# "no army ... would try to stop": a gap spans at most this many words. The linker matches within one
# sentence, so the gap cannot reach into the next one; six words cover an inserted clause.
MAX_GAP_WORDS = 6
GAP = "..."
DEFAULT_WEIGHT = 1.0
MAX_WEIGHT = 10.0


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A cue phrase as a case-insensitive regex over raw sentence text.

    Words match whole words; any run of whitespace (scrapes keep hard line wraps) separates them;
    ``...`` stands for up to :data:`MAX_GAP_WORDS` words; a trailing ``*`` matches any word ending
    (``sanction*``); an apostrophe matches ``'`` or ``’``.
    """
    parts: list[str] = []
    gap = False
    for word in phrase.split():
        if word == GAP:
            gap = True
            continue
        stem = word[:-1] if word.endswith("*") else word
        body = "['’]".join(re.escape(piece) for piece in re.split("['’]", stem)) + (r"\w*" if word.endswith("*") else "")
        if parts:
            parts.append(r"\s+(?:\S+\s+){0,%d}?" % MAX_GAP_WORDS if gap else r"\s+")
        parts.append(body)
        gap = False
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)", re.IGNORECASE)


def _phrase_problem(phrase: str) -> str:
    words = phrase.split()
    if not words or all(w == GAP for w in words):
        return "is empty"
    if words[0] == GAP or words[-1] == GAP:
        return "starts or ends with '...'"
    if any(a == b == GAP for a, b in zip(words, words[1:])):
        return "has two '...' in a row"
    return ""


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase that, found in a sentence, bears on a factor or hypothesis."""

    phrase: str
    weight: float = DEFAULT_WEIGHT
    actions: tuple[str, ...] = ()  # empty: every action
    note: str = ""
    # Roles one of which the sentence must mention ("buildup of ... forces" bears on resistance only
    # when the forces are the target's or a third party's); empty: no condition.
    mentions: tuple[str, ...] = ()

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.phrase)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)

    def applies_to(self, action: str) -> bool:
        return not self.actions or action in self.actions


_compiled = lru_cache(maxsize=None)(compile_phrase)


def _role_ok(allowed: tuple[str, ...], role: str) -> bool:
    return "any" in allowed or role in allowed


@dataclass(frozen=True, slots=True)
class EventRule:
    """A PLOVER event of ``type`` (and ``mode``, if given) whose source and target play given roles."""

    type: str
    mode: str = ""
    source: tuple[str, ...] = ("any",)
    target: tuple[str, ...] = ("any",)
    weight: float = DEFAULT_WEIGHT
    actions: tuple[str, ...] = ()
    note: str = ""

    def accepts(self, event_type: str, mode: str, source_role: str, target_role: str) -> bool:
        """Whether an event (its type, mode and its actors' roles in the question) fires this rule."""
        return (
            event_type == self.type
            and (not self.mode or mode == self.mode)
            and _role_ok(self.source, source_role)
            and _role_ok(self.target, target_role)
        )

    def applies_to(self, action: str) -> bool:
        return not self.actions or action in self.actions


@dataclass(frozen=True, slots=True)
class ClaimRule:
    """A claim with cue label ``cue`` by a source in a given role, optionally about one of ``about``."""

    cue: str
    source: tuple[str, ...] = ("any",)
    about: tuple[str, ...] = ()  # phrases the claim's content must contain (any one); empty: anything
    weight: float = DEFAULT_WEIGHT
    actions: tuple[str, ...] = ()
    note: str = ""

    def accepts(self, cue: str, source_role: str, content: str) -> bool:
        return (
            cue == self.cue
            and _role_ok(self.source, source_role)
            and (not self.about or any(_compiled(p).search(content) for p in self.about))
        )

    def applies_to(self, action: str) -> bool:
        return not self.actions or action in self.actions


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything that bears on one side of a factor or hypothesis."""

    phrases: tuple[Cue, ...] = ()
    events: tuple[EventRule, ...] = ()
    claims: tuple[ClaimRule, ...] = ()

    def __len__(self) -> int:
        return len(self.phrases) + len(self.events) + len(self.claims)


# --- strict reading of YAML values ------------------------------------------------------------------


class Reader:
    """Reads values out of one parsed YAML file, failing with the file, the key path and the fix."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, problem: str, fix: str) -> NoReturn:
        raise AssessDataError(f"{self.file}: {key}: {problem}", fix)

    def mapping(self, value: Any, key: str, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(key, f"is {_kind(value)}, not a mapping", f"write it as 'key: value' lines with keys {', '.join(required + optional)}")
        for name in value:
            if name not in required + optional:
                self.fail(f"{key}.{name}", "is not a known key", f"use one of {', '.join(required + optional)}")
        for name in required:
            if name not in value:
                self.fail(f"{key}.{name}", "is missing", f"add '{name}:'")
        return value

    def items(self, value: Any, key: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, f"is {_kind(value)}, not a list", "write one '- item' line per entry")
        return value

    def text(self, value: Any, key: str, allow_empty: bool = False) -> str:
        if value is None and allow_empty:
            return ""
        if not isinstance(value, str) or (not allow_empty and not value.strip()):
            self.fail(key, f"is {_kind(value)}, not text", "write a non-empty string, in quotes if YAML could read it otherwise ('yes', 'no', '1', '{...}')")
        return " ".join(value.split())

    def number(self, value: Any, key: str, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.fail(key, f"is {value!r}", f"write a number from {low:g} to {high:g}")
        return float(value)

    def choice(self, value: Any, key: str, choices: tuple[str, ...]) -> str:
        if value not in choices:
            self.fail(key, f"is {value!r}", f"use one of {', '.join(choices)}")
        return value

    def choices(self, value: Any, key: str, choices: tuple[str, ...]) -> tuple[str, ...]:
        """One choice or a list of them."""
        values = value if isinstance(value, list) else [value]
        return tuple(self.choice(v, f"{key}[{i}]" if isinstance(value, list) else key, choices) for i, v in enumerate(values))


def _kind(value: Any) -> str:
    return "empty" if value is None else f"a {type(value).__name__} ({value!r:.40})"


# --- lexicons ---------------------------------------------------------------------------------------

RULE_KEYS = ("weight", "actions", "note")


def read_lexicon(reader: Reader, value: Any, key: str, actions: tuple[str, ...], event_types: tuple[str, ...]) -> Lexicon:
    """A ``{phrases, events, claims}`` block; ``actions`` and ``event_types`` are the allowed names."""
    block = reader.mapping(value if value is not None else {}, key, optional=("phrases", "events", "claims"))
    return Lexicon(
        phrases=tuple(
            _read_cue(reader, v, f"{key}.phrases[{i}]", actions) for i, v in enumerate(reader.items(block.get("phrases"), f"{key}.phrases"))
        ),
        events=tuple(
            _read_event_rule(reader, v, f"{key}.events[{i}]", actions, event_types)
            for i, v in enumerate(reader.items(block.get("events"), f"{key}.events"))
        ),
        claims=tuple(
            _read_claim_rule(reader, v, f"{key}.claims[{i}]", actions) for i, v in enumerate(reader.items(block.get("claims"), f"{key}.claims"))
        ),
    )


def _common(reader: Reader, entry: dict[str, Any], key: str, actions: tuple[str, ...]) -> dict[str, Any]:
    return {
        "weight": reader.number(entry.get("weight", DEFAULT_WEIGHT), f"{key}.weight", 0.0, MAX_WEIGHT),
        "actions": reader.choices(entry["actions"], f"{key}.actions", actions) if "actions" in entry else (),
        "note": reader.text(entry.get("note"), f"{key}.note", allow_empty=True),
    }


def _read_phrase(reader: Reader, value: Any, key: str) -> str:
    phrase = reader.text(value, key)
    problem = _phrase_problem(phrase)
    if problem:
        reader.fail(key, f"phrase {phrase!r} {problem}", "put '...' only between two words")
    return phrase


def _read_cue(reader: Reader, value: Any, key: str, actions: tuple[str, ...]) -> Cue:
    if not isinstance(value, dict):  # a bare phrase; YAML reads an unquoted yes / no / 1 as non-text
        return Cue(_read_phrase(reader, value, key))
    entry = reader.mapping(value, key, required=("phrase",), optional=("mentions",) + RULE_KEYS)
    mentions = reader.choices(entry["mentions"], f"{key}.mentions", ROLES) if "mentions" in entry else ()
    return Cue(_read_phrase(reader, entry["phrase"], f"{key}.phrase"), mentions=mentions, **_common(reader, entry, key, actions))


def _read_event_rule(reader: Reader, value: Any, key: str, actions: tuple[str, ...], event_types: tuple[str, ...]) -> EventRule:
    if isinstance(value, str):
        return EventRule(reader.choice(value, key, event_types))
    entry = reader.mapping(value, key, required=("type",), optional=("mode", "source", "target") + RULE_KEYS)
    return EventRule(
        type=reader.choice(entry["type"], f"{key}.type", event_types),
        mode=reader.text(entry.get("mode"), f"{key}.mode", allow_empty=True),
        source=reader.choices(entry.get("source", "any"), f"{key}.source", ROLES),
        target=reader.choices(entry.get("target", "any"), f"{key}.target", ROLES),
        **_common(reader, entry, key, actions),
    )


def _read_claim_rule(reader: Reader, value: Any, key: str, actions: tuple[str, ...]) -> ClaimRule:
    entry = reader.mapping(value, key, required=("cue",), optional=("source", "about") + RULE_KEYS)
    return ClaimRule(
        cue=reader.text(entry["cue"], f"{key}.cue"),
        source=reader.choices(entry.get("source", "any"), f"{key}.source", ROLES),
        about=tuple(_read_phrase(reader, p, f"{key}.about[{i}]") for i, p in enumerate(reader.items(entry.get("about"), f"{key}.about"))),
        **_common(reader, entry, key, actions),
    )
