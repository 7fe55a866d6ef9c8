"""`faultline serve`: the web app (issue 5) over the store, bound to this machine unless told otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on. The default serves this machine only; 0.0.0.0 opens it to the network.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = DEFAULT_PORT,
    db: Annotated[str | None, typer.Option("--db", help="DuckDB store (default: the global --db, else the `db` setting).")] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help="Where uploads are kept (default: faultline-data/ beside the store).")] = None,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", help="Largest file accepted per upload, in MB.")] = 20.0,
) -> None:
    """Serve the web app: articles, claims, timeline, questions and their assessments, sources, ingest."""
    import uvicorn

    from faultline import cli
    from faultline.web.app import create_app

    if db:
        cli.State.db = db
    path = str(cli._settings()["db"])
    app = create_app(path, data_dir=data_dir, kb_dirs=cli.State.kb, max_upload_bytes=int(max_upload_mb * 1_000_000), settings=cli._settings())
    cli.err.print(f"serving {escape(path)} on http://{escape(host)}:{port} (Ctrl-C stops)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        cli.err.print("[yellow]warning:[/yellow] listening beyond this machine: anyone who reaches this port can read and change the store")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
