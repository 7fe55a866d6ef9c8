"""Assessment: evidence from the store -> graded, overridden, scored judgment of one question.

The chain, each step visible in the result so a reader can redo it by hand:

1. :func:`~faultline.assess.corpus.load_corpus` finds the articles that bear on the question;
2. :func:`~faultline.assess.link.link` turns their sentences, claims and events into evidence;
3. analysts' overrides (:mod:`faultline.assess.overrides`) reject, confirm, re-rate or add items;
4. each item is graded (Admiralty: its source's reliability A-F, its credibility 1-6 from corroboration
   by other outlets and contradiction by conflicting claims) and weighed:
   rule weight x reliability weight x credibility weight (an analyst's re-rating replaces the product);
5. factors are scored (Beta posteriors, modality discounts), combined by the framework's conjunctive
   rule, and blended with any likelihood the sources state themselves;
6. confidence is judged apart, from the amount, independence and grade of the evidence.

``as_of`` keeps only articles dated up to that day; a trajectory repeats the scoring at each date of a
series over one linking pass, so a weekly series over months costs little more than one assessment.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from faultline.assess.combine import AchItem, AchMatrix, ConjunctiveRule, Weighed, blend_estimates, conjoin, diagnosticity, factor_score, inconsistency, leading, linchpins
from faultline.assess.corpus import Corpus, load_corpus
from faultline.assess.frameworks import Framework, load_framework
from faultline.assess.grading import credibility, credibility_weight, reliability_weight, source_reliability, store_grades, user_grades
from faultline.assess.link import ESTIMATE, Bundle, link
from faultline.assess.overrides import Override, active_overrides, apply_overrides
from faultline.assess.questions import Question
from faultline.assess.words import Band, band_for, judgment_sentence, words_to_band
from faultline.errors import InputError
from faultline.records import FACTUAL, Evidence
from faultline.store.db import Store
from faultline.store.schema import utc_now

# Confidence (ICD 203: stated apart from likelihood). The first row whose every condition holds:
#   level     independent outlets   evidence items   factors without evidence   share of weight from A-C
CONFIDENCE_RULES: tuple[tuple[str, int, int, int, float], ...] = (
    ("high", 3, 12, 0, 0.66),
    ("moderate", 2, 5, 1, 0.0),
)
STEPS = {"day": 1, "week": 7, "month": 30}
MAX_STEPS = 400


@dataclass(slots=True)
class Graded:
    """An evidence item with what the scorer needs: its article, grades, final weight, state."""

    evidence: Evidence
    bundle: Bundle
    reliability: str = "F"
    reliability_why: str = ""
    source: str = ""  # the graded source: the speaker of a reported item, else the outlet
    source_kind: str = "outlet"
    credibility: int = 6
    weight: float = 1.0  # before modality
    rejected: bool = False

    @property
    def dated(self) -> date | None:
        return self.bundle.dated

    @property
    def weighed(self) -> Weighed:
        return Weighed(self.evidence.direction, self.weight, self.evidence.modality)


@dataclass(slots=True)
class Linked:
    """One linking pass of a question: the framework, the corpus and every graded item."""

    framework: Framework
    question: Question
    corpus: Corpus
    items: list[Graded]
    overrides: list[Override]
    extra_dirs: tuple[Path, ...] = ()  # the user's data directories (estimative words among them)


def parse_date(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} {text!r} is not a date", "write it as YYYY-MM-DD, e.g. 2022-02-24") from None


def date_series(start: date, end: date, step: str) -> list[date]:
    """start, start + step, ... up to end (end itself always included)."""
    days = STEPS.get(step) or (int(step[:-1]) if step.endswith("d") and step[:-1].isdigit() and int(step[:-1]) > 0 else 0)
    if not days:
        raise InputError(f"--step {step!r} is not a step", "use day, week, month or a number of days such as 3d")
    if end < start:
        raise InputError(f"--from {start} is after --to {end}", "give --from before --to")
    dates = []
    current = start
    while current < end:
        dates.append(current)
        current += timedelta(days=days)
    dates.append(end)
    if len(dates) > MAX_STEPS:
        raise InputError(f"{len(dates)} steps from {start} to {end}", f"use a longer --step: at most {MAX_STEPS} steps")
    return dates


def link_question(store: Store, framework: Framework, question: Question, extra_dirs: tuple[Path, ...] = ()) -> Linked:
    """Link, override and grade every item of one question (no date filter yet)."""
    corpus = load_corpus(store, [question])
    bundles = {b.id: b for b in corpus.bundles}
    found: list[tuple[Evidence, Bundle]] = []
    for bundle in corpus.bundles:
        found.extend((e, bundle) for e in link(framework, question, bundle, extra_dirs))
    overrides = active_overrides(store, framework.name, str(question))
    items = apply_overrides(store, found, overrides, bundles, framework, question)
    with user_grades(store_grades(store)):  # an analyst's grade of a source wins over the table files
        graded = _grade(items, extra_dirs)
    return Linked(framework, question, corpus, graded, overrides, tuple(extra_dirs))


def _grade(items: list[tuple[Evidence, Bundle, bool]], extra_dirs: tuple[Path, ...]) -> list[Graded]:
    graded: list[Graded] = []
    for evidence, bundle, rejected in items:
        if evidence.speaker:
            grade = source_reliability(evidence.speaker, evidence.speaker_actor, evidence.speaker_actor.split(" ")[0], extra_dirs=extra_dirs)
            source, kind = evidence.speaker, "speaker"
        else:
            grade = source_reliability(bundle.outlet, extra_dirs=extra_dirs)
            source, kind = bundle.outlet or "(unknown outlet)", "outlet"
        graded.append(Graded(evidence, bundle, grade.code, grade.why, source, kind, rejected=rejected))
    return graded


def _visible(g: Graded, as_of: date | None) -> bool:
    return as_of is None or (g.dated is not None and g.dated <= as_of)


def _analyst_weight(g: Graded) -> bool:
    """Whether an analyst set this item's weight (an added item, or a re-rating that gave --weight)."""
    analyst = g.evidence.analyst or {}
    return analyst.get("action") == "add" or (analyst.get("action") == "rerate" and analyst.get("weight") is not None)


