"""Mount the UI on the app: routes, static files, session check, error pages."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from tonearm.security import ensure_session_secret
from tonearm.ui.context import UiServices
from tonearm.ui.guard import CsrfRejected, UiState, load_session
from tonearm.ui.messages import friendly_code
from tonearm.ui.ratelimit import LoginLimiter
from tonearm.ui.routes import build_router
from tonearm.ui.session import UiSessionCodec
from tonearm.ui.templating import STATIC_DIR, build_environment, htmx_available, render

__all__ = ["install_ui", "make_session_check"]

_CODEC_KEY = "ui_sessions"


def _codec(services: UiServices) -> UiSessionCodec:
    codec = services.extras.get(_CODEC_KEY)
    if codec is None:
        codec = UiSessionCodec(ensure_session_secret(services.settings), services.keys)
        services.extras[_CODEC_KEY] = codec
    assert isinstance(codec, UiSessionCodec)  # noqa: S101 (only this module sets it)
    return codec


def make_session_check(services: UiServices) -> Callable[[Scope], bool]:
    """The callable the auth middleware asks whether a request has a valid UI session."""

    def session_check(scope: Scope) -> bool:
        return _codec(services).check_scope(scope)

    return session_check


async def _on_csrf_rejected(request: Request, _exc: Exception) -> HTMLResponse:
    await load_session(request)
    error = friendly_code("FORBIDDEN", "The form's security token is missing or wrong.", 403)
    return render(request, "error.html", {"error": error}, status=403)


_KEY_ONLY = ("/api/", "/metrics", "/openapi.json", "/docs", "/redoc")


def _wrap_not_found(app: FastAPI) -> None:
    """Unknown pages answer a page in words for browsers; the API keeps its JSON envelope."""
    previous = app.exception_handlers.get(StarletteHTTPException)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)  # noqa: S101 (registered for it)
        wants_page = "text/html" in request.headers.get("accept", "")
        if (
            wants_page
            and exc.status_code in (404, 405)
            and not request.url.path.startswith(_KEY_ONLY)
        ):
            await load_session(request)
            error = friendly_code("NOT_FOUND", "There is no page at this address.", 404)
            return render(request, "error.html", {"error": error}, status=exc.status_code)
        if previous is None:  # pragma: no cover - the API always installs its handler
            raise exc
        outcome = previous(request, exc)
        response = await outcome if inspect.isawaitable(outcome) else outcome
        assert isinstance(response, Response)  # noqa: S101 (a Starlette handler's contract)
        return response

    app.add_exception_handler(StarletteHTTPException, on_http_error)


def install_ui(app: FastAPI, services: UiServices, *, login_limit: int = 5) -> None:
    """Add the pages, ``/static`` and the UI's error pages to ``app``."""
    app.state.ui = UiState(
        env=build_environment(),
        sessions=_codec(services),
        logins=LoginLimiter(limit=login_limit),
        htmx=htmx_available(),
    )
    app.include_router(build_router())
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")
    app.add_exception_handler(CsrfRejected, _on_csrf_rejected)
    _wrap_not_found(app)
