"""Evidence linking: which sentences, claims and events of an article bear on which factor of a question.

Input is one :class:`Bundle` per article (built by :mod:`faultline.assess.corpus` from the store);
output is :class:`~faultline.records.Evidence` with the rule that fired and the item's modality. Weights
here are the rules' own; grades, modality and analysts' overrides are the scorer's business.

Scope, the part that decides whether a linker helps or misleads:

- **Roles.** Event and claim rules name roles relative to the question (actor, target, via, other), so
  one rule serves every question. A phrase rule may demand that its sentence mention an actor in a role
  (``mentions: [target]``): "a buildup of Ukrainian forces" is resistance to an invasion of Ukraine,
  not to a deployment in Belarus.
- **Topic.** One article often weighs two actions (seed 003: a deployment to Belarus, "a lower risk
  option", against an invasion of Ukraine from it, constrained by sanctions). A sentence's topic is the
  set of actions whose phrases or events it contains; a sentence with none continues the topic of the one
  before it. A factors framework links only sentences whose topic holds the question's action, so the
  costs of an invasion do not count against a deployment. Scenario frameworks (ACH) weigh outcomes of one
  situation against each other and link every sentence of a relevant article; their event indicators
  must have happened (asserted or reported): an analyst's "fear of a renewed invasion" is no attack.
- **One item per sentence, factor and direction.** Overlapping cues ("ally", "true ally"; a phrase and
  an event in the same sentence) are one piece of evidence, the strongest rule's; its id is stable
  (:func:`~faultline.records.evidence_id`), so analysts' overrides survive re-runs.
- **Stated estimates.** A sentence giving the question's likelihood in estimative words, the words
  followed closely by the action ("it's highly unlikely the Belarusian army would take part"), becomes a
  factor-less ``estimate`` item that the scorer blends with the framework's result.

Modality comes from the event or claim, or, for a phrase, from :func:`faultline.extract.modality.classify`
over the cue's span; a phrase inside an attributed claim is "reported" and carries the claim's speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable, Iterator

from faultline.assess.cues import ClaimRule, Cue, EventRule, Lexicon
from faultline.assess.frameworks import Framework
from faultline.assess.questions import Action, Question, load_actions
from faultline.assess.words import estimative_phrases, words_to_band
from faultline.extract.modality import classify
from faultline.records import FACTUAL, Direction, Evidence, evidence_id

ESTIMATE = "estimate"
# A stated estimate names the action within this many characters after its words.
ESTIMATE_REACH = 90
# A phrase found under negation says the opposite of itself, unless the phrase carries the negation
# ("no resistance", "not an empty threat"): such matches are skipped, never flipped.
NEGATION = re.compile(r"(?<!\w)(?:no|not|never|without|nor)(?!\w)|n[’']t(?!\w)", re.IGNORECASE)
# A stated estimate and the action it judges stand in one clause.
CLAUSE_END = re.compile(r"[,;:—–()]|\s-\s")
# Kinds of item, strongest first when two rules find the same sentence, factor and direction at one weight.
KIND_RANK = {"event": 0, "claim": 1, "sentence": 2}


_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class LinkSentence:
    id: str
    idx: int
    start: int  # offsets in the article text
    end: int
    text: str
    actors: frozenset[str] = frozenset()  # actor codes mentioned in it
    lower: str = field(init=False, repr=False, compare=False)
    words: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()
        self.words = frozenset(_WORD.findall(self.lower))

    def may_hold(self, phrase: str) -> bool:
        """A cheap necessary condition for ``phrase`` to match: its words are here (a regex is ~50x slower)."""
        literal, prefixes = _cue_words(phrase)
        return literal <= self.words and all(p in self.lower for p in prefixes)


@lru_cache(maxsize=4096)
def _index(phrases: tuple[str, ...]) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Positions of ``phrases`` by one word each must contain, and those with no whole word (stems only)."""
    by_word: dict[str, list[int]] = {}
    stems_only: list[int] = []
    for i, phrase in enumerate(phrases):
        literal, _ = _cue_words(phrase)
        if literal:
            by_word.setdefault(max(literal, key=len), []).append(i)
        else:
            stems_only.append(i)
    return {w: tuple(v) for w, v in by_word.items()}, tuple(stems_only)