def weigh(graded: list[Graded], as_of: date | None) -> None:
    """Credibility and weight of the items visible at ``as_of``, from the items visible then only.

    Credibility: does anyone else say the same? Other outlets with an item on the same factor and
    direction corroborate; items of the same outlet only agree; a conflicting claim contradicts. An
    assessment as of a date must not be strengthened by what was published after it, so this runs
    again for every date of a trajectory.
    """
    visible = [g for g in graded if _visible(g, as_of)]
    claims = {c["id"] for g in visible for c in g.bundle.claims}
    outlets: dict[tuple[str, str], Counter[str]] = {}
    for g in visible:
        if not g.rejected:
            outlets.setdefault((g.evidence.factor, g.evidence.direction), Counter())[_outlet(g)] += 1
    for g in visible:
        counts = outlets.get((g.evidence.factor, g.evidence.direction), Counter())
        own = _outlet(g)
        independent = sum(1 for outlet in counts if outlet != own)
        agreeing = counts[own] - (0 if g.rejected else 1)
        contradicting = len([c for c in _conflicts(g) if c in claims])
        g.credibility = 1 if (g.evidence.analyst or {}).get("action") == "confirm" else credibility(independent, contradicting, agreeing)
        graded_weight = g.evidence.weight * reliability_weight(g.reliability) * credibility_weight(g.credibility)
        g.weight = g.evidence.weight if _analyst_weight(g) else graded_weight
    _discount_repeats(visible)


