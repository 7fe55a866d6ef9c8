"""The assessment engine over a store of the fictional Western Shield crisis: every number by hand.

How an item's weight comes about (engine._grade): rule weight x reliability weight (Reuters B: 1.0; an
outlet missing from source_reliability.tsv, or no outlet: F, 0.8) x credibility weight (corroborated by
another outlet: 2 or 1, 1.0; nobody else on that factor and direction: 6, 0.9), then the k-th item of
one source on one factor and direction counts 1/k. Modality then scales it (hypothetical "would": 0.5)
into the effective weight, and a factor scores (1 + supports) / (2 + supports + undermines).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from faultline.assess.combine import factor_score
from faultline.assess.engine import (
    Graded,
    _discount_repeats,
    ach_record,
    assess,
    confidence_of,
    date_series,
    link_question,
    parse_date,
    score,
)
from faultline.assess.frameworks import load_framework
from faultline.assess.link import Bundle
from faultline.assess.questions import make_question
from faultline.assess.report import report_record
from faultline.errors import InputError
from faultline.records import Evidence
from faultline.store.db import Store
from tests.assess.conftest import (
    DEPLOY,
    INVADE,
    KB,
    article_id,
    eid,
    factor_mean,
    run,
    sentence_id,
)

# The invasion question's evidence, in record order (articles by date, then sentence, factor, direction):
# (article, sentence, factor, direction, weight, effective, modality, grade, source, published, rule)
INVADE_EVIDENCE = [
    # Reuters B; Minsk Courier says the same: credibility 2. "would": hypothetical, half weight.
    ("reuters_0303", 3, "costs", "undermines", 1.0, 0.5, "hypothetical", "B2", "Reuters", "2025-03-03", "phrase 'devastating sanctions'"),
    # Minsk Courier is ungraded: F (0.8); Reuters corroborates: 2 (1.0).
    ("courier", 0, "costs", "undermines", 0.8, 0.4, "hypothetical", "F2", "Minsk Courier", "2025-03-10", "phrase 'devastating sanctions'"),
    # The same outlet's second item on costs-undermines counts 1/2: 0.8 / 2.
    ("courier", 1, "costs", "undermines", 0.4, 0.2, "hypothetical", "F2", "Minsk Courier", "2025-03-10", "phrase 'diplomatic isolation'"),
    # Kyiv's buildup, an event: nobody else on these sides, credibility 6 (0.9): 0.8 x 0.9.
    ("courier", 2, "justification", "supports", 0.72, 0.72, "asserted", "F6", "Minsk Courier", "2025-03-10", "event MOBILIZE/troops UKR(target)->-(-)"),
    ("courier", 2, "resistance", "undermines", 0.72, 0.72, "asserted", "F6", "Minsk Courier", "2025-03-10", "event MOBILIZE/troops UKR(target)->-(-)"),
    # No outlet: F; dated by the latest date it mentions; Reuters of 03-20 corroborates feasibility.
    ("undated", 1, "feasibility", "supports", 0.8, 0.8, "asserted", "F2", "(unknown outlet)", "2025-03-12", "phrase 'staging area'"),
    ("undated", 1, "local_support", "supports", 0.72, 0.72, "asserted", "F6", "(unknown outlet)", "2025-03-12", "phrase 'friendly'"),
    ("reuters_0320", 0, "feasibility", "supports", 1.0, 1.0, "asserted", "B2", "Reuters", "2025-03-20", "phrase 'less than ... miles from'"),
]
# supports, undermines and status of each factor, summed from the table above.
INVADE_FACTORS = {
    "justification": (0.72, 0.0, "supported"),
    "local_support": (0.72, 0.0, "supported"),
    "resistance": (0.0, 0.72, "undermined"),
    "feasibility": (1.8, 0.0, "supported"),
    "costs": (0.0, 1.1, "undermined"),
}
ASSESSMENT_KEYS = {"framework", "question", "as_of", "probability", "interval", "words", "confidence", "summary", "factors", "evidence"}


def shorts(store: Store) -> dict[str, str]:
    from tests.assess.conftest import TITLES

    return {article_id(store, short): short for short in TITLES}


def evidence_rows(store: Store, record: dict) -> list[tuple]:
    names = shorts(store)
    return [
        (
            names[e["article_id"]], int(e["sentence_id"].split(":")[1]), e["factor"], e["direction"], e["weight"], e["effective"],
            e["modality"], e["grade"], e["source"], e["published"], e["rule"],
        )
        for e in record["evidence"]
    ]


def test_invade_evidence_is_graded_and_weighed_item_by_item(store: Store) -> None:
    record = run(store, INVADE)
    assert evidence_rows(store, record) == INVADE_EVIDENCE
    courier = record["evidence"][1]
    assert courier["id"] == eid(store, INVADE, "costs", "undermines", "courier", 0)
    assert (courier["item_kind"], courier["quote"][courier["start"] : courier["end"]]) == ("sentence", "devastating sanctions")
    assert (courier["outlet"], courier["title"], courier["url"]) == (
        "Minsk Courier", "Minsk faces isolation over Russian buildup", "https://minskcourier.example/2025/03/10/isolation"
    )
    assert [e["credibility"] for e in record["evidence"]] == [2, 2, 2, 6, 6, 2, 6, 2]
    assert not any(e["rejected"] or e["analyst"] for e in record["evidence"])


def test_invade_factors_probability_words_and_confidence(store: Store) -> None:
    record = run(store, INVADE)
    factors = {f["factor"]: f for f in record["factors"]}
    assert list(factors) == ["justification", "local_support", "resistance", "feasibility", "costs"]
    for factor, (supports, undermines, status) in INVADE_FACTORS.items():
        f = factors[factor]
        assert (round(f["supports"], 4), round(f["undermines"], 4), f["status"]) == (supports, undermines, status), factor
        assert round(f["score"], 6) == round(factor_mean(supports, undermines), 6), factor
    assert [round(factors[f]["score"], 4) for f in factors] == [0.6324, 0.6324, 0.3676, 0.7368, 0.3226]
    assert factors["costs"]["evidence"] == [
        eid(store, INVADE, "costs", "undermines", "reuters_0303", 3),
        eid(store, INVADE, "costs", "undermines", "courier", 0),
        eid(store, INVADE, "costs", "undermines", "courier", 1),
    ]
    # Weakest link: the costs factor, 1 / (2 + 1.1), sets the probability; nothing is missing.
    assert round(record["probability"], 6) == round(1 / 3.1, 6) == 0.322581
    assert record["model_probability"] == record["probability"]
    assert [round(v, 4) for v in record["interval"]] == [0.0489, 0.666]
    assert (record["weakest"], record["missing"], record["capped"], record["estimates"]) == ("costs", [], False, [])
    assert (record["words"], record["confidence"]) == ("unlikely", "moderate")
    # 3 outlets (Reuters, Minsk Courier, the undated article), 8 items; A-C: Reuters's 0.5 + 1.0 of 5.06.
    assert record["confidence_why"] == "8 evidence items from 3 independent outlets, 30% of their weight from sources graded A-C"
    assert record["summary"] == (
        "It is unlikely (5-67%) that Russia invades Ukraine from Belarus; we have moderate confidence in this judgment "
        "because the weakest condition, relatively low political and economic costs, holds with 32%; "
        "8 evidence items from 3 independent outlets, 30% of their weight from sources graded A-C."
    )
    assert record["question"] == {"actor": "RUS", "action": "invade", "target": "UKR", "via": "BLR", "text": "Russia invades Ukraine from Belarus"}
    assert ASSESSMENT_KEYS <= set(record)
    assert (record["framework"], record["framework_title"], record["as_of"], record["trajectory"], record["ach"]) == (
        "intervention", "Conditions for a military intervention", None, [], None
    )


def test_invade_sources_and_what_was_left_out(store: Store) -> None:
    record = run(store, INVADE)
    assert [(s["name"], s["kind"], s["reliability"], s["items"]) for s in record["sources"]] == [
        ("Minsk Courier", "outlet", "F", 4),
        ("(unknown outlet)", "outlet", "F", 2),
        ("Reuters", "outlet", "B", 2),
    ]
    assert record["left_out"] == [
        {"reason": "duplicate of an article already counted", "count": 1,
         "examples": [f"{article_id(store, 'ledger_copy')} Russian units reach Belarus for Western Shield exercises"]},
        {"reason": "relevant articles (they name the actors) with no sentence about the question's action or factors", "count": 1,
         "examples": [f"{article_id(store, 'kremlin_watch')} Kremlin commentary pushes deployment <script>alert(1)</script>"]},
    ]


def test_deploy_lacks_evidence_on_two_factors_so_confidence_is_low(store: Store) -> None:
    record = run(store, DEPLOY)
    factors = {f["factor"]: (round(f["supports"], 4), round(f["undermines"], 4), f["status"], round(f["score"], 4)) for f in record["factors"]}
    # local support: Reuters 1.0 + Kremlin Watch 0.8 + the undated article's 0.8 and, its second item, 0.4.
    assert factors == {
        "justification": (0.0, 0.0, "no evidence", 0.5),
        "local_support": (3.0, 0.0, "supported", 0.8),
        "resistance": (0.0, 0.0, "no evidence", 0.5),
        "feasibility": (1.6, 0.0, "supported", round(factor_mean(1.6, 0), 4)),
        "costs": (2.6, 0.0, "supported", round(factor_mean(2.6, 0), 4)),
    }
    assert len(record["evidence"]) == 9
    assert (record["probability"], [round(v, 4) for v in record["interval"]], record["weakest"]) == (0.5, [0.1, 0.9], "justification")
    assert (record["words"], record["confidence"]) == ("roughly even chance", "low")
    assert record["confidence_why"] == (
        "9 evidence items from 3 independent outlets, 28% of their weight from sources graded A-C, 2 factors without evidence"
    )
    assert record["question"]["text"] == "Russia deploys military forces to Belarus"


# --- as of ------------------------------------------------------------------------------------------


def test_an_article_published_after_the_as_of_date_contributes_nothing(store: Store) -> None:
    record = run(store, INVADE, as_of=date(2025, 3, 15))
    later = eid(store, INVADE, "feasibility", "supports", "reuters_0320", 0)
    assert later not in {e["id"] for e in record["evidence"]}
    assert [row[:4] for row in evidence_rows(store, record)] == [row[:4] for row in INVADE_EVIDENCE[:-1]]
    feasibility = next(f for f in record["factors"] if f["factor"] == "feasibility")
    assert feasibility["evidence"] == [eid(store, INVADE, "feasibility", "supports", "undated", 1)]
    assert record["as_of"] == "2025-03-15"
    assert round(record["probability"], 6) == 0.322581  # costs, the weakest, is unchanged
    assert {"reason": "articles dated after 2025-03-15", "count": 1,
            "examples": [f"{article_id(store, 'reuters_0320')} Belarus becomes a staging ground, officials fear"]} in record["left_out"]


def test_an_undated_article_counts_from_the_latest_date_it_mentions(store: Store) -> None:
    staging = eid(store, INVADE, "feasibility", "supports", "undated", 1)
    before = run(store, INVADE, as_of=date(2025, 3, 11))
    on_the_day = run(store, INVADE, as_of=date(2025, 3, 12))
    assert staging not in {e["id"] for e in before["evidence"]}
    assert staging in {e["id"] for e in on_the_day["evidence"]}
    left = next(r for r in before["left_out"] if r["reason"] == "articles dated after 2025-03-11")
    assert left["count"] == 2 and left["examples"] == [
        f"{article_id(store, 'undated')} Why Moscow keeps its forces in Belarus",
        f"{article_id(store, 'reuters_0320')} Belarus becomes a staging ground, officials fear",
    ]


def test_before_any_evidence_every_factor_is_unknown(store: Store) -> None:
    record = run(store, INVADE, as_of=date(2025, 3, 1))
    assert record["evidence"] == []
    assert {f["status"] for f in record["factors"]} == {"no evidence"}
    assert (record["probability"], record["words"], record["confidence"]) == (0.5, "roughly even chance", "low")
    left = {r["reason"]: r["count"] for r in record["left_out"]}
    assert left["articles dated after 2025-03-01"] == 5  # every article of the invasion's corpus


def test_as_of_grades_credibility_only_from_articles_up_to_that_date(store: Store) -> None:
    record = run(store, INVADE, as_of=date(2025, 3, 15))
    staging = next(e for e in record["evidence"] if e["id"] == eid(store, INVADE, "feasibility", "supports", "undated", 1))
    assert (staging["grade"], staging["weight"]) == ("F6", 0.72)
    feasibility = next(f for f in record["factors"] if f["factor"] == "feasibility")
    assert round(feasibility["score"], 6) == round(factor_mean(0.72, 0), 6)
    # In a trajectory, the step of 2025-03-08 knows only the Reuters story of 03-03: alone, credibility 6.
    linked = link_question(store, load_framework("intervention", KB), INVADE, KB)
    assert round(score(linked, date(2025, 3, 8)).probability, 6) == round(factor_mean(0, 0.45), 6)
    # ... and the ACH row of 2025-03-05 stands alone (Kremlin Watch corroborates it only on 03-08): 0.9.
    assert ach_record(store, "scenarios", date(2025, 3, 5), KB)["items"][0]["weight"] == 0.9


# --- trajectory -------------------------------------------------------------------------------------


def test_date_series_steps_and_always_ends_on_the_last_day() -> None:
    assert date_series(date(2025, 3, 1), date(2025, 3, 22), "week") == [date(2025, 3, 1), date(2025, 3, 8), date(2025, 3, 15), date(2025, 3, 22)]
    assert date_series(date(2025, 3, 1), date(2025, 3, 20), "week") == [date(2025, 3, 1), date(2025, 3, 8), date(2025, 3, 15), date(2025, 3, 20)]
    assert date_series(date(2025, 3, 1), date(2025, 3, 7), "3d") == [date(2025, 3, 1), date(2025, 3, 4), date(2025, 3, 7)]
    assert date_series(date(2025, 1, 1), date(2025, 3, 1), "month") == [date(2025, 1, 1), date(2025, 1, 31), date(2025, 3, 1)]
    assert date_series(date(2025, 3, 1), date(2025, 3, 3), "day") == [date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3)]
    assert date_series(date(2025, 3, 1), date(2025, 3, 1), "week") == [date(2025, 3, 1)]


@pytest.mark.parametrize(
    ("start", "end", "step", "message"),
    [
        (date(2025, 3, 1), date(2025, 3, 8), "fortnight", "--step 'fortnight' is not a step (use day, week, month or a number of days such as 3d)"),
        (date(2025, 3, 1), date(2025, 3, 8), "0d", "--step '0d' is not a step (use day, week, month or a number of days such as 3d)"),
        (date(2025, 3, 1), date(2025, 3, 8), "-2d", "--step '-2d' is not a step (use day, week, month or a number of days such as 3d)"),
        (date(2025, 3, 8), date(2025, 3, 1), "week", "--from 2025-03-08 is after --to 2025-03-01 (give --from before --to)"),
        (date(2024, 1, 1), date(2025, 3, 1), "day", "426 steps from 2024-01-01 to 2025-03-01 (use a longer --step: at most 400 steps)"),
    ],
)
def test_date_series_refuses_what_it_cannot_step(start: date, end: date, step: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        date_series(start, end, step)
    assert str(raised.value) == message


def test_parse_date() -> None:
    assert parse_date(None, "--as-of") is None
    assert parse_date("", "--as-of") is None
    assert parse_date("2025-03-15", "--as-of") == date(2025, 3, 15)
    with pytest.raises(InputError) as raised:
        parse_date("15/03/2025", "--as-of")
    assert str(raised.value) == "--as-of '15/03/2025' is not a date (write it as YYYY-MM-DD, e.g. 2022-02-24)"
    with pytest.raises(InputError):
        parse_date("2025-02-30", "--to")


def test_trajectory_scores_each_date_and_lists_the_items_that_moved_it(store: Store) -> None:
    series = date_series(date(2025, 3, 1), date(2025, 3, 22), "week")
    record = run(store, INVADE, series=series)
    points = record["trajectory"]
    assert [p["as_of"] for p in points] == ["2025-03-01", "2025-03-08", "2025-03-15", "2025-03-22"]
    assert [p["moved_by"] for p in points] == [
        [],
        [eid(store, INVADE, "costs", "undermines", "reuters_0303", 3)],
        [
            eid(store, INVADE, "costs", "undermines", "courier", 0),
            eid(store, INVADE, "costs", "undermines", "courier", 1),
            eid(store, INVADE, "justification", "supports", "courier", 2),
            eid(store, INVADE, "resistance", "undermines", "courier", 2),
            eid(store, INVADE, "feasibility", "supports", "undated", 1),
            eid(store, INVADE, "local_support", "supports", "undated", 1),
        ],
        [eid(store, INVADE, "feasibility", "supports", "reuters_0320", 0)],
    ]
    first, last = points[0], points[-1]
    assert (first["probability"], first["words"], first["confidence"]) == (0.5, "roughly even chance", "low")
    assert (round(last["probability"], 6), last["words"], last["confidence"]) == (0.322581, "unlikely", "moderate")
    assert (last["low"], last["high"]) == tuple(record["interval"])
    # The record itself is the assessment without a date: the trajectory does not move it.
    assert (record["as_of"], round(record["probability"], 6)) == (None, 0.322581)


def test_the_first_step_lists_no_items_even_when_it_counts_some(store: Store) -> None:
    series = [date(2025, 3, 5), date(2025, 3, 9)]
    points = run(store, INVADE, series=series)["trajectory"]
    assert [p["moved_by"] for p in points] == [[], []]  # nothing for the invasion between 03-05 and 03-09
    assert points[0]["probability"] < 0.5  # ... though the Reuters item of 03-03 counts at the first step


# --- repeats -----------------------------------------------------------------------------------------


def _graded(article: str, outlet: str, day: int, idx: int, direction: str = "undermines", action: str | None = None, rejected: bool = False, speaker: str = "") -> Graded:
    bundle = Bundle(article, "a title", outlet, "", date(2025, 3, day), date(2025, 3, day))
    evidence = Evidence(
        id=f"{article}-{idx}-{direction}", framework="intervention", question=str(INVADE), factor="costs", direction=direction,  # type: ignore[arg-type]
        weight=1.0, item=f"{article}:{idx}", item_kind="sentence", quote="q", article_id=article, sentence_id=f"{article}:{idx}",
        start=0, end=1, rule="phrase 'sanction*'", speaker=speaker, analyst={"action": action, "weight": 1.0} if action else None,
    )
    source, kind = (speaker, "speaker") if speaker else (outlet or "(unknown outlet)", "outlet")
    return Graded(evidence, bundle, "B", "", source, kind, 2, 1.0, rejected)


def test_the_kth_item_of_one_source_on_one_factor_and_direction_counts_one_kth() -> None:
    items = [
        _graded("c", "Wire", 12, 0),  # third in date order
        _graded("a", "Wire", 3, 0),
        _graded("b", "Wire", 10, 1),
        _graded("b", "Wire", 10, 0),
        _graded("d", "Other Wire", 4, 0),  # another source
        _graded("a", "Wire", 3, 1, direction="supports"),  # another direction
        _graded("e", "Wire", 5, 0, rejected=True),  # takes no rank
        _graded("f", "Wire", 6, 0, action="rerate"),  # keeps the analyst's weight
        _graded("g", "Wire", 7, 0, speaker="Alexander Lukashenko"),  # a speaker is his own source
        _graded("h", "Wire", 8, 0, speaker="Alexander Lukashenko"),
    ]
    _discount_repeats(items)
    assert [round(g.weight, 4) for g in items] == [0.25, 1.0, 0.3333, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5]


def test_articles_without_an_outlet_are_separate_sources() -> None:
    items = [_graded("x", "", 3, 0), _graded("y", "", 4, 0), _graded("y", "", 4, 1)]
    _discount_repeats(items)
    assert [g.weight for g in items] == [1.0, 1.0, 0.5]


# --- confidence -------------------------------------------------------------------------------------


def test_confidence_levels_follow_the_first_rule_that_holds() -> None:
    framework = load_framework("intervention", KB)

    def per_factor(items: list[Graded]) -> dict:
        return {f.id: factor_score([g.weighed for g in items if g.evidence.factor == f.id]) for f in framework.factors}

    def spread(outlets: list[str], count: int) -> list[Graded]:
        items = []
        for i in range(count):
            g = _graded(f"art{i}", outlets[i % len(outlets)], 3, 0)
            g.evidence = Evidence(**{**{s: getattr(g.evidence, s) for s in g.evidence.__slots__}, "factor": framework.factors[i % 5].id})
            items.append(g)
        return items

    twelve = spread(["Reuters", "AFP", "BBC"], 12)
    assert confidence_of(twelve, per_factor(twelve)) == ("high", "12 evidence items from 3 independent outlets, 100% of their weight from sources graded A-C")
    five = spread(["Reuters", "AFP"], 5)
    assert confidence_of(five, per_factor(five))[0] == "moderate"
    four = spread(["Reuters", "AFP"], 4)  # one factor without evidence, but only four items
    assert confidence_of(four, per_factor(four)) == (
        "low", "4 evidence items from 2 independent outlets, 100% of their weight from sources graded A-C, 1 factor without evidence"
    )
    for g in twelve:
        g.reliability = "F"
    assert confidence_of(twelve, per_factor(twelve))[0] == "moderate"  # no longer 66% from A-C
    assert confidence_of([], per_factor([])) == (
        "low", "0 evidence items from 0 independent outlets, 0% of their weight from sources graded A-C, 5 factors without evidence"
    )


# --- persistence ------------------------------------------------------------------------------------


def test_assess_stores_the_evidence_and_one_assessment_row_per_call(store: Store) -> None:
    record = run(store, INVADE)
    rows = store.query("SELECT * FROM evidence WHERE question = 'RUS invade UKR via BLR' ORDER BY published, sentence_id, factor")
    assert len(rows) == 8 == store.count("evidence")
    assert {r["id"] for r in rows} == {e["id"] for e in record["evidence"]}
    first = rows[0]
    assert (first["framework"], first["factor"], first["direction"], first["weight"], first["effective"], first["reliability"], first["credibility"],
            first["published"], first["rejected"], first["analyst"], first["source"]) == (
        "intervention", "costs", "undermines", 1.0, 0.5, "B", 2, date(2025, 3, 3), False, None, "Reuters"
    )
    [saved] = store.query("SELECT * FROM assessments")
    assert (saved["framework"], saved["question"], saved["as_of"], saved["words"], saved["confidence"], saved["summary"]) == (
        "intervention", "RUS invade UKR via BLR", None, "unlikely", "moderate", record["summary"]
    )
    assert (saved["probability"], saved["low"], saved["high"]) == (record["probability"], *record["interval"])

    run(store, INVADE, as_of=date(2025, 3, 15))
    run(store, DEPLOY)
    assert [(r["question"], r["as_of"]) for r in store.query("SELECT question, as_of FROM assessments ORDER BY computed_at")] == [
        ("RUS invade UKR via BLR", None), ("RUS invade UKR via BLR", date(2025, 3, 15)), ("RUS deploy BLR", None)
    ]
    # The evidence table keeps the latest run of each question: replaced, not added to.
    assert [(r["question"], r["n"]) for r in store.query("SELECT question, count(*) AS n FROM evidence GROUP BY question ORDER BY question")] == [
        ("RUS deploy BLR", 9), ("RUS invade UKR via BLR", 8)
    ]


def test_assess_without_persist_writes_nothing(store: Store) -> None:
    run(store, INVADE, persist=False)
    assert (store.count("evidence"), store.count("assessments")) == (0, 0)


def test_assess_refuses_a_scenarios_framework(store: Store) -> None:
    with pytest.raises(InputError) as raised:
        assess(store, "scenarios", INVADE, extra_dirs=KB)
    assert str(raised.value) == (
        "framework 'scenarios' is a scenarios framework (assess with a factors framework (intervention) and pass this one as --scenarios)"
    )
    with pytest.raises(InputError) as raised:
        ach_record(store, "intervention", None, KB)
    assert str(raised.value).startswith("framework 'intervention' is not a scenarios framework with a question")


def test_a_users_kb_may_add_an_action_and_narrow_a_framework(store: Store, tmp_path: Path) -> None:
    assess_dir = tmp_path / "assess"
    (assess_dir / "frameworks").mkdir(parents=True)
    (assess_dir / "actions.yaml").write_text(
        'blockade:\n  description: Close the target\'s ports.\n  template: "{actor} blockades {target}"\n  phrases: [blockade*]\n', encoding="utf-8"
    )
    (assess_dir / "frameworks" / "naval.yaml").write_text(
        "name: naval\nkind: factors\ntitle: Naval pressure\ndescription: One condition.\nactions: [blockade]\ncombine: {rule: conjunctive}\n"
        "factors:\n  - id: costs\n    name: Low costs\n    description: Cheap enough.\n"
        "    supports: {phrases: [lower risk option]}\n    undermines: {phrases: [devastating sanctions]}\n",
        encoding="utf-8",
    )
    kb = (tmp_path,)
    record = assess(store, "naval", make_question("RUS", "blockade", "UKR", extra_dirs=kb), extra_dirs=kb, names={"RUS": "Russia", "UKR": "Ukraine"})
    assert record["question"]["text"] == "Russia blockades Ukraine"
    assert (record["evidence"], record["probability"]) == ([], 0.5)
    with pytest.raises(InputError) as raised:
        assess(store, "naval", INVADE, extra_dirs=kb)
    assert str(raised.value) == "framework naval does not assess action 'invade' (use one of blockade)"


# --- ACH ----------------------------------------------------------------------------------------------


def test_ach_matrix_rates_each_sentence_against_each_hypothesis(store: Store) -> None:
    record = run(store, INVADE, scenarios="scenarios")
    ach = record["ach"]
    assert (ach["framework"], [h["id"] for h in ach["hypotheses"]]) == ("scenarios", ["H1", "H2", "H3"])
    rows = {r["id"]: (r["ratings"], r["weight"], r["diagnosticity"], r["linchpin"]) for r in ach["items"]}
    # A row's weight is its graded weight: Reuters B alone on H1-consistent, credibility 6: 0.9; Kremlin
    # Watch F corroborated by Reuters: 0.8. The feared invasions ("would bring devastating sanctions")
    # are hypothetical events: they rate no hypothesis.
    assert rows == {
        sentence_id(store, "reuters_0303", 1): ({"H1": "I", "H2": "C"}, 1.0, 2.0, False),
        sentence_id(store, "kremlin_watch", 0): ({"H1": "I", "H2": "C", "H3": "I"}, 0.8, 1.6, True),
        sentence_id(store, "reuters_0320", 0): ({"H1": "C"}, 0.9, 0.9, False),
    }
    # Heuer's inconsistency: I counts 1, II 2, times the row's weight; without the Kremlin Watch row H2 and H3 tie.
    assert {h: round(v, 4) for h, v in ach["inconsistency"].items()} == {"H1": 1.8, "H2": 0.0, "H3": 0.8}
    assert ach["leading"] == ["H2"]
    early = ach_record(store, "scenarios", date(2025, 3, 5), KB)
    assert [(r["id"], r["ratings"], r["linchpin"]) for r in early["items"]] == [(sentence_id(store, "reuters_0303", 1), {"H1": "I", "H2": "C"}, True)]
    assert early["leading"] == ["H2", "H3"]


# --- the report record --------------------------------------------------------------------------------


def test_report_record_cites_each_sentence_once_with_its_marks(store: Store) -> None:
    record = run(store, INVADE)
    report = report_record([record], "crisis.duckdb", title="Western Shield")
    assert (report["title"], report["store"], report["assessments"]) == ("Western Shield", "crisis.duckdb", [record])
    sentences = {s["id"]: s for a in report["articles"] for s in a["sentences"]}
    marked = {sid: [s["text"][a:b] for a, b in s["marks"]] for sid, s in sentences.items() if s["marks"]}
    # Sentence 2 of the Courier is cited twice (justification and resistance) by one event: one mark,
    # its trigger; the undated article's sentence 1 holds two cues, marked in order.
    assert marked == {
        sentence_id(store, "reuters_0303", 3): ["devastating sanctions"],
        sentence_id(store, "courier", 0): ["devastating sanctions"],
        sentence_id(store, "courier", 1): ["diplomatic isolation"],
        sentence_id(store, "courier", 2): ["moved"],
        sentence_id(store, "undated", 1): ["staging area", "friendly"],
        sentence_id(store, "reuters_0320", 0): ["less than 60 miles from"],
    }
    # The timeline's sentences are cited too, unmarked; nothing else is.
    timeline = {row["sentence_id"] for row in record["timeline"]}
    assert set(sentences) == set(marked) | timeline
    assert all(sentences[sid]["marks"] == [] for sid in timeline - set(marked))
    assert all(sentences[e["sentence_id"]]["text"] == e["quote"] for e in record["evidence"])
    for article in report["articles"]:
        assert [s["id"] for s in article["sentences"]] == sorted((s["id"] for s in article["sentences"]), key=lambda i: int(i.split(":")[1]))
    courier = next(a for a in report["articles"] if a["id"] == article_id(store, "courier"))
    assert (courier["title"], courier["outlet"], courier["published"], courier["url"]) == (
        "Minsk faces isolation over Russian buildup", "Minsk Courier", "2025-03-10", "https://minskcourier.example/2025/03/10/isolation"
    )
    undated = next(a for a in report["articles"] if a["id"] == article_id(store, "undated"))
    assert (undated["title"], undated["outlet"], undated["published"], undated["url"]) == ("Why Moscow keeps its forces in Belarus", None, "2025-03-12", None)


def test_report_record_cites_ach_sentences_without_marks(store: Store) -> None:
    record = run(store, INVADE, scenarios="scenarios")
    report = report_record([record], "crisis.duckdb")
    by_sentence = {s["id"]: s for a in report["articles"] for s in a["sentences"]}
    assert {item["sentence_id"] for item in record["ach"]["items"]} <= set(by_sentence)
    lower_risk = by_sentence[sentence_id(store, "reuters_0303", 1)]  # cited by the ACH matrix only
    assert lower_risk["marks"] == []
    assert lower_risk["text"] == "A Russian deployment to Belarus is a lower risk option for the Kremlin than any move against Ukraine."
    kremlin = by_sentence[sentence_id(store, "kremlin_watch", 0)]
    assert "<script>alert(1)</script>" in kremlin["text"]  # escaping is the renderer's job


def test_report_record_of_several_assessments_cites_an_article_once(store: Store) -> None:
    invade, deploy = run(store, INVADE), run(store, DEPLOY)
    report = report_record([invade, deploy], "crisis.duckdb")
    ids = [a["id"] for a in report["articles"]]
    assert len(ids) == len(set(ids))
    undated = next(a for a in report["articles"] if a["id"] == article_id(store, "undated"))
    marks = {s["id"]: [s["text"][a:b] for a, b in s["marks"]] for s in undated["sentences"]}
    # Both questions cite sentence 1 for the same cues; deploy adds sentence 2's two overlapping cues.
    assert marks[sentence_id(store, "undated", 1)] == ["staging area", "friendly"]
    assert marks[sentence_id(store, "undated", 2)] == ["plays into the interests", "interests of both Moscow and Minsk"]


def test_an_empty_store_says_the_even_chance_is_ignorance() -> None:
    with Store.open(":memory:") as empty:
        record = assess(empty, "intervention", make_question("RUS", "deploy", "BLR"), extra_dirs=KB, persist=False)
    assert (record["probability"], record["words"], record["confidence"], record["evidence"]) == (0.5, "roughly even chance", "low", [])
    assert record["summary"] == (
        "There is a roughly even chance (10-90%) that RUS deploys military forces to BLR; we have low confidence in this "
        "judgment because nothing in the store bears on the question yet: 50% is ignorance, not an estimate; ingest "
        "articles that name its actors."
    )
