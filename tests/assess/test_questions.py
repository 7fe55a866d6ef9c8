"""Questions and the actions they name."""

from __future__ import annotations

from pathlib import Path

import pytest

from faultline.errors import AssessDataError
from faultline.assess.questions import Question, load_actions, make_question, split_question


def test_packaged_actions() -> None:
    actions = load_actions()
    assert set(actions) >= {"deploy", "invade", "join-war"}
    assert all(a.phrases and a.events for a in actions.values())
    assert any(c.search("raising fears that Belarus could serve as a staging ground") for c in actions["invade"].phrases)
    assert any(c.search("it's highly unlikely the Belarusian army would take part in the fighting") for c in actions["join-war"].phrases)


def test_make_question_checks_and_normalises() -> None:
    assert make_question("rus", "invade", "ukr", "blr") == Question("RUS", "invade", "UKR", "BLR")
    with pytest.raises(AssessDataError, match="unknown action 'annex'"):
        make_question("RUS", "annex", "UKR")
    with pytest.raises(AssessDataError, match="must differ"):
        make_question("RUS", "invade", "UKR", "RUS")
    with pytest.raises(AssessDataError, match="actor and a target"):
        make_question("RUS", "invade", "")


def test_roles() -> None:
    question = Question("RUS", "invade", "UKR", "BLR")
    assert [question.role_of(c) for c in ("RUS", "UKR", "BLR", "USA", None)] == ["actor", "target", "via", "other", "other"]
    assert Question("BLR", "join-war", "UKR").role_of("") == "other"


def test_describe() -> None:
    names = {"RUS": "Russia", "UKR": "Ukraine", "BLR": "Belarus"}
    assert Question("RUS", "invade", "UKR", "BLR").describe(names) == "Russia invades Ukraine from Belarus"
    assert Question("RUS", "deploy", "BLR").describe(names) == "Russia deploys military forces to Belarus"
    assert Question("BLR", "join-war", "UKR").describe() == "BLR joins a war against UKR"
    assert str(Question("RUS", "invade", "UKR", "BLR")) == "RUS invade UKR via BLR"


def test_user_actions_add_and_replace(tmp_path: Path) -> None:
    (tmp_path / "assess").mkdir()
    (tmp_path / "assess" / "actions.yaml").write_text(
        "blockade:\n  description: Close the target's ports.\n  template: '{actor} blockades {target}'\n"
        "  phrases: [blockade]\n  events: [{type: COERCE, source: actor, target: target}]\n"
        "deploy:\n  description: Mine.\n  template: '{actor} sends troops to {target}'\n",
        encoding="utf-8",
    )
    actions = load_actions((tmp_path,))
    assert Question("RUS", "blockade", "UKR").describe(extra_dirs=(tmp_path,)) == "RUS blockades UKR"
    assert actions["deploy"].template == "{actor} sends troops to {target}"
    assert "invade" in actions


def test_bad_template_names_the_fix(tmp_path: Path) -> None:
    (tmp_path / "assess").mkdir()
    (tmp_path / "assess" / "actions.yaml").write_text("strike:\n  description: x\n  template: '{attacker} strikes'\n", encoding="utf-8")
    with pytest.raises(AssessDataError, match=r"actions.yaml: strike.template: .* \(use only \{actor\}, \{target\} and \{via\}\)"):
        load_actions((tmp_path,))


def test_split_question_is_the_inverse_of_str() -> None:
    for question in (Question("RUS", "invade", "UKR", "BLR"), Question("BLR", "join-war", "UKR")):
        assert Question(*split_question(str(question))) == question
    assert split_question("RUS invade UKR VIA BLR") == ("RUS", "invade", "UKR", "BLR")
    with pytest.raises(AssessDataError) as caught:
        split_question("RUS invade", "write it like --question 'RUS invade UKR'")
    assert str(caught.value) == "question 'RUS invade' is not 'ACTOR ACTION TARGET [via VIA]' (write it like --question 'RUS invade UKR')"
