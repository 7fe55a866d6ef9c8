"""The ingest job end to end: accounting, idempotence, bad input, and a kill mid-run."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from faultline.ingest import run
from faultline.records import Article
from faultline.ingest.run import DocumentWork, _Executor, ingest, writer_threads
from faultline.store.db import Store
from faultline.store.export import export_table

from tests.conftest import REPO, SAMPLES


def _export(store: Store) -> str:
    buffer = io.StringIO()
    export_table(store, "articles", "jsonl", None, stream=buffer)
    return buffer.getvalue()


def test_samples_accounting_and_idempotence(settings: dict[str, object]) -> None:
    with Store.open(":memory:") as store:
        first = ingest([SAMPLES], store, settings)
        assert (first.files_read, first.records, first.stored, first.repeats) == (5, 7, 6, 0)
        assert dict(first.duplicates) == {"near": 1}
        assert dict(first.rejected) == {"not-article/index-page": 1}
        before = _export(store)
        again = ingest([SAMPLES], store, settings)
        assert (again.stored, again.repeats, dict(again.rejected)) == (0, 6, {"not-article/index-page": 1})
        assert _export(store) == before
        assert store.count("ingest_errors") == 1
        copy = store.get_article("0b47628a03a22ac3")
        assert copy.duplicate_of == "5ea64e437d9298a2" and copy.syndicated_from == "Vilnius Wire"


def _bad_inputs(folder: Path) -> None:
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    with open(folder / "huge.txt", "wb") as handle:  # 200 MB, sparse: rejected by size, never read
        handle.truncate(200 * 1024 * 1024)
    (folder / "lines.jsonl").write_text(
        '{"title": "Fine", "text": "The talks in Geneva ended on Tuesday without any agreement, officials said."}\n'
        '{"title": "Broken", "text": "unterminated\n'
        "not json at all\n",
        encoding="utf-8",
    )
    whole = gzip.compress(b'{"text": "A record that would have been fine had the file been complete."}\n' * 200)
    (folder / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "nobody.html").write_text("<html><head><title>Empty</title></head><body></body></html>", encoding="utf-8")


def test_bad_inputs_are_reported_and_change_nothing_stored(tmp_path: Path, settings: dict[str, object]) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    _bad_inputs(bad)
    with Store.open(tmp_path / "store.duckdb") as store:
        ingest([SAMPLES], store, settings)
        before = _export(store)
        summary = ingest([bad], store, settings)
        after = _export(store)
        errors = store.error_counts()
    assert summary.stored == 1  # the one good line of lines.jsonl
    assert after.startswith(before)  # everything stored before is byte-for-byte the same
    assert dict(summary.rejected) == {
        "binary": 1,
        "empty": 1,
        "undecodable": 1,
        "too-large": 1,
        "malformed-json": 2,
        "truncated-gzip": 1,
        "no-text": 1,
    }
    assert summary.records == summary.stored + summary.repeats + summary.rejected_total
    assert errors["malformed-json"] == 2 and errors["too-large"] == 1


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "faultline", *args]


def _many_articles(path: Path, count: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(count):
            text = (
                f"Report number {number}: officials in city {number} said that {number * 7} soldiers had arrived "
                f"by train on day {number % 28 + 1}, and that unit {number * 3} would leave after exercise {number}. "
                f"The ministry in region {number} gave no figures of its own and said the drills were defensive."
            )
            handle.write(json.dumps({"title": f"Report {number}", "url": f"https://w.example/{number}", "text": text}) + "\n")


def test_killing_ingest_mid_run_leaves_a_consistent_store_and_rerun_completes(tmp_path: Path) -> None:
    corpus = tmp_path / "many.jsonl"
    _many_articles(corpus, 3000)
    db = tmp_path / "kill.duckdb"
    process = subprocess.Popen(
        _cli("--db", str(db), "ingest", str(corpus), "--batch-size", "50", "--verbose"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("committed batch 3:"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    with Store.open(db) as store:
        partial = store.count("articles")
        assert 150 <= partial < 3000
        assert store.count("article_minhash") == partial  # no half-written batch
    finished = subprocess.run(_cli("--db", str(db), "ingest", str(corpus), "--json"), capture_output=True, text=True, cwd=REPO, check=True)
    summary = json.loads(finished.stdout)
    assert summary["stored"] == 3000 - partial and summary["repeats"] == partial
    assert summary["store"]["articles"] == 3000


@pytest.mark.parametrize("workers", [2])
def test_process_pool_gives_the_same_store(
    tmp_path: Path, settings: dict[str, object], workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(":memory:") as one:
        ingest([SAMPLES], one, {**settings, "workers": 1})
        single = _export(one)
    monkeypatch.setattr(run, "POOL_MIN_PARTS", 1)  # the samples (two parts) are too few to start a pool otherwise
    with Store.open(":memory:") as many:
        ingest([SAMPLES], many, {**settings, "workers": workers})
        parallel = _export(many)
    strip = lambda text: [{k: v for k, v in json.loads(l).items() if k != "ingested_at"} for l in text.splitlines()]  # noqa: E731
    assert strip(single) == strip(parallel)


def test_a_few_documents_start_no_pool(settings: dict[str, object]) -> None:
    from faultline.ingest.read import Reader

    executor = _Executor(2)
    try:
        done = list(executor.run(DocumentWork(False, frozenset(), None, 5), Reader(settings).read([SAMPLES])))
        assert sum(isinstance(d.result, Article) for d in done) == 6 and len(done) == 7  # and one rejected
        assert executor.pool is None
    finally:
        executor.close()


def test_the_writer_gets_the_cores_the_workers_leave(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert [writer_threads(w) for w in (1, 2, 6, 8, 12)] == [None, 6, 2, 1, 1]


def test_extract_later_and_again_replaces_rows(settings: dict[str, object]) -> None:
    from faultline.ingest.run import reextract

    with Store.open(":memory:") as store:
        ingest([SAMPLES], store, {**settings, "extract": False})
        assert store.count("claims") == 0 and store.count("sentences") == 0
        first = reextract(store, settings, everything=False)
        counts = {t: store.count(t) for t in ("sentences", "mentions", "claims", "events")}
        assert first.stored == 6 and counts["sentences"] > 20 and counts["claims"] > 5
        assert reextract(store, settings, everything=False).stored == 0  # nothing left unextracted
        again = reextract(store, settings, everything=True)
        assert again.stored == 6
        assert {t: store.count(t) for t in counts} == counts  # replaced, not appended
