"""The AEB extraction benchmark: the metric on hand-made cases, the command, and the pinned floor."""

from __future__ import annotations

import gzip
import io
import json
import lzma
import tarfile
from collections import Counter
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from faultline.errors import InputError
from faultline.evaluate.extraction import (
    evaluate_aeb,
    match_counts,
    precision,
    recall,
    register,
    shingles,
    summarise,
)

SHARED_EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"

# Measured 2026-11 with trafilatura 2.3.1 on all 181 pages: precision 0.947, recall 0.978,
# F1 0.962, mean per-document F1 0.956 (published trafilatura F1 on AEB: 0.958). Floors only move up.
AEB_FLOORS = {"f1": 0.955, "precision": 0.94, "recall": 0.97, "mean_doc_f1": 0.95}

ARTICLE = (
    "Russian forces arrived in Belarus in January for joint exercises that NATO says involve some "
    "30,000 troops, while Russian experts speak of about 10,000."
)
PAGE = f"""<html><head><title>Troops</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World news today</a></nav>
<article><p>{ARTICLE}</p></article>
<footer>Copyright 2022 Example Times, all rights reserved worldwide.</footer>
</body></html>"""


def test_shingles() -> None:
    assert shingles("A b, c d e!") == Counter({("A", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1})
    assert shingles("too short") == Counter({("too", "short"): 1})
    assert shingles("") == Counter()


def test_match_counts() -> None:
    # gold shingles: abcd bcde cdef; predicted: abcd bcde cdex dexy
    assert match_counts("a b c d e f", "a b c d e x y") == (2, 2, 1)
    assert match_counts("a b c d", "") == (0, 0, 1)
    assert match_counts("", "") == (0, 0, 0)


def test_precision_and_recall_edge_cases() -> None:
    assert (precision(2, 2, 1), recall(2, 2, 1)) == (0.5, 2 / 3)
    assert (precision(0, 0, 0), recall(0, 0, 0)) == (1.0, 1.0)  # both empty: perfect
    assert (precision(0, 0, 3), recall(0, 0, 3)) == (0.0, 0.0)  # nothing extracted


def test_summarise_follows_the_benchmark() -> None:
    rows = [
        {"id": "a", "precision": 0.5, "recall": 1.0, "f1": 2 / 3, "counts": (1, 1, 0), "rejected": ""},
        {"id": "b", "precision": 0.0, "recall": 0.0, "f1": 0.0, "counts": (0, 0, 4), "rejected": "no-text"},
    ]
    result = summarise(rows)
    # precision averages only documents with a prediction; recall every document with gold text
    assert {k: result[k] for k in ("documents", "precision", "recall", "f1", "mean_doc_f1", "rejected")} == {
        "documents": 2,
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "mean_doc_f1": 1 / 3,
        "rejected": 1,
    }


def make_benchmark(tmp_path: Path) -> tuple[Path, Path]:
    """Two gold documents: one page we extract exactly, one page missing from the tar."""
    html_tar = tmp_path / "aeb_html.tar"
    with tarfile.open(html_tar, "w") as tar:
        data = gzip.compress(PAGE.encode())
        info = tarfile.TarInfo("html/good.html.gz")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    truth = tmp_path / "truth.json.xz"
    gold = {"good": {"articleBody": ARTICLE, "url": "u1"}, "lost": {"articleBody": "a b c d e", "url": "u2"}}
    truth.write_bytes(lzma.compress(json.dumps(gold).encode()))
    return html_tar, truth


def test_evaluate_on_a_hand_made_benchmark(tmp_path: Path) -> None:
    result = evaluate_aeb(*make_benchmark(tmp_path))
    assert [(r["id"], r["precision"], r["recall"], r["rejected"]) for r in result["rows"]] == [
        ("good", 1.0, 1.0, ""),
        ("lost", 0.0, 0.0, "missing-page"),
    ]
    assert (result["precision"], result["recall"], result["f1"]) == (1.0, 0.5, 2 / 3)


def test_missing_benchmark_files_name_the_fix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="pass its path"):
        evaluate_aeb(tmp_path / "nope.tar", tmp_path / "nope.json")


def eval_app() -> typer.Typer:
    app = typer.Typer()
    sub = typer.Typer()
    register(sub)
    app.add_typer(sub, name="eval")
    return app


def test_command_json_and_table(tmp_path: Path) -> None:
    html_tar, truth = make_benchmark(tmp_path)
    runner = CliRunner()
    as_json = runner.invoke(eval_app(), ["eval", "extraction", str(html_tar), str(truth), "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["documents"] == 2
    table = runner.invoke(eval_app(), ["eval", "extraction", str(html_tar), str(truth)])
    assert table.exit_code == 0, table.output
    assert "F1" in table.output and "0.667" in table.output


@pytest.mark.shared
def test_aeb_floor() -> None:
    html_tar, truth = SHARED_EVAL / "aeb_html.tar", SHARED_EVAL / "aeb_ground_truth.json.xz"
    if not (html_tar.is_file() and truth.is_file()):
        pytest.skip(f"AEB benchmark not found under {SHARED_EVAL}")
    result = evaluate_aeb(html_tar, truth)
    assert result["documents"] == 181
    assert result["rejected"] == 0
    scores = {name: round(result[name], 3) for name in AEB_FLOORS}
    assert all(scores[name] >= floor for name, floor in AEB_FLOORS.items()), scores
