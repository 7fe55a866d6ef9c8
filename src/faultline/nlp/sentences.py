"""Sentences with character offsets into the article text, never crossing a paragraph break.

spaCy's rule-based sentencizer over the blank English tokenizer: the tokenizer's exceptions keep
"Jan.", "U.S.", "Mr." and "p.m." whole, so they do not end sentences.

Speed (issue 3): the sentencizer's rule runs here over the Doc's token arrays, and sentences are
cut from the text at token offsets; calling the pipe and reading `doc.sents` builds a Token and a
Span per token and sentence, which cost more than tokenising. The boundaries are the pipe's own
(its punctuation set and `overwrite` setting are read from it).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

from faultline.nlp.phrases import token_array
from faultline.nlp.tokenizer import shared_nlp
from faultline.records import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

PARAGRAPH_BREAK = "\n\n"


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of an `Article.text` (paragraphs joined by a blank line)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for paragraph in text.split(PARAGRAPH_BREAK):
        if paragraph.strip():
            spans.append((start, start + len(paragraph)))
        start += len(paragraph) + len(PARAGRAPH_BREAK)
    return spans


def split_sentences(article_id: str, text: str, doc: Doc | None = None) -> list[Sentence]:
    """Every sentence of `text`, in order, with offsets such that text[start:end] == sentence.text.

    `doc` is `text` already tokenised by `shared_nlp().make_doc` (the pipeline tokenises once).
    """
    doc = doc if doc is not None else shared_nlp().make_doc(text)
    if not len(doc):
        return []
    tokens = _Tokens(doc, text)
    starts = tokens.sentence_starts()
    for start, end in paragraph_spans(text)[1:]:  # a paragraph always starts a sentence, headline or not
        first, last = tokens.expand(start, end)
        if first >= 0 and last >= first:
            starts.add(first)
    bounds = sorted(starts - {0})
    sentences: list[Sentence] = []
    for a, b in zip([0, *bounds], [*bounds, len(doc)]):
        raw = text[tokens.idx[a] : tokens.end(b - 1)]  # what Span.text would be
        chunk = raw.strip()
        if not chunk:
            continue
        offset = tokens.idx[a] + len(raw) - len(raw.lstrip())
        sentences.append(Sentence(article_id, len(sentences), offset, offset + len(chunk), chunk))
    return sentences


@lru_cache(maxsize=1)
def _sentencizer() -> tuple[frozenset[int], bool, bool]:
    """The sentencizer's sentence-final punctuation (as ORTH ids), whether each of those is also
    punctuation (IS_PUNCT: then only punctuation tokens need looking at), and its `overwrite`."""
    nlp = shared_nlp()
    pipe = nlp.get_pipe("sentencizer")
    final = frozenset(nlp.vocab.strings.add(c) for c in pipe.punct_chars)
    return final, all(nlp.vocab[c].is_punct for c in pipe.punct_chars), bool(pipe.overwrite)


class _Tokens:
    """A Doc's token offsets and the attributes the sentence rule reads, in one `to_array` call."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        # columns IDX, IS_PUNCT, ORTH, SENT_START, read once for this and the actor resolver (issue 3)
        self.array, self.idx = token_array(doc)
        # tokens and their trailing spaces tile the text: token i covers up to where i + 1 starts
        self.cover = [*self.idx[1:], len(text)]

    def end(self, i: int) -> int:
        """End of token i's text (its trailing space left out)."""
        return self.idx[i] + len(self.doc.vocab.strings[int(self.array[i, 2])])

    def sentence_starts(self) -> set[int]:
        """Tokens the sentencizer makes sentence starts: the first, and a token that is not
        punctuation after sentence-final punctuation (and any punctuation following it). With the
        pipe's `overwrite` off, starts the Doc already carries are kept, as the pipe keeps them."""
        import numpy as np

        final_orths, all_punct, overwrite = _sentencizer()
        punct = self.array[:, 1] != 0
        orth = self.array[:, 2]
        candidates = np.flatnonzero(punct) if all_punct else np.arange(len(orth))
        final = np.zeros(len(orth), dtype=bool)
        final[[i for i, o in zip(candidates.tolist(), orth[candidates].tolist()) if o in final_orths]] = True
        word = ~final & ~punct
        # a word starts a sentence when sentence-final punctuation came since the previous word
        seen = np.cumsum(final)
        at = np.flatnonzero(word)
        finals_before = seen[at]
        guess = np.zeros(len(final), dtype=bool)
        guess[0] = True
        guess[at[finals_before - np.concatenate(([0], finals_before[:-1])) > 0]] = True
        if not overwrite:
            # SENT_START reads back unsigned: 1 is a start, 0 unset, anything else (-1) not a start
            given = self.array[:, 3]
            guess = (given == 1) | ((given == 0) & guess)
        return set(np.flatnonzero(guess).tolist())

    def token_by_char(self, char: int) -> int:
        """The token covering `char`, its trailing space included (as `Doc.char_span` finds it); -1 if none."""
        i = bisect_right(self.idx, char) - 1
        return i if i >= 0 and char < self.cover[i] else -1

    def expand(self, start: int, end: int) -> tuple[int, int]:
        """First and last token of `Doc.char_span(start, end, alignment_mode="expand")`: a start on a
        token's trailing space belongs to the next token. (-1, -1) when there is no span."""
        first = self.token_by_char(start)
        last = self.token_by_char(end - 1)
        if first < 0 or last < 0:
            return -1, -1
        if start == self.end(first):
            first += 1
        return first, last
