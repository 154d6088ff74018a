"""Job types of the acquisition pipeline and how each is enqueued (idempotently).

``acquire.search`` {"track_id"} → ``acquire.download`` {"download_id"} →
``acquire.monitor`` {"download_id"} → ``postprocess`` {"download_id"}.
Every enqueue carries a dedupe key (one waiting job per step and entity) and a lock key
(one running job per track or download).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.orchestrator.queue import enqueue

__all__ = [
    "DOWNLOAD_JOB",
    "MONITOR_JOB",
    "POSTPROCESS_JOB",
    "SEARCH_JOB",
    "enqueue_download",
    "enqueue_monitor",
    "enqueue_postprocess",
    "enqueue_search",
]

SEARCH_JOB = "acquire.search"
DOWNLOAD_JOB = "acquire.download"
MONITOR_JOB = "acquire.monitor"
POSTPROCESS_JOB = "postprocess"
ACQUISITION_QUEUE = "acquisition"


async def enqueue_search(session: AsyncSession, track_id: int, *, delay_s: float = 0.0) -> int:
    """Queue a search for the track (deduplicated with the catalogue's own enqueue)."""
    result = await enqueue(
        session,
        SEARCH_JOB,
        {"track_id": track_id},
        dedupe_key=f"acquire:{track_id}",
        lock_key=f"track:{track_id}",
        entity_id=str(track_id),
        delay_s=delay_s,
    )
    return result.job.id


async def _enqueue_step(
    session: AsyncSession, job_type: str, download_id: int, delay_s: float = 0.0
) -> int:
    result = await enqueue(
        session,
        job_type,
        {"download_id": download_id},
        dedupe_key=f"{job_type}:{download_id}",
        lock_key=f"download:{download_id}",
        entity_id=str(download_id),
        delay_s=delay_s,
        max_attempts=8,
    )
    return result.job.id


async def enqueue_download(session: AsyncSession, download_id: int) -> int:
    """Queue the slskd enqueue of a chosen candidate."""
    return await _enqueue_step(session, DOWNLOAD_JOB, download_id)


async def enqueue_monitor(session: AsyncSession, download_id: int, delay_s: float = 0.0) -> int:
    """Queue the follow-up of a transfer until it reaches a terminal state."""
    return await _enqueue_step(session, MONITOR_JOB, download_id, delay_s)


async def enqueue_postprocess(session: AsyncSession, download_id: int) -> int:
    """Queue verification, tagging and filing of a downloaded file."""
    return await _enqueue_step(session, POSTPROCESS_JOB, download_id)