def _discount_repeats(graded: list[Graded]) -> None:
    """The k-th item of one source on one factor and direction counts 1/k, in date order.

    A ministry repeating its warning of sanctions in every release is one source saying one thing, not
    sixty confirmations: the sum of a source's items grows like the logarithm of their number. Items an
    analyst re-rated or added keep the weight the analyst gave.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    for g in sorted(graded, key=lambda g: (g.dated or date.max, g.bundle.id, g.evidence.sentence_id)):
        if g.rejected or _analyst_weight(g):
            continue
        # An article without an outlet is its own source (as for corroboration in _grade), not one
        # "(unknown outlet)" shared by every outlet-less article.
        key = (g.evidence.factor, g.evidence.direction, g.source if g.source_kind == "speaker" else _outlet(g))
        seen[key] += 1
        g.weight /= seen[key]


def _outlet(g: Graded) -> str:
    return g.bundle.outlet or g.bundle.id


def _conflicts(g: Graded) -> list[str]:
    if g.evidence.item_kind != "claim":
        return []
    for claim in g.bundle.claims:
        if claim["id"] == g.evidence.item:
            return list(claim.get("conflicts_with") or [])
    return []


def _counted(g: Graded, as_of: date | None) -> bool:
    return not g.rejected and g.evidence.modality != "question" and _visible(g, as_of)


@dataclass(frozen=True, slots=True)
class Score:
    probability: float
    low: float
    high: float
    model_probability: float
    words: str
    confidence: str
    confidence_why: str
    factors: dict[str, Any]
    conjunction: Any
    estimates: list[tuple[Graded, Band]]  # the sources' own likelihoods, with the ICD 203 band each names


def score(linked: Linked, as_of: date | None) -> Score:
    """The question's probability, interval, words and confidence from the items dated up to ``as_of``."""
    framework = linked.framework
    rule = framework.rule or ConjunctiveRule()
    weigh(linked.items, as_of)
    counted = [g for g in linked.items if _counted(g, as_of)]
    per_factor = {f.id: factor_score([g.weighed for g in counted if g.evidence.factor == f.id], rule) for f in framework.factors}
    conjunction = conjoin(per_factor, rule)
    estimates = [(g, band) for g in counted if g.evidence.factor == ESTIMATE and (band := _band(g, linked.extra_dirs)) is not None]
    stated = [(band.low, band.high, g.weighed.effective) for g, band in estimates]
    probability, low, high = blend_estimates((conjunction.probability, conjunction.low, conjunction.high), stated)
    level, why = confidence_of(counted, per_factor)
    return Score(probability, low, high, conjunction.probability, band_for(probability).term, level, why, per_factor, conjunction, estimates)


def _band(g: Graded, extra_dirs: tuple[Path, ...]) -> Band | None:
    """The band a stated estimate names: its cue is the estimative words themselves ("highly unlikely")."""
    return words_to_band(g.evidence.quote[g.evidence.start : g.evidence.end], extra_dirs)


def confidence_of(counted: list[Graded], per_factor: dict[str, Any]) -> tuple[str, str]:
    """low / moderate / high from how many items, how many independent outlets, how well graded."""
    outlets = {_outlet(g) for g in counted}
    total = sum(g.weighed.effective for g in counted) or 0.0
    graded_well = sum(g.weighed.effective for g in counted if g.reliability in ("A", "B", "C"))
    share = graded_well / total if total else 0.0
    empty = sum(1 for s in per_factor.values() if s.status == "no evidence")
    facts = (
        f"{len(counted)} evidence item{'s' if len(counted) != 1 else ''} from {len(outlets)} independent outlet{'s' if len(outlets) != 1 else ''}, "
        f"{share:.0%} of their weight from sources graded A-C"
        + (f", {empty} factor{'s' if empty != 1 else ''} without evidence" if empty else "")
    )
    for level, min_outlets, min_items, max_empty, min_share in CONFIDENCE_RULES:
        if len(outlets) >= min_outlets and len(counted) >= min_items and empty <= max_empty and share >= min_share:
            return level, facts
    return "low", facts


def assess(
    store: Store,
    framework_name: str,
    question: Question,
    as_of: date | None = None,
    series: list[date] | None = None,
    scenarios: str | None = None,
    extra_dirs: tuple[Path, ...] = (),
    names: dict[str, str] | None = None,
    persist: bool = True,
) -> dict[str, Any]:
    """The assessment record of one question (DESIGN.md "Assessment", and what reports render)."""
    framework = load_framework(framework_name, tuple(extra_dirs))
    if framework.kind != "factors":
        raise InputError(f"framework {framework_name!r} is a scenarios framework", "assess with a factors framework (intervention) and pass this one as --scenarios")
    if question.action not in framework.actions:
        raise InputError(f"framework {framework_name} does not assess action {question.action!r}", f"use one of {', '.join(framework.actions)}")
    linked = link_question(store, framework, question, extra_dirs)
    result = build_record(linked, as_of, series or [], names or {}, tuple(extra_dirs))
    if scenarios:
        result["ach"] = ach_record(store, scenarios, as_of, extra_dirs)
    if persist and not store.read_only:
        save(store, linked, result)
    return result


