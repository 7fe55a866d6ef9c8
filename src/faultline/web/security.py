"""Safe by default: CSRF tokens, the analyst's name cookie, and the headers every response carries.

CSRF is a signed double submit: a random session cookie (HttpOnly, SameSite=Strict) and, in every
state-changing form, a token that is the HMAC of that cookie under a key only this server process holds.
A forged form from another site has neither the cookie's value nor the key; a POST without a matching
token is refused with 403. The Content-Security-Policy allows scripts only from this server's own
``/static`` files, so a ``<script>`` that reached a page anyway (it should not: every template is
autoescaped) would not run, and inline event handlers are blocked too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import quote, unquote

from fastapi import HTTPException, Request

SESSION_COOKIE = "faultline_session"
ANALYST_COOKIE = "faultline_analyst"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
COOKIE_MAX_AGE = 365 * 24 * 3600

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class Csrf:
    """Issues and checks the per-session tokens, keyed by a secret made when the app starts."""

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key or secrets.token_bytes(32)

    @staticmethod
    def new_session() -> str:
        return secrets.token_urlsafe(24)

    def token(self, session: str) -> str:
        return hmac.new(self.key, session.encode(), hashlib.sha256).hexdigest()

    def valid(self, session: str | None, token: str | None) -> bool:
        return bool(session and token) and hmac.compare_digest(self.token(session or ""), token or "")


def session_of(request: Request) -> str:
    """The session id: the cookie's, or the one the middleware made for this first visit."""
    return getattr(request.state, "session", None) or request.cookies.get(SESSION_COOKIE, "")


def check_csrf(request: Request, token: str | None) -> None:
    csrf: Csrf = request.app.state.csrf
    if not csrf.valid(request.cookies.get(SESSION_COOKIE), token or request.headers.get(CSRF_HEADER)):
        raise HTTPException(status_code=403, detail="missing or invalid CSRF token: reload the page and try again")


def analyst_of(request: Request) -> str:
    return " ".join(unquote(request.cookies.get(ANALYST_COOKIE, "")).split())


def analyst_cookie(name: str) -> str:
    return quote(name, safe="")


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this server: "//evil.example" and "https://..." fall back to ``default``."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default
