"""`faultline eval actors FILE`: actor resolution against NGEC-style gold (text [+ date] -> country, sector).

Gold lines (JSON, optionally gzipped): ``text``, ``context``, ``date``, ``country`` (ISO3, or the
NGEC bloc codes ``IGO``/``EUR``/``UNO`` for international organisations, "" or null for none),
``sector`` (null: not judged), ``sector2``, ``wiki``. Our IGO codes (NATO, EU, ICJ...) are mapped to
their bloc before comparing; a sector of "IGO" counts as no sector (NGEC gives none for IGOs).
Sector accuracy is over items whose gold sector is not null; "????" items are not judged.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from faultline.errors import InputError

UNJUDGED_SECTORS = {None, "????"}
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y", "%Y")


def read_gold(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputError(f"no gold file at {path}", "give the path of actors_dev.jsonl.gz")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        return [json.loads(line) for line in fh if line.strip()]


def iso_date(raw: str | None) -> str | None:
    """Gold dates come as "2022-01-01", "10 May 2015" or "October 1, 2021"."""
    if not raw:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    m = re.search(r"\b(19|20)\d{2}\b", raw)
    return f"{m.group(0)}-07-01" if m else None


def evaluate_actors(path: Path, extra_dirs: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Country and sector accuracy, per-class confusion and the misses."""
    from faultline.nlp.actors import resolver_for

    resolver = resolver_for(tuple(extra_dirs))
    kb = resolver.kb
    items = read_gold(path)
    n_country = ok_country = n_sector = ok_sector = 0
    confusion: dict[str, Counter[str]] = {"country": Counter(), "sector": Counter()}
    per_class: dict[str, dict[str, Counter[str]]] = {"country": {}, "sector": {}}
    misses = []
    for item in items:
        got = resolver.resolve(item["text"].strip(), iso_date(item.get("date")), item.get("context") or None)
        country, sector = got if got else ("", "")
        igo = kb.igos.get(country)
        if igo is not None:
            country = igo.bloc
            sector = "" if sector == "IGO" else sector
        gold_country = item.get("country") or ""
        gold_sector = item.get("sector")
        n_country += 1
        c_ok = country == gold_country
        ok_country += c_ok
        _count(per_class["country"], gold_country or "-", country or "-")
        s_ok = None
        if gold_sector not in UNJUDGED_SECTORS:
            n_sector += 1
            s_ok = (sector or "") == (gold_sector or "")
            ok_sector += s_ok
            _count(per_class["sector"], gold_sector or "-", sector or "-")
        if not c_ok or s_ok is False:
            misses.append(
                {"text": item["text"], "date": item.get("date"), "gold": [gold_country, gold_sector], "got": [country, sector]}
            )
    for axis in ("country", "sector"):
        for gold, got in per_class[axis].items():
            for label, n in got.items():
                if label != gold:
                    confusion[axis][f"{gold}->{label}"] += n
    return {
        "items": len(items),
        "country_accuracy": round(ok_country / n_country, 4) if n_country else 0.0,
        "sector_accuracy": round(ok_sector / n_sector, 4) if n_sector else 0.0,
        "country_judged": n_country,
        "sector_judged": n_sector,
        "per_class": {
            axis: {
                gold: {"n": sum(got.values()), "correct": got.get(gold, 0)}
                for gold, got in sorted(per_class[axis].items(), key=lambda kv: -sum(kv[1].values()))
            }
            for axis in ("country", "sector")
        },
        "confusions": {axis: dict(confusion[axis].most_common(15)) for axis in ("country", "sector")},
        "misses": misses,
    }


def _count(table: dict[str, Counter[str]], gold: str, got: str) -> None:
    table.setdefault(gold, Counter())[got] += 1


def register(app: typer.Typer) -> None:
    """Add the ``actors`` command to an ``eval`` sub-app."""

    @app.command("actors")
    def actors_command(
        file: Path = typer.Argument(..., help="Gold file: JSON lines (.jsonl or .jsonl.gz), NGEC actor format."),
        as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
        kb: list[Path] = typer.Option([], "--kb", help="Extra knowledge-base directory (searched first)."),
    ) -> None:
        """Actor resolution: country and sector accuracy against gold phrases."""
        result = evaluate_actors(file, tuple(kb))
        if as_json:
            typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
            return
        _print_table(result)


def _print_table(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"actors: {result['items']} items  country accuracy {result['country_accuracy']:.3f}  "
        f"sector accuracy {result['sector_accuracy']:.3f} (over {result['sector_judged']} judged)"
    )
    for axis in ("country", "sector"):
        table = Table(title=f"{axis}: per gold class (top 15) and confusions")
        table.add_column("gold")
        table.add_column("n", justify="right")
        table.add_column("correct", justify="right")
        table.add_column("confused with")
        confusions = result["confusions"][axis]
        for gold, stats in list(result["per_class"][axis].items())[:15]:
            mixed = ", ".join(f"{k.split('->')[1]}x{v}" for k, v in confusions.items() if k.startswith(f"{gold}->"))
            table.add_row(gold, str(stats["n"]), str(stats["correct"]), mixed)
        console.print(table)
    misses = Table(title=f"misses ({len(result['misses'])})")
    for col in ("text", "gold", "got"):
        misses.add_column(col)
    for miss in result["misses"]:
        misses.add_row(miss["text"], "/".join(str(x) for x in miss["gold"]), "/".join(miss["got"]))
    console.print(misses)
