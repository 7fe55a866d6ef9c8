"""What an assessment reads from the store: the articles that bear on a question, as linker bundles.

An article bears on a question when its body mentions the question's actor and its target or staging
country; duplicates (syndicated or repeated copies) are left out, their originals count once. Each
article carries its date for ``--as-of``: the publication date, or for an article that prints none
(seed 003) the latest date it mentions, since it cannot have been written before what it reports.
Everything left out is counted with its reason for the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from faultline.assess.link import Bundle, LinkSentence
from faultline.assess.questions import Question
from faultline.store.db import Store

# Articles are read in chunks of this many ids: bounded memory on a large store.
CHUNK = 500

# The latest date an article mentions: its time expressions' starts, and the fully dated mention that
# anchored them when it printed no date of its own (a caption's "Sept. 9, 2021", issue 3).
LATEST = "greatest(max(value_start), max(TRY_CAST(nullif(anchor, '') AS DATE)))"
_CANDIDATES = f"""
WITH latest AS (SELECT article_id, {LATEST} AS latest_mentioned FROM time_expressions GROUP BY article_id)
SELECT a.id, a.title, a.outlet, a.url, a.published, a.duplicate_of, l.latest_mentioned
FROM articles a LEFT JOIN latest l ON l.article_id = a.id
WHERE EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND m.block = 'body' AND m.actor = $actor)
  AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id AND m.block = 'body' AND m.actor IN ($target, $via))
ORDER BY coalesce(a.published, l.latest_mentioned), a.id
"""
_IDS = "(SELECT unnest(CAST($ids AS VARCHAR[])))"
_SENTENCES = f'SELECT id, article_id, idx, "start", "end", text FROM sentences WHERE article_id IN {_IDS} ORDER BY article_id, idx'
_MENTIONS = f"SELECT sentence_id, actor FROM mentions WHERE article_id IN {_IDS} AND block = 'body' AND actor IS NOT NULL"
_CLAIMS = f'SELECT * FROM claims WHERE article_id IN {_IDS} ORDER BY article_id, "start"'
_EVENTS = f'SELECT * FROM events WHERE article_id IN {_IDS} ORDER BY article_id, "start"'


@dataclass(slots=True)
class Corpus:
    """The bundles of a question and what was left out of it, by reason."""

    bundles: list[Bundle] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def leave_out(self, reason: str, example: str) -> None:
        self.left_out[reason] += 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < 3:
            shown.append(example)

    def up_to(self, as_of: date | None) -> list[Bundle]:
        """The bundles an assessment as of a date may use (all of them without a date)."""
        if as_of is None:
            return list(self.bundles)
        return [b for b in self.bundles if b.dated is not None and b.dated <= as_of]


def load_corpus(store: Store, questions: list[Question]) -> Corpus:
    """Bundles of every article relevant to any of ``questions`` (each article once)."""
    corpus = Corpus()
    seen: set[str] = set()
    metas: list[dict] = []
    for question in questions:
        rows = store.query(_CANDIDATES, {"actor": question.actor, "target": question.target, "via": question.via or question.target})
        for row in rows:
            if row["id"] in seen:
                continue
            seen.add(row["id"])
            label = f"{row['id']} {row['title'] or '(untitled)'}"
            if row["duplicate_of"]:
                corpus.leave_out("duplicate of an article already counted", label)
                continue
            metas.append(row)
    for start in range(0, len(metas), CHUNK):
        corpus.bundles.extend(_bundles(store, metas[start : start + CHUNK]))
    return corpus


def bundle_of(store: Store, article_id: str) -> Bundle | None:
    """One article's bundle, whatever it mentions (an analyst may cite any stored article)."""
    rows = store.query(
        "SELECT a.id, a.title, a.outlet, a.url, a.published, a.duplicate_of, "
        f"(SELECT {LATEST} FROM time_expressions t WHERE t.article_id = $id) AS latest_mentioned "
        "FROM articles a WHERE a.id = $id",
        {"id": article_id},
    )
    return _bundles(store, rows)[0] if rows else None


def _bundles(store: Store, metas: list[dict]) -> list[Bundle]:
    ids = [m["id"] for m in metas]
    actors: dict[str, set[str]] = {}
    for row in store.query(_MENTIONS, {"ids": ids}):
        actors.setdefault(row["sentence_id"], set()).add(row["actor"])
    bundles = {
        m["id"]: Bundle(
            id=m["id"],
            title=m["title"] or "",
            outlet=m["outlet"] or "",
            url=m["url"] or "",
            published=m["published"],
            dated=m["published"] or m["latest_mentioned"],
        )
        for m in metas
    }
    for row in store.query(_SENTENCES, {"ids": ids}):
        bundles[row["article_id"]].sentences.append(
            LinkSentence(row["id"], row["idx"], row["start"], row["end"], row["text"], frozenset(actors.get(row["id"], ())))
        )
    for row in store.query(_CLAIMS, {"ids": ids}):
        bundles[row["article_id"]].claims.append(row)
    for row in store.query(_EVENTS, {"ids": ids}):
        bundles[row["article_id"]].events.append(row)
    return [bundles[i] for i in ids]