def build_record(
    linked: Linked, as_of: date | None, series: list[date], names: dict[str, str], extra_dirs: tuple[Path, ...] = ()
) -> dict[str, Any]:
    framework, question = linked.framework, linked.question
    steps = trajectory(linked, series) if series else []
    current = score(linked, as_of)  # last: it leaves every item weighed as of this assessment's date
    clause = question.describe(names, extra_dirs)  # a user's --kb may define the action
    factor_names = {f.id: f.name for f in framework.factors}
    because = _because(current, factor_names)
    summary = judgment_sentence(clause, current.probability, (current.low, current.high), current.confidence, because)
    counted = [g for g in linked.items if _counted(g, as_of)]
    shown = [g for g in linked.items if _visible(g, as_of)]
    evidence = [_evidence_record(g) for g in shown]
    factors = []
    for factor in framework.factors:
        s = current.factors[factor.id]
        factors.append(
            {
                "factor": factor.id,
                "name": factor.name,
                "description": factor.description,
                "score": s.score,
                "low": s.low,
                "high": s.high,
                "status": s.status,
                "supports": s.supports,
                "undermines": s.undermines,
                "evidence": [g.evidence.id for g in shown if g.evidence.factor == factor.id],
            }
        )
    record: dict[str, Any] = {
        "framework": framework.name,
        "framework_title": framework.title,
        "question": {**question.as_dict(), "text": clause},
        "as_of": as_of.isoformat() if as_of else None,
        "probability": current.probability,
        "interval": [current.low, current.high],
        "words": current.words,
        "confidence": current.confidence,
        "confidence_why": current.confidence_why,
        "summary": summary,
        "weakest": current.conjunction.weakest,
        "missing": list(current.conjunction.missing),
        "capped": current.conjunction.capped,
        "model_probability": current.model_probability,
        "estimates": [
            {"evidence": g.evidence.id, "words": band.term, "low": band.low, "high": band.high} for g, band in current.estimates
        ],
        "factors": factors,
        "evidence": evidence,
        "conflicts": _conflict_records(linked, as_of),
        "timeline": _timeline(linked, as_of),
        "trajectory": steps,
        "ach": None,
        "sources": _sources(counted),
        "left_out": _left_out(linked, as_of),
    }
    return record


def _because(current: Score, factor_names: dict[str, str]) -> str:
    weakest = current.conjunction.weakest
    s = current.factors[weakest]
    parts = []
    if all(f.status == "no evidence" for f in current.factors.values()) and not current.estimates:
        return "nothing in the store bears on the question yet: 50% is ignorance, not an estimate; ingest articles that name its actors"
    if current.conjunction.missing:
        missing = ", ".join(factor_names[m].lower() for m in current.conjunction.missing)
        parts.append(f"a condition is missing ({missing}), which caps the probability")
    else:
        parts.append(f"the weakest condition, {factor_names[weakest].lower()}, holds with {s.score:.0%}")
    if current.estimates:
        parts.append(f"{len(current.estimates)} source estimate{'s' if len(current.estimates) != 1 else ''} of the outcome {'is' if len(current.estimates) == 1 else 'are'} blended in")
    parts.append(current.confidence_why)
    return "; ".join(parts)


def _evidence_record(g: Graded) -> dict[str, Any]:
    e = g.evidence
    return {
        "id": e.id,
        "factor": e.factor,
        "direction": e.direction,
        "weight": round(g.weight, 4),
        "effective": round(g.weighed.effective, 4),
        "item": e.item,
        "item_kind": e.item_kind,
        "quote": e.quote,
        "article_id": e.article_id,
        "sentence_id": e.sentence_id,
        "start": e.start,
        "end": e.end,
        "rule": e.rule,
        "modality": e.modality,
        "source": g.source,
        "outlet": g.bundle.outlet or None,
        "published": g.dated.isoformat() if g.dated else None,
        "title": g.bundle.title or None,
        "url": g.bundle.url or None,
        "reliability": g.reliability,
        "credibility": g.credibility,
        "grade": f"{g.reliability}{g.credibility}",
        "analyst": e.analyst,
        "rejected": g.rejected,
    }


def trajectory(linked: Linked, series: list[date]) -> list[dict[str, Any]]:
    """The assessment at each date of ``series``, with the items that came in since the step before."""
    points = []
    previous: date | None = None
    for day in series:
        s = score(linked, day)
        moved = [
            g.evidence.id
            for g in linked.items
            if _counted(g, day) and g.dated is not None and (previous is None or g.dated > previous)
        ]
        points.append(
            {
                "as_of": day.isoformat(),
                "probability": s.probability,
                "low": s.low,
                "high": s.high,
                "words": s.words,
                "confidence": s.confidence,
                "moved_by": moved if previous is not None else [],
            }
        )
        previous = day
    return points


