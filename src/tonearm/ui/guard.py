"""Per-request session and CSRF checks for the UI routes."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Request
from jinja2 import Environment

from tonearm.ui.ratelimit import LoginLimiter
from tonearm.ui.session import COOKIE_NAME, UiSession, UiSessionCodec

__all__ = ["CSRF_FIELD", "CSRF_HEADER", "CsrfRejected", "UiState", "csrf_protect", "load_session"]

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class UiState:
    """What the UI keeps for the app's lifetime (``app.state.ui``)."""

    env: Environment
    sessions: UiSessionCodec
    logins: LoginLimiter
    htmx: bool


class CsrfRejected(Exception):
    """A write came without the session's CSRF token."""


def ui_state(request: Request) -> UiState:
    """The UI's long-lived objects."""
    state: UiState = request.app.state.ui
    return state


def current_session(request: Request) -> UiSession | None:
    """The browser's session, if its cookie is valid."""
    return ui_state(request).sessions.read(request.cookies.get(COOKIE_NAME))


async def load_session(request: Request) -> None:
    """Make the session's CSRF token available to the templates (a router dependency)."""
    session = current_session(request)
    request.state.ui_session = session
    request.state.csrf_token = session.csrf_token if session else None


async def csrf_protect(request: Request) -> None:
    """Refuse a write whose form field or ``X-CSRF-Token`` header is not the session's token."""
    await load_session(request)
    if request.method in _SAFE_METHODS:
        return
    session: UiSession | None = request.state.ui_session
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    if session is None or not given or not hmac.compare_digest(given, session.csrf_token):
        raise CsrfRejected()
