"""Attributed claims: sources, cues, contents, quantities, modality, stable ids; and the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from faultline.extract.claims import find_claims
from faultline.nlp.sentences import split_sentences
from faultline.records import Claim, Mention, Quantity

AID = "a1"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def _mention(text: str, phrase: str, actor: str | None, sector: str | None, entity: str | None = None,
             rule: str = "combo", kind: str = "actor", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Mention(AID, f"{AID}:0", start, start + len(phrase), phrase, kind, actor, sector, entity, rule=rule)


def _quantity(text: str, phrase: str, value: float | None, unit: str, about: str = "", low: float | None = None) -> Quantity:
    start = text.index(phrase)
    return Quantity(AID, f"{AID}:0", start, start + len(phrase), phrase, value, low, None, unit, about)


def _claims(text: str, mentions: list[Mention] = (), quantities: list[Quantity] = ()) -> list[Claim]:  # type: ignore[assignment]
    return find_claims(AID, text, split_sentences(AID, text), list(mentions), list(quantities))


def _summary(claims: list[Claim]) -> list[tuple[str, str, str, str]]:
    return [(c.source.text, c.cue, c.content, c.modality) for c in claims]


STOLTENBERG = (
    "NATO Secretary General Jens Stoltenberg has spoken about 30,000 Russian troops, while "
    "Russian military experts have said 10,000 is a more realistic figure."
)


def test_two_sources_in_one_sentence_each_with_its_quantity() -> None:
    text = STOLTENBERG
    mentions = [
        _mention(text, "NATO Secretary General Jens Stoltenberg", "NATO", "IGO", "Jens Stoltenberg", rule="person"),
        _mention(text, "Russian troops", "RUS", "MIL", "Russia"),
        _mention(text, "Russian military experts", "RUS", "EDU", "Russia"),
    ]
    quantities = [
        _quantity(text, "30,000 Russian troops", 30000, "troops", "Russian troops"),
        _quantity(text, "10,000", 10000, "troops", "Russian troops"),
    ]
    nato, experts = _claims(text, mentions, quantities)
    assert (nato.source.text, nato.source.actor, nato.source.sector, nato.source.name) == (
        "NATO Secretary General Jens Stoltenberg", "NATO", "IGO", "Jens Stoltenberg")
    assert (nato.cue, nato.content, nato.modality) == ("speak about", "30,000 Russian troops", "reported")
    assert nato.quantity is not None and nato.quantity.value == 30000
    assert (experts.source.text, experts.source.actor, experts.source.name) == ("Russian military experts", "RUS", None)
    assert (experts.cue, experts.content) == ("say", "10,000 is a more realistic figure")
    assert experts.quantity is not None and experts.quantity.value == 10000
    assert text[nato.start : nato.end] == "NATO Secretary General Jens Stoltenberg has spoken about 30,000 Russian troops"
    assert text[experts.start : experts.end] == "Russian military experts have said 10,000 is a more realistic figure"
    assert nato.sentence_id == f"{AID}:0" and nato.sentence == text


def test_most_specific_quantity_wins() -> None:
    text = "Officials said 2 battalions of 1,200 troops arrived."
    mentions = [_mention(text, "Officials", None, "GOV", rule="agent")]
    quantities = [
        _quantity(text, "2 battalions", 2, "battalions"),
        _quantity(text, "1,200 troops", 1200, "troops", "troops of the battalions"),
    ]
    (claim,) = _claims(text, mentions, quantities)
    assert claim.quantity is not None and claim.quantity.value == 1200


def test_anonymous_source_takes_its_determiner_and_adjective_and_the_addressee_is_skipped() -> None:
    text = (
        "Washington has taken to taunting him: an anonymous State Department official briefed the media "
        "that the Belarusian dictator was no longer in control of the situation."
    )
    mentions = [
        _mention(text, "Washington", "USA", "GOV", "United States", rule="capital"),
        _mention(text, "State Department official", "USA", "GOV", "Department of State", rule="org", kind="org"),
        _mention(text, "media", None, "JRN", rule="agent"),
        _mention(text, "Belarusian dictator", "BLR", "GOV", "Belarus"),
    ]
    (claim,) = _claims(text, mentions)
    assert (claim.source.text, claim.source.actor, claim.source.sector, claim.source.name) == (
        "an anonymous State Department official", "USA", "GOV", None)
    assert claim.cue == "brief"
    assert claim.content == "the Belarusian dictator was no longer in control of the situation"


def test_pronoun_source_is_the_most_recent_person() -> None:
    text = "Lukashenko has played a part in this. It was he who announced the exercises back in December, and he has since smiled."
    mentions = [_mention(text, "Lukashenko", "BLR", "GOV", "Alexander Lukashenko", rule="person")]
    (claim,) = _claims(text, mentions)
    assert (claim.source.text, claim.source.actor, claim.source.sector, claim.source.name) == (
        "he", "BLR", "GOV", "Alexander Lukashenko")
    assert (claim.cue, claim.content) == ("announce", "the exercises back in December")


def test_pronoun_without_a_person_in_reach_gives_no_claim() -> None:
    text = "Lukashenko spoke. The weather was bad. Rain fell. Snow fell. Then he said the drills were over."
    mentions = [_mention(text, "Lukashenko", "BLR", "GOV", "Alexander Lukashenko", rule="person")]
    assert _claims(text, mentions) == []


def test_reply_that_and_a_question_elsewhere_in_the_sentence() -> None:
    text = (
        "When a woman in the audience asked whether Belarusian mothers would be sending their sons to fight, "
        "Lukashenko replied that the Belarusian army was created to protect the country on its own territory."
    )
    mentions = [
        _mention(text, "woman", None, "CVL", rule="agent"),
        _mention(text, "Belarusian mothers", "BLR", "CVL"),
        _mention(text, "Lukashenko", "BLR", "GOV", "Alexander Lukashenko", rule="person"),
        _mention(text, "Belarusian army", "BLR", "MIL"),
    ]
    asked, replied = _claims(text, mentions)
    assert _summary([asked]) == [
        ("a woman in the audience", "ask", "Belarusian mothers would be sending their sons to fight", "question")]
    assert _summary([replied]) == [
        ("Lukashenko", "reply", "the Belarusian army was created to protect the country on its own territory", "reported")]
    assert (replied.source.actor, replied.source.sector) == ("BLR", "GOV")


def test_insertion_between_source_and_cue() -> None:
    text = (
        "For Belarus, there is a feeling of encirclement, with Lukashenko, in a speech on Jan. 17, expressing concern "
        "over the more than 30,000 troops that are amassed in the Baltic states and Poland."
    )
    mentions = [_mention(text, "Lukashenko", "BLR", "GOV", "Alexander Lukashenko", rule="person")]
    quantities = [_quantity(text, "more than 30,000 troops", None, "troops", "troops", low=30000)]
    (claim,) = _claims(text, mentions, quantities)
    assert (claim.source.text, claim.source.actor, claim.cue) == ("Lukashenko", "BLR", "express concern")
    assert claim.content == "the more than 30,000 troops that are amassed in the Baltic states and Poland"
    assert claim.quantity is not None and claim.quantity.low == 30000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("According to the Pentagon, Russia has moved 100 jets.", ("the Pentagon", "Russia has moved 100 jets")),
        ("Russia has moved 100 jets, according to the Pentagon.", ("the Pentagon", "Russia has moved 100 jets")),
        ("Russia, according to the Pentagon, has moved 100 jets.", ("the Pentagon", "Russia has moved 100 jets")),
        ("But according to Konrad Muzyka, the drills are routine.", ("Konrad Muzyka", "the drills are routine")),
    ],
)
def test_according_to(text: str, expected: tuple[str, str]) -> None:
    mentions = [_mention(text, "Russia", "RUS", None, "Russia", rule="name")] if "Russia" in text else []
    if "Pentagon" in text:
        mentions.append(_mention(text, "Pentagon", "USA", "MIL", "Pentagon", rule="seat"))
    (claim,) = _claims(text, sorted(mentions, key=lambda m: m.start))
    assert (claim.source.text, claim.content, claim.cue) == (*expected, "according to")
    assert claim.source.actor == ("USA" if "Pentagon" in text else None)


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        ("“We will respond,” Peskov said.", "Peskov", "We will respond"),
        ("Russia will respond, Dmitry Peskov said on Monday.", "Dmitry Peskov", "Russia will respond"),
        ("Russia will respond, said Dmitry Peskov.", "Dmitry Peskov", "Russia will respond"),
        ("Russia will respond, he added.", "he", "Russia will respond"),
        ("Peskov said: “Russia will respond.”", "Peskov", "Russia will respond"),
        ("Lithuania’s actions, Landsbergis said, were not about China.", "Landsbergis", "Lithuania’s actions were not about China"),
    ],
)
def test_inverted_and_quoted(text: str, source: str, content: str) -> None:
    mentions = []
    if "Dmitry Peskov" in text:
        mentions.append(_mention(text, "Dmitry Peskov", "RUS", "GOV", "Dmitry Peskov", rule="person"))
    elif "Peskov" in text:
        mentions.append(_mention(text, "Peskov", "RUS", "GOV", "Dmitry Peskov", rule="person"))
    if source == "he":
        text = "Dmitry Peskov spoke. " + text
        mentions = [_mention(text, "Dmitry Peskov", "RUS", "GOV", "Dmitry Peskov", rule="person")]
    (claim,) = _claims(text, mentions)
    assert (claim.source.text, claim.content) == (source, content)
    if "Peskov" in text:
        assert (claim.source.actor, claim.source.name) == ("RUS", "Dmitry Peskov")


@pytest.mark.parametrize(
    "text",
    [
        "The exercises were announced in December.",  # passive: no speaker before the cue
        "He has taken every opportunity to stress that he invited the troops.",  # infinitive
        "It was said at a think tank in Berlin.",  # passive, and "think tank" is no cue
        "Jon Alterman works at a US think tank.",
        "This week, Masha wrote her father a letter.",  # a cue with an object and no content
        "Russia's claims that Ukraine attacked are false.",  # a noun, not a verb
        "The weather was fine.",
    ],
)
def test_no_claim(text: str) -> None:
    mentions = []
    if "US" in text:
        mentions.append(_mention(text, "US", "USA", None, "United States", rule="name"))
    if "Russia" in text:
        mentions.append(_mention(text, "Russia", "RUS", None, "Russia", rule="name"))
    assert _claims(text, mentions) == []


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Moscow denied that troops were in Belarus.", "negated"),
        # the consequent of a condition: modality.classify calls it hypothetical, as in the seed's
        # "If a war did break out, it's highly unlikely the Belarusian army would take part"
        ("Moscow said that if Kyiv attacked, it would respond.", "hypothetical"),
        ("Moscow asked whether troops were in Belarus.", "question"),
        ("Moscow did not say that troops were in Belarus.", "negated"),
        ("Moscow said troops will leave Belarus next month.", "future"),
        ("Moscow said troops left Belarus.", "reported"),
    ],
)
def test_modality(text: str, modality: str) -> None:
    mentions = [_mention(text, "Moscow", "RUS", "GOV", "Russia", rule="capital")]
    (claim,) = _claims(text, mentions)
    assert claim.modality == modality


def test_ids_are_stable_and_depend_on_article_and_offsets() -> None:
    text = STOLTENBERG
    mentions = [_mention(text, "Russian military experts", "RUS", "EDU", "Russia")]
    first = _claims(text, mentions)
    again = _claims(text, mentions)
    other = find_claims("a2", text, split_sentences("a2", text), mentions, [])
    assert [c.id for c in first] == [c.id for c in again]
    assert first[0].id != other[0].id


def test_text_without_a_cue_is_not_analysed() -> None:
    assert find_claims(AID, "Troops moved.", [], [], []) == []


# ------------------------------------------------------------------------------------------------ seeds


def _seed_claims() -> list[Claim]:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is absent: the seeds are only beside the project's own checkout")
    from faultline.extract.conflicts import link_conflicts
    from faultline.extract.pipeline import link_mentions
    from faultline.ingest.clean import clean
    from faultline.nlp.quantities import find_quantities
    from faultline.records import Article, RawDoc

    claims: list[Claim] = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        article = clean(RawDoc(str(path), path.read_text(encoding="utf-8")))
        assert isinstance(article, Article)
        text = article.text
        sentences = split_sentences(article.id, text)
        mentions = link_mentions(article.id, text, sentences, article.published, ())
        claims += find_claims(article.id, text, sentences, mentions, find_quantities(article.id, text, sentences))
    link_conflicts(claims)
    return claims


@pytest.mark.shared
def test_seed_acceptance() -> None:
    claims = _seed_claims()

    def one(pred) -> Claim:  # type: ignore[no-untyped-def]
        found = [c for c in claims if pred(c)]
        assert len(found) == 1, [(c.source.text, c.content) for c in claims]
        return found[0]

    nato = one(lambda c: c.source.name == "Jens Stoltenberg")
    assert (nato.source.actor, nato.quantity and (nato.quantity.value, nato.quantity.unit)) == ("NATO", (30000, "troops"))
    assert nato.quantity is not None and "Russian" in nato.quantity.about
    experts = one(lambda c: c.source.text == "Russian military experts")
    assert experts.source.actor == "RUS" and experts.quantity is not None and experts.quantity.value == 10000
    assert experts.id in nato.conflicts_with and nato.id in experts.conflicts_with

    official = one(lambda c: "State Department official" in c.source.text)
    assert (official.source.text, official.source.actor) == ("an anonymous State Department official", "USA")
    assert official.content.startswith("the Belarusian dictator was no longer in control")

    army = one(lambda c: c.cue == "reply")
    assert (army.source.text, army.source.actor, army.source.sector) == ("Lukashenko", "BLR", "GOV")
    assert army.content == "the Belarusian army was created to protect the country on its own territory"
    assert army.modality == "reported"

    baltic = one(lambda c: c.cue == "express concern")
    assert (baltic.source.actor, baltic.source.sector, baltic.source.name) == ("BLR", "GOV", "Alexander Lukashenko")
    assert baltic.quantity is not None and baltic.quantity.low == 30000
    assert "Baltic states and Poland" in baltic.content
    assert baltic.conflicts_with == []
    assert baltic.id not in nato.conflicts_with + experts.conflicts_with
