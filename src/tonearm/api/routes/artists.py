"""Artists: profile + releases, and queueing a sync."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from tonearm.api.deps import DbSession, Services, ServicesDep
from tonearm.api.routes.spotify import provider_clients
from tonearm.cache import cached
from tonearm.config import Settings
from tonearm.domain.artists import (
    ArtistOut,
    SyncQueuedOut,
    enqueue_artist_sync,
    get_artist_profile,
)
from tonearm.domain.artists.service import ArtistRuntime, request_runtime
from tonearm.domain.catalog.invalidation import invalidator_from
from tonearm.domain.settings import load_effective_settings

__all__ = ["ArtistKey", "ReadSettings", "artist_runtime", "router"]

router = APIRouter(prefix="/api/v1/artists", tags=["artists"])

ArtistKey = Annotated[
    str,
    Path(pattern=r"^spotify:[A-Za-z0-9]{1,64}$", max_length=72, examples=["spotify:abc123"]),
]


async def read_settings(services: ServicesDep) -> Settings:
    """Effective settings read in their own short read transaction (no request write lock)."""
    async with services.db.transaction(readonly=True) as session:
        effective, _ = await load_effective_settings(session, services.settings, services.box)
    return effective


ReadSettings = Annotated[Settings, Depends(read_settings)]


def artist_runtime(services: Services, settings: Settings) -> ArtistRuntime:
    """An artist runtime for a request: its own transactions, and Spotify through the app's
    provider gateway."""
    return request_runtime(
        services.db,
        settings,
        provider_clients(services),
        invalidator=invalidator_from(services.extras),
    )


@router.get("/{artist_key}", response_model=ArtistOut)
@cached(tags=("artist:{artist_key}",), ttl_s=300.0)
async def get_artist(
    artist_key: ArtistKey, settings: ReadSettings, session: DbSession
) -> ArtistOut:
    """The artist's profile and releases (inactive ones included, with their reason);
    ``stale`` and ``warnings`` tell when the data is older than ``artist_stale_after_s``."""
    return await get_artist_profile(
        session, artist_key, stale_after_s=settings.artist_stale_after_s
    )


@router.post("/{artist_key}/enqueue-sync", status_code=202, response_model=SyncQueuedOut)
async def enqueue_sync(artist_key: ArtistKey, session: DbSession) -> SyncQueuedOut:
    """Queue an ``artist.sync`` job; an equal waiting job is reused (``already_queued``)."""
    queued = await enqueue_artist_sync(session, artist_key, origin="api")
    return SyncQueuedOut(job_id=queued.job_id, already_queued=queued.already_queued)
