"""PNG screenshots of the main pages over a store (``make screenshots``), for the README.

Serves the app on a free local port in a thread and drives the system Chromium (Debian's ``chromium``,
installed by ``make browsers``) through Playwright; Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 900}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 in a daemon thread; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def shoot(db: Path, out: Path, chromium: str = CHROMIUM) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from faultline.web.app import create_app

    out.mkdir(parents=True, exist_ok=True)
    # A copy: the server writes (assessments, the analyst's name is only a cookie), the demo store stays as made.
    with tempfile.TemporaryDirectory(prefix="faultline-shots-") as tmp:
        copy = Path(tmp) / "store.duckdb"
        shutil.copy(db, copy)
        app = create_app(copy, data_dir=Path(tmp) / "data")
        written = []
        with running(app) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium)
            page = browser.new_page(viewport=VIEWPORT)
            first_question = page.request.get(f"{base}/api/questions").json()["questions"]
            first_article = page.request.get(f"{base}/api/articles").json()["articles"]
            targets = [("overview", "/"), ("questions", "/questions"), ("articles", "/articles"), ("claims", "/claims"), ("timeline", "/events"), ("sources", "/sources"), ("ingest", "/ingest")]
            if first_question:
                deploy = next((q for q in first_question if q["key"] == "RUS deploy BLR"), first_question[0])
                targets.insert(1, ("question", deploy["url"]))
            if first_article:
                targets.insert(4, ("article", f"/articles/{first_article[0]['id']}"))
            for name, path in targets:
                page.goto(base + path)
                target = out / f"{name}.png"
                page.screenshot(path=str(target), full_page=name not in ("question", "article", "timeline", "claims"))
                written.append(target)
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the store to show (e.g. out/demo.duckdb from `make demo`)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="folder for the PNGs")
    parser.add_argument("--chromium", default=CHROMIUM, help="the Chromium binary (run `make browsers` to install Debian's)")
    args = parser.parse_args(argv)
    if not Path(args.chromium).exists():
        print(f"no {args.chromium}: run `make browsers` (as root) first", file=sys.stderr)
        return 2
    if not args.db.is_file():
        print(f"no store at {args.db}: run `make demo` first", file=sys.stderr)
        return 2
    for path in shoot(args.db, args.out, args.chromium):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