def _conflict_records(linked: Linked, as_of: date | None) -> list[dict[str, Any]]:
    claims: dict[str, tuple[dict[str, Any], Bundle]] = {}
    for bundle in linked.corpus.up_to(as_of):
        for claim in bundle.claims:
            claims[claim["id"]] = (claim, bundle)
    records = []
    seen: set[frozenset[str]] = set()
    for claim_id, (claim, bundle) in claims.items():
        others = [claims[o] for o in claim.get("conflicts_with") or [] if o in claims]
        group = frozenset([claim_id, *(o[0]["id"] for o in others)])
        if not others or group in seen:
            continue
        seen.add(group)
        records.append({"claim": _claim_record(claim, bundle), "others": [_claim_record(c, b) for c, b in others]})
    return records


def _claim_record(claim: dict[str, Any], bundle: Bundle) -> dict[str, Any]:
    source = claim.get("source") or {}
    quantity = claim.get("quantity")
    return {
        "id": claim["id"],
        "article_id": claim["article_id"],
        "sentence_id": claim["sentence_id"],
        "source": source.get("name") or source.get("text") or "",
        "cue": claim["cue"],
        "content": claim.get("content") or "",
        "quantity": (quantity or {}).get("text") if quantity else None,
        "outlet": bundle.outlet or None,
        "published": bundle.dated.isoformat() if bundle.dated else None,
        "modality": claim.get("modality") or "reported",
    }


def _timeline(linked: Linked, as_of: date | None) -> list[dict[str, Any]]:
    codes = {c for c in (linked.question.actor, linked.question.target, linked.question.via) if c}
    rows = []
    for bundle in linked.corpus.up_to(as_of):
        sentences = {s.id: s for s in bundle.sentences}
        for event in bundle.events:
            source = (event.get("source") or {}).get("actor")
            target = (event.get("target") or {}).get("actor")
            if event.get("modality") not in FACTUAL or not ({source, target} & codes) or event["sentence_id"] not in sentences:
                continue
            when = event.get("date") or {}
            rows.append(
                {
                    "date": (when.get("start") or None) or (bundle.dated.isoformat() if bundle.dated else None),
                    "date_text": when.get("text") or None,
                    "event_type": event["event_type"],
                    "mode": event.get("mode") or None,
                    "source": " ".join(v for v in (source, (event.get("source") or {}).get("sector")) if v) or "?",
                    "target": " ".join(v for v in (target, (event.get("target") or {}).get("sector")) if v) or "-",
                    "location": event.get("location") or None,
                    "modality": event["modality"],
                    "quote": sentences[event["sentence_id"]].text,
                    "article_id": bundle.id,
                    "sentence_id": event["sentence_id"],
                    "title": bundle.title or None,
                    "outlet": bundle.outlet or None,
                    "url": bundle.url or None,
                    "published": bundle.dated.isoformat() if bundle.dated else None,
                }
            )
    rows.sort(key=lambda r: (r["date"] or "9999", r["article_id"], r["sentence_id"]))
    return rows


def _sources(counted: list[Graded]) -> list[dict[str, Any]]:
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for g in counted:
        key = (g.source, g.source_kind)
        entry = table.setdefault(key, {"name": g.source, "kind": g.source_kind, "reliability": g.reliability, "why": g.reliability_why or "not in the source table: reliability cannot be judged", "items": 0})
        entry["items"] += 1
    return sorted(table.values(), key=lambda r: (-r["items"], r["name"]))


def _left_out(linked: Linked, as_of: date | None) -> list[dict[str, Any]]:
    corpus = linked.corpus
    rows = [{"reason": r, "count": n, "examples": corpus.examples.get(r, [])} for r, n in corpus.left_out.most_common()]

    def add(reason: str, items: list[str]) -> None:
        if items:
            rows.append({"reason": reason, "count": len(items), "examples": items[:3]})

    if as_of is not None:
        add(f"articles dated after {as_of.isoformat()}", [f"{b.id} {b.title}" for b in corpus.bundles if b.dated is not None and b.dated > as_of])
        add("articles with no date (neither published nor mentioned), excluded from an as-of assessment", [f"{b.id} {b.title}" for b in corpus.bundles if b.dated is None])
    cited = {g.bundle.id for g in linked.items}
    add("relevant articles (they name the actors) with no sentence about the question's action or factors", [f"{b.id} {b.title}" for b in corpus.up_to(as_of) if b.id not in cited])
    add("evidence rejected by an analyst", [f"{g.evidence.id} {g.evidence.quote[:80]}" for g in linked.items if g.rejected])
    add("questions in the text (they assert nothing)", [f"{g.evidence.id} {g.evidence.quote[:80]}" for g in linked.items if g.evidence.modality == "question" and not g.rejected])
    return rows


