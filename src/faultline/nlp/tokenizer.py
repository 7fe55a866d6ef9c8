"""The one spaCy pipeline every annotator shares: blank English tokenizer plus a sentencizer.

One Vocab for all matchers, so an article is tokenised once and the same Doc goes to the
sentence splitter, the actor resolver and the event extractor (issue 3: extraction within 5x
tokenisation).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


TOKENIZER_CACHE = 200_000  # chunks; a few tens of MB at most
ABBREVIATIONS_FILE = "nlp/abbreviations.tsv"


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    import spacy
    from spacy.attrs import ORTH

    from faultline.resources import load_rows

    nlp = spacy.blank("en")
    # ranks and titles before a name are one token, so no sentence ends after them ("Lt. Gen. X")
    for (abbreviation, *_) in load_rows(ABBREVIATIONS_FILE):
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.add_pipe("sentencizer")
    # spaCy stops caching new chunks once its cache holds 10,000; the modality matcher fills it with
    # its patterns, after which article words were never cached (measured: cold
    # tokenisation 0.64 s -> 0.53 s on 500 official releases with room to spare).
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE
    return nlp
