"""Spotify: status, connecting (OAuth or the manual paste flow), playlists with sync."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.domain import jobs as job_admin
from tonearm.domain.playlists import list_playlists
from tonearm.domain.playlists.tasks import (
    SYNC_ALL_JOB,
    SYNC_JOB,
    enqueue_playlist_sync,
    enqueue_sync_all,
)
from tonearm.domain.providers import ProviderClients
from tonearm.domain.spotify import (
    complete_from_redirected_url,
    spotify_status,
    start_authorization,
)
from tonearm.errors import DependencyError, TonearmError, ValidationFailed
from tonearm.ui.context import effective_settings, services_of, transaction
from tonearm.ui.messages import FriendlyError, friendly
from tonearm.ui.routes._common import int_param, notice_of, page_router, redirect
from tonearm.ui.templating import is_htmx, render

router = page_router()
PAGE_SIZE = 50
_PLAYLIST_ID = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


async def _running_syncs(session: AsyncSession) -> dict[str, job_admin.JobOut]:
    """Running, else waiting, sync jobs: playlist id (or ``*`` for all) → the job."""
    running: dict[str, job_admin.JobOut] = {}
    for status in ("leased", "queued"):
        for job_type in (SYNC_JOB, SYNC_ALL_JOB):
            page = await job_admin.list_jobs(session, status=status, type_=job_type, limit=200)
            for job in page.items:
                key = "*" if job_type == SYNC_ALL_JOB else str(job.entity_id or "")
                running.setdefault(key, job)
    return running


async def _page(
    request: Request,
    error: FriendlyError | None = None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> Response:
    services = services_of(request)
    offset = int_param(request, "offset", 0)
    async with transaction(request) as session:
        settings = await effective_settings(request, session)
        state = await spotify_status(session, settings, services.box)
        playlists = await list_playlists(session, limit=PAGE_SIZE, offset=offset)
        syncs = await _running_syncs(session)
    context = {
        "status": state,
        "page": playlists,
        "syncs": syncs,
        "redirect_uri": settings.spotify_redirect_uri,
        "notice": notice_of(request),
        "error": error,
        **(extra or {}),
    }
    live = is_htmx(request) and request.query_params.get("part") == "live"
    return render(request, "spotify.html", context, block="live" if live else None, status=status)


@router.get("/spotify")
async def spotify(request: Request) -> Response:
    """Status, connection and playlists."""
    return await _page(request)


@router.post("/spotify/connect")
async def connect(request: Request) -> Response:
    """Start the OAuth flow; the page then offers the link to Spotify's consent screen."""
    services = services_of(request)
    try:
        async with transaction(request, write=True) as session:
            settings = await effective_settings(request, session)
            start = await start_authorization(session, settings, services.box)
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    return await _page(request, extra={"authorization_url": start.authorization_url})


@router.post("/spotify/complete")
async def complete(request: Request) -> Response:
    """The manual flow: the address the browser landed on after consent, pasted."""
    services = services_of(request)
    form = await request.form()
    pasted = form.get("redirected_url")
    try:
        if not isinstance(pasted, str) or not pasted.strip():
            raise ValidationFailed("paste the whole address the browser showed after consent")
        async with transaction(request) as session:
            settings = await effective_settings(request, session)
        clients = services.extras.get("providers")
        if not isinstance(clients, ProviderClients):
            raise DependencyError("the Spotify connection is not set up in this process")
        await complete_from_redirected_url(
            services.db, services.box, clients.http("spotify"), settings, pasted.strip()[:4000]
        )
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    return redirect("/spotify", "spotify_connected")


@router.post("/spotify/sync")
async def sync_all(request: Request) -> Response:
    """Queue a sync of every playlist of the account."""
    try:
        async with transaction(request, write=True) as session:
            await enqueue_sync_all(session)
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    return redirect("/spotify", "sync_queued")


@router.post("/spotify/playlists/{playlist_id}/sync")
async def sync_one(request: Request, playlist_id: str) -> Response:
    """Queue a sync of one playlist."""
    try:
        if len(playlist_id) != 22 or not set(playlist_id) <= _PLAYLIST_ID:
            raise ValidationFailed("that is not a Spotify playlist id")
        async with transaction(request, write=True) as session:
            await enqueue_playlist_sync(session, playlist_id, priority=10)
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    return redirect("/spotify", "sync_queued")
