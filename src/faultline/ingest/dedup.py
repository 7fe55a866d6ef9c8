"""Duplicate detection across the whole store: exact (normalised-text hash) and near (MinHash LSH).

Duplicates are kept and marked `duplicate_of` the first stored copy; only a record that is the
very same article (same id: same body, same URL) is skipped as an exact repeat.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from datasketch import MinHash, MinHashLSH

from faultline.ingest.signature import Permutations
from faultline.records import Article

# datasketch >= 2.0 needs the hashing scheme named to rebuild a MinHash from stored values.
SCHEME = "affine32"

Verdict = Literal["new", "repeat", "exact", "near"]


@dataclass(slots=True)
class Decision:
    verdict: Verdict
    owner: str | None = None  # the stored article this one duplicates


@lru_cache(maxsize=4)
def permutations(num_perm: int) -> Permutations:
    """The seeded permutations every MinHash of ``num_perm`` values uses (datasketch's default seed),
    also what the workers sign articles with (:func:`faultline.ingest.signature.signature_values`).

    Drawn once per process: datasketch would draw them again for every MinHash it builds, which cost
    more than the hashing itself when rebuilding thousands of stored signatures."""
    return MinHash(num_perm, scheme=SCHEME).permutations


class Deduplicator:
    """Decides, article by article, whether it is new, a repeat, or a duplicate of a stored one."""

    def __init__(self, num_perm: int, threshold: float, shingle_size: int) -> None:
        self.num_perm = num_perm
        self.threshold = threshold
        self.shingle_size = shingle_size
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._values: dict[str, np.ndarray] = {}  # hash values only: ~0.5 KB an article
        self._order: dict[str, int] = {}
        self._ids: set[str] = set()
        self._hash_owner: dict[str, str] = {}

    def load(self, signatures: Iterable[tuple[str, Sequence[int]]]) -> None:
        """Index the signatures of articles already stored."""
        for article_id, values in signatures:
            self._index(article_id, MinHash(self.num_perm, hashvalues=values, scheme=SCHEME, permutations=permutations(self.num_perm)))

    def remember(self, known_ids: Iterable[str], hash_owners: dict[str, str]) -> None:
        """Ids and text-hash owners already in the store (looked up per batch by the caller)."""
        self._ids.update(known_ids)
        for text_hash, owner in hash_owners.items():
            self._hash_owner.setdefault(text_hash, owner)

    def from_values(self, values: Sequence[int] | None) -> MinHash | None:
        """A MinHash rebuilt from hash values computed elsewhere (a worker process)."""
        return None if values is None else MinHash(self.num_perm, hashvalues=values, scheme=SCHEME, permutations=permutations(self.num_perm))

    def decide(self, article: Article, minhash: MinHash | None) -> Decision:
        """Classify `article` and, unless it is a repeat, remember it for the ones that follow."""
        if article.id in self._ids:
            return Decision("repeat", article.id)
        self._ids.add(article.id)
        owner = self._hash_owner.get(article.text_hash)
        if owner is not None:
            return Decision("exact", owner)
        self._hash_owner[article.text_hash] = article.id
        if minhash is None:
            return Decision("new")
        candidates = [
            c for c in self._lsh.query(minhash) if np.mean(self._values[c] == minhash.hashvalues) >= self.threshold
        ]
        self._index(article.id, minhash)
        if candidates:
            return Decision("near", min(candidates, key=self._order.get))
        return Decision("new")

    def _index(self, article_id: str, minhash: MinHash) -> None:
        if article_id in self._values:
            return
        self._order[article_id] = len(self._order)
        self._values[article_id] = minhash.hashvalues
        self._lsh.insert(article_id, minhash)
