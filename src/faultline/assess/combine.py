"""The arithmetic of assessment: factor scores, the conjunctive rule, and Heuer's ACH. Pure functions.

Nothing here knows about articles or the store: the scorer hands in weighed evidence and gets numbers
back, so every number in a report can be recomputed by hand from the evidence table.

Factor scores are Beta posteriors. A factor of the intervention framework is a condition that holds or
not; each evidence item is a (weighted) observation for or against it. Starting from a uniform
Beta(1, 1), supporting weight adds to the first pseudo-count and undermining weight to the second, so
the score is Laplace's rule of succession over weighted items and its credible interval narrows as
evidence accumulates. With no evidence a factor scores 0.5: unknown, not missing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from faultline.records import Direction

# How much an item counts by its modality (records.Modality). Issue 4: "a hypothetical is analysis, not
# fact, and weighs less". A reported claim counts in full here: its discount is its source's grade.
MODALITY_WEIGHTS: dict[str, float] = {
    "asserted": 1.0,
    "reported": 1.0,
    # Stated plans and announced intentions ("drills planned for February"): intent, not yet fact.
    "future": 0.75,
    # Analysis of what would or could happen ("would do irreparable harm", "if a war did break out"):
    # the seed articles argue in these, so they count, but two such judgments weigh as one fact.
    "hypothetical": 0.5,
    "conditional": 0.5,
    # A denial is a statement of fact about absence; which way it points is the linker's decision.
    "negated": 1.0,
    # A question asserts nothing.
    "question": 0.0,
}


def modality_weight(modality: str) -> float:
    if modality not in MODALITY_WEIGHTS:
        raise ValueError(f"unknown modality {modality!r}: expected one of {', '.join(MODALITY_WEIGHTS)}")
    return MODALITY_WEIGHTS[modality]


# --- the Beta distribution, without scipy -----------------------------------------------------------

_EPS = 1e-15
_TINY = 1e-300
_MAX_TERMS = 300
_BISECTIONS = 60  # halves [0, 1] to below 1e-18


def _beta_fraction(x: float, a: float, b: float) -> float:
    """Continued fraction of the incomplete beta function (Lentz's method, Numerical Recipes 6.4)."""
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS + 1):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)), -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """P(X <= x) for X ~ Beta(a, b): the regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    # The fraction converges fast only on the side of the mean: use the symmetry I_x(a,b) = 1 - I_1-x(b,a).
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(x, a, b) / a
    return 1.0 - front * _beta_fraction(1.0 - x, b, a) / b


def beta_quantile(q: float, a: float, b: float) -> float:
    """The x with P(X <= x) = q for X ~ Beta(a, b), by bisection (the CDF is monotone)."""
    lo, hi = 0.0, 1.0
    for _ in range(_BISECTIONS):
        mid = (lo + hi) / 2.0
        if beta_cdf(mid, a, b) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


# --- factor scores ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Weighed:
    """One evidence item as the math sees it: its direction, its weight, its modality.

    ``weight`` is everything but modality, already multiplied: the rule's weight, the source's grade,
    an analyst's re-rating.
    """

    direction: Direction
    weight: float = 1.0
    modality: str = "asserted"

    @property
    def effective(self) -> float:
        return self.weight * modality_weight(self.modality)


@dataclass(frozen=True, slots=True)
class ConjunctiveRule:
    """How factor scores are formed and combined; each framework file states its own (``combine:``).

    The defaults are those of ``intervention.yaml``.
    """

    # Beta(1, 1): every value of a factor's probability equally plausible before any evidence.
    prior_supports: float = 1.0
    prior_undermines: float = 1.0
    # Central credible interval reported for each factor and for the whole: 80%, the span forecasters
    # commonly quote ("10th to 90th percentile") and wide enough to be honest with a handful of items.
    credible_mass: float = 0.8
    # A factor is clearly missing when even the top of its interval says "more likely absent than not".
    missing_below: float = 0.5
    # The framework's "if one condition is missing, intervention is unlikely": with a missing factor the
    # probability is at most this (the top of ICD 203 "very unlikely").
    missing_cap: float = 0.2
    method: str = "weakest_link"


@dataclass(frozen=True, slots=True)
class FactorScore:
    """A factor's probability of holding, its credible interval, and the weight behind it."""

    score: float  # posterior mean
    low: float
    high: float
    supports: float  # effective weight for
    undermines: float  # effective weight against
    status: str  # supported, undermined, missing, contested, no evidence


def factor_score(items: Iterable[Weighed], rule: ConjunctiveRule = ConjunctiveRule()) -> FactorScore:
    """A factor's Beta posterior from weighted supporting and undermining items."""
    items = list(items)
    supports = sum((i.effective for i in items if i.direction == "supports"), 0.0)
    undermines = sum((i.effective for i in items if i.direction == "undermines"), 0.0)
    a, b = rule.prior_supports + supports, rule.prior_undermines + undermines
    tail = (1.0 - rule.credible_mass) / 2.0
    score, low, high = a / (a + b), beta_quantile(tail, a, b), beta_quantile(1.0 - tail, a, b)
    return FactorScore(score, low, high, supports, undermines, _status(score, high, supports + undermines, rule))


def _status(score: float, high: float, total: float, rule: ConjunctiveRule) -> str:
    if total == 0.0:
        return "no evidence"
    if high < rule.missing_below:
        return "missing"
    if score > 0.5:
        return "supported"
    return "undermined" if score < 0.5 else "contested"


@dataclass(frozen=True, slots=True)
class Conjunction:
    """The probability that every condition holds, its interval, and why it is what it is."""

    probability: float
    low: float
    high: float
    weakest: str  # the factor that sets the probability
    missing: tuple[str, ...] = ()  # clearly missing factors
    capped: bool = False  # the missing-factor cap lowered the result


