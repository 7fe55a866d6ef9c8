"""The `faultline` command: a thin layer over importable functions (ingest, store, export, eval).

Every domain error becomes one red line naming the fix and an exit code; nothing else prints.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from faultline.errors import FaultlineError, InputError, StrictModeError
from faultline.settings import load_settings

app = typer.Typer(
    name="faultline",
    help="Structured, cited evidence and calibrated judgments of the use of military force, from raw news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure accuracy against gold data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

# Piped or captured output gets a fixed, roomy width instead of Rich's 80 columns.
PIPED_WIDTH = 120
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else PIPED_WIDTH)
err = Console(stderr=True, highlight=False, soft_wrap=True, width=None if sys.stderr.isatty() else PIPED_WIDTH)

DbOption = Annotated[
    Optional[str], typer.Option("--db", help="DuckDB store (default ./faultline.duckdb, or the `db` setting).")
]


KbOption = Annotated[
    Optional[list[Path]],
    typer.Option("--kb", help="Your own data directory (frameworks, actions, source grades); repeatable, searched first."),
]


class State:
    db: str | None = None
    kb: tuple[Path, ...] = ()


@app.callback()
def _main(db: DbOption = None, kb: KbOption = None) -> None:
    State.db = db
    for directory in kb or []:
        if not directory.is_dir():
            raise InputError(f"--kb {directory} is not a directory", "give a folder holding your data files (e.g. assess/frameworks/NAME.yaml)")
    State.kb = tuple(kb or ())


def _settings(**overrides: object) -> dict[str, object]:
    return load_settings({"db": State.db, **overrides})


def _open_store(read_only: bool = False):  # noqa: ANN202 - Store, imported lazily
    from faultline.store.db import Store

    return Store.open(str(_settings()["db"]), read_only=read_only)


# --- ingest -------------------------------------------------------------------------------------


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to read; '-' reads standard input.")],
    strict: Annotated[bool, typer.Option("--strict", help="Exit non-zero if any input is rejected.")] = False,
    batch_size: Annotated[Optional[int], typer.Option(help="Articles per store transaction.")] = None,
    workers: Annotated[Optional[int], typer.Option(help="Cleaning processes (0: one per core).")] = None,
    max_doc_bytes: Annotated[Optional[int], typer.Option(help="Largest document accepted, in bytes.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every committed batch.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Read articles, clean and deduplicate them, and store them with an audit of what was removed."""
    from faultline.ingest.run import IngestSummary, ingest as run_ingest

    settings = _settings(batch_size=batch_size, workers=workers, max_doc_bytes=max_doc_bytes)
    from faultline.store.db import Store

    with Store.open(str(settings["db"])) as store:
        progress = _IngestProgress(enabled=not as_json and err.is_terminal, verbose=verbose)
        with progress:
            summary: IngestSummary = run_ingest(
                paths, store, settings, hook=progress.update, stdin=sys.stdin.buffer if "-" in paths else None
            )
        totals = {"articles": store.count("articles"), "errors": store.count("ingest_errors")}
    if as_json:
        out.print_json(json.dumps({**summary.to_dict(), "store": totals}))
    else:
        _print_summary(summary, str(settings["db"]), totals)
    if strict and summary.rejected_total:
        raise StrictModeError(f"{summary.rejected_total} input(s) rejected", "see the table above, or drop --strict")


