"""The watchlist: artists checked for new releases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from tonearm.api.deps import DbSession
from tonearm.api.routes.artists import ArtistKey, ReadSettings
from tonearm.domain import watchlist
from tonearm.domain.watchlist import (
    WatchlistEntryIn,
    WatchlistEntryOut,
    WatchlistPage,
    WatchlistPatch,
    WatchlistPause,
)

router = APIRouter(prefix="/api/v1/watchlist", tags=["watchlist"])


@router.get("", response_model=WatchlistPage)
async def list_watchlist(
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> WatchlistPage:
    """Watched artists by priority (highest first), then next due."""
    return await watchlist.list_entries(session, limit=limit, offset=offset)


@router.post("", status_code=201, response_model=WatchlistEntryOut)
async def add_to_watchlist(
    body: WatchlistEntryIn, settings: ReadSettings, session: DbSession
) -> WatchlistEntryOut:
    """Watch an artist by key (``409`` when already watched)."""
    return await watchlist.add_entry(session, body, settings.watchlist_release_groups)


@router.patch("/{artist_key}", response_model=WatchlistEntryOut)
async def update_watchlist_entry(
    artist_key: ArtistKey, body: WatchlistPatch, session: DbSession
) -> WatchlistEntryOut:
    """Change priority and/or the release filter."""
    return await watchlist.update_entry(session, artist_key, body)


@router.post("/{artist_key}/pause", response_model=WatchlistEntryOut)
async def pause_watchlist_entry(
    artist_key: ArtistKey, session: DbSession, body: WatchlistPause | None = None
) -> WatchlistEntryOut:
    """Stop checking until resumed, or until ``resume_at``."""
    return await watchlist.pause_entry(session, artist_key, body or WatchlistPause())


@router.post("/{artist_key}/resume", response_model=WatchlistEntryOut)
async def resume_watchlist_entry(artist_key: ArtistKey, session: DbSession) -> WatchlistEntryOut:
    """Check again, starting now."""
    return await watchlist.resume_entry(session, artist_key)


@router.delete("/{artist_key}", status_code=204)
async def delete_watchlist_entry(artist_key: ArtistKey, session: DbSession) -> Response:
    """Stop watching the artist."""
    await watchlist.remove_entry(session, artist_key)
    return Response(status_code=204)
