"""MinHash signatures of article texts, bit for bit as datasketch computes them, with numpy alone.

Every worker process signs every article it cleans; importing datasketch there pulls in scipy, a
quarter of a second per worker for a computation of a few lines (issue 3: the full pipeline within
5x tokenisation). The main process, which keeps the LSH index (:mod:`faultline.ingest.dedup`),
draws the permutations with datasketch and hands them to the workers; a test checks the values
against datasketch's own ``MinHash.update_batch``.
"""

from __future__ import annotations

import re
import zlib
from itertools import accumulate

import numpy as np

# Fewer words than this give too few shingles for a meaningful Jaccard estimate: such short
# texts are compared exactly only.
MIN_WORDS_FOR_NEAR = 30

_TOKEN = re.compile(r"\w+")

# datasketch's "affine32" scheme: each shingle's CRC-32 is mixed by the MurmurHash3 32-bit
# finalizer, then permuted by a * h + b mod 2^32 (numpy's uint32 wraparound is the modulo).
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))

Permutations = np.ndarray  # uint32, shape (2, num_perm): the rows a and b
BLOCK = 4096  # shingles permuted at once: 2 MB of values with 128 permutations


def shingle_hashes(text: str, size: int) -> list[int]:
    """CRC-32 of each word n-gram of the lower-cased text (its words joined by one space, UTF-8)."""
    return _hashes(_TOKEN.findall(text.lower()), size)


def signature_values(text: str, permutations: Permutations, size: int) -> list[int] | None:
    """The MinHash values of a text's word n-grams (None when it is too short to compare: fewer
    than MIN_WORDS_FOR_NEAR words, counted as they are shingled, in the lower-cased text)."""
    words = _TOKEN.findall(text.lower())
    if len(words) < MIN_WORDS_FOR_NEAR:
        return None
    s1, m1, s2, m2, s3 = _FMIX32
    hv = np.array(_hashes(words, size), dtype=np.uint32)
    hv ^= hv >> s1
    hv *= m1
    hv ^= hv >> s2
    hv *= m2
    hv ^= hv >> s3
    a, b = permutations
    values = np.full(len(a), np.iinfo(np.uint32).max, dtype=np.uint32)
    for i in range(0, len(hv), BLOCK):  # bounded memory: a block's permuted values at a time
        np.minimum(values, (hv[i : i + BLOCK, None] * a + b).min(axis=0), out=values)
    return values.tolist()


def _hashes(words: list[str], size: int) -> list[int]:
    """The words are joined once and each n-gram is a slice of the joined bytes: joining and
    encoding every n-gram apart cost more than hashing them."""
    if not words:
        return []
    joined = " ".join(words)
    data = joined.encode()
    if len(words) < size:
        return [zlib.crc32(data)]
    lengths = map(len, words) if len(data) == len(joined) else (len(w.encode()) for w in words)
    ends = list(accumulate(n + 1 for n in lengths))  # one past each word's trailing space
    starts = [0, *ends[: len(ends) - size]]
    crc32 = zlib.crc32
    return [crc32(data[start : end - 1]) for start, end in zip(starts, ends[size - 1 :], strict=True)]
