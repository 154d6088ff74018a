"""Render pages and fragments with the security headers every UI response carries."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2_fragments import render_block

from tonearm.ui.format import register_filters
from tonearm.ui.messages import friendly_source_error

__all__ = [
    "NAV",
    "SECURITY_HEADERS",
    "STATIC_DIR",
    "build_environment",
    "htmx_available",
    "is_htmx",
    "render",
]

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
HTMX_FILE = STATIC_DIR / "vendor" / "htmx.min.js"

NAV: tuple[tuple[str, str], ...] = (
    ("/", "Dashboard"),
    ("/spotify", "Spotify"),
    ("/import", "Import"),
    ("/downloads", "Downloads"),
    ("/search", "Search"),
    ("/artists", "Artists"),
    ("/library", "Library"),
    ("/activity", "Activity"),
    ("/jobs", "Jobs"),
    ("/settings", "Settings"),
    ("/system", "System"),
)

# Scripts and styles come only from our own origin: no inline script, no eval.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}


def build_environment() -> Environment:
    """The Jinja2 environment of the UI (autoescaped, with the display filters)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True),
        enable_async=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    register_filters(env)
    env.filters["source_error"] = friendly_source_error
    env.globals["nav"] = NAV
    return env


def htmx_available() -> bool:
    """Whether the frontend build put htmx in the static files (pages work without it)."""
    return HTMX_FILE.is_file()


def is_htmx(request: Request) -> bool:
    """Whether htmx made this request (it then wants only the changed part)."""
    return request.headers.get("hx-request") == "true"


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    block: str | None = None,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """A page (or one ``block`` of it, for htmx partials) with the UI's security headers."""
    env: Environment = request.app.state.ui.env
    values: dict[str, Any] = {
        "request": request,
        "path": request.url.path,
        "csrf_token": getattr(request.state, "csrf_token", None),
        "htmx": request.app.state.ui.htmx,
        "now": datetime.now(UTC),
        **(context or {}),
    }
    if block is None:
        html = env.get_template(template).render(values)
    else:
        html = render_block(env, template, block, values)
    response = HTMLResponse(html, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    if block is None and request.headers.get("hx-boosted") == "true" and status < 400:
        # A boosted form may have been redirected: show the page's real address.
        query = f"?{request.url.query}" if request.url.query else ""
        response.headers["HX-Push-Url"] = f"{request.url.path}{query}"
    if headers:
        response.headers.update(headers)
    return response
