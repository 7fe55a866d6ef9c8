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


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
