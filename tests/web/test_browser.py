"""In a real browser: Playwright drives the system Chromium (`make browsers`) against uvicorn on a free port.

Skipped, with the reason, where /usr/bin/chromium is absent; Playwright's own browser downloads are
never used. The flows of issue 5's acceptance: an analyst opens the RUS deploy BLR question, rejects a
supporting item, sees the judgment change, undoes it and sees it restored; and uploads a file with a
``<script>`` in its text, and no script runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from faultline.web.app import create_app
from faultline.web.screenshots import CHROMIUM, running

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no {CHROMIUM}: run `make browsers` (installs Debian's chromium; needs root)")
TRAP = "window.__pwned === undefined ? null : window.__pwned"


@pytest.fixture
def browser_page(db: Path, tmp_path: Path) -> Iterator[tuple[object, str]]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")
    app = create_app(db, data_dir=tmp_path / "data")
    with running(app) as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        page.dialogs = []  # type: ignore[attr-defined]
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
        page.set_default_timeout(20_000)
        yield page, base
        browser.close()
    app.state.ctx.close()


def _sign_in(page, base: str) -> None:
    page.goto(base + "/")
    page.get_by_test_id("analyst-name").fill("Browser Analyst")
    page.get_by_test_id("analyst-set").click()
    page.wait_for_load_state()


def test_reject_a_supporting_item_then_undo(browser_page) -> None:
    page, base = browser_page
    _sign_in(page, base)
    page.goto(base + "/questions")
    page.get_by_test_id("define-actor").fill("RUS")
    page.get_by_test_id("define-action").select_option("deploy")
    page.get_by_test_id("define-target").fill("BLR")
    page.get_by_test_id("define-submit").click()
    page.wait_for_url(re.compile(r"/questions/intervention/RUS/deploy/BLR$"))
    page.goto(base + "/questions")
    page.get_by_test_id("question-RUS-deploy-BLR").click()
    page.wait_for_url(re.compile(r"/questions/intervention/RUS/deploy/BLR$"))
    before = page.get_by_test_id("probability").inner_text()
    record = page.request.get(base + "/api/questions/intervention/RUS/deploy/BLR").json()["assessment"]
    item = next(e for e in record["evidence"] if e["factor"] == record["weakest"] and e["direction"] == "supports")

    page.get_by_test_id(f"reject-{item['id']}").click()
    page.wait_for_url(re.compile(rf"#e-{item['id']}$"))
    after = page.get_by_test_id("probability").inner_text()
    assert after != before
    row = page.locator(f"#e-{item['id']}")
    assert row.get_attribute("data-rejected") == "yes"
    assert "rejected by Browser Analyst" in row.inner_text()

    row.locator("button.undo").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("probability").inner_text() == before
    assert page.locator(f"#e-{item['id']}").get_attribute("data-rejected") == "no"
    assert page.evaluate(TRAP) is None and page.dialogs == []


def test_an_uploaded_script_never_runs(browser_page, tmp_path: Path) -> None:
    page, base = browser_page
    _sign_in(page, base)
    upload = tmp_path / "pwn <script>.txt"
    upload.write_text(
        "Upload test <script>window.__pwned = 'title'; alert('title')</script> headline\n\n"
        "MINSK, 1 May 2031 - A reader sent <script>window.__pwned = 'body'; alert('body')</script> and "
        "<img src=x onerror=\"window.__pwned='img'\"> to the desk; Russian troops stayed in Belarus.\n",
        encoding="utf-8",
    )
    page.goto(base + "/ingest")
    page.get_by_test_id("upload-files").set_input_files(str(upload))
    page.get_by_test_id("upload-submit").click()
    page.wait_for_url(re.compile(r"/ingest/[0-9a-f]+$"))
    page.get_by_test_id("job-state").filter(has_text="done").wait_for()
    assert page.evaluate(TRAP) is None
    page.get_by_test_id("job-article").first.click()
    page.wait_for_load_state()
    title = page.get_by_test_id("article-title").inner_text()
    assert "<script>window.__pwned = 'title'; alert('title')</script>" in title
    text = page.get_by_test_id("article-text").inner_text()
    assert "<script>window.__pwned = 'body'" in text and "<img src=x onerror=" in text
    assert page.locator("main script").count() == 0 and page.locator("main img").count() == 0
    assert page.evaluate(TRAP) is None and page.dialogs == []
