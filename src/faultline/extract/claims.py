"""Attributed claims: who says what, with the quantity the statement carries and its modality.

A claim is a cue (``data/extract/claim_cues.tsv``: "said", "has spoken about", "according to" ...)
with a source and a content clause around it. One compiled regex finds every cue of an article in a
single pass, so sentences without a cue cost nothing; the rules then read the few tokens around each
cue (no tagger, no parser):

- the source is the phrase that ends right before the cue, past auxiliaries and adverbs ("have said",
  "has also warned"), a relative "who" ("It was he who announced") and one comma-delimited insertion
  ("Lukashenko, in a speech on Jan. 17, expressing concern over"). It must be an actor or
  organisation mention, a mention with a modifier after its head ("a woman in the audience"), a
  source noun ("the report"), a capitalised name the knowledge base does not know, or a pronoun.
  Determiners and adjectives right before a mention belong to the source ("an anonymous State
  Department official"). A passive ("was announced") or an infinitive ("to stress that") has no
  source before its cue and gives no claim;
- pronoun sources ("he", "she") are the most recent person mention (rule ``person``) that ends before
  the pronoun, in its own sentence or in the PRONOUN_WINDOW sentences before it; none found, no claim;
- the content is what follows the cue: the clause after "that" (the cue may be followed first by an
  addressee, "briefed the media that", or by a short adverbial, "argued at length that"), after a colon,
  inside quotes, or, for cues that take a plain object ("has spoken about 30,000 Russian troops",
  "have said 10,000 is a more realistic figure"), the words up to the next comma. A cue with nothing
  after it takes the clause before the source: "Russia will respond, Peskov said." / "..., said Peskov.";
- "according to SOURCE" takes the rest of the sentence, or what precedes it;
- the quantity is the most specific one inside the content (a unit and a longer ``about`` first);
- the modality is the cue's own (``denied`` -> negated, ``asked whether`` -> question) when the data
  file gives one; else what `classify` says of the cue within the source-and-cue clause plus the two
  tokens before it ("if he says", "did not say", "would say") when that is not asserted; else what it
  says of the content clause alone at its main verb (the word after its first auxiliary chain, or its
  first past-tense word); else "reported". Clauses, not the whole sentence, because a "whether" or
  "if" elsewhere in the sentence is not the claim's ("when a woman asked whether ..., Lukashenko
  replied that ..." is a reply, not a question);
- `Claim.id` is a hash of the article id and the claim's and cue's character offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from faultline.records import ActorRef, Claim, Mention, Quantity, Sentence, stable_hash
from faultline.resources import load_rows

CUES_FILE = "extract/claim_cues.tsv"
WORDS_FILE = "extract/claim_words.tsv"
FRAMES = ("verb", "that", "tell", "warn", "about", "according")
NON_FACTUAL = ("hypothetical", "conditional", "negated", "future", "question")

# How far the rules look. Tuned on the two seed articles and the 224 texts of scraped_news_dev.
PRONOUN_WINDOW = 3  # sentences back in which a pronoun source finds its person
PAREN_MAX = 12  # tokens of a comma-delimited insertion between source and cue
POSTMOD_MAX = 5  # tokens of a modifier after a source's head: "sources familiar with the matter"
LEFT_MODIFIERS = 3  # lowercase words before a mention that still belong to the source
NAME_MAX = 4  # capitalised words of a name the knowledge base does not know
GAP_MAX = 6  # tokens between a cue and its "that": "briefed the media that"
ADDRESSEE_MAX = 4  # tokens of an addressee closing an inverted claim: "..., Harris told the Ukrainian leader."
ACCORDING_MAX = 15  # tokens of an "according to" source
AFTER_VERB = 10  # tokens after a content's main verb that can still change its modality

SOURCE_KINDS = frozenset(("actor", "org"))
# How much a mention rule says about who speaks (as faultline.nlp.actors ranks them).
RULE_RANK = {"person": 5, "combo": 5, "org": 4, "igo": 4, "metonym": 4, "seat": 3, "capital": 3, "name": 2, "adj": 2, "agent": 1}
OPEN_QUOTES = frozenset('“ " ‘'.split())
CLOSE_QUOTES = frozenset('” " ’'.split())
QUOTES = OPEN_QUOTES | CLOSE_QUOTES | {"'"}
# Where a noun-phrase content ("has spoken about ...") stops; a clause runs on through commas to a
# strong break: ";" or a comma before a contrast ("..., while Russian military experts have said")
# or before "and" + a new subject ("announced the exercises ..., and he has since ...").
WEAK_BREAKS = frozenset(", ; : — – ( ) [ ]".split())
STRONG_BREAK_WORDS = frozenset("while whereas but although though".split())
NEW_SUBJECTS = frozenset("he she it they we i".split())
TRAILING = ".,;:!?—–-" + "".join(QUOTES)
POSSESSIVE = ("'s", "’s", "s'", "s’")
QUOTE_ENDS = frozenset(". , ; ! ? … ) —".split())
# Tokens that may open a sentence before an "according to": "But according to ...".
SENTENCE_OPENERS = frozenset("but and yet so however also".split()) | QUOTES | {"("}
WEEKDAYS_MONTHS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)

WHITESPACE = r"\s+"  # a space in a cue row matches a line wrap too
_TOKEN = re.compile(r"\d[\d,.]*\d|\w+(?:[’'\-]\w+)*|\S")


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of claim_cues.tsv."""

    label: str
    frame: str
    modality: str = ""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled cue pattern (one named group per row), the pattern of a cue's first word, and
    the word classes."""

    pattern: re.Pattern[str]
    first_word: re.Pattern[str]
    cues: tuple[Cue, ...]
    words: dict[str, frozenset[str]]

    def is_(self, word: str, cls: str) -> bool:
        return word in self.words.get(cls, frozenset())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Compile the cue file once: rows with more words first, so "warned of" beats "warned"."""
    rows = []
    for row in load_rows(CUES_FILE):
        regex, label, frame = row[0], row[1], row[2]
        if frame not in FRAMES:
            raise ValueError(f"{CUES_FILE}: cue {regex!r} has frame {frame!r}; use one of {', '.join(FRAMES)}")
        if re.compile(regex).groups:
            raise ValueError(f"{CUES_FILE}: cue {regex!r} has a capturing group; write (?:...)")
        rows.append((regex, Cue(label, frame, row[3] if len(row) > 3 else "")))
    rows.sort(key=lambda r: -r[0].count(" "))
    first_words = "|".join(regex.split(" ")[0] for regex, _ in rows)
    alternation = "|".join(f"(?P<c{i}>{regex.replace(' ', WHITESPACE)})" for i, (regex, _) in enumerate(rows))
    words: dict[str, set[str]] = {}
    for row in load_rows(WORDS_FILE):
        words.setdefault(row[1], set()).add(row[0].lower())
    return Lexicon(
        re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE),
        re.compile(rf"(?:{first_words})"),
        tuple(cue for _, cue in rows),
        {cls: frozenset(ws) for cls, ws in words.items()},
    )


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# ---------------------------------------------------------------------------------------------- context


