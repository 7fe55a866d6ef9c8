"""The assessment commands: `assess`, `evidence ...`, `report` and `demo`, over the Western Shield fixtures.

Commands run in-process (typer's CliRunner: spaCy loads once); errors run the real entry point in a
subprocess, since turning a domain error into one line and an exit code is `faultline.cli.main`'s job.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from faultline import cli
from faultline.records import evidence_id
from faultline.store.db import Store
from tests.assess.conftest import FIXTURES, KB, TITLES
from tests.conftest import REPO

cli._register_evals()
INVADE = ["--actor", "RUS", "--action", "invade", "--target", "UKR", "--via", "BLR"]
DEPLOY = ["--actor", "RUS", "--action", "deploy", "--target", "BLR"]
ASSESSMENT_KEYS = {"framework", "question", "as_of", "probability", "interval", "words", "confidence", "summary", "factors", "evidence"}
QUESTION = "RUS invade UKR via BLR"


def faultline(db: Path, *args: str, kb: bool = True) -> Result:
    options = ["--db", str(db)] + (["--kb", str(KB[0])] if kb else [])
    result = CliRunner().invoke(cli.app, [*options, *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def as_json(result: Result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ids(db: Path) -> dict[str, str]:
    with Store.open(db, read_only=True) as store:
        return {row["title"]: row["id"] for row in store.query("SELECT id, title FROM articles")}


def item_id(db: Path, factor: str, direction: str, short: str, idx: int) -> str:
    return evidence_id("intervention", QUESTION, factor, direction, f"{ids(db)[TITLES[short]]}:{idx}")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "crisis.duckdb"
    assert faultline(path, "ingest", str(FIXTURES)).exit_code == 0
    return path


def test_assess_json_is_the_assessment_record(db: Path) -> None:
    record = as_json(faultline(db, "assess", *INVADE, "--json"))
    assert ASSESSMENT_KEYS <= set(record)
    assert (record["framework"], record["question"]["text"], record["as_of"]) == ("intervention", "Russia invades Ukraine from Belarus", None)
    assert (round(record["probability"], 6), record["words"], record["confidence"], len(record["evidence"])) == (0.322581, "unlikely", "moderate", 8)
    assert [f["factor"] for f in record["factors"]] == ["justification", "local_support", "resistance", "feasibility", "costs"]

    dated = as_json(faultline(db, "assess", *INVADE, "--as-of", "2025-03-15", "--from", "2025-03-01", "--to", "2025-03-22", "--json"))
    assert (dated["as_of"], len(dated["evidence"])) == ("2025-03-15", 7)
    assert [p["as_of"] for p in dated["trajectory"]] == ["2025-03-01", "2025-03-08", "2025-03-15", "2025-03-22"]
    assert [len(p["moved_by"]) for p in dated["trajectory"]] == [0, 1, 6, 1]
    with Store.open(db, read_only=True) as store:
        assert store.count("assessments") == 2


def test_assess_prints_the_judgment_and_its_factor_table(db: Path) -> None:
    result = faultline(db, "assess", *DEPLOY)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("There is a roughly even chance (10-90%) that Russia deploys military forces to Belarus; we have low confidence")
    assert lines[1].split() == ["likelihood:", "roughly", "even", "chance", "(50%)", "confidence:", "low"]
    assert "Conditions for a military intervention: Russia deploys military forces to Belarus" in result.stdout
    assert "Left out" in result.stdout and "duplicate of an article already counted" in result.stdout


def test_evidence_list_reject_confirm_rerate_add_undo_and_history(db: Path) -> None:
    listed = as_json(faultline(db, "evidence", "list", *INVADE, "--json"))
    assert len(listed) == 8
    assert len(as_json(faultline(db, "evidence", "list", *INVADE, "--factor", "costs", "--json"))) == 3

    courier = item_id(db, "costs", "undermines", "courier", 0)
    rejected = faultline(db, "evidence", "reject", courier[:8], "--analyst", "Ann Analyst", "--note", "copies Reuters")
    assert rejected.exit_code == 0, rejected.output
    first, second = rejected.stdout.splitlines()[:2]
    assert re.fullmatch(rf"reject {courier} \(RUS invade UKR via BLR, costs\) by Ann Analyst: override [0-9a-f]{{12}}", first)
    assert second.startswith("recomputed: It is unlikely (5-70%) that Russia invades Ukraine from Belarus") and "costs, holds with 34%; 7 evidence items" in second
    rejection_id = first.rsplit(" ", 1)[1]

    friendly = item_id(db, "local_support", "supports", "undated", 1)
    assert faultline(db, "evidence", "confirm", friendly, "--analyst", "Boris Analyst").exit_code == 0
    buildup = item_id(db, "resistance", "undermines", "courier", 2)
    assert faultline(db, "evidence", "rerate", buildup, "--weight", "2.5", "--analyst", "Boris Analyst").exit_code == 0
    fuel = f"{ids(db)[TITLES['reuters_0320']]}:1"
    added = faultline(db, "evidence", "add", *INVADE, "--factor", "feasibility", "--direction", "supports", "--sentence", fuel, "--weight", "2", "--analyst", "Cleo Analyst")
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith("added ") and "(RUS invade UKR via BLR, feasibility, supports) by Cleo Analyst" in added.stdout

    items = {e["id"]: e for e in as_json(faultline(db, "evidence", "list", *INVADE, "--json"))}
    assert len(items) == 9
    assert (items[courier]["rejected"], items[courier]["analyst"]["name"], items[courier]["analyst"]["note"]) == (True, "Ann Analyst", "copies Reuters")
    assert (items[friendly]["grade"], items[friendly]["weight"]) == ("F1", 0.8)
    assert (items[buildup]["weight"], items[buildup]["effective"]) == (2.5, 2.5)
    [new] = [e for e in items.values() if e["item_kind"] == "analyst"]
    assert (new["sentence_id"], new["factor"], new["weight"], new["rule"]) == (fuel, "feasibility", 2.0, "added by Cleo Analyst")
    record = as_json(faultline(db, "assess", *INVADE, "--json"))
    assert (record["missing"], record["probability"]) == (["resistance"], 0.2)

    undone = faultline(db, "evidence", "undo", rejection_id, "--analyst", "Dana Analyst")
    assert undone.exit_code == 0
    assert undone.stdout.startswith(f"undid reject of {courier} by Ann Analyst (override {rejection_id})")
    assert as_json(faultline(db, "evidence", "list", *INVADE, "--factor", "costs", "--json"))[1]["rejected"] is False

    rows = as_json(faultline(db, "evidence", "history", "--json"))
    assert [(r["action"], r["analyst"], r["undone_by"]) for r in rows] == [
        ("add", "Cleo Analyst", None), ("rerate", "Boris Analyst", None), ("confirm", "Boris Analyst", None), ("reject", "Ann Analyst", "Dana Analyst"),
    ]
    assert all(r["created_at"] for r in rows) and rows[-1]["undone_at"] and rows[-1]["note"] == "copies Reuters"
    table = faultline(db, "evidence", "history")
    assert table.exit_code == 0 and table.stdout.startswith("Overrides (4)")


def test_an_override_survives_ingesting_again_and_extract_all(db: Path) -> None:
    courier = item_id(db, "costs", "undermines", "courier", 0)
    assert faultline(db, "assess", *INVADE).exit_code == 0
    assert faultline(db, "evidence", "reject", courier, "--analyst", "Ann Analyst").exit_code == 0
    assert as_json(faultline(db, "ingest", str(FIXTURES), "--json"))["repeats"] == 7
    assert as_json(faultline(db, "extract", "--all", "--json"))["stored"] == 7
    record = as_json(faultline(db, "assess", *INVADE, "--json"))
    assert next(e for e in record["evidence"] if e["id"] == courier)["rejected"] is True
    assert round(record["probability"], 6) == 0.344828


def test_the_html_report_is_escaped_and_offline(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = faultline(db, "report", "-o", str(out), "-q", "RUS deploy BLR", "-q", QUESTION)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"report: {out}"
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    links = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"'\s>]*)""", html, re.IGNORECASE)
    assert links and not [link for link in links if re.match(r"(?:https?:)?//", link)]
    assert "Russia deploys military forces to Belarus" in html and "Russia invades Ukraine from Belarus" in html


