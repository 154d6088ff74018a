"""Helpers shared by the page routes: routers, redirects, notices, query parsing."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from tonearm.errors import NotFound
from tonearm.ui.guard import csrf_protect
from tonearm.ui.templating import SECURITY_HEADERS

__all__ = [
    "NOTICES",
    "check_id",
    "choice_param",
    "int_param",
    "notice_of",
    "page_router",
    "redirect",
    "redirect_to",
    "text_param",
]

# Notices shown after a successful action; the URL carries only the key.
NOTICES: dict[str, str] = {
    "settings_saved": "Settings saved.",
    "download_retried": "The download was queued again.",
    "download_queued": "The file was queued for download.",
    "download_cancelled": "The download was cancelled.",
    "download_removed": "The download was removed.",
    "job_retried": "The job was queued again.",
    "job_cancelled": "The job was cancelled.",
    "scan_queued": "A library scan was queued.",
    "import_queued": "The import was queued.",
    "sync_queued": "A playlist sync was queued.",
    "artist_added": "The artist is now on the watchlist.",
    "artist_paused": "The artist is paused.",
    "artist_resumed": "The artist is watched again.",
    "artist_removed": "The artist was removed from the watchlist.",
    "artist_updated": "The artist's priority was changed.",
    "track_wanted": "The track is now wanted.",
    "track_removed": "The track was removed.",
    "spotify_connected": "Spotify is connected.",
}


def page_router() -> APIRouter:
    """A router for pages: hidden from the OpenAPI, every write CSRF-checked."""
    return APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])


def redirect(url: str, notice: str | None = None, **params: str) -> RedirectResponse:
    """``303 See Other`` to a page (after a write), optionally with a notice key."""
    query = {k: v for k, v in params.items() if v}
    if notice is not None:
        query["notice"] = notice
    return redirect_to(f"{url}?{urlencode(query)}" if query else url)


def redirect_to(target: str) -> RedirectResponse:
    """``303 See Other`` to a path on this site (built by the caller)."""
    response = RedirectResponse(target, status_code=303)
    response.headers.update(SECURITY_HEADERS)
    return response


def notice_of(request: Request) -> str | None:
    """The sentence of the ``notice`` query parameter, if it is a known one."""
    return NOTICES.get(request.query_params.get("notice", ""))


MAX_ID = 2**63 - 1


def check_id(value: int) -> int:
    """An id from a path, refused (as not found) when no database row could ever have it."""
    if not 1 <= value <= MAX_ID:
        raise NotFound("no such item")
    return value


def int_param(request: Request, name: str, default: int, low: int = 0, high: int = 10**9) -> int:
    """An integer query parameter, clamped; junk gives the default (pages never fail on it)."""
    raw = request.query_params.get(name, "")
    try:
        value = int(raw)
    except ValueError:
        return default
    return min(max(value, low), high)


def choice_param(request: Request, name: str, allowed: Iterable[str]) -> str | None:
    """A query parameter that must be one of ``allowed`` (else None)."""
    value = request.query_params.get(name) or None
    return value if value in set(allowed) else None


def text_param(request: Request, name: str, max_length: int = 200) -> str | None:
    """A free-text query parameter, trimmed and capped."""
    value = (request.query_params.get(name) or "").strip()
    return value[:max_length] or None
