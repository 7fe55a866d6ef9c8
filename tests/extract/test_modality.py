"""Modality of a trigger from the scope of its cue words."""

from __future__ import annotations

import pytest

from faultline.extract.modality import classify

CASES = [
    ("If a war did break out, it's highly unlikely the Belarusian army would take part in the fighting.", "break out", "conditional"),
    ("If a war did break out, it's highly unlikely the Belarusian army would take part in the fighting.", "take part", "hypothetical"),
    ("The United States is threatening Minsk with new sanctions if it participates in Russian aggression.", "threatening", "asserted"),
    ("The United States is threatening Minsk with new sanctions if it participates in Russian aggression.", "participates", "conditional"),
    ("There's no way Lukashenko would involve Belarusian troops in a conflict.", "involve", "negated"),
    ("Moscow launching an attack from Belarusian territory thus seems very problematic for Lukashenko.", "launching", "hypothetical"),
    ("The only exception would be in the eventuality that, following Russian strikes, Ukraine launched counterstrikes against Belarus.", "launched", "conditional"),
    ("Russian troops began making their way into Belarusian territory on Jan. 17.", "making", "asserted"),
    ("Joint drills between the two countries planned for February.", "drills", "future"),
    ("Russia will deploy more troops to the border.", "deploy", "future"),
    ("Iran denies planning to attack Iraq.", "attack", "negated"),
    ("The army did not attack the town.", "attack", "negated"),
    ("Would Russia attack Ukraine?", "attack", "question"),
    ("Palestinian leaders said they would boycott all official contact.", "boycott", "future"),
]


@pytest.mark.parametrize(("sentence", "trigger", "expected"), CASES)
def test_classify(sentence: str, trigger: str, expected: str) -> None:
    start = sentence.index(trigger)
    assert classify(sentence, start, start + len(trigger)) == expected
