"""Synced Spotify playlists: list and detail (cached, ETags), and sync jobs.

Every route needs PRO mode (an authorised Spotify account): ``409 CREDENTIALS_MISSING``
otherwise. Cached answers skip the check, so a credential change evicts them (see
``tonearm.domain.playlists.credentials``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from tonearm.api.deps import DbSession
from tonearm.api.routes.spotify import require_pro
from tonearm.cache import cached
from tonearm.domain import playlists
from tonearm.domain.catalog import PLAYLISTS_TAG, SPOTIFY_TAG
from tonearm.domain.playlists import PlaylistDetail, PlaylistPage
from tonearm.domain.playlists.tasks import enqueue_playlist_sync, enqueue_sync_all

router = APIRouter(
    prefix="/api/v1/spotify/playlists", tags=["playlists"], dependencies=[Depends(require_pro)]
)

PlaylistId = Annotated[str, Path(pattern=r"^[0-9A-Za-z]{22}$")]


def _queued(job_id: int, created: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"job_id": job_id, "status": "queued"}
    if not created:
        body["already_queued"] = True
    return body


@router.get("", response_model=PlaylistPage)
@cached(tags=(PLAYLISTS_TAG, SPOTIFY_TAG), ttl_s=300)
async def list_playlists(
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> PlaylistPage:
    """Synced playlists (ETag; ``If-None-Match`` → 304)."""
    return await playlists.list_playlists(session, limit=limit, offset=offset)


@router.get("/{id}", response_model=PlaylistDetail)
@cached(tags=("playlist:{id}", SPOTIFY_TAG), ttl_s=300)
async def get_playlist(
    session: DbSession,
    id: PlaylistId,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> PlaylistDetail:
    """One playlist with a page of its tracks (ETag; ``If-None-Match`` → 304)."""
    return await playlists.get_playlist(session, id, limit=limit, offset=offset)


@router.post("/sync", status_code=202)
async def sync_all(session: DbSession) -> dict[str, Any]:
    """Queue a sync of every playlist of the user."""
    result = await enqueue_sync_all(session)
    return _queued(result.job.id, result.created)


@router.post("/{id}/sync", status_code=202)
async def sync_one(session: DbSession, id: PlaylistId) -> dict[str, Any]:
    """Queue a sync of one playlist (one waiting job per playlist)."""
    result = await enqueue_playlist_sync(session, id, priority=10)
    return _queued(result.job.id, result.created)
