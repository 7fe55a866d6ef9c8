import re
import zlib

from datasketch import MinHash

from faultline.ingest.dedup import SCHEME, Deduplicator, permutations
from faultline.ingest.signature import BLOCK, shingle_hashes, signature_values
from faultline.records import Article, article_id, normalise_for_hash, stable_hash

BASE = (
    "Belarus's defence minister said on Friday that all Russian units taking part in the joint exercises "
    "would return to their bases after the drills end. The minister told reporters in Minsk that the drills "
    "were purely defensive and that Belarus had no intention of taking part in any conflict with Ukraine. "
    "A NATO official said the alliance estimated that thirty thousand Russian troops were in Belarus."
)


def _minhash(dedup: Deduplicator, article: Article):  # type: ignore[no-untyped-def]
    """As the ingest job does it: values computed (in a worker), the MinHash rebuilt from them."""
    return dedup.from_values(signature_values(article.text, permutations(dedup.num_perm), dedup.shingle_size))


def _article(text: str, url: str) -> Article:
    return Article(id=article_id(text, url), source_path="t", url=url, paragraphs=[text],
                   text_hash=stable_hash(normalise_for_hash(text)))


def test_shingles_are_word_ngrams() -> None:
    assert shingle_hashes("One two, three four", 3) == [zlib.crc32(b"one two three"), zlib.crc32(b"two three four")]
    assert shingle_hashes("Too short", 5) == [zlib.crc32(b"too short")]
    assert shingle_hashes("", 5) == []
    # UTF-8 words: each n-gram is the bytes of its own words, whatever the letters' widths
    assert shingle_hashes("Мінск — Kyiv, Łódź", 2) == [zlib.crc32("мінск kyiv".encode()), zlib.crc32("kyiv łódź".encode())]


def _datasketch(text: str, num_perm: int, size: int) -> list[int]:
    """The signature as datasketch itself computes it, from the n-grams as bytes."""
    words = re.findall(r"\w+", text.lower())
    grams = [" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)]
    minhash = MinHash(num_perm, hashfunc=zlib.crc32, scheme=SCHEME, permutations=permutations(num_perm))
    minhash.update_batch(grams)
    return minhash.hashvalues.tolist()


def test_signatures_are_datasketchs_own() -> None:
    # the values stored by earlier runs and those computed by workers must index alike
    assert signature_values(BASE, permutations(128), 5) == _datasketch(BASE, 128, 5)
    long = " ".join(f"word{i % 997} other{i}" for i in range(BLOCK))  # more n-grams than one block
    assert signature_values(long, permutations(64), 5) == _datasketch(long, 64, 5)


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
