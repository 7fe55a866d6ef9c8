"""Conflict linking: same unit, counted actor, measure and place; different sources; beyond tolerance."""

from __future__ import annotations

import pytest

from faultline.extract.conflicts import REL_TOLERANCE, disagree, link_conflicts, subject_of
from faultline.records import ActorRef, Claim, Quantity


def _claim(cid: str, source: ActorRef, content: str, number: str, value: float | None, about: str,
           unit: str = "troops", low: float | None = None, high: float | None = None, article: str = "a1",
           modality: str = "reported") -> Claim:
    start = content.index(number)
    q = Quantity(article, f"{article}:0", start, start + len(number), number, value, low, high, unit, about)
    return Claim(cid, article, f"{article}:0", content, 0, len(content), source, "say", content, q, modality)


NATO = ActorRef("NATO Secretary General Jens Stoltenberg", "NATO", "IGO", "Jens Stoltenberg")
EXPERTS = ActorRef("Russian military experts", "RUS", "EDU")
LUKASHENKO = ActorRef("Lukashenko", "BLR", "GOV", "Alexander Lukashenko")
PENTAGON = ActorRef("the Pentagon", "USA", "MIL")


def _seed_like() -> list[Claim]:
    return [
        _claim("nato", NATO, "30,000 Russian troops", "30,000 Russian troops", 30000, "Russian troops"),
        _claim("experts", EXPERTS, "10,000 is a more realistic figure", "10,000", 10000, "Russian troops"),
        _claim(
            "baltic", LUKASHENKO, "the more than 30,000 troops that are amassed in the Baltic states and Poland",
            "more than 30,000 troops", None, "troops", low=30000, article="a2",
        ),
    ]


def test_the_seed_estimates_conflict_and_the_baltic_troops_are_other_troops() -> None:
    nato, experts, baltic = claims = _seed_like()
    link_conflicts(claims)
    assert nato.conflicts_with == ["experts"]
    assert experts.conflicts_with == ["nato"]
    assert baltic.conflicts_with == []


def test_subjects() -> None:
    nato, experts, baltic = _seed_like()
    assert subject_of(nato) == subject_of(experts)
    subject = subject_of(baltic)
    assert subject is not None
    assert (subject.unit, subject.actor, subject.places) == ("troops", "", frozenset({"EST", "LVA", "LTU", "POL"}))


def test_linking_is_idempotent() -> None:
    claims = _seed_like()
    link_conflicts(claims)
    link_conflicts(claims)
    assert claims[0].conflicts_with == ["experts"]


def test_within_tolerance_agrees() -> None:
    claims = [
        _claim("a", NATO, "30,000 Russian troops", "30,000 Russian troops", 30000, "Russian troops"),
        _claim("b", PENTAGON, "28,000 Russian troops", "28,000 Russian troops", 28000, "Russian troops"),
    ]
    link_conflicts(claims)
    assert [c.conflicts_with for c in claims] == [[], []]


def test_same_source_does_not_conflict_with_itself() -> None:
    claims = [
        _claim("a", NATO, "30,000 Russian troops", "30,000 Russian troops", 30000, "Russian troops", article="a1"),
        _claim("b", NATO, "100,000 Russian troops", "100,000 Russian troops", 100000, "Russian troops", article="a2"),
    ]
    link_conflicts(claims)
    assert [c.conflicts_with for c in claims] == [[], []]


def test_across_articles_with_a_place_and_without() -> None:
    claims = [
        _claim("a", NATO, "30,000 Russian troops in Belarus", "30,000 Russian troops", 30000, "Russian troops", article="a1"),
        _claim("b", EXPERTS, "10,000 Russian soldiers", "10,000 Russian soldiers", 10000, "Russian soldiers", unit="soldiers", article="a2"),
        _claim("c", PENTAGON, "100,000 Russian troops near Ukraine", "100,000 Russian troops", 100000, "Russian troops", article="a3"),
    ]
    link_conflicts(claims)
    # b names no place: it meets both; a (Belarus) and c (Ukraine) count different troops
    assert claims[0].conflicts_with == ["b"]
    assert claims[1].conflicts_with == ["a", "c"]
    assert claims[2].conflicts_with == ["b"]


def test_losses_per_day_are_not_a_deployment() -> None:
    claims = [
        _claim("a", NATO, "30,000 Russian troops", "30,000 Russian troops", 30000, "Russian troops"),
        _claim("b", PENTAGON, "nearly 1,000 Russian troops are killed each day", "nearly 1,000 Russian troops", 1000, "Russian troops"),
        _claim("c", EXPERTS, "1,260 Russian soldiers were eliminated during the last day", "1,260 Russian soldiers", 1260, "Russian soldiers", unit="soldiers"),
    ]
    link_conflicts(claims)
    assert [c.conflicts_with for c in claims] == [[], ["c"], ["b"]]


def test_questions_and_denials_are_no_estimates() -> None:
    claims = [
        _claim("a", NATO, "30,000 Russian troops", "30,000 Russian troops", 30000, "Russian troops"),
        _claim("b", PENTAGON, "10,000 Russian troops", "10,000 Russian troops", 10000, "Russian troops", modality="question"),
        _claim("c", EXPERTS, "10,000 Russian troops", "10,000 Russian troops", 10000, "Russian troops", modality="negated"),
    ]
    link_conflicts(claims)
    assert [c.conflicts_with for c in claims] == [[], [], []]


def test_a_number_that_says_nothing_of_what_it_counts_is_never_linked() -> None:
    claims = [
        _claim("a", NATO, "30,000 troops", "30,000 troops", 30000, "troops"),
        _claim("b", PENTAGON, "10,000 troops", "10,000 troops", 10000, "troops"),
        _claim("c", EXPERTS, "10,000 is a number", "10,000", 10000, "", unit=""),
    ]
    link_conflicts(claims)
    assert [c.conflicts_with for c in claims] == [[], [], []]


def _q(value: float | None, low: float | None = None, high: float | None = None) -> Quantity:
    return Quantity("a", "a:0", 0, 1, "x", value, low, high, "troops")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (_q(30000), _q(10000), True),
        (_q(30000), _q(30000 * (1 - REL_TOLERANCE / 2)), False),
        (_q(None, low=30000), _q(35000), False),  # "more than 30,000" and 35,000 agree
        (_q(None, low=30000), _q(10000), True),
        (_q(None, high=56), _q(50), False),
        (_q(None, 100000, 130000), _q(175000), True),
        (_q(None, 100000, 130000), _q(120000), False),
        (_q(None), _q(10), False),
    ],
)
def test_disagree(a: Quantity, b: Quantity, expected: bool) -> None:
    assert disagree(a, b) is expected
    assert disagree(b, a) is expected
