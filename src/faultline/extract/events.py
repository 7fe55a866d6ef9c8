"""PLOVER events: trigger phrases from data, actors from the sentence's mentions, modality from cues.

Triggers come from two data files, matched by one spaCy PhraseMatcher over the article's tokens:
``curated_triggers.tsv`` (from the PLOVER manual's definitions) and ``cameo_verbs.tsv`` /
``cameo_patterns.tsv`` (the PETRARCH CAMEO verb dictionary mapped to PLOVER by
``scripts/build_verbs.py``; a dictionary verb's object pattern refines its code: "stage * protest").
Without a tagger, positions do the parsing:

- source: the nearest actor before the trigger that is not inside a prepositional phrase ("by X" after
  a passive verb is the source); target: the first actor after it; a place after into/in/to is the
  location ("Russian troops began making their way into Belarusian territory" -> MOBILIZE RUS MIL, BLR);
- a governing verb (threaten, demand, agree, reject ...) takes the event of its complement as its mode
  instead of coding it apart ("threatening Minsk with new sanctions" is one THREATEN restrict event);
- the manual's future conventions: a promised CONSULT/SUPPORT/COOPERATE/AID is AGREE, an announced
  RETREAT is CONCEDE, an announced or conditional use of force or sanction is THREATEN;
- modality from :mod:`faultline.extract.modality`; an asserted item in a sentence with a reporting verb
  is "reported".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from faultline.extract.modality import Cue, classify_tokens, find_cues
from faultline.records import ActorRef, Event, EventDate, Mention, Sentence, TimeExpr, stable_hash
from faultline.resources import load_rows

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
CURATED_FILE = "extract/curated_triggers.tsv"
CAMEO_VERBS_FILE = "extract/cameo_verbs.tsv"
CAMEO_PATTERNS_FILE = "extract/cameo_patterns.tsv"
COMPLEMENT_FILE = "extract/complement_modes.tsv"

# PLOVER_MANUAL.tex, AGREE / CONCEDE / THREATEN: how an announced future action is coded.
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
FORCEFUL = frozenset({"SANCTION", "PROTEST", "COERCE", "ASSAULT", "MOBILIZE"})
# Prepositions that put a mention in an adverbial phrase: not the subject, maybe the location.
PREPOSITIONS = frozenset("in into at from to against on with near toward towards across over inside within via around by for".split())
LOCATIVE = frozenset("in into inside at near to across within toward towards".split())
DETERMINERS = frozenset("the a an its their his her our this that these those such any no every each another some".split())
MILITARY_SECTORS = frozenset({"MIL", "COP", "REB", "SPY", "UAF"})
MILITARY_WORDS = frozenset(
    "troops troop forces force soldiers army armies military tanks units battalions brigades "
    "warships ships aircraft fighters jets police paratroopers marines contingent reservists "
    "peacekeepers artillery missiles divisions".split()
)
PLACE_NOUNS = frozenset("territory soil border borders region regions airspace waters capital city town province".split())
PASSIVE_AUX = frozenset("was were been being is are be get got".split())
GOVERNOR_REACH = 14  # tokens after a governing verb that its complement may span
OBJECT_REACH = 6  # tokens after a dictionary verb where its object pattern may lie
TARGET_REACH = 14  # tokens after a trigger where its target may be


@dataclass(frozen=True, slots=True)
class Trigger:
    plover: str
    mode: str
    cameo: str
    lemma: str
    flags: frozenset[str]
    nominal: bool
    origin: str  # curated or cameo


@dataclass(slots=True)
class _Found:
    start: int  # token indices into the article doc
    end: int
    trigger: Trigger
    plover: str
    mode: str
    cameo: str
    rule: str
    absorbed: bool = False


def inflect(base: str) -> set[str]:
    """Regular forms of an English verb phrase, inflecting its first word (both with and without a
    doubled final consonant: a form English does not use never matches, a missing one loses recall)."""
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    forms = {head}
    if head.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(head + "es")
    elif re.search(r"[^aeiou]y$", head):
        forms.add(head[:-1] + "ies")
    else:
        forms.add(head + "s")
    if head.endswith("e"):
        forms.add(head + "d")
        forms.add((head if head.endswith(("ee", "ye", "oe")) else head[:-1]) + "ing")
        if head.endswith("ie"):
            forms.add(head[:-2] + "ying")
    elif re.search(r"[^aeiou]y$", head):
        forms.update({head[:-1] + "ied", head + "ing"})
    else:
        forms.update({head + "ed", head + "ing"})
        if re.search(r"[^aeiou][aeiou][^aeiouwxy]$", head):
            forms.update({head + head[-1] + "ed", head + head[-1] + "ing"})
    return {f + tail for f in forms}


def _plural(noun: str) -> set[str]:
    head, _, last = noun.rpartition(" ")
    prefix = f"{head} " if head else ""
    if last.endswith("s"):
        return {noun}
    if re.search(r"[^aeiou]y$", last):
        return {noun, prefix + last[:-1] + "ies"}
    return {noun, prefix + last + ("es" if last.endswith(("x", "ch", "sh")) else "s")}


class EventExtractor:
    """Build once (the matcher holds every trigger form), then call :meth:`find` per article."""

    def __init__(self) -> None:
        from spacy.matcher import PhraseMatcher

        from faultline.nlp.tokenizer import shared_nlp

        self.nlp = shared_nlp()
        self.triggers: dict[str, Trigger] = {}
        for row in load_rows(CURATED_FILE):
            phrase, pos, plover, mode, cameo = (list(row) + [""] * 5)[:5]
            flags = frozenset(f for f in (row[5] if len(row) > 5 else "").split(",") if f)
            forms = inflect(phrase) if pos == "V" else _plural(phrase) if pos == "N" else {phrase}
            if pos == "V":
                forms |= _plural(phrase) if "verbal" not in flags else set()
            trig = Trigger(plover, mode.strip(), cameo, phrase, flags, pos != "V", "curated")
            for form in forms:
                self.triggers.setdefault(form.lower(), trig)
        for form, lemma, cameo, plover, mode in ((tuple(r) + ("",) * 5)[:5] for r in load_rows(CAMEO_VERBS_FILE)):
            self.triggers.setdefault(form, Trigger(plover, mode, cameo, lemma, frozenset({"verbal"}), False, "cameo"))
        self.patterns: dict[str, list[tuple[tuple[str, ...], str, str, str]]] = {}
        for lemma, words, cameo, plover, mode in ((tuple(r) + ("",) * 5)[:5] for r in load_rows(CAMEO_PATTERNS_FILE)):
            self.patterns.setdefault(lemma, []).append((tuple(words.split()), cameo, plover, mode))
        # lemma -> first object word -> [(rank, pattern)]: only patterns whose first word is in the
        # object's head are tried (the CAMEO dictionary has hundreds of patterns for common verbs).
        self.pattern_index: dict[str, dict[str, list[tuple[int, tuple[tuple[str, ...], str, str, str]]]]] = {}
        for lemma, options in self.patterns.items():
            options.sort(key=lambda p: -len(p[0]))  # the most specific object pattern wins
            index = self.pattern_index.setdefault(lemma, {})
            for rank, option in enumerate(options):
                for key in {option[0][0], _singular(option[0][0])}:
                    index.setdefault(key, []).append((rank, option))
        self.complement_modes = {(g, t, m): mode for g, t, m, mode in load_rows(COMPLEMENT_FILE)}
        self.matcher: PhraseMatcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.matcher.add("TRIGGER", list(self.nlp.tokenizer.pipe(sorted(self.triggers))))

    # ------------------------------------------------------------------ the stage

    def find(
        self,
        article_id: str,
        text: str,
        sentences: list[Sentence],
        mentions: list[Mention],
        times: list[TimeExpr],
        doc: Doc | None = None,
    ) -> list[Event]:
        from spacy.util import filter_spans

        doc = doc if doc is not None else self.nlp.make_doc(text)
        spans = filter_spans([doc[s:e] for _, s, e in self.matcher(doc)])
        cues = find_cues(doc)
        cue_starts = [c.start for c in cues]
        starts = [s.start for s in sentences]
        by_sentence: dict[int, list] = {}
        for span in spans:
            i = bisect_right(starts, span.start_char) - 1
            if i >= 0 and span.end_char <= sentences[i].end:
                by_sentence.setdefault(i, []).append(span)
        mentions_by_sentence: dict[str, list[Mention]] = {}
        for m in sorted(mentions, key=lambda m: m.start):
            mentions_by_sentence.setdefault(m.sentence_id, []).append(m)
        times_by_sentence: dict[str, list[TimeExpr]] = {}
        for t in times:
            times_by_sentence.setdefault(t.sentence_id, []).append(t)
        events: list[Event] = []
        for i, trigger_spans in sorted(by_sentence.items()):
            sent = sentences[i]
            sent_span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
            if sent_span is None:
                continue
            s0, s1 = sent_span.start, sent_span.end
            lo, hi = bisect_right(cue_starts, s0 - 1), bisect_right(cue_starts, s1 - 1)
            sent_cues = [Cue(c.start - s0, c.end - s0, c.label, c.window) for c in cues[lo:hi] if c.end <= s1]
            found = self._triggers(doc, s0, s1, trigger_spans, mentions_by_sentence.get(sent.id, []), sent_cues)
            for f in found:
                if not f.absorbed:
                    events.append(
                        self._event(article_id, doc, sent, s0, s1, f, mentions_by_sentence.get(sent.id, []),
                                    times_by_sentence.get(sent.id, []), sent_cues)
                    )
        return events

    # ------------------------------------------------------------------ triggers

    def _triggers(self, doc: Doc, s0: int, s1: int, spans: list, mentions: list[Mention], cues: list[Cue]) -> list[_Found]:
        inside = self._mention_tokens(doc, mentions)
        inside.update(s0 + i for c in cues if c.label == "speech" for i in range(c.start, c.end))  # "according to"
        has_speech = any(c.label == "speech" for c in cues)
        found: list[_Found] = []
        for span in spans:
            trig = self.triggers[span.text.lower()]
            if any(i in inside for i in range(span.start, span.end)):
                continue  # "forces" in "Russian forces", "protesters" as an actor
            prev = doc[span.start - 1].lower_ if span.start > s0 else ""
            if "verbal" in trig.flags and (prev in DETERMINERS or prev in ("of", "for")):
                continue  # "the offer", "a return": a noun where only the verb codes
            if "speech" in trig.flags and not has_speech:
                continue
            if "mil" in trig.flags and not self._military_nearby(doc, s0, s1, span.start, span.end, mentions):
                continue
            plover, mode, cameo, rule = trig.plover, trig.mode, trig.cameo, trig.origin
            if trig.origin == "cameo":
                refined = self._object_pattern(doc, span.end, s1, trig.lemma)
                if refined is not None:
                    cameo, plover, mode = refined
                    rule = "cameo-pattern"
            if plover not in PLOVER_TYPES:
                continue
            found.append(_Found(span.start, span.end, trig, plover, mode, cameo, rule))
        self._absorb_complements(doc, s1, found, cues, s0)
        return found

    def _mention_tokens(self, doc: Doc, mentions: list[Mention]) -> set[int]:
        tokens: set[int] = set()
        for m in mentions:
            if m.kind == "place":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                tokens.update(range(span.start, span.end))
        return tokens

    def _military_nearby(self, doc: Doc, s0: int, s1: int, t0: int, t1: int, mentions: list[Mention]) -> bool:
        """A military subject or object: "Russian troops began making their way", "moving troops"."""
        window = doc[max(s0, t0 - 8) : min(s1, t1 + 5)]
        if any(t.lower_ in MILITARY_WORDS for t in window):
            return True
        lo, hi = window.start_char, window.end_char
        return any(m.sector in MILITARY_SECTORS and lo <= m.start < hi for m in mentions)

    def _object_pattern(self, doc: Doc, t1: int, s1: int, lemma: str) -> tuple[str, str, str] | None:
        """The CAMEO object pattern after a dictionary verb: its words in order within OBJECT_REACH,
        the first of them among the first three content tokens."""
        index = self.pattern_index.get(lemma)
        if not index:
            return None
        after = [t.lower_ for t in doc[t1 : min(s1, t1 + OBJECT_REACH)]]
        head = [w for w in after if w not in DETERMINERS][:3]
        candidates = sorted({entry for w in head for entry in index.get(w, ())}, key=lambda e: e[0])
        for _, (words, cameo, plover, mode) in candidates:
            if _in_order(words, after):
                return cameo, plover, mode
        return None

    def _absorb_complements(self, doc: Doc, s1: int, found: list[_Found], cues: list[Cue], s0: int) -> None:
        """A governing verb's complement gives it its mode and is not coded apart."""
        stops = {c.start + s0 for c in cues if c.label in ("conditional", "boundary", "speech") and doc[c.start + s0].text != ","}
        for k, gov in enumerate(found):
            if "gov" not in gov.trigger.flags or gov.absorbed:
                continue
            limit = min(s1, gov.end + GOVERNOR_REACH)
            stop = next((i for i in range(gov.end, limit) if i in stops), limit)
            for other in found[k + 1 :]:
                if other.start >= stop:
                    break
                other.absorbed = True
                if not gov.mode:
                    gov.mode = self._complement_mode(gov.plover, other.plover, other.mode)
                break

    def _complement_mode(self, governor: str, plover: str, mode: str) -> str:
        for key in ((governor, plover, mode), (governor, plover, "*"), (governor, "*", "*")):
            if key in self.complement_modes:
                return self.complement_modes[key]
        return ""

    # ------------------------------------------------------------------ the record

    def _event(
        self, article_id: str, doc: Doc, sent: Sentence, s0: int, s1: int, f: _Found,
        mentions: list[Mention], times: list[TimeExpr], cues: list[Cue],
    ) -> Event:
        span = doc[f.start : f.end]
        words = [t.text for t in doc[s0:s1]]
        modality = classify_tokens(words, cues, f.start - s0, f.end - s0, f.trigger.nominal or None)
        speech = [c for c in cues if c.label == "speech" and not (c.start <= f.start - s0 < c.end)]
        plover, mode, rule = f.plover, f.mode, f.rule
        if modality == "future":
            recoded = self._future_convention(plover, speech, cues, f.start - s0)
            if recoded is not None:
                plover, mode = recoded
                modality, rule = "asserted", f"{rule}+plover-future"
        if modality == "asserted" and speech:
            modality = "reported"
        source, target, location = self._actors(doc, s0, s1, f, mentions, speech)
        return Event(
            id=f"{article_id}:e{stable_hash(article_id, str(span.start_char), length=10)}",
            article_id=article_id,
            sentence_id=sent.id,
            sentence=sent.text,
            start=span.start_char,
            end=span.end_char,
            event_type=plover,
            mode=mode,
            source=source,
            target=target,
            location=location,
            date=_nearest_date(times, span.start_char),
            modality=modality,
            trigger=span.text,
            cameo=f.cameo,
            rule=rule,
        )

    def _future_convention(self, plover: str, speech: list[Cue], cues: list[Cue], t0: int) -> tuple[str, str] | None:
        """PLOVER_MANUAL.tex: promised cooperation is AGREE, an announced retreat CONCEDE, an announced
        or conditional use of force or sanction THREATEN. Only said of an actor's own statement."""
        said = any(c.end <= t0 for c in speech)
        conditional = any(c.label == "conditional" and c.start > t0 for c in cues)
        if plover in COOPERATIVE:
            return "AGREE", ""
        if plover == "RETREAT" and (said or conditional):
            return "CONCEDE", ""
        if plover in FORCEFUL and (said or conditional):
            return "THREATEN", self._complement_mode("THREATEN", plover, "")
        return None

    def _actors(
        self, doc: Doc, s0: int, s1: int, f: _Found, mentions: list[Mention], speech: list[Cue]
    ) -> tuple[ActorRef | None, ActorRef | None, str]:
        t_start, t_end = doc[f.start].idx, doc[f.end - 1].idx + len(doc[f.end - 1])
        before = [m for m in mentions if m.end <= t_start and m.kind != "weapon"]
        after = [m for m in mentions if m.start >= t_end and m.kind != "weapon"]
        passive = f.start > s0 and doc[f.start - 1].lower_ in PASSIVE_AUX and doc[f.start].lower_.endswith(("ed", "en"))
        source = target = None
        location = ""
        if "speech" in f.trigger.flags:
            # "Russia said Sudan must return ...": the speaker demands, the subject of "must" is asked
            cue_end = max((doc[s0 + c.start].idx for c in speech if doc[s0 + c.start].idx < t_start), default=None)
            if cue_end is not None:
                source = self._subject([m for m in before if m.end <= cue_end], doc)
                target = self._subject([m for m in before if m.start > cue_end], doc)
        elif passive:
            by_agent = [m for m in after if self._prev_word(doc, m) == "by"]
            source = by_agent[0] if by_agent else None
            target = self._subject(before, doc)
        else:
            source = self._subject(before, doc)
        if source is None and not passive:
            # "said they attempted ...", "Rebels in the Ivory Coast": the first actor of the sentence
            source = next((m for m in mentions if m.kind in ("actor", "org") and m.actor and m.start < t_start + 200), None)
        if source is not None and not source.actor:
            # "President Omar El Bashir ... in Sudan": an unnamed office holder of the sentence's country
            country = next((m for m in mentions if m.actor and m.actor.isalpha() and len(m.actor) == 3), None)
            if country is not None:
                source = Mention(source.article_id, source.sentence_id, source.start, source.end, source.text,
                                 source.kind, country.actor, source.sector, source.entity)
        limit = doc[min(s1, f.end + TARGET_REACH) - 1].idx
        for m in after:
            if m.start > limit or m is source:
                continue
            prev = self._prev_word(doc, m)
            if prev in LOCATIVE and m.actor and self._is_place(doc, m):
                location = location or m.actor
                continue
            if target is None and m.kind in ("actor", "org") and prev != "by":
                target = m
        return _ref(source), _ref(target), location

    def _is_place(self, doc: Doc, m: Mention) -> bool:
        """A place, a country's name, or its adjective before a place noun ("into Belarusian territory"),
        not "in Russian aggression"."""
        if m.kind == "place" or m.rule in ("name", "place", "capital"):
            return True
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and span.end < len(doc) and doc[span.end].lower_ in PLACE_NOUNS

    def _subject(self, candidates: list[Mention], doc: Doc) -> Mention | None:
        """The nearest actor not inside a prepositional phrase; failing that, the nearest actor."""
        actors = [m for m in candidates if m.kind in ("actor", "org") and (m.actor or m.sector)]
        free = [m for m in actors if self._prev_word(doc, m) not in PREPOSITIONS]
        if free:
            return free[-1]
        return actors[-1] if actors else None

    @staticmethod
    def _prev_word(doc: Doc, m: Mention) -> str:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.start == 0:
            return ""
        i = span.start - 1
        while i > 0 and doc[i].lower_ in DETERMINERS:
            i -= 1
        return doc[i].lower_


