"""The command line over a temporary store: every command, and errors as one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SAMPLES


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "faultline", *args],
        capture_output=True, text=True, input=stdin, cwd=REPO, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


def test_ingest_list_show_export(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    ingested = run("--db", db, "ingest", str(SAMPLES), "--json")
    assert ingested.returncode == 0, ingested.stderr
    summary = json.loads(ingested.stdout)
    assert (summary["records"], summary["stored"], summary["store"]["articles"]) == (7, 6, 6)

    listed = json.loads(run("--db", db, "articles", "--json", "--search", "LASTING deployment").stdout)
    assert [row["title"] for row in listed] == ["Why Moscow Wants Its Troops to Stay in Belarus"]

    shown = run("--db", db, "show", listed[0]["id"][:6])
    assert shown.returncode == 0
    assert "Marta Kowalska (Eastern Security Institute)" in shown.stdout
    assert "teaser list: More from Eastern Flank Review" in shown.stdout

    exported = run("--db", db, "export", "articles", "--format", "jsonl")
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(rows) == 6 and {"id", "title", "paragraphs", "removed", "duplicate_of", "text"} <= set(rows[0])

    out = tmp_path / "errors.csv"
    assert run("--db", db, "export", "ingest_errors", "-f", "csv", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").count("not-article/index-page") == 1


def test_stdin_and_strict(tmp_path: Path) -> None:
    db = str(tmp_path / "stdin.duckdb")
    record = json.dumps({"title": "Piped", "text": "Officials said the drills would end on Sunday as planned, and troops would go home."})
    piped = run("--db", db, "ingest", "-", "--json", stdin=record + "\n{broken\n")
    assert piped.returncode == 0
    assert json.loads(piped.stdout)["rejected"] == {"malformed-json": 1}
    strict = run("--db", db, "ingest", "-", "--strict", stdin="{broken\n")
    assert strict.returncode == 4
    assert strict.stderr.strip().splitlines()[-1].startswith("error: 1 input(s) rejected")


def test_errors_are_one_line_naming_the_fix(tmp_path: Path) -> None:
    db = str(tmp_path / "e.duckdb")
    missing = run("--db", db, "ingest", str(tmp_path / "nope"))
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    run("--db", db, "ingest", str(SAMPLES))
    unknown = run("--db", db, "show", "zzzz")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "error: no article with id 'zzzz' (list ids with `faultline articles`)"
    bad_format = run("--db", db, "export", "articles", "--format", "xml")
    assert bad_format.returncode == 2 and "jsonl" in bad_format.stderr
    not_db = tmp_path / "notes.txt"
    not_db.write_text("hello", encoding="utf-8")
    refused = run("--db", str(not_db), "articles")
    assert refused.returncode == 3 and "is not a DuckDB database" in refused.stderr
    assert not_db.read_text(encoding="utf-8") == "hello"


def test_rendered_text_is_escaped(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    record = json.dumps({"title": "[bold red]Markup[/] <script>alert(1)</script>",
                         "text": "The [link=https://evil.example]minister[/link] said the talks would go on next week in Geneva."})
    run("--db", db, "ingest", "-", stdin=record + "\n")
    listed = json.loads(run("--db", db, "articles", "--json").stdout)
    shown = run("--db", db, "show", listed[0]["id"])
    assert "[link=https://evil.example]minister[/link]" in shown.stdout
    assert "[bold red]Markup[/]" in shown.stdout
