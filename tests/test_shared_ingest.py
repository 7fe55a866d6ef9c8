"""Issue 2's acceptance on the shared data: the two seed articles and the official-releases corpus.

Skipped where ../shared is absent (a user's fresh clone).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from faultline.ingest.metadata import title_from_url
from faultline.ingest.run import ingest
from faultline.store.db import Store

from tests.conftest import shared_path
from tests.test_cli import run


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    db = str(tmp_path_factory.mktemp("seeds") / "seeds.duckdb")
    assert run("--db", db, "ingest", str(shared_path("seeds"))).returncode == 0
    exported = run("--db", db, "export", "articles", "--format", "jsonl")
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    return {Path(row["source_path"]).name[:3]: row for row in rows}


def test_foreign_policy_seed(seeds: dict[str, dict]) -> None:
    fp = seeds["003"]
    assert fp["title"] == "Russia May Send Troops to Belarus Soon"
    assert fp["subtitle"] == "Minsk is cautious of being used as a staging ground for an attack on Ukraine."
    assert fp["authors"] == [{"name": "Eugene Chausovsky", "affiliation": "Newlines Institute"}]
    assert fp["outlet"] == "Foreign Policy"
    assert fp["published"] == ""
    body = fp["text"]
    assert body.count("As the West continues to fear") == 1
    assert "Chausovsky previously served" not in body
    for gone in ("hold a press conference in Moscow", "Join the Conversation", "Already a subscriber", "Not your account?",
                 "You are commenting as", "More from Foreign Policy", "Netflix", "Boom Business Goes Bust"):
        assert gone not in body, gone
    assert body.endswith("not for the reason that many people in Ukraine and the West fear.")
    removed = {r["text"]: r["reason"] for r in fp["removed"]}
    caption = next(t for t in removed if "Sept. 9, 2021" in t)
    assert removed[caption] == "image caption"
    assert removed["By , a senior analyst at the Newlines Institute."] == "empty byline"


def test_moscow_times_seed(seeds: dict[str, dict]) -> None:
    mt = seeds["000"]
    assert mt["title"].lower() == "where does belarus stand in the russia-west standoff"
    assert mt["subtitle"] == "Belarusian territory has simply become a staging area for the Russian army."
    assert mt["outlet"] == "The Moscow Times"
    assert mt["published"] == "2022-02-15"
    assert mt["url"] == "https://www.themoscowtimes.com/2022/02/15/where-does-belarus-stand-in-the-russia-west-standoff-a76386"
    assert mt["syndicated_from"] == "Carnegie Moscow Center"
    assert mt["authors"] == []
    reasons = [(r["reason"], r["text"][:30]) for r in mt["removed"]]
    assert ("image caption", "Su-30SM fighters of the Russia") in reasons
    assert [r for r, _ in reasons].count("related-article insert") == 2
    assert ("disclaimer", "The views expressed in opinion") in reasons
    body = mt["text"]
    for gone in ("Su-30SM fighters of the Russian Air Force", "Related article", "views expressed"):
        assert gone not in body
    assert "the number of Russian troops in Belarus constitutes a post-Soviet record." in mt["paragraphs"][1]
    assert all(p.rstrip()[-1] in ".?!”\"" for p in mt["paragraphs"])  # no paragraph breaks mid-sentence


def test_official_releases_are_all_accounted_for(tmp_path: Path, settings: dict[str, object]) -> None:
    corpus = shared_path("corpus", "official_releases.jsonl.gz")
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    with Store.open(tmp_path / "official.duckdb") as store:
        first = ingest([corpus], store, settings)
        assert first.records == len(records) == 2087
        assert first.stored + first.repeats + first.rejected_total == 2087
        assert set(first.rejected) == {"not-article/index-page", "not-article/site-page"}
        assert first.rejected["not-article/index-page"] == 5
        stored = {a["id"]: store.get_article(a["id"]) for a in store.list_articles(limit=10_000)}
        assert len(stored) == first.stored
        by_source = {a.source_path: a for a in stored.values()}
        for line, record in enumerate(records, start=1):
            article = by_source.get(f"{corpus}:{line}")
            if article is None:
                continue
            expected = " ".join(record["title"].split()) or title_from_url(record["url"])
            assert article.title == expected
            assert article.outlet == record["outlet"] and article.url == record["url"]
            assert article.published and article.published_from == "meta"
        second = ingest([corpus], store, settings)
        assert second.stored == 0 and store.count("articles") == first.stored
        assert second.repeats == first.stored + first.repeats