def test_report_defaults_to_the_questions_assessed_before(db: Path, tmp_path: Path) -> None:
    assert faultline(db, "assess", *INVADE, "--report", str(tmp_path / "one.md")).exit_code == 0
    assert (tmp_path / "one.md").read_text(encoding="utf-8").count("Russia invades Ukraine from Belarus") >= 1
    out = tmp_path / "report.json"
    assert faultline(db, "report", "-o", str(out)).exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [a["question"]["text"] for a in report["assessments"]] == ["Russia invades Ukraine from Belarus"]
    assert {TITLES["courier"], TITLES["undated"]} <= {a["title"] for a in report["articles"]}


def test_demo_runs_the_whole_chain_on_the_bundled_samples(tmp_path: Path) -> None:
    db, out = tmp_path / "demo.duckdb", tmp_path / "demo.html"
    result = faultline(db, "demo", "-o", str(out), kb=False)
    assert result.exit_code == 0, result.output
    summaries = [line for line in result.stdout.splitlines() if line.startswith(("It is", "There is"))]
    assert [re.search(r"that (.+?);", s).group(1) for s in summaries] == [  # type: ignore[union-attr]
        "Russia deploys military forces to Belarus", "Russia invades Ukraine from Belarus", "Belarus joins a war against Ukraine"
    ]
    assert f"Report: {out}" in result.stdout
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "Belarus joins a war against Ukraine" in html
    with Store.open(db, read_only=True) as store:
        assert store.count("articles") == 6
        assert [r["question"] for r in store.query("SELECT question FROM assessments ORDER BY computed_at")] == ["RUS deploy BLR", QUESTION, "BLR join-war UKR"]


