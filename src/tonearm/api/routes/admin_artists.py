"""Admin artist operations (only mounted when the admin feature flag is on)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from tonearm.api.deps import DbSession, ServicesDep
from tonearm.api.routes.artists import ArtistKey, ReadSettings, artist_runtime
from tonearm.db.base import utcnow
from tonearm.domain.activity import ActivityPage, list_activity
from tonearm.domain.artists import (
    HIGH_PRIORITY,
    ReconcileOut,
    ResyncRefused,
    SyncQueuedOut,
    active_lease,
    enqueue_artist_sync,
    lock_key,
    spotify_id_of,
    staleness,
    stored_synced_at,
)
from tonearm.domain.artists.service import reconcile_artist
from tonearm.domain.catalog.invalidation import invalidator_from
from tonearm.domain.watchlist import budget_spent, get_entry

router = APIRouter(prefix="/api/v1/admin/artists", tags=["admin"])


class EvictedOut(BaseModel):
    """How many cached responses were evicted."""

    evicted: int


@router.get("/{artist_key}/audit", response_model=ActivityPage)
async def artist_audit(
    artist_key: ArtistKey,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> ActivityPage:
    """Audit trail of one artist (from the activity feed), newest first, cursor-paginated."""
    return await list_activity(session, limit=limit, cursor=cursor, entity=f"artist:{artist_key}")


@router.post("/{artist_key}/reconcile", response_model=ReconcileOut)
async def reconcile(
    artist_key: ArtistKey,
    services: ServicesDep,
    settings: ReadSettings,
    dry_run: bool = True,
) -> ReconcileOut:
    """The delta between stored and Spotify data (``added``/``updated``/``removed``
    releases). ``dry_run=true`` (default) writes nothing; ``false`` applies it with audit rows."""
    runtime = artist_runtime(services, settings)
    async with services.db.transaction(readonly=True) as session:
        synced_at = await stored_synced_at(session, artist_key)
    stale, warnings = staleness(synced_at, settings.artist_stale_after_s)
    outcome = await reconcile_artist(runtime, artist_key, dry_run=dry_run)
    preview = outcome.preview
    return ReconcileOut(
        artist_key=artist_key,
        dry_run=dry_run,
        added=preview["added"],
        updated=preview["updated"],
        removed=preview["removed"],
        profile=preview["profile"],
        changes=outcome.changes,
        stale=stale,
        warnings=warnings,
    )


@router.post("/{artist_key}/resync", status_code=202, response_model=SyncQueuedOut)
async def resync(artist_key: ArtistKey, session: DbSession) -> SyncQueuedOut:
    """Queue a high-priority sync; ``409`` while a sync of this artist holds a live lease or
    its retry budget is spent (cooling down)."""
    spotify_id_of(artist_key)
    job = await active_lease(session, artist_key)
    if job is not None:
        raise ResyncRefused(
            "a sync of this artist is running", details={"job_id": job.id, "artist_key": artist_key}
        )
    entry = await get_entry(session, artist_key)
    if entry is not None and budget_spent(entry, utcnow()):
        raise ResyncRefused(
            "the artist's retry budget is spent",
            details={"artist_key": artist_key, "cooldown_until": str(entry.cooldown_until)},
        )
    queued = await enqueue_artist_sync(session, artist_key, origin="admin", priority=HIGH_PRIORITY)
    return SyncQueuedOut(job_id=queued.job_id, already_queued=queued.already_queued)


@router.post("/{artist_key}/invalidate", response_model=EvictedOut)
async def invalidate(artist_key: ArtistKey, services: ServicesDep) -> EvictedOut:
    """Evict every cached response of this artist (emits ``cache.invalidate``)."""
    spotify_id_of(artist_key)
    evicted = await invalidator_from(services.extras).invalidate(
        [lock_key(artist_key)], reason="admin.invalidate"
    )
    return EvictedOut(evicted=evicted)