def _ref(m: Mention | None) -> ActorRef | None:
    return ActorRef(m.text, m.actor, m.sector, m.entity) if m is not None else None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word + "s"


def _in_order(words: tuple[str, ...], tokens: list[str]) -> bool:
    i = 0
    for tok in tokens:
        if i < len(words) and (tok == words[i] or _singular(tok) == words[i]):
            i += 1
    return i == len(words)


def _nearest_date(times: list[TimeExpr], at: int) -> EventDate:
    if not times:
        return EventDate()
    best = min(times, key=lambda t: min(abs(t.start - at), abs(t.end - at)))
    return EventDate(best.value_start, best.value_end, best.text)


@lru_cache(maxsize=1)
def extractor() -> EventExtractor:
    """The cached extractor over the packaged data files."""
    return EventExtractor()


def find_events(
    article_id: str,
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    times: list[TimeExpr],
    doc: Doc | None = None,
) -> list[Event]:
    """Every PLOVER event in an article's text, with offsets into ``text`` (`doc`: `text` tokenised)."""
    return extractor().find(article_id, text, sentences, mentions, times, doc)


def resolve_mentions(article_id: str, text: str, sentences: list[Sentence]) -> list[Mention]:
    """Mentions of ``text`` from the actor resolver, each tied to its sentence (for callers that have
    no annotation stage at hand: the PLOVER evaluation, tests)."""
    from faultline.nlp.actors import resolver_for

    starts = [s.start for s in sentences]
    out = []
    for m in resolver_for().mentions(text):
        i = bisect_right(starts, m.start) - 1
        if i < 0:
            continue
        out.append(
            Mention(article_id, sentences[i].id, m.start, m.end, m.text, m.kind, m.actor, m.sector, m.entity,
                    m.sector2, m.via, m.weapon_type, list(m.operators))
        )
    return out
