"""Which stored articles bear on a question, how each is dated for --as-of, and what is left out."""

from __future__ import annotations

from datetime import date

from faultline.assess.corpus import Corpus, bundle_of, load_corpus
from faultline.assess.questions import make_question
from faultline.store.db import Store
from tests.assess.conftest import DEPLOY, INVADE, TITLES, article_id

JOIN = make_question("BLR", "join-war", "UKR")


def titles(corpus: Corpus) -> list[str]:
    return [b.title for b in corpus.bundles]


def test_a_question_reads_the_articles_naming_its_actor_and_target_or_staging_country(store: Store) -> None:
    corpus = load_corpus(store, [INVADE])
    # By date (published, else the latest date mentioned), then id; the grain story names Russia only;
    # the Baltic Ledger copy of the first Reuters story is left out.
    assert titles(corpus) == [TITLES[s] for s in ("reuters_0303", "kremlin_watch", "courier", "undated", "reuters_0320")]
    assert [b.dated for b in corpus.bundles] == [date(2025, 3, 3), date(2025, 3, 8), date(2025, 3, 10), date(2025, 3, 12), date(2025, 3, 20)]
    assert dict(corpus.left_out) == {"duplicate of an article already counted": 1}
    assert corpus.examples == {"duplicate of an article already counted": [f"{article_id(store, 'ledger_copy')} {TITLES['ledger_copy']}"]}


def test_an_undated_article_is_dated_by_the_latest_date_it_mentions(store: Store) -> None:
    undated = next(b for b in load_corpus(store, [INVADE]).bundles if b.id == article_id(store, "undated"))
    assert (undated.published, undated.dated, undated.outlet, undated.url) == (None, date(2025, 3, 12), "", "")
    reuters = next(b for b in load_corpus(store, [INVADE]).bundles if b.id == article_id(store, "reuters_0303"))
    assert (reuters.published, reuters.dated) == (date(2025, 3, 3), date(2025, 3, 3))  # it mentions 2020, its date wins


def test_a_bundle_carries_sentences_with_their_actors_claims_and_events(store: Store) -> None:
    courier = next(b for b in load_corpus(store, [INVADE]).bundles if b.id == article_id(store, "courier"))
    assert (courier.title, courier.outlet, courier.url) == (TITLES["courier"], "Minsk Courier", "https://minskcourier.example/2025/03/10/isolation")
    assert [(s.id, s.idx, s.text) for s in courier.sentences] == [
        (f"{courier.id}:0", 0, "A Russian invasion of Ukraine launched from Belarus would bring devastating sanctions on Minsk."),
        (f"{courier.id}:1", 1, "Belarus would also face diplomatic isolation after an invasion of Ukraine from its territory."),
        (f"{courier.id}:2", 2, "The government in Kyiv has moved national guard units along the border with Belarus to answer any invasion."),
    ]
    assert [sorted(s.actors) for s in courier.sentences] == [["BLR", "RUS", "UKR"], ["BLR", "UKR"], ["BLR", "UKR"]]
    assert courier.actors == frozenset({"BLR", "RUS", "UKR"})
    text = "\n\n".join(s.text for s in courier.sentences)
    assert all(text[s.start : s.end] == s.text for s in courier.sentences)  # offsets into the article text
    assert {e["sentence_id"] for e in courier.events} <= {s.id for s in courier.sentences}
    assert all(c["article_id"] == courier.id for c in courier.claims)


def test_several_questions_read_each_article_once(store: Store) -> None:
    corpus = load_corpus(store, [INVADE, DEPLOY, JOIN])
    ids = [b.id for b in corpus.bundles]
    assert len(ids) == len(set(ids)) == 5
    assert dict(corpus.left_out) == {"duplicate of an article already counted": 1}
    # The deployment question alone finds the same five: all name Russia and Belarus.
    assert titles(load_corpus(store, [DEPLOY])) == titles(corpus)


def test_belarus_joining_a_war_needs_articles_naming_belarus_and_ukraine(store: Store) -> None:
    assert titles(load_corpus(store, [JOIN])) == [TITLES[s] for s in ("reuters_0303", "courier", "undated", "reuters_0320")]


def test_up_to_keeps_the_articles_dated_by_then(store: Store) -> None:
    corpus = load_corpus(store, [INVADE])
    assert len(corpus.up_to(None)) == 5
    assert [b.title for b in corpus.up_to(date(2025, 3, 10))] == [TITLES[s] for s in ("reuters_0303", "kremlin_watch", "courier")]
    assert corpus.up_to(date(2025, 3, 2)) == []


def test_bundle_of_reads_any_stored_article(store: Store) -> None:
    grain = bundle_of(store, article_id(store, "grain"))
    assert grain is not None and grain.title == TITLES["grain"]
    assert grain.actors == frozenset({"RUS"})
    assert bundle_of(store, "0000000000000000") is None


def test_an_empty_store_gives_an_empty_corpus() -> None:
    with Store.open(":memory:") as empty:
        corpus = load_corpus(empty, [INVADE])
    assert (corpus.bundles, dict(corpus.left_out)) == ([], {})
