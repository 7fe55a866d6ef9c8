"""Admiralty grades: the two scales, the source table and its overrides, credibility from corroboration."""

from __future__ import annotations

from pathlib import Path

import pytest

from faultline.errors import AssessDataError
from faultline.assess.grading import admiralty_code, credibility, scale, source_reliability
from faultline.errors import ConfigError


def test_scales() -> None:
    assert tuple(scale("reliability")) == ("A", "B", "C", "D", "E", "F")
    assert tuple(scale("credibility")) == ("1", "2", "3", "4", "5", "6")
    assert scale("reliability")["F"].label == "Reliability cannot be judged"
    assert scale("credibility")["1"].label == "Confirmed by other sources"
    assert all(g.description for s in ("reliability", "credibility") for g in scale(s).values())


def test_admiralty_code() -> None:
    assert admiralty_code("B", 2) == "B2"
    with pytest.raises(ValueError):
        admiralty_code("G", 2)


def test_source_reliability_lookup_and_default() -> None:
    assert source_reliability("Foreign Policy").code == "B"
    assert source_reliability("the  moscow times").code == "B"  # case, spaces and a leading "The" fold
    unknown = source_reliability("Some Blog")
    assert (unknown.code, unknown.key) == ("F", "")
    # The first name the table knows wins: speaker, then outlet, then actor code.
    assert source_reliability("an anonymous official", "TASS", "RUS GOV").code == "D"


def write_table(tmp_path: Path, text: str) -> tuple[Path, ...]:
    (tmp_path / "assess").mkdir()
    (tmp_path / "assess" / "source_reliability.tsv").write_text(text, encoding="utf-8")
    return (tmp_path,)


def test_user_rows_add_and_override(tmp_path: Path) -> None:
    dirs = write_table(tmp_path, "# mine\nForeign Policy\tC\tdisagree\nNATO\tb\tofficial statements\n")
    assert source_reliability("Foreign Policy", extra_dirs=dirs).code == "C"
    assert source_reliability("nato", extra_dirs=dirs).code == "B"
    assert source_reliability("Reuters", extra_dirs=dirs).code == "B"  # ours still there


def test_bad_grade_names_file_and_fix(tmp_path: Path) -> None:
    dirs = write_table(tmp_path, "Some Blog\tG\n")
    with pytest.raises(AssessDataError) as err:
        source_reliability("x", extra_dirs=dirs)
    assert isinstance(err.value, ConfigError)
    assert "source_reliability.tsv" in str(err.value) and "A-F" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("corroborating", "contradicting", "agreeing", "grade"),
    [
        (2, 0, 0, 1),
        (5, 0, 3, 1),
        (1, 0, 0, 2),
        (0, 0, 2, 3),
        (3, 1, 0, 3),
        (1, 1, 0, 4),
        (0, 1, 0, 5),
        (1, 2, 4, 5),
        (0, 0, 0, 6),
    ],
)
def test_credibility(corroborating: int, contradicting: int, agreeing: int, grade: int) -> None:
    assert credibility(corroborating, contradicting, agreeing) == grade


def test_credibility_rejects_negative_counts() -> None:
    with pytest.raises(ValueError):
        credibility(-1, 0)
