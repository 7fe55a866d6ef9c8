"""A store of the fictional Western Shield crisis (tests/assess/fixtures), ingested fresh for each test.

The fixtures, and what the tests rely on:

- crisis.jsonl: Reuters 2025-03-03 (deployment: "lower risk option", "true ally"; invasion:
  "devastating sanctions"), a Reuters grain story naming only Russia (never relevant), Kremlin Watch
  2025-03-08 (deployment, with ``<script>alert(1)</script>`` in a cited sentence), Minsk Courier
  2025-03-10 (invasion: two cost items, a Ukrainian buildup), Reuters 2025-03-20 (invasion: "less than
  ... miles from"), and Baltic Ledger 2025-03-03, an exact copy of the first Reuters story;
- undated_analysis.txt: no publication date and no outlet; it mentions March 5 and March 12, 2025,
  so it is dated 2025-03-12 for ``--as-of``;
- kb/: frozen copies of the intervention and scenarios frameworks and the actions, and the source grades,
  passed as ``extra_dirs`` (``--kb``) so that tuning the shipped cue lists does not move these numbers.

Ingesting takes a few seconds once (spaCy's pipeline loads), then about 0.2 s per store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from faultline.assess.engine import assess
from faultline.assess.questions import Question, make_question
from faultline.ingest.run import ingest
from faultline.records import evidence_id
from faultline.store.db import Store

FIXTURES = Path(__file__).parent / "fixtures"
KB = (FIXTURES / "kb",)
NAMES = {"RUS": "Russia", "BLR": "Belarus", "UKR": "Ukraine"}
INVADE = make_question("RUS", "invade", "UKR", "BLR")
DEPLOY = make_question("RUS", "deploy", "BLR")

# Titles of the fixture articles, by the short names the tests use.
TITLES = {
    "reuters_0303": "Russian units arrive in Belarus for Western Shield drills",
    "grain": "Russian grain exports rise in February",
    "kremlin_watch": "Kremlin commentary pushes deployment <script>alert(1)</script>",
    "courier": "Minsk faces isolation over Russian buildup",
    "reuters_0320": "Belarus becomes a staging ground, officials fear",
    "ledger_copy": "Russian units reach Belarus for Western Shield exercises",
    "undated": "Why Moscow keeps its forces in Belarus",
}


@pytest.fixture
def store(settings: dict[str, object]) -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        ingest([FIXTURES], opened, settings)
        yield opened


def run(store: Store, question: Question, **options: object) -> dict:
    """``assess`` with the frozen frameworks and the fixtures' country names."""
    return assess(store, "intervention", question, extra_dirs=KB, names=NAMES, **options)  # type: ignore[arg-type]


def article_id(store: Store, short: str) -> str:
    [row] = store.query("SELECT id FROM articles WHERE title = $t", {"t": TITLES[short]})
    return row["id"]


def sentence_id(store: Store, short: str, idx: int) -> str:
    return f"{article_id(store, short)}:{idx}"


def eid(store: Store, question: object, factor: str, direction: str, short: str, idx: int) -> str:
    """The stable id of the evidence item on sentence ``idx`` of a fixture article."""
    return evidence_id("intervention", str(question), factor, direction, sentence_id(store, short, idx))


def factor_mean(supports: float, undermines: float) -> float:
    """A factor's score by hand: the mean of Beta(1 + supports, 1 + undermines)."""
    return (1 + supports) / (2 + supports + undermines)
