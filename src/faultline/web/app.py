"""`faultline serve`: the web app over the store, for analysts working together in a browser.

Every page ``GET /x`` is server-rendered HTML (Jinja2, autoescaped) and has a JSON twin ``GET /api/x``
returning the same response model; the OpenAPI document (``/api/openapi.json``) is generated from those
models. State-changing forms are POSTs with a CSRF token; each change records the analyst's name (set
once, kept in a cookie) and can be undone from the page or from ``/changes``. The app is thin over the
functions the CLI uses (:mod:`faultline.web.pages`, :mod:`faultline.web.analysis`).
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from faultline.assess.words import percent_range
from faultline.errors import FaultlineError
from faultline.render.chart import trajectory_svg
from faultline.render.view import analyst_note
from faultline.resources import data_dir as package_data
from faultline.settings import load_settings
from faultline.store.db import Store
from faultline.web import analysis, pages
from faultline.web.context import MAX_REQUEST_FILES, MAX_UPLOAD_BYTES, WebContext
from faultline.web.jobs import Job, Jobs
from faultline.web.models import (
    ArticlePage,
    ArticlesPage,
    ChangesPage,
    ClaimsPage,
    ErrorBody,
    EventsPage,
    IngestJob,
    IngestPage,
    Overview,
    QuestionPage,
    QuestionsPage,
    SourcesPage,
)
from faultline.web.security import (
    ANALYST_COOKIE,
    COOKIE_MAX_AGE,
    CSRF_FIELD,
    HEADERS,
    SESSION_COOKIE,
    Csrf,
    analyst_cookie,
    analyst_of,
    check_csrf,
    safe_next,
    session_of,
)
from faultline.web.uploads import UploadReader, UploadRefused

TEMPLATES = "web"
ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorBody}, 404: {"model": ErrorBody}}
NAV = (("/", "Overview"), ("/questions", "Questions"), ("/articles", "Articles"), ("/claims", "Claims"), ("/events", "Timeline"),
       ("/sources", "Sources"), ("/changes", "Changes"), ("/ingest", "Ingest"))


def _pct(p: float | None) -> str:
    return "—" if p is None else f"{round(float(p) * 100)}%"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(package_data() / TEMPLATES)), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(pct=_pct, prange=lambda v: percent_range(float(v[0]), float(v[1])), num=lambda v, d=2: f"{float(v):.{d}f}", analyst=analyst_note)
    # The only markup templates take unescaped: chart.py escapes every piece of text it writes.
    env.globals["chart"] = lambda points: Markup(trajectory_svg([p.model_dump() for p in points]))
    env.globals["nav"] = NAV
    env.globals["qs"] = lambda **kw: urlencode({k: v for k, v in kw.items() if v not in (None, "", False)})
    return env


def create_app(
    db_path: str | Path, data_dir: str | Path | None = None, kb_dirs: tuple[str | Path, ...] = (),
    max_upload_bytes: int = MAX_UPLOAD_BYTES, settings: dict[str, Any] | None = None,
) -> FastAPI:
    """The app over the store at ``db_path``; uploads live in ``data_dir`` (default: beside the store)."""
    db = str(db_path)
    folder = Path(data_dir) if data_dir else (Path(db).resolve().parent / "faultline-data" if db != ":memory:" else Path.cwd() / "faultline-data")
    ctx = WebContext(db, folder.resolve(), tuple(Path(d) for d in kb_dirs), settings or load_settings(), max_upload_bytes)
    ctx.open()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ctx.close()

    app = FastAPI(
        title="Faultline", version="0.1.0", description="Cited evidence and calibrated judgments of the use of military force: the JSON twins of the web pages.",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json", lifespan=lifespan,
    )
    app.state.ctx = ctx
    app.state.csrf = Csrf()
    app.state.jobs = Jobs(ctx)
    app.state.env = _environment()
    app.mount("/static", StaticFiles(directory=str(package_data() / TEMPLATES / "static")), name="static")
    _middleware(app)
    _errors(app)
    _pages(app)
    _actions(app)
    return app


# --- plumbing -------------------------------------------------------------------------------------


def _middleware(app: FastAPI) -> None:
    @app.middleware("http")
    async def headers(request: Request, call_next: Callable) -> Response:
        fresh = None
        if not request.cookies.get(SESSION_COOKIE):
            fresh = request.state.session = Csrf.new_session()
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if fresh:
            response.set_cookie(SESSION_COOKIE, fresh, max_age=COOKIE_MAX_AGE, httponly=True, samesite="strict")
        return response


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or "application/json" in request.headers.get("accept", "")


def _errors(app: FastAPI) -> None:
    @app.exception_handler(FaultlineError)
    async def domain_error(request: Request, err: FaultlineError) -> Response:
        # "no article with id ...", "no evidence ...": a missing thing is a 404, anything else a bad request.
        status = 404 if err.message.startswith("no ") else 400
        return _error(request, status, err.message, err.fix)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        return _error(request, err.status_code, str(err.detail), "")


def _error(request: Request, status: int, message: str, fix: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message, "fix": fix}, status_code=status)
    return _render(request, "error.html.j2", None, status=status, message=message, fix=fix)


def _render(request: Request, template: str, data: Any, status: int = 200, **extra: Any) -> HTMLResponse:
    env: jinja2.Environment = request.app.state.env
    context = {
        "request": request, "data": data, "status": status, "csrf": request.app.state.csrf.token(session_of(request)), "csrf_field": CSRF_FIELD,
        "analyst": analyst_of(request), "path": request.url.path, "here": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
        **extra,
    }
    return HTMLResponse(env.get_template(template).render(context), status_code=status)


def session(request: Request) -> Iterator[Store]:
    """A store on a cursor of its own for this request."""
    with request.app.state.ctx.store() as store:
        yield store


StoreDep = Annotated[Store, Depends(session)]


def ctx_of(request: Request) -> WebContext:
    return request.app.state.ctx


def page(app: FastAPI, path: str, model: type, template: str, api_path: str | None = None) -> Callable:
    """Register ``fn`` twice: ``/api{path}`` returning its model as JSON, and ``path`` rendering it as HTML."""

    def decorate(fn: Callable) -> Callable:
        app.get(api_path or f"/api{path}", response_model=model, responses=ERRORS, name=f"api_{fn.__name__}", summary=fn.__doc__)(fn)

        @functools.wraps(fn)
        def html(*args: Any, **kwargs: Any) -> HTMLResponse:
            return _render(kwargs["request"], template, fn(*args, **kwargs))

        app.get(path, response_class=HTMLResponse, response_model=None, include_in_schema=False, name=fn.__name__)(html)
        return fn

    return decorate


# --- pages ----------------------------------------------------------------------------------------


def _pages(app: FastAPI) -> None:
    @page(app, "/", Overview, "overview.html.j2", api_path="/api")
    def overview(request: Request, store: StoreDep) -> Overview:
        """Counts, questions and the latest changes."""
        return pages.overview(ctx_of(request), store, request.app.state.jobs.busy)

    @page(app, "/articles", ArticlesPage, "articles.html.j2")
    def articles(
        request: Request, store: StoreDep, q: str | None = None, outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
        offset: int = 0, limit: int = pages.PAGE_SIZE,
    ) -> ArticlesPage:
        """Stored articles, searched by text, outlet and publication date."""
        return pages.articles(store, q, outlet, date_from, date_to, offset, limit)

    @page(app, "/articles/{article_id}", ArticlePage, "article.html.j2")
    def article(request: Request, store: StoreDep, article_id: str) -> ArticlePage:
        """One article: clean text with its extractions highlighted, removed blocks, claims and events."""
        return pages.article(ctx_of(request), store, article_id)

    @page(app, "/claims", ClaimsPage, "claims.html.j2")
    def claims(
        request: Request, store: StoreDep, q: str | None = None, conflicts: bool = False, offset: int = 0, limit: int = pages.PAGE_SIZE,
    ) -> ClaimsPage:
        """Attributed claims, and conflicting claims side by side."""
        return pages.claims(store, q, conflicts, offset, limit)

    @page(app, "/events", EventsPage, "events.html.j2")
    def events(
        request: Request, store: StoreDep, actor: str | None = None, event_type: str | None = None, modality: str | None = None, offset: int = 0,
        limit: int = pages.PAGE_SIZE,
    ) -> EventsPage:
        """The event timeline, filtered by actor, PLOVER type and modality."""
        return pages.events(store, actor, event_type, modality, offset, limit)

    @page(app, "/questions", QuestionsPage, "questions.html.j2")
    def questions(request: Request, store: StoreDep) -> QuestionsPage:
        """Questions defined or assessed, with their latest judgment."""
        ctx = ctx_of(request)
        from faultline.assess.questions import load_actions

        return QuestionsPage(questions=analysis.list_questions(ctx, store), frameworks=analysis.frameworks(ctx), actions=list(load_actions(ctx.kb_dirs)))

    @page(app, "/questions/{framework}/{actor}/{action}/{target}", QuestionPage, "question.html.j2")
    def question(
        request: Request, store: StoreDep, framework: str, actor: str, action: str, target: str, via: str = "", as_of: str | None = None,
    ) -> QuestionPage:
        """A question's assessment: factor table, quoted evidence, trajectory, ACH matrix, sources."""
        ctx = ctx_of(request)
        q = analysis.question(ctx, actor, action, target, via)
        record = analysis.run(ctx, store, framework, q, pages.parse_day(as_of, "as_of"))
        return QuestionPage(question=analysis.question_ref(ctx, store, framework, q), assessment=record, factors=analysis.factor_choices(ctx, [framework]))

    @page(app, "/sources", SourcesPage, "sources.html.j2")
    def sources(request: Request, store: StoreDep) -> SourcesPage:
        """Sources and their reliability grades (A-F): files, analysts' grades, stored outlets."""
        return pages.sources(ctx_of(request), store)

    @page(app, "/changes", ChangesPage, "changes.html.j2")
    def changes(request: Request, store: StoreDep) -> ChangesPage:
        """Every analyst change, newest first, with who, when and whether it was undone."""
        return ChangesPage(changes=analysis.changes(ctx_of(request), store))

    @page(app, "/ingest", IngestPage, "ingest.html.j2")
    def ingest_page(request: Request) -> IngestPage:
        """Upload files or paste text; the ingest jobs of this server and their results."""
        ctx = ctx_of(request)
        from faultline.ingest.read import FORMATS

        return IngestPage(jobs=[j.view() for j in request.app.state.jobs.all()], max_upload_bytes=ctx.max_upload_bytes, suffixes=sorted(FORMATS))

    @page(app, "/ingest/{job_id}", IngestJob, "job.html.j2")
    def ingest_job(request: Request, job_id: str) -> IngestJob:
        """One ingest job: progress while it runs, then what was stored and what was refused why."""
        job = request.app.state.jobs.get(job_id)
        if job is None:
            raise HTTPException(status_code=404, detail=f"no ingest job {job_id!r} on this server")
        return job.view()


