"""Analysts' source grades in grading (migration 4), and the `faultline serve` command."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from faultline import cli
from faultline.assess.grading import (
    SourceGrade,
    source_reliability,
    store_grades,
    user_grades,
)
from faultline.store.db import Store
from faultline.store.schema import utc_now


def test_an_analyst_grade_wins_over_the_file_only_inside_user_grades() -> None:
    assert source_reliability("Nobody Knows Weekly").code == "F"
    with user_grades({"nobody knows weekly": SourceGrade("B", "nobody knows weekly", "checked")}):
        assert source_reliability("", "Nobody Knows Weekly") == SourceGrade("B", "nobody knows weekly", "checked")
    assert source_reliability("Nobody Knows Weekly").code == "F"


def test_store_grades_keep_the_latest_in_force() -> None:
    with Store.open(":memory:") as store:
        assert store.schema_version == 4
        rows = [("g1", "Harbour Wire", "C", "", "A", None), ("g2", "harbour  wire", "B", "wire", "B", None), ("g3", "Harbour Wire", "E", "", "C", utc_now())]
        store.execute([
            ("INSERT INTO source_grades VALUES ($id, $name, $grade, $why, $analyst, $at, $undone, NULL)",
             {"id": i, "name": n, "grade": g, "why": w, "analyst": a, "at": utc_now(), "undone": u})
            for i, n, g, w, a, u in rows
        ])
        assert store_grades(store) == {"harbour wire": SourceGrade("B", "harbour wire", "wire")}


def test_serve_is_a_command_bound_to_localhost_by_default(tmp_path: Path) -> None:
    cli._register_evals()
    result = CliRunner().invoke(cli.app, ["serve", "--help"])
    assert result.exit_code == 0 and "127.0.0.1" in result.output and "--db" in result.output
