"""`faultline eval plover`: the metric on a hand-made file, and the gate on the shared dev set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from faultline.evaluate.plover import evaluate_plover, gold_label, register

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEV = SHARED / "eval" / "plover_gsr_dev.json"
# Pinned floors, just under what the dev set measured (0.8137 / 0.8375 / 0.7759 after the precision pass of
# issue 3: nouns need their own actor, dictionary words a verb position; target 0.7832, source sector 0.6449,
# target sector 0.5584, span 0.7416 after the recipient rules; source 0.8438, span 0.7454 once ranks such as
# "Lt." end no sentence); they only move up.
EVENT_FLOOR = 0.81
SOURCE_FLOOR = 0.84
MACRO_F1_FLOOR = 0.77
TARGET_FLOOR = 0.78
SOURCE_SECTOR_FLOOR = 0.64
TARGET_SECTOR_FLOOR = 0.55
SPAN_F1_FLOOR = 0.74


def _gold(tmp_path: Path) -> Path:
    rows = [
        {"id": "1", "event": "FIGHT", "text": "Israeli soldiers attacked Palestinian villages on Monday.",
         "source": [{"actorText": "Israeli soldiers", "code": "ISR", "sector": "MIL"}],
         "target": [{"actorText": "Palestinian", "code": "PSE"}]},
        {"id": "2", "event": "DEMAND", "text": "Greece demanded that Turkey withdraw its troops.",
         "source": [{"actorText": "Greece", "code": "GRC"}], "target": [{"actorText": "Turkey", "code": "TUR"}]},
        {"id": "3", "event": "AGREE", "text": "Nothing happened here.", "source": "", "target": None},
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def test_old_labels_are_mapped() -> None:
    assert [gold_label({"event": e}) for e in ("FIGHT", "DEMAND", "DISAPPROVE", "INVESTIGATE", "SUPPORT")] == [
        "ASSAULT", "REQUEST", "ACCUSE", "ACCUSE", "SUPPORT"]


def test_metrics_on_handmade_gold(tmp_path: Path) -> None:
    result = evaluate_plover(_gold(tmp_path))
    assert result["items"] == 3
    assert result["event_accuracy"] == round(2 / 3, 4)
    assert result["source_country_accuracy"] == 1.0
    assert result["judged"]["source_country"] == 2
    assert result["confusion"]["AGREE"] == {"-": 1}
    assert result["actor_span_f1"] > 0.5


def test_cli_json(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:  # a group, so "plover" is a sub-command as under `faultline eval`
        """eval"""

    result = CliRunner().invoke(app, ["plover", str(_gold(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["items"] == 3
    table = CliRunner().invoke(app, ["plover", str(_gold(tmp_path))])
    assert table.exit_code == 0 and "event accuracy" in table.output


@pytest.mark.skipif(not DEV.is_file(), reason="needs ../shared/eval/plover_gsr_dev.json")
def test_dev_floors() -> None:
    result = evaluate_plover(DEV)
    assert result["event_accuracy"] >= EVENT_FLOOR
    assert result["source_country_accuracy"] >= SOURCE_FLOOR
    assert result["event_macro_f1"] >= MACRO_F1_FLOOR
    assert result["target_country_accuracy"] >= TARGET_FLOOR
    assert result["source_sector_accuracy"] >= SOURCE_SECTOR_FLOOR
    assert result["target_sector_accuracy"] >= TARGET_SECTOR_FLOOR
    assert result["actor_span_f1"] >= SPAN_F1_FLOOR