def ach_record(store: Store, name: str, as_of: date | None, extra_dirs: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Heuer's matrix for a scenarios framework: every item rated against every hypothesis."""
    framework = load_framework(name, tuple(extra_dirs))
    if framework.kind != "scenarios" or framework.question is None:
        raise InputError(f"framework {name!r} is not a scenarios framework with a question", "pass a 'kind: scenarios' framework such as scenarios")
    linked = link_question(store, framework, framework.question, extra_dirs)
    weigh(linked.items, as_of)
    rows: dict[str, dict[str, Any]] = {}
    for g in linked.items:
        if not _counted(g, as_of):
            continue
        row = rows.setdefault(g.evidence.sentence_id, {"id": g.evidence.sentence_id, "quote": g.evidence.quote, "sentence_id": g.evidence.sentence_id, "ratings": {}, "weight": 0.0})
        strong = g.evidence.weight >= 2.0
        rating = ("CC" if strong else "C") if g.evidence.direction == "supports" else ("II" if strong else "I")
        row["ratings"][g.evidence.factor] = rating
        row["weight"] = max(row["weight"], round(g.weighed.effective / max(g.evidence.weight, 1.0), 4))
    hypotheses = tuple(h.id for h in framework.hypotheses)
    matrix = AchMatrix(hypotheses, tuple(AchItem(r["id"], r["ratings"], r["weight"]) for r in rows.values()))
    diag = diagnosticity(matrix)
    pins = set(linchpins(matrix))
    return {
        "framework": framework.name,
        "title": framework.title,
        "hypotheses": [{"id": h.id, "name": h.name} for h in framework.hypotheses],
        "items": [{**r, "diagnosticity": diag[r["id"]], "linchpin": r["id"] in pins} for r in rows.values()],
        "inconsistency": inconsistency(matrix),
        "leading": list(leading(matrix)),
    }


def save(store: Store, linked: Linked, record: dict[str, Any]) -> None:
    """Replace the question's evidence rows and add the assessment to its history, in one transaction."""
    framework, question = linked.framework.name, str(linked.question)
    now = utc_now()
    statements: list[tuple[str, dict[str, object]]] = [
        ("DELETE FROM evidence WHERE framework = $f AND question = $q", {"f": framework, "q": question})
    ]
    for g in linked.items:
        e = g.evidence
        statements.append(
            (
                'INSERT INTO evidence VALUES ($id, $f, $q, $factor, $direction, $weight, $effective, $item, $kind, $quote, $article, '
                "$sentence, $start, $end, $rule, $modality, $source, $reliability, $credibility, $published, $rejected, $analyst, $now)",
                {
                    "id": e.id, "f": framework, "q": question, "factor": e.factor, "direction": e.direction, "weight": g.weight,
                    "effective": g.weighed.effective, "item": e.item, "kind": e.item_kind, "quote": e.quote, "article": e.article_id,
                    "sentence": e.sentence_id, "start": e.start, "end": e.end, "rule": e.rule, "modality": e.modality, "source": g.source,
                    "reliability": g.reliability, "credibility": g.credibility, "published": g.dated, "rejected": g.rejected,
                    "analyst": json.dumps(e.analyst) if e.analyst else None, "now": now,
                },
            )
        )
    statements.append(
        (
            "INSERT INTO assessments VALUES ($f, $q, $as_of, $now, $p, $low, $high, $words, $confidence, $summary, $record)",
            {
                "f": framework, "q": question, "as_of": record["as_of"], "now": now, "p": record["probability"],
                "low": record["interval"][0], "high": record["interval"][1], "words": record["words"],
                "confidence": record["confidence"], "summary": record["summary"], "record": json.dumps(_without_bulk(record)),
            },
        )
    )
    store.execute(statements)


def _without_bulk(record: dict[str, Any]) -> dict[str, Any]:
    """The assessment as history keeps it: the numbers and factor table, not every quote again."""
    keep = {k: v for k, v in record.items() if k not in ("evidence", "timeline", "conflicts", "ach")}
    return keep

