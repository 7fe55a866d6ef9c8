"""ICD 203 words: the boundary convention, aliases, the judgment sentence, and the generated table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faultline.assess.questions import Question
from faultline.assess.words import (
    band_for,
    bands,
    confidence_levels,
    judgment_sentence,
    percent_range,
    probability_to_words,
    words_to_band,
)
from tests.conftest import REPO, shared_path

TERMS = ("almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely", "very likely", "almost certain")


def test_seven_bands_tile_one_to_ninety_nine_percent() -> None:
    assert tuple(b.term for b in bands()) == TERMS
    assert [(round(b.low * 100), round(b.high * 100)) for b in bands()] == [(1, 5), (5, 20), (20, 45), (45, 55), (55, 80), (80, 95), (95, 99)]


@pytest.mark.parametrize(
    ("p", "words"),
    [
        (0.0, "almost no chance"),  # below ICD 203's 1%: still the lowest band
        (0.049, "almost no chance"),
        (0.05, "very unlikely"),  # a shared endpoint goes to the band nearer even odds
        (0.2, "unlikely"),
        (0.449, "unlikely"),
        (0.45, "roughly even chance"),
        (0.5, "roughly even chance"),
        (0.55, "roughly even chance"),
        (0.551, "likely"),
        (0.8, "likely"),
        (0.95, "very likely"),
        (0.951, "almost certain"),
        (1.0, "almost certain"),
        (1 - 0.45, "roughly even chance"),  # 0.55000000000000004: float noise does not cross a boundary
    ],
)
def test_boundary_convention(p: float, words: str) -> None:
    assert probability_to_words(p) == words


@given(st.integers(min_value=0, max_value=10_000))
def test_words_are_symmetric_about_even_odds(k: int) -> None:
    mirror = dict(zip(TERMS, reversed(TERMS)))
    assert probability_to_words((10_000 - k) / 10_000) == mirror[probability_to_words(k / 10_000)]


def test_probability_outside_zero_one_is_an_error() -> None:
    with pytest.raises(ValueError):
        band_for(1.2)


@pytest.mark.parametrize(
    ("words", "term"),
    [("likely", "likely"), ("Very  Unlikely", "very unlikely"), ("highly improbable", "very unlikely"), ("highly unlikely", "very unlikely"),
     ("almost certainly", "almost certain"), ("roughly even odds", "roughly even chance"), ("probably", "likely")],
)
def test_words_to_band(words: str, term: str) -> None:
    band = words_to_band(words)
    assert band is not None and band.term == term


def test_unknown_words_have_no_band() -> None:
    assert words_to_band("perhaps") is None


def test_user_aliases_add_wordings(tmp_path) -> None:
    (tmp_path / "assess").mkdir()
    (tmp_path / "assess" / "estimative_aliases.tsv").write_text("a long shot\tunlikely\n", encoding="utf-8")
    assert words_to_band("a long shot", extra_dirs=(tmp_path,)).term == "unlikely"


def test_confidence_levels_are_separate_words() -> None:
    assert tuple(confidence_levels()) == ("low", "moderate", "high")
    assert not set(confidence_levels()) & set(TERMS)


def test_percent_range() -> None:
    assert percent_range(0.6, 0.75) == "60-75%"
    assert percent_range(0.2, 0.2) == "20%"


def test_judgment_sentence_states_likelihood_and_confidence_apart() -> None:
    names = {"RUS": "Russia", "BLR": "Belarus"}
    sentence = judgment_sentence(
        Question("RUS", "deploy", "BLR").describe(names), 0.7, (0.6, 0.75), "moderate", "all five conditions have support."
    )
    assert sentence == (
        "It is likely (60-75%) that Russia deploys military forces to Belarus; "
        "we have moderate confidence in this judgment because all five conditions have support."
    )


def test_judgment_sentence_reads_for_chance_terms_and_question_records() -> None:
    question = Question("RUS", "invade", "UKR", via="BLR")
    assert judgment_sentence(question, 0.5, (0.4, 0.6), "low") == (
        "There is a roughly even chance (40-60%) that RUS invades UKR from BLR; we have low confidence in this judgment."
    )
    assert judgment_sentence("Belarus joins the war", 0.02, (0.01, 0.04), "high").startswith("There is almost no chance (1-4%) that")


def test_judgment_sentence_rejects_bad_confidence_and_interval() -> None:
    with pytest.raises(ValueError, match="confidence 'likely'"):
        judgment_sentence("x", 0.7, (0.6, 0.8), "likely")
    with pytest.raises(ValueError, match="interval"):
        judgment_sentence("x", 0.7, (0.8, 0.6), "low")


def test_generated_tables_match_the_shared_sources() -> None:
    """scripts/build_assess_data.py, run on ../shared/kb-sources, writes exactly the packaged files."""
    import importlib.util

    sources = shared_path("kb-sources")
    spec = importlib.util.spec_from_file_location("build_assess_data", REPO / "scripts" / "build_assess_data.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    data = REPO / "src" / "faultline" / "data" / "assess"
    for name, header, rows in (
        ("icd203.tsv", build.HEADER_ICD, build.icd203_rows(sources / "icd203_likelihood_terms.csv")),
        ("admiralty.tsv", build.HEADER_ADMIRALTY, build.admiralty_rows(sources / "admiralty_code.csv")),
    ):
        assert (data / name).read_text(encoding="utf-8") == header + "".join("\t".join(r) + "\n" for r in rows)
