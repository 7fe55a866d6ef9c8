"""Every GET /api endpoint's response validates against the OpenAPI document the app publishes.

The equivalent of a schemathesis run over the JSON twins, with jsonschema: the 200 response schema of
each operation (its $refs resolved in the document's components) checks a real response over the
fixture store. A second check holds the engine's raw assessment record to the Assessment model with no
extra key allowed, so a field the engine adds cannot go missing from the API unnoticed.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import jsonschema

from faultline.web import analysis
from tests.web.conftest import define_deploy, post, token

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

QUERIES = {
    "/api/articles": ["", "?q=Belarus&limit=1&offset=1", "?outlet=Harbour%20Wire&date_from=2031-04-01&date_to=2031-04-30"],
    "/api/claims": ["", "?conflicts=true", "?q=troops"],
    "/api/events": ["", "?actor=BLR&modality=reported", "?event_type=MOBILIZE"],
    "/api/questions/{framework}/{actor}/{action}/{target}": ["", "?as_of=2031-04-10"],
}


def _validator(document: dict[str, Any], schema: dict[str, Any], strict: bool = False) -> jsonschema.Draft202012Validator:
    components = copy.deepcopy(document["components"])
    if strict:
        for model in components["schemas"].values():
            if "properties" in model:
                model["additionalProperties"] = False
    return jsonschema.Draft202012Validator({**schema, "components": components})


def _fill(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def test_every_api_get_matches_the_openapi_document(analyst: TestClient) -> None:
    define_deploy(analyst)
    record = analyst.get("/api/questions/intervention/RUS/deploy/BLR").json()["assessment"]
    item = next(e for e in record["evidence"] if e["direction"] == "supports")
    assert post(analyst, f"/questions/intervention/RUS/deploy/BLR/evidence/{item['id']}", {"change": "reject", "note": "test"}).status_code == 303
    assert post(analyst, "/sources", {"name": "Steppe Ledger", "grade": "C"}).status_code == 303
    job = analyst.post("/ingest", data={"csrf": token(analyst), "text": "Pasted title\n\nRussian troops stayed in Belarus."}, files=[("files", ("", b"", "application/octet-stream"))], headers={"Accept": "application/json"}).json()
    assert analyst.app.state.jobs.get(job["id"]).done.wait(60)
    values = {
        "article_id": analyst.get("/api/articles").json()["articles"][0]["id"], "job_id": job["id"],
        "framework": "intervention", "actor": "RUS", "action": "deploy", "target": "BLR",
    }
    document = analyst.get("/api/openapi.json").json()
    checked = []
    for path, operations in document["paths"].items():
        if "get" not in operations:
            continue
        assert path.startswith("/api"), path
        schema = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        validator = _validator(document, schema)
        for query in QUERIES.get(path, [""]):
            url = _fill(path, values) + query
            response = analyst.get(url)
            assert response.status_code == 200, (url, response.text[:300])
            errors = sorted(validator.iter_errors(response.json()), key=str)
            assert not errors, (url, [e.message for e in errors[:3]])
            checked.append(url)
    expected = {"/api", "/api/articles", "/api/articles/{article_id}", "/api/claims", "/api/events", "/api/questions",
                "/api/questions/{framework}/{actor}/{action}/{target}", "/api/sources", "/api/changes", "/api/ingest", "/api/ingest/{job_id}"}
    assert {p for p, ops in document["paths"].items() if "get" in ops} == expected
    assert len(checked) >= len(expected)


def test_every_html_page_has_its_json_twin(app) -> None:
    html = {r.path for r in app.routes if getattr(r, "methods", None) == {"GET"} and not r.path.startswith(("/api", "/static"))}
    api = {r.path for r in app.routes if getattr(r, "methods", None) == {"GET"} and r.path.startswith("/api") and r.path != "/api/openapi.json"}
    assert {("/api" + p if p != "/" else "/api") for p in html} == api


def test_the_engine_record_has_no_key_the_api_model_lacks(analyst: TestClient) -> None:
    define_deploy(analyst)
    ctx = analyst.app.state.ctx
    with ctx.store() as store:
        record = analysis.run(ctx, store, "intervention", analysis.question(ctx, "RUS", "deploy", "BLR"))
    document = analyst.get("/api/openapi.json").json()
    validator = _validator(document, {"$ref": "#/components/schemas/Assessment"}, strict=True)
    errors = sorted(validator.iter_errors(record), key=str)
    assert not errors, [e.message for e in errors[:5]]
    assert record["ach"] is not None and record["trajectory"]
