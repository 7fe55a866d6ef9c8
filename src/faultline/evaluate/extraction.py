"""How well we extract an article's body from its HTML page: the ScrapingHub AEB benchmark.

The article-extraction benchmark (github.com/scrapinghub/article-extraction-benchmark) has 181
news pages with their gold ``articleBody``. Its metric, reproduced here so our numbers compare
with published ones: split both texts into word tokens, count 4-token shingles, and per document
compute precision and recall of the predicted shingles against the gold ones. Precision is
averaged over documents where we extracted something, recall over documents whose gold is not
empty, and F1 is the harmonic mean of the two averages. We also report the mean per-document F1,
which punishes a page we lost outright more visibly.
"""

from __future__ import annotations

import gzip
import json
import lzma
import re
import statistics
import tarfile
from collections import Counter
from pathlib import Path
from typing import Any

import typer

from faultline.errors import InputError
from faultline.ingest.decode import DecodeProblem, decode_bytes
from faultline.ingest.html import extract_html
from faultline.records import RawDoc, Rejection

SHINGLE_SIZE = 4  # tokens per shingle, as in the benchmark's evaluate.py
_TOKEN = re.compile(r"\w+")

DEFAULT_HTML_TAR = Path("..") / "shared" / "eval" / "aeb_html.tar"
DEFAULT_TRUTH = Path("..") / "shared" / "eval" / "aeb_ground_truth.json.xz"


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Counts of word shingles; a text shorter than `size` tokens is one short shingle."""
    tokens = _TOKEN.findall(text)
    return Counter(
        tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)) if tokens[i : i + size]
    )


def match_counts(gold: str, predicted: str) -> tuple[int, int, int]:
    """(true positive, false positive, false negative) shingle counts of one document."""
    true, pred = shingles(gold), shingles(predicted)
    return sum((true & pred).values()), sum((pred - true).values()), sum((true - pred).values())


def precision(tp: int, fp: int, fn: int) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp: int, fp: int, fn: int) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def load_truth(path: Path) -> dict[str, str]:
    """Gold article bodies by document id, from the benchmark's (optionally xz/gz) JSON."""
    opener = {".xz": lzma.open, ".gz": gzip.open}.get(path.suffix, open)
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        data = json.load(handle)
    return {key: str(item.get("articleBody") or "") for key, item in data.items()}


def load_pages(html_tar: Path) -> dict[str, bytes]:
    """Raw HTML bytes by document id (the file name before ``.html``) from the benchmark tar."""
    pages: dict[str, bytes] = {}
    with tarfile.open(html_tar) as tar:
        for member in tar:
            handle = tar.extractfile(member) if member.isfile() else None
            if handle is None:
                continue
            name = Path(member.name).name
            data = handle.read()
            pages[name.split(".")[0]] = gzip.decompress(data) if name.endswith(".gz") else data
    return pages


def extract_page(source: str, data: bytes) -> RawDoc | Rejection:
    """Our pipeline on one page: decode, then main-text extraction."""
    try:
        text = decode_bytes(data)
    except DecodeProblem as problem:
        return Rejection(source, problem.reason, problem.detail)
    return extract_html(RawDoc(source_path=source, content=text, kind="html"))


def evaluate_aeb(html_tar: Path, truth: Path) -> dict[str, Any]:
    """Score our extraction on every gold document; a page we lost scores as an empty prediction."""
    for path, what in ((html_tar, "HTML tar"), (truth, "ground truth")):
        if not path.is_file():
            raise InputError(
                f"AEB {what} {path} not found",
                "pass its path, or run from the repository so ../shared/eval is found",
            )
    gold = load_truth(truth)
    pages = load_pages(html_tar)
    rows: list[dict[str, Any]] = []
    for doc_id in sorted(gold):
        source = f"{html_tar.name}:{doc_id}"
        page = pages.get(doc_id)
        result = (
            extract_page(source, page)
            if page is not None
            else Rejection(source, "missing-page", "the tar has no page for this gold document")
        )
        predicted = result.content if isinstance(result, RawDoc) else ""
        tp, fp, fn = match_counts(gold[doc_id], predicted)
        p, r = precision(tp, fp, fn), recall(tp, fp, fn)
        rows.append(
            {
                "id": doc_id,
                "precision": p,
                "recall": r,
                "f1": f1(p, r),
                "counts": (tp, fp, fn),
                "rejected": result.reason if isinstance(result, Rejection) else "",
            }
        )
    return summarise(rows)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Benchmark averages over per-document rows (each with ``counts`` = (tp, fp, fn))."""
    with_prediction = [row["precision"] for row in rows if sum(row["counts"][:2]) > 0]
    with_gold = [row["recall"] for row in rows if row["counts"][0] + row["counts"][2] > 0]
    mean_p = statistics.fmean(with_prediction) if with_prediction else 0.0
    mean_r = statistics.fmean(with_gold) if with_gold else 0.0
    return {
        "benchmark": "aeb",
        "documents": len(rows),
        "precision": mean_p,
        "recall": mean_r,
        "f1": f1(mean_p, mean_r),
        "mean_doc_f1": statistics.fmean(row["f1"] for row in rows) if rows else 0.0,
        "rejected": sum(1 for row in rows if row["rejected"]),
        "rows": rows,
    }


def register(app: typer.Typer) -> None:
    """Add ``extraction`` to the ``faultline eval`` sub-app."""

    @app.command("extraction")
    def extraction_command(
        html_tar: Path = typer.Argument(DEFAULT_HTML_TAR, help="The benchmark's HTML tar (gzipped pages)."),
        truth: Path = typer.Argument(DEFAULT_TRUTH, help="The benchmark's ground-truth JSON (.json, .xz, .gz)."),
        as_json: bool = typer.Option(False, "--json", help="Print the scores and per-document rows as JSON."),
        worst: int = typer.Option(10, help="Documents with the lowest F1 to list in the table."),
    ) -> None:
        """Article-extraction accuracy on the ScrapingHub AEB benchmark (4-gram shingle P/R/F1)."""
        result = evaluate_aeb(html_tar, truth)
        if as_json:
            typer.echo(json.dumps(result, indent=2))
            return
        _print_table(result, worst)


def _print_table(result: dict[str, Any], worst: int) -> None:
    from rich.console import Console
    from rich.table import Table

    summary = Table(title="Article extraction (AEB, 4-gram shingles)")
    for column in ("documents", "precision", "recall", "F1", "mean doc F1", "rejected"):
        summary.add_column(column, justify="right")
    summary.add_row(
        str(result["documents"]),
        f"{result['precision']:.3f}",
        f"{result['recall']:.3f}",
        f"{result['f1']:.3f}",
        f"{result['mean_doc_f1']:.3f}",
        str(result["rejected"]),
    )
    lowest = Table(title=f"{worst} lowest-F1 documents")
    for column in ("id", "precision", "recall", "F1", "rejected"):
        lowest.add_column(column, justify="left" if column in ("id", "rejected") else "right")
    for row in sorted(result["rows"], key=lambda row: (row["f1"], row["id"]))[:worst]:
        lowest.add_row(
            row["id"][:16], f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}", row["rejected"]
        )
    console = Console()
    console.print(summary)
    if worst > 0:
        console.print(lowest)
