"""Actor, place, organisation and weapon mentions linked to the knowledge base.

Dictionary phrases are found over the blank English tokenizer's tokens (one lower-case
:class:`~faultline.nlp.phrases.PhraseTable` for all tables, plus a case-sensitive spaCy ORTH
PhraseMatcher for acronyms so "US" is not "us");
then rules combine adjacent matches into actors, as PETRARCH combines actors and agents:

- country (name, adjective, capital, possessive) + agent: "Russian troops" -> RUS MIL,
  "Lithuania's defense minister" -> LTU GOV (sector2 MIL: PLOVER codes DEFENSE_MINISTER GOVMIL,
  a minister is the government even when the portfolio is defence);
- agent + of/in/from + country: "president of the Riigikogu", "people in the UK";
- title + known person: "NATO Secretary General Jens Stoltenberg" -> the person's NATO role;
- a capital or seat of power alone stands for the government ("Minsk", "the Kremlin"), except after
  a locative preposition ("talks in Minsk"), where it is a place.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, NamedTuple

from faultline.kb import KnowledgeBase, Named, norm
from faultline.nlp.phrases import COLUMN_ORTH, PhraseTable, phrase_tokens, share_token_strings, token_array, token_strings
from faultline.nlp.tokenizer import shared_nlp
from faultline.resources import gc_paused

if TYPE_CHECKING:
    from spacy.lexeme import Lexeme
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# Prepositions after which a capital or country is a location, not an actor.
LOCATIVE = frozenset("in into at from to near outside inside across within toward towards via around".split())
# Words joining an agent to the country it belongs to: "president of the Riigikogu".
OF_WORDS = frozenset("of in from for".split())
# Connectors allowed between a country and its agent: "Somalia-based", "Kurdish-led".
CONNECTORS = frozenset("- based led backed 's ’s ' ’".split())
# Capitalised words before a one-word name that do not make it someone else's name.
NAME_PREFIX_OK = frozenset(
    "north south east west northern southern eastern western central upper lower new greater "
    "mr mrs ms dr president premier minister general king queen prince sheikh".split()
)
# "a former CIA official", "ex-president": PLOVER codes former office holders ELI.
FORMER = frozenset("former ex retired ousted".split())
# Agent codes that name no actor ("West" NON, "region" UNK, junk JNK): never a mention.
NOT_ACTORS = frozenset("NON UNK JNK".split())
# Personal pronouns: an actor phrase that is only a pronoun names someone unknown (PLOVER UNK).
PRONOUNS = frozenset("he she they him her them i we you it his hers their".split())
MAX_GAP = 3  # lowercase modifiers between a country and its agent: "Poland's current interior minister"
ACRONYM_MAX = 6

CAT_PLACE, CAT_IGO, CAT_NAMED, CAT_WEAPON, CAT_AGENT, CAT_METONYM = "PLACE", "IGO", "NAMED", "WEAPON", "AGENT", "METONYM"
PROPER = (CAT_PLACE, CAT_IGO, CAT_NAMED, CAT_WEAPON, CAT_METONYM)
ONLY_NAMED = frozenset({CAT_NAMED})
NAME_OR_PLACE = frozenset({CAT_NAMED, CAT_PLACE})
NAME_CATS = frozenset({CAT_NAMED, CAT_PLACE, CAT_METONYM})  # what an unknown name's word loses
NO_CATS: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int  # character offsets into the text
    end: int
    text: str
    kind: str  # actor, place, org, weapon
    actor: str | None  # ISO3 or IGO code
    sector: str | None
    entity: str | None  # canonical name
    sector2: str | None = None
    via: str = ""  # the rule that made it: person, combo, capital, seat, name, adj, place, igo, org, agent, weapon
    weapon_type: str | None = None
    operators: tuple[str, ...] = ()


class _Word(NamedTuple):
    """The lexeme attributes the rules read, of one word type, and what the resolver's tables make
    of the word as a one-token phrase."""

    text: str
    lower: str
    alpha: bool
    title: bool
    is_lower: bool
    stop: bool
    cap: bool  # starts with a capital letter: may be a proper name
    key: str  # norm(text): the word's lookup key
    cats: frozenset[str]  # the categories of its one-token match (filtered as `_matches` says), or none


_LOWER = itemgetter(1)  # _Word.lower
_CATS = itemgetter(8)  # _Word.cats
_START = attrgetter("start")
WORDS_MAX = 200_000  # distinct words remembered; news vocabulary stays far below


def _longest_first(span: tuple[int, int]) -> tuple[int, int]:
    return span[0] - span[1], span[0]


class _Words(dict):  # type: ignore[type-arg]
    """ORTH id -> _Word, filled on a word type's first sight: a word's attributes never change.

    Speed (issue 3): an article's tokens are mapped through it at C speed (`map(__getitem__)`),
    and a one-token dictionary match is read off the word instead of found by a lookup per token,
    filtered per match: about 150,000 matches in 2,000 articles, nine in ten of them one token."""

    def __init__(self, resolver: ActorResolver) -> None:
        super().__init__()
        self.resolver = resolver
        self.vocab: Vocab | None = None  # the vocab of the Doc being read

    def __missing__(self, orth: int) -> _Word:
        word = self[orth] = self.resolver._word(self.vocab[orth])  # type: ignore[index]
        return word


class _Tokens:
    """A Doc's tokens for the rules: ORTH ids and offsets from one `to_array` call, and each
    token's word from the resolver's cache by word type.

    Speed (issue 3): a `doc[i]` or `doc[a:b]` builds a Token or Span object each time, and the rules
    look at a few thousand tokens per article; that cost more than the rules themselves.
    """

    __slots__ = ("words", "idx", "n")

    def __init__(self, doc: Doc, words: _Words) -> None:
        if len(words) > WORDS_MAX:
            words.clear()
        words.vocab = doc.vocab
        array, self.idx = token_array(doc)  # often read already, by the sentence splitter
        self.words: list[_Word] = list(map(words.__getitem__, array[:, COLUMN_ORTH].tolist()))
        self.n = len(self.words)

    def end(self, i: int) -> int:
        """Character offset just after token i."""
        return self.idx[i] + len(self.words[i].text)

    def text(self, a: int, b: int) -> str:
        """The text of tokens a..b-1, as `doc[a:b].text`: a gap between two tokens is the one space
        the first carries."""
        if b == a + 1:
            return self.words[a].text
        parts = []
        for i in range(a, b):
            word = self.words[i].text
            parts.append(word)
            if i + 1 < b and self.idx[i + 1] > self.idx[i] + len(word):
                parts.append(" ")
        return "".join(parts)


@dataclass(slots=True)
class _Match:
    start: int  # token indices
    end: int
    key: str  # the lookup key of its text, in each of its categories' tables
    cats: frozenset[str]


class ActorResolver:
    """Build once per knowledge base (the phrase tables take about half a second), then call per text."""

    def __init__(self, kb: KnowledgeBase | None = None) -> None:
        from spacy.matcher import PhraseMatcher

        self.kb = kb or KnowledgeBase.load()
        self.nlp = shared_nlp()
        self.lower = PhraseTable()
        self.orth = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._words = _Words(self)
        tables = {
            CAT_PLACE: self.kb.places.keys(),
            CAT_IGO: self.kb.igo_aliases.keys(),
            CAT_NAMED: self.kb.named_aliases.keys(),
            CAT_WEAPON: self.kb.weapons.keys(),
            CAT_AGENT: self.kb.agents.keys(),
            CAT_METONYM: self.kb.metonyms.keys(),
        }
        self._add_patterns(tables)

    def _add_patterns(self, tables: dict[str, Iterable[str]]) -> None:
        acronyms: dict[str, list[str]] = {}
        for cat, keys in tables.items():
            lowered = []
            for key in keys:
                if key.upper() in self.kb.acronyms:
                    forms = [key.upper(), key.title()] if len(key) >= 4 else [key.upper()]
                    acronyms.setdefault(cat, []).extend(forms)  # "NATO", and the British "Nato"
                else:
                    lowered.append(key)
            # "Sen." is one token but "sen." two: abbreviations also get their capitalised tokenization
            lowered += [key.title() for key in lowered if "." in key]
            self.lower.add(cat, phrase_tokens(self.nlp, lowered))
        # The acronyms must not fill the shared tokenizer's cache (see `phrase_tokens`).
        cache_size, self.nlp.tokenizer.max_cache_size = self.nlp.tokenizer.max_cache_size, 0
        try:
            for cat, keys in acronyms.items():
                self.orth.add(cat, list(self.nlp.tokenizer.pipe(sorted(set(keys)))))
        finally:
            self.nlp.tokenizer.max_cache_size = cache_size

    # ------------------------------------------------------------------ matching

    def _word(self, lex: Lexeme) -> _Word:
        """A word type's attributes, and the categories of its one-token lower-case matches that
        `_matches` keeps (as it filters a longer match)."""
        text = lex.orth_
        key = norm(text)
        cap = text[:1].isupper()
        cats = []
        for cat in self.lower.labels(lex.lower_):
            if cat == CAT_AGENT and self.kb.agents[key].sector in NOT_ACTORS:
                continue  # "the West", "region": agent words that code no actor
            if cat in PROPER and not cap:
                continue  # proper names are capitalised in news text: "china" is porcelain
            cats.append(cat)
        return _Word(
            text, lex.lower_, lex.is_alpha, lex.is_title, lex.is_lower, lex.is_stop, cap, key,
            frozenset(cats) if cats else NO_CATS,
        )

    def _matches(self, doc: Doc, t: _Tokens) -> list[_Match]:
        words = t.words
        lower = list(map(_LOWER, words))  # each token's LOWER, as `token_strings` reads it
        share_token_strings(doc, lower)
        # Phrases of two tokens or more, and the case-sensitive acronyms: span -> (key, categories).
        # A span's key is the same in all its categories: it is its text's.
        found: dict[tuple[int, int], tuple[str, set[str]]] = {}
        for cat, start, end in self.lower.longer(lower):
            key = norm(t.text(start, end))
            if cat == CAT_AGENT and self.kb.agents[key].sector in NOT_ACTORS:
                continue
            if cat in PROPER and not any(words[i].cap for i in range(start, end)):
                continue
            found.setdefault((start, end), (key, set()))[1].add(cat)
        strings = self.nlp.vocab.strings
        for match_id, start, end in self.orth(doc):
            cat = strings[match_id]
            key = norm(t.text(start, end))
            if cat == CAT_AGENT and self.kb.agents[key].sector in NOT_ACTORS:
                continue
            found.setdefault((start, end), (key, set()))[1].add(cat)
        # Longest match wins; on a tie the earlier one. One-token matches come last and cannot
        # overlap each other: each takes its token unless a longer match did.
        taken: set[int] = set()
        chosen = []
        for start, end in sorted((se for se in found if se[1] - se[0] > 1), key=_longest_first):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                key, cats = found[(start, end)]
                chosen.append(_Match(start, end, key, frozenset(cats)))
        # A one-word person match is no evidence that its neighbour is known: "Marco" + "Rubio".
        known = set(taken)
        singles = list(compress(range(t.n), map(_CATS, words)))
        cased = {se[0]: cats for se, (_, cats) in found.items() if se[1] - se[0] == 1}
        if cased:
            singles = sorted(set(singles).union(cased))
        for i in singles:
            if i in taken:
                continue
            word = words[i]
            cats = word.cats | cased[i] if i in cased else word.cats
            chosen.append(_Match(i, i + 1, word.key, cats))
            if cats != ONLY_NAMED:
                known.add(i)
        chosen = [
            m for m in chosen
            if m.end - m.start != 1 or NAME_OR_PLACE.isdisjoint(m.cats) or self._not_inside_unknown_name(t, m, known)
        ]
        chosen.sort(key=_START)
        return chosen

    def _not_inside_unknown_name(self, t: _Tokens, m: _Match, taken: set[int]) -> bool:
        """"Heiko Maas" is not the Dutch Maas, "Feliciano Valencia" not the city: a one-word name or
        place right after a capitalised word we do not know belongs to that unknown name."""
        if m.end - m.start != 1 or not (CAT_NAMED in m.cats or CAT_PLACE in m.cats):
            return True
        prev = t.words[m.start - 1] if m.start > 0 else None
        nxt = t.words[m.end] if m.end < t.n else None
        unknown_before = (
            prev is not None and m.start - 1 not in taken and prev.alpha and prev.title
            and prev.lower not in NAME_PREFIX_OK and not prev.stop
        )
        # "Marco Rubio": a one-word person match followed by an unknown capitalised word is a first name
        unknown_after = (
            CAT_NAMED in m.cats and CAT_PLACE not in m.cats and nxt is not None and m.end not in taken
            and nxt.alpha and nxt.title
        )
        if not (unknown_before or unknown_after):
            return True
        m.cats = m.cats - NAME_CATS
        return bool(m.cats)

    # ------------------------------------------------------------------ mentions

    def mentions(self, doc_or_text: Doc | str, date: str | None = None) -> list[ActorMention]:
        """Every mention in a text (or a Doc made by the blank English tokenizer)."""
        doc = self.nlp.make_doc(doc_or_text) if isinstance(doc_or_text, str) else doc_or_text
        t = _Tokens(doc, self._words)
        matches = self._matches(doc, t)
        igo_context = {
            self.kb.igo_aliases[m.key].code for m in matches if CAT_IGO in m.cats and m.key in self.kb.igo_aliases
        }
        out: list[ActorMention] = []
        i = 0
        while i < len(matches):
            made, used = self._combine(t, matches, i, date, igo_context)
            out.extend(made)
            i += used
        return out

    def _combine(
        self, t: _Tokens, matches: list[_Match], i: int, date: str | None, igo_context: set[str]
    ) -> tuple[list[ActorMention], int]:
        """Mentions starting at matches[i], and how many matches they consumed."""
        m = matches[i]
        if CAT_WEAPON in m.cats and not (CAT_NAMED in m.cats or CAT_PLACE in m.cats):
            return [self._weapon(t, m)], 1
        modifier = self._modifier(m, igo_context)
        if modifier is not None:
            # country/IGO/org + agent(s) [+ person]: "Russian military experts", "NATO Secretary General Jens Stoltenberg"
            j = i + 1
            if j < len(matches) and CAT_AGENT in matches[j].cats and (
                self._joinable(t, m.end, matches[j].start) or self._proper_join(t, m.end, matches[j])
            ):
                k = j
                while k + 1 < len(matches) and CAT_AGENT in matches[k + 1].cats and self._joinable(t, matches[k].end, matches[k + 1].start, 1):
                    k += 1
                agent = self.kb.agents[matches[k].key]
                actor, entity = modifier
                sector, sector2 = self._former(t, max(0, m.start - 2), matches[k].start, agent.sector, agent.sector2)
                if k + 1 < len(matches) and CAT_NAMED in matches[k + 1].cats and matches[k + 1].start == matches[k].end:
                    person = self._named(matches[k + 1])
                    span = (m.start, matches[k + 1].end)
                    if actor in self.kb.countries and person.kind == "person":
                        # "Egyptian President Abdel Fattah al-Sisi": the text states the office it
                        # means; the dictionary's roles stop in 2014 (issue 3)
                        return [self._mention(t, span, "actor", actor, sector, person.entity, sector2, "person")], k + 2 - i
                    role = person.role_at(date, prefer=actor)
                    if role is not None:
                        return [self._from_role(t, span, person, role, "person", fallback=actor)], k + 2 - i
                end = self._name_tail(t, matches, k)
                span = (m.start, end)
                via_entity = t.text(*span) if end > matches[k].end else entity
                return [self._mention(t, span, "actor", actor, sector, via_entity, sector2, "combo")], k + 1 - i
            return [self._alone(t, m, date, igo_context)], 1
        if CAT_AGENT in m.cats:
            k = i
            while k + 1 < len(matches) and CAT_AGENT in matches[k + 1].cats and self._joinable(t, matches[k].end, matches[k + 1].start, 1):
                k += 1
            agent = self.kb.agents[matches[k].key]
            nxt = matches[k + 1] if k + 1 < len(matches) else None
            if nxt is not None and CAT_NAMED in nxt.cats and nxt.start == matches[k].end:
                person = self._named(nxt)
                role = person.role_at(date)
                if role is not None:
                    return [self._from_role(t, (m.start, nxt.end), person, role, "person")], k + 2 - i
            sector, sector2 = self._former(t, max(0, m.start - 2), m.start, agent.sector, agent.sector2)
            if nxt is not None and self._is_demonym_head(t, matches, k + 1):
                # "ordinary Kazakhs", "armed Palestinians": the people of the country, as the agent says
                place = self.kb.places[nxt.key][0]
                span = (m.start, nxt.end)
                return [self._mention(t, span, "actor", place.iso3, sector, place.name, sector2, "combo")], k + 2 - i
            if nxt is not None and self._of_join(t, matches[k].end, nxt.start):
                owner = self._modifier(nxt, igo_context)
                if owner is not None and not self._is_adjective(nxt):
                    # the head of a parliament sits in the parliament: "president of the Riigikogu" -> LEG
                    org_sector = self._org_sector(nxt)
                    if org_sector and sector == "GOV":
                        sector, sector2 = org_sector, ""
                    span = (m.start, nxt.end)
                    return [self._mention(t, span, "actor", owner[0], sector, owner[1], sector2, "combo")], k + 2 - i
            end = self._name_tail(t, matches, k)
            span = (m.start, end)
            entity = t.text(matches[k].end, end) if end > matches[k].end else None
            return [self._mention(t, span, "actor", None, sector, entity, sector2, "agent")], k + 1 - i
        return [self._alone(t, m, date, igo_context)], 1

    def _is_demonym_head(self, t: _Tokens, matches: list[_Match], j: int) -> bool:
        """matches[j] is a people's name right after an agent word and heads the phrase: no agent
        of its own follows ("local Russian officials" is the officials')."""
        m = matches[j]
        if not self._is_adjective(m) or m.start != matches[j - 1].end or CAT_AGENT in m.cats:
            return False
        after = matches[j + 1] if j + 1 < len(matches) else None
        return after is None or CAT_AGENT not in after.cats or not self._joinable(t, m.end, after.start)

    def _is_adjective(self, m: _Match) -> bool:
        """"fighters of the Russian [Air Force]": an adjective owns what follows it, not what precedes."""
        return CAT_PLACE in m.cats and self.kb.places[m.key][0].kind == "adj"

    def _former(self, t: _Tokens, a: int, b: int, sector: str, sector2: str) -> tuple[str, str]:
        if any(t.words[i].lower in FORMER for i in range(a, b)) and sector in ("GOV", "MIL", "LEG", "JUD", "SPY", "COP"):
            return "ELI", sector
        return sector, sector2

    def _org_sector(self, m: _Match) -> str:
        if CAT_NAMED in m.cats and CAT_PLACE not in m.cats:
            named = self._named(m)
            role = named.role_at()
            if named.kind == "org" and role is not None and role.sector not in ("", "GOV"):
                return role.sector
        return ""

    def _modifier(self, m: _Match, igo_context: set[str]) -> tuple[str, str] | None:
        """(actor, entity) when a match can own an agent: a country, an IGO or a country's org."""
        if CAT_METONYM in m.cats:
            return self._metonym(m, igo_context)
        if CAT_PLACE in m.cats:
            place = self.kb.places[m.key][0]
            return place.iso3, place.name
        if CAT_IGO in m.cats:
            igo = self.kb.igo_aliases[m.key]
            return igo.code, igo.name
        if CAT_NAMED in m.cats:
            named = self._named(m)
            if named.kind == "org":
                role = named.role_at()
                if role is not None and role.actor:
                    return role.actor, self.kb.actor_name(role.actor)
        return None

    def _metonym(self, m: _Match, igo_context: set[str]) -> tuple[str, str]:
        met = self.kb.metonyms[m.key]
        for code in met.igos:
            if code in igo_context:
                return code, self.kb.actor_name(code)
        return met.default, self.kb.actor_name(met.default)

    def _joinable(self, t: _Tokens, a: int, b: int, max_gap: int = MAX_GAP) -> bool:
        """Only connectors and lowercase modifiers between token a and b: "Poland's current"."""
        words = 0
        for i in range(a, b):
            tok = t.words[i]
            if tok.text in CONNECTORS:
                continue
            if tok.alpha and tok.is_lower and not tok.stop and not tok.lower.endswith(("ing", "ed")):
                words += 1
                continue
            return False
        return words <= max_gap

    def _proper_join(self, t: _Tokens, a: int, agent: _Match) -> bool:
        """A proper name made of a country, capitalised words and a capitalised agent word:
        "Hungarian Socialist Party", "Chilean National Police"."""
        return (
            0 < agent.start - a <= MAX_GAP
            and all(t.words[i].alpha and t.words[i].title for i in range(agent.start, agent.end))
            and all((w.alpha and w.title) or w.text in CONNECTORS for w in t.words[a : agent.start])
        )

    def _of_join(self, t: _Tokens, a: int, b: int) -> bool:
        # the words between, read only while they can still join: matches may be far apart
        return b > a and t.words[a].lower in OF_WORDS and all(t.words[i].lower == "the" for i in range(a + 1, b))

    def _name_tail(self, t: _Tokens, matches: list[_Match], k: int) -> int:
        """End of an unknown name after a title: "US Senator Marco Rubio" (up to three words)."""
        end = matches[k].end
        limit = matches[k + 1].start if k + 1 < len(matches) else t.n
        n = 0
        while end < limit and n < 3 and t.words[end].title and t.words[end].alpha:
            end += 1
            n += 1
        return end if n >= 2 else matches[k].end

    def _named(self, m: _Match) -> Named:
        return self.kb.named[self.kb.named_aliases[m.key][0]]

    def _alone(self, t: _Tokens, m: _Match, date: str | None, igo_context: set[str]) -> ActorMention:
        span = (m.start, m.end)
        after_prep = m.start > 0 and t.words[m.start - 1].lower in LOCATIVE
        if CAT_NAMED in m.cats:
            named = self._named(m)
            role = named.role_at(date)
            if role is not None:
                return self._from_role(t, span, named, role, "person" if named.kind == "person" else "org")
        if CAT_METONYM in m.cats:
            actor, entity = self._metonym(m, igo_context)
            if actor in self.kb.igos:
                return self._mention(t, span, "org", actor, "IGO", entity, None, "metonym")
            if after_prep:
                return self._mention(t, span, "place", actor, None, entity, None, "capital")
            return self._mention(t, span, "actor", actor, "GOV", entity, None, "capital")
        if CAT_IGO in m.cats:
            igo = self.kb.igo_aliases[m.key]
            return self._mention(t, span, "org", igo.code, igo.sector or "IGO", igo.name, None, "igo")
        if CAT_PLACE in m.cats:
            place = self.kb.places[m.key][0]
            if place.kind == "seat":
                return self._mention(t, span, "actor", place.iso3, place.sector or "GOV", place.name, None, "seat")
            if place.kind == "capital":
                if after_prep:
                    return self._mention(t, span, "place", place.iso3, None, place.name, None, "capital")
                return self._mention(t, span, "actor", place.iso3, "GOV", place.name, None, "capital")
            sector = place.sector or None  # PRE for a breakaway region
            if place.kind == "place" or (place.kind == "name" and after_prep):
                return self._mention(t, span, "place", place.iso3, sector, place.name, None, place.kind)
            return self._mention(t, span, "actor", place.iso3, sector, place.name, None, place.kind)
        if CAT_WEAPON in m.cats:
            return self._weapon(t, m)
        agent = self.kb.agents[m.key]
        return self._mention(t, span, "actor", None, agent.sector, None, agent.sector2, "agent")

    def _weapon(self, t: _Tokens, m: _Match) -> ActorMention:
        weapon = self.kb.weapons[m.key]
        operator = weapon.operators[0] if weapon.operators else None
        return ActorMention(
            t.idx[m.start], t.end(m.end - 1), t.text(m.start, m.end), "weapon", operator, None, weapon.name,
            via="weapon", weapon_type=weapon.type, operators=weapon.operators,
        )

    def _from_role(self, t: _Tokens, span: tuple[int, int], named: Named, role, via: str, fallback: str | None = None) -> ActorMention:  # type: ignore[no-untyped-def]
        actor = role.actor or fallback
        kind = "actor" if named.kind == "person" else "org"
        return self._mention(t, span, kind, actor or None, role.sector or None, named.entity, role.sector2 or None, via)

    @staticmethod
    def _mention(
        t: _Tokens, span: tuple[int, int], kind: str, actor: str | None, sector: str | None, entity: str | None,
        sector2: str | None, via: str,
    ) -> ActorMention:
        """A mention of tokens span[0]..span[1]-1."""
        a, b = span
        return ActorMention(t.idx[a], t.end(b - 1), t.text(a, b), kind, actor, sector or None, entity, sector2 or None, via)

    # ------------------------------------------------------------------ phrases

    def resolve(self, text: str, date: str | None = None, context: str | None = None) -> tuple[str, str] | None:
        """(country or IGO code, sector) of the main actor of a short actor phrase; "" for a part
        it does not name. A bare city is its inhabitants (CVL), as the NGEC conventions have it;
        ``context`` (e.g. "Colombian defense") supplies a country the phrase itself lacks."""
        doc = self.nlp.make_doc(text)
        found = [m for m in self.mentions(doc, date) if m.kind != "weapon"]
        if not found:
            result = ("", "UNK") if self._unknown(doc) else None
        else:
            best = max(found, key=lambda m: (_RANK.get(m.via, 0), m.end - m.start, -m.start))
            sector = best.sector or ""
            if best.kind == "place" and best.via == "place":
                sector = "CVL"
            result = (best.actor or "", sector)
        if context and (result is None or not result[0]):
            outer = self.resolve(context, date)
            if outer and outer[0]:
                result = (outer[0], result[1] if result else "")
        return result


    def _unknown(self, doc: Doc) -> bool:
        """A phrase naming someone unidentified ("he", "a group of men", "occupiers"): PLOVER's
        UNK agents, which are no mention in running text but are the answer for a phrase."""
        if any(t.lower_ in PRONOUNS for t in doc):
            return True
        return any(
            cat == CAT_AGENT and self.kb.agents[norm(doc[start:end].text)].sector == "UNK"
            for cat, start, end in self.lower(token_strings(doc, remember=False))
        )


# How much a rule's mention says about a phrase's main actor (resolve picks the highest).
_RANK = {"person": 5, "combo": 5, "org": 4, "igo": 4, "metonym": 4, "seat": 3, "capital": 3, "name": 2, "adj": 2, "agent": 1, "place": 1}


def resolver_for(extra_dirs: tuple = ()) -> ActorResolver:  # type: ignore[type-arg]
    """The cached resolver of the packaged KB plus ``extra_dirs`` (built once per process, ~1 s with the KB)."""
    return _resolver(tuple(extra_dirs))


@lru_cache(maxsize=4)
def _resolver(extra_dirs: tuple) -> ActorResolver:  # type: ignore[type-arg]
    # one cache key per KB: resolver_for() and resolver_for(()) must not build two resolvers
    with gc_paused():
        resolver = ActorResolver(KnowledgeBase.load(extra_dirs))
    # Speed (issue 3): the KB and its tables stay for the process's life; frozen, the collector
    # no longer traverses their half a million objects (built with it paused, they would otherwise
    # all be scanned by the next young collections, and again by every full one).
    gc.freeze()
    return resolver