# --- analyst actions (HTML forms; CSRF-checked; every one names the analyst) ------------------------


def _changed(request: Request, target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


def _analyst(request: Request) -> str:
    return analysis.check_analyst(analyst_of(request))


def _actions(app: FastAPI) -> None:
    hidden = {"include_in_schema": False}

    @app.post("/analyst", **hidden)
    def set_analyst(request: Request, name: str = Form(""), next: str = Form("/"), csrf: str = Form("")) -> Response:
        check_csrf(request, csrf)
        response = _changed(request, safe_next(next, "/"))
        response.set_cookie(ANALYST_COOKIE, analyst_cookie(analysis.check_analyst(name)), max_age=COOKIE_MAX_AGE, samesite="strict", httponly=True)
        return response

    @app.post("/questions", **hidden)
    def define_question(
        request: Request, store: StoreDep, framework: str = Form(analysis.DEFAULT_FRAMEWORK), actor: str = Form(""), action: str = Form(""), target: str = Form(""),
        via: str = Form(""), csrf: str = Form(""),
    ) -> Response:
        check_csrf(request, csrf)
        name = _analyst(request)
        with ctx_of(request).write_lock:
            ref = analysis.define_question(ctx_of(request), store, framework, actor, action, target, via, name)
        return _changed(request, ref.url)

    @app.post("/questions/{framework}/{actor}/{action}/{target}/evidence/{evidence_id}", **hidden)
    def change_evidence(
        request: Request, store: StoreDep, framework: str, actor: str, action: str, target: str, evidence_id: str, via: str = "",
        change: str = Form(...), weight: str = Form(""), direction: str = Form(""), factor: str = Form(""), note: str = Form(""),
        csrf: str = Form(""),
    ) -> Response:
        check_csrf(request, csrf)
        name = _analyst(request)
        ctx = ctx_of(request)
        q = analysis.question(ctx, actor, action, target, via)
        if change not in ("confirm", "reject", "rerate"):
            raise HTTPException(status_code=400, detail=f"unknown change {change!r}: use confirm, reject or rerate")
        with ctx.write_lock:
            analysis.change_evidence(ctx, store, framework, q, evidence_id, change, name, _weight(weight), direction, factor, note)
        return _changed(request, f"{analysis.question_url(framework, q)}#e-{evidence_id}")

    @app.post("/evidence", **hidden)
    def add_evidence(
        request: Request, store: StoreDep, question: str = Form(...), sentence_id: str = Form(...), factor: str = Form(...), direction: str = Form(...),
        weight: str = Form("1"), quote: str = Form(""), note: str = Form(""), csrf: str = Form(""),
    ) -> Response:
        check_csrf(request, csrf)
        name = _analyst(request)
        ctx = ctx_of(request)
        framework, _, key = question.partition(":")
        q = analysis.question(ctx, *analysis.parse_key(key))
        with ctx.write_lock:
            added = analysis.add_evidence(ctx, store, framework, q, sentence_id, factor, direction, name, _weight(weight) or 1.0, quote, note)
        return _changed(request, f"{analysis.question_url(framework, q)}#e-{added}")

    @app.post("/sources", **hidden)
    def grade_source(
        request: Request, store: StoreDep, name: str = Form(...), grade: str = Form(...), why: str = Form(""), csrf: str = Form(""),
    ) -> Response:
        check_csrf(request, csrf)
        analyst = _analyst(request)
        ctx = ctx_of(request)
        with ctx.write_lock:
            analysis.grade_source(store, name, grade, why, analyst)
            analysis.recompute_all(ctx, store)
        return _changed(request, "/sources")

    @app.post("/changes/{kind}/{ident}/undo", **hidden)
    def undo(request: Request, store: StoreDep, kind: str, ident: str, next: str = Form(""), csrf: str = Form("")) -> Response:
        check_csrf(request, csrf)
        name = _analyst(request)
        ctx = ctx_of(request)
        with ctx.write_lock:
            page_url = analysis.undo_change(ctx, store, kind, ident, name)
        return _changed(request, safe_next(next, page_url or "/changes"))

    @app.post("/ingest", **hidden)
    async def upload(request: Request) -> Response:
        ctx = ctx_of(request)
        csrf: Csrf = request.app.state.csrf
        session_cookie = request.cookies.get(SESSION_COOKIE)
        header = request.headers.get("x-csrf-token")

        def token_ok(field: str | None) -> bool:
            return csrf.valid(session_cookie, field or header)

        name = _analyst(request)
        job_id = secrets.token_hex(8)
        reader = UploadReader(
            ctx.uploads / job_id, ctx.max_upload_bytes, ctx.max_upload_bytes * MAX_REQUEST_FILES, MAX_REQUEST_FILES, ctx.max_upload_bytes, token_ok,
        )
        try:
            upload = await reader.read(request.headers.get("content-type", ""), request.stream())
        except UploadRefused as refused:
            raise HTTPException(status_code=refused.status, detail=refused.reason) from None
        if not token_ok(upload.fields.get(CSRF_FIELD)):
            raise HTTPException(status_code=403, detail="missing or invalid CSRF token: reload the page and try again")
        reader.paste(upload.fields.get("text", ""))
        if not upload.files:
            raise HTTPException(status_code=400, detail="nothing to ingest: choose files or paste text")
        job = request.app.state.jobs.submit(Job(job_id, name, upload.directory, upload.files))
        if _wants_json(request):
            return JSONResponse(job.view().model_dump(), status_code=202, headers={"Location": f"/ingest/{job.id}"})
        return _changed(request, f"/ingest/{job.id}")


def _weight(text: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise HTTPException(status_code=400, detail=f"weight {text!r} is not a number") from None
