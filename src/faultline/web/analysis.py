"""Questions and their assessments in the web app, and every analyst change with its undo.

Thin over the assessment stage: :func:`faultline.assess.engine.assess` computes, and
:mod:`faultline.assess.overrides` records confirm / reject / re-rate / add and their undo, exactly as the
CLI's ``evidence`` commands do. What is new here is stored in migration 4: source grades
(``source_grades``, consulted through :func:`faultline.assess.grading.user_grades`) and the questions an
analyst defines (``questions``). Every write names the analyst and the time; an undo stamps the row.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from faultline.assess.engine import assess, date_series
from faultline.assess.frameworks import available_frameworks, load_framework
from faultline.assess.grading import RELIABILITY_CODES
from faultline.assess import overrides
from faultline.assess.overrides import (
    MAX_NAME,
    MAX_NOTE,
    history,
    record_override,
    undo,
)
from faultline.assess.questions import Question, load_actions, make_question, split_question
from faultline.errors import InputError
from faultline.records import stable_hash
from faultline.store.db import Store
from faultline.store.schema import utc_now
from faultline.web.context import WebContext
from faultline.web.models import Change, FactorChoice, QuestionRef

DEFAULT_FRAMEWORK = "intervention"
DEFAULT_SCENARIOS = "scenarios"
# A trajectory is drawn over the stored articles' dates; never more points than this (a store spanning
# years gets a longer step), so a question page stays quick.
MAX_TRAJECTORY_POINTS = 60
MAX_SOURCE_NAME = 200


# --- questions ------------------------------------------------------------------------------------


def parse_key(key: str) -> tuple[str, str, str, str]:
    """A stored question key as its parts (:func:`~faultline.assess.questions.split_question`)."""
    return split_question(key, "define it again on the questions page")


def question_url(framework: str, q: Question) -> str:
    path = "/questions/" + "/".join(quote(part, safe="") for part in (framework, q.actor, q.action, q.target))
    return path + (f"?{urlencode({'via': q.via})}" if q.via else "")


def question(ctx: WebContext, actor: str, action: str, target: str, via: str = "") -> Question:
    return make_question(actor, action, target, via, ctx.kb_dirs)


def _ref(ctx: WebContext, framework: str, q: Question, defined: dict[str, Any] | None, latest: dict[str, Any] | None) -> QuestionRef:
    return QuestionRef(
        framework=framework, actor=q.actor, action=q.action, target=q.target, via=q.via, key=str(q),
        text=q.describe(ctx.names, ctx.kb_dirs), url=question_url(framework, q),
        defined_by=defined["analyst"] if defined else None, define_id=defined["id"] if defined else None,
        probability=latest["probability"] if latest else None, words=latest["words"] if latest else None,
        computed_at=latest["computed_at"].isoformat(timespec="seconds") if latest else None,
    )


def list_questions(ctx: WebContext, store: Store) -> list[QuestionRef]:
    """Questions defined here (in force) and every question assessed before, with its latest judgment."""
    defined = {
        (r["framework"], r["question"]): r
        for r in store.query("SELECT * FROM questions WHERE undone_at IS NULL ORDER BY created_at, id")
    }
    latest = {
        (r["framework"], r["question"]): r
        for r in store.query(
            "SELECT framework, question, probability, words, computed_at FROM assessments WHERE as_of IS NULL "
            "QUALIFY row_number() OVER (PARTITION BY framework, question ORDER BY computed_at DESC) = 1"
        )
    }
    # A definition undone here hides the question, though its assessments stay in the history.
    withdrawn = {
        (r["framework"], r["question"])
        for r in store.query("SELECT * FROM questions QUALIFY row_number() OVER (PARTITION BY framework, question ORDER BY created_at DESC, id DESC) = 1")
        if r["undone_at"] is not None
    }
    actions = load_actions(ctx.kb_dirs)
    refs = []
    for framework, key in sorted((set(defined) | set(latest)) - withdrawn):
        actor, action, target, via = parse_key(key)
        if action not in actions:
            continue  # assessed with a --kb this server was not given
        refs.append(_ref(ctx, framework, question(ctx, actor, action, target, via), defined.get((framework, key)), latest.get((framework, key))))
    return refs


def question_ref(ctx: WebContext, store: Store, framework: str, q: Question) -> QuestionRef:
    for ref in list_questions(ctx, store):
        if (ref.framework, ref.key) == (framework, str(q)):
            return ref
    return _ref(ctx, framework, q, None, None)


def define_question(ctx: WebContext, store: Store, framework: str, actor: str, action: str, target: str, via: str, analyst: str) -> QuestionRef:
    """Record a new question (checked as the CLI checks it) so it is listed and can be assessed."""
    loaded = load_framework(framework, ctx.kb_dirs)
    q = question(ctx, actor, action, target, via)
    if loaded.kind != "factors":
        raise InputError(f"framework {framework!r} is a scenarios framework", "define questions with a factors framework such as intervention")
    if q.action not in loaded.actions:
        raise InputError(f"framework {framework} does not assess action {q.action!r}", f"use one of {', '.join(loaded.actions)}")
    now = utc_now()
    row_id = stable_hash("question", framework, str(q), analyst, now.isoformat(), length=12)
    store.execute(
        [
            (
                "INSERT INTO questions VALUES ($id, $framework, $question, $actor, $action, $target, $via, $scenarios, $analyst, $now, NULL, NULL)",
                {"id": row_id, "framework": framework, "question": str(q), "actor": q.actor, "action": q.action, "target": q.target,
                 "via": q.via, "scenarios": scenarios_for(ctx), "analyst": analyst, "now": now},
            )
        ]
    )
    run(ctx, store, framework, q, persist=True)  # listed with its judgment from the start
    return question_ref(ctx, store, framework, q)


def frameworks(ctx: WebContext) -> list[str]:
    return [name for name in available_frameworks(ctx.kb_dirs) if load_framework(name, ctx.kb_dirs).kind == "factors"]


def scenarios_for(ctx: WebContext) -> str | None:
    """The scenarios framework weighed by ACH on question pages, when the knowledge base has one."""
    names = available_frameworks(ctx.kb_dirs)
    return DEFAULT_SCENARIOS if DEFAULT_SCENARIOS in names and load_framework(DEFAULT_SCENARIOS, ctx.kb_dirs).kind == "scenarios" else None


def factor_choices(ctx: WebContext, names: list[str] | None = None) -> list[FactorChoice]:
    return [
        FactorChoice(framework=name, factor=f.id, name=f.name)
        for name in names or frameworks(ctx)
        for f in load_framework(name, ctx.kb_dirs).factors
    ]


# --- assessment -----------------------------------------------------------------------------------


def trajectory_series(store: Store) -> list[date]:
    """Weekly as-of dates over the stored articles' publication dates (longer steps for long spans)."""
    [row] = store.query("SELECT min(published) AS first, max(published) AS last FROM articles WHERE published IS NOT NULL")
    if row["first"] is None or row["first"] == row["last"]:
        return []
    days = (row["last"] - row["first"]).days
    step = max(7, -(-days // (MAX_TRAJECTORY_POINTS - 1)))
    return date_series(row["first"], row["last"], "week" if step == 7 else f"{step}d")


def run(ctx: WebContext, store: Store, framework: str, q: Question, as_of: date | None = None, persist: bool = False) -> dict[str, Any]:
    """The assessment record (analysts' source grades apply, as in the CLI), a trajectory and the ACH matrix."""
    return assess(store, framework, q, as_of, trajectory_series(store), scenarios_for(ctx), ctx.kb_dirs, ctx.names, persist=persist)


# --- analyst changes ------------------------------------------------------------------------------


def check_analyst(name: str | None) -> str:
    return overrides.check_analyst(
        name, "an analyst name is needed for every change", f"enter your name (at most {MAX_NAME} characters) in the box at the top of the page"
    )


def change_evidence(
    ctx: WebContext, store: Store, framework: str, q: Question, evidence_id: str, action: str, analyst: str,
    weight: float | None = None, direction: str | None = None, factor: str | None = None, note: str = "",
) -> str:
    """Confirm, reject or re-rate one item of the question's current evidence; recompute and keep the result."""
    record = run(ctx, store, framework, q)
    if evidence_id not in {e["id"] for e in record["evidence"]}:
        raise InputError(f"no evidence {evidence_id!r} in {q}", "reload the question page: the evidence may have changed")
    override = record_override(
        store, load_framework(framework, ctx.kb_dirs), str(q), action, analyst, evidence_id=evidence_id,
        weight=weight, direction=direction or None, factor=factor or None, note=note,
    )
    run(ctx, store, framework, q, persist=True)
    return override.id


def add_evidence(
    ctx: WebContext, store: Store, framework: str, q: Question, sentence_id: str, factor: str, direction: str, analyst: str,
    weight: float = 1.0, quote_text: str = "", note: str = "",
) -> str:
    """File a stored sentence (or words of it) as evidence for a factor, then recompute."""
    override = record_override(
        store, load_framework(framework, ctx.kb_dirs), str(q), "add", analyst, factor=factor, direction=direction,
        weight=weight, sentence_id=sentence_id, quote=quote_text.strip() or None, note=note,
    )
    run(ctx, store, framework, q, persist=True)
    return override.evidence_id


def grade_source(store: Store, name: str, grade: str, why: str, analyst: str) -> str:
    """An analyst's reliability grade (A-F) of a source; it wins over source_reliability.tsv from now on."""
    name = " ".join(name.split())
    grade = grade.strip().upper()
    if not name or len(name) > MAX_SOURCE_NAME:
        raise InputError("a source grade needs the source's name", f"write the outlet or speaker as it appears (at most {MAX_SOURCE_NAME} characters)")
    if grade not in RELIABILITY_CODES:
        raise InputError(f"grade {grade!r} is not a reliability grade", f"use one of {', '.join(RELIABILITY_CODES)}")
    if len(why) > MAX_NOTE:
        raise InputError(f"the reason has {len(why)} characters", f"keep it under {MAX_NOTE}")
    now = utc_now()
    row_id = stable_hash("grade", name, grade, analyst, now.isoformat(), length=12)
    store.execute(
        [("INSERT INTO source_grades VALUES ($id, $name, $grade, $why, $analyst, $now, NULL, NULL)",
          {"id": row_id, "name": name, "grade": grade, "why": why.strip(), "analyst": analyst, "now": now})]
    )
    return row_id


def recompute_all(ctx: WebContext, store: Store) -> None:
    """After a grade changes, every listed question's stored assessment is redone with it."""
    for ref in list_questions(ctx, store):
        run(ctx, store, ref.framework, question(ctx, ref.actor, ref.action, ref.target, ref.via), persist=True)


UNDO_TABLES = {"grade": "source_grades", "question": "questions"}


def undo_change(ctx: WebContext, store: Store, kind: str, ident: str, analyst: str) -> str | None:
    """Undo one change by kind and id; returns the page it concerned. The row stays, stamped."""
    if kind == "override":
        override = undo(store, ident, analyst)
        actor, action, target, via = parse_key(override.question)
        q = question(ctx, actor, action, target, via)
        run(ctx, store, override.framework, q, persist=True)
        return question_url(override.framework, q)
    table = UNDO_TABLES.get(kind)
    if table is None:
        raise InputError(f"unknown kind of change {kind!r}", "undo from the changes page")
    rows = store.query(f"SELECT * FROM {table} WHERE id = $id AND undone_at IS NULL", {"id": ident})
    if not rows:
        raise InputError(f"no {kind} change in force with id {ident!r}", "see the changes page for what can be undone")
    store.execute([(f"UPDATE {table} SET undone_at = $now, undone_by = $name WHERE id = $id", {"now": utc_now(), "name": analyst, "id": ident})])
    if kind == "grade":
        recompute_all(ctx, store)
        return "/sources"
    return "/questions"


def changes(ctx: WebContext, store: Store, limit: int = 200) -> list[Change]:
    """Every analyst change, newest first: overrides, source grades and defined questions."""
    result: list[Change] = []
    for o in history(store, limit=limit):
        actor, action, target, via = parse_key(o.question)
        detail = " ".join(f"{k}={v}" for k, v in (("factor", o.factor), ("direction", o.direction), ("weight", o.weight)) if v is not None)
        result.append(
            Change(
                kind="override", id=o.id, what=f"{o.action} evidence {o.evidence_id} of {o.question}" + (f" ({detail})" if detail else ""),
                analyst=o.analyst, at=_at(o.created_at), note=o.note, undone_at=_at(o.undone_at), undone_by=o.undone_by,
                url=question_url(o.framework, Question(actor, action, target, via)) if action in load_actions(ctx.kb_dirs) else None,
            )
        )
    for r in store.query("SELECT * FROM source_grades ORDER BY created_at DESC, id DESC LIMIT $limit", {"limit": limit}):
        result.append(
            Change(kind="grade", id=r["id"], what=f"graded source {r['name']} {r['grade']}", analyst=r["analyst"], at=_at(r["created_at"]),
                   note=r["why"] or "", undone_at=_at(r["undone_at"]), undone_by=r["undone_by"], url="/sources")
        )
    for r in store.query("SELECT * FROM questions ORDER BY created_at DESC, id DESC LIMIT $limit", {"limit": limit}):
        actor, action, target, via = parse_key(r["question"])
        result.append(
            Change(kind="question", id=r["id"], what=f"defined question {r['question']} ({r['framework']})", analyst=r["analyst"],
                   at=_at(r["created_at"]), note="", undone_at=_at(r["undone_at"]), undone_by=r["undone_by"],
                   url=question_url(r["framework"], Question(actor, action, target, via)))
        )
    result.sort(key=lambda c: c.at, reverse=True)
    return result[:limit]


def _at(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None
