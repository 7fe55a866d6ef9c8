"""Phrase tables: spaCy PhraseMatcher's matches, from token strings."""

from __future__ import annotations

from spacy.matcher import PhraseMatcher

from faultline.nlp.phrases import PhraseTable, phrase_tokens, token_strings
from faultline.nlp.tokenizer import shared_nlp

PHRASES = {
    "PLACE": ["minsk", "u.s.", "new york", "new york city", "york"],
    "AGENT": ["minister", "defense minister", "new york"],
}
TEXT = "The U.S. and New York City police met the Belarusian defense minister in Minsk; New York's mayor, too."


def test_matches_equal_spacy_phrase_matcher() -> None:
    nlp = shared_nlp()
    table = PhraseTable()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, phrases in PHRASES.items():
        table.add(label, phrase_tokens(nlp, phrases))
        matcher.add(label, [nlp.make_doc(p) for p in phrases])
    doc = nlp.make_doc(TEXT)
    expected = sorted((nlp.vocab.strings[i], s, e) for i, s, e in matcher(doc))
    found = table(token_strings(doc))
    assert sorted(found) == expected
    assert [(s, e) for _, s, e in found] == sorted((s, e) for _, s, e in found)  # in text order
    # nested and overlapping phrases all match, and one phrase under two labels twice
    assert ("PLACE", 3, 6) in found and ("PLACE", 3, 5) in found and ("PLACE", 4, 5) in found
    assert ("AGENT", 3, 5) in found


def test_phrase_tokens_split_as_the_tokenizer() -> None:
    nlp = shared_nlp()
    phrases = ["joseph r. biden", "su-35s", "secretary-general", "lt. gen.", "plain words here"]
    assert phrase_tokens(nlp, phrases) == [tuple(t.lower_ for t in nlp.make_doc(p)) for p in phrases]
    assert phrase_tokens(nlp, ["NATO", "Nato"], attr="ORTH") == [("NATO",), ("Nato",)]


def test_token_strings_of_each_doc() -> None:
    nlp = shared_nlp()
    first, second = nlp.make_doc("Russian Troops"), nlp.make_doc("Polish Guards")
    assert token_strings(first) == ["russian", "troops"]
    assert token_strings(first, "ORTH") == ["Russian", "Troops"]
    assert token_strings(second) == ["polish", "guards"]
    assert token_strings(first) == ["russian", "troops"]
    assert token_strings(nlp.make_doc("")) == []
