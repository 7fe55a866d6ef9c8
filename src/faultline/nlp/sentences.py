"""Sentences with character offsets into the article text, never crossing a paragraph break.

spaCy's rule-based sentencizer over the blank English tokenizer: the tokenizer's exceptions keep
"Jan.", "U.S.", "Mr." and "p.m." whole, so they do not end sentences.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from faultline.records import Sentence

if TYPE_CHECKING:
    from spacy.language import Language

PARAGRAPH_BREAK = "\n\n"


@lru_cache(maxsize=1)
def sentence_nlp() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of an `Article.text` (paragraphs joined by a blank line)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for paragraph in text.split(PARAGRAPH_BREAK):
        if paragraph.strip():
            spans.append((start, start + len(paragraph)))
        start += len(paragraph) + len(PARAGRAPH_BREAK)
    return spans


def split_sentences(article_id: str, text: str) -> list[Sentence]:
    """Every sentence of `text`, in order, with offsets such that text[start:end] == sentence.text."""
    nlp = sentence_nlp()
    sentences: list[Sentence] = []
    spans = paragraph_spans(text)
    for (start, end), doc in zip(spans, nlp.pipe(text[s:e] for s, e in spans)):
        for sent in doc.sents:
            chunk = sent.text.strip()
            if not chunk:
                continue
            offset = start + sent.start_char + len(sent.text) - len(sent.text.lstrip())
            sentences.append(Sentence(article_id, len(sentences), offset, offset + len(chunk), chunk))
    return sentences
