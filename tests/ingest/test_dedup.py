from faultline.ingest.dedup import Deduplicator, shingles, signature_values
from faultline.records import Article, article_id, normalise_for_hash, stable_hash

BASE = (
    "Belarus's defence minister said on Friday that all Russian units taking part in the joint exercises "
    "would return to their bases after the drills end. The minister told reporters in Minsk that the drills "
    "were purely defensive and that Belarus had no intention of taking part in any conflict with Ukraine. "
    "A NATO official said the alliance estimated that thirty thousand Russian troops were in Belarus."
)


def _minhash(dedup: Deduplicator, article: Article):  # type: ignore[no-untyped-def]
    """As the ingest job does it: values computed (in a worker), the MinHash rebuilt from them."""
    return dedup.from_values(signature_values(article.text, dedup.num_perm, dedup.shingle_size))


def _article(text: str, url: str) -> Article:
    return Article(id=article_id(text, url), source_path="t", url=url, paragraphs=[text],
                   text_hash=stable_hash(normalise_for_hash(text)))


def test_shingles_are_word_ngrams() -> None:
    assert shingles("One two, three four", 3) == [b"one two three", b"two three four"]
    assert shingles("Too short", 5) == [b"too short"]
    assert shingles("", 5) == []


def test_new_repeat_exact_and_near() -> None:
    dedup = Deduplicator(num_perm=128, threshold=0.8, shingle_size=5)
    first = _article(BASE, "https://a.example/1")
    same = _article(BASE, "https://a.example/1")
    moved = _article(BASE, "https://b.example/copy")
    syndicated = _article(BASE + " The ministry published no figures of its own.", "https://c.example/wire")
    other = _article("Talks between the two foreign ministers in Geneva ended without agreement on Tuesday, "
                     "and neither side said when they would meet again or what might be discussed.", "https://d.example")
    verdicts = []
    for article in (first, same, moved, syndicated, other):
        decision = dedup.decide(article, _minhash(dedup, article))
        verdicts.append((decision.verdict, decision.owner))
    assert verdicts == [
        ("new", None),
        ("repeat", first.id),
        ("exact", first.id),
        ("near", first.id),
        ("new", None),
    ]


def test_stored_signatures_are_found_again() -> None:
    stored = Deduplicator(num_perm=64, threshold=0.8, shingle_size=5)
    first = _article(BASE, "https://a.example/1")
    signature = _minhash(stored, first)
    assert signature is not None
    fresh = Deduplicator(num_perm=64, threshold=0.8, shingle_size=5)
    fresh.load([(first.id, signature.hashvalues.tolist())])
    copy = _article(BASE + " Nothing else was said.", "https://e.example/x")
    assert fresh.decide(copy, _minhash(fresh, copy)).owner == first.id


def test_short_texts_are_compared_exactly_only() -> None:
    dedup = Deduplicator(num_perm=64, threshold=0.8, shingle_size=5)
    assert _minhash(dedup, _article("The presidents spoke by phone on Monday.", "u")) is None
