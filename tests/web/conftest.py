"""A store of the fictional Northern Gate crisis (tests/web/fixtures/corpus), and the web app over a copy.

- northern_gate.jsonl: Harbour Wire 2031-04-02 (a deployment as "a lower risk option", "a true ally",
  "an answer to NATO deployments"), Steppe Ledger 2031-04-09 (local support, feasibility), Harbour
  Wire 2031-04-16 (costs undermined; 20,000 against 5,000 troops);
- script_in_text.txt: an undated bulletin whose title and text carry ``<script>`` and an ``onerror``.

The corpus is ingested once per session (spaCy loads once); each test gets its own copy of the file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from faultline.ingest.run import ingest
from faultline.settings import load_settings
from faultline.store.db import Store
from faultline.web.app import create_app
from faultline.web.security import SESSION_COOKIE

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
ANALYST = "J. Doe"
DEPLOY_URL = "/questions/intervention/RUS/deploy/BLR"


def pytest_configure(config: pytest.Config) -> None:
    # Starlette 1.x asks for "httpx2" in its TestClient; httpx works and is what FastAPI documents.
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    with Store.open(path) as store:
        ingest([CORPUS], store, load_settings())
    return path


@pytest.fixture
def db(corpus_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    shutil.copy(corpus_db, path)
    return path


@pytest.fixture
def app(db: Path, tmp_path: Path):
    application = create_app(db, data_dir=tmp_path / "data")
    yield application
    application.state.ctx.close()


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    from fastapi.testclient import (
        TestClient,  # late: after pytest_configure has filtered its warning
    )

    with TestClient(app) as test_client:
        test_client.get("/")  # the session cookie
        yield test_client


def token(client: TestClient) -> str:
    """The CSRF token the pages put in their forms for this client's session."""
    return client.app.state.csrf.token(client.cookies.get(SESSION_COOKIE))


def post(client: TestClient, path: str, data: dict | None = None, **kwargs):
    return client.post(path, data={"csrf": token(client), **(data or {})}, follow_redirects=False, **kwargs)


def login(client: TestClient, name: str = ANALYST) -> None:
    assert post(client, "/analyst", {"name": name, "next": "/"}).status_code == 303


@pytest.fixture
def analyst(client: TestClient) -> TestClient:
    login(client)
    return client


def define_deploy(client: TestClient) -> dict:
    """Define RUS deploy BLR through the form; the JSON twin of its page."""
    response = post(client, "/questions", {"framework": "intervention", "actor": "RUS", "action": "deploy", "target": "BLR"})
    assert response.status_code == 303 and response.headers["location"] == DEPLOY_URL
    return client.get("/api" + DEPLOY_URL).json()
