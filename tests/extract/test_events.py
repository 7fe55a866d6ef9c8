"""PLOVER events: types, actors, place, date and modality, on hand-made sentences and on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from faultline.extract.events import find_events, inflect
from faultline.extract.pipeline import link_mentions
from faultline.nlp.sentences import split_sentences
from faultline.records import FACTUAL, TimeExpr

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def _events(text: str, times: list[TimeExpr] | None = None):  # type: ignore[no-untyped-def]
    sentences = split_sentences("a1", text)
    return find_events("a1", text, sentences, link_mentions("a1", text, sentences, "", ()), times or [])


def test_inflect_regular_forms() -> None:
    assert {"threaten", "threatens", "threatened", "threatening"} <= inflect("threaten")
    assert {"stopped", "stopping"} <= inflect("stop")
    assert {"agreed", "agreeing", "agrees"} <= inflect("agree")
    assert {"called for", "calling for"} <= inflect("call for")


def test_mobilize_with_location_and_date() -> None:
    text = "Russian troops began making their way into Belarusian territory on Jan. 17."
    start = text.index("on Jan. 17") + 3
    time = TimeExpr("a1", "a1:0", start, start + 7, "Jan. 17", "2022-01-17", "2022-01-17", "day", "2022-02-15")
    (event,) = [e for e in _events(text, [time]) if e.event_type == "MOBILIZE"]
    assert (event.source.actor, event.source.sector) == ("RUS", "MIL")
    assert event.location == "BLR"
    assert event.date.start == "2022-01-17"
    assert event.modality == "asserted"
    assert event.id.startswith("a1:e") and text[event.start : event.end] == event.trigger


def test_threat_is_asserted_and_its_condition_is_not() -> None:
    text = "The United States is threatening Minsk with new sanctions if it participates in Russian aggression against Ukraine."
    events = _events(text)
    threat = next(e for e in events if e.event_type == "THREATEN")
    assert (threat.source.actor, threat.target.actor, threat.modality, threat.mode) == ("USA", "BLR", "asserted", "restrict")
    assert not any(e.event_type == "SANCTION" for e in events)  # folded into the threat
    aggression = next(e for e in events if e.trigger == "aggression")
    assert aggression.modality == "conditional"


def test_reported_demand_has_speaker_as_source() -> None:
    events = _events("Russia said on Tuesday that Sudan must return a helicopter captured last week.")
    demand = events[0]
    assert (demand.event_type, demand.source.actor, demand.target.actor) == ("REQUEST", "RUS", "SDN")


def test_passive_source_after_by() -> None:
    (event,) = [e for e in _events("Iraqi civilians were attacked by Syrian troops on Monday.") if e.event_type == "ASSAULT"]
    assert (event.source.actor, event.target.actor) == ("SYR", "IRQ")


def test_future_cooperation_is_agree() -> None:
    event = _events("Finland will give Tanzania a grant of 580 million shillings.")[0]
    assert event.event_type == "AGREE"


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="needs ../shared/seeds")
def test_seed_acceptance() -> None:
    from faultline.ingest.clean import clean
    from faultline.records import RawDoc

    events = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        article = clean(RawDoc(str(path), path.read_text(encoding="utf-8")))
        sentences = split_sentences(article.id, article.text)
        events += find_events(article.id, article.text, sentences, link_mentions(article.id, article.text, sentences, "", ()), [])
    assert any(
        e.event_type == "MOBILIZE" and e.source and e.source.actor == "RUS" and e.source.sector == "MIL" and e.location == "BLR"
        for e in events
    )
    assert any(
        e.event_type == "THREATEN" and e.source.actor == "USA" and e.target.actor == "BLR" and e.modality == "asserted"
        for e in events
        if e.source and e.target
    )
    assert any(e.event_type == "PROTEST" and "2020" in e.sentence for e in events)
    for needle, trigger in (
        ("If a war did break out", "take part in the fighting"),
        ("There’s no way Lukashenko", "involve"),
        ("apocalyptic eventuality", "launched counterstrikes"),
        ("Moscow launching an attack", "launching an attack"),
    ):
        found = [e for e in events if needle in e.sentence and e.event_type == "ASSAULT"]
        assert found, needle
        assert all(e.modality not in FACTUAL for e in found), (needle, [(e.trigger, e.modality) for e in found])
        assert any(e.trigger == trigger for e in found), (needle, [e.trigger for e in found])


def test_topic_noun_is_no_event_and_owned_noun_is() -> None:
    assert not [e for e in _events("The confrontation between Russia and the West, war or reconciliation, is undesirable.")
                if e.event_type == "ASSAULT"]
    (invasion,) = [e for e in _events("Russia's invasion of Ukraine is underway.") if e.event_type == "ASSAULT"]
    assert (invasion.source.actor, invasion.target.actor, invasion.modality) == ("RUS", "UKR", "asserted")
    (war,) = [e for e in _events("Russia waged war against Ukraine.") if e.event_type == "ASSAULT"]
    assert war.source.actor == "RUS"


def test_governing_frame_gives_the_noun_its_modality() -> None:
    events = _events("Europe lives with the fear of a renewed Russian invasion of Ukraine.")
    assert [e.modality for e in events if e.event_type == "ASSAULT"] == ["hypothetical"]


def test_weak_verb_needs_its_object() -> None:
    assert not _events("The new rules help farmers in the region.")
    assert [e.event_type for e in _events("Poland backed Ukraine at the summit.")][:1] == ["SUPPORT"]


# Issue 3, recipients: hand-written sentences, one per rule of EventExtractor._target.


def _main(text: str, plover: str):  # type: ignore[no-untyped-def]
    return next(e for e in _events(text) if e.event_type == plover)


def test_sector_word_modifying_a_noun_is_not_the_recipient() -> None:
    event = _main("Norway has promised to continue military aid to war-torn Chad.", "AGREE")
    assert (event.source.actor, event.target.actor, event.target.text) == ("NOR", "TCD", "Chad")


def test_state_of_emergency_is_no_actor() -> None:
    event = _main("Kenya's government on Monday lifted a state of emergency in the province of Nairobi.", "CONCEDE")
    assert (event.target.text, event.target.actor, event.target.sector) == ("province of Nairobi", "KEN", "CVL")


def test_place_is_the_recipient_without_an_actor_object() -> None:
    event = _main("Thousands of Kurds sought refuge in Sweden last year.", "REQUEST")
    assert (event.target.actor, event.target.text, event.location) == ("SWE", "Sweden", "SWE")


def test_consult_venue_is_not_a_recipient() -> None:
    event = _main("Peru and Chile held talks in Sweden on Monday.", "CONSULT")
    assert event.target is None and event.location == "SWE"


def test_own_troops_are_not_the_recipient() -> None:
    event = _main("Syria withdrew its soldiers from neighbouring Lebanon on Monday.", "RETREAT")
    assert (event.source.actor, event.target.actor, event.target.text) == ("SYR", "LBN", "Lebanon")


def test_mobilize_recipient_is_whom_it_is_against() -> None:
    event = _main("Britain mobilized army reservists for a possible war against Iraq.", "MOBILIZE")
    assert (event.source.actor, event.target.actor) == ("GBR", "IRQ")
    event = _main("Poland moved army units along the border with Belarus.", "MOBILIZE")
    assert event.source.actor == "POL" and event.target is None


def test_recipient_stays_in_the_trigger_clause() -> None:
    event = _main("Students demonstrated in Serbia, where ten people were killed last year.", "PROTEST")
    assert event.target.actor == "SRB"


def test_unnamed_recipient_of_a_one_country_sentence_is_of_that_country() -> None:
    event = _main("Opposition groups in Zimbabwe are demanding that the president resign.", "REQUEST")
    assert (event.target.actor, event.target.sector) == ("ZWE", "GOV")


def test_object_is_not_taken_as_the_fallback_source() -> None:
    event = _main("The council on Tuesday demanded that Iran release the prisoners.", "REQUEST")
    # "the council" names no country: the sentence has no source, rather than Iran asking itself
    assert (event.source, event.target.actor) == (None, "IRN")


def test_predicate_adjective_is_not_passive() -> None:
    event = _main("The president of Egypt said he is prepared to move troops to the border.", "MOBILIZE")
    assert (event.source.actor, event.source.sector, event.target) == ("EGY", "GOV", None)