# --- errors: one line, exit code 2 ------------------------------------------------------------------


@pytest.fixture(scope="module")
def assessed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "assessed.duckdb"
    assert faultline(path, "ingest", str(FIXTURES)).exit_code == 0
    assert faultline(path, "assess", *INVADE).exit_code == 0
    return path


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "faultline", "--db", str(db), "--kb", str(KB[0]), *args],
        capture_output=True, text=True, cwd=REPO, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"}, check=False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evidence", "reject", "zzzz", "--analyst", "Ann"], "no evidence with id 'zzzz' (list ids with `faultline evidence list --actor ... --action ... --target ...`)"),
        (["evidence", "rerate", "COURIER", "--factor", "morale", "--analyst", "Ann"],
         "framework intervention has no factor 'morale' (use one of justification, local_support, resistance, feasibility, costs)"),
        (["evidence", "rerate", "COURIER", "--direction", "sideways", "--analyst", "Ann"], "direction 'sideways' (use supports or undermines)"),
        (["evidence", "rerate", "COURIER", "--weight", "11", "--analyst", "Ann"], "weight 11.0 (use a weight from 0 to 10)"),
        (["evidence", "confirm", "COURIER", "--analyst", " "], "an override needs the analyst's name (pass --analyst NAME (at most 100 characters) or set FAULTLINE_ANALYST)"),
        (["evidence", "add", *INVADE, "--factor", "costs", "--direction", "supports", "--sentence", "", "--analyst", "Ann"],
         "adding evidence needs a factor, a direction and a sentence (pass --factor, --direction and --sentence SENTENCE_ID (see `faultline show`))"),
        (["assess", *INVADE, "--as-of", "2025-13-01"], "--as-of '2025-13-01' is not a date (write it as YYYY-MM-DD, e.g. 2022-02-24)"),
    ],
)
def test_errors_are_one_line_and_exit_2(assessed: Path, args: list[str], message: str) -> None:
    courier = item_id(assessed, "costs", "undermines", "courier", 0)
    result = run(assessed, *[courier if a == "COURIER" else a for a in args])
    assert (result.returncode, result.stderr.splitlines()) == (2, [f"error: {message}"])
    assert result.stdout == ""
    with Store.open(assessed, read_only=True) as store:
        assert store.count("evidence_overrides") == 0


def test_evidence_overrides_and_assessments_export_like_every_other_table(db: Path, tmp_path: Path) -> None:
    assert faultline(db, "assess", *INVADE).exit_code == 0
    first = item_id(db, "costs", "undermines", "courier", 0)
    assert faultline(db, "evidence", "reject", first, "--analyst", "Ann Analyst", "--note", "copy").exit_code == 0
    evidence = [json.loads(line) for line in faultline(db, "export", "evidence").stdout.splitlines()]
    assert len(evidence) == 8 and {e["question"] for e in evidence} == {QUESTION}
    assert [(e["id"], e["rejected"]) for e in evidence if e["rejected"]] == [(first, True)]
    overrides = [json.loads(line) for line in faultline(db, "export", "evidence_overrides").stdout.splitlines()]
    assert [(o["evidence_id"], o["action"], o["analyst"], o["note"], o["undone_at"]) for o in overrides] == [(first, "reject", "Ann Analyst", "copy", None)]
    out = tmp_path / "assessments.csv"
    assert faultline(db, "export", "assessments", "--format", "csv", "-o", str(out)).exit_code == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("framework,question,as_of,computed_at,probability") and len(rows) == 3  # header, assess, recompute


def test_a_source_grade_set_in_the_store_applies_to_the_command_line_too(db: Path) -> None:
    """Grades analysts set in the web app (migration 4's source_grades) are not the web's alone."""
    before = {e["id"]: e for e in as_json(faultline(db, "assess", *INVADE, "--json"))["evidence"]}
    reuters = [i for i, e in before.items() if e["source"] == "Reuters"]
    assert reuters and {before[i]["reliability"] for i in reuters} == {"B"}
    with Store.open(db) as store:
        store.execute([(
            "INSERT INTO source_grades VALUES ('g1', 'Reuters', 'E', 'retracted twice this month', 'Ann Analyst', TIMESTAMP '2025-03-21 10:00:00', NULL, NULL)",
            {},
        )])
    after = {e["id"]: e for e in as_json(faultline(db, "assess", *INVADE, "--json"))["evidence"]}
    assert {after[i]["reliability"] for i in reuters} == {"E"}
    assert all(after[i]["weight"] < before[i]["weight"] for i in reuters)
