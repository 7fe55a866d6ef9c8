"""A hand-built report dict, fictional, in the shape the assessment stage produces.

Two assessments: the first with a trajectory and an ACH matrix, the second with neither. One article is
hostile: its title and a quoted sentence carry a script tag, quotes and an ampersand, and its URL is
``javascript:alert(1)``; another article's URL is an ordinary https address.
"""

from __future__ import annotations

import copy

HOSTILE = "<script>alert(1)</script>"
S1 = f'The "Northern Shield" drill & exercises {HOSTILE} will bring 12,000 troops to Vorsk, the ministry\'s spokesman said.'
S2 = "Officials in Kaldera said a deployment was very unlikely before spring."
S3 = "Lanvian forces began moving armour to the border on 3 November."
S4 = "Analysts warned that sanctions would make an incursion costly."
S5 = "The garrison at Vorsk was reinforced, according to the defence ministry."
SPAN1 = (S1.index("will bring"), S1.index("will bring") + len("will bring 12,000 troops"))
SPAN2 = (S2.index("very unlikely"), S2.index("very unlikely") + len("very unlikely"))
SPAN3 = (S3.index("began moving armour"), S3.index("began moving armour") + len("began moving armour"))
SPAN4 = (S4.index("costly"), S4.index("costly") + len("costly"))
SPAN5 = (S5.index("was reinforced"), S5.index("was reinforced") + len("was reinforced"))


def _evidence(id_: str, factor: str, direction: str, sentence: str, article: str, sid: str, span: tuple[int, int], **extra: object) -> dict:
    item = {
        "id": id_,
        "factor": factor,
        "direction": direction,
        "weight": 1.2,
        "effective": 0.9,
        "item": f"claim-{id_}",
        "item_kind": "claim",
        "quote": sentence,
        "article_id": article,
        "sentence_id": sid,
        "start": span[0],
        "end": span[1],
        "rule": "troops_arrive",
        "modality": "asserted",
        "source": "ministry spokesman",
        "outlet": "Vorsk Herald",
        "published": "2026-11-02",
        "title": f"Drill {HOSTILE} & \"more\"",
        "reliability": "B",
        "credibility": 3,
        "grade": "B3",
        "analyst": None,
        "rejected": False,
    }
    item.update(extra)
    return item


def _claim(id_: str, source: str, content: str, quantity: str | None) -> dict:
    return {
        "id": id_,
        "article_id": "art:1",
        "sentence_id": "art:1#s0",
        "source": source,
        "cue": "says",
        "content": content,
        "quantity": quantity,
        "outlet": "Vorsk Herald",
        "published": "2026-11-02",
        "modality": "reported",
    }


def _sections(**extra: object) -> dict:
    sections = {
        "conflicts": [],
        "timeline": [],
        "trajectory": [],
        "ach": None,
        "sources": [],
        "left_out": [],
    }
    sections.update(extra)
    return sections


