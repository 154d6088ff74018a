"""Job handlers: ``artist.sync`` {"artist_key", "origin"} and the periodic
``watchlist.tick`` {} that enqueues due artists.

``ctx.services`` carries ``settings`` and ``box`` (effective settings), ``providers`` (the
gateway's :class:`ProviderClients`) and optionally ``invalidator``.
"""

from __future__ import annotations

from typing import Any

from tonearm.config import Settings
from tonearm.domain.artists.queue import ARTIST_SYNC_JOB
from tonearm.domain.artists.service import ArtistRuntime, catalog_opener, sync_artist
from tonearm.domain.catalog.invalidation import invalidator_from
from tonearm.domain.jobs import registry
from tonearm.domain.providers import ProviderClients, ProviderRateLimited, ProviderUnavailable
from tonearm.domain.settings import job_settings
from tonearm.domain.watchlist import CheckPolicy, run_tick
from tonearm.errors import CredentialsMissing
from tonearm.integrations.spotify import SpotifyNotFound, SpotifyRateLimited
from tonearm.orchestrator import JobContext, PermanentFailure, Retry, RetryPolicy, Schedule

__all__ = ["WATCHLIST_TICK_JOB", "handle_artist_sync", "handle_watchlist_tick"]

WATCHLIST_TICK_JOB = "watchlist.tick"
TICK_EVERY_S = 300.0


def _providers(ctx: JobContext) -> ProviderClients:
    providers = ctx.services.get("providers")
    if not isinstance(providers, ProviderClients):
        raise PermanentFailure("the worker has no provider clients (services['providers'])")
    return providers


def job_runtime(ctx: JobContext, settings: Settings) -> ArtistRuntime:
    """The artist runtime of one job run (writes are lease-fenced)."""
    return ArtistRuntime(
        read=ctx.db.transaction,
        write=ctx.transaction,
        settings=settings,
        catalog=catalog_opener(_providers(ctx), settings),
        invalidator=invalidator_from(ctx.services),
    )


@registry.task(
    ARTIST_SYNC_JOB,
    retry=RetryPolicy(max_attempts=3, base_s=30.0, cap_s=600.0),
    max_concurrency=2,
    timeout_s=600.0,
)
async def handle_artist_sync(ctx: JobContext) -> dict[str, Any]:
    """Sync one artist (see :func:`sync_artist`). While the gateway refuses Spotify (cooldown,
    open circuit) the job is retried after the wait the provider named."""
    settings = await job_settings(ctx)
    key = str(ctx.job.payload["artist_key"])
    origin = str(ctx.job.payload.get("origin", "api"))
    try:
        outcome = await sync_artist(job_runtime(ctx, settings), key, origin=origin)
    except (ProviderRateLimited, ProviderUnavailable, SpotifyRateLimited) as exc:
        raise Retry(max(1.0, float(exc.retry_after)), f"spotify: {exc}") from exc
    except CredentialsMissing as exc:
        raise PermanentFailure(exc.message) from exc
    except SpotifyNotFound as exc:
        raise PermanentFailure(f"Spotify does not know the artist {key}") from exc
    return {"status": outcome.status, "changes": outcome.changes, "wanted": outcome.wanted}


@registry.task(WATCHLIST_TICK_JOB, timeout_s=120.0)
async def handle_watchlist_tick(ctx: JobContext) -> dict[str, Any]:
    """Enqueue syncs of due watched artists."""
    settings = await job_settings(ctx)
    async with ctx.transaction() as session:
        keys = await run_tick(session, CheckPolicy.from_settings(settings))
    return {"enqueued": len(keys)}


registry.add_schedule(
    Schedule(name="watchlist", job_type=WATCHLIST_TICK_JOB, every_s=TICK_EVERY_S, jitter_s=30.0)
)