def candidates(phrases: tuple[str, ...], sentence: LinkSentence) -> list[int]:
    """Positions, in order, of the phrases that may match in ``sentence`` (found through its words)."""
    by_word, stems_only = _index(phrases)
    found = set(stems_only)
    for word in sentence.words & by_word.keys():
        found.update(by_word[word])
    return [i for i in sorted(found) if sentence.may_hold(phrases[i])]


@lru_cache(maxsize=None)
def _cue_words(phrase: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The whole words a cue phrase needs, and the stems of its ``word*`` endings."""
    literal: set[str] = set()
    prefixes: list[str] = []
    for word in phrase.lower().split():
        if word == "...":
            continue
        pieces = _WORD.findall(word[:-1] if word.endswith("*") else word)
        if word.endswith("*") and pieces:
            prefixes.append(pieces.pop())
        literal.update(pieces)
    return frozenset(literal), tuple(prefixes)


@dataclass(slots=True)
class Bundle:
    """One article as the linker reads it: metadata, sentences with their actors, claims and events."""

    id: str
    title: str
    outlet: str
    url: str
    published: date | None  # as printed
    dated: date | None  # published, or for an undated article the latest date it mentions
    sentences: list[LinkSentence] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)  # store rows
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def actors(self) -> frozenset[str]:
        return frozenset().union(*(s.actors for s in self.sentences)) if self.sentences else frozenset()


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a factor or hypothesis: the id it links to, the direction, and its rules."""

    factor: str
    direction: Direction
    lexicon: Lexicon


def sides(framework: Framework) -> list[Side]:
    """Every (factor or hypothesis, direction, lexicon) of a framework, framework-wide cues included."""
    result: list[Side] = []
    for factor in framework.factors:
        result.append(Side(factor.id, "supports", factor.supports))
        result.append(Side(factor.id, "undermines", factor.undermines))
        if len(framework.all_supports):
            result.append(Side(factor.id, "supports", framework.all_supports))
        if len(framework.all_undermines):
            result.append(Side(factor.id, "undermines", framework.all_undermines))
    for hypothesis in framework.hypotheses:
        result.append(Side(hypothesis.id, "supports", hypothesis.consistent))
        result.append(Side(hypothesis.id, "undermines", hypothesis.inconsistent))
    return result


def relevant(bundle: Bundle, question: Question) -> bool:
    """An article bears on a question when it mentions the actor and the target or staging country."""
    actors = bundle.actors
    return question.actor in actors and bool({question.target, question.via} & actors - {""})


def _roles(question: Question, actor: str | None) -> str:
    """An actor's role; an unresolved actor has none, so only rules for ``any`` accept it."""
    return question.role_of(actor) if actor else ""


def _mentions_ok(cue: Cue, question: Question, sentence: LinkSentence) -> bool:
    if not cue.mentions or "any" in cue.mentions:
        return True
    roles = {question.role_of(code) for code in sentence.actors}
    return bool(roles & set(cue.mentions))


@lru_cache(maxsize=4096)
def _alternation(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for several cue phrases, longest first so an overlap keeps the longest."""
    from faultline.assess.cues import compile_phrase

    if not phrases:
        return None
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return re.compile("|".join(f"(?:{compile_phrase(p).pattern})" for p in ordered), re.IGNORECASE)


def _event_rule_ok(rule: EventRule, question: Question, event: dict[str, Any]) -> bool:
    source = (event.get("source") or {}).get("actor")
    target = (event.get("target") or {}).get("actor")
    return rule.applies_to(question.action) and rule.accepts(
        event["event_type"], event.get("mode") or "", _roles(question, source), _roles(question, target)
    )


def _claim_rule_ok(rule: ClaimRule, question: Question, claim: dict[str, Any]) -> bool:
    source = (claim.get("source") or {}).get("actor")
    return rule.applies_to(question.action) and rule.accepts(claim["cue"], _roles(question, source), claim.get("content") or "")


def topics(bundle: Bundle, question: Question, actions: dict[str, Action]) -> dict[str, frozenset[str]]:
    """sentence id -> the actions it is about (its own phrases and events, else the previous sentence's)."""
    events_by_sentence: dict[str, list[dict[str, Any]]] = {}
    for event in bundle.events:
        events_by_sentence.setdefault(event["sentence_id"], []).append(event)
    result: dict[str, frozenset[str]] = {}
    carried: frozenset[str] = frozenset()
    for sentence in bundle.sentences:
        own = set()
        for name, action in actions.items():
            phrases = tuple(c.phrase for c in action.phrases)
            if any(action.phrases[i].search(sentence.text) for i in candidates(phrases, sentence)):
                own.add(name)
            elif any(_event_rule_ok(rule, question, e) for rule in action.events for e in events_by_sentence.get(sentence.id, ())):
                own.add(name)
        if own:
            carried = frozenset(own)
        result[sentence.id] = carried
    return result


@dataclass(slots=True)
class _Found:
    factor: str
    direction: Direction
    weight: float
    kind: str
    item: str
    sentence: LinkSentence
    start: int  # in the sentence
    end: int
    rule: str
    modality: str
    speaker: str = ""
    speaker_actor: str = ""


def _speaker(claim: dict[str, Any]) -> tuple[str, str]:
    source = claim.get("source") or {}
    name = source.get("name") or source.get("text") or ""
    code = " ".join(v for v in (source.get("actor"), source.get("sector")) if v)
    return name, code


def _claim_over(claims: list[dict[str, Any]], sentence: LinkSentence, start: int, end: int) -> dict[str, Any] | None:
    """The attributed claim whose span holds the sentence offsets ``start..end``, if any."""
    a, b = sentence.start + start, sentence.start + end
    for claim in claims:
        if claim["sentence_id"] == sentence.id and claim["start"] <= a and b <= claim["end"] and (claim.get("source") or {}).get("text"):
            return claim
    return None


def _phrase_rules(lexicon: Lexicon, action: str) -> tuple[Cue, ...]:
    return tuple(c for c in lexicon.phrases if c.applies_to(action))


def link(framework: Framework, question: Question, bundle: Bundle, extra_dirs: tuple = ()) -> list[Evidence]:
    """Every evidence item of one article for one question of one framework."""
    if not relevant(bundle, question):
        return []
    actions = load_actions(tuple(extra_dirs))
    scoped = framework.kind == "factors"
    topic = topics(bundle, question, actions) if scoped else {}
    in_scope = [s for s in bundle.sentences if not scoped or question.action in topic.get(s.id, ())]
    if not in_scope:
        return []
    by_id = {s.id: s for s in in_scope}
    claims_by_sentence: dict[str, list[dict[str, Any]]] = {}
    for claim in bundle.claims:
        claims_by_sentence.setdefault(claim["sentence_id"], []).append(claim)
    found: list[_Found] = []
    for side in sides(framework):
        found.extend(_phrase_items(side, question, in_scope, claims_by_sentence))
        found.extend(_event_items(side, question, bundle, by_id, factual_only=not scoped))
        found.extend(_claim_items(side, question, bundle, by_id))
    if scoped:
        found.extend(_estimates(question, in_scope, actions[question.action], claims_by_sentence, extra_dirs))
    return [_evidence(framework, question, bundle, f) for f in _strongest(found)]


def _phrase_items(side: Side, question: Question, sentences: list[LinkSentence], claims: dict[str, list[dict[str, Any]]]) -> Iterator[_Found]:
    cues = _phrase_rules(side.lexicon, question.action)
    if not cues:
        return
    ordered = sorted({c.phrase: c for c in cues}.values(), key=lambda c: (-c.weight, -len(c.phrase), c.phrase))
    phrases = tuple(c.phrase for c in ordered)
    for sentence in sentences:
        for i in candidates(phrases, sentence):
            cue = ordered[i]
            match = cue.search(sentence.text)
            if match is None or not _mentions_ok(cue, question, sentence):
                continue
            modality = classify(sentence.text, match.start(), match.end())
            if modality == "negated" and not NEGATION.search(cue.phrase):
                continue  # "without sustaining any serious losses" is no evidence of serious losses
            claim = _claim_over(claims.get(sentence.id, []), sentence, match.start(), match.end())
            speaker, code = _speaker(claim) if claim else ("", "")
            if claim and modality == "asserted":
                modality = "reported"
            yield _Found(side.factor, side.direction, cue.weight, "sentence", sentence.id, sentence, match.start(), match.end(), f"phrase '{cue.phrase}'", modality, speaker, code)
            break


def _event_items(side: Side, question: Question, bundle: Bundle, sentences: dict[str, LinkSentence], factual_only: bool = False) -> Iterator[_Found]:
    for event in bundle.events:
        sentence = sentences.get(event["sentence_id"])
        if sentence is None or (factual_only and event.get("modality") not in FACTUAL):
            continue
        for rule in side.lexicon.events:
            if _event_rule_ok(rule, question, event):
                source = (event.get("source") or {}).get("actor") or "?"
                target = (event.get("target") or {}).get("actor") or "-"
                mode = f"/{event['mode']}" if event.get("mode") else ""
                label = f"event {event['event_type']}{mode} {source}({question.role_of(source)})->{target}({question.role_of(target) if target != '-' else '-'})"
                start, end = max(0, event["start"] - sentence.start), max(0, event["end"] - sentence.start)
                yield _Found(side.factor, side.direction, rule.weight, "event", event["id"], sentence, start, end, label, event.get("modality") or "asserted")
                break


def _claim_items(side: Side, question: Question, bundle: Bundle, sentences: dict[str, LinkSentence]) -> Iterator[_Found]:
    for claim in bundle.claims:
        sentence = sentences.get(claim["sentence_id"])
        if sentence is None:
            continue
        for rule in side.lexicon.claims:
            if _claim_rule_ok(rule, question, claim):
                speaker, code = _speaker(claim)
                start, end = max(0, claim["start"] - sentence.start), max(0, claim["end"] - sentence.start)
                label = f"claim '{claim['cue']}' by {code or speaker or '?'} ({question.role_of((claim.get('source') or {}).get('actor'))})"
                yield _Found(side.factor, side.direction, rule.weight, "claim", claim["id"], sentence, start, end, label, claim.get("modality") or "reported", speaker, code)
                break


@lru_cache(maxsize=8)
def _estimative_pattern(extra_dirs: tuple = ()) -> re.Pattern[str]:
    ordered = sorted(estimative_phrases(tuple(extra_dirs)), key=lambda w: (-len(w), w))
    return re.compile(r"(?<!\w)(" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered) + r")(?!\w)", re.IGNORECASE)


def _estimates(question: Question, sentences: list[LinkSentence], action: Action, claims: dict[str, list[dict[str, Any]]], extra_dirs: tuple) -> Iterator[_Found]:
    """Sentences that state the question's likelihood: estimative words, then the action, about the actor."""
    action_pattern = _alternation(tuple(c.phrase for c in action.phrases))
    if action_pattern is None:
        return
    for sentence in sentences:
        if question.actor not in sentence.actors:
            continue
        for match in _estimative_pattern(tuple(extra_dirs)).finditer(sentence.text):
            after = CLAUSE_END.split(sentence.text[match.end() : match.end() + ESTIMATE_REACH], maxsplit=1)[0]
            if not action_pattern.search(after):
                continue  # the words judge something else ("It is likely that prices rise, and ...")
            band = words_to_band(match.group(1), tuple(extra_dirs))
            if band is None:
                continue
            direction: Direction = "supports" if (band.low + band.high) / 2 > 0.5 else "undermines"
            claim = _claim_over(claims.get(sentence.id, []), sentence, match.start(), match.end())
            speaker, code = _speaker(claim) if claim else ("", "")
            modality = classify(sentence.text, match.start(), match.end())
            if claim and modality == "asserted":
                modality = "reported"
            yield _Found(ESTIMATE, direction, 1.0, "sentence", sentence.id, sentence, match.start(), match.end(), f"estimate '{band.term}'", modality, speaker, code)
            break


def _strongest(found: Iterable[_Found]) -> list[_Found]:
    """One item per sentence, factor and direction: the heaviest rule, then event > claim > phrase."""
    best: dict[tuple[str, str, str], _Found] = {}
    for item in found:
        key = (item.sentence.id, item.factor, item.direction)
        current = best.get(key)
        if current is None or (-item.weight, KIND_RANK[item.kind]) < (-current.weight, KIND_RANK[current.kind]):
            best[key] = item
    return sorted(best.values(), key=lambda f: (f.sentence.idx, f.factor, f.direction))


def _evidence(framework: Framework, question: Question, bundle: Bundle, found: _Found) -> Evidence:
    key = str(question)
    return Evidence(
        id=evidence_id(framework.name, key, found.factor, found.direction, found.sentence.id),
        framework=framework.name,
        question=key,
        factor=found.factor,
        direction=found.direction,
        weight=found.weight,
        item=found.item,
        item_kind=found.kind,
        quote=found.sentence.text,
        article_id=bundle.id,
        sentence_id=found.sentence.id,
        start=found.start,
        end=found.end,
        rule=found.rule,
        modality=found.modality,
        speaker=found.speaker,
        speaker_actor=found.speaker_actor,
    )
