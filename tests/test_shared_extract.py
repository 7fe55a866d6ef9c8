"""Issue 3's acceptance through the command line, on the seeds and the scraped dev corpus.

Skipped where ../shared is absent (a user's fresh clone).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tests.test_cli import run


def _export(db: str, table: str) -> list[dict]:
    result = run("--db", db, "export", table)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    db = str(tmp_path_factory.mktemp("extract") / "seeds.duckdb")
    assert run("--db", db, "ingest", str(shared_path("seeds"))).returncode == 0
    articles = {Path(a["source_path"]).name[:3]: a["id"] for a in _export(db, "articles")}
    tables = {t: _export(db, t) for t in ("claims", "events", "mentions", "time_expressions", "quantities")}
    return {"db": db, "fp": articles["003"], "mt": articles["000"], **tables}


def test_claims_sources_quantities_and_conflicts(seeds: dict) -> None:
    claims = seeds["claims"]
    nato = next(c for c in claims if c["source"]["name"] == "Jens Stoltenberg")
    assert nato["source"]["actor"] == "NATO" and nato["quantity"]["value"] == 30000.0 and nato["quantity"]["unit"] == "troops"
    experts = next(c for c in claims if c["source"]["text"] == "Russian military experts")
    assert experts["source"]["actor"] == "RUS" and experts["quantity"]["value"] == 10000.0
    assert experts["id"] in nato["conflicts_with"] and nato["id"] in experts["conflicts_with"]
    official = next(c for c in claims if "State Department official" in c["source"]["text"])
    assert official["source"]["actor"] == "USA" and "no longer in control" in official["content"]
    reply = next(c for c in claims if "protect the country on its own territory" in c["content"])
    assert (reply["source"]["actor"], reply["source"]["sector"]) == ("BLR", "GOV")
    baltic = next(c for c in claims if c["quantity"] and c["quantity"]["low"] == 30000.0)
    assert "Baltic states and Poland" in baltic["content"] and baltic["source"]["actor"] == "BLR"
    assert baltic["conflicts_with"] == [] and baltic["id"] not in nato["conflicts_with"]


def test_time_expressions(seeds: dict) -> None:
    def spans(article: str, text: str) -> set[tuple[str, str, bool]]:
        return {(t["value_start"], t["value_end"], t["year_inferred"]) for t in seeds["time_expressions"]
                if t["article_id"] == article and t["text"] == text}

    assert spans(seeds["mt"], "for ten days from Feb. 10") == {("2022-02-10", "2022-02-19", True)}
    assert spans(seeds["mt"], "the beginning of December") == {("2021-12-01", "2021-12-10", True)}
    fp_jan17 = [t for t in seeds["time_expressions"] if t["article_id"] == seeds["fp"] and t["text"] == "Jan. 17"]
    assert len(fp_jan17) == 2  # troops entering Belarus; Lukashenko's speech
    assert all((t["value_start"], t["year_inferred"], t["anchor"]) == ("2022-01-17", True, "2021-09-09") for t in fp_jan17)


def test_distance_upper_bound(seeds: dict) -> None:
    miles = next(q for q in seeds["quantities"] if q["unit"] == "miles")
    assert (miles["high"], miles["low"], json.loads(miles["converted"])) == (56.0, None, {"high": 90.1, "unit": "km"})


def test_events_and_modality(seeds: dict) -> None:
    events = seeds["events"]
    mobilize = [e for e in events if e["event_type"] == "MOBILIZE" and e["source"] and e["source"]["actor"] == "RUS"
                and e["location"] == "BLR"]
    assert any(e["source"]["sector"] == "MIL" and e["modality"] == "asserted" for e in mobilize)
    threaten = [e for e in events if e["event_type"] == "THREATEN" and e["trigger"] == "threatening"]
    assert [(e["source"]["actor"], e["target"]["actor"], e["modality"]) for e in threaten] == [("USA", "BLR", "asserted")]
    assert any(e["event_type"] == "PROTEST" for e in events)
    for fragment in ("If a war did break out", "There’s no way Lukashenko would involve", "Ukraine launched counterstrikes",
                     "Moscow launching an attack from Belarusian territory"):
        items = [e for e in events if fragment in e["sentence"] and e["event_type"] == "ASSAULT"]
        assert items, fragment
        assert all(e["modality"] in ("hypothetical", "conditional", "negated") for e in items), fragment


def test_weapons_typed_with_operators(seeds: dict) -> None:
    weapons = {m["entity"]: m for m in seeds["mentions"] if m["kind"] == "weapon"}
    assert set(weapons) >= {"Su-35S", "Su-30SM", "Pantsir", "Iskander", "S-400"}
    assert all(weapons[w]["actor"] == "RUS" and weapons[w]["weapon_type"] for w in weapons)
    assert "BLR" in weapons["Su-30SM"]["operators"] and weapons["Su-30SM"]["block"].startswith("removed:")


def test_show_lists_the_extractions(seeds: dict) -> None:
    shown = run("--db", seeds["db"], "show", seeds["mt"])
    assert "Jens Stoltenberg" in shown.stdout and "THREATEN" in shown.stdout and "for ten days from Feb. 10" in shown.stdout


def test_eval_commands_meet_their_floors() -> None:
    plover = json.loads(run("eval", "plover", str(shared_path("eval", "plover_gsr_dev.json")), "--json").stdout)
    assert plover["event_accuracy"] >= 0.70 and plover["source_country_accuracy"] >= 0.80
    actors = json.loads(run("eval", "actors", str(shared_path("eval", "actors_dev.jsonl.gz")), "--json").stdout)
    assert actors["country_accuracy"] >= 0.70


def test_scraped_news_dev_summary(tmp_path: Path) -> None:
    corpus = shared_path("corpus", "scraped_news_dev.jsonl.gz")
    result = run("--db", str(tmp_path / "dev.duckdb"), "ingest", str(corpus), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["records"] == 224 and summary["stored"] + summary["repeats"] + sum(summary["rejected"].values()) == 224
    extracted = summary["extracted"]
    assert extracted["claims"] > 500 and extracted["events"] > 1000
    assert 0 < extracted["non-asserted events"] < extracted["events"]
