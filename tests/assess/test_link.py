"""Evidence linking on hand-built article bundles: scope by topic and role, negation, one item per sentence."""

from __future__ import annotations

from datetime import date

from faultline.assess.combine import blend_estimates
from faultline.assess.frameworks import load_framework
from faultline.assess.link import Bundle, LinkSentence, link, relevant, topics
from faultline.assess.questions import load_actions, make_question
from faultline.records import evidence_id

INTERVENTION = load_framework("intervention")
DEPLOY = make_question("RUS", "deploy", "BLR")
INVADE = make_question("RUS", "invade", "UKR", "BLR")
JOIN = make_question("BLR", "join-war", "UKR")


def bundle(*sentences: tuple[str, set[str]], events: list[dict] | None = None, claims: list[dict] | None = None) -> Bundle:
    """An article of the given sentences (text, actor codes), offsets laid end to end."""
    b = Bundle("art1", "A title", "Test Outlet", "", date(2022, 1, 20), date(2022, 1, 20), events=events or [], claims=claims or [])
    offset = 0
    for idx, (text, actors) in enumerate(sentences):
        b.sentences.append(LinkSentence(f"art1:{idx}", idx, offset, offset + len(text), text, frozenset(actors)))
        offset += len(text) + 1
    return b


def found(question, b: Bundle) -> list[tuple[int, str, str, str]]:
    return [(int(e.sentence_id.split(":")[1]), e.factor, e.direction, e.rule) for e in link(INTERVENTION, question, b)]


# Two actions in one article, as in seed 003: an invasion (costly) and a deployment (low risk).
TWO_ACTIONS = bundle(
    ("A Russian invasion of Ukraine from Belarus would bring devastating sanctions.", {"RUS", "UKR", "BLR"}),
    ("Minsk would also face diplomatic isolation.", {"BLR"}),
    ("A Russian deployment to Belarus, by contrast, is a lower risk option.", {"RUS", "BLR"}),
    ("It plays into the interests of both Moscow and Minsk.", {"RUS", "BLR"}),
)


def test_topic_follows_the_last_action_named() -> None:
    assert topics(TWO_ACTIONS, INVADE, load_actions()) == {
        "art1:0": frozenset({"invade"}),
        "art1:1": frozenset({"invade"}),
        "art1:2": frozenset({"deploy"}),
        "art1:3": frozenset({"deploy"}),
    }


def test_costs_of_an_invasion_do_not_count_against_a_deployment() -> None:
    assert found(INVADE, TWO_ACTIONS) == [
        (0, "costs", "undermines", "phrase 'devastating sanctions'"),
        (1, "costs", "undermines", "phrase 'diplomatic isolation'"),
    ]
    assert found(DEPLOY, TWO_ACTIONS) == [
        (2, "costs", "supports", "phrase 'lower risk option'"),
        (3, "costs", "supports", "phrase 'plays into the interests'"),
        (3, "local_support", "supports", "phrase 'interests of both Moscow and Minsk'"),
    ]


def test_an_article_must_name_the_actor_and_the_target_or_staging_country() -> None:
    only_russia = bundle(("A Russian invasion would bring sanctions.", {"RUS"}))
    assert not relevant(only_russia, INVADE)
    assert found(INVADE, only_russia) == []
    assert relevant(bundle(("A Russian invasion from Belarus would bring sanctions.", {"RUS", "BLR"})), INVADE)


def test_a_phrase_under_negation_is_skipped_unless_it_carries_the_negation() -> None:
    b = bundle(
        ("After an invasion, Belarus could gain leverage without sustaining any serious losses.", {"BLR", "UKR", "RUS"}),
        ("There would be no resistance to a Russian invasion of Ukraine from Belarus.", {"RUS", "UKR", "BLR"}),
    )
    rules = found(INVADE, b)
    assert (0, "costs", "undermines", "phrase 'serious losses'") not in rules
    assert (0, "costs", "supports", "phrase 'without sustaining any serious losses'") in rules
    assert (1, "resistance", "supports", "phrase 'no resistance'") in rules


