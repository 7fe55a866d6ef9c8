"""Dictionary phrases over token strings: spaCy's PhraseMatcher semantics, without pattern Docs.

A PhraseMatcher needs a Doc per pattern; building the actor and trigger tables' 70,000 of them took
about 2.5 s in every worker process, longer than the matching they served (issue 3: extraction
within 5x tokenisation over two processes). Here a phrase is the tuple of its tokens' strings (the
LOWER or ORTH attribute, as the matcher's `attr`), and matching an article is a dictionary lookup
at each token that starts some phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import compress, islice
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy
    from spacy.language import Language
    from spacy.tokens import Doc

_PLAIN_PHRASE = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*$")


class PhraseTable:
    """Labelled token sequences; calling it on a text's token strings gives every match, as
    (label, start, end) with token indices, overlapping and nested ones included, in text order."""

    __slots__ = ("_pairs", "_phrases", "_single")

    def __init__(self) -> None:
        self._single: dict[str, list[str]] = {}  # one-token phrase -> labels, in the order added
        self._phrases: dict[tuple[str, ...], list[str]] = {}  # longer phrases -> labels
        self._pairs: dict[tuple[str, str], list[int]] = {}  # first two tokens -> lengths, ascending

    def add(self, label: str, phrases: Iterable[tuple[str, ...]]) -> None:
        for tokens in phrases:
            if len(tokens) == 1:
                labels = self._single.setdefault(tokens[0], [])
            elif tokens:
                labels = self._phrases.setdefault(tokens, [])
                lengths = self._pairs.setdefault(tokens[:2], [])
                if len(tokens) not in lengths:
                    lengths.append(len(tokens))
                    lengths.sort()
            else:
                continue
            if label not in labels:
                labels.append(label)

    def __len__(self) -> int:
        return len(self._single) + len(self._phrases)

    def __call__(self, words: Sequence[str]) -> list[tuple[str, int, int]]:
        # The scans are `compress` over C-level membership tests: a Python loop over every token
        # cost more than spaCy's matcher; the Python code runs only at the few positions that hit.
        single = self._single
        found = [
            (label, i, i + 1)
            for i in compress(range(len(words)), map(single.__contains__, words))
            for label in single[words[i]]
        ]
        longer = self.longer(words)
        if not longer:
            return found
        found += longer
        found.sort(key=_start_end)
        return found

    def labels(self, word: str) -> Sequence[str]:
        """The labels of the one-token phrase ``word``, in the order added (none if it is not one)."""
        return self._single.get(word, ())

    def longer(self, words: Sequence[str]) -> list[tuple[str, int, int]]:
        """The matches of phrases of two tokens or more only, in text order. A caller that knows
        each word type's `labels` already (the actor resolver, issue 3) needs no more."""
        phrases, pairs = self._phrases, self._pairs
        n = len(words)
        found: list[tuple[str, int, int]] = []
        # zip over a shifted view rather than `pairwise`: it reuses its pair tuple, a fifth faster
        for i in compress(range(n), map(pairs.__contains__, zip(words, islice(words, 1, None)))):
            for size in pairs[words[i], words[i + 1]]:
                if i + size > n:
                    break
                labels = phrases.get(tuple(words[i : i + size]))
                if labels is not None:
                    found.extend((label, i, i + size) for label in labels)
        return found


def _start_end(match: tuple[str, int, int]) -> tuple[int, int]:
    return match[1], match[2]


# Phrases tokenised together are joined by a line break: a whitespace token of its own, which no
# special case spans, so each phrase splits as it would alone (see `_tokenize_together`).
SEPARATOR = "\n"
BATCH_PHRASES = 1000  # phrases per Doc: bounded, well inside the pipeline's max_length
_ONE_LINE = re.compile(r"\S+(?: \S+)*")  # words joined by single spaces: nothing to merge with SEPARATOR


def phrase_tokens(nlp: Language, phrases: Iterable[str], attr: str = "LOWER") -> list[tuple[str, ...]]:
    """Each phrase as the tokenizer splits it, as its tokens' LOWER (or ORTH) strings.

    Plain lower-case words are only split at spaces, unless a word is a tokenizer special case
    ("im" -> "i" "m"); everything else goes through the tokenizer. The tokenizer's cache is kept
    out of it: spaCy stops caching once full, and with 60,000 phrases in it no article word would be
    cached (issue 3).
    """
    special = nlp.tokenizer.rules or {}
    # Speed (issue 3): the KB's 5,000 other phrases cost a Doc each; joined into a few Docs they
    # split the same, for a third less (only when no special case could span the separator).
    together = special.get(SEPARATOR) is not None and not any(SEPARATOR in rule for rule in special if rule != SEPARATOR)
    cache_size, nlp.tokenizer.max_cache_size = nlp.tokenizer.max_cache_size, 0
    try:
        out: list[tuple[str, ...]] = []
        batch: list[str] = []  # phrases for the tokenizer, and where their tokens go in `out`
        slots: list[int] = []
        plain, one_line, no_special = _PLAIN_PHRASE.match, _ONE_LINE.fullmatch, special.keys().isdisjoint
        for phrase in phrases:
            words = phrase.split(" ")
            if plain(phrase) and no_special(words):
                out.append(tuple(words))
            elif together and one_line(phrase):
                slots.append(len(out))
                out.append(())
                batch.append(phrase)
            else:
                out.append(tuple(token_strings(nlp.make_doc(phrase), attr)))
        for start in range(0, len(batch), BATCH_PHRASES):
            part = batch[start : start + BATCH_PHRASES]
            for slot, tokens in zip(slots[start : start + BATCH_PHRASES], _tokenize_together(nlp, part, attr)):
                out[slot] = tokens
        return out
    finally:
        nlp.tokenizer.max_cache_size = cache_size


