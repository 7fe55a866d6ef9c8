"""The scoring arithmetic on hand-built inputs, with exact values."""

from __future__ import annotations

import math

import pytest

from faultline.assess.combine import (
    MODALITY_WEIGHTS,
    AchItem,
    AchMatrix,
    ConjunctiveRule,
    FactorScore,
    Weighed,
    beta_cdf,
    beta_quantile,
    conjoin,
    diagnosticity,
    factor_score,
    inconsistency,
    leading,
    linchpins,
)
from faultline.assess.words import probability_to_words
from faultline.records import Modality

FACTORS = ("justification", "local_support", "resistance", "feasibility", "costs")


def test_every_modality_has_a_weight() -> None:
    assert set(MODALITY_WEIGHTS) == set(Modality.__args__)
    assert MODALITY_WEIGHTS["asserted"] == MODALITY_WEIGHTS["reported"] == 1.0
    assert MODALITY_WEIGHTS["hypothetical"] < 1.0 and MODALITY_WEIGHTS["conditional"] < 1.0


@pytest.mark.parametrize(
    ("x", "a", "b", "expected"),
    [(0.3, 1, 1, 0.3), (0.3, 2, 1, 0.09), (0.3, 1, 4, 1 - 0.7**4), (0.5, 3, 3, 0.5), (0.0, 2, 5, 0.0), (1.0, 2, 5, 1.0)],
)
def test_beta_cdf_closed_forms(x: float, a: float, b: float, expected: float) -> None:
    assert beta_cdf(x, a, b) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(("q", "a", "b", "expected"), [(0.1, 2.5, 1, 0.1 ** (1 / 2.5)), (0.9, 1, 4, 1 - 0.1**0.25), (0.5, 7, 7, 0.5)])
def test_beta_quantile_closed_forms(q: float, a: float, b: float, expected: float) -> None:
    assert beta_quantile(q, a, b) == pytest.approx(expected, abs=1e-12)


def test_beta_matches_scipy_where_installed() -> None:
    stats = pytest.importorskip("scipy.stats")
    for a, b in [(1.5, 3.2), (7, 2), (0.5, 0.5), (30, 12), (2.25, 1.0)]:
        for x in (0.01, 0.2, 0.5, 0.9):
            assert beta_cdf(x, a, b) == pytest.approx(stats.beta.cdf(x, a, b), abs=1e-12)
        for q in (0.1, 0.5, 0.9):
            assert beta_quantile(q, a, b) == pytest.approx(stats.beta.ppf(q, a, b), abs=1e-10)


def test_factor_without_evidence_is_unknown_not_missing() -> None:
    score = factor_score([])
    assert (score.score, score.low, score.high, score.status) == (0.5, pytest.approx(0.1), pytest.approx(0.9), "no evidence")


def test_factor_score_weighs_modality() -> None:
    # One asserted (1) and one hypothetical (0.5) supporting item: Beta(2.5, 1), mean 2.5 / 3.5.
    score = factor_score([Weighed("supports"), Weighed("supports", modality="hypothetical")])
    assert score.supports == 1.5 and score.undermines == 0.0
    assert score.score == pytest.approx(2.5 / 3.5)
    assert score.low == pytest.approx(0.1 ** (1 / 2.5))
    assert score.high == pytest.approx(0.9 ** (1 / 2.5))
    assert score.status == "supported"


def test_factor_clearly_missing_when_interval_top_below_half() -> None:
    # Four hypothetical (2.0) and one asserted (1.0) undermining items: Beta(1, 4), top 1 - 0.1**0.25 = 0.44.
    items = [Weighed("undermines", modality="hypothetical")] * 4 + [Weighed("undermines")]
    score = factor_score(items)
    assert score.score == pytest.approx(0.2)
    assert score.high == pytest.approx(1 - 0.1**0.25)
    assert score.status == "missing"
    # Two undermining items only: Beta(1, 3), top 1 - 0.1**(1/3) = 0.54: undermined, not yet missing.
    assert factor_score([Weighed("undermines")] * 2).status == "undermined"


def test_question_modality_counts_nothing_and_contested_is_even() -> None:
    assert factor_score([Weighed("supports", modality="question")]).status == "no evidence"
    assert factor_score([Weighed("supports"), Weighed("undermines")]).status == "contested"


def test_unknown_modality_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown modality 'rumoured'"):
        factor_score([Weighed("supports", modality="rumoured")])


def seed_deployment() -> dict[str, FactorScore]:
    """Seed 003 on RUS deploy BLR: each condition has an asserted and a hypothetical supporting item."""
    return {f: factor_score([Weighed("supports"), Weighed("supports", modality="hypothetical")]) for f in FACTORS}


