"""Documents prepared in parts share extraction tables; each store batch gets exactly its documents' rows."""

from __future__ import annotations

from faultline.extract.pipeline import extract_article
from faultline.ingest.dedup import permutations
from faultline.ingest.run import DocumentWork, merge_tables, prepare
from faultline.records import Article, RawDoc
from faultline.store.extraction import TABLES, extraction_tables

TEXTS = (
    "Russian troops attacked Kyiv on Monday, the Ukrainian defence ministry said. NATO condemned the attack.",
    "Poland's border guards said on Tuesday that 200 migrants tried to cross from Belarus overnight.",
)


def _raw(i: int, text: str) -> RawDoc:
    return RawDoc(f"test.jsonl:{i}", text, "text", {"published": "2022-02-24", "url": f"https://example.org/{i}"})


def _rows(tables: dict) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    return {name: tables[name].to_pylist() for name in TABLES}


def test_part_rows_are_each_documents_own() -> None:
    items = [_raw(0, TEXTS[0]), _raw(1, TEXTS[1]), _raw(0, TEXTS[0])]  # the first again: a repeat
    done = DocumentWork(True, frozenset(), permutations(128), 5)(items)
    assert done[0].result.id == done[2].result.id
    assert done[0].rows is not None and done[0].rows.tables is done[1].rows.tables  # type: ignore[union-attr]
    articles = [prepare(item) for item in items[:2]]
    assert all(isinstance(a, Article) for a in articles)
    each = [extraction_tables([extract_article(a)]) for a in articles]  # type: ignore[arg-type]
    assert done[0].counts["events"] == len(each[0]["events"]) > 0
    # the whole part but the repeat; one document alone (a part split over two batches)
    both = _rows(merge_tables(done[:2]))
    assert both == {name: _rows(each[0])[name] + _rows(each[1])[name] for name in TABLES}
    assert _rows(merge_tables([done[1]])) == _rows(each[1])
    assert merge_tables([]) == {}
