"""Every page and its JSON twin, escaping, CSRF, analyst changes and their undo (TestClient, no browser)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.web.conftest import ANALYST, DEPLOY_URL, define_deploy, login, post, token

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

PAGES = ["/", "/articles", "/articles?q=Belarus&outlet=Harbour+Wire&date_from=2031-04-01&date_to=2031-04-10", "/claims", "/claims?conflicts=true",
         "/events", "/events?actor=RUS&modality=reported", "/questions", "/sources", "/changes", "/ingest"]


def api(path: str) -> str:
    return "/api" if path == "/" else "/api" + path


@pytest.mark.parametrize("path", PAGES)
def test_every_page_and_its_json_twin(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    twin = client.get(api(path))
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"


def test_article_pages_show_the_text_escaped_and_the_removed_blocks(client: TestClient) -> None:
    articles = client.get("/api/articles?q=bulletin").json()["articles"]
    assert [a["title"] for a in articles] == ['Minsk bulletin <script>window.__pwned = 1; alert("pwned")</script> about the drills']
    page = client.get(f"/articles/{articles[0]['id']}").text
    assert "<script>window" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned = 1;" in page and "&lt;img src=x onerror=" in page
    assert page.count("<script") == 1  # the one /static/app.js tag of the layout
    twin = client.get(f"/api/articles/{articles[0]['id'][:8]}").json()
    assert twin["id"] == articles[0]["id"] and twin["paragraphs"]
    deploy = client.get("/api/articles?q=barracks").json()["articles"][0]
    data = client.get(f"/api/articles/{deploy['id']}").json()
    kinds = {span["kind"] for paragraph in data["paragraphs"] for s in paragraph for span in s["spans"]}
    assert {"actor", "time"} <= kinds
    first = data["paragraphs"][0][0]
    assert first["text"].startswith("MINSK, 2 April 2031")
    html = client.get(f"/articles/{deploy['id']}").text
    assert f'data-sid="{first["id"]}"' in html and 'class="k-time"' in html


def test_claims_show_conflicts_side_by_side_and_events_filter(client: TestClient) -> None:
    claims = client.get("/api/claims").json()
    assert claims["total"] >= 2
    events = client.get("/api/events?actor=rus").json()
    assert events["actor"] == "RUS" and all("RUS" in (e["source_actor"], e["target_actor"]) for e in events["events"])
    none = client.get("/api/events?event_type=ASSAULT&modality=negated").json()
    assert none["total"] == len(none["events"])


def test_unknown_things_are_404_and_bad_input_400(client: TestClient) -> None:
    assert client.get("/api/articles/ffffffffffff").status_code == 404
    assert client.get("/articles/ffffffffffff").status_code == 404
    assert client.get("/api/articles?date_from=yesterday").json()["fix"] == "write it as YYYY-MM-DD, e.g. 2022-02-24"
    assert client.get("/api/questions/intervention/RUS/fly/BLR").status_code == 400
    assert client.get("/api/ingest/nope").status_code == 404


def test_state_changes_need_the_csrf_token(client: TestClient) -> None:
    login(client)
    form = {"framework": "intervention", "actor": "RUS", "action": "deploy", "target": "BLR"}
    assert client.post("/questions", data=form, follow_redirects=False).status_code == 403
    assert client.post("/questions", data={**form, "csrf": "0" * 64}, follow_redirects=False).status_code == 403
    other = type(client)(client.app)
    other.get("/")
    assert client.post("/questions", data={**form, "csrf": other.app.state.csrf.token(other.cookies.get("faultline_session"))}, follow_redirects=False).status_code == 403
    assert client.get("/api/questions").json()["questions"] == []
    assert post(client, "/questions", form).status_code == 303


def test_changes_need_an_analyst_name(client: TestClient) -> None:
    response = post(client, "/questions", {"actor": "RUS", "action": "deploy", "target": "BLR"})
    assert response.status_code == 400 and "an analyst name is needed" in response.text


def test_reject_recomputes_and_undo_restores(analyst: TestClient) -> None:
    before = define_deploy(analyst)
    record = before["assessment"]
    weakest = record["weakest"]
    item = next(e for e in record["evidence"] if e["factor"] == weakest and e["direction"] == "supports")
    response = post(analyst, f"{DEPLOY_URL}/evidence/{item['id']}", {"change": "reject", "note": "<b>not</b> about it"})
    assert response.status_code == 303 and response.headers["location"] == f"{DEPLOY_URL}#e-{item['id']}"
    after = analyst.get("/api" + DEPLOY_URL).json()["assessment"]
    assert after["probability"] < record["probability"]
    rejected = next(e for e in after["evidence"] if e["id"] == item["id"])
    assert rejected["rejected"] and rejected["analyst"]["name"] == ANALYST and rejected["analyst"]["at"]
    html = analyst.get(DEPLOY_URL).text
    assert "&lt;b&gt;not&lt;/b&gt; about it" in html and "<b>not</b>" not in html
    [change] = analyst.get("/api/changes").json()["changes"][:1]
    assert (change["kind"], change["analyst"], change["undone_at"]) == ("override", ANALYST, None)
    assert post(analyst, f"/changes/override/{change['id']}/undo", {"next": DEPLOY_URL}).status_code == 303
    restored = analyst.get("/api" + DEPLOY_URL).json()["assessment"]
    assert restored["probability"] == record["probability"] and restored["summary"] == record["summary"]
    undone = next(c for c in analyst.get("/api/changes").json()["changes"] if c["id"] == change["id"])
    assert undone["undone_by"] == ANALYST and undone["undone_at"]


def test_rerate_confirm_and_add_evidence_from_a_sentence(analyst: TestClient) -> None:
    record = define_deploy(analyst)["assessment"]
    item = record["evidence"][0]
    assert post(analyst, f"{DEPLOY_URL}/evidence/{item['id']}", {"change": "rerate", "weight": "3"}).status_code == 303
    assert post(analyst, f"{DEPLOY_URL}/evidence/{item['id']}", {"change": "confirm"}).status_code == 303
    assert post(analyst, f"{DEPLOY_URL}/evidence/{item['id']}", {"change": "rerate", "weight": "eleven"}).status_code == 400
    assert post(analyst, f"{DEPLOY_URL}/evidence/nope", {"change": "reject"}).status_code == 404
    article = analyst.get("/api/articles?q=sanctions").json()["articles"][0]
    sentence = analyst.get(f"/api/articles/{article['id']}").json()["paragraphs"][0][0]
    form = {"question": "intervention:RUS deploy BLR", "sentence_id": sentence["id"], "factor": "costs", "direction": "undermines", "quote": "few costs", "weight": "2"}
    response = post(analyst, "/evidence", form)
    assert response.status_code == 303
    added_id = response.headers["location"].rsplit("#e-", 1)[1]
    after = analyst.get("/api" + DEPLOY_URL).json()["assessment"]
    added = next(e for e in after["evidence"] if e["id"] == added_id)
    assert (added["factor"], added["direction"], added["weight"], added["analyst"]["action"]) == ("costs", "undermines", 2.0, "add")
    assert added["quote"][added["start"]:added["end"]] == "few costs"
    assert post(analyst, "/evidence", {**form, "quote": "not in it"}).status_code == 400


def test_a_source_grade_applies_to_assessments_and_can_be_undone(analyst: TestClient) -> None:
    record = define_deploy(analyst)["assessment"]
    assert {e["reliability"] for e in record["evidence"] if e["outlet"] == "Harbour Wire"} == {"F"}
    assert post(analyst, "/sources", {"name": "harbour wire", "grade": "b", "why": "<i>checked</i> wire"}).status_code == 303
    graded = analyst.get("/api" + DEPLOY_URL).json()["assessment"]
    assert {e["reliability"] for e in graded["evidence"] if e["outlet"] == "Harbour Wire" and e["source"] == "Harbour Wire"} == {"B"}
    row = next(s for s in analyst.get("/api/sources").json()["sources"] if s["name"] == "harbour wire")
    assert (row["grade"], row["origin"], row["analyst"], row["articles"]) == ("B", "analyst", ANALYST, 2)
    assert "&lt;i&gt;checked&lt;/i&gt; wire" in analyst.get("/sources").text
    assert post(analyst, "/sources", {"name": "Harbour Wire", "grade": "Q"}).status_code == 400
    assert post(analyst, f"/changes/grade/{row['change_id']}/undo").status_code == 303
    assert analyst.get("/api" + DEPLOY_URL).json()["assessment"]["probability"] == record["probability"]
    assert post(analyst, f"/changes/grade/{row['change_id']}/undo").status_code == 404


def test_defining_a_question_is_recorded_and_undone(analyst: TestClient) -> None:
    define_deploy(analyst)
    [ref] = analyst.get("/api/questions").json()["questions"]
    assert (ref["key"], ref["text"], ref["defined_by"]) == ("RUS deploy BLR", "Russia deploys military forces to Belarus", ANALYST)
    assert post(analyst, "/questions", {"actor": "RUS", "action": "deploy", "target": "RUS"}).status_code == 400
    assert post(analyst, f"/changes/question/{ref['define_id']}/undo").status_code == 303
    assert analyst.get("/api/questions").json()["questions"] == []


def test_user_input_is_escaped(client: TestClient) -> None:
    login(client, '<script>alert("x")</script>')
    page = client.get("/").text
    assert '<script>alert("x")' not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert post(client, "/analyst", {"name": "A", "next": "https://evil.example/"}).headers["location"] == "/"
    assert post(client, "/analyst", {"name": "A", "next": "//evil.example/"}).headers["location"] == "/"
    assert "evil.example" not in client.get("/articles?q=%3Cscript%3E").text.replace("&lt;script&gt;", "")


def test_no_external_url_and_no_inline_script(client: TestClient) -> None:
    for path in ("/", "/questions", "/ingest", "/sources"):
        html = client.get(path).text
        assert "http://" not in html and "https://" not in html and " on" + "click=" not in html
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN: not served
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert token(client) in client.get("/questions").text
