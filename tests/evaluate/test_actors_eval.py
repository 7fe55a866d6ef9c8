"""`faultline eval actors`: the metric on a hand-made file, and the gate on the shared dev set."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from faultline.evaluate.actors import evaluate_actors, iso_date, register

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEV = SHARED / "eval" / "actors_dev.jsonl.gz"
# Pinned floors, just under what the dev set measured (0.7532 / 0.6986); they only move up.
COUNTRY_FLOOR = 0.75
SECTOR_FLOOR = 0.69


def _gold(tmp_path: Path) -> Path:
    rows = [
        {"text": "Belarusian soldiers", "date": None, "country": "BLR", "sector": "MIL"},
        {"text": "Jens Stoltenberg", "date": "1 March 2022", "country": "IGO", "sector": None},
        {"text": "the European Union", "date": None, "country": "EUR", "sector": None},
        {"text": "Latvian farmers", "date": None, "country": "LVA", "sector": "AGR"},
        {"text": "a stranger", "date": None, "country": "", "sector": "????"},
        {"text": "Moldovan police", "date": None, "country": "MDA", "sector": "MIL"},
    ]
    path = tmp_path / "gold.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    return path


def test_metrics_on_handmade_gold(tmp_path: Path) -> None:
    result = evaluate_actors(_gold(tmp_path))
    assert result["items"] == 6
    assert result["country_accuracy"] == 1.0
    assert result["sector_judged"] == 3
    assert result["sector_accuracy"] == round(2 / 3, 4)
    assert result["misses"] == [
        {"text": "Moldovan police", "date": None, "gold": ["MDA", "MIL"], "got": ["MDA", "COP"]}
    ]
    assert result["confusions"]["sector"] == {"MIL->COP": 1}


def test_iso_date() -> None:
    assert iso_date("10 May 2015") == "2015-05-10"
    assert iso_date("October 1, 2021") == "2021-10-01"
    assert iso_date("2022-01-01") == "2022-01-01"
    assert iso_date(None) is None


def test_command_json_and_table(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """eval"""

    runner = CliRunner()
    gold = _gold(tmp_path)
    out = runner.invoke(app, ["actors", str(gold), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["country_accuracy"] == 1.0
    out = runner.invoke(app, ["actors", str(gold)])
    assert out.exit_code == 0 and "country accuracy 1.000" in out.output


def test_dev_gate() -> None:
    if not DEV.is_file():
        pytest.skip(f"shared dev set not found at {DEV}")
    result = evaluate_actors(DEV)
    assert result["items"] == 154
    assert result["country_accuracy"] >= COUNTRY_FLOOR
    assert result["sector_accuracy"] >= SECTOR_FLOOR
