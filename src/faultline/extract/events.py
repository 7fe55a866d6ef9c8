"""PLOVER events: trigger phrases from data, actors from the sentence's mentions, modality from cues.

Triggers come from two data files, matched by one phrase table over the article's tokens:
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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from faultline.extract.modality import Cue, classify_tokens, find_cues
from faultline.nlp.phrases import PhraseTable, phrase_tokens, token_strings
from faultline.records import ActorRef, Event, EventDate, Mention, Sentence, TimeExpr, stable_hash
from faultline.resources import load_rows

if TYPE_CHECKING:
    from spacy.tokens import Doc

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
CURATED_FILE = "extract/curated_triggers.tsv"
CAMEO_VERBS_FILE = "extract/cameo_verbs.tsv"
CAMEO_PATTERNS_FILE = "extract/cameo_patterns.tsv"
COMPLEMENT_FILE = "extract/complement_modes.tsv"
WEAK_FILE = "extract/event_weak_verbs.tsv"
FRAMES_FILE = "extract/event_frames.tsv"

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
# A nominal trigger's own actor (issue 3, precision: a bare "war" is a topic, not an event).
PREMODIFIER_REACH = 5  # tokens between "Russia's" / "Russian" and its noun ("Russia's full-scale invasion")
LIGHT_REACH = 5  # tokens between a light verb and its noun ("launched a full-scale invasion")
NOUN_ECHO = 4  # a noun this close after a verb of its own type repeats it ("provided military assistance")
POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’", "-"})
POSSESSIVE_PRONOUNS = frozenset("its their his her our my your".split())
SUBJECT_PRONOUNS = frozenset("we they he she it i you who which".split())
MODIFIER_STOPS = DETERMINERS | PREPOSITIONS | POSSESSIVE_PRONOUNS | SUBJECT_PRONOUNS | frozenset(
    "of and or nor but is was are were be been being has have had will would can could may might must should "
    "shall not n't no to as than".split()
)
# between a light verb and its noun: "its war", "10 days of war games"
LIGHT_PASSABLE = DETERMINERS | POSSESSIVE_PRONOUNS | frozenset({"of"})
# before a noun trigger, words that make it a verb ("would blockade Paris", "they protest")
NOUN_AS_VERB = frozenset("will would shall should can could may might must did does do we they he she i you".split())
CLAUSE_STOPS = frozenset(", ; : — – -- ( ) . and but which who that".split())
# Issue 3, recipients. Where the trigger's clause ends for its recipient: a new clause, relative or
# subordinate ("demonstrated in Serbia, where 24 people were killed": not the people; "retaken a
# village after fierce fighting with guerrillas": not the guerrillas).
TARGET_STOPS = frozenset(
    "; : — – -- . where which who whom whose while whereas although though because after before when".split()
)
# (Not "if", "unless", "until": whoever must meet a condition is whom a threat is directed at, "Russia
# threatened to stop negotiations if the United States goes ahead".)
# A place that stands for the recipient when no actor is the object ("hand over to Great Britain",
# "sought refuge in Germany", "lifted the curfew imposed in Sudan"): the prepositions of a place the
# act is directed to or done in (not "at" a building, not "near" a place, which is not that place).
RECIPIENT_PLACE_PREPS = frozenset("in into inside within to toward towards".split())
# PLOVER_MANUAL.tex, RETREAT: "a military retreat from, or ceding, territory": the place left is the
# recipient ("will withdraw their peacekeeping force from Chad").
LEFT_PLACE_TYPES = frozenset({"RETREAT"})
# Event types whose place is never their recipient (PLOVER_MANUAL.tex): a CONSULT's recipient is its
# host, not the venue ("met in Geneva"); a MOBILIZE's is whom the force is mobilized against, "if that
# is clear" ("troops moving into Belarus" need not be against Belarus).
NO_PLACE_RECIPIENT = frozenset({"CONSULT", "MOBILIZE"})
# Event types whose military object is the actor's own force, not a recipient ("mobilized army
# reservists", "withdraw troops from Lebanon": the recipient is whom it moves against, or what it leaves).
OWN_FORCE_TYPES = frozenset({"MOBILIZE", "RETREAT"})
OWN_FORCE_SECTORS = frozenset({"MIL", "COP"})  # a state's forces (not rebels: "lift the ban on the Front")
# PLOVER_MANUAL.tex, MOBILIZE: "The recipient are entities against whom the actor mobilizes its military
# capabilities in a threatening manner if that is clear": after the force moved, what follows is where it
# goes, a recipient only after "against" ("mobilized army reservists for a possible war against Iraq",
# not "moved national guard units along the border with Belarus").
AGAINST_ONLY_TYPES = frozenset({"MOBILIZE"})
NON_ACTOR_FILE = "extract/non_actor_phrases.tsv"


# A CAMEO object pattern: its words, and the CAMEO code, PLOVER type and mode it refines its verb's to.
_Pattern = tuple[tuple[str, ...], str, str, str]


@dataclass(frozen=True, slots=True)
class Trigger:
    plover: str
    mode: str
    cameo: str
    lemma: str
    flags: frozenset[str]
    nominal: bool
    origin: str  # curated or cameo
    noun: bool = False  # a noun (not a gerund or a verb phrase): an event only with its actor attached


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
    attached: bool = True  # a noun trigger with its own actor (or any other trigger)
    agent: _Mention | None = None  # that actor, when it is a mention ("Russia's invasion")


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


class _Tokens:
    """One article's tokens as plain lists (lower-case strings, character starts and ends), built from
    ``Doc.to_array`` once: spaCy creates a Python Token object for every ``doc[i]``, the stage's former
    hot spot."""

    __slots__ = ("text", "lower", "starts", "ends")

    def __init__(self, doc: Doc, text: str, lower: list[str]) -> None:
        from spacy.attrs import IDX, LENGTH

        array = doc.to_array([IDX, LENGTH])
        self.text = text  # the Doc's text
        self.lower = lower  # token_strings(doc)
        self.starts: list[int] = array[:, 0].tolist()
        self.ends: list[int] = (array[:, 0] + array[:, 1]).tolist()

    def is_title(self, i: int) -> bool:
        """spaCy's IS_TITLE (``str.istitle`` of the token), for the few tokens asked about: reading the
        flag for every token took half of ``to_array``'s time (issue 3)."""
        return self.text[self.starts[i] : self.ends[i]].istitle()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Token range covering characters ``start:end`` (spaCy's ``char_span(alignment_mode="expand")``)."""
        t0 = max(0, bisect_right(self.starts, start) - 1)
        return t0, max(t0 + 1, bisect_left(self.starts, end))


@dataclass(slots=True)
class _Mention:
    """A mention with its token range in the article and the word before it (determiners skipped)."""

    m: Mention
    t0: int
    t1: int
    prev: str

    @property
    def is_actor(self) -> bool:
        return self.m.kind in ("actor", "org") and bool(self.m.actor or self.m.sector)


class EventExtractor:
    """Build once (the matcher holds every trigger form), then call :meth:`find` per article."""

    def __init__(self) -> None:
        from faultline.nlp.tokenizer import shared_nlp

        self.nlp = shared_nlp()
        self.weak = frozenset(row[0] for row in load_rows(WEAK_FILE))
        self.non_actor: dict[str, list[tuple[str, ...]]] = {}  # first word -> phrases (issue 3)
        for (phrase, *_) in load_rows(NON_ACTOR_FILE):
            words = tuple(phrase.lower().split())
            self.non_actor.setdefault(words[0], []).append(words)
        frames: dict[str, set[str]] = {}
        for word, role in load_rows(FRAMES_FILE):
            frames.setdefault(role, set()).update(inflect(word) if role == "light" else {word})
        self.light = frozenset(frames.get("light", ()))
        self.verbal_context = frozenset(frames.get("verbal", ()))
        self.between = frozenset(frames.get("between", ()))
        self.triggers: dict[str, Trigger] = {}
        # a noun row's forms win over a verb's inflections ("protests", "sanctions", "attacks" are nouns
        # first; as verbs they still code through the noun's own actor: "Russia attacks Ukraine")
        curated = sorted(load_rows(CURATED_FILE), key=lambda r: (r[1:2] or [""])[0] != "N")
        for row in curated:
            phrase, pos, plover, mode, cameo = (list(row) + [""] * 5)[:5]
            flags = frozenset(f for f in (row[5] if len(row) > 5 else "").split(",") if f)
            forms = inflect(phrase) if pos == "V" else _plural(phrase) if pos == "N" else {phrase}
            if pos == "V":
                forms |= _plural(phrase) if "verbal" not in flags else set()
            trig = Trigger(plover, mode.strip(), cameo, phrase, flags, pos != "V", "curated",
                           pos == "N" or "noun" in flags)
            for form in forms:
                self.triggers.setdefault(form.lower(), trig)
        for form, lemma, cameo, plover, mode in ((tuple(r) + ("",) * 5)[:5] for r in load_rows(CAMEO_VERBS_FILE)):
            self.triggers.setdefault(form, Trigger(plover, mode, cameo, lemma, frozenset({"verbal"}), False, "cameo"))
        # lemma -> its CAMEO object pattern rows, in file order. Issue 3: a lemma's patterns are sorted and
        # indexed (`_patterns_of`) on the first hit of one of its verbs, so a worker process pays only
        # for the verbs its articles use (building all 67,000 took a third of this constructor).
        self._pattern_rows: dict[str, list[tuple[str, ...]]] = {}
        for lemma, rows in groupby(load_rows(CAMEO_PATTERNS_FILE), itemgetter(0)):
            self._pattern_rows.setdefault(lemma, []).extend(rows)
        self._patterns: dict[str, tuple[list[_Pattern], dict[str, list[int]]]] = {}
        self.complement_modes = {(g, t, m): mode for g, t, m, mode in load_rows(COMPLEMENT_FILE)}
        self.matcher = PhraseTable()
        self.matcher.add("TRIGGER", phrase_tokens(self.nlp, sorted(self.triggers)))

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
        doc = doc if doc is not None else self.nlp.make_doc(text)
        lower = token_strings(doc)
        matches = self.matcher(lower)
        if not matches or not sentences:
            return []
        toks = _Tokens(doc, text, lower)
        spans = _longest_first([(s, e) for _, s, e in matches])
        cues = find_cues(doc, lower)
        cue_starts = [c.start for c in cues]
        starts = [s.start for s in sentences]
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        for t0, t1 in spans:
            i = bisect_right(starts, toks.starts[t0]) - 1
            if i >= 0 and toks.ends[t1 - 1] <= sentences[i].end:
                by_sentence.setdefault(i, []).append((t0, t1))
        mentions_by_sentence: dict[str, list[Mention]] = {}
        for m in sorted(mentions, key=lambda m: m.start):
            mentions_by_sentence.setdefault(m.sentence_id, []).append(m)
        times_by_sentence: dict[str, list[TimeExpr]] = {}
        for t in times:
            times_by_sentence.setdefault(t.sentence_id, []).append(t)
        located = {
            i: [self._locate(toks, m) for m in mentions_by_sentence.get(sentences[i].id, ())] for i in by_sentence
        }
        # Issue 3: every token that may be inside some sentence's actor mention or reporting cue, for
        # the article at once; a sentence builds its exact set only when a trigger starts on one.
        covered = {i for ms in located.values() for m in ms if m.m.kind != "place" for i in range(m.t0, m.t1)}
        covered.update(i for c in cues if c.label == "speech" for i in range(c.start, c.end))
        events: list[Event] = []
        for i, trigger_spans in sorted(by_sentence.items()):
            sent = sentences[i]
            s0, s1 = toks.span(sent.start, sent.end)
            lo, hi = bisect_right(cue_starts, s0 - 1), bisect_right(cue_starts, s1 - 1)
            in_sentence = [c for c in cues[lo:hi] if c.end <= s1]
            found = self._triggers(toks, s0, s1, trigger_spans, located[i], in_sentence, covered)
            if not found:
                continue  # most sentences with a trigger word (issue 3: nothing more is built for them)
            sent_cues = [Cue(c.start - s0, c.end - s0, c.label, c.window) for c in in_sentence]
            words = lower[s0:s1]
            for f in found:
                events.append(self._event(article_id, text, toks, words, sent, s0, s1, f, located[i],
                                          times_by_sentence.get(sent.id, []), sent_cues))
        return events

    @staticmethod
    def _locate(toks: _Tokens, m: Mention) -> _Mention:
        t0, t1 = toks.span(m.start, m.end)
        i = t0 - 1
        while i > 0 and toks.lower[i] in DETERMINERS:
            i -= 1
        return _Mention(m, t0, t1, toks.lower[i] if t0 > 0 else "")

    # ------------------------------------------------------------------ triggers

    def _triggers(
        self, toks: _Tokens, s0: int, s1: int, spans: list[tuple[int, int]], mentions: list[_Mention], cues: list[Cue],
        covered: set[int],
    ) -> list[_Found]:
        """The sentence's coded triggers (``cues``: the sentence's, with token indices into the article;
        ``covered``: a superset of the article's tokens inside an actor mention or a reporting cue)."""
        lower = toks.lower
        inside: set[int] | None = None  # the exact set, built on first need (issue 3)
        ends_at = {m.t1: m for m in mentions if m.is_actor}
        found: list[_Found] = []
        for t0, t1 in spans:
            trig = self.triggers.get(lower[t0] if t1 - t0 == 1 else _phrase(toks, t0, t1))
            if trig is None:
                trig = self.triggers.get(" ".join(lower[t0:t1]))
                if trig is None:
                    continue
            if t0 in covered:
                if inside is None:
                    inside = {i for m in mentions if m.m.kind != "place" for i in range(m.t0, m.t1)}
                    # "according to"
                    inside.update(i for c in cues if c.label == "speech" for i in range(c.start, c.end))
                if all(i in inside for i in range(t0, t1)):
                    continue  # "forces" in "Russian forces", "protesters" as an actor
            prev = lower[t0 - 1] if t0 > s0 else ""
            if "verbal" in trig.flags and (prev in DETERMINERS or prev in ("of", "for")):
                continue  # "the offer", "a return": a noun where only the verb codes
            if "speech" in trig.flags and not any(c.label == "speech" for c in cues):
                continue
            if "mil" in trig.flags and not self._military_nearby(lower, s0, s1, t0, t1, mentions):
                continue
            if "weak" in trig.flags and not self._actor_object(lower, t1, s1, mentions):
                continue  # "backed Ukraine", not "back in 2014"
            plover, mode, cameo, rule = trig.plover, trig.mode, trig.cameo, trig.origin
            if t0 > s0 and lower[t0 - 1][:1].isalnum() and toks.is_title(t0):
                continue  # a name mid-sentence: "on March 17", "the Old World Order"
            if trig.origin == "cameo":
                refined = self._object_pattern(lower, t1, s1, trig.lemma)
                if refined is not None:
                    cameo, plover, mode = refined
                    rule = "cameo-pattern"
            if plover not in PLOVER_TYPES:
                continue  # where most dictionary-verb hits end (issue 3: so the verb position is judged after)
            # no tagger: a dictionary or verb-only word codes only where it stands as a verb ("Russia
            # helped"); elsewhere it may still give a governing verb its mode ("threatening Minsk with new sanctions")
            as_verb = not (trig.origin == "cameo" or "verbal" in trig.flags) or self._verb_position(lower, s0, t0, ends_at)
            f = _Found(t0, t1, trig, plover, mode, cameo, rule, attached=as_verb)
            if trig.noun and as_verb:
                f.attached, f.agent = self._attachment(lower, s0, s1, f, mentions, ends_at, spans)
            found.append(f)
        self._absorb_complements(lower, s1, found, cues)
        kept = []
        for f in found:
            if f.absorbed or not f.attached:
                continue  # "war" as a topic: no one wages it (issue 3, precision)
            if f.trigger.noun and any(g.plover == f.plover and g.end <= f.start <= g.end + NOUN_ECHO for g in kept):
                continue  # "provided assistance", "fought a war": the verb already codes it
            kept.append(f)
        return kept

    def _attachment(
        self, lower: list[str], s0: int, s1: int, f: _Found, mentions: list[_Mention],
        ends_at: dict[int, _Mention], spans: list[tuple[int, int]],
    ) -> tuple[bool, _Mention | None]:
        """Whether a nominal trigger has an actor who does it, and which: a possessive or adjective
        ("Russia's invasion", "Russian aggression"), an agent ("attacks by Syrian troops"), the subject
        of a light verb ("launched an invasion", "waged war"), or for cooperation both parties
        ("talks between Russia and Ukraine")."""
        taken = {i for a, b in spans if not (a <= f.start < b) for i in range(a, b)}
        # possessive or adjective: the actor's last token at most PREMODIFIER_REACH tokens before
        j = f.start - 1
        while j >= max(s0, f.start - PREMODIFIER_REACH) and j not in taken:
            m = ends_at.get(j + 1)
            if m is not None and (m.m.rule == "adj" or lower[j + 1] in POSSESSIVE_MARKS or m.prev not in PREPOSITIONS):
                return True, m  # "against Russian aggression" still names the aggressor
            word = lower[j]
            if word not in POSSESSIVE_MARKS and (word in MODIFIER_STOPS or not word[:1].isalpha()):
                break
            j -= 1
        # agent: "by X" after the noun, in the same clause
        for k in range(f.end, min(s1, f.end + TARGET_REACH)):
            if lower[k] in CLAUSE_STOPS:
                break
            if lower[k] == "by":
                agent = next((m for m in mentions if m.is_actor and k < m.t0 <= k + 2), None)
                if agent is not None:
                    return True, agent
                break
        # a noun used as a verb: "would blockade Paris", "they protest"
        if f.start > s0 and lower[f.start - 1] in NOUN_AS_VERB:
            return True, None
        # light verb: "launched an invasion", "waged war", "launched 10 days of war games", "continues its war"
        j = f.start - 1
        while j >= max(s0, f.start - LIGHT_REACH):
            word = lower[j]
            if word in self.light or (j > s0 and f"{lower[j - 1]} {word}" in self.light):
                light_start = j - 1 if j > s0 and f"{lower[j - 1]} {word}" in self.light else j
                return light_start > s0, None  # its subject: whatever comes before it in the sentence
            if j in taken or word not in LIGHT_PASSABLE and (word in MODIFIER_STOPS or not (word[:1].isalpha() or word[:1].isdigit())):
                break
            j -= 1
        # a crowd's event is placed or dated, not owned: "the protests of 2020", "protests in Kazakhstan"
        if "crowd" in f.trigger.flags and f.end + 1 < s1 and lower[f.end] in ("of", "in", "across", "throughout", "since"):
            k = f.end + 1
            while k < s1 - 1 and lower[k] in DETERMINERS:
                k += 1
            if lower[k].isdigit() or any(m.t0 == k for m in mentions):
                return True, None
        # both parties: "talks between Russia and Ukraine"
        if f.plover in COOPERATIVE | {"AGREE"} and f.end < s1 and lower[f.end] in self.between:
            party = next((m for m in mentions if m.is_actor and f.end < m.t0 <= f.end + 2), None)
            if party is not None:
                return True, party
        return False, None

    def _verb_position(self, lower: list[str], s0: int, t0: int, ends_at: dict[int, _Mention]) -> bool:
        """A dictionary word stands as a verb: after a pronoun, auxiliary, modal or "to", or right after
        an actor that is its subject ("Russia helped"), adverbs skipped ("has also agreed")."""
        j = t0 - 1
        while j >= s0 and (lower[j].endswith("ly") or lower[j] == "also"):
            j -= 1
        if j > s0 and lower[j] == ")":  # "The International Labor Office (ILO) reiterated"
            while j > s0 and lower[j] != "(":
                j -= 1
            j -= 1
        if j < s0:
            return False
        if lower[j] in self.verbal_context:
            return True
        if lower[t0].endswith("ed") and lower[j][:1].isalpha() and lower[j] not in MODIFIER_STOPS:
            return True  # a past tense after its subject: "the assembly voted"
        if lower[t0].endswith("ing") and lower[j] in (",", "while", "after", "before", "by", "when"):
            return True  # a participle clause: "..., charging its neighbour with"
        m = ends_at.get(j + 1)
        return m is not None and m.m.rule != "adj" and m.prev not in PREPOSITIONS

    @staticmethod
    def _actor_object(lower: list[str], t1: int, s1: int, mentions: list[_Mention]) -> bool:
        k = t1
        while k < s1 and lower[k] in DETERMINERS:
            k += 1
        return any(m.t0 == k and (m.is_actor or m.m.kind == "place") for m in mentions)

    @staticmethod
    def _military_nearby(lower: list[str], s0: int, s1: int, t0: int, t1: int, mentions: list[_Mention]) -> bool:
        """A military subject or object: "Russian troops began making their way", "moving troops"."""
        lo, hi = max(s0, t0 - 8), min(s1, t1 + 5)
        if any(w in MILITARY_WORDS for w in lower[lo:hi]):
            return True
        return any(m.m.sector in MILITARY_SECTORS and lo <= m.t0 < hi for m in mentions)

    def _patterns_of(self, lemma: str) -> tuple[list[_Pattern], dict[str, list[int]]]:
        """A dictionary verb's object patterns, the most specific first, and the index of the patterns
        each first object word may start (the CAMEO dictionary has hundreds of patterns for common
        verbs: only those are tried); built on first use."""
        built = self._patterns.get(lemma)
        if built is None:
            rows = ((tuple(r) + ("",) * 5)[:5] for r in self._pattern_rows.get(lemma, ()))
            options = [(tuple(words.split()), cameo, plover, mode) for _, words, cameo, plover, mode in rows]
            options.sort(key=lambda p: -len(p[0]))  # the most specific object pattern wins
            index: dict[str, list[int]] = {}
            for rank, option in enumerate(options):
                for key in {option[0][0], _singular(option[0][0])}:
                    index.setdefault(key, []).append(rank)
            built = self._patterns[lemma] = (options, index)
        return built

    def _object_pattern(self, lower: list[str], t1: int, s1: int, lemma: str) -> tuple[str, str, str] | None:
        """The CAMEO object pattern after a dictionary verb: its words in order within OBJECT_REACH,
        the first of them among the first three content tokens."""
        options, index = self._patterns_of(lemma)
        if not index:
            return None
        after = lower[t1 : min(s1, t1 + OBJECT_REACH)]
        if index.keys().isdisjoint(after):
            return None  # no object word at all, after most hits (issue 3: one C-level test)
        ranks: set[int] = set()
        for w in [w for w in after if w not in DETERMINERS][:3]:
            ranks.update(index.get(w, ()))
        if not ranks:
            return None
        forms = [(w, _singular(w)) for w in after]  # once, not once per candidate pattern (issue 3)
        for rank in sorted(ranks):
            words, cameo, plover, mode = options[rank]
            if _in_order(words, forms):
                return cameo, plover, mode
        return None

    def _absorb_complements(self, lower: list[str], s1: int, found: list[_Found], cues: list[Cue]) -> None:
        """A governing verb's complement gives it its mode and is not coded apart (a topic noun such as
        a bare "threat" governs nothing: it is not an event)."""
        if not any("gov" in f.trigger.flags for f in found[:-1]):
            return  # no governing verb with anything after it (most sentences; issue 3)
        stops = {c.start for c in cues if c.label in ("conditional", "boundary", "speech") and lower[c.start] != ","}
        for k, gov in enumerate(found):
            if "gov" not in gov.trigger.flags or gov.absorbed or not gov.attached:
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
        self, article_id: str, text: str, toks: _Tokens, words: list[str], sent: Sentence, s0: int, s1: int, f: _Found,
        mentions: list[_Mention], times: list[TimeExpr], cues: list[Cue],
    ) -> Event:
        start, end = toks.starts[f.start], toks.ends[f.end - 1]
        modality = classify_tokens(words, cues, f.start - s0, f.end - s0, f.trigger.nominal or None, lowered=True)
        speech = [c for c in cues if c.label == "speech" and not (c.start <= f.start - s0 < c.end)]
        plover, mode, rule = f.plover, f.mode, f.rule
        if modality == "future":
            recoded = self._future_convention(plover, speech, cues, f.start - s0)
            if recoded is not None:
                plover, mode = recoded
                modality, rule = "asserted", f"{rule}+plover-future"
        if modality == "asserted" and speech:
            modality = "reported"
        source, target, location = self._actors(toks, s0, s1, f, mentions, speech)
        return Event(
            id=f"{article_id}:e{stable_hash(article_id, str(start), length=10)}",
            article_id=article_id,
            sentence_id=sent.id,
            sentence=sent.text,
            start=start,
            end=end,
            event_type=plover,
            mode=mode,
            source=source,
            target=target,
            location=location,
            date=_nearest_date(times, start),
            modality=modality,
            trigger=text[start:end],
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
        self, toks: _Tokens, s0: int, s1: int, f: _Found, mentions: list[_Mention], speech: list[Cue]
    ) -> tuple[ActorRef | None, ActorRef | None, str]:
        lower = toks.lower
        mentions = [m for m in mentions if m.m.kind != "weapon" and not self._non_actor(lower, m)]
        before = [m for m in mentions if m.t1 <= f.start]
        after = [m for m in mentions if m.t0 >= f.end]
        # a participle after "be" is passive, its subject the recipient; not one whose phrase ends in the
        # "to" of its complement, a predicate adjective whose subject acts ("he is prepared to lift the ban")
        passive = (f.start > s0 and lower[f.start - 1] in PASSIVE_AUX and lower[f.start].endswith(("ed", "en"))
                   and not (f.end - f.start > 1 and lower[f.end - 1] == "to"))
        source: _Mention | None = None
        target: _Mention | None = None
        if f.agent is not None:
            source = f.agent  # the nominal's own actor: "Russia's invasion", "attacks by Syrian troops"
        elif "speech" in f.trigger.flags:
            # "Russia said Sudan must return ...": the speaker demands, the subject of "must" is asked
            cue_end = max((s0 + c.start for c in speech if s0 + c.start < f.start), default=None)
            if cue_end is not None:
                source = self._subject([m for m in before if m.t1 <= cue_end])
                target = self._subject([m for m in before if m.t0 > cue_end])
        elif passive:
            by_agent = [m for m in after if m.prev == "by"]
            source = by_agent[0] if by_agent else None
            target = self._subject(before)
        else:
            source = self._subject(before)
        target_ref, location = self._target(lower, s1, f, after, source, target)
        if source is None and not passive:
            # "said they attempted ...", "Rebels in the Ivory Coast": the first actor of the sentence that is
            # not the recipient (issue 3: "The PRC demanded that the US cancel": the US is asked, not asking)
            limit_char = toks.starts[f.start] + 200
            source = next((m for m in mentions if m.m.kind in ("actor", "org") and m.m.actor
                           and m.m.start < limit_char and m.m is not target_ref), None)
        source_ref = source.m if source is not None else None
        if source_ref is not None and not source_ref.actor:
            # "President Omar El Bashir ... in Sudan": an unnamed office holder of the sentence's country
            country = next((m.m.actor for m in mentions if _country(m)), None)
            source_ref = _with_country(source_ref, country)
        if target_ref is not None and not target_ref.actor:
            # issue 3: "Opposition groups in Zimbabwe are demanding that President Mugabe abandon ...": an
            # unnamed recipient of a sentence about one country is of that country (of two, of neither)
            countries = {m.m.actor for m in mentions if _country(m)}
            target_ref = _with_country(target_ref, countries.pop() if len(countries) == 1 else None)
        return _ref(source_ref), _ref(target_ref), location

    def _target(
        self, lower: list[str], s1: int, f: _Found, after: list[_Mention], source: _Mention | None,
        target: _Mention | None,
    ) -> tuple[Mention | None, str]:
        """The recipient and the location after the trigger (``target``: a recipient found before it).

        Issue 3, recipients (PLOVER_MANUAL.tex: "the entity or entities to whom the event is directed,
        if this is clear"): the first actor in the trigger's own clause, passing over the actor's own
        force ("withdraw its troops from Lebanon") and, unless nothing else is there, a sector word that
        only modifies a noun ("military aid to war-torn Mozambique"); with no actor as the object, the
        place the act is directed to or done in stands for it ("hand over to Great Britain", "sought
        refuge in Germany"), except for the types whose recipient a place never is."""
        limit = min(s1, f.end + TARGET_REACH)
        stop = next((k for k in range(f.end, limit) if lower[k] in TARGET_STOPS), limit)
        location = ""
        place: _Mention | None = None  # the first place the act is directed to or done in
        modifier: _Mention | None = None  # the first sector word modifying a noun ("military aid")
        moved = False  # a MOBILIZE's own force passed over: its recipient must be "against" someone
        for m in after:
            if m.t0 >= limit or m is source:
                continue
            if m.prev in LOCATIVE and m.m.actor and self._is_place(lower, m):
                location = location or m.m.actor
                if place is None and m.t0 < stop and m.prev in RECIPIENT_PLACE_PREPS:
                    place = m
                continue
            if m.prev == "from" and f.plover in LEFT_PLACE_TYPES and m.m.actor and self._is_place(lower, m):
                place = place or (m if m.t0 < stop else None)
            if target is not None or m.t0 >= stop or m.m.kind not in ("actor", "org") or m.prev == "by":
                continue
            if moved and m.prev != "against":
                continue
            if self._own_force(lower, f, m):
                moved = f.plover in AGAINST_ONLY_TYPES
                continue
            if self._modifier(lower, m):
                modifier = modifier or m
                continue
            target = m
        if target is None and place is not None and f.plover not in NO_PLACE_RECIPIENT:
            target = place
        if target is None:
            target = modifier
        return (target.m if target is not None else None), location

    def _non_actor(self, lower: list[str], m: _Mention) -> bool:
        """A sector word that begins a phrase naming no actor: "a state of emergency" (issue 3)."""
        if m.m.actor:
            return False
        return any(tuple(lower[m.t0 : m.t0 + len(words)]) == words for words in self.non_actor.get(lower[m.t0], ()))

    @staticmethod
    def _own_force(lower: list[str], f: _Found, m: _Mention) -> bool:
        """A countryless military mention that is the actor's own force, not the recipient (issue 3): after
        a possessive pronoun ("send in its forces"), or a state's force after a MOBILIZE or RETREAT trigger
        ("mobilized army reservists", "withdraw troops from Chad")."""
        if m.m.actor or m.m.sector not in MILITARY_SECTORS:
            return False
        if m.t0 > 0 and lower[m.t0 - 1] in POSSESSIVE_PRONOUNS:
            return True
        return f.plover in OWN_FORCE_TYPES and m.m.sector in OWN_FORCE_SECTORS

    @staticmethod
    def _modifier(lower: list[str], m: _Mention) -> bool:
        """A one-word sector mention with no country that modifies the noun after it: "military aid",
        "official contact", "a new military offensive" (issue 3: that noun, not an actor, is the object)."""
        if m.m.actor or m.t1 - m.t0 != 1 or m.t1 >= len(lower):
            return False
        nxt = lower[m.t1]
        return nxt.isalpha() and nxt not in MODIFIER_STOPS and nxt not in CLAUSE_STOPS

    @staticmethod
    def _is_place(lower: list[str], m: _Mention) -> bool:
        """A place, a country's name, or its adjective before a place noun ("into Belarusian territory"),
        not "in Russian aggression"."""
        if m.m.kind == "place" or m.m.rule in ("name", "place", "capital"):
            return True
        return m.t1 < len(lower) and lower[m.t1] in PLACE_NOUNS

    @staticmethod
    def _subject(candidates: list[_Mention]) -> _Mention | None:
        """The nearest actor not inside a prepositional phrase; failing that, the nearest actor."""
        actors = [m for m in candidates if m.m.kind in ("actor", "org") and (m.m.actor or m.m.sector)]
        free = [m for m in actors if m.prev not in PREPOSITIONS]
        if free:
            return free[-1]
        return actors[-1] if actors else None


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, the longest winning (spaCy's ``filter_spans`` without Span objects).

    Issue 3: the longest-first greedy runs only within each run of mutually overlapping spans (a span
    that overlaps nothing always stands, and a run's choices cannot block a span outside it); most
    articles have a few such runs among a hundred spans, and sorting them all by length cost more."""
    kept: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []  # the current run of overlapping spans
    run_end = -1
    for span in sorted(spans):
        if span[0] >= run_end and run:
            kept.extend(run if len(run) == 1 else _longest_in(run))
            run = []
        run.append(span)
        run_end = max(run_end, span[1])
    kept.extend(run if len(run) == 1 else _longest_in(run))
    return kept


def _longest_in(run: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest-first greedy over overlapping spans (longest, then leftmost, first), in text order."""
    taken: set[int] = set()
    kept = []
    for s, e in sorted(run, key=lambda x: (x[0] - x[1], x[0])):
        if all(i not in taken for i in range(s, e)):
            kept.append((s, e))
            taken.update(range(s, e))
    return sorted(kept)


def _phrase(toks: _Tokens, t0: int, t1: int) -> str:
    """A multi-token trigger as the triggers table spells it: words joined as in the text."""
    out = [toks.lower[t0]]
    for i in range(t0 + 1, t1):
        out.append((" " if toks.starts[i] > toks.ends[i - 1] else "") + toks.lower[i])
    return "".join(out)


def _country(m: _Mention) -> bool:
    """A mention coded with a country (a three-letter code that is not an IGO's)."""
    code = m.m.actor or ""
    return len(code) == 3 and code.isalpha() and m.m.rule != "igo"


def _with_country(m: Mention, country: str | None) -> Mention:
    """The mention with the country given to it (unchanged without one)."""
    return m if country is None else replace(m, actor=country)


def _ref(m: Mention | None) -> ActorRef | None:
    return ActorRef(m.text, m.actor, m.sector, m.entity) if m is not None else None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word + "s"


def _in_order(words: tuple[str, ...], forms: list[tuple[str, str]]) -> bool:
    """The words occur in order among the tokens, given as (token, its `_singular`) pairs (a token
    may be the plural or singular of its word)."""
    if not words:
        return True
    i = 0
    for tok, alt in forms:
        if tok == words[i] or alt == words[i]:
            i += 1
            if i == len(words):
                return True
    return False


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
