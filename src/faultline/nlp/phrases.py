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
from itertools import compress, pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
        single, phrases, pairs = self._single, self._phrases, self._pairs
        n = len(words)
        found = [
            (label, i, i + 1)
            for i in compress(range(n), map(single.__contains__, words))
            for label in single[words[i]]
        ]
        starts = list(compress(range(n), map(pairs.__contains__, pairwise(words))))
        if not starts:
            return found
        for i in starts:
            for size in pairs[words[i], words[i + 1]]:
                if i + size > n:
                    break
                labels = phrases.get(tuple(words[i : i + size]))
                if labels is not None:
                    found.extend((label, i, i + size) for label in labels)
        found.sort(key=_start_end)
        return found


def _start_end(match: tuple[str, int, int]) -> tuple[int, int]:
    return match[1], match[2]


def phrase_tokens(nlp: Language, phrases: Iterable[str], attr: str = "LOWER") -> list[tuple[str, ...]]:
    """Each phrase as the tokenizer splits it, as its tokens' LOWER (or ORTH) strings.

    Plain lower-case words are only split at spaces, unless a word is a tokenizer special case
    ("im" -> "i" "m"); everything else goes through the tokenizer. The tokenizer's cache is kept
    out of it: spaCy stops caching once full, and with 60,000 phrases in it no article word would be
    cached (issue 3).
    """
    special = nlp.tokenizer.rules or {}
    cache_size, nlp.tokenizer.max_cache_size = nlp.tokenizer.max_cache_size, 0
    try:
        out = []
        for phrase in phrases:
            words = phrase.split(" ")
            if _PLAIN_PHRASE.match(phrase) and not any(w in special for w in words):
                out.append(tuple(words))
            else:
                out.append(tuple(token_strings(nlp.make_doc(phrase), attr)))
        return out
    finally:
        nlp.tokenizer.max_cache_size = cache_size


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


def token_strings(doc: Doc, attr: str = "LOWER") -> list[str]:
    """Every token's LOWER (or ORTH) string, read in one `to_array` call (no Token objects)."""
    from spacy.attrs import IDS

    global _strings, _last
    if _last is not None and _last[0] is doc and _last[1] == attr:
        return _last[2]
    if _strings is None or _strings.strings is not doc.vocab.strings or len(_strings) > STRINGS_MAX:
        _strings = _Strings(doc.vocab.strings)
    words = list(map(_strings.__getitem__, doc.to_array(IDS[attr]).tolist())) if len(doc) else []
    _last = (doc, attr, words)
    return words
