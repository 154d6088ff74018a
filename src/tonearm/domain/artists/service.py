"""Artist operations: sync (the job), reconcile (admin preview or apply), profile reads."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import Settings
from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import Artist
from tonearm.domain.activity import record_activity
from tonearm.domain.artists.errors import ArtistBusy, ArtistNotFound, SpotifyCatalogFailed
from tonearm.domain.artists.keys import lock_key, spotify_id_of
from tonearm.domain.artists.provider import ArtistCatalog, open_spotify_catalog
from tonearm.domain.artists.queue import active_lease
from tonearm.domain.artists.snapshot import fetch_snapshot, fetch_tracks
from tonearm.domain.artists.sync import SyncPlan, SyncResult, apply_plan, plan_sync, tracks_needed
from tonearm.domain.catalog.invalidation import Invalidator, NullInvalidator
from tonearm.domain.providers import ProviderClients
from tonearm.domain.watchlist import (
    CheckPolicy,
    get_entry,
    is_paused,
    record_check_failure,
    record_check_success,
    want_new_releases,
)
from tonearm.integrations.spotify import SpotifyError, SpotifyNotFound, SpotifyRateLimited

__all__ = [
    "ArtistRuntime",
    "SyncOutcome",
    "catalog_opener",
    "reconcile_artist",
    "request_runtime",
    "sync_artist",
]

TransactionFactory = Callable[..., AbstractAsyncContextManager[AsyncSession]]
CatalogOpener = Callable[[], AbstractAsyncContextManager[ArtistCatalog]]
PROVIDER_ERRORS = (SpotifyError, httpx.HTTPError)
# A wait the provider asked for is nobody's fault: it never charges an artist's retry budget.
PROVIDER_WAITS = (SpotifyRateLimited,)


@dataclass
class ArtistRuntime:
    """What an artist operation needs: transactions (``write`` may be lease-fenced),
    effective settings, a catalogue opener, the cache invalidator and a clock."""

    read: TransactionFactory
    write: TransactionFactory
    settings: Settings
    catalog: CatalogOpener
    invalidator: Invalidator = field(default_factory=NullInvalidator)
    clock: Callable[[], datetime] = utcnow


def catalog_opener(providers: ProviderClients, settings: Settings) -> CatalogOpener:
    """Opens the gateway's Spotify catalogue client for ``settings``."""

    @asynccontextmanager
    async def open_catalog() -> AsyncIterator[ArtistCatalog]:
        async with open_spotify_catalog(providers, settings) as client:
            yield client

    return open_catalog


def request_runtime(
    db: Database,
    settings: Settings,
    providers: ProviderClients,
    *,
    invalidator: Invalidator | None = None,
) -> ArtistRuntime:
    """A runtime outside the job queue (API requests): plain transactions."""
    return ArtistRuntime(
        read=db.transaction,
        write=db.transaction,
        settings=settings,
        catalog=catalog_opener(providers, settings),
        invalidator=invalidator or NullInvalidator(),
    )


@dataclass(frozen=True)
class SyncOutcome:
    """How a sync ended: ``synced``, ``skipped`` (paused) or ``failed`` (budget charged)."""

    status: str
    changes: int = 0
    wanted: int = 0
    error: str | None = None
    preview: dict[str, Any] = field(default_factory=dict)


async def _plan(runtime: ArtistRuntime, key: str, with_tracks: bool) -> tuple[SyncPlan, Any]:
    async with runtime.catalog() as catalog:
        snapshot = await fetch_snapshot(catalog, spotify_id_of(key))
        async with runtime.read(readonly=True) as session:
            plan = await plan_sync(session, key, snapshot)
        tracks = await fetch_tracks(catalog, tracks_needed(plan)) if with_tracks else {}
    return plan, tracks


