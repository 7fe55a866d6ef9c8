"""Cue phrases and rules: the matching semantics every framework file relies on."""

from __future__ import annotations

import pytest

from faultline.assess.cues import MAX_GAP_WORDS, ClaimRule, EventRule, Reader, compile_phrase, read_lexicon
from faultline.errors import AssessDataError

PLOVER = ("MOBILIZE", "SANCTION", "ASSAULT")


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("diplomatic isolation", "face devastating sanctions and Diplomatic\nIsolation from the West", "Diplomatic\nIsolation"),
        ("sanction*", "new sanctions if it participates", "sanctions"),
        ("no army ... would try to stop", "no army in the region would try to stop them", "no army in the region would try to stop"),
        ("no army ... would try to stop", "no army would try to stop them", "no army would try to stop"),
        ("doesn't particularly need them", "Moscow doesn’t particularly need them", "doesn’t particularly need them"),
        ("ally", "a true ally who", "ally"),
    ],
)
def test_phrase_matches(phrase: str, text: str, found: str) -> None:
    match = compile_phrase(phrase).search(text)
    assert match is not None and match.group(0) == found


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("ally", "rally in Minsk"),  # whole words only
        ("sanction", "sanctions"),  # no ending without *
        ("no army ... would try to stop", "no army " + "x " * (MAX_GAP_WORDS + 1) + "would try to stop"),
    ],
)
def test_phrase_misses(phrase: str, text: str) -> None:
    assert compile_phrase(phrase).search(text) is None


def test_event_rule_roles() -> None:
    rule = EventRule("SANCTION", source=("other",), target=("actor", "via"))
    assert rule.accepts("SANCTION", "", "other", "via")
    assert not rule.accepts("SANCTION", "", "actor", "via")
    assert not rule.accepts("ASSAULT", "", "other", "actor")
    assert EventRule("THREATEN", mode="restrict").accepts("THREATEN", "restrict", "target", "other")
    assert not EventRule("THREATEN", mode="restrict").accepts("THREATEN", "violence", "target", "other")


def test_claim_rule_about() -> None:
    rule = ClaimRule("warn", source=("other",), about=("sanction*",))
    assert rule.accepts("warn", "other", "Minsk would face new sanctions")
    assert not rule.accepts("warn", "other", "a war would follow")
    assert not rule.accepts("say", "other", "new sanctions")


def test_rule_actions() -> None:
    assert EventRule("ASSAULT").applies_to("invade")
    assert not EventRule("ASSAULT", actions=("join-war",)).applies_to("invade")


def lexicon(value: object):
    return read_lexicon(Reader("test.yaml"), value, "factors[0].supports", ("deploy", "invade"), PLOVER)


def test_read_lexicon_short_and_long_forms() -> None:
    lex = lexicon(
        {
            "phrases": ["lower risk option", {"phrase": "sanction*", "weight": 2, "actions": ["invade"], "note": "why"}],
            "events": ["MOBILIZE", {"type": "SANCTION", "source": "other", "target": ["actor", "via"]}],
            "claims": [{"cue": "warn", "about": ["isolation"]}],
        }
    )
    assert [c.phrase for c in lex.phrases] == ["lower risk option", "sanction*"]
    assert lex.phrases[1].weight == 2.0 and lex.phrases[1].actions == ("invade",)
    assert lex.events[0] == EventRule("MOBILIZE")
    assert lex.events[1].target == ("actor", "via")
    assert lex.claims[0].about == ("isolation",)
    assert len(lex) == 5


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"phrase": ["x"]}, "test.yaml: factors[0].supports.phrase: is not a known key (use one of phrases, events, claims)"),
        ({"events": ["FIGHT"]}, "test.yaml: factors[0].supports.events[0]: is 'FIGHT' (use one of MOBILIZE, SANCTION, ASSAULT)"),
        ({"events": [{"type": "ASSAULT", "source": "enemy"}]}, "factors[0].supports.events[0].source: is 'enemy'"),
        ({"phrases": ["... stop"]}, "factors[0].supports.phrases[0]: phrase '... stop' starts or ends with '...'"),
        ({"phrases": [{"phrase": "x", "weight": -1}]}, "factors[0].supports.phrases[0].weight: is -1 (write a number from 0 to 10)"),
        ({"phrases": [{"phrase": "x", "actions": ["annex"]}]}, "factors[0].supports.phrases[0].actions[0]: is 'annex'"),
        ({"phrases": "sanctions"}, "factors[0].supports.phrases: is a str ('sanctions'), not a list"),
        ({"claims": [{"about": ["x"]}]}, "factors[0].supports.claims[0].cue: is missing (add 'cue:')"),
    ],
)
def test_bad_lexicon_names_file_key_and_fix(value: object, message: str) -> None:
    with pytest.raises(AssessDataError) as err:
        lexicon(value)
    assert message in str(err.value)
    assert "\n" not in str(err.value)