def test_mentions_role_keeps_a_third_country_buildup_out_of_resistance() -> None:
    sentence = "Lukashenko raised the issue of a buildup of Polish forces along the border ahead of any invasion."
    third = bundle((sentence, {"BLR", "POL", "RUS"}))
    target = bundle((sentence.replace("Polish", "Ukrainian"), {"BLR", "UKR", "RUS"}))
    assert (0, "resistance", "undermines", "phrase 'buildup of ... forces'") not in found(INVADE, third)
    assert (0, "resistance", "undermines", "phrase 'buildup of ... forces'") in found(INVADE, target)


def test_one_item_per_sentence_factor_and_direction_the_event_winning_a_tie() -> None:
    event = {
        "id": "ev1", "sentence_id": "art1:0", "start": 21, "end": 30, "event_type": "SANCTION", "mode": "",
        "source": {"actor": "USA", "sector": "GOV"}, "target": {"actor": "BLR", "sector": "GOV"}, "modality": "asserted",
    }
    b = bundle(("Washington announced sanctions and diplomatic isolation over the Russian invasion of Ukraine from Belarus.", {"USA", "BLR", "RUS", "UKR"}), events=[event])
    items = link(INTERVENTION, INVADE, b)
    assert [(e.factor, e.direction, e.item_kind, e.item, e.rule) for e in items] == [
        ("costs", "undermines", "event", "ev1", "event SANCTION USA(other)->BLR(via)")
    ]
    assert items[0].id == evidence_id("intervention", "RUS invade UKR via BLR", "costs", "undermines", "art1:0")
    assert items[0].quote[items[0].start : items[0].end] == "sanctions"


def test_an_event_with_an_unresolved_actor_fires_no_role_rule() -> None:
    event = {
        "id": "ev2", "sentence_id": "art1:0", "start": 0, "end": 5, "event_type": "SANCTION", "mode": "",
        "source": {"actor": None}, "target": {"actor": "BLR"}, "modality": "asserted",
    }
    b = bundle(("They penalised Belarus for its part in the Russian invasion of Ukraine.", {"BLR", "RUS", "UKR"}), events=[event])
    assert [e.item_kind for e in link(INTERVENTION, INVADE, b)] == []


def test_a_stated_estimate_is_linked_when_the_action_follows_its_words() -> None:
    b = bundle(
        ("If a war did break out, it's highly unlikely the Belarusian army would take part in the fighting.", {"BLR", "UKR"}),
        ("It is likely that prices rise, and the army will take part in parades.", {"BLR", "UKR"}),
    )
    estimates = [(e.sentence_id, e.direction, e.rule, e.quote[e.start : e.end], e.modality) for e in link(INTERVENTION, JOIN, b) if e.factor == "estimate"]
    assert estimates == [("art1:0", "undermines", "estimate 'very unlikely'", "highly unlikely", "asserted")]


def test_a_phrase_inside_an_attributed_claim_is_reported_and_carries_the_speaker() -> None:
    text = "Lukashenko said the country faces devastating sanctions if Russia launches an invasion of Ukraine from Belarus."
    claim = {
        "id": "c1", "sentence_id": "art1:0", "start": 0, "end": len(text), "cue": "say",
        "source": {"text": "Lukashenko", "actor": "BLR", "sector": "GOV", "name": "Alexander Lukashenko"}, "content": text[16:], "modality": "reported",
    }
    b = bundle((text, {"BLR", "RUS", "UKR"}), claims=[claim])
    [item] = [e for e in link(INTERVENTION, INVADE, b) if e.factor == "costs"]
    assert (item.modality, item.speaker, item.speaker_actor, item.rule) == ("reported", "Alexander Lukashenko", "BLR GOV", "phrase 'devastating sanctions'")


def test_all_factors_cue_supports_every_factor() -> None:
    b = bundle(("Such a deployment to Belarus would track with each element in the framework.", {"RUS", "BLR"}))
    assert sorted(e.factor for e in link(INTERVENTION, DEPLOY, b)) == ["costs", "feasibility", "justification", "local_support", "resistance"]


def test_blend_estimates_is_a_weighted_mean_and_keeps_the_model_alone_without_estimates() -> None:
    assert blend_estimates((0.3, 0.1, 0.6), []) == (0.3, 0.1, 0.6)
    p, low, high = blend_estimates((0.3, 0.1, 0.6), [(0.05, 0.2, 1.0)])
    assert (round(p, 4), round(low, 4), round(high, 4)) == (0.2125, 0.075, 0.4)