class _Tok(NamedTuple):
    start: int  # character offsets into the article text
    end: int
    text: str
    lower: str


_START = attrgetter("start")  # bisect keys over a sentence's tokens
_END = attrgetter("end")


@dataclass(slots=True)
class _Span:
    """A source found for a cue: its character span and the ActorRef it resolves to."""

    start: int
    end: int
    ref: ActorRef
    first: int  # token index of its first token in the sentence


@dataclass(slots=True)
class _Article:
    """One article's indexes, built only when it has a cue."""

    article_id: str
    text: str
    sentences: list[Sentence]
    mentions: list[Mention]
    quantities: list[Quantity]
    starts: list[int] = field(default_factory=list)
    by_end: dict[int, list[Mention]] = field(default_factory=dict)
    by_start: dict[int, list[Mention]] = field(default_factory=dict)
    mention_starts: list[int] = field(default_factory=list)
    quantity_starts: list[int] = field(default_factory=list)
    persons: list[Mention] = field(default_factory=list)
    person_ends: list[int] = field(default_factory=list)
    tokens: dict[int, list[_Tok]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sentences = sorted(self.sentences, key=lambda s: s.start)
        self.starts = [s.start for s in self.sentences]
        self.mentions = sorted(self.mentions, key=lambda m: (m.start, -m.end))
        self.mention_starts = [m.start for m in self.mentions]
        self.quantities = sorted(self.quantities, key=lambda q: q.start)
        self.quantity_starts = [q.start for q in self.quantities]
        for m in self.mentions:
            self.by_end.setdefault(m.end, []).append(m)
            self.by_start.setdefault(m.start, []).append(m)
        self.persons = sorted((m for m in self.mentions if m.rule == "person"), key=lambda m: m.end)
        self.person_ends = [m.end for m in self.persons]

    def sentence_at(self, pos: int) -> Sentence | None:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentence_index(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def toks(self, sent: Sentence) -> list[_Tok]:
        if sent.index not in self.tokens:
            base, new = sent.start, tuple.__new__  # tuple.__new__: a third faster than _Tok(...)
            self.tokens[sent.index] = [
                new(_Tok, (base + m.start(), base + m.end(), w := m.group(), w.lower())) for m in _TOKEN.finditer(sent.text)
            ]
        return self.tokens[sent.index]

    def inside_mention(self, start: int, end: int) -> bool:
        """A cue word inside a name is no cue: "Baltic states", "Foreign Affairs Council"."""
        i = bisect_right(self.mention_starts, start) - 1
        while i >= 0 and self.mentions[i].start > start - 200:
            if self.mentions[i].start <= start and end <= self.mentions[i].end and self.mentions[i].end - self.mentions[i].start > end - start:
                return True
            i -= 1
        return False

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect_right(self.mention_starts, start - 1)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def person_before(self, pos: int, sentence_index: int) -> Mention | None:
        i = bisect_right(self.person_ends, pos) - 1
        if i < 0:
            return None
        m = self.persons[i]
        return m if self.sentence_index(m.start) >= sentence_index - PRONOUN_WINDOW else None


# ---------------------------------------------------------------------------------------------- entry


_WORD = re.compile(r"[a-z]+")
FIRST_WORD_CACHE_MAX = 200_000  # distinct words remembered; news vocabulary stays far below
# Words of earlier articles already checked against `Lexicon.first_word`, as UTF-8 bytes.
_OPENERS: set[bytes] = set()
_NOT_OPENERS: set[bytes] = set()
# ASCII lower-case letters stay, every other byte becomes a space: in UTF-8 no byte of another
# character is an ASCII letter, so splitting the translated text gives exactly its [a-z]+ runs.
_LETTERS_ONLY = bytes(b if ord("a") <= b <= ord("z") else ord(" ") for b in range(256))


def _words(lower: str) -> set[bytes]:
    """The distinct [a-z]+ runs of `lower` (what `_WORD.findall` finds), as bytes.

    Speed (issue 3): encode, translate and split run in C over the whole text and make no match
    objects; about twice as fast as the regex."""
    return set(lower.encode("utf-8", "surrogatepass").translate(_LETTERS_ONLY).split())


def _cue_hits(lex: Lexicon, text: str) -> list[re.Match[str]]:
    """Every cue of the text, cheaply: the big cue pattern is tried only where a word that can open
    a cue occurs (the words of the text are checked once each, through caches shared by articles,
    with set operations; trying the whole alternation at every position would cost as much as
    tokenising the text)."""
    if len(_OPENERS) + len(_NOT_OPENERS) > FIRST_WORD_CACHE_MAX:
        _OPENERS.clear()
        _NOT_OPENERS.clear()
    lower = text.lower()
    words = _words(lower)
    # binary set differences iterate over the small left operand, not over the caches
    for word in words - _OPENERS - _NOT_OPENERS:
        (_OPENERS if lex.first_word.fullmatch(word.decode("ascii")) else _NOT_OPENERS).add(word)
    openers = [word.decode("ascii") for word in words & _OPENERS]
    if not openers:
        return []
    hits: list[re.Match[str]] = []
    last_end = -1
    for pos in _positions(text, lower, openers):
        if pos < last_end:
            continue  # inside the previous cue: "reported" in "as reported by"
        hit = lex.pattern.match(text, pos)
        if hit is not None:
            hits.append(hit)
            last_end = hit.end()
    return hits


def _positions(text: str, lower: str, words: list[str]) -> list[int]:
    """Sorted start offsets of whole-word occurrences of `words` (str.find: faster than a regex)."""
    if len(lower) != len(text):  # a letter whose lower case is longer: offsets would drift
        pattern = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
        return [m.start() for m in pattern.finditer(text)]
    found = []
    n = len(lower)
    for word in words:
        i = lower.find(word)
        while i >= 0:
            j = i + len(word)
            if (i == 0 or not lower[i - 1].isalnum()) and (j == n or not lower[j].isalnum()):
                found.append(i)
            i = lower.find(word, j)
    return sorted(found)


def find_claims(
    article_id: str, text: str, sentences: list[Sentence], mentions: list[Mention], quantities: list[Quantity]
) -> list[Claim]:
    """Every attributed statement of an article, in text order."""
    lex = lexicon()
    hits = _cue_hits(lex, text)
    if not hits:
        return []
    art = _Article(article_id, text, list(sentences), list(mentions), list(quantities))
    claims: list[Claim] = []
    seen: set[str] = set()
    for hit in hits:
        sent = art.sentence_at(hit.start())
        if sent is None or hit.end() > sent.end or art.inside_mention(hit.start(), hit.end()):
            continue
        cue = lex.cues[int(hit.lastgroup[1:])]  # type: ignore[index]
        claim = _claim_at(art, lex, sent, hit.start(), hit.end(), cue)
        if claim is not None and claim.id not in seen:
            seen.add(claim.id)
            claims.append(claim)
    return claims


def _claim_at(art: _Article, lex: Lexicon, sent: Sentence, cs: int, ce: int, cue: Cue) -> Claim | None:
    toks = art.toks(sent)
    # the first token starting at or after the cue and the last one ending inside it (tokens are
    # sorted and disjoint, so a binary search finds them: issue 3)
    first = bisect_left(toks, cs, key=_START)
    last = bisect_right(toks, ce, key=_END) - 1
    if first == len(toks) or last < first:
        return None
    if cue.frame == "according":
        found = _according(art, lex, sent, toks, first, last)
    else:
        found = _around(art, lex, sent, toks, first, last, cue)
    if found is None:
        return None
    source, content = found
    pieces = [(a, b) for a, b in content if b > a]
    if not pieces:
        return None
    text = " ".join(art.text[a:b] for a, b in pieces)
    start = min(source.start, cs, pieces[0][0])
    end = max(source.end, ce, pieces[-1][1])
    return Claim(
        id=stable_hash(art.article_id, "claim", str(start), str(end), str(cs)),
        article_id=art.article_id,
        sentence_id=sent.id,
        sentence=sent.text,
        start=start,
        end=end,
        source=source.ref,
        cue=cue.label,
        content=text,
        quantity=_quantity(art, pieces),
        modality=_modality(lex, sent, toks, source, cs, ce, cue, pieces),
    )


# ---------------------------------------------------------------------------------------------- frames


def _around(
    art: _Article, lex: Lexicon, sent: Sentence, toks: list[_Tok], first: int, last: int, cue: Cue
) -> tuple[_Span, list[tuple[int, int]]] | None:
    """SOURCE cue CONTENT, or the inverted CONTENT, SOURCE cue. / CONTENT, cue SOURCE."""
    source = _source_before(art, lex, sent, toks, first)
    if source is not None:
        content = _content_after(lex, toks, last, cue)
        if content is not None:
            return source, [content]
        if cue.frame == "about" or not _nothing_after(lex, toks, _past_addressee(toks, last, cue)):
            return None
        before = _content_before(toks, source.first)
        if before is None:
            return None
        # "Lithuania's actions, Landsbergis said, were not about ...": the content goes on after the cue
        rest = _content_resumed(lex, toks, last)
        return source, [before] + ([rest] if rest else [])
    if cue.frame not in ("verb", "that") or first == 0 or toks[first - 1].text not in {","} | CLOSE_QUOTES:
        return None  # "..., told CNN": after "told" comes the addressee, not the speaker
    source = _source_after(art, lex, sent, toks, last)
    content = _content_before(toks, first)
    return (source, [content]) if source is not None and content is not None else None


def _according(
    art: _Article, lex: Lexicon, sent: Sentence, toks: list[_Tok], first: int, last: int
) -> tuple[_Span, list[tuple[int, int]]] | None:
    """"According to X, CONTENT" / "CONTENT, according to X." / "A, according to X, B"."""
    k = last + 1
    while k < len(toks) and k - last <= ACCORDING_MAX and toks[k].text not in {",", ";", "—", "–"}:
        k += 1
    end_tok = k - 1
    while end_tok > last and toks[end_tok].text in TRAILING:
        end_tok -= 1
    if end_tok <= last:
        return None
    span_start, span_end = toks[last + 1].start, toks[end_tok].end
    ref = _ref_for_span(art, lex, sent, toks, last + 1, end_tok)
    if ref is None:
        return None
    source = _Span(span_start, span_end, ref, last + 1)
    opening = all(t.lower in SENTENCE_OPENERS for t in toks[:first])
    before = _content_before(toks, first) if not opening else None
    after = None
    if k < len(toks) and toks[k].text == ",":
        a, b = k + 1, len(toks) - 1
        while b >= a and toks[b].text in TRAILING:
            b -= 1
        if b >= a:
            after = (toks[a].start, toks[b].end)
    if opening:
        return (source, [after]) if after else None
    if before is None:
        return None
    return source, [before] + ([after] if after else [])


# ---------------------------------------------------------------------------------------------- sources


def _source_before(art: _Article, lex: Lexicon, sent: Sentence, toks: list[_Tok], first: int) -> _Span | None:
    """The source phrase ending right before the cue (past auxiliaries, "who", one insertion)."""
    j = first - 1
    passive = False
    while j >= 0 and lex.is_(toks[j].lower, "aux"):
        passive = passive or lex.is_(toks[j].lower, "be")
        j -= 1
    if passive and not toks[first].lower.endswith("ing"):
        return None  # "was announced", "has been reported": the speaker is not before the cue
    if j < 0 or toks[j].lower == "to":
        return None  # "to stress that": the subject is further back than these rules read
    if toks[j].lower in ("who", "which", "that"):
        j -= 1
        if j >= 0 and toks[j].text == ",":
            j -= 1
    elif toks[j].text == ",":
        j = _skip_insertion(lex, toks, j)
    if j < 0:
        return None
    return _source_ending_at(art, lex, sent, toks, j)


def _skip_insertion(lex: Lexicon, toks: list[_Tok], j: int) -> int:
    """Token before ", in a speech on Jan. 17," when toks[j] closes such an insertion; -1 if not."""
    for k in range(j - 1, max(-1, j - PAREN_MAX - 1), -1):
        if toks[k].text == ",":
            if k + 1 < j and lex.is_(toks[k + 1].lower, "paren"):
                return k - 1
            return -1
    return -1


def _source_ending_at(art: _Article, lex: Lexicon, sent: Sentence, toks: list[_Tok], j: int) -> _Span | None:
    tok = toks[j]
    if tok.lower.endswith(POSSESSIVE):
        return None  # "Russia's claims that ...": a noun with its owner, not a speaker
    heads = [m for m in art.by_end.get(tok.end, []) if m.kind in SOURCE_KINDS and m.start >= sent.start]
    if heads:
        head = min(heads, key=lambda m: m.start)
        k = _token_at(toks, head.start, j)
        return _span(art, lex, sent, toks, _extend_left(lex, toks, k), j, head)
    if lex.is_(tok.lower, "pronoun"):
        return _pronoun(art, sent, tok, j)
    for k in range(j - 1, max(-1, j - POSTMOD_MAX - 1), -1):
        if not (toks[k].text[:1].isalnum() or toks[k].text in ("’s", "'s")):
            break
        heads = [m for m in art.by_end.get(toks[k].end, []) if m.kind in SOURCE_KINDS]
        if heads and lex.is_(toks[k + 1].lower, "postmod"):
            head = min(heads, key=lambda m: m.start)
            start = _token_at(toks, head.start, k)
            if head.rule == "person":  # "Jeffries in an interview with CBS said": an adverbial, not a modifier
                return _span(art, lex, sent, toks, start, k, head)
            return _span(art, lex, sent, toks, _extend_left(lex, toks, start), j, head)
    if lex.is_(tok.lower, "source"):
        return _span(art, lex, sent, toks, _extend_left(lex, toks, j), j)
    k = j
    while k >= 0 and j - k < NAME_MAX and _name_word(lex, toks[k]):
        k -= 1
    if k < j:
        return _span(art, lex, sent, toks, k + 1, j)
    return None


def _source_after(art: _Article, lex: Lexicon, sent: Sentence, toks: list[_Tok], last: int) -> _Span | None:
    """", said Peskov." / ", said Dmitry Peskov, the Kremlin spokesman." / ", he said" is handled before."""
    k = last + 1
    if k >= len(toks):
        return None
    if lex.is_(toks[k].lower, "pronoun"):
        return _pronoun(art, sent, toks[k], k)
    j = k + 1 if lex.is_(toks[k].lower, "determiner") else k
    if j >= len(toks):
        return None
    heads = [m for m in art.by_start.get(toks[j].start, []) if m.kind in SOURCE_KINDS]
    if heads:
        head = max(heads, key=lambda m: m.end)
        end = j
        while end + 1 < len(toks) and toks[end + 1].end <= head.end:
            end += 1
        return _span(art, lex, sent, toks, k, end)
    end = j
    while end < len(toks) and end - j < NAME_MAX and _name_word(lex, toks[end]):
        end += 1
    return _span(art, lex, sent, toks, k, end - 1) if end > j else None


def _name_word(lex: Lexicon, tok: _Tok) -> bool:
    return (
        tok.text[:1].isupper() and tok.text.replace("-", "").replace("’", "").replace("'", "").isalpha()
        and tok.lower not in _stop_words() and tok.lower not in WEEKDAYS_MONTHS and not lex.is_(tok.lower, "aux")
    )


def _extend_left(lex: Lexicon, toks: list[_Tok], k: int) -> int:
    """Take "an anonymous" into "an anonymous State Department official": a determiner and the
    lowercase words between it and the mention."""
    i = k
    words = 0
    while i > 0 and words < LEFT_MODIFIERS:
        t = toks[i - 1]
        if t.text.isalpha() and t.text.islower() and t.lower not in _stop_words() and not lex.is_(t.lower, "aux"):
            i -= 1
            words += 1
        else:
            break
    # only with the determiner that opens the phrase: in "head of diplomacy Liz Truss" the lowercase
    # word before the name is not the source's
    if i > 0 and lex.is_(toks[i - 1].lower, "determiner"):
        return i - 1
    return k


def _token_at(toks: list[_Tok], pos: int, default: int) -> int:
    """Index of the first token starting at or after `pos`, else `default`."""
    i = bisect_left(toks, pos, key=_START)
    return i if i < len(toks) else default


def _span(
    art: _Article, lex: Lexicon, sent: Sentence, toks: list[_Tok], a: int, b: int, head: Mention | None = None
) -> _Span | None:
    ref = _ref_for_span(art, lex, sent, toks, a, b, head)
    return _Span(toks[a].start, toks[b].end, ref, a) if ref is not None else None


def _ref_for_span(
    art: _Article, lex: Lexicon, sent: Sentence, toks: list[_Tok], a: int, b: int, head: Mention | None = None
) -> ActorRef | None:
    """The ActorRef of toks[a..b]: its head mention (the one the source phrase ends with) or else the
    best-ranked actor mention inside it, else a name or source noun. A head without a country takes
    the country of another mention in the phrase ("officials in Kyiv")."""
    start, end = toks[a].start, toks[b].end
    text = art.text[start:end]
    inside = sorted(
        (m for m in art.mentions_in(start, end) if m.kind in SOURCE_KINDS),
        key=lambda m: (RULE_RANK.get(m.rule, 0), m.end - m.start, -m.start),
        reverse=True,
    )
    if inside or head is not None:
        best = head or inside[0]
        actor = best.actor or next((m.actor for m in inside if m.actor), None)
        name = best.entity if best.rule == "person" else None
        return ActorRef(text, actor, best.sector, name)
    if a == b and lex.is_(toks[a].lower, "pronoun"):
        return None
    words = [t for t in toks[a : b + 1] if t.text[:1].isalnum()]
    if any(lex.is_(t.lower, "source") for t in words):
        return ActorRef(text)
    names = [t for t in words if _name_word(lex, t)]
    if names and len(names) >= len(words) - 1:
        return ActorRef(text, name=text if len(names) >= 2 else None)
    return None


def _pronoun(art: _Article, sent: Sentence, tok: _Tok, k: int) -> _Span | None:
    """"he"/"she": the most recent person mention before it, within PRONOUN_WINDOW sentences."""
    person = art.person_before(tok.start, sent.index)
    if person is None:
        return None
    return _Span(tok.start, tok.end, ActorRef(tok.text, person.actor, person.sector, person.entity), k)


# ---------------------------------------------------------------------------------------------- content


def _content_after(lex: Lexicon, toks: list[_Tok], last: int, cue: Cue) -> tuple[int, int] | None:
    """The content span after the cue at toks[last], or None when there is none to read."""
    j = last + 1
    n = len(toks)
    if j >= n:
        return None
    if cue.frame == "about":
        return _until(toks, j, WEAK_BREAKS, strong=False)
    that = _that_after(lex, toks, j, cue)
    if that is not None:
        return _until(toks, that + 1, frozenset(), strong=True)
    opened = j + 1 < n and (toks[j].text == ":" or (toks[j].text == "," and toks[j + 1].text in OPEN_QUOTES))
    if opened:
        j += 1
    quoted = _quoted(toks, j, whole=not opened)
    if quoted is not None:
        return quoted
    if opened:  # a colon, then no quote
        return _until(toks, j, frozenset(), strong=True)
    if cue.frame in ("that", "tell"):
        return None
    if not (toks[j].text[:1].isalnum() or toks[j].text in OPEN_QUOTES) or lex.is_(toks[j].lower, "gap"):
        return None  # "said in a statement.", "said, adding": no content here
    return _until(toks, j, frozenset(), strong=True)


def _quoted(toks: list[_Tok], j: int, whole: bool) -> tuple[int, int] | None:
    """The words inside the quote opening at toks[j]. With `whole`, only a quote that is the entire
    content (punctuation or the end after it): in 'promised "significant" support' it is not."""
    n = len(toks)
    if toks[j].text not in OPEN_QUOTES or j + 1 >= n:
        return None
    k = j + 1
    while k < n and toks[k].text not in CLOSE_QUOTES - {'"'} and not (toks[k].text == '"' and k > j + 1):
        k += 1
    if whole and k + 1 < n and toks[k + 1].text not in QUOTE_ENDS:
        return None
    return _trim(toks, j + 1, k - 1)


def _nothing_after(lex: Lexicon, toks: list[_Tok], last: int) -> bool:
    """Only punctuation or an adverbial after the cue ("he said.", "he said on Monday."): the content
    came before; in "Masha wrote her father a letter" it did not."""
    j = last + 1
    return j >= len(toks) or not toks[j].text[:1].isalnum() or lex.is_(toks[j].lower, "gap") or toks[j].lower.endswith("ly")


def _past_addressee(toks: list[_Tok], last: int, cue: Cue) -> int:
    """Last token of a short addressee after a telling cue ("”, Harris told Zelensky."), else `last`."""
    if cue.frame not in ("tell", "warn"):
        return last
    k = last + 1
    while k < len(toks) and k - last <= ADDRESSEE_MAX and toks[k].text[:1].isalnum() and toks[k].lower != "that":
        k += 1
    return k - 1 if k == len(toks) or not toks[k].text[:1].isalnum() else last


def _content_resumed(lex: Lexicon, toks: list[_Tok], last: int) -> tuple[int, int] | None:
    """After an inserted "X said," the rest of the content: ", were not about ...", ', “the choice ...'."""
    j = last + 1
    if j + 1 >= len(toks) or toks[j].text != ",":
        return None
    j += 1
    quoted = _quoted(toks, j, whole=False)
    if quoted is not None:
        return quoted
    if not toks[j].text[:1].isalnum() or lex.is_(toks[j].lower, "gap") or toks[j].lower.endswith("ing"):
        return None  # ", adding that ...", ", in a statement"
    return _until(toks, j, frozenset(), strong=True)


def _that_after(lex: Lexicon, toks: list[_Tok], j: int, cue: Cue) -> int | None:
    """Index of the "that" opening the content, when only an addressee or adverbial precedes it."""
    for k in range(j, min(len(toks), j + GAP_MAX + 1)):
        t = toks[k]
        if t.lower == "that":
            if k == j:
                return k
            gap = toks[j:k]
            if cue.frame in ("tell", "warn"):
                return k
            if lex.is_(gap[0].lower, "gap") or gap[0].lower.endswith("ly"):
                return k
            return None
        if not (t.text[:1].isalnum() or t.text in ("’s", "'s", ".")):
            return None
    return None


def _until(toks: list[_Tok], a: int, breaks: frozenset[str], strong: bool) -> tuple[int, int] | None:
    """From toks[a] to the first break: any of `breaks`, or (strong) a ";" or ", while/but ..."."""
    b = a
    n = len(toks)
    while b < n:
        t = toks[b]
        if t.text in breaks:
            break
        if strong and (t.text == ";" or (t.text == "," and b + 1 < n and _contrast(toks, b + 1))):
            break
        b += 1
    return _trim(toks, a, b - 1)


def _contrast(toks: list[_Tok], k: int) -> bool:
    word = toks[k].lower
    return word in STRONG_BREAK_WORDS or (word == "and" and k + 1 < len(toks) and toks[k + 1].lower in NEW_SUBJECTS)


def _content_before(toks: list[_Tok], k: int) -> tuple[int, int] | None:
    """The clause before toks[k] in an inverted claim: sentence start to the comma or quote before it."""
    if k == 0 or toks[k - 1].text not in {","} | CLOSE_QUOTES:
        return None
    return _trim(toks, 0, k - 1)


def _trim(toks: list[_Tok], a: int, b: int) -> tuple[int, int] | None:
    while a <= b and toks[a].text in TRAILING:
        a += 1
    while b >= a and toks[b].text in TRAILING:
        b -= 1
    if b < a:
        return None
    return toks[a].start, toks[b].end


# ---------------------------------------------------------------------------------------------- quantity, modality


def _quantity(art: _Article, pieces: list[tuple[int, int]]) -> Quantity | None:
    """The most specific quantity inside the content: with a unit, then the longest `about`."""
    inside = []
    for a, b in pieces:
        i = bisect_right(art.quantity_starts, a - 1)
        while i < len(art.quantities) and art.quantities[i].start < b:
            if art.quantities[i].end <= b:
                inside.append(art.quantities[i])
            i += 1
    if not inside:
        return None
    return max(inside, key=lambda q: (bool(q.unit), len(q.about or ""), q.value is not None or q.low is not None, -q.start))


def _modality(
    lex: Lexicon, sent: Sentence, toks: list[_Tok], source: _Span, cs: int, ce: int, cue: Cue, pieces: list[tuple[int, int]]
) -> str:
    if cue.modality:
        return cue.modality
    # The saying: the source-and-cue clause plus two tokens before it ("if he says", "did not say",
    # "would say"); the whole sentence would let a question or condition elsewhere in it leak in.
    a = toks[max(0, min(source.first, _token_at(toks, cs, 0)) - 2)].start
    said = _classify(sent.text[a - sent.start : ce - sent.start], cs - a, ce - a)
    if said in NON_FACTUAL:
        return said
    # The content: its own clause alone, judged at its main verb.
    verb = _main_verb(lex, toks, pieces[:1])
    if verb is not None:
        p0, p1 = pieces[0]
        # what follows the verb only matters within a short window (evaluative predicates after a
        # nominal trigger); a trailing "if" clause never reaches back to it
        k = _token_at(toks, verb.start, 0) + AFTER_VERB
        p1 = min(p1, toks[min(k, len(toks) - 1)].end)
        content = _classify(sent.text[p0 - sent.start : p1 - sent.start], verb.start - p0, verb.end - p0)
        if content in NON_FACTUAL:
            return content
    return "reported"


@lru_cache(maxsize=1)
def _modality_words() -> frozenset[str]:
    """First words of the modality cues: a clause with none of them is asserted without asking."""
    from faultline.extract.modality import CUES_FILE

    return frozenset(row[0].lower().split()[0] for row in load_rows(CUES_FILE) if row[1] not in ("speech", "boundary"))


def _classify(clause: str, start: int, end: int) -> str:
    """`classify`, skipped for the many clauses that hold no modality cue at all (for speed)."""
    from faultline.extract.modality import classify

    lower = clause.lower()
    if "?" not in lower and "n't" not in lower and "n’t" not in lower and _modality_words().isdisjoint(_WORD.findall(lower)):
        return "asserted"
    return classify(clause, start, end)


def _main_verb(lex: Lexicon, toks: list[_Tok], pieces: list[tuple[int, int]]) -> _Tok | None:
    """The content's main verb without a tagger: the word after its first auxiliary chain
    ("he would not allow" -> allow), else its first past-tense-looking word."""
    if len(pieces) == 1:  # the tokens inside one span are consecutive: two binary searches (issue 3)
        a, b = pieces[0]
        inside = toks[bisect_left(toks, a, key=_START) : bisect_right(toks, b, key=_END)]
    else:
        inside = [t for t in toks if any(a <= t.start and t.end <= b for a, b in pieces)]
    for i, t in enumerate(inside):
        if lex.is_(t.lower, "verbish"):
            k = i
            while k + 1 < len(inside) and lex.is_(inside[k + 1].lower, "aux"):
                k += 1
            return inside[k + 1] if k + 1 < len(inside) else inside[k]
    for t in inside[1:]:
        if t.lower.endswith("ed") and t.text.isalpha():
            return t
    return None
