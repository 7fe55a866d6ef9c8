"""The report record: assessments plus the appendix of every sentence they cite (render's input).

The renderer (:mod:`faultline.render`) takes this plain, JSON-ready dict and writes HTML, Markdown or
JSON; the contract of its keys is documented there. Here we only gather, per article, the cited
sentences and the spans to mark in them, so every quote of the report links to its place.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

REPORT_TITLE = "Faultline assessment"


def report_record(assessments: list[dict[str, Any]], store: str, title: str = REPORT_TITLE) -> dict[str, Any]:
    articles: dict[str, dict[str, Any]] = {}
    marks: dict[tuple[str, str], set[tuple[int, int]]] = {}

    def cite(article_id: str, sentence_id: str, text: str, meta: dict[str, Any], span: tuple[int, int] | None) -> None:
        article = articles.setdefault(
            article_id,
            {"id": article_id, "title": meta.get("title"), "outlet": meta.get("outlet"), "published": meta.get("published"), "url": meta.get("url"), "sentences": {}},
        )
        for key in ("title", "outlet", "published", "url"):
            if article[key] is None and meta.get(key) is not None:
                article[key] = meta[key]
        article["sentences"].setdefault(sentence_id, text)
        spans = marks.setdefault((article_id, sentence_id), set())
        if span and 0 <= span[0] < span[1] <= len(text):
            spans.add(span)

    for record in assessments:
        for e in record["evidence"]:
            cite(e["article_id"], e["sentence_id"], e["quote"], e, (e["start"], e["end"]))
        for row in record["timeline"]:
            cite(row["article_id"], row["sentence_id"], row["quote"], row, None)
        for item in (record.get("ach") or {}).get("items", []):
            article_id = item["sentence_id"].split(":")[0]
            cite(article_id, item["sentence_id"], item["quote"], {}, None)
    return {
        "title": title,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "store": store,
        "assessments": assessments,
        "articles": [
            {
                **{k: v for k, v in article.items() if k != "sentences"},
                "sentences": [
                    {"id": sid, "text": text, "marks": [list(m) for m in sorted(marks.get((aid, sid), ()))]}
                    for sid, text in sorted(article["sentences"].items(), key=lambda kv: _order(kv[0]))
                ],
            }
            for aid, article in articles.items()
        ],
    }


def _order(sentence_id: str) -> tuple[str, int]:
    head, _, tail = sentence_id.rpartition(":")
    return (head, int(tail)) if tail.isdigit() else (sentence_id, -1)
