"""Analytic frameworks as data: YAML files in ``data/assess/frameworks/`` read by one loader.

Two kinds, one schema for what bears on what (:mod:`faultline.assess.cues`):

- ``kind: factors``: conditions that must all hold (the five of ``intervention.yaml``, seed 003), each
  with what supports and what undermines it, and the ``combine:`` rule that turns factor scores into a
  probability (:class:`~faultline.assess.combine.ConjunctiveRule`);
- ``kind: scenarios``: competing hypotheses for ACH (``scenarios.yaml``, seed 000), each with the
  indicators consistent and inconsistent with it, and the ``question:`` whose roles its rules use.

A user's framework is a file in ``DIR/assess/frameworks/`` of a ``--kb DIR``: a new name adds a
framework, an existing name replaces ours. Every file is validated whole when loaded; the first problem
stops the load with a one-line :class:`~faultline.errors.AssessDataError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from faultline.assess.combine import ConjunctiveRule
from faultline.assess.cues import Lexicon, Reader, read_lexicon
from faultline.errors import AssessDataError
from faultline.assess.questions import Question, load_actions, read_question
from faultline.resources import data_dir

FRAMEWORKS_DIR = "assess/frameworks"
KINDS = ("factors", "scenarios")
METHODS = ("weakest_link",)
TOP_KEYS = ("name", "kind", "title", "description", "source", "actions", "combine", "factors", "all_factors", "hypotheses", "question")


@dataclass(frozen=True, slots=True)
class Factor:
    """A condition of a factors framework and what bears on it."""

    id: str
    name: str
    description: str
    supports: Lexicon
    undermines: Lexicon


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """A named scenario of a scenarios framework and its indicators."""

    id: str
    name: str
    description: str
    consistent: Lexicon
    inconsistent: Lexicon


@dataclass(frozen=True, slots=True)
class Framework:
    name: str
    kind: str  # factors | scenarios
    title: str
    description: str
    source: str  # where the framework comes from (a citation)
    path: str  # the file it was read from
    actions: tuple[str, ...]  # the actions a question may name with it
    factors: tuple[Factor, ...] = ()
    hypotheses: tuple[Hypothesis, ...] = ()
    rule: ConjunctiveRule | None = None  # kind factors
    question: Question | None = None  # kind scenarios: binds the roles its rules use
    # kind factors, optional ``all_factors:``: what bears on every factor at once, such as an author
    # saying an outcome "would track with each element in the framework".
    all_supports: Lexicon = Lexicon()
    all_undermines: Lexicon = Lexicon()

    def factor(self, factor_id: str) -> Factor:
        for factor in self.factors:
            if factor.id == factor_id:
                return factor
        raise KeyError(f"framework {self.name} has no factor {factor_id!r}")


def _search_dirs(extra_dirs: tuple[Path, ...]) -> list[Path]:
    """User directories first: their file of a name replaces ours."""
    return [Path(d) / FRAMEWORKS_DIR for d in extra_dirs] + [data_dir() / FRAMEWORKS_DIR]


def available_frameworks(extra_dirs: tuple[Path, ...] = ()) -> tuple[str, ...]:
    """Names of every framework, packaged or in a user directory, sorted."""
    return tuple(sorted({p.stem for d in _search_dirs(tuple(extra_dirs)) if d.is_dir() for p in d.glob("*.yaml")}))


@lru_cache(maxsize=None)
def load_framework(name: str, extra_dirs: tuple[Path, ...] = ()) -> Framework:
    """The framework ``name``, from the first directory that has ``name.yaml``, validated."""
    for directory in _search_dirs(tuple(extra_dirs)):
        path = directory / f"{name}.yaml"
        if path.is_file():
            return read_framework(path, extra_dirs)
    raise AssessDataError(
        f"unknown framework {name!r}",
        f"use one of {', '.join(available_frameworks(extra_dirs))}, or write {name}.yaml in DIR/{FRAMEWORKS_DIR}/ and pass --kb DIR",
    )


def read_framework(path: Path, extra_dirs: tuple[Path, ...] = ()) -> Framework:
    """Parse and validate one framework file."""
    from faultline.extract.events import PLOVER_TYPES

    reader = Reader(path.name)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        reader.fail("(file)", f"is not valid YAML: {' '.join(str(err).split())}", "fix the YAML syntax at the line shown")
    top = reader.mapping(raw, "(top)", required=("name", "kind", "title", "description"), optional=TOP_KEYS)
    name = reader.text(top["name"], "name")
    if name != path.stem:
        reader.fail("name", f"is {name!r} but the file is {path.name}", f"write 'name: {path.stem}' or rename the file to {name}.yaml")
    kind = reader.choice(top["kind"], "kind", KINDS)
    known_actions = tuple(load_actions(tuple(extra_dirs)))
    actions = reader.choices(top["actions"], "actions", known_actions) if "actions" in top else known_actions
    common = {
        "name": name,
        "kind": kind,
        "title": reader.text(top["title"], "title"),
        "description": reader.text(top["description"], "description"),
        "source": reader.text(top.get("source"), "source", allow_empty=True),
        "path": str(path),
        "actions": actions,
    }
    if kind == "factors":
        _forbid(reader, top, ("hypotheses", "question"), kind)
        every = reader.mapping(top.get("all_factors") or {}, "all_factors", optional=("supports", "undermines"))
        all_supports = read_lexicon(reader, every.get("supports"), "all_factors.supports", actions, PLOVER_TYPES)
        all_undermines = read_lexicon(reader, every.get("undermines"), "all_factors.undermines", actions, PLOVER_TYPES)
        factors = tuple(
            _read_factor(reader, v, f"factors[{i}]", actions, PLOVER_TYPES) for i, v in enumerate(reader.items(top.get("factors"), "factors"))
        )
        _check_ids(reader, "factors", [f.id for f in factors])
        return Framework(
            **common, factors=factors, rule=_read_rule(reader, top.get("combine")), all_supports=all_supports, all_undermines=all_undermines
        )
    _forbid(reader, top, ("factors", "combine", "all_factors"), kind)
    hypotheses = tuple(
        _read_hypothesis(reader, v, f"hypotheses[{i}]", actions, PLOVER_TYPES)
        for i, v in enumerate(reader.items(top.get("hypotheses"), "hypotheses"))
    )
    _check_ids(reader, "hypotheses", [h.id for h in hypotheses])
    question = read_question(reader, top["question"], "question", known_actions) if "question" in top else None
    return Framework(**common, hypotheses=hypotheses, question=question)


def _forbid(reader: Reader, top: dict[str, Any], keys: tuple[str, ...], kind: str) -> None:
    for key in keys:
        if key in top:
            reader.fail(key, f"does not belong in a 'kind: {kind}' framework", f"remove '{key}:' or change 'kind:'")


def _check_ids(reader: Reader, key: str, ids: list[str]) -> None:
    if not ids:
        reader.fail(key, "is empty", f"list at least two {key}")
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            reader.fail(f"{key}[{i}].id", f"{ident!r} is used twice", "give each entry its own id")
        seen.add(ident)


def _read_factor(reader: Reader, value: Any, key: str, actions: tuple[str, ...], event_types: tuple[str, ...]) -> Factor:
    entry = reader.mapping(value, key, required=("id", "name", "description"), optional=("supports", "undermines"))
    supports = read_lexicon(reader, entry.get("supports"), f"{key}.supports", actions, event_types)
    undermines = read_lexicon(reader, entry.get("undermines"), f"{key}.undermines", actions, event_types)
    if not len(supports) or not len(undermines):
        reader.fail(key, "needs cues on both sides", "give it 'supports:' and 'undermines:' with at least one phrase, event or claim each")
    return Factor(reader.text(entry["id"], f"{key}.id"), reader.text(entry["name"], f"{key}.name"), reader.text(entry["description"], f"{key}.description"), supports, undermines)


def _read_hypothesis(reader: Reader, value: Any, key: str, actions: tuple[str, ...], event_types: tuple[str, ...]) -> Hypothesis:
    entry = reader.mapping(value, key, required=("id", "name", "description"), optional=("consistent", "inconsistent"))
    consistent = read_lexicon(reader, entry.get("consistent"), f"{key}.consistent", actions, event_types)
    inconsistent = read_lexicon(reader, entry.get("inconsistent"), f"{key}.inconsistent", actions, event_types)
    if not len(consistent) and not len(inconsistent):
        reader.fail(key, "has no indicators", "give it 'consistent:' or 'inconsistent:' phrases or events")
    return Hypothesis(
        reader.text(entry["id"], f"{key}.id"), reader.text(entry["name"], f"{key}.name"), reader.text(entry["description"], f"{key}.description"), consistent, inconsistent
    )


def _read_rule(reader: Reader, value: Any) -> ConjunctiveRule:
    if value is None:
        reader.fail("combine", "is missing", "add 'combine:' with 'rule: conjunctive' (see intervention.yaml)")
    entry = reader.mapping(value, "combine", required=("rule",), optional=("method", "prior", "credible_mass", "missing_below", "missing_cap"))
    reader.choice(entry["rule"], "combine.rule", ("conjunctive",))
    default = ConjunctiveRule()
    prior = reader.mapping(entry.get("prior", {}), "combine.prior", optional=("supports", "undermines"))
    return ConjunctiveRule(
        prior_supports=reader.number(prior.get("supports", default.prior_supports), "combine.prior.supports", 0.01, 100.0),
        prior_undermines=reader.number(prior.get("undermines", default.prior_undermines), "combine.prior.undermines", 0.01, 100.0),
        credible_mass=reader.number(entry.get("credible_mass", default.credible_mass), "combine.credible_mass", 0.5, 0.99),
        missing_below=reader.number(entry.get("missing_below", default.missing_below), "combine.missing_below", 0.0, 1.0),
        missing_cap=reader.number(entry.get("missing_cap", default.missing_cap), "combine.missing_cap", 0.0, 1.0),
        method=reader.choice(entry.get("method", default.method), "combine.method", METHODS),
    )
