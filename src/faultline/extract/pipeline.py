"""One article through annotation and extraction: sentences, mentions, times, quantities, claims, events.

A pure function of the Article (and the knowledge base), so the ingest job can run it in worker
processes. Each step is its own module; this one only wires them in the order their inputs need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from faultline.records import Article, Claim, Event, Mention, Quantity, Sentence, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one article."""

    article_id: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    anchor: str = ""
    anchor_inferred: bool = False


# Removed blocks whose mentions are still evidence: a caption names the aircraft in the photo.
ANNOTATED_REMOVED = ("image caption",)


def link_mentions(
    article_id: str, text: str | Doc, sentences: list[Sentence], date: str, kb_dirs: tuple[Path, ...], block: str = "body"
) -> list[Mention]:
    """Actor mentions of a text as Mention records, each assigned to the sentence that holds it (or to
    its removed block). Also what the PLOVER evaluation and the tests use to resolve mentions."""
    from faultline.nlp.actors import resolver_for

    found = resolver_for(kb_dirs).mentions(text, date=date or None)
    result: list[Mention] = []
    k = 0
    for m in sorted(found, key=lambda m: m.start):
        while k < len(sentences) - 1 and sentences[k].end <= m.start:
            k += 1
        result.append(
            Mention(
                article_id=article_id,
                sentence_id=sentences[k].id if sentences else f"{article_id}:{block}",
                start=m.start,
                end=m.end,
                text=m.text,
                kind=m.kind,
                actor=m.actor,
                sector=m.sector,
                entity=m.entity,
                sector2=m.sector2,
                rule=m.via,
                weapon_type=m.weapon_type,
                operators=list(m.operators),
                block=block,
            )
        )
    return result


def _caption_mentions(article: Article, date: str, kb_dirs: tuple[Path, ...]) -> list[Mention]:
    mentions: list[Mention] = []
    for k, block in enumerate(article.removed):
        if block.reason.startswith(ANNOTATED_REMOVED):
            mentions.extend(link_mentions(article.id, block.text, [], date, kb_dirs, block=f"removed:{k}"))
    return mentions


def extract_article(article: Article, kb_dirs: tuple[Path, ...] = ()) -> Extraction:
    """Annotate and extract one article (its clean text; dates anchored on publication or the text)."""
    from faultline.extract.claims import find_claims
    from faultline.extract.conflicts import link_conflicts
    from faultline.extract.events import find_events
    from faultline.nlp.quantities import find_quantities
    from faultline.nlp.sentences import split_sentences
    from faultline.nlp.timex import choose_anchor, find_times
    from faultline.nlp.tokenizer import shared_nlp

    text = article.text
    doc = shared_nlp().make_doc(text)  # tokenised once, shared by sentences, mentions and events
    sentences = split_sentences(article.id, text, doc)
    anchor, inferred = choose_anchor(article.published, [text, *(r.text for r in article.removed)])
    mentions = link_mentions(article.id, doc, sentences, anchor, kb_dirs)
    times = find_times(article.id, text, sentences, anchor, inferred)
    quantities = find_quantities(article.id, text, sentences)
    claims = find_claims(article.id, text, sentences, mentions, quantities)
    link_conflicts(claims)
    events = find_events(article.id, text, sentences, mentions, times, doc)
    mentions += _caption_mentions(article, anchor, kb_dirs)
    return Extraction(article.id, sentences, mentions, times, quantities, claims, events, anchor, inferred)