def seed_invasion() -> dict[str, FactorScore]:
    """Seed 003 on RUS invade UKR via BLR: justification and feasibility hold, costs are undermined."""
    supported = [Weighed("supports"), Weighed("supports", modality="hypothetical")]
    return {
        "justification": factor_score(supported),
        "feasibility": factor_score(supported),
        "local_support": factor_score([Weighed("supports", modality="hypothetical"), Weighed("undermines"), Weighed("undermines", modality="hypothetical")]),
        "resistance": factor_score([Weighed("undermines", modality="hypothetical")] * 2),
        "costs": factor_score([Weighed("undermines", modality="hypothetical")] * 4 + [Weighed("undermines")]),
    }


def test_deployment_with_all_five_factors_supported_is_likely() -> None:
    result = conjoin(seed_deployment())
    assert result.probability == pytest.approx(2.5 / 3.5)
    assert (result.low, result.high) == (pytest.approx(0.1**0.4), pytest.approx(0.9**0.4))
    assert result.missing == () and not result.capped
    assert probability_to_words(result.probability) == "likely"


def test_invasion_with_costs_undermined_is_capped_and_lower() -> None:
    result = conjoin(seed_invasion())
    assert result.missing == ("costs",)
    assert result.weakest == "costs"
    assert result.probability == pytest.approx(0.2)
    assert result.high == pytest.approx(0.2)  # the cap holds the interval too
    assert result.probability < conjoin(seed_deployment()).probability
    assert probability_to_words(result.probability) == "unlikely"


def test_cap_lowers_a_probability_above_it() -> None:
    scores = dict(seed_deployment())
    scores["costs"] = FactorScore(0.3, 0.1, 0.45, 0.0, 2.0, "missing")
    result = conjoin(scores, ConjunctiveRule(missing_cap=0.15))
    assert (result.probability, result.high, result.capped) == (0.15, 0.15, True)


def test_weakest_factor_sets_the_probability() -> None:
    scores = dict(seed_deployment())
    scores["local_support"] = factor_score([Weighed("supports"), Weighed("undermines")])
    result = conjoin(scores)
    assert result.weakest == "local_support" and result.probability == 0.5
    assert result.low == pytest.approx(scores["local_support"].low)
    with pytest.raises(ValueError):
        conjoin({})


def matrix() -> AchMatrix:
    return AchMatrix(
        ("H1", "H2", "H3"),
        (
            AchItem("troops arrive", {"H1": "C", "H2": "C", "H3": "I"}),
            AchItem("beyond the exercises", {"H2": "C", "H3": "I"}),
            AchItem("lower risk option", {"H1": "I"}, weight=2.0),
            AchItem("joint drills", {"H1": "C", "H2": "C", "H3": "C"}),
            AchItem("debt talks", {"H2": "II"}, weight=0.25),
        ),
    )


def test_ach_weighted_inconsistency_and_leader() -> None:
    assert inconsistency(matrix()) == {"H1": 2.0, "H2": 0.5, "H3": 2.0}
    assert leading(matrix()) == ("H2",)


def test_ach_diagnosticity() -> None:
    assert diagnosticity(matrix()) == {
        "troops arrive": 2.0,
        "beyond the exercises": 2.0,
        "lower risk option": 2.0,
        "joint drills": 0.0,  # fits every hypothesis: no help choosing
        "debt talks": 0.5,
    }


def test_ach_linchpins() -> None:
    # Without "lower risk option" H1 (0) overtakes H2 (0.5); without "troops arrive" H3 (1) still trails.
    # A leader that becomes a tie also counts as a change (see test_ach_ties_and_empty_matrix).
    assert linchpins(matrix()) == ("lower risk option",)


def test_ach_ties_and_empty_matrix() -> None:
    empty = AchMatrix(("H1", "H2"))
    assert leading(empty) == ("H1", "H2") and linchpins(empty) == ()
    tied = AchMatrix(("H1", "H2"), (AchItem("a", {"H1": "I"}), AchItem("b", {"H2": "I"})))
    assert leading(tied) == ("H1", "H2")
    assert linchpins(tied) == ("a", "b")
    assert math.isclose(sum(diagnosticity(tied).values()), 2.0)


def test_ach_rejects_unknown_rating() -> None:
    with pytest.raises(ValueError, match="rating 'X' for H1"):
        inconsistency(AchMatrix(("H1",), (AchItem("a", {"H1": "X"}),)))
