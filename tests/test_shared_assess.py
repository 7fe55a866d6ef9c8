"""Issue 4's acceptance through the command line, on the seeds and the official releases.

Skipped where ../shared is absent (a user's fresh clone).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.test_cli import run

STRONG = ("likely", "very likely", "almost certain")
WEAK = ("unlikely", "very unlikely", "almost no chance")
FACTORS = ["justification", "local_support", "resistance", "feasibility", "costs"]


def _assess(db: str, *question: str) -> dict:
    result = run("--db", db, "assess", "--framework", "intervention", *question, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("assess")
    db = str(folder / "seeds.duckdb")
    assert run("--db", db, "ingest", str(shared_path("seeds"))).returncode == 0
    result = run("--db", db, "export", "articles")
    articles = {Path(a["source_path"]).name[:3]: a for a in map(json.loads, result.stdout.splitlines())}
    return {"db": db, "folder": str(folder), "fp": articles["003"]["id"], "fp_text": articles["003"]["text"], "mt": articles["000"]["id"]}


def _items(record: dict, factor: str, direction: str) -> list[dict]:
    return [e for e in record["evidence"] if e["factor"] == factor and e["direction"] == direction and not e["rejected"]]


def test_deployment_to_belarus_has_every_condition_from_foreign_policy(seeds: dict) -> None:
    record = _assess(seeds["db"], "--actor", "RUS", "--action", "deploy", "--target", "BLR")
    assert [f["factor"] for f in record["factors"]] == FACTORS
    for factor in record["factors"]:
        quoted = [e for e in _items(record, factor["factor"], "supports") if e["article_id"] == seeds["fp"]]
        assert quoted, f"{factor['factor']} has no supporting quote from the Foreign Policy article"
        assert all(e["quote"] in seeds["fp_text"] for e in quoted)
        assert factor["status"] == "supported"
    assert record["missing"] == [] and record["words"] in STRONG
    # Likelihood and confidence are stated apart (ICD 203), in the record and in the sentence.
    assert record["confidence"] in ("low", "moderate", "high")
    assert record["summary"].startswith(f"It is {record['words']} (")
    assert f"; we have {record['confidence']} confidence in this judgment because" in record["summary"]
    costs = {e["quote"][e["start"] : e["end"]] for e in _items(record, "costs", "supports")}
    assert {"lower risk option", "entailing much less risk"} & costs


def test_invasion_from_belarus_is_held_down_by_its_costs(seeds: dict) -> None:
    deploy = _assess(seeds["db"], "--actor", "RUS", "--action", "deploy", "--target", "BLR")
    invade = _assess(seeds["db"], "--actor", "RUS", "--action", "invade", "--target", "UKR", "--via", "BLR")
    costs = next(f for f in invade["factors"] if f["factor"] == "costs")
    assert costs["status"] in ("undermined", "missing") and costs["score"] < 0.5
    cues = [e["quote"][e["start"] : e["end"]].lower() for e in _items(invade, "costs", "undermines")]
    assert any("sanction" in c for c in cues) and "diplomatic isolation" in " ".join(e["quote"] for e in _items(invade, "costs", "undermines"))
    assert invade["probability"] < deploy["probability"]
    assert invade["words"] in WEAK


def test_belarus_joining_the_war_is_unlikely_citing_the_moscow_times(seeds: dict) -> None:
    record = _assess(seeds["db"], "--actor", "BLR", "--action", "join-war", "--target", "UKR")
    assert record["words"] in WEAK
    [estimate] = record["estimates"]
    item = next(e for e in record["evidence"] if e["id"] == estimate["evidence"])
    assert item["article_id"] == seeds["mt"] and "highly unlikely the Belarusian army would take part" in item["quote"]
    assert (estimate["words"], item["quote"][item["start"] : item["end"]]) == ("very unlikely", "highly unlikely")
    assert record["probability"] < record["model_probability"]


def test_an_override_changes_the_assessment_and_survives_reingest(seeds: dict, tmp_path: Path) -> None:
    db = str(tmp_path / "override.duckdb")
    assert run("--db", db, "ingest", str(shared_path("seeds"))).returncode == 0
    question = ("--actor", "RUS", "--action", "deploy", "--target", "BLR")
    before = _assess(db, *question)
    resistance = _items(before, "resistance", "supports")
    # Reject every supporting item of the weakest factor: it falls to no evidence (0.5), which lowers the whole.
    for item in resistance:
        result = run("--db", db, "evidence", "reject", item["id"], "--analyst", "Test Analyst", "--note", "not about resistance")
        assert result.returncode == 0, result.stderr
    after = _assess(db, *question)
    assert after["probability"] == pytest.approx(0.5) and after["probability"] < before["probability"]
    assert {e["id"] for e in after["evidence"] if e["rejected"]} == {e["id"] for e in resistance}
    assert all(e["analyst"]["name"] == "Test Analyst" for e in after["evidence"] if e["rejected"])
    assert run("--db", db, "ingest", str(shared_path("seeds"))).returncode == 0
    again = _assess(db, *question)
    assert again["probability"] == after["probability"] and again["evidence"] == after["evidence"]
    for item in resistance:
        assert run("--db", db, "evidence", "undo", item["id"], "--analyst", "Test Analyst").returncode == 0
    assert _assess(db, *question)["probability"] == pytest.approx(before["probability"])


@pytest.fixture(scope="module")
def official(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("official") / "official.duckdb")
    result = run("--db", db, "ingest", str(shared_path("corpus", "official_releases.jsonl.gz")), "--workers", "2")
    assert result.returncode == 0, result.stderr
    return db


def test_weekly_trajectory_over_the_official_releases_is_drawn_in_the_report(official: str, tmp_path: Path) -> None:
    html, data = tmp_path / "trajectory.html", tmp_path / "trajectory.json"
    args = ("--db", official, "report", "-q", "RUS invade UKR", "--from", "2021-11-01", "--to", "2022-02-24", "--step", "week")
    for path in (html, data):
        result = run(*args, "-o", str(path))
        assert result.returncode == 0, result.stderr
    [record] = json.loads(data.read_text(encoding="utf-8"))["assessments"]
    steps = [p["as_of"] for p in record["trajectory"]]
    assert len(steps) == 18 and steps[0] == "2021-11-01" and steps[-2:] == ["2022-02-21", "2022-02-24"]
    assert record["trajectory"][0]["moved_by"] == [] and sum(len(p["moved_by"]) for p in record["trajectory"]) > 100
    page = html.read_text(encoding="utf-8")
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert len(re.findall(r"<circle\b", svg)) == 18
    assert not re.search(r"""(?i)(?:src|href)\s*=\s*["']?(?!["']?#)""", page)
    assert "http://" not in page.replace("&#34;", '"').split("<body", 1)[0] and "<script" not in page.lower()
