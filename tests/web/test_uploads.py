"""Uploads: streamed into the data directory under generated names, bounded, refused with reasons; and
readers keep working while an ingest runs."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from faultline.web import jobs as jobs_module
from faultline.web.app import create_app
from faultline.web.uploads import stored_name
from tests.web.conftest import login, post, token

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

ARTICLE = "Title of a {n}\n\nMINSK, 3 May 2031 - Russian troops stayed in Belarus on day {n} of the drills, the ministry said.\n"


def upload(client: TestClient, files: list[tuple[str, bytes]], text: str = "", headers: dict | None = None):
    return client.post(
        "/ingest", data={"csrf": token(client), "text": text}, files=[("files", (name, body, "text/plain")) for name, body in files],
        headers={"Accept": "application/json", **(headers or {})}, follow_redirects=False,
    )


def finished(client: TestClient, job_id: str) -> dict:
    assert client.app.state.jobs.get(job_id).done.wait(60)
    return client.get(f"/api/ingest/{job_id}").json()


def test_generated_names_cannot_escape() -> None:
    assert stored_name(1, "../../etc/passwd.txt") == "001-passwd.txt"
    assert stored_name(2, "..\\..\\boot.ini.html") == "002-boot_ini.html"
    assert stored_name(3, "crawl.WARC.gz") == "003-crawl.warc.gz"
    assert stored_name(4, "/abs/%%.txt") == "004-upload.txt"
    assert stored_name(6, ".txt") is None
    assert stored_name(5, "evil.exe") is None


def test_upload_stores_inside_the_data_dir_and_reports_bad_files(analyst: TestClient, tmp_path: Path) -> None:
    text = ARTICLE.format(n=1).encode()
    response = upload(analyst, [("../../outside.txt", text), ("virus.exe", b"MZ"), ("empty.txt", b""), ("binary.txt", b"\x00\x01\x02" * 50)], text=ARTICLE.format(n=2))
    assert response.status_code == 202
    job = finished(analyst, response.json()["id"])
    assert job["state"] == "done" and job["stored"] == 2
    results = {f["name"]: (f["status"], f["stored_as"], f["reason"]) for f in job["files"]}
    assert results["../../outside.txt"][:2] == ("accepted", "001-outside.txt")
    assert results["virus.exe"][0] == "rejected" and "unsupported file type" in results["virus.exe"][2]
    assert results["empty.txt"] == ("rejected", None, "empty file")
    assert results["(pasted text)"][0] == "accepted"
    assert [r["name"] for r in job["rejections"]] == ["binary.txt"] and job["rejections"][0]["reason"].startswith("binary")
    data = tmp_path / "data" / "uploads" / job["id"]
    assert sorted(p.name for p in data.iterdir()) == ["001-outside.txt", "004-binary.txt", "005-pasted.txt"]
    assert not (tmp_path / "outside.txt").exists() and not (tmp_path / "data" / "outside.txt").exists()
    page = analyst.get(f"/ingest/{job['id']}").text
    assert "unsupported file type" in page and "empty file" in page and len(job["articles"]) == 2


def test_upload_size_is_capped(db: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    app = create_app(db, data_dir=tmp_path / "data", max_upload_bytes=1000)
    with TestClient(app) as client:
        client.get("/")
        login(client)
        response = upload(client, [("big.txt", b"x" * 5000), ("small.txt", ARTICLE.format(n=3).encode())])
        job = finished(client, response.json()["id"])
        big = next(f for f in job["files"] if f["name"] == "big.txt")
        assert big["status"] == "rejected" and "over the upload limit of 1,000 bytes" in big["reason"] and big["stored_as"] is None
        assert sorted(p.name for p in (tmp_path / "data" / "uploads" / job["id"]).iterdir()) == ["002-small.txt"]
        too_much = upload(client, [(f"f{k}.txt", b"y" * 999) for k in range(60)])
        assert too_much.status_code == 413 and "in all" in too_much.json()["error"]
    app.state.ctx.close()


def test_upload_needs_the_csrf_token_before_any_file(analyst: TestClient, tmp_path: Path) -> None:
    response = analyst.post("/ingest", files=[("files", ("a.txt", b"hello", "text/plain"))], data={"csrf": "bad"}, headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert not (tmp_path / "data" / "uploads").exists() or not any((tmp_path / "data" / "uploads").rglob("*.txt"))
    with_header = analyst.post("/ingest", files=[("files", ("a.txt", ARTICLE.format(n=4).encode(), "text/plain"))], headers={"Accept": "application/json", "X-CSRF-Token": token(analyst)})
    assert with_header.status_code == 202
    finished(analyst, with_header.json()["id"])


def test_readers_and_writers_keep_working_while_an_ingest_runs(analyst: TestClient, monkeypatch) -> None:
    """The ingest thread stops after its first committed batch; pages read it and analysts write meanwhile."""
    reached, release = threading.Event(), threading.Event()
    real = jobs_module.ingest

    def paused(paths, store, settings, hook=None):
        def pausing(summary, stage):
            hook(summary, stage)
            if stage == "batch" and not reached.is_set():
                reached.set()
                assert release.wait(60)

        return real(paths, store, {**settings, "batch_size": 2}, hook=pausing)

    monkeypatch.setattr(jobs_module, "ingest", paused)
    before = analyst.get("/api/articles").json()["total"]
    response = upload(analyst, [(f"a{k}.txt", ARTICLE.format(n=10 + k).encode()) for k in range(5)])
    job_id = response.json()["id"]
    assert reached.wait(60)
    running = analyst.get(f"/api/ingest/{job_id}").json()
    assert running["state"] == "running" and running["stored"] == 2
    assert analyst.get("/api/articles").json()["total"] == before + 2
    assert analyst.get("/api").json()["ingesting"] is True
    assert post(analyst, "/questions", {"actor": "RUS", "action": "deploy", "target": "BLR"}).status_code == 303
    assert analyst.get("/api/questions/intervention/RUS/deploy/BLR").status_code == 200
    release.set()
    job = finished(analyst, job_id)
    assert (job["state"], job["stored"]) == ("done", 5)
    assert analyst.get("/api/articles").json()["total"] == before + 5