async def sync_artist(runtime: ArtistRuntime, key: str, *, origin: str = "api") -> SyncOutcome:
    """Fetch the artist, apply the delta, update its watchlist entry and wanted tracks.

    A paused artist is not scanned by the watchlist; explicit syncs refresh its data but
    never create wanted tracks. Provider failures of a watched artist charge its retry budget;
    gateway refusals (``ProviderRateLimited``, ``CircuitOpen``) and rate limits propagate so
    the job is retried when the provider allows it.
    """
    policy = CheckPolicy.from_settings(runtime.settings)
    async with runtime.read(readonly=True) as session:
        entry = await get_entry(session, key)
        paused = entry is not None and is_paused(entry, runtime.clock())
    if paused and origin == "watchlist":
        return SyncOutcome(status="skipped")
    try:
        plan, tracks = await _plan(runtime, key, with_tracks=True)
    except PROVIDER_WAITS:
        raise
    except PROVIDER_ERRORS as exc:
        if entry is None:
            raise
        async with runtime.write() as session:
            fresh = await get_entry(session, key)
            if fresh is not None:
                await record_check_failure(session, fresh, policy, repr(exc), now=runtime.clock())
        return SyncOutcome(status="failed", error=str(exc))
    now = runtime.clock()
    async with runtime.write() as session:
        result = await apply_plan(
            session, plan, tracks, hard_delete=runtime.settings.artist_hard_delete_removed, now=now
        )
        wanted = await _watchlist_bookkeeping(session, key, result.artist_id, result, policy, now)
    await runtime.invalidator.invalidate([lock_key(key)], reason="artist.sync")
    return SyncOutcome(status="synced", changes=result.changes, wanted=wanted)


async def _watchlist_bookkeeping(
    session: AsyncSession,
    key: str,
    artist_id: int,
    result: SyncResult,
    policy: CheckPolicy,
    now: datetime,
) -> int:
    entry = await get_entry(session, key)
    if entry is None or is_paused(entry, now):
        return 0
    artist = await session.get(Artist, artist_id)
    wanted = 0
    if artist is not None:
        if entry.name != artist.name:
            entry.name = artist.name
        wanted = await want_new_releases(
            session, entry, artist, result.added_release_ids, entry.last_checked_at
        )
    await record_check_success(session, entry, policy, now=now)
    return wanted


async def reconcile_artist(runtime: ArtistRuntime, key: str, *, dry_run: bool) -> SyncOutcome:
    """The delta between stored and provider data; applied (and audited) unless ``dry_run``.
    A dry run only reads. Applying is refused (:class:`ArtistBusy`) while a sync of the artist
    holds a live lease; provider failures are :class:`ArtistNotFound` or
    :class:`SpotifyCatalogFailed`, never a partial write."""
    if not dry_run:
        await _refuse_while_syncing(runtime, key)
    try:
        plan, tracks = await _plan(runtime, key, with_tracks=not dry_run)
    except SpotifyNotFound as exc:
        raise ArtistNotFound(
            "Spotify does not know this artist", details={"artist_key": key}
        ) from exc
    except PROVIDER_ERRORS as exc:
        raise SpotifyCatalogFailed(details={"artist_key": key, "error": str(exc)[:300]}) from exc
    if dry_run:
        return SyncOutcome(status="preview", preview=plan.preview())
    try:
        result = await _apply_reconcile(runtime, plan, tracks)
    except IntegrityError as exc:  # a sync wrote the same rows meanwhile
        raise ArtistBusy(details={"artist_key": key}) from exc
    await runtime.invalidator.invalidate([lock_key(key)], reason="artist.reconcile")
    return SyncOutcome(status="applied", changes=result.changes, preview=plan.preview())


async def _refuse_while_syncing(runtime: ArtistRuntime, key: str) -> None:
    async with runtime.read(readonly=True) as session:
        job = await active_lease(session, key, runtime.clock())
    if job is not None:
        raise ArtistBusy(details={"artist_key": key, "job_id": job.id})


async def _apply_reconcile(runtime: ArtistRuntime, plan: SyncPlan, tracks: Any) -> SyncResult:
    async with runtime.write() as session:
        result = await apply_plan(
            session,
            plan,
            tracks,
            hard_delete=runtime.settings.artist_hard_delete_removed,
            now=runtime.clock(),
        )
        delta = plan.delta
        await record_activity(
            session,
            "artist.reconciled",
            f"Admin reconcile applied: {len(delta.added)} added, {len(delta.updated)} updated, "
            f"{len(delta.removed)} removed",
            entity_type="artist",
            entity_id=plan.key,
            details={"changes": result.changes},
        )
    return result
