"""Wanted tracks and downloads: a live table with filters and actions, and a detail view with
every candidate and its score breakdown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.models import DOWNLOAD_STATES, TRACK_STATES
from tonearm.domain.acquisition import service as downloads
from tonearm.domain.catalog import TrackOut, delete_track, list_tracks
from tonearm.errors import TonearmError
from tonearm.ui.context import transaction
from tonearm.ui.messages import FriendlyError, friendly
from tonearm.ui.routes._common import (
    check_id,
    choice_param,
    int_param,
    notice_of,
    page_router,
    redirect,
    text_param,
)
from tonearm.ui.templating import is_htmx, render

router = page_router()
PAGE_SIZE = 50


def _filters(request: Request) -> dict[str, Any]:
    return {
        "state": choice_param(request, "state", TRACK_STATES),
        "q": text_param(request, "q"),
        "dstate": choice_param(request, "dstate", DOWNLOAD_STATES),
        "offset": int_param(request, "offset", 0),
    }


async def _context(request: Request, session: AsyncSession) -> dict[str, Any]:
    f = _filters(request)
    rows, total = await list_tracks(
        session, state=f["state"], query=f["q"], limit=PAGE_SIZE, offset=f["offset"]
    )
    tracks = {
        "items": [TrackOut.model_validate(row) for row in rows],
        "total": total,
        "limit": PAGE_SIZE,
        "offset": f["offset"],
    }
    page = await downloads.list_downloads(
        session, state=f["dstate"], track_id=None, limit=PAGE_SIZE, offset=0
    )
    return {
        "tracks": tracks,
        "downloads": page,
        "f": f,
        "track_states": TRACK_STATES,
        "download_states": DOWNLOAD_STATES,
    }


async def _page(
    request: Request, error: FriendlyError | None = None, status: int = 200
) -> Response:
    async with transaction(request) as session:
        context = await _context(request, session)
    context |= {"notice": notice_of(request), "error": error}
    live = is_htmx(request) and request.query_params.get("part") == "live"
    return render(request, "downloads.html", context, block="live" if live else None, status=status)


@router.get("/downloads")
async def downloads_page(request: Request) -> Response:
    """Wanted tracks and downloads, filtered by state and text."""
    return await _page(request)


@router.get("/downloads/{download_id:int}")
async def download_page(request: Request, download_id: int) -> Response:
    """One download: state, progress, paths, the chosen file and every ranked candidate."""
    try:
        check_id(download_id)
        async with transaction(request) as session:
            detail = await downloads.download_detail(session, download_id)
            candidates = await downloads.download_candidates(session, download_id)
    except TonearmError as exc:
        return render(
            request, "error.html", {"error": friendly(exc), "back": "/downloads"}, status=exc.status
        )
    context = {"d": detail, "candidates": candidates, "notice": notice_of(request)}
    live = is_htmx(request) and request.query_params.get("part") == "live"
    return render(request, "download.html", context, block="live" if live else None)


Action = Callable[[Request, AsyncSession, int], Awaitable[Any]]


async def _act(request: Request, target: int, action: Action, notice: str) -> Response:
    try:
        check_id(target)
        async with transaction(request, write=True) as session:
            await action(request, session, target)
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    back = request.query_params.get("back")
    if back == "detail":
        return redirect(f"/downloads/{target}", notice)
    return redirect("/downloads", notice)


async def _retry(_request: Request, session: AsyncSession, download_id: int) -> Any:
    return await downloads.retry_download(session, download_id)


async def _cancel(_request: Request, session: AsyncSession, download_id: int) -> Any:
    return await downloads.cancel_download(session, download_id)


async def _remove(_request: Request, session: AsyncSession, download_id: int) -> Any:
    return await downloads.delete_download(session, download_id)


async def _search_again(_request: Request, session: AsyncSession, track_id: int) -> Any:
    return await downloads.search_again(session, track_id)


async def _remove_track(_request: Request, session: AsyncSession, track_id: int) -> Any:
    return await delete_track(session, track_id)


@router.post("/downloads/{download_id:int}/retry")
async def retry(request: Request, download_id: int) -> Response:
    """Try a failed or cancelled download's file again."""
    return await _act(request, download_id, _retry, "download_retried")


@router.post("/downloads/{download_id:int}/cancel")
async def cancel(request: Request, download_id: int) -> Response:
    """Cancel an active download."""
    return await _act(request, download_id, _cancel, "download_cancelled")


@router.post("/downloads/{download_id:int}/remove")
async def remove(request: Request, download_id: int) -> Response:
    """Forget an ended download."""
    return await _act(request, download_id, _remove, "download_removed")


@router.post("/tracks/{track_id:int}/search")
async def search_again(request: Request, track_id: int) -> Response:
    """Search Soulseek again for a wanted track."""
    return await _act(request, track_id, _search_again, "download_retried")


@router.post("/tracks/{track_id:int}/remove")
async def remove_track(request: Request, track_id: int) -> Response:
    """Stop wanting a track."""
    return await _act(request, track_id, _remove_track, "track_removed")
