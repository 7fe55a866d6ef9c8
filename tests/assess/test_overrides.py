"""Analysts' overrides: reject, confirm, re-rate, add and undo, each moving the numbers by hand-checkable amounts.

The invasion question before any override (see test_engine.INVADE_EVIDENCE): costs is the weakest factor,
undermined by Reuters 0.5, Minsk Courier 0.4 and, its second item, 0.2: 1 / (2 + 1.1) = 0.3226.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from faultline.assess.frameworks import load_framework
from faultline.assess.overrides import active_overrides, history, record_override, undo
from faultline.errors import InputError
from faultline.ingest.run import ingest, reextract
from faultline.store.db import Store
from tests.assess.conftest import (
    FIXTURES,
    INVADE,
    KB,
    eid,
    factor_mean,
    run,
    sentence_id,
)

FRAMEWORK = load_framework("intervention", KB)
QUESTION = str(INVADE)


def override(store: Store, action: str, evidence_id: str = "", analyst: str = "Ann Analyst", **changes: object):
    return record_override(store, FRAMEWORK, QUESTION, action, analyst, evidence_id=evidence_id, **changes)  # type: ignore[arg-type]


def item(record: dict, evidence_id: str) -> dict:
    return next(e for e in record["evidence"] if e["id"] == evidence_id)


def factor(record: dict, name: str) -> dict:
    return next(f for f in record["factors"] if f["factor"] == name)


def test_reject_takes_the_item_out_and_undo_restores_every_number(store: Store) -> None:
    before = run(store, INVADE)
    courier = eid(store, INVADE, "costs", "undermines", "courier", 0)
    rejection = override(store, "reject", courier, note="the Courier copies Reuters")

    after = run(store, INVADE)
    # Without it, the Courier's "diplomatic isolation" is its first item on costs: 0.8 (not 0.4),
    # hypothetical 0.4; with Reuters's 0.5, costs = 1 / (2 + 0.9).
    assert round(factor(after, "costs")["undermines"], 4) == 0.9
    assert round(factor(after, "costs")["score"], 6) == round(factor_mean(0, 0.9), 6) == 0.344828
    assert round(after["probability"], 6) == 0.344828
    assert (after["words"], after["weakest"]) == ("unlikely", "costs")
    rejected = item(after, courier)
    assert rejected["rejected"] is True
    assert rejected["analyst"] == {
        "name": "Ann Analyst", "action": "reject", "at": rejection.created_at.isoformat(timespec="seconds"),
        "note": "the Courier copies Reuters", "override": rejection.id, "weight": None,
    }
    assert item(after, eid(store, INVADE, "costs", "undermines", "courier", 1))["weight"] == 0.8
    assert courier in factor(after, "costs")["evidence"]  # still listed, marked rejected
    assert {"reason": "evidence rejected by an analyst", "count": 1,
            "examples": [f"{courier} A Russian invasion of Ukraine launched from Belarus would bring devastating sanc"]} in after["left_out"]
    assert store.query("SELECT rejected FROM evidence WHERE id = $id", {"id": courier}) == [{"rejected": True}]

    undo(store, rejection.id, "Ann Analyst")
    restored = run(store, INVADE)
    assert restored["probability"] == before["probability"]
    assert restored["interval"] == before["interval"]
    assert restored["factors"] == before["factors"]
    assert restored["evidence"] == before["evidence"]
    assert restored["left_out"] == before["left_out"]


def test_confirm_sets_credibility_1(store: Store) -> None:
    friendly = eid(store, INVADE, "local_support", "supports", "undated", 1)
    assert (item(run(store, INVADE), friendly)["grade"], item(run(store, INVADE), friendly)["weight"]) == ("F6", 0.72)
    override(store, "confirm", friendly)
    record = run(store, INVADE)
    confirmed = item(record, friendly)
    # F (0.8) x credibility 1 (1.0), no longer x 0.9 for standing alone.
    assert (confirmed["credibility"], confirmed["grade"], confirmed["weight"], confirmed["rejected"]) == (1, "F1", 0.8, False)
    assert confirmed["analyst"]["action"] == "confirm"
    assert round(factor(record, "local_support")["score"], 6) == round(factor_mean(0.8, 0), 6) == 0.642857
    assert round(record["probability"], 6) == 0.322581  # costs is still the weakest


def test_rerate_weight_replaces_the_graded_weight_and_can_make_a_factor_missing(store: Store) -> None:
    buildup = eid(store, INVADE, "resistance", "undermines", "courier", 2)
    override(store, "rerate", buildup, weight=2.5)
    record = run(store, INVADE)
    rerated = item(record, buildup)
    assert (rerated["weight"], rerated["effective"], rerated["direction"], rerated["factor"]) == (2.5, 2.5, "undermines", "resistance")
    resistance = factor(record, "resistance")
    # Beta(1, 3.5): mean 1 / 4.5, 90th percentile 0.482 < 0.5: clearly missing, so the probability is capped.
    assert (round(resistance["score"], 6), round(resistance["high"], 4), resistance["status"]) == (round(factor_mean(0, 2.5), 6), 0.4821, "missing")
    assert (record["missing"], record["capped"], record["weakest"]) == (["resistance"], True, "resistance")
    assert (record["probability"], record["words"]) == (0.2, "unlikely")
    assert record["summary"].startswith(
        "It is unlikely (3-20%) that Russia invades Ukraine from Belarus; we have moderate confidence in this judgment because "
        "a condition is missing (absence of military resistance), which caps the probability;"
    )


def test_rerate_moves_an_item_to_another_factor_or_direction(store: Store) -> None:
    buildup = eid(store, INVADE, "resistance", "undermines", "courier", 2)
    override(store, "rerate", buildup, factor="feasibility", direction="supports", weight=1.0)
    record = run(store, INVADE)
    moved = item(record, buildup)
    assert (moved["factor"], moved["direction"], moved["weight"]) == ("feasibility", "supports", 1.0)
    assert buildup in factor(record, "feasibility")["evidence"]
    assert (factor(record, "resistance")["status"], factor(record, "resistance")["evidence"]) == ("no evidence", [])
    assert round(factor(record, "feasibility")["supports"], 4) == 2.8


def test_rerate_of_direction_alone_keeps_the_graded_weight(store: Store) -> None:
    buildup = eid(store, INVADE, "resistance", "undermines", "courier", 2)
    override(store, "rerate", buildup, direction="supports")
    assert item(run(store, INVADE), buildup)["weight"] == 0.72


def test_add_cites_a_stored_sentence_as_an_analyst_item(store: Store) -> None:
    fuel = sentence_id(store, "reuters_0320", 1)
    added = override(store, "add", factor="feasibility", direction="supports", weight=2.0, sentence_id=fuel, note="fuel for a long march")
    record = run(store, INVADE)
    new = record["evidence"][-1]  # added items come last
    assert new["id"] == added.evidence_id != ""
    assert (new["item_kind"], new["item"], new["factor"], new["direction"], new["rule"]) == ("analyst", added.id, "feasibility", "supports", "added by Ann Analyst")
    assert (new["quote"], new["start"], new["end"]) == ("The Russian columns near Gomel carry enough fuel for a long march south.", 0, 72)
    # The analyst's weight stands: no grade, no discount. Reuters's other item corroborates nothing new.
    assert (new["weight"], new["effective"], new["modality"], new["outlet"], new["published"], new["grade"]) == (2.0, 2.0, "asserted", "Reuters", "2025-03-20", "B2")
    assert round(factor(record, "feasibility")["score"], 6) == round(factor_mean(3.8, 0), 6) == 0.827586
    assert new["id"] in factor(record, "feasibility")["evidence"]
    assert len(record["evidence"]) == 9

    undo(store, added.id, "Ann Analyst")
    assert added.evidence_id not in {e["id"] for e in run(store, INVADE)["evidence"]}


def test_add_with_a_quote_marks_those_words(store: Store) -> None:
    fuel = sentence_id(store, "reuters_0320", 1)
    added = override(store, "add", factor="feasibility", direction="supports", sentence_id=fuel, quote="enough fuel")
    new = item(run(store, INVADE), added.evidence_id)
    assert (new["quote"][new["start"] : new["end"]], new["weight"]) == ("enough fuel", 1.0)


def test_an_added_item_can_be_rerated_and_rejected(store: Store) -> None:
    fuel = sentence_id(store, "reuters_0320", 1)
    added = override(store, "add", factor="feasibility", direction="supports", sentence_id=fuel)
    override(store, "rerate", added.evidence_id, weight=3.0, analyst="Boris Analyst")
    assert item(run(store, INVADE), added.evidence_id)["weight"] == 3.0
    override(store, "reject", added.evidence_id, analyst="Boris Analyst")
    record = run(store, INVADE)
    assert item(record, added.evidence_id)["rejected"] is True
    assert round(factor(record, "feasibility")["supports"], 4) == 1.8


def test_overrides_survive_reingest_and_reextraction(store: Store, settings: dict[str, object]) -> None:
    courier = eid(store, INVADE, "costs", "undermines", "courier", 0)
    override(store, "reject", courier)
    fuel = sentence_id(store, "reuters_0320", 1)
    added = override(store, "add", factor="feasibility", direction="supports", weight=2.0, sentence_id=fuel)
    expected = run(store, INVADE)

    again = ingest([FIXTURES], store, settings)
    assert (again.stored, again.repeats) == (0, 7)
    redone = reextract(store, settings, everything=True)  # what `faultline extract --all` runs
    assert redone.stored == 7
    record = run(store, INVADE)
    assert item(record, courier)["rejected"] is True
    assert item(record, added.evidence_id)["item_kind"] == "analyst"
    assert round(record["probability"], 6) == 0.344828
    assert (record["factors"], record["evidence"]) == (expected["factors"], expected["evidence"])


def test_the_latest_override_in_force_wins_and_undo_by_evidence_id_peels_them_off(store: Store) -> None:
    courier = eid(store, INVADE, "costs", "undermines", "courier", 0)
    confirm = override(store, "confirm", courier, analyst="Ann Analyst")
    reject = override(store, "reject", courier, analyst="Boris Analyst")
    assert item(run(store, INVADE), courier)["rejected"] is True
    assert [o.id for o in active_overrides(store, "intervention", QUESTION)] == [confirm.id, reject.id]

    undone = undo(store, courier, "Cleo Analyst")  # by evidence id: its latest override in force
    assert (undone.id, undone.undone_by) == (reject.id, "Cleo Analyst")
    after = item(run(store, INVADE), courier)
    assert (after["rejected"], after["analyst"]["action"], after["credibility"]) == (False, "confirm", 1)
    assert [o.id for o in active_overrides(store, "intervention", QUESTION)] == [confirm.id]

    assert undo(store, courier, "Cleo Analyst").id == confirm.id
    with pytest.raises(InputError) as raised:
        undo(store, courier, "Cleo Analyst")
    assert str(raised.value) == f"no override in force with id {courier!r} (list them with `faultline evidence history`)"


def test_history_lists_who_did_what_when_and_keeps_undone_rows(store: Store) -> None:
    courier = eid(store, INVADE, "costs", "undermines", "courier", 0)
    started = datetime.now()
    confirm = override(store, "confirm", courier, analyst="  Ann   Analyst ")
    reject = override(store, "reject", courier, analyst="Boris Analyst", note="copied")
    undo(store, reject.id, "Cleo Analyst")
    rows = history(store)
    assert [(o.id, o.action, o.analyst, o.evidence_id, o.note, o.undone_by) for o in rows] == [
        (reject.id, "reject", "Boris Analyst", courier, "copied", "Cleo Analyst"),
        (confirm.id, "confirm", "Ann Analyst", courier, "", None),
    ]
    assert rows[0].undone_at is not None and rows[1].undone_at is None
    assert rows[1].created_at <= rows[0].created_at <= rows[0].undone_at
    assert abs((rows[1].created_at - started).total_seconds()) < 24 * 3600  # a timestamp of now, in UTC
    assert (rows[0].framework, rows[0].question) == ("intervention", QUESTION)
    assert [o.id for o in history(store, "intervention", QUESTION, limit=1)] == [reject.id]
    assert history(store, "intervention", "RUS deploy BLR") == []
    assert store.count("evidence_overrides") == 2


LONG = "x" * 101


@pytest.mark.parametrize(
    ("action", "evidence_id", "analyst", "changes", "message"),
    [
        ("delete", "e1", "Ann", {}, "unknown override 'delete' (use one of confirm, reject, rerate, add)"),
        ("reject", "e1", "", {}, "an override needs the analyst's name (pass --analyst NAME (at most 100 characters) or set FAULTLINE_ANALYST)"),
        ("reject", "e1", "   ", {}, "an override needs the analyst's name (pass --analyst NAME (at most 100 characters) or set FAULTLINE_ANALYST)"),
        ("reject", "e1", LONG, {}, "an override needs the analyst's name (pass --analyst NAME (at most 100 characters) or set FAULTLINE_ANALYST)"),
        ("reject", "e1", "Ann", {"note": "n" * 2001}, "the note has 2001 characters (keep it under 2000)"),
        ("rerate", "e1", "Ann", {"factor": "morale"}, "framework intervention has no factor 'morale' (use one of justification, local_support, resistance, feasibility, costs)"),
        ("rerate", "e1", "Ann", {"direction": "sideways"}, "direction 'sideways' (use supports or undermines)"),
        ("rerate", "e1", "Ann", {"weight": 10.5}, "weight 10.5 (use a weight from 0 to 10)"),
        ("rerate", "e1", "Ann", {"weight": -0.1}, "weight -0.1 (use a weight from 0 to 10)"),
        ("rerate", "e1", "Ann", {"weight": float("nan")}, "weight nan (use a weight from 0 to 10)"),
        ("rerate", "e1", "Ann", {}, "a re-rating changes nothing (pass --weight, --direction or --factor)"),
        ("reject", "", "Ann", {}, "reject needs an evidence id (copy one from `faultline evidence list`)"),
        ("add", "", "Ann", {"factor": "costs", "direction": "supports"},
         "adding evidence needs a factor, a direction and a sentence (pass --factor, --direction and --sentence SENTENCE_ID (see `faultline show`))"),
        ("add", "", "Ann", {"factor": "costs", "direction": "supports", "sentence_id": "nope:3"},
         "no sentence 'nope:3' in the store (copy a sentence id from `faultline show ARTICLE --json` or `faultline evidence list`)"),
    ],
)
def test_invalid_overrides_are_refused_with_a_one_line_fix(store: Store, action: str, evidence_id: str, analyst: str, changes: dict, message: str) -> None:
    with pytest.raises(InputError) as raised:
        override(store, action, evidence_id, analyst=analyst, **changes)
    assert str(raised.value) == message
    assert "\n" not in str(raised.value)
    assert store.count("evidence_overrides") == 0


def test_an_added_quote_must_be_in_its_sentence(store: Store) -> None:
    with pytest.raises(InputError) as raised:
        override(store, "add", factor="costs", direction="supports", sentence_id=sentence_id(store, "reuters_0320", 1), quote="enough tanks")
    assert str(raised.value) == "the quote is not in that sentence (quote the sentence's words exactly, or leave --quote out to cite the whole sentence)"
    assert store.count("evidence_overrides") == 0


def test_undo_needs_a_name_and_an_override_in_force(store: Store) -> None:
    with pytest.raises(InputError) as raised:
        undo(store, "0123456789ab", "Ann")
    assert str(raised.value) == "no override in force with id '0123456789ab' (list them with `faultline evidence history`)"
    courier = eid(store, INVADE, "costs", "undermines", "courier", 0)
    rejection = override(store, "reject", courier)
    with pytest.raises(InputError):
        undo(store, rejection.id, " ")
    assert active_overrides(store, "intervention", QUESTION)[0].id == rejection.id
