"""Job handlers: ``playlist.sync`` (one playlist) and ``playlist.sync_all`` (every playlist of
the user, and on a schedule every followed playlist that is due)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.config import Settings
from tonearm.db.base import utcnow
from tonearm.db.models import Playlist
from tonearm.domain.catalog import invalidator_from
from tonearm.domain.jobs import registry
from tonearm.domain.playlists.access import SpotifyAccess, access_from
from tonearm.domain.playlists.sync import sync_playlist
from tonearm.domain.settings import job_settings
from tonearm.errors import CredentialsMissing
from tonearm.integrations.spotify import SpotifyNotFound, SpotifyRateLimited
from tonearm.orchestrator import EnqueueResult, JobContext, PermanentFailure, Retry, Schedule
from tonearm.orchestrator.queue import enqueue

__all__ = [
    "SYNC_ALL_JOB",
    "SYNC_JOB",
    "enqueue_playlist_sync",
    "enqueue_sync_all",
    "sync_all_handler",
    "sync_handler",
]

SYNC_JOB = "playlist.sync"
SYNC_ALL_JOB = "playlist.sync_all"
SCHEDULE_TICK_S = 300.0


async def enqueue_playlist_sync(
    session: AsyncSession, spotify_id: str, *, priority: int = 0, queue: str = "default"
) -> EnqueueResult:
    """Queue a sync of one playlist (one waiting job per playlist)."""
    return await enqueue(
        session,
        SYNC_JOB,
        {"playlist_id": spotify_id},
        queue=queue,
        dedupe_key=f"{SYNC_JOB}:{spotify_id}",
        lock_key=f"playlist:{spotify_id}",
        entity_id=spotify_id,
        priority=priority,
    )


async def enqueue_sync_all(session: AsyncSession) -> EnqueueResult:
    """Queue a sync of every playlist of the user."""
    return await enqueue(session, SYNC_ALL_JOB, {"source": "user"}, dedupe_key=SYNC_ALL_JOB)


async def _access(ctx: JobContext) -> SpotifyAccess:
    # The composition root's access reads the settings in force itself: load them only when
    # there is none (a worker built without providers).
    found = ctx.services.get("spotify_access")
    return found if found is not None else access_from(ctx.services, await job_settings(ctx))


@registry.task(SYNC_JOB, max_concurrency=2, timeout_s=900)
async def sync_handler(ctx: JobContext) -> dict[str, Any]:
    """Sync the playlist in ``payload["playlist_id"]``."""
    spotify_id = str(ctx.job.payload["playlist_id"])
    access = await _access(ctx)
    try:
        async with access.user_client() as reader:
            result = await sync_playlist(
                ctx.db,
                reader,
                spotify_id,
                invalidator_from(ctx.services),
                progress=ctx.report_progress,
            )
    except SpotifyRateLimited as exc:
        raise Retry(delay_s=max(1.0, float(exc.retry_after or 30))) from exc
    except SpotifyNotFound as exc:
        raise PermanentFailure(f"playlist {spotify_id} does not exist on Spotify") from exc
    except CredentialsMissing as exc:
        raise PermanentFailure(exc.message) from exc
    return {"changed": result.changed, "tracks": result.track_count, "new": result.new_tracks}


@registry.task(SYNC_ALL_JOB, timeout_s=600)
async def sync_all_handler(ctx: JobContext) -> dict[str, Any]:
    """Queue ``playlist.sync`` for the user's playlists (``source=user``) or for followed
    playlists not synced within ``playlist_sync_interval_s`` (``source=schedule``)."""
    settings = await job_settings(ctx)
    if ctx.job.payload.get("source") == "schedule":
        ids = await _due_followed(ctx, settings)
    else:
        try:
            async with access_from(ctx.services, settings).user_client() as reader:
                ids = [p.id async for p in reader.iter_my_playlists()]
        except SpotifyRateLimited as exc:
            raise Retry(delay_s=max(1.0, float(exc.retry_after or 30))) from exc
        except CredentialsMissing as exc:
            raise PermanentFailure(exc.message) from exc
    async with ctx.transaction() as session:
        for spotify_id in ids:
            await enqueue_playlist_sync(session, spotify_id)
    return {"queued": len(ids)}


async def _due_followed(ctx: JobContext, settings: Settings) -> list[str]:
    cutoff = utcnow() - timedelta(seconds=settings.playlist_sync_interval_s)
    async with ctx.db.transaction(readonly=True) as session:
        stmt = select(Playlist.spotify_id).where(
            Playlist.followed.is_(True),
            (Playlist.synced_at.is_(None)) | (Playlist.synced_at < cutoff),
        )
        return list((await session.execute(stmt)).scalars())


registry.add_schedule(
    Schedule(
        name="playlists.sync_followed",
        job_type=SYNC_ALL_JOB,
        every_s=SCHEDULE_TICK_S,
        payload={"source": "schedule"},
        jitter_s=5.0,
    )
)
