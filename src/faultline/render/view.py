"""What a report template shows: the report dict plus the lookups the templates should not compute.

One view serves every text format, so HTML and Markdown cannot disagree on which evidence belongs to
which factor or where a quote links. Nothing here escapes: the templates (and their environments) do.
"""

from __future__ import annotations

from faultline.render.escape import anchor_ids, marked_segments

SENTENCE_PREFIX = "s-"
ASSESSMENT_PREFIX = "a-"
# How an analyst override reads: "rejected by J. Doe".
ANALYST_VERBS = {"confirm": "confirmed", "reject": "rejected", "rerate": "re-rated", "add": "added"}


def report_view(report: dict) -> dict:
    """The template context: ``report`` itself, one view per assessment, the cited-articles appendix.

    No key of the view is named like a dict method: in a template ``x.items`` finds the method, which
    is also why the templates write ``source["items"]`` for the contract's own ``items`` keys.
    """
    anchors = anchor_ids((s["id"] for article in report["articles"] for s in article["sentences"]), SENTENCE_PREFIX)
    return {
        "report": report,
        "assessments": [_assessment(a, k, anchors) for k, a in enumerate(report["assessments"], start=1)],
        "articles": _articles(report["articles"], anchors),
        "anchor": anchors.get,
    }


def analyst_note(analyst: dict | None) -> str:
    """"rejected by J. Doe (2026-11-20T10:00:00Z): not about Belarus", or "" without an override."""
    if not analyst:
        return ""
    verb = ANALYST_VERBS.get(str(analyst.get("action")), str(analyst.get("action") or "changed"))
    text = f"{verb} by {analyst.get('name') or 'an analyst'}"
    if analyst.get("at"):
        text += f" ({analyst['at']})"
    if analyst.get("note"):
        text += f": {analyst['note']}"
    return text


def _evidence_row(item: dict, anchors: dict[str, str]) -> dict:
    return {"e": item, "anchor": anchors.get(item["sentence_id"]), "analyst": analyst_note(item["analyst"])}


def _assessment(assessment: dict, index: int, anchors: dict[str, str]) -> dict:
    """Evidence grouped under its factor, estimates with their quotes, and the evidence shown nowhere else.

    Evidence reaches the page through a factor's ``evidence`` ids, an estimate, or an ACH item; whatever
    none of them names is listed as "other evidence", so nothing in the report is dropped silently.
    """
    evidence = {item["id"]: item for item in assessment["evidence"]}
    names = {f["factor"]: f["name"] for f in assessment["factors"]}
    factors = [
        {
            "f": factor,
            "rows": [_evidence_row(evidence[i], anchors) for i in factor["evidence"] if i in evidence],
            "unknown": [i for i in factor["evidence"] if i not in evidence],
        }
        for factor in assessment["factors"]
    ]
    estimates = [
        {"s": estimate, "item": _evidence_row(evidence[estimate["evidence"]], anchors) if estimate["evidence"] in evidence else None}
        for estimate in assessment["estimates"]
    ]
    ach = assessment["ach"]
    shown = {i for factor in assessment["factors"] for i in factor["evidence"]}
    shown |= {estimate["evidence"] for estimate in assessment["estimates"]}
    shown |= {item["id"] for item in ach["items"]} if ach else set()
    trajectory = [
        {
            "step": step,
            "moved_by": [
                {"id": i, "anchor": anchors.get(evidence[i]["sentence_id"]) if i in evidence else None} for i in step["moved_by"]
            ],
        }
        for step in assessment["trajectory"]
    ]
    return {
        "a": assessment,
        "id": f"{ASSESSMENT_PREFIX}{index}",
        "index": index,
        "weakest": names.get(assessment["weakest"], assessment["weakest"]),
        "missing": [names.get(m, m) for m in assessment["missing"]],
        "factors": factors,
        "estimates": estimates,
        "other": [_evidence_row(item, anchors) for item in assessment["evidence"] if item["id"] not in shown],
        "trajectory": trajectory,
        "ach": _ach(ach, anchors) if ach else None,
    }


def _ach(ach: dict, anchors: dict[str, str]) -> dict:
    leading = set(ach["leading"])
    return {
        "m": ach,
        "hypotheses": [{"h": h, "leading": h["id"] in leading} for h in ach["hypotheses"]],
        "rows": [{"i": item, "anchor": anchors.get(item["sentence_id"])} for item in ach["items"]],
        "leading": [h["name"] for h in ach["hypotheses"] if h["id"] in leading] or list(ach["leading"]),
    }


def _articles(articles: list[dict], anchors: dict[str, str]) -> list[dict]:
    """The appendix: each cited sentence with its anchor (on its first appearance only) and its marked spans."""
    seen: set[str] = set()
    result = []
    for article in articles:
        sentences = []
        for sentence in article["sentences"]:
            first = sentence["id"] not in seen
            seen.add(sentence["id"])
            sentences.append(
                {
                    "s": sentence,
                    "anchor": anchors[sentence["id"]] if first else None,
                    "segments": marked_segments(sentence["text"], sentence["marks"]),
                }
            )
        result.append({"art": article, "sentences": sentences})
    return result
