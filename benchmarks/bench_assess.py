"""Assessment speed: a weekly trajectory of one question over the official-releases corpus.

Target (issue 4): RUS invade UKR, 2021-11-01 to 2022-02-24 by week, in under a minute on a store that
already holds the corpus (ingest is measured by bench_ingest.py). Prints the linking time, the scoring
time of the whole series, and the size of what was read.

    make bench                 # or: python benchmarks/bench_assess.py [CORPUS.jsonl.gz] [--store DB]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "official_releases.jsonl.gz"
TARGET_SECONDS = 60.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--store", type=Path, help="an existing store holding the corpus (skips the ingest)")
    args = parser.parse_args()
    if args.store is None and not args.corpus.is_file():
        raise SystemExit(f"{args.corpus} is absent: pass a corpus file, or --store DB")
    with tempfile.TemporaryDirectory() as tmp:
        store_path = args.store or Path(tmp) / "bench.duckdb"
        if args.store is None:
            from faultline.ingest.run import ingest
            from faultline.settings import load_settings
            from faultline.store.db import Store

            print(f"ingesting {args.corpus.name} (not timed) ...", flush=True)
            with Store.open(store_path) as store:
                ingest([args.corpus], store, {**load_settings(), "workers": 2})
        run(store_path)


def run(store_path: Path) -> None:
    from faultline.assess.engine import build_record, date_series, link_question
    from faultline.assess.frameworks import load_framework
    from faultline.assess.questions import make_question
    from faultline.store.db import Store

    framework = load_framework("intervention")
    question = make_question("RUS", "invade", "UKR")
    series = date_series(date(2021, 11, 1), date(2022, 2, 24), "week")
    with Store.open(store_path, read_only=True) as store:
        started = time.perf_counter()
        linked = link_question(store, framework, question)
        linking = time.perf_counter() - started
        record = build_record(linked, None, series, {})
        total = time.perf_counter() - started
    sentences = sum(len(b.sentences) for b in linked.corpus.bundles)
    print(f"question            {question}, {len(series)} weekly steps")
    print(f"articles read       {len(linked.corpus.bundles)} ({sentences} sentences)")
    print(f"evidence items      {len(linked.items)}")
    print(f"linking             {linking:.1f} s")
    print(f"scoring the series  {total - linking:.1f} s")
    print(f"total               {total:.1f} s   (target < {TARGET_SECONDS:.0f} s: {'met' if total < TARGET_SECONDS else 'MISSED'})")
    print(f"final judgment      {record['words']} ({record['probability']:.0%}), confidence {record['confidence']}")


if __name__ == "__main__":
    main()