@app.command()
def extract(
    everything: Annotated[bool, typer.Option("--all", help="Re-extract every article, not only those never extracted.")] = False,
    workers: Annotated[Optional[int], typer.Option(help="Extraction processes (0: one per core).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every committed batch.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Run annotation and extraction on stored articles (after `extract = false`, or new rules)."""
    from faultline.ingest.run import reextract
    from faultline.store.db import Store

    settings = _settings(workers=workers)
    with Store.open(str(settings["db"])) as store:
        progress = _IngestProgress(enabled=not as_json and err.is_terminal, verbose=verbose)
        with progress:
            summary = reextract(store, settings, everything, hook=progress.update)
    if as_json:
        out.print_json(json.dumps(summary.to_dict()))
        return
    table = Table(title=f"extract in {escape(str(settings['db']))} ({summary.seconds:.1f} s)")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_column("detail")
    table.add_row("articles extracted", str(summary.stored), "rows replaced" if everything else "never extracted before")
    _extraction_rows(table, summary)
    out.print(table)


def _extraction_rows(table: Table, summary) -> None:  # noqa: ANN001 - IngestSummary
    events = summary.extracted["events"]
    share = f"{summary.extracted['non-asserted events'] / events:.0%} not asserted" if events else ""
    table.add_row("claims extracted", str(summary.extracted["claims"]), "attributed statements")
    table.add_row("events extracted", str(events), share)


class _IngestProgress:
    """A Rich progress line on a terminal; one line per committed batch with --verbose."""

    def __init__(self, enabled: bool, verbose: bool) -> None:
        self.verbose = verbose
        self.progress = None
        if enabled:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
            )
            self.task = self.progress.add_task("reading", total=None)

    def __enter__(self) -> _IngestProgress:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress:
            self.progress.stop()

    def update(self, summary, event: str) -> None:  # noqa: ANN001 - IngestSummary
        if self.verbose and event == "batch":
            err.print(f"committed batch {summary.batches}: {summary.stored} stored, {summary.records} records read")
        if self.progress and (event == "batch" or summary.records % 25 == 0):
            self.progress.update(
                self.task,
                description=f"files {summary.files_read}  records {summary.records}  stored {summary.stored}"
                f"  rejected {summary.rejected_total}",
            )


def _print_summary(summary, db: str, totals: dict[str, int]) -> None:  # noqa: ANN001 - IngestSummary
    table = Table(title=f"ingest into {escape(db)} ({summary.seconds:.1f} s)", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_column("detail")
    table.add_row("files read", str(summary.files_read), "")
    table.add_row("records read", str(summary.records), "")
    table.add_row("articles stored", str(summary.stored), "new in the store")
    for kind, count in sorted(summary.duplicates.items()):
        table.add_row(f"  of which {kind} duplicates", str(count), "kept, marked duplicate_of")
    table.add_row("exact repeats", str(summary.repeats), "already stored: nothing new")
    if summary.extracted:
        _extraction_rows(table, summary)
    for reason, count in summary.rejected.most_common():
        example = summary.examples[reason]
        table.add_row(f"rejected: {escape(reason)}", str(count), escape(f"{example.source_path}: {example.detail}"))
    table.add_row("store now holds", str(totals["articles"]), f"articles; {totals['errors']} rejected inputs on record")
    out.print(table)


# --- reading the store --------------------------------------------------------------------------


@app.command()
def articles(
    search: Annotated[Optional[str], typer.Option("--search", "-s", help="Substring of title or text.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only this outlet.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List stored articles."""
    with _open_store(read_only=True) as store:
        rows = store.list_articles(limit=limit, offset=offset, search=search, outlet=outlet)
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table(show_header=True)
    for column in ("id", "published", "outlet", "title", "paras", "removed", "duplicate_of"):
        table.add_column(column, no_wrap=True, overflow="ellipsis", max_width=56 if column == "title" else None)
    for row in rows:
        table.add_row(
            row["id"], row["published"], escape(row["outlet"] or ""), escape((row["title"] or "")[:80]),
            str(row["paragraphs"]), str(row["removed"]), row["duplicate_of"] or "",
        )
    out.print(table)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id or a unique prefix of it.")],
    removed: Annotated[bool, typer.Option("--removed/--no-removed", help="Show the removed blocks.")] = True,
    extractions: Annotated[
        bool, typer.Option("--extractions/--no-extractions", help="Show claims, events, times and mentions.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show one article: metadata, clean text, and every removed block with its reason."""
    with _open_store(read_only=True) as store:
        article = store.get_article(article_id)
    if as_json:
        row = article.to_row()
        if extractions:
            with _open_store(read_only=True) as store:
                for table in ("sentences", "mentions", "time_expressions", "quantities", "claims", "events"):
                    row[table] = store.extraction_rows(table, article.id)
        out.print_json(json.dumps(row, default=str))
        return
    authors = ", ".join(f"{a.name} ({a.affiliation})" if a.affiliation else a.name for a in article.authors)
    for label, value in (
        ("id", article.id), ("title", article.title), ("subtitle", article.subtitle), ("authors", authors),
        ("outlet", article.outlet), ("published", f"{article.published} ({article.published_from})" if article.published else ""),
        ("url", article.url), ("syndicated from", article.syndicated_from),
        ("duplicate of", article.duplicate_of or ""), ("source", article.source_path),
    ):
        if value:
            out.print(f"[bold]{label}:[/bold] {escape(value)}")
    out.print()
    for paragraph in article.paragraphs:
        out.print(escape(paragraph))
        out.print()
    if removed and article.removed:
        out.rule(f"removed ({len(article.removed)})")
        for block in article.removed:
            out.print(f"[dim]{escape(block.reason)}:[/dim] {escape(block.text)}")
    if extractions:
        _print_extractions(article.id)


def _actor(ref: dict | None) -> str:
    if not ref:
        return ""
    code = "/".join(x for x in (ref.get("actor"), ref.get("sector")) if x)
    return f"{ref.get('text') or ''} [{code}]" if code else (ref.get("text") or "")


def _print_extractions(article_id: str) -> None:
    with _open_store(read_only=True) as store:
        rows = {t: store.extraction_rows(t, article_id) for t in ("claims", "events", "time_expressions", "mentions")}
    claims = Table(title=f"claims ({len(rows['claims'])})", show_lines=False)
    for column in ("id", "source", "cue", "content", "quantity", "modality", "conflicts"):
        claims.add_column(column, overflow="fold")
    for c in rows["claims"]:
        q = c["quantity"] or {}
        bounds = q and " ".join(f"{k} {q[k]:g}" for k in ("value", "low", "high") if q.get(k) is not None)
        claims.add_row(
            c["id"], escape(_actor(c["source"])), escape(c["cue"] or ""), escape((c["content"] or "")[:160]),
            escape(f"{bounds} {q.get('unit') or ''}".strip()) if q else "", c["modality"], ", ".join(c["conflicts_with"] or []),
        )
    out.print(claims)
    events = Table(title=f"events ({len(rows['events'])})")
    for column in ("type", "mode", "source", "target", "where", "when", "modality", "trigger"):
        events.add_column(column, overflow="fold")
    for e in rows["events"]:
        when = e["date"] or {}
        span = when.get("start", "") if when.get("start") == when.get("end") else f"{when.get('start', '')}..{when.get('end', '')}"
        events.add_row(
            e["event_type"], e["mode"] or "", escape(_actor(e["source"])), escape(_actor(e["target"])),
            escape(e["location"] or ""), span.strip("."), e["modality"], escape(e["trigger"] or ""),
        )
    out.print(events)
    times = Table(title=f"time expressions ({len(rows['time_expressions'])})")
    for column in ("text", "from", "to", "granularity", "year inferred"):
        times.add_column(column)
    for t in rows["time_expressions"]:
        times.add_row(escape(t["text"]), str(t["value_start"] or ""), str(t["value_end"] or ""), t["granularity"],
                      "yes" if t["year_inferred"] else "")
    out.print(times)
    actors = sorted({(m["text"], m["kind"], m["actor"] or "", m["sector"] or "") for m in rows["mentions"]})
    out.print(f"[bold]mentions ({len(rows['mentions'])}):[/bold] " + escape(
        "; ".join(f"{text} ({'/'.join(x for x in (actor, sector) if x) or kind})" for text, kind, actor, sector in actors)
    ))


@app.command()
def export(
    table: Annotated[
        str,
        typer.Argument(
            help="Table: articles, mentions, claims, events, time_expressions, quantities, sentences, "
            "ingest_errors, article_minhash."
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Export a table as JSON lines, CSV or Parquet."""
    from faultline.store.export import export_table

    with _open_store(read_only=True) as store:
        rows = export_table(store, table, fmt, output, stream=None if output else sys.stdout)
    if output:
        err.print(f"wrote {rows} rows to {escape(str(output))}")


def _register_evals() -> None:
    from faultline import cli_assess, cli_web
    from faultline.evaluate import actors, extraction, plover

    extraction.register(eval_app)
    actors.register(eval_app)
    plover.register(eval_app)
    cli_assess.register(app)
    cli_web.register(app)


def main() -> None:
    """Entry point: run the app, turning domain errors into one line and an exit code."""
    _register_evals()
    try:
        app()
    except FaultlineError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        raise SystemExit(error.exit_code) from None
    except KeyboardInterrupt:
        err.print("[red]interrupted[/red]: batches already committed are kept; re-run to complete")
        raise SystemExit(130) from None
