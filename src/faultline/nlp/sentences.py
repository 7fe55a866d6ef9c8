"""Sentences with character offsets into the article text, never crossing a paragraph break.

spaCy's rule-based sentencizer over the blank English tokenizer: the tokenizer's exceptions keep
"Jan.", "U.S.", "Mr." and "p.m." whole, so they do not end sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from faultline.nlp.tokenizer import shared_nlp
from faultline.records import Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PARAGRAPH_BREAK = "\n\n"


def sentence_nlp() -> Language:
    return shared_nlp()


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
    nlp = sentence_nlp()
    doc = nlp.get_pipe("sentencizer")(doc if doc is not None else nlp.make_doc(text))
    for start, end in paragraph_spans(text)[1:]:  # a paragraph always starts a sentence, headline or not
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            doc[span.start].is_sent_start = True
    sentences: list[Sentence] = []
    for sent in doc.sents:
        chunk = sent.text.strip()
        if not chunk:
            continue
        offset = sent.start_char + len(sent.text) - len(sent.text.lstrip())
        sentences.append(Sentence(article_id, len(sentences), offset, offset + len(chunk), chunk))
    return sentences
