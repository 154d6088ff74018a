"""Enqueueing ``artist.sync`` jobs: one waiting job and one running job per artist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import Job
from tonearm.domain.artists.keys import lock_key, spotify_id_of
from tonearm.orchestrator import enqueue

__all__ = [
    "ARTIST_SYNC_JOB",
    "HIGH_PRIORITY",
    "QueuedSync",
    "active_lease",
    "enqueue_artist_sync",
]

ARTIST_SYNC_JOB = "artist.sync"
HIGH_PRIORITY = 100


@dataclass(frozen=True)
class QueuedSync:
    """The queued job and whether an equal waiting job already existed."""

    job_id: int
    already_queued: bool


async def enqueue_artist_sync(
    session: AsyncSession, key: str, *, origin: str = "api", priority: int = 0
) -> QueuedSync:
    """Queue a sync of ``key`` (payload ``{"artist_key", "origin"}``), deduplicated; a
    higher-priority request raises the priority of the waiting job."""
    spotify_id_of(key)
    result = await enqueue(
        session,
        ARTIST_SYNC_JOB,
        {"artist_key": key, "origin": origin},
        priority=priority,
        entity_id=key,
        dedupe_key=f"{ARTIST_SYNC_JOB}:{key}",
        lock_key=lock_key(key),
        max_attempts=3,
    )
    if not result.created and result.job.priority < priority:
        result.job.priority = priority
        await session.flush()
    return QueuedSync(job_id=result.job.id, already_queued=not result.created)


async def active_lease(session: AsyncSession, key: str, now: datetime | None = None) -> Job | None:
    """The running job holding ``key``'s lock with an unexpired lease, if any."""
    now = now or utcnow()
    stmt = select(Job).where(
        Job.lock_key == lock_key(key),
        Job.status == "leased",
        Job.lease_expires_at > now,
    )
    return (await session.execute(stmt.limit(1))).scalar_one_or_none()
