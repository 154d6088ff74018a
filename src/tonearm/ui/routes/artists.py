"""Artists and the watchlist: add, priority, pause/resume, remove; releases of an artist."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from fastapi import Request, Response
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from tonearm.domain import watchlist
from tonearm.domain.artists import enqueue_artist_sync, get_artist_profile
from tonearm.domain.watchlist import (
    WatchlistEntryIn,
    WatchlistEntryOut,
    WatchlistPatch,
    WatchlistPause,
)
from tonearm.errors import TonearmError
from tonearm.ui.context import effective_settings, transaction
from tonearm.ui.messages import FriendlyError, friendly, friendly_code
from tonearm.ui.routes._common import int_param, notice_of, page_router, redirect
from tonearm.ui.templating import is_htmx, render

router = page_router()
PAGE_SIZE = 50
KEY = "{artist_key}"


async def _page(
    request: Request, error: FriendlyError | None = None, status: int = 200
) -> Response:
    offset = int_param(request, "offset", 0)
    async with transaction(request) as session:
        page = await watchlist.list_entries(session, limit=PAGE_SIZE, offset=offset)
    context = {"page": page, "notice": notice_of(request), "error": error}
    live = is_htmx(request) and request.query_params.get("part") == "live"
    return render(request, "artists.html", context, block="live" if live else None, status=status)


@router.get("/artists")
async def artists(request: Request) -> Response:
    """The watchlist, by priority then next check."""
    return await _page(request)


Change = Callable[[AsyncSession, str, FormData, Request], Awaitable[Any]]


async def _change(request: Request, key: str, change: Change, notice: str) -> Response:
    form = await request.form()
    try:
        async with transaction(request, write=True) as session:
            await change(session, key, form, request)
    except (ValidationError, ValueError):
        error = friendly_code("VALIDATION_ERROR", "Check the values you entered.", 422)
        return await _page(request, error, 422)
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    if request.query_params.get("back") == "detail":
        return redirect(f"/artists/{key}", notice)
    return redirect("/artists", notice)


async def _add(session: AsyncSession, _key: str, form: FormData, request: Request) -> Any:
    raw = str(form.get("artist_key") or "").strip()
    key = raw if raw.startswith("spotify:") else f"spotify:{raw.rsplit('/', 1)[-1].split('?')[0]}"
    body = WatchlistEntryIn(
        artist_key=key, priority=int(str(form.get("priority") or 0) or 0), name=None
    )
    settings = await effective_settings(request, session)
    return await watchlist.add_entry(session, body, settings.watchlist_release_groups)


async def _priority(session: AsyncSession, key: str, form: FormData, _r: Request) -> Any:
    patch = WatchlistPatch(priority=int(str(form.get("priority") or 0)))
    return await watchlist.update_entry(session, key, patch)


async def _pause(session: AsyncSession, key: str, form: FormData, _r: Request) -> Any:
    until = str(form.get("resume_at") or "").strip()
    body = WatchlistPause(
        reason=str(form.get("reason") or "").strip() or None,
        resume_at=datetime.fromisoformat(until) if until else None,
    )
    return await watchlist.pause_entry(session, key, body)


async def _resume(session: AsyncSession, key: str, _f: FormData, _r: Request) -> Any:
    return await watchlist.resume_entry(session, key)


async def _remove(session: AsyncSession, key: str, _f: FormData, _r: Request) -> Any:
    return await watchlist.remove_entry(session, key)


async def _sync(session: AsyncSession, key: str, _f: FormData, _r: Request) -> Any:
    return await enqueue_artist_sync(session, key, origin="ui", priority=10)


@router.post("/artists")
async def add(request: Request) -> Response:
    """Watch an artist (by ``spotify:<id>``, an id or an artist link)."""
    return await _change(request, "", _add, "artist_added")


@router.post(f"/artists/{KEY}/priority")
async def priority(request: Request, artist_key: str) -> Response:
    """Change an artist's priority."""
    return await _change(request, artist_key, _priority, "artist_updated")


@router.post(f"/artists/{KEY}/pause")
async def pause(request: Request, artist_key: str) -> Response:
    """Pause checks, with an optional reason and resume time."""
    return await _change(request, artist_key, _pause, "artist_paused")


@router.post(f"/artists/{KEY}/resume")
async def resume(request: Request, artist_key: str) -> Response:
    """Check the artist again."""
    return await _change(request, artist_key, _resume, "artist_resumed")


@router.post(f"/artists/{KEY}/remove")
async def remove(request: Request, artist_key: str) -> Response:
    """Stop watching the artist."""
    return await _change(request, artist_key, _remove, "artist_removed")


@router.post(f"/artists/{KEY}/sync")
async def sync(request: Request, artist_key: str) -> Response:
    """Fetch the artist's releases now."""
    return await _change(request, artist_key, _sync, "sync_queued")


@router.get(f"/artists/{KEY}")
async def artist(request: Request, artist_key: str) -> Response:
    """An artist's profile and releases (or its watchlist entry before the first sync)."""
    profile = None
    async with transaction(request) as session:
        settings = await effective_settings(request, session)
        row = await watchlist.get_entry(session, artist_key)
        entry = WatchlistEntryOut.model_validate(row) if row is not None else None
        try:
            profile = await get_artist_profile(
                session, artist_key, stale_after_s=settings.artist_stale_after_s
            )
        except TonearmError as exc:
            if entry is None:
                context = {"error": friendly(exc), "back": "/artists"}
                return render(request, "error.html", context, status=exc.status)
    context = {"artist": profile, "entry": entry, "key": artist_key, "notice": notice_of(request)}
    return render(request, "artist.html", context)
