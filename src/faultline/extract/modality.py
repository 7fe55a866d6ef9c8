"""Modality of an extracted item: asserted, hypothetical, conditional, negated, future or question.

The item is known by its trigger's character span in a sentence; what decides is the scope of the cue
words around it (``data/extract/modality_cues.tsv``), found with one spaCy PhraseMatcher:

- conditional: the trigger lies inside an if / unless / "in the eventuality that" clause. A clause that
  opens the sentence ends at its first comma ("If a war did break out, it's highly unlikely ..."); one
  that follows the main clause runs to the end ("threatening Minsk with new sanctions if it
  participates in Russian aggression": the threat is asserted, the participation conditional);
- question: the sentence asks, or the trigger is inside an embedded "whether" clause;
- negated / hypothetical / future: a cue at most its window of tokens before the trigger with no clause
  boundary between ("There's no way Lukashenko would involve ..."), or, for a gerund or nominal trigger,
  an evaluative or planning predicate after it ("Moscow launching an attack ... seems very problematic",
  "drills ... planned for February").

"reported" is not decided here: attribution is the caller's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from faultline.nlp.phrases import token_strings
from faultline.nlp.tokenizer import shared_nlp
from faultline.resources import load_rows

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

CUES_FILE = "extract/modality_cues.tsv"
# Precedence when several cues reach a trigger: a negated conditional is still conditional.
PRECEDENCE = ("question", "conditional", "negated", "hypothetical", "future")
DETERMINERS = frozenset("a an the any such its their his her our this that these those no every each another".split())
NOMINAL_SUFFIXES = ("ing", "ion", "ions", "ment", "ments", "war", "attack", "attacks", "strikes")
# Tokens that may stand before an opening conditional: "And if ...", "But unless ...".
OPENERS = frozenset(", ; : and but or so yet — ( \" “".split())
CONDITIONAL_STOPS = frozenset("; — – --".split())


# Not frozen: a frozen dataclass's __init__ costs four times as much, and an article has ~70 cues,
# copied again per sentence by the events stage (issue 3).
@dataclass(slots=True)
class Cue:
    start: int  # token indices in the sentence
    end: int
    label: str
    window: int


@lru_cache(maxsize=1)
def cue_table() -> tuple[PhraseMatcher, dict[tuple[tuple[str, ...], int], tuple[str, int]]]:
    """The cue matcher (one label per class) and each (phrase's tokens, label id)'s class and window."""
    from spacy.matcher import PhraseMatcher

    nlp = shared_nlp()  # one Vocab with the Docs the events stage passes in
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    windows: dict[tuple[tuple[str, ...], int], tuple[str, int]] = {}
    by_label: dict[str, list[str]] = {}
    for row in load_rows(CUES_FILE):
        phrase, label = row[0].lower(), row[1]
        tokens = tuple(t.lower_ for t in nlp.make_doc(phrase))
        windows[(tokens, nlp.vocab.strings.add(label))] = (label, int(row[2]) if len(row) > 2 and row[2] else 0)
        by_label.setdefault(label, []).append(phrase)
    for label, phrases in by_label.items():
        matcher.add(label, list(nlp.tokenizer.pipe(phrases)))
    return matcher, windows


def find_cues(doc: Doc, lower: list[str] | None = None) -> list[Cue]:
    """Every cue in a Doc, with token indices into it (``lower``: its tokens lower-cased, when the
    caller has them: no Token objects are made then)."""
    matcher, windows = cue_table()
    if lower is None:
        lower = [t.lower_ for t in doc]
    matches = sorted(matcher(doc), key=_start_end)  # text order, as the cues were sorted before
    return [Cue(start, end, *windows[tuple(lower[start:end]), match_id]) for match_id, start, end in matches]


def _start_end(match: tuple[int, int, int]) -> tuple[int, int]:
    return match[1], match[2]


def classify(sentence: str, start: int, end: int) -> str:
    """Modality of the item whose trigger is ``sentence[start:end]``."""
    doc = shared_nlp().make_doc(sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:  # an offset past the text: judge the whole sentence's end
        t0 = t1 = len(doc)
    else:
        t0, t1 = span.start, span.end
    # no Token objects (issue 3: the claims stage asks about thousands of clauses), and the article's
    # words kept for the events stage stay
    lower = token_strings(doc, remember=False)
    return classify_tokens(lower, find_cues(doc, lower), t0, t1, lowered=True)


def classify_tokens(
    words: list[str], cues: list[Cue], t0: int, t1: int, nominal: bool | None = None, lowered: bool = False
) -> str:
    """Modality of tokens ``words[t0:t1]`` given the sentence's cues (the stage's fast path).

    ``nominal`` says whether the trigger is a noun or gerund when the caller knows (its verb data
    does); otherwise it is guessed from suffixes and a preceding determiner. ``lowered``: the words
    are lower-case already."""
    found = set()
    if words and words[-1] == "?" or (len(words) > 1 and words[-2] == "?"):
        found.add("question")
    boundaries = [c.start for c in cues if c.label == "boundary"]
    lower = words if lowered else [w.lower() for w in words]
    if nominal is None:
        nominal = _nominal(lower, t0, t1)
    for cue in cues:
        if cue.label in ("conditional", "whether"):
            if cue.end <= t0 < _clause_end(lower, cue, boundaries):
                found.add("conditional" if cue.label == "conditional" else "question")
        elif cue.label in ("negated", "hypothetical", "future"):
            if cue.end <= t0 and t0 - cue.end < cue.window and not _crosses(boundaries, cue.end, t0):
                label = cue.label
                if label == "hypothetical" and lower[cue.start] in ("would", "'d") and _after_speech(cues, cue, boundaries):
                    label = "future"  # "said they would boycott": a future in the past
                found.add(label)
        elif cue.label in ("hypo_after", "future_after"):
            if cue.start >= t1 and cue.start - t1 < cue.window and nominal and not _crosses(boundaries, t1, cue.start):
                found.add("hypothetical" if cue.label == "hypo_after" else "future")
    for label in PRECEDENCE:
        if label in found:
            return label
    return "asserted"


def _clause_end(lower: list[str], cue: Cue, boundaries: list[int]) -> int:
    """Where a conditional clause ends: its first comma when it opens the sentence, else the end."""
    opening = cue.start == 0 or lower[cue.start - 1] in OPENERS or (cue.start <= 2 and lower[0] in OPENERS)
    for i in range(cue.end, len(lower)):
        if lower[i] in CONDITIONAL_STOPS:
            return i
        if opening and lower[i] == "," and i - cue.end >= 2:
            return i
    return len(lower)


def _crosses(boundaries: list[int], a: int, b: int) -> bool:
    return any(a <= i < b for i in boundaries)


def _after_speech(cues: list[Cue], cue: Cue, boundaries: list[int]) -> bool:
    """A reporting verb at most four tokens before "would": "announced that it would", "said they would"."""
    return any(c.label == "speech" and c.end <= cue.start and cue.start - c.end <= 3 and not _crosses(boundaries, c.end, cue.start) for c in cues)


def _nominal(lower: list[str], t0: int, t1: int) -> bool:
    """A gerund or noun trigger: "launching an attack", "the drills" (no tagger: suffix, plural, determiner)."""
    last = lower[max(t0, t1 - 1)] if lower else ""
    return (
        lower[t0].endswith(NOMINAL_SUFFIXES)
        or (last.endswith("s") and not last.endswith(("ss", "us")))
        or (t0 > 0 and lower[t0 - 1] in DETERMINERS)
    )
