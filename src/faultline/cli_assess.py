"""CLI commands of assessment (issue 4): `assess`, `evidence ...`, `report` and `demo`.

Registered on the main app by :func:`register`; every command is a thin layer over
:mod:`faultline.assess.engine`, :mod:`faultline.assess.overrides` and :mod:`faultline.render`.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from faultline.errors import InputError

if TYPE_CHECKING:
    from faultline.assess.questions import Question
    from faultline.store.db import Store

evidence_app = typer.Typer(help="List, confirm, reject, re-rate, add or undo evidence of a question.", no_args_is_help=True)

FrameworkOpt = Annotated[str, typer.Option("--framework", help="Framework to assess with (see data/assess/frameworks).")]
ActorOpt = Annotated[str, typer.Option("--actor", help="Who would act: an actor code such as RUS.")]
ActionOpt = Annotated[str, typer.Option("--action", help="What it would do: deploy, invade, join-war (data/assess/actions.yaml).")]
TargetOpt = Annotated[str, typer.Option("--target", help="Against or into whom: an actor code such as UKR.")]
ViaOpt = Annotated[str, typer.Option("--via", help="Staging country, if any: an actor code such as BLR.")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", help="Use only articles dated up to this day (YYYY-MM-DD).")]
FromOpt = Annotated[Optional[str], typer.Option("--from", help="Trajectory: first date (YYYY-MM-DD).")]
ToOpt = Annotated[Optional[str], typer.Option("--to", help="Trajectory: last date (YYYY-MM-DD).")]
StepOpt = Annotated[str, typer.Option("--step", help="Trajectory step: day, week, month or Nd.")]
ScenariosOpt = Annotated[Optional[str], typer.Option("--scenarios", help="Also weigh a scenarios framework (ACH), e.g. scenarios.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
AnalystOpt = Annotated[Optional[str], typer.Option("--analyst", help="Who makes the change (default $FAULTLINE_ANALYST, else the login name).")]
NoteOpt = Annotated[str, typer.Option("--note", help="Why: kept with the change.")]

# What `faultline demo` asks of the bundled sample corpus (src/faultline/data/samples).
DEMO_QUESTIONS = (("RUS", "deploy", "BLR", ""), ("RUS", "invade", "UKR", "BLR"), ("BLR", "join-war", "UKR", ""))
DEMO_DB = "out/demo.duckdb"
DEMO_REPORT = "out/demo-report.html"


def _cli():  # noqa: ANN202 - the cli module, imported late to avoid a cycle
    from faultline import cli

    return cli


def _kb() -> tuple[Path, ...]:
    return tuple(Path(d) for d in _cli().State.kb)


def _question(actor: str, action: str, target: str, via: str) -> Question:
    from faultline.assess.questions import make_question

    return make_question(actor, action, target, via, _kb())


def _names() -> dict[str, str]:
    from faultline.kb import KnowledgeBase

    return KnowledgeBase.load(_kb()).actor_names()


def _series(start: str | None, end: str | None, step: str) -> list[date]:
    from faultline.assess.engine import date_series, parse_date

    if not start and not end:
        return []
    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    if first is None or last is None:
        raise InputError("a trajectory needs both --from and --to", "pass --from YYYY-MM-DD --to YYYY-MM-DD (and --step)")
    return date_series(first, last, step)


def _assess(store: Store, framework: str, question: Question, as_of: str | None, series: list[date], scenarios: str | None) -> dict[str, Any]:
    from faultline.assess.engine import assess, parse_date

    err = _cli().err
    steps = f", {len(series)} dates" if series else ""
    with err.status(f"assessing {question}{steps} ...") if err.is_terminal else nullcontext():
        return assess(store, framework, question, parse_date(as_of, "--as-of"), series, scenarios, _kb(), _names())


def _analyst(name: str | None) -> str:
    return name or os.environ.get("FAULTLINE_ANALYST") or getpass.getuser()


def _print_json(value: Any) -> None:
    """Plain JSON on stdout: records can be megabytes, too many for a pretty-printer."""
    sys.stdout.write(json.dumps(value, default=str, ensure_ascii=False) + "\n")


def _pct(p: float) -> str:
    return f"{p:.0%}"


def print_assessment(record: dict[str, Any], evidence_per_factor: int = 2) -> None:
    out = _cli().out
    out.print(f"[bold]{escape(record['summary'])}[/bold]")
    out.print(f"likelihood: {record['words']} ({_pct(record['probability'])})   confidence: {record['confidence']}")
    table = Table(title=f"{record['framework_title']}: {escape(record['question']['text'])}" + (f", as of {record['as_of']}" if record["as_of"] else ""))
    for column in ("factor", "status", "score", "interval", "for", "against", "evidence (strongest first)"):
        table.add_column(column, overflow="fold")
    by_id = {e["id"]: e for e in record["evidence"]}
    for factor in record["factors"]:
        items = sorted((by_id[i] for i in factor["evidence"] if not by_id[i]["rejected"]), key=lambda e: -e["effective"])
        quotes = "\n".join(
            f"{'+' if e['direction'] == 'supports' else '-'} {e['id'][:8]} {escape(_excerpt(e))} [dim]({escape(e['outlet'] or '?')}, {e['grade']}, {e['modality']})[/dim]"
            for e in items[:evidence_per_factor]
        )
        table.add_row(
            escape(factor["name"]), factor["status"], _pct(factor["score"]), f"{_pct(factor['low'])}-{_pct(factor['high'])}",
            f"{factor['supports']:.2f}", f"{factor['undermines']:.2f}", quotes or "-",
        )
    out.print(table)
    for estimate in record["estimates"]:
        e = by_id[estimate["evidence"]]
        out.print(f"stated estimate: {estimate['words']} ({_pct(estimate['low'])}-{_pct(estimate['high'])}): {escape(_excerpt(e, 200))} [dim]({escape(e['outlet'] or '?')})[/dim]")
    if record["trajectory"]:
        steps = Table(title="Trajectory")
        for column in ("as of", "probability", "interval", "words", "confidence", "new items"):
            steps.add_column(column)
        for point in record["trajectory"]:
            steps.add_row(point["as_of"], _pct(point["probability"]), f"{_pct(point['low'])}-{_pct(point['high'])}", point["words"], point["confidence"], str(len(point["moved_by"])))
        out.print(steps)
    if record["left_out"]:
        left = Table(title="Left out")
        left.add_column("reason")
        left.add_column("count", justify="right")
        for row in record["left_out"]:
            left.add_row(escape(row["reason"]), str(row["count"]))
        out.print(left)


def _excerpt(e: dict[str, Any], width: int = 110) -> str:
    """The cue in its sentence, shortened around it."""
    quote, start = e["quote"], e["start"]
    if len(quote) <= width:
        return " ".join(quote.split())
    left = max(0, min(start - width // 3, len(quote) - width))
    piece = quote[left : left + width]
    return ("..." if left else "") + " ".join(piece.split()) + ("..." if left + width < len(quote) else "")


def assess_command(
    actor: ActorOpt,
    action: ActionOpt,
    target: TargetOpt,
    via: ViaOpt = "",
    framework: FrameworkOpt = "intervention",
    as_of: AsOfOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    step: StepOpt = "week",
    scenarios: ScenariosOpt = None,
    report: Annotated[Optional[Path], typer.Option("--report", "-o", help="Also write a report (.html, .md or .json).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Judge whether ACTOR will ACTION TARGET: factor scores, probability, ICD 203 words, confidence."""
    question = _question(actor, action, target, via)
    series = _series(start, end, step)
    with _cli()._open_store() as store:
        record = _assess(store, framework, question, as_of, series, scenarios)
    if report:
        _write_report([record], report, None, store_path=str(_cli()._settings()["db"]))
    if as_json:
        _print_json(record)
    else:
        print_assessment(record)
    if report:
        _cli().err.print(f"report: {escape(str(report))}")


