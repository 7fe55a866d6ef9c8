"""Framework files: the packaged two load, user files add and replace, bad files fail in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from faultline.assess.combine import ConjunctiveRule
from faultline.errors import AssessDataError
from faultline.assess.frameworks import available_frameworks, load_framework
from faultline.assess.questions import Question
from faultline.errors import ConfigError
from tests.conftest import shared_path

FIVE = ("justification", "local_support", "resistance", "feasibility", "costs")


def cues(framework: str, factor: str, side: str) -> list[str]:
    return [c.phrase for c in getattr(load_framework(framework).factor(factor), side).phrases]


def test_packaged_frameworks() -> None:
    assert set(available_frameworks()) >= {"intervention", "scenarios"}


def test_intervention_has_the_five_factors_and_its_rule() -> None:
    framework = load_framework("intervention")
    assert framework.kind == "factors"
    assert tuple(f.id for f in framework.factors) == FIVE
    assert framework.rule == ConjunctiveRule(1.0, 1.0, 0.8, 0.5, 0.2, "weakest_link")
    assert framework.actions == ("deploy", "invade", "join-war")
    for factor in framework.factors:
        assert factor.description and len(factor.supports) and len(factor.undermines)


def test_intervention_cues_from_the_seed() -> None:
    assert {"sanction*", "diplomatic isolation", "irreparable harm"} <= set(cues("intervention", "costs", "undermines"))
    assert {"lower risk option", "entailing much less risk"} <= set(cues("intervention", "costs", "supports"))
    assert "blowback or resistance" in cues("intervention", "resistance", "undermines")
    assert "no army ... would try to stop" in cues("intervention", "resistance", "supports")
    sanctions = load_framework("intervention").factor("costs").undermines.events[0]
    assert sanctions.accepts("SANCTION", "", "other", "via")


def sentences(path: Path) -> list[str]:
    return re.split(r"(?<=[.?!])\s+", path.read_text(encoding="utf-8"))


def test_every_factor_has_a_supporting_cue_in_the_foreign_policy_seed() -> None:
    """Issue 4's acceptance needs each factor supported by a quote from seed 003 for RUS deploy BLR."""
    text = sentences(shared_path("seeds", "003_4e51aa337ee89a0b.txt"))
    for factor in load_framework("intervention").factors:
        hits = [c.phrase for c in factor.supports.phrases if c.applies_to("deploy") for s in text if c.search(s)]
        assert hits, factor.id
    costs = load_framework("intervention").factor("costs").undermines.phrases
    assert {c.phrase for c in costs for s in text if c.search(s)} >= {"devastating sanctions", "diplomatic isolation", "irreparable harm"}


def test_scenarios() -> None:
    framework = load_framework("scenarios")
    assert framework.kind == "scenarios" and framework.rule is None
    assert framework.question == Question("RUS", "invade", "UKR", "BLR")
    assert [h.id for h in framework.hypotheses] == ["H1", "H2", "H3"]
    assert all(len(h.consistent) and len(h.inconsistent) for h in framework.hypotheses)
    h2 = framework.hypotheses[1]
    assert "gray zone" in [c.phrase for c in h2.consistent.phrases]


MINIMAL = """\
name: {name}
kind: factors
title: T
description: D
combine: {{rule: conjunctive}}
factors:
  - id: a
    name: A
    description: first
    supports: {{phrases: [aye]}}
    undermines: {{phrases: ['no']}}
"""


def user_dir(tmp_path: Path, name: str, text: str) -> tuple[Path, ...]:
    folder = tmp_path / "assess" / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return (tmp_path,)


def test_user_framework_adds_and_replaces(tmp_path: Path) -> None:
    dirs = user_dir(tmp_path, "mine", MINIMAL.format(name="mine"))
    user_dir(tmp_path, "intervention", MINIMAL.format(name="intervention"))
    assert set(available_frameworks(dirs)) >= {"mine", "intervention", "scenarios"}
    assert load_framework("mine", dirs).factors[0].id == "a"
    assert load_framework("mine", dirs).rule == ConjunctiveRule()  # defaults fill what the file leaves out
    assert len(load_framework("intervention", dirs).factors) == 1
    assert len(load_framework("intervention").factors) == 5


def test_unknown_framework() -> None:
    with pytest.raises(AssessDataError, match=r"unknown framework 'nope' \(use one of intervention, scenarios"):
        load_framework("nope")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (MINIMAL.format(name="other"), "bad.yaml: name: is 'other' but the file is bad.yaml (write 'name: bad' or rename the file to other.yaml)"),
        (MINIMAL.format(name="bad") + "owner: me\n", "bad.yaml: (top).owner: is not a known key"),
        (MINIMAL.format(name="bad").replace("combine: {rule: conjunctive}\n", ""), "bad.yaml: combine: is missing"),
        (MINIMAL.format(name="bad").replace("rule: conjunctive", "rule: additive"), "bad.yaml: combine.rule: is 'additive' (use one of conjunctive)"),
        (MINIMAL.format(name="bad").replace("rule: conjunctive", "rule: conjunctive, missing_cap: 2"), "combine.missing_cap: is 2 (write a number from 0 to 1)"),
        (MINIMAL.format(name="bad").replace("    undermines: {phrases: ['no']}\n", ""), "bad.yaml: factors[0]: needs cues on both sides"),
        (MINIMAL.format(name="bad") + "  - id: a\n    name: B\n    description: again\n    supports: {phrases: [x]}\n    undermines: {phrases: [y]}\n",
         "bad.yaml: factors[1].id: 'a' is used twice"),
        (MINIMAL.format(name="bad").replace("kind: factors", "kind: scenarios"), "bad.yaml: factors: does not belong in a 'kind: scenarios' framework"),
        (MINIMAL.format(name="bad").replace("supports: {phrases: [aye]}", "supports: {events: [{type: INVADE}]}"), "bad.yaml: factors[0].supports.events[0].type: is 'INVADE'"),
        (MINIMAL.format(name="bad").replace("[aye]", "[yes]"), "factors[0].supports.phrases[0]: is a bool (True), not text (write a non-empty string, in quotes"),
        ("name: bad\nkind: [unclosed\n", "bad.yaml: (file): is not valid YAML"),
        ("- just\n- a list\n", "bad.yaml: (top): is a list"),
    ],
)
def test_bad_framework_fails_in_one_line_naming_file_key_and_fix(tmp_path: Path, text: str, message: str) -> None:
    dirs = user_dir(tmp_path, "bad", text)
    with pytest.raises(AssessDataError) as err:
        load_framework("bad", dirs)
    assert isinstance(err.value, ConfigError) and err.value.exit_code == 2
    assert message in str(err.value)
    assert err.value.fix and "\n" not in str(err.value)
