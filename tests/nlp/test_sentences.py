"""Sentences: offsets into the text, paragraph breaks, abbreviations that end no sentence."""

from __future__ import annotations

from faultline.nlp.sentences import split_sentences


def test_ranks_and_titles_end_no_sentence() -> None:
    text = (
        "A coup led by Lt. Gen. Prosper Avril ousted the leader. Col. Andriy Koval said the unit held.\n\n"
        "Maj. Smith and Capt. Jones agreed. The U.S. embassy in Kyiv said nothing."
    )
    sentences = split_sentences("doc", text)
    assert [s.text for s in sentences] == [
        "A coup led by Lt. Gen. Prosper Avril ousted the leader.",
        "Col. Andriy Koval said the unit held.",
        "Maj. Smith and Capt. Jones agreed.",
        "The U.S. embassy in Kyiv said nothing.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.index for s in sentences] == [0, 1, 2, 3]