def conjoin(scores: Mapping[str, FactorScore], rule: ConjunctiveRule = ConjunctiveRule()) -> Conjunction:
    """All conditions must hold: the weakest factor sets the probability, a missing one caps it.

    Why the weakest link and not the product: P(all hold) lies between the product of the factor
    probabilities (conditions independent) and their minimum (conditions rising and falling together,
    the upper Fréchet bound). The five conditions are read off one strategic situation and move together;
    and a product compounds the caution of every sparsely evidenced factor: five factors with one
    supporting item each (2/3 apiece) give 0.13, for a deployment that the seed's author, having checked
    each condition, calls the likely outcome. With comonotone factors the quantiles of the minimum are
    the minima of the quantiles, so the interval is exact, not simulated.
    """
    if not scores:
        raise ValueError("conjoin needs at least one factor score")
    if rule.method != "weakest_link":
        raise ValueError(f"unknown combination method {rule.method!r}: expected weakest_link")
    weakest = min(scores, key=lambda name: (scores[name].score, name))
    probability = scores[weakest].score
    low = min(s.low for s in scores.values())
    high = min(s.high for s in scores.values())
    missing = tuple(sorted(name for name, s in scores.items() if s.status == "missing"))
    capped = bool(missing) and probability > rule.missing_cap
    if missing:
        probability, low, high = (min(v, rule.missing_cap) for v in (probability, low, high))
    return Conjunction(probability, low, high, weakest, missing, capped)


def blend_estimates(model: tuple[float, float, float], stated: list[tuple[float, float, float]], model_weight: float = 1.0) -> tuple[float, float, float]:
    """The framework's (probability, low, high) averaged with the likelihoods sources state themselves.

    Each stated estimate is an ICD 203 band (low, high) with the effective weight of its item (grade
    and modality); it enters at its band's midpoint, its interval at the band's ends. The framework's
    result weighs ``model_weight``: one clearly graded, asserted estimate counts about as much as the
    whole five-factor model, many outweigh it. A weighted mean, not a product of likelihoods: analysts'
    stated odds are judgments about the same evidence, not independent observations. Without
    estimates the model's numbers come back unchanged.
    """
    if not stated:
        return model
    total = model_weight + sum(w for _, _, w in stated)
    if total <= 0:
        return model
    p = (model_weight * model[0] + sum(w * (lo + hi) / 2 for lo, hi, w in stated)) / total
    low = (model_weight * model[1] + sum(w * lo for lo, _, w in stated)) / total
    high = (model_weight * model[2] + sum(w * hi for _, hi, w in stated)) / total
    return p, min(low, p), max(high, p)


# --- Analysis of Competing Hypotheses (Heuer, Psychology of Intelligence Analysis, ch. 8) --------------

# Ratings of an item against a hypothesis: very consistent, consistent, neutral, inconsistent, very
# inconsistent (the PARC ACH scale). As numbers for diagnosticity; only I and II count as inconsistency.
RATINGS: dict[str, int] = {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}


@dataclass(frozen=True, slots=True)
class AchItem:
    """One row of the matrix: an evidence item rated against each hypothesis (unrated: N)."""

    id: str
    ratings: Mapping[str, str] = field(default_factory=dict)
    weight: float = 1.0  # credibility x relevance, as the analyst or the scorer sets it

    def rating(self, hypothesis: str) -> str:
        rating = self.ratings.get(hypothesis, "N")
        if rating not in RATINGS:
            raise ValueError(f"item {self.id}: rating {rating!r} for {hypothesis} is not one of {', '.join(RATINGS)}")
        return rating


@dataclass(frozen=True, slots=True)
class AchMatrix:
    hypotheses: tuple[str, ...]
    items: tuple[AchItem, ...] = ()

    def without(self, item_id: str) -> AchMatrix:
        return AchMatrix(self.hypotheses, tuple(i for i in self.items if i.id != item_id))


def inconsistency(matrix: AchMatrix) -> dict[str, float]:
    """Heuer's weighted inconsistency score per hypothesis: lower is better.

    Only inconsistent evidence counts (I: 1, II: 2, times the item's weight) because evidence is far
    better at refuting a hypothesis than at proving one: much of it fits several hypotheses at once.
    """
    return {h: sum(item.weight * max(0, -RATINGS[item.rating(h)]) for item in matrix.items) for h in matrix.hypotheses}


def leading(matrix: AchMatrix) -> tuple[str, ...]:
    """The hypotheses with the least inconsistency (all of them when tied), in matrix order."""
    scores = inconsistency(matrix)
    best = min(scores.values(), default=0.0)
    return tuple(h for h in matrix.hypotheses if math.isclose(scores[h], best, abs_tol=1e-9))


def diagnosticity(matrix: AchMatrix) -> dict[str, float]:
    """How far an item tells the hypotheses apart: weight x (most consistent - least consistent).

    Zero means the item fits every hypothesis equally and so cannot help choose between them, however
    vivid it is; such items are what Heuer says to drop from the argument.
    """
    result: dict[str, float] = {}
    for item in matrix.items:
        values = [RATINGS[item.rating(h)] for h in matrix.hypotheses]
        result[item.id] = item.weight * (max(values) - min(values)) if values else 0.0
    return result


def linchpins(matrix: AchMatrix) -> tuple[str, ...]:
    """Items whose removal changes the leading hypothesis (or the set of tied leaders).

    These are what the conclusion hangs on: Heuer's sensitivity check, the items to verify first.
    """
    before = leading(matrix)
    return tuple(item.id for item in matrix.items if leading(matrix.without(item.id)) != before)