def _write_report(records: list[dict[str, Any]], path: Path, fmt: str | None, store_path: str) -> Path:
    from faultline.render import write_report
    from faultline.assess.report import report_record

    return write_report(report_record(records, store_path), path, fmt)


# --- evidence -----------------------------------------------------------------------------------


def _evidence_row(store: Store, ident: str) -> dict[str, Any]:
    rows = store.query("SELECT * FROM evidence WHERE starts_with(id, $id) ORDER BY computed_at DESC LIMIT 2", {"id": ident})
    if not ident or not rows:
        raise InputError(f"no evidence with id {ident!r}", "list ids with `faultline evidence list --actor ... --action ... --target ...`")
    if len({(r["framework"], r["question"], r["id"]) for r in rows}) > 1:
        raise InputError(f"evidence id prefix {ident!r} is ambiguous", "give more characters of the id")
    return rows[0]


def _recompute(store: Store, framework: str, question_key: str) -> None:
    from faultline.assess.questions import split_question

    record = _assess(store, framework, _question(*split_question(question_key)), None, [], None)
    _cli().out.print(f"recomputed: {escape(record['summary'])}")


@evidence_app.command("list")
def evidence_list(
    actor: ActorOpt,
    action: ActionOpt,
    target: TargetOpt,
    via: ViaOpt = "",
    framework: FrameworkOpt = "intervention",
    factor: Annotated[Optional[str], typer.Option("--factor", help="Only this factor.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every evidence item of a question, with its id, grade, modality and the rule that found it."""
    question = _question(actor, action, target, via)
    with _cli()._open_store() as store:
        record = _assess(store, framework, question, None, [], None)
    items = [e for e in record["evidence"] if factor is None or e["factor"] == factor]
    if as_json:
        _print_json(items)
        return
    table = Table(title=f"Evidence: {escape(record['question']['text'])} ({len(items)} items)")
    for column in ("id", "factor", "dir", "weight", "grade", "modality", "outlet", "rule", "quote", "analyst"):
        table.add_column(column, overflow="fold")
    for e in items:
        analyst = e["analyst"]
        table.add_row(
            e["id"], e["factor"], "+" if e["direction"] == "supports" else "-", f"{e['effective']:.2f}", e["grade"], e["modality"],
            escape(e["outlet"] or "?"), escape(e["rule"]), escape(_excerpt(e, 90)),
            ("[red]rejected[/red] " if e["rejected"] else "") + (escape(f"{analyst['action']} by {analyst['name']}") if analyst else ""),
        )
    _cli().out.print(table)


def _override(ident: str, action: str, analyst: str | None, note: str, **changes: Any) -> None:
    from faultline.assess.frameworks import load_framework
    from faultline.assess.overrides import record_override

    with _cli()._open_store() as store:
        row = _evidence_row(store, ident)
        framework = load_framework(row["framework"], _kb())
        override = record_override(store, framework, row["question"], action, _analyst(analyst), evidence_id=row["id"], note=note, **changes)
        _cli().out.print(f"{action} {row['id']} ({escape(row['question'])}, {row['factor']}) by {escape(override.analyst)}: override {override.id}")
        _recompute(store, row["framework"], row["question"])


@evidence_app.command("confirm")
def evidence_confirm(evidence_id: Annotated[str, typer.Argument(help="Evidence id (or prefix).")], analyst: AnalystOpt = None, note: NoteOpt = "") -> None:
    """Vouch for an item: it counts as confirmed (credibility 1)."""
    _override(evidence_id, "confirm", analyst, note)


@evidence_app.command("reject")
def evidence_reject(evidence_id: Annotated[str, typer.Argument(help="Evidence id (or prefix).")], analyst: AnalystOpt = None, note: NoteOpt = "") -> None:
    """Take an item out of the assessment (it stays listed, marked rejected)."""
    _override(evidence_id, "reject", analyst, note)


@evidence_app.command("rerate")
def evidence_rerate(
    evidence_id: Annotated[str, typer.Argument(help="Evidence id (or prefix).")],
    weight: Annotated[Optional[float], typer.Option("--weight", help="New weight (0-10), replacing rule weight x grades.")] = None,
    direction: Annotated[Optional[str], typer.Option("--direction", help="supports or undermines.")] = None,
    factor: Annotated[Optional[str], typer.Option("--factor", help="Move it to another factor.")] = None,
    analyst: AnalystOpt = None,
    note: NoteOpt = "",
) -> None:
    """Change an item's weight, direction or factor."""
    _override(evidence_id, "rerate", analyst, note, weight=weight, direction=direction, factor=factor)


@evidence_app.command("add")
def evidence_add(
    actor: ActorOpt,
    action: ActionOpt,
    target: TargetOpt,
    factor: Annotated[str, typer.Option("--factor", help="The factor it bears on.")],
    direction: Annotated[str, typer.Option("--direction", help="supports or undermines.")],
    sentence: Annotated[str, typer.Option("--sentence", help="Sentence id (ARTICLE:N, see `faultline show`).")],
    via: ViaOpt = "",
    framework: FrameworkOpt = "intervention",
    quote: Annotated[Optional[str], typer.Option("--quote", help="The words of the sentence that bear on it (default: all).")] = None,
    weight: Annotated[float, typer.Option("--weight", help="Weight 0-10.")] = 1.0,
    analyst: AnalystOpt = None,
    note: NoteOpt = "",
) -> None:
    """Add an evidence item by hand, citing a stored sentence."""
    from faultline.assess.frameworks import load_framework
    from faultline.assess.overrides import record_override

    question = _question(actor, action, target, via)
    with _cli()._open_store() as store:
        override = record_override(
            store, load_framework(framework, _kb()), str(question), "add", _analyst(analyst), factor=factor, direction=direction,
            weight=weight, sentence_id=sentence, quote=quote, note=note,
        )
        _cli().out.print(f"added {override.evidence_id} ({escape(str(question))}, {factor}, {direction}) by {escape(override.analyst)}: override {override.id}")
        _recompute(store, framework, str(question))


@evidence_app.command("undo")
def evidence_undo(ident: Annotated[str, typer.Argument(help="Override id, or an evidence id (undoes its latest override).")], analyst: AnalystOpt = None) -> None:
    """Undo an override; the history keeps it, stamped with who undid it and when."""
    from faultline.assess.overrides import undo

    with _cli()._open_store() as store:
        override = undo(store, ident, _analyst(analyst))
        _cli().out.print(f"undid {override.action} of {override.evidence_id} by {escape(override.analyst)} (override {override.id})")
        _recompute(store, override.framework, override.question)


@evidence_app.command("history")
def evidence_history(as_json: JsonOpt = False, limit: Annotated[int, typer.Option("--limit", help="Newest N.")] = 50) -> None:
    """Every override, newest first: who, when, what, and whether it was undone."""
    from faultline.assess.overrides import history

    with _cli()._open_store(read_only=True) as store:
        rows = history(store, limit=limit)
    if as_json:
        _print_json([{k: getattr(o, k) for k in o.__slots__} for o in rows])
        return
    table = Table(title=f"Overrides ({len(rows)})")
    for column in ("id", "when", "analyst", "action", "evidence", "question", "change", "note", "undone"):
        table.add_column(column, overflow="fold")
    for o in rows:
        change = " ".join(f"{k}={v}" for k, v in (("factor", o.factor), ("direction", o.direction), ("weight", o.weight)) if v is not None)
        undone = f"{o.undone_at:%Y-%m-%d %H:%M} by {o.undone_by}" if o.undone_at else ""
        table.add_row(o.id, f"{o.created_at:%Y-%m-%d %H:%M}", escape(o.analyst), o.action, o.evidence_id, escape(o.question), escape(change), escape(o.note), escape(undone))
    _cli().out.print(table)


# --- report and demo ----------------------------------------------------------------------------


def report_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="Report file: .html (self-contained), .md or .json.")],
    questions: Annotated[Optional[list[str]], typer.Option("--question", "-q", help="'ACTOR ACTION TARGET [via VIA]'; repeat for several (default: every question assessed before).")] = None,
    framework: FrameworkOpt = "intervention",
    as_of: AsOfOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    step: StepOpt = "week",
    scenarios: ScenariosOpt = None,
    fmt: Annotated[Optional[str], typer.Option("--format", help="html, md or json (default: from the file name).")] = None,
) -> None:
    """Write a report (HTML, Markdown or JSON) of one or more questions, with cited quotes."""
    from faultline.assess.questions import split_question
    from faultline.render import format_for

    format_for(output, fmt)  # a bad format fails before any work
    series = _series(start, end, step)
    with _cli()._open_store() as store:
        wanted = [split_question(q, "write it like --question 'RUS invade UKR via BLR'") for q in questions or []]
        if not wanted:
            rows = store.query("SELECT DISTINCT question FROM assessments WHERE framework = $f ORDER BY question", {"f": framework})
            wanted = [split_question(r["question"]) for r in rows]
        if not wanted:
            raise InputError("no question to report", "pass --question 'RUS invade UKR via BLR' or run `faultline assess` first")
        records = [_assess(store, framework, _question(*q), as_of, series, scenarios) for q in wanted]
    path = _write_report(records, output, fmt, store_path=str(_cli()._settings()["db"]))
    for record in records:
        _cli().out.print(escape(record["summary"]))
    _cli().out.print(f"report: {escape(str(path))}")


