"""Analysts' overrides of evidence: confirm, reject, re-rate, or add an item by hand.

Overrides live in the store's ``evidence_overrides`` table, apart from everything ingest and extraction
write, so they survive a re-ingest and a re-extraction: they point at evidence ids, which depend only
on framework, question, factor, direction and sentence (:func:`~faultline.records.evidence_id`). Every
row records who and when; nothing is deleted: an undo stamps the row, so the history stays readable.
For one evidence item the latest override still in force wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from faultline.errors import InputError
from faultline.records import Evidence, stable_hash
from faultline.store.schema import utc_now

if TYPE_CHECKING:
    from faultline.assess.frameworks import Framework
    from faultline.assess.link import Bundle
    from faultline.assess.questions import Question
    from faultline.store.db import Store

ACTIONS = ("confirm", "reject", "rerate", "add")
DIRECTIONS = ("supports", "undermines")
MAX_WEIGHT = 10.0
MAX_NOTE = 2000
MAX_NAME = 100
COLUMNS = (
    "id", "framework", "question", "evidence_id", "action", "factor", "direction", "weight", "article_id",
    "sentence_id", "quote", "note", "analyst", "created_at", "undone_at", "undone_by",
)


@dataclass(frozen=True, slots=True)
class Override:
    id: str
    framework: str
    question: str
    evidence_id: str
    action: str
    factor: str | None = None
    direction: str | None = None
    weight: float | None = None
    article_id: str | None = None
    sentence_id: str | None = None
    quote: str | None = None
    note: str = ""
    analyst: str = ""
    created_at: datetime | None = None
    undone_at: datetime | None = None
    undone_by: str | None = None

    def as_analyst(self) -> dict[str, Any]:
        """What an evidence record shows of the override that shaped it."""
        return {
            "name": self.analyst,
            "action": self.action,
            "at": self.created_at.isoformat(timespec="seconds") if self.created_at else None,
            "note": self.note,
            "override": self.id,
            "weight": self.weight,
        }


CLI_NAME_FIX = f"pass --analyst NAME (at most {MAX_NAME} characters) or set FAULTLINE_ANALYST"


def check_analyst(analyst: str | None, problem: str = "an override needs the analyst's name", fix: str = CLI_NAME_FIX) -> str:
    """The analyst's name with its spaces folded; none, or one over :data:`MAX_NAME`, is refused.

    Every change records who made it; the caller says how its user gives a name (a flag, a form)."""
    name = " ".join((analyst or "").split())
    if not name or len(name) > MAX_NAME:
        raise InputError(problem, fix)
    return name


def record_override(
    store: Store,
    framework: Framework,
    question: str,
    action: str,
    analyst: str,
    evidence_id: str = "",
    factor: str | None = None,
    direction: str | None = None,
    weight: float | None = None,
    sentence_id: str | None = None,
    quote: str | None = None,
    note: str = "",
) -> Override:
    """Validate and store one override; returns it with its id."""
    if action not in ACTIONS:
        raise InputError(f"unknown override {action!r}", f"use one of {', '.join(ACTIONS)}")
    name = check_analyst(analyst)
    if len(note) > MAX_NOTE:
        raise InputError(f"the note has {len(note)} characters", f"keep it under {MAX_NOTE}")
    factors = [f.id for f in framework.factors] + [h.id for h in framework.hypotheses]
    if factor is not None and factor not in factors:
        raise InputError(f"framework {framework.name} has no factor {factor!r}", f"use one of {', '.join(factors)}")
    if direction is not None and direction not in DIRECTIONS:
        raise InputError(f"direction {direction!r}", "use supports or undermines")
    if weight is not None and not 0.0 <= weight <= MAX_WEIGHT:
        raise InputError(f"weight {weight}", f"use a weight from 0 to {MAX_WEIGHT:g}")
    article_id = None
    if action == "rerate" and weight is None and direction is None and factor is None:
        raise InputError("a re-rating changes nothing", "pass --weight, --direction or --factor")
    if action == "add":
        if not (factor and direction and sentence_id):
            raise InputError("adding evidence needs a factor, a direction and a sentence", "pass --factor, --direction and --sentence SENTENCE_ID (see `faultline show`)")
        rows = store.query('SELECT article_id, text FROM sentences WHERE id = $id', {"id": sentence_id})
        if not rows:
            raise InputError(f"no sentence {sentence_id!r} in the store", "copy a sentence id from `faultline show ARTICLE --json` or `faultline evidence list`")
        article_id = rows[0]["article_id"]
        if quote and quote not in rows[0]["text"]:
            raise InputError("the quote is not in that sentence", "quote the sentence's words exactly, or leave --quote out to cite the whole sentence")
        weight = 1.0 if weight is None else weight
    elif not evidence_id:
        raise InputError(f"{action} needs an evidence id", "copy one from `faultline evidence list`")
    now = utc_now()
    override_id = stable_hash(framework.name, question, evidence_id or "", action, name, now.isoformat(), length=12)
    override = Override(
        override_id, framework.name, question, evidence_id or stable_hash("analyst", override_id), action, factor, direction, weight,
        article_id, sentence_id, quote, note, name, now,
    )
    store.execute(
        [
            (
                "INSERT INTO evidence_overrides VALUES ($id, $framework, $question, $evidence_id, $action, $factor, $direction, $weight, "
                "$article_id, $sentence_id, $quote, $note, $analyst, $created_at, NULL, NULL)",
                {c: getattr(override, c) for c in COLUMNS if c not in ("undone_at", "undone_by")},
            )
        ]
    )
    return override


def _from_row(row: dict[str, Any]) -> Override:
    return Override(**{c: row[c] for c in COLUMNS})


def active_overrides(store: Store, framework: str, question: str) -> list[Override]:
    """Overrides in force for a question, oldest first."""
    rows = store.query(
        "SELECT * FROM evidence_overrides WHERE framework = $f AND question = $q AND undone_at IS NULL ORDER BY created_at, id",
        {"f": framework, "q": question},
    )
    return [_from_row(r) for r in rows]


def history(store: Store, framework: str | None = None, question: str | None = None, limit: int = 200) -> list[Override]:
    """Every override, newest first, undone ones included."""
    rows = store.query(
        "SELECT * FROM evidence_overrides WHERE ($f IS NULL OR framework = $f) AND ($q IS NULL OR question = $q) "
        "ORDER BY created_at DESC, id DESC LIMIT $limit",
        {"f": framework, "q": question, "limit": limit},
    )
    return [_from_row(r) for r in rows]


def undo(store: Store, ident: str, analyst: str) -> Override:
    """Undo an override, by its id or by the id of the evidence it shaped (then its latest in force);
    either may be shortened to a prefix, as git takes short hashes."""
    name = check_analyst(analyst)
    rows = store.query(
        "SELECT * FROM evidence_overrides WHERE undone_at IS NULL AND $id <> '' AND (starts_with(id, $id) OR starts_with(evidence_id, $id)) "
        "ORDER BY created_at DESC, id DESC LIMIT 1",
        {"id": ident},
    )
    if not rows:
        raise InputError(f"no override in force with id {ident!r}", "list them with `faultline evidence history`")
    override = _from_row(rows[0])
    now = utc_now()
    store.execute([("UPDATE evidence_overrides SET undone_at = $now, undone_by = $name WHERE id = $id", {"now": now, "name": name, "id": override.id})])
    return replace(override, undone_at=now, undone_by=name)


def apply_overrides(
    store: Store,
    found: list[tuple[Evidence, Bundle]],
    overrides: list[Override],
    bundles: dict[str, Bundle],
    framework: Framework,
    question: Question,
) -> list[tuple[Evidence, Bundle, bool]]:
    """The linked items with overrides applied: (evidence, its article, rejected?), added items last."""
    latest: dict[str, Override] = {}
    for override in overrides:
        if override.action != "add":
            latest[override.evidence_id] = override
    result: list[tuple[Evidence, Bundle, bool]] = []
    for evidence, bundle in found:
        override = latest.get(evidence.id)
        if override is None:
            result.append((evidence, bundle, False))
            continue
        changed = replace(evidence, analyst=override.as_analyst())
        if override.action == "rerate":
            changed = replace(
                changed,
                weight=override.weight if override.weight is not None else evidence.weight,
                direction=override.direction or evidence.direction,
                factor=override.factor or evidence.factor,
            )
        result.append((changed, bundle, override.action == "reject"))
    for override in overrides:
        if override.action != "add":
            continue
        bundle = bundles.get(override.article_id or "")
        if bundle is None:
            from faultline.assess.corpus import bundle_of

            bundle = bundle_of(store, override.article_id or "")
            if bundle is None:
                continue  # its article is gone from the store; the override stays on record
            bundles[bundle.id] = bundle
        sentence = next((s for s in bundle.sentences if s.id == override.sentence_id), None)
        if sentence is None:
            continue
        start = sentence.text.find(override.quote) if override.quote else 0
        end = start + len(override.quote) if override.quote else len(sentence.text)
        evidence = Evidence(
            id=override.evidence_id, framework=framework.name, question=str(question), factor=override.factor or "", direction=override.direction or "supports",  # type: ignore[arg-type]
            weight=override.weight if override.weight is not None else 1.0, item=override.id, item_kind="analyst", quote=sentence.text,
            article_id=bundle.id, sentence_id=sentence.id, start=max(start, 0), end=end, rule=f"added by {override.analyst}", modality="asserted",
            analyst=override.as_analyst(),
        )
        later = latest.get(evidence.id)
        if later is not None and later.action == "rerate":
            evidence = replace(evidence, weight=later.weight if later.weight is not None else evidence.weight, direction=later.direction or evidence.direction, factor=later.factor or evidence.factor)  # type: ignore[arg-type]
        result.append((evidence, bundle, later is not None and later.action == "reject"))
    return result
