"""Actor resolver: combination rules, people by date, metonyms, weapons, speed-critical caching."""

from __future__ import annotations

import pytest

from faultline.nlp.actors import ActorResolver, resolver_for


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return resolver_for()


def _actors(resolver: ActorResolver, text: str, date: str | None = None) -> list[tuple[str, str, str | None, str | None]]:
    return [(m.text, m.kind, m.actor, m.sector) for m in resolver.mentions(text, date)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Russian troops", ("RUS", "MIL")),
        ("Belarusian army", ("BLR", "MIL")),
        ("Lithuania's defense minister", ("LTU", "GOV")),
        ("Lithuania’s defence minister", ("LTU", "GOV")),
        ("Russian military experts", ("RUS", "EDU")),
        ("an anonymous State Department official", ("USA", "GOV")),
        ("NATO Secretary General Jens Stoltenberg", ("NATO", "IGO")),
        ("the Belarusian leader", ("BLR", "GOV")),
        ("Lukashenko", ("BLR", "GOV")),
        ("Minsk", ("BLR", "GOV")),
        ("the Kremlin", ("RUS", "GOV")),
        ("Washington", ("USA", "GOV")),
        ("the Pentagon", ("USA", "MIL")),
        ("Kyiv police", ("UKR", "COP")),
        ("Ukrainian national guard units", ("UKR", "MIL")),
        ("Belarusian opposition leaders", ("BLR", "OPP")),
        ("Polish border guards", ("POL", "COP")),
        ("a former CIA official", ("USA", "ELI")),
        ("president of the Riigikogu", ("EST", "LEG")),
        ("US Senator Jane Doeman", ("USA", "LEG")),
        ("Defense Minister", ("", "GOV")),
        ("Belarus", ("BLR", "")),
        # a country-bearing title states the office, whatever the 2014 dictionaries say of the person
        ("Egyptian President Abdel Fattah al-Sisi", ("EGY", "GOV")),
        ("Kenya's opposition leader Raila Odinga", ("KEN", "OPP")),
        ("Andres Manuel Lopez Obrador, Mexico's president", ("MEX", "GOV")),
        ("the President of France", ("FRA", "GOV")),
        ("the Hungarian Socialist Party", ("HUN", "PTY")),
        ("ordinary Afghans", ("AFG", "CVL")),
        ("Helmand rebels", ("AFG", "REB")),
        ("Kramatorsk", ("UKR", "CVL")),
        ("the Israeli parliament", ("ISR", "LEG")),
        ("Knesset", ("ISR", "LEG")),
        ("she", ("", "UNK")),
        ("several men", ("", "UNK")),
    ],
)
def test_resolve(resolver: ActorResolver, phrase: str, expected: tuple[str, str]) -> None:
    assert resolver.resolve(phrase, "2022-02-15") == expected


def test_resolve_uses_date_and_context(resolver: ActorResolver) -> None:
    assert resolver.resolve("Jens Stoltenberg", "2012-01-01") == ("NOR", "GOV")
    assert resolver.resolve("Jens Stoltenberg", "2022-01-01") == ("NATO", "IGO")
    assert resolver.resolve("Angela Merkel", "2022-01-10") == ("DEU", "ELI")
    assert resolver.resolve("a group of farmers", None, context="Latvian") == ("LVA", "AGR")
    assert resolver.resolve("nothing to see here") is None


def test_mentions_in_a_sentence(resolver: ActorResolver) -> None:
    text = (
        "NATO Secretary General Jens Stoltenberg said 20,000 Russian troops had reached Belarus, "
        "while Russian military experts in Moscow put the figure lower."
    )
    got = resolver.mentions(text, "2022-02-10")
    assert [(m.text, m.kind, m.actor, m.sector, m.entity) for m in got] == [
        ("NATO Secretary General Jens Stoltenberg", "actor", "NATO", "IGO", "Jens Stoltenberg"),
        ("Russian troops", "actor", "RUS", "MIL", "Russia"),
        ("Belarus", "actor", "BLR", None, "Belarus"),
        ("Russian military experts", "actor", "RUS", "EDU", "Russia"),
        ("Moscow", "place", "RUS", None, "Russia"),
    ]
    for m in got:
        assert text[m.start : m.end] == m.text


def test_metonyms_and_places(resolver: ActorResolver) -> None:
    assert _actors(resolver, "Minsk refused, and the Kremlin said nothing.") == [
        ("Minsk", "actor", "BLR", "GOV"),
        ("Kremlin", "org", "RUS", "GOV"),
    ]
    assert _actors(resolver, "They met in Minsk.") == [("Minsk", "place", "BLR", None)]
    assert _actors(resolver, "Brussels warned Moscow, the EU said.")[0] == ("Brussels", "org", "EU", "IGO")
    assert _actors(resolver, "Brussels hosted a summit of NATO members.")[0] == ("Brussels", "org", "NATO", "IGO")
    assert _actors(resolver, "Brussels is rainy.") == [("Brussels", "actor", "BEL", "GOV")]


def test_case_rules(resolver: ActorResolver) -> None:
    # "us" is a pronoun, "US" the country; a capitalised unknown first name is not a known surname
    assert _actors(resolver, "They told us nothing.") == []
    assert _actors(resolver, "The US sent aid.") == [("US", "actor", "USA", None)]
    assert resolver.resolve("Boris Lukashenkov") is None


def test_weapons(resolver: ActorResolver) -> None:
    text = "Su-35S fighters, Su-30SM jets, Pantsir, Iskander and S-400 systems arrived."
    got = [(m.text, m.entity, m.weapon_type, m.operators[:2]) for m in resolver.mentions(text) if m.kind == "weapon"]
    assert got == [
        ("Su-35S", "Su-35S", "fighter aircraft", ("RUS", "CHN")),
        ("Su-30SM", "Su-30SM", "fighter aircraft", ("RUS", "BLR")),
        ("Pantsir", "Pantsir", "air-defence system", ("RUS", "SYR")),
        ("Iskander", "Iskander", "ballistic missile system", ("RUS", "ARM")),
        ("S-400", "S-400", "air-defence system", ("RUS", "CHN")),
    ]


def test_resolver_is_cached() -> None:
    assert resolver_for() is resolver_for()
