"""What is asked: ``Question(actor, action, target, via)``, and the actions a question may name.

Actions are data (``data/assess/actions.yaml``): each says how the question reads in a sentence and what
marks a sentence, event or claim as being about that action at all ("deployment", "stationed";
"invasion", "staging ground"; "take part in the fighting"). The linker uses these to keep evidence about
a deployment out of an assessment of an invasion, though the same article discusses both (seed 003).
A user's ``--kb DIR`` may hold ``assess/actions.yaml`` too: its actions are added, and replace ours of
the same name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import yaml

from faultline.assess.cues import Cue, EventRule, Reader, read_lexicon
from faultline.errors import AssessDataError
from faultline.resources import data_dir

ACTIONS_FILE = "assess/actions.yaml"
ACTOR_CODE_HELP = "use an actor code such as RUS, BLR, UKR or NATO"


@dataclass(frozen=True, slots=True)
class Action:
    """A kind of use of force a question can ask about, and the cues that a text is about it."""

    name: str
    description: str
    template: str  # "{actor} invades {target}"
    template_via: str  # the same with a staging country: "{actor} invades {target} from {via}"
    phrases: tuple[Cue, ...] = ()
    events: tuple[EventRule, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """Will ``actor`` do ``action`` to ``target`` (from ``via``)? Codes as in the knowledge base."""

    actor: str
    action: str
    target: str
    via: str = ""

    def role_of(self, code: str | None) -> str:
        """The role an actor code plays in this question: actor, target, via or other."""
        for role in ("actor", "target", "via"):
            if code and code == getattr(self, role):
                return role
        return "other"

    def describe(self, names: Mapping[str, str] | None = None, extra_dirs: tuple[Path, ...] = ()) -> str:
        """The question as a clause: "Russia invades Ukraine from Belarus" (``names`` maps codes to names)."""
        action = load_actions(extra_dirs)[self.action]
        spelled = {role: (names or {}).get(code, code) for role, code in self.as_dict().items()}
        return (action.template_via if self.via else action.template).format(**spelled)

    def as_dict(self) -> dict[str, str]:
        return {"actor": self.actor, "action": self.action, "target": self.target, "via": self.via}

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.target}" + (f" via {self.via}" if self.via else "")


def make_question(actor: str, action: str, target: str, via: str = "", extra_dirs: tuple[Path, ...] = ()) -> Question:
    """A checked Question: known action, actor codes in upper case, no actor in two roles."""
    actions = load_actions(extra_dirs)
    if action not in actions:
        raise AssessDataError(f"unknown action {action!r}", f"use one of {', '.join(actions)} or add it to {ACTIONS_FILE}")
    codes = [c.strip().upper() for c in (actor, target, via)]
    if not codes[0] or not codes[1]:
        raise AssessDataError("a question needs an actor and a target", ACTOR_CODE_HELP)
    if len({c for c in codes if c}) < len([c for c in codes if c]):
        raise AssessDataError(f"actor, target and via must differ: {actor}, {target}, {via}", ACTOR_CODE_HELP)
    return Question(codes[0], action, codes[1], codes[2])


def split_question(text: str, fix: str = "write it like 'RUS invade UKR via BLR'") -> tuple[str, str, str, str]:
    """"RUS invade UKR via BLR" -> ("RUS", "invade", "UKR", "BLR"): the inverse of ``str(Question)``,
    the key the store files evidence, assessments and overrides under."""
    parts = text.split()
    if len(parts) == 3:
        return parts[0], parts[1], parts[2], ""
    if len(parts) == 5 and parts[3].lower() == "via":
        return parts[0], parts[1], parts[2], parts[4]
    raise AssessDataError(f"question {text!r} is not 'ACTOR ACTION TARGET [via VIA]'", fix)


def read_question(reader: Reader, value: object, key: str, actions: tuple[str, ...]) -> Question:
    """A ``{actor, action, target, via}`` block of a data file."""
    entry = reader.mapping(value, key, required=("actor", "action", "target"), optional=("via",))
    return Question(
        actor=reader.text(entry["actor"], f"{key}.actor").upper(),
        action=reader.choice(entry["action"], f"{key}.action", actions),
        target=reader.text(entry["target"], f"{key}.target").upper(),
        via=reader.text(entry.get("via"), f"{key}.via", allow_empty=True).upper(),
    )


@lru_cache(maxsize=None)
def load_actions(extra_dirs: tuple[Path, ...] = ()) -> dict[str, Action]:
    """Every action by name: ours, then each user directory's (which add or replace)."""
    from faultline.extract.events import PLOVER_TYPES

    actions: dict[str, Action] = {}
    for path in [data_dir() / ACTIONS_FILE] + [Path(d) / ACTIONS_FILE for d in extra_dirs]:
        if path.is_file():
            actions.update(_read_actions(path, PLOVER_TYPES))
    return actions


def _read_actions(path: Path, event_types: tuple[str, ...]) -> dict[str, Action]:
    reader = Reader(path.name)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        reader.fail("(file)", f"is not valid YAML: {' '.join(str(err).split())}", "fix the YAML syntax at the line shown")
    top = reader.mapping(raw, "(top)", optional=tuple(raw) if isinstance(raw, dict) else ())
    actions: dict[str, Action] = {}
    for name, value in top.items():
        entry = reader.mapping(value, name, required=("description", "template"), optional=("template_via", "phrases", "events"))
        lexicon = read_lexicon(reader, {k: entry[k] for k in ("phrases", "events") if k in entry}, name, (), event_types)
        template = reader.text(entry["template"], f"{name}.template")
        template_via = reader.text(entry.get("template_via"), f"{name}.template_via", allow_empty=True) or template
        for key, text in (("template", template), ("template_via", template_via)):
            _check_template(reader, f"{name}.{key}", text)
        actions[str(name)] = Action(str(name), reader.text(entry["description"], f"{name}.description"), template, template_via, lexicon.phrases, lexicon.events)
    return actions


def _check_template(reader: Reader, key: str, template: str) -> None:
    try:
        template.format(actor="A", target="T", via="V", action="x")
    except (KeyError, IndexError, ValueError):
        reader.fail(key, f"template {template!r} has an unknown field", "use only {actor}, {target} and {via}")
