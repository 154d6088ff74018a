"""Hand new wanted tracks to the acquisition pipeline (``acquire.search``), in bulk."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import Job
from tonearm.domain.catalog.bulk import bulk_insert
from tonearm.orchestrator.queue import NOTIFY_CHANNEL, enqueue

__all__ = ["ACQUIRE_JOB", "enqueue_acquisition"]

ACQUIRE_JOB = "acquire.search"
ACQUIRE_QUEUE = "default"
_CHUNK = 1000


def _job_row(track_id: int) -> dict[str, object]:
    now = utcnow()
    return {
        "type": ACQUIRE_JOB,
        "queue": ACQUIRE_QUEUE,
        "priority": 0,
        "status": "queued",
        "payload": {"track_id": track_id},
        "entity_id": str(track_id),
        "dedupe_key": f"acquire:{track_id}",
        "lock_key": f"track:{track_id}",
        "attempts": 0,
        "max_attempts": 5,
        "available_at": now,
        "cancel_requested": False,
        "created_at": now,
        "updated_at": now,
    }


async def enqueue_acquisition(session: AsyncSession, track_ids: Sequence[int]) -> int:
    """Queue one ``acquire.search`` per track in the caller's transaction; returns how many.

    Tracks created in this transaction cannot have a waiting job yet, so rows are inserted in
    bulk; if one already does (an id reused after a delete), fall back to deduplicated enqueues.
    """
    if not track_ids:
        return 0
    for start in range(0, len(track_ids), _CHUNK):
        chunk = track_ids[start : start + _CHUNK]
        try:
            async with session.begin_nested():
                await session.execute(bulk_insert(Job), [_job_row(t) for t in chunk])
        except IntegrityError:
            for track_id in chunk:
                await enqueue(
                    session,
                    ACQUIRE_JOB,
                    {"track_id": track_id},
                    dedupe_key=f"acquire:{track_id}",
                    lock_key=f"track:{track_id}",
                    entity_id=str(track_id),
                )
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_notify(:channel, :queue)"),
            {"channel": NOTIFY_CHANNEL, "queue": ACQUIRE_QUEUE},
        )
    return len(track_ids)