def demo_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the HTML report.")] = Path(DEMO_REPORT),
) -> None:
    """Run the whole chain on the bundled sample corpus: ingest, extract, assess, report."""
    from faultline.ingest.run import ingest as run_ingest
    from faultline.resources import data_dir
    from faultline.store.db import Store

    cli = _cli()
    db = cli.State.db or DEMO_DB
    cli.State.db = db
    settings = cli._settings()
    with Store.open(db) as store:
        summary = run_ingest([str(data_dir() / "samples")], store, settings)
        cli.err.print(f"ingested the bundled samples into {escape(db)}: {summary.stored} new articles")
        dates = [r["d"] for r in store.query("SELECT published AS d FROM articles WHERE published IS NOT NULL")]
        series: list[date] = []
        if dates:
            from faultline.assess.engine import date_series

            series = date_series(min(dates), max(dates), "week")
        records = [_assess(store, "intervention", _question(*q), None, series, "scenarios") for q in DEMO_QUESTIONS]
    path = _write_report(records, output, None, store_path=db)
    for record in records:
        cli.out.print(escape(record["summary"]))
    cli.out.print(f"\nReport: {escape(str(path))}")
    cli.out.print(f"Store:  {escape(db)}   explore: faultline --db {escape(db)} evidence list --actor RUS --action deploy --target BLR")


def register(app: typer.Typer) -> None:
    app.command("assess")(assess_command)
    app.add_typer(evidence_app, name="evidence")
    app.command("report")(report_command)
    app.command("demo")(demo_command)