def _tokenize_together(nlp: Language, phrases: list[str], attr: str) -> list[tuple[str, ...]]:
    """Each phrase's token strings, from one Doc of all of them joined by SEPARATOR.

    The tokenizer splits a text at whitespace and each piece on its own; only its special-case
    pass looks across pieces, for a special case's tokens, and none holds a SEPARATOR token.
    A phrase (one line, no space at either end) adds no whitespace to a SEPARATOR either.
    """
    out: list[tuple[str, ...]] = []
    tokens: list[str] = []
    for word in token_strings(nlp.make_doc(SEPARATOR.join(phrases)), attr):
        if word == SEPARATOR:  # no phrase token is: a token is a substring of its phrase
            out.append(tuple(tokens))
            tokens = []
        else:
            tokens.append(word)
    out.append(tuple(tokens))
    if len(out) != len(phrases):  # cannot happen (see above); never guess
        return [tuple(token_strings(nlp.make_doc(phrase), attr)) for phrase in phrases]
    return out


class _Strings(dict):  # type: ignore[type-arg]
    """Hash -> string of a StringStore, filled on first use (a dict lookup is ~5x a StringStore's)."""

    def __init__(self, strings: object) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        value = self[key] = self.strings[key]  # type: ignore[index]
        return value


STRINGS_MAX = 1_000_000  # hashes remembered; bounded so a long run does not grow it forever
_strings: _Strings | None = None
# The last Doc's strings: the actor and event stages both read an article's lower-case words
# (a strong reference, so the identity check cannot be fooled by a recycled id).
_last: tuple[Doc, str, list[str]] | None = None


def token_strings(doc: Doc, attr: str = "LOWER", remember: bool = True) -> list[str]:
    """Every token's LOWER (or ORTH) string, read in one `to_array` call (no Token objects).

    ``remember=False`` for a short-lived Doc (a clause, a phrase) read between an article's stages:
    it must not replace the article's words that the next stage asks for again."""
    from spacy.attrs import IDS

    global _strings, _last
    if _last is not None and _last[0] is doc and _last[1] == attr:
        return _last[2]
    if _strings is None or _strings.strings is not doc.vocab.strings or len(_strings) > STRINGS_MAX:
        _strings = _Strings(doc.vocab.strings)
    words = list(map(_strings.__getitem__, doc.to_array(IDS[attr]).tolist())) if len(doc) else []
    if remember:
        _last = (doc, attr, words)
    return words


def share_token_strings(doc: Doc, words: list[str], attr: str = "LOWER") -> None:
    """Let `token_strings(doc, attr)` answer ``words``, which a caller read from the same Doc by
    other means (the actor resolver, from its word cache: issue 3), so the event stage after it
    needs no `to_array` of its own."""
    global _last
    _last = (doc, attr, words)


# The columns the sentence splitter and the actor resolver read, in this order.
TOKEN_COLUMNS = ("IDX", "IS_PUNCT", "ORTH", "SENT_START")
COLUMN_IDX, COLUMN_IS_PUNCT, COLUMN_ORTH, COLUMN_SENT_START = range(len(TOKEN_COLUMNS))
_last_array: tuple[Doc, numpy.ndarray, list[int]] | None = None


def token_array(doc: Doc) -> tuple[numpy.ndarray, list[int]]:
    """``doc.to_array(TOKEN_COLUMNS)`` and its IDX column as a list, read once per Doc.

    Speed (issue 3): the sentence splitter and then the actor resolver read the same article's
    tokens; one `to_array` call serves both (a strong reference to the last Doc, as for
    `token_strings`)."""
    global _last_array
    if _last_array is not None and _last_array[0] is doc:
        return _last_array[1], _last_array[2]
    array = doc.to_array(list(TOKEN_COLUMNS))
    idx: list[int] = array[:, COLUMN_IDX].tolist()
    _last_array = (doc, array, idx)
    return array, idx
