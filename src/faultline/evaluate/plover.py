"""`faultline eval plover FILE`: PLOVER event coding against the OEDA gold standard records (GSR).

Gold (a JSON list): ``text`` (one or two sentences), ``event`` (the PLOVER type; the GSR still uses
the old labels FIGHT, DEMAND, DISAPPROVE and INVESTIGATE, mapped here to ASSAULT, REQUEST and ACCUSE),
``mode``, ``source`` / ``target`` (lists of ``{actorText, code, sector}``, or "" / null), and a
``textInfo.markup`` that is never read: the coder sees only the text.

Per record the coder's main event is the first event of the text (a dictionary verb's bare
default code only when nothing stronger fired) (after complements are folded into
their governing verbs). Reported: event-type accuracy and macro-F1, source and target country and
sector accuracy (over records whose gold has one; an IGO of ours counts as the GSR's "IGO"; a sector
compares on its first three letters, "CVLkur" is CVL; "***" is not judged), actor span overlap F1
(tokens of our source and target texts against the gold actor texts), and a confusion table.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import typer

from faultline.errors import InputError

OLD_LABELS = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
NONE = "-"
UNJUDGED_SECTORS = {"", "***", None}
TOKEN = re.compile(r"\w+")


def read_gold(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputError(f"no gold file at {path}", "give the path of plover_gsr_dev.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise InputError(f"{path} is not a JSON list of records", "give a PLOVER GSR file (a JSON list)")
    return data


def gold_label(record: dict[str, Any]) -> str:
    label = str(record.get("event") or "").strip().upper()
    return OLD_LABELS.get(label, label)


def _actors(value: Any) -> list[dict[str, Any]]:
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []


def predict(article_id: str, text: str) -> Any:
    """The main event the extractor codes for one gold text (None when it finds none)."""
    from faultline.extract.events import find_events
    from faultline.extract.pipeline import link_mentions
    from faultline.nlp.sentences import split_sentences

    sentences = split_sentences(article_id, text)
    events = find_events(article_id, text, sentences, link_mentions(article_id, text, sentences, "", ()), [])
    # a dictionary verb's default code is the weakest evidence: a curated or object-pattern trigger first
    ranked = sorted(events, key=lambda e: (e.rule.startswith("cameo") and "pattern" not in e.rule, e.start))
    return ranked[0] if ranked else None


def evaluate_plover(path: Path) -> dict[str, Any]:
    """Event-type accuracy and macro-F1, actor accuracies, span overlap F1, confusions and misses."""
    from faultline.extract.events import PLOVER_TYPES
    from faultline.nlp.actors import resolver_for

    igos = resolver_for().kb.igos
    records = read_gold(path)
    pairs: list[tuple[str, str]] = []
    axes = {k: [0, 0] for k in ("source_country", "source_sector", "target_country", "target_sector")}
    overlap = [0, 0, 0]  # shared tokens, predicted tokens, gold tokens
    misses = []
    for n, record in enumerate(records):
        text = str(record.get("text") or "").strip()
        gold = gold_label(record)
        event = predict(f"gsr{n}", text) if text else None
        got = event.event_type if event is not None else NONE
        pairs.append((gold, got))
        for side in ("source", "target"):
            gold_actors = _actors(record.get(side))
            ref = getattr(event, side) if event is not None else None
            if not gold_actors:
                continue
            country = (ref.actor or "") if ref is not None else ""
            country = "IGO" if country in igos else country
            axes[f"{side}_country"][0] += 1
            axes[f"{side}_country"][1] += country in {a.get("code") for a in gold_actors}
            gold_sectors = {str(a.get("sector"))[:3] for a in gold_actors if a.get("sector") not in UNJUDGED_SECTORS}
            if gold_sectors:
                sector = ((ref.sector or "") if ref is not None else "")[:3]
                axes[f"{side}_sector"][0] += 1
                axes[f"{side}_sector"][1] += sector in gold_sectors
        predicted = Counter(
            w.lower() for ref in ((event.source, event.target) if event is not None else ()) if ref is not None
            for w in TOKEN.findall(ref.text)
        )
        wanted = Counter(
            w.lower() for side in ("source", "target") for a in _actors(record.get(side)) for w in TOKEN.findall(str(a.get("actorText") or ""))
        )
        overlap[0] += sum((predicted & wanted).values())
        overlap[1] += sum(predicted.values())
        overlap[2] += sum(wanted.values())
        if got != gold:
            misses.append({"id": record.get("id", n), "text": text, "gold": gold, "got": got,
                           "trigger": event.trigger if event is not None else ""})
    labels = sorted({g for g, _ in pairs} | (set(PLOVER_TYPES) & {p for _, p in pairs}))
    per_class = {}
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"n": tp + fn, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    gold_classes = [label for label in labels if per_class[label]["n"]]
    p_tok, r_tok = (overlap[0] / overlap[1] if overlap[1] else 0.0), (overlap[0] / overlap[2] if overlap[2] else 0.0)
    confusion: dict[str, dict[str, int]] = {}
    for g, p in pairs:
        confusion.setdefault(g, {}).setdefault(p, 0)
        confusion[g][p] += 1
    return {
        "items": len(records),
        "event_accuracy": _ratio(sum(g == p for g, p in pairs), len(pairs)),
        "event_macro_f1": round(sum(per_class[c]["f1"] for c in gold_classes) / len(gold_classes), 4) if gold_classes else 0.0,
        **{f"{axis}_accuracy": _ratio(ok, n) for axis, (n, ok) in axes.items()},
        "judged": {axis: n for axis, (n, _) in axes.items()},
        "actor_span_f1": round(2 * p_tok * r_tok / (p_tok + r_tok), 4) if p_tok + r_tok else 0.0,
        "per_class": per_class,
        "confusion": confusion,
        "misses": misses,
    }


def _ratio(ok: int, n: int) -> float:
    return round(ok / n, 4) if n else 0.0


def register(app: typer.Typer) -> None:
    """Add the ``plover`` command to an ``eval`` sub-app."""

    @app.command("plover")
    def plover_command(
        file: Path = typer.Argument(..., help="Gold file: PLOVER GSR records (a JSON list)."),
        as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    ) -> None:
        """PLOVER events: type accuracy and macro-F1, actor accuracy and span overlap against gold."""
        result = evaluate_plover(file)
        if as_json:
            typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
            return
        _print_tables(result)


def _print_tables(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"plover: {result['items']} records  event accuracy {result['event_accuracy']:.3f}  "
        f"macro-F1 {result['event_macro_f1']:.3f}  actor span F1 {result['actor_span_f1']:.3f}"
    )
    actors = Table(title="actors")
    for col in ("", "country", "sector"):
        actors.add_column(col)
    for side in ("source", "target"):
        actors.add_row(side, f"{result[f'{side}_country_accuracy']:.3f}", f"{result[f'{side}_sector_accuracy']:.3f}")
    console.print(actors)
    table = Table(title="per gold class: scores and confusions")
    for col in ("gold", "n", "precision", "recall", "F1", "coded as"):
        table.add_column(col, justify="right" if col in ("n", "precision", "recall", "F1") else "left")
    for label, stats in result["per_class"].items():
        got = result["confusion"].get(label, {})
        mixed = ", ".join(f"{k}x{v}" for k, v in sorted(got.items(), key=lambda kv: -kv[1]) if k != label)
        table.add_row(label, str(stats["n"]), f"{stats['precision']:.2f}", f"{stats['recall']:.2f}", f"{stats['f1']:.2f}", mixed)
    console.print(table)