def report() -> dict:
    """A fresh copy each call, so a test that mutates it cannot leak into another."""
    first_evidence = [
        _evidence("ev-1", "feasibility", "supports", S1, "art:1", "art:1#s0", SPAN1),
        _evidence("ev-2", "estimate", "undermines", S2, "art-2", "art-2.s1", SPAN2, source="Kaldera officials", outlet="Kaldera Post",
                  title="Spring talk", reliability="C", credibility=4, grade="C4"),
        _evidence("ev-3", "costs", "undermines", S4, "art-2", "art-2.s3", SPAN4, rule="sanction_cost", modality="future",
                  analyst={"name": "J. Analyst", "action": "rerate", "at": "2026-11-20T10:00:00Z", "note": "weight halved: <b>opinion</b>"}),
        _evidence("ev-4", "H2", "supports", S3, "art-2", "art-2.s2", SPAN3, rule="move_armour"),
        _evidence("ev-5", "costs", "supports", S5, "art:1", "art:1#s1", SPAN5, rejected=True,
                  analyst={"name": "J. Analyst", "action": "reject", "at": "2026-11-20T10:05:00Z", "note": "old news"}),
    ]
    first = {
        "framework": "intervention",
        "framework_title": "Five conditions for intervention",
        "question": {"actor": "LNV", "action": "deploy", "target": "KLD", "via": "", "text": "Lanvia deploys military forces to Kaldera"},
        "as_of": "2026-11-20",
        "probability": 0.62,
        "interval": [0.5, 0.75],
        "words": "likely",
        "confidence": "moderate",
        "confidence_why": "two outlets & one official agree",
        "summary": "It is likely (50-75%) that Lanvia deploys military forces to Kaldera; we have moderate confidence in this judgment.",
        "weakest": "costs",
        "missing": [],
        "capped": False,
        "model_probability": 0.66,
        "estimates": [{"evidence": "ev-2", "words": "very unlikely", "low": 0.05, "high": 0.2}],
        "factors": [
            {"factor": "feasibility", "name": "Technical feasibility", "description": "Forces can get there.", "score": 0.8, "low": 0.7,
             "high": 0.9, "status": "supported", "supports": 1.2, "undermines": 0.0, "evidence": ["ev-1"]},
            {"factor": "costs", "name": "Low costs", "description": "Political & economic costs are low.", "score": 0.62, "low": 0.5,
             "high": 0.75, "status": "contested", "supports": 0.0, "undermines": 0.9, "evidence": ["ev-3", "ev-5", "ev-404"]},
            {"factor": "support", "name": "Local support", "description": "", "score": 0.5, "low": 0.3, "high": 0.7,
             "status": "no evidence", "supports": 0.0, "undermines": 0.0, "evidence": []},
        ],
        "evidence": first_evidence,
        "conflicts": [
            {"claim": _claim("c-1", "NATO", "12,000 troops will arrive", "12000 troops"),
             "others": [_claim("c-2", "Lanvian experts", "only 3,000 <i>troops</i>", "3000 troops")]},
        ],
        "timeline": [
            {"date": "2026-11-03", "date_text": "on 3 November", "event_type": "MOBILIZE", "mode": "troops", "source": "LNV", "target": "KLD",
             "location": "Vorsk", "modality": "asserted", "quote": S3, "article_id": "art-2", "sentence_id": "art-2.s2"},
            {"date": None, "date_text": None, "event_type": "SANCTION", "mode": None, "source": "USA", "target": "LNV",
             "location": None, "modality": "asserted", "quote": "Sanctions | were imposed", "article_id": "art-9", "sentence_id": "art-9.s9"},
        ],
        "trajectory": [
            {"as_of": "2026-11-01", "probability": 0.4, "low": 0.3, "high": 0.5, "words": "unlikely", "confidence": "low", "moved_by": []},
            {"as_of": "2026-11-05", "probability": 0.55, "low": 0.45, "high": 0.65, "words": "roughly even chance", "confidence": "low",
             "moved_by": ["ev-1", "ev-4"]},
            {"as_of": "2026-11-20", "probability": 0.62, "low": 0.5, "high": 0.75, "words": "likely", "confidence": "moderate",
             "moved_by": ["ev-3", "ev-gone"]},
        ],
        "ach": {
            "framework": "belarus_scenarios",
            "title": "Scenarios for Kaldera",
            "hypotheses": [{"id": "H1", "name": "War"}, {"id": "H2", "name": "Gray zone"}, {"id": "H3", "name": "Reconciliation"}],
            "items": [
                {"id": "ev-4", "quote": S3, "sentence_id": "art-2.s2", "ratings": {"H1": "C", "H2": "CC", "H3": "II"}, "weight": 1.0,
                 "diagnosticity": 2.0, "linchpin": True},
                {"id": "ev-1", "quote": S1, "sentence_id": "art:1#s0", "ratings": {"H1": "C", "H2": "N", "H3": "I"}, "weight": 0.5,
                 "diagnosticity": 1.0, "linchpin": False},
            ],
            "inconsistency": {"H1": 0.0, "H2": 0.0, "H3": 2.5},
            "leading": ["H2"],
        },
        "sources": [
            {"name": "Vorsk Herald", "kind": "outlet", "reliability": "B", "why": "established outlet", "items": 3},
            {"name": "ministry spokesman", "kind": "speaker", "reliability": "C", "why": "party to the crisis", "items": 1},
        ],
        "left_out": [{"reason": "hypothetical", "count": 2, "examples": ["if war broke out, <troops> would cross", "a second one"]}],
    }
    second = {
        "framework": "intervention",
        "framework_title": "Five conditions for intervention",
        "question": {"actor": "LNV", "action": "invade", "target": "ORS", "via": "KLD", "text": "Lanvia invades Orsova from Kaldera"},
        "as_of": None,
        "probability": 0.1,
        "interval": [0.05, 0.2],
        "words": "very unlikely",
        "confidence": "low",
        "confidence_why": "",
        "summary": "It is very unlikely (5-20%) that Lanvia invades Orsova from Kaldera; we have low confidence in this judgment.",
        "weakest": "resistance",
        "missing": ["resistance"],
        "capped": True,
        "model_probability": 0.1,
        "estimates": [],
        "factors": [
            {"factor": "resistance", "name": "No military resistance", "description": "Nobody fights back.", "score": 0.1, "low": 0.05,
             "high": 0.2, "status": "missing", "supports": 0.0, "undermines": 2.0, "evidence": ["ev-9"]},
        ],
        "evidence": [
            _evidence("ev-9", "resistance", "undermines", S4, "art-2", "art-2.s3", SPAN4),
            _evidence("ev-10", "H7", "supports", S5, "art:1", "art:1#s1", SPAN5),
        ],
        **_sections(),
    }
    articles = [
        {"id": "art:1", "title": f"Drill {HOSTILE} & \"more\" 'quoted'", "outlet": "Vorsk Herald & Co", "published": "2026-11-02",
         "url": "javascript:alert(1)",
         "sentences": [{"id": "art:1#s0", "text": S1, "marks": [list(SPAN1)]}, {"id": "art:1#s1", "text": S5, "marks": [list(SPAN5)]}]},
        {"id": "art-2", "title": None, "outlet": None, "published": None, "url": "https://example.org/x",
         "sentences": [
             {"id": "art-2.s1", "text": S2, "marks": [list(SPAN2)]},
             {"id": "art-2.s2", "text": S3, "marks": [list(SPAN3)]},
             {"id": "art-2.s3", "text": S4, "marks": [list(SPAN4)]},
         ]},
    ]
    return copy.deepcopy({
        "title": "Kaldera crisis & <Lanvia>",
        "generated_at": "2026-11-21T13:00:00Z",
        "store": "/data/faultline.duckdb",
        "assessments": [first, second],
        "articles": articles,
    })
