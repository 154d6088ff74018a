"""Job types of quality upgrades and how a track's upgrade search is enqueued."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.orchestrator.queue import enqueue

__all__ = ["UPGRADE_SEARCH_JOB", "UPGRADE_TICK_JOB", "enqueue_upgrade_search"]

UPGRADE_TICK_JOB = "upgrade.tick"
UPGRADE_SEARCH_JOB = "upgrade.search"


async def enqueue_upgrade_search(session: AsyncSession, track_id: int) -> bool:
    """Queue an upgrade search for the track; False when one is already waiting.

    The lock key is the one every acquisition job of the track holds, so an upgrade search
    never runs beside a search of the same track.
    """
    result = await enqueue(
        session,
        UPGRADE_SEARCH_JOB,
        {"track_id": track_id},
        dedupe_key=f"upgrade:{track_id}",
        lock_key=f"track:{track_id}",
        entity_id=str(track_id),
        max_attempts=5,
    )
    return result.created
