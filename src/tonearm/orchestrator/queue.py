"""Enqueueing jobs inside the caller's transaction (flush, never commit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import Job

__all__ = ["NOTIFY_CHANNEL", "EnqueueResult", "enqueue"]

NOTIFY_CHANNEL = "tonearm_jobs"


@dataclass(frozen=True)
class EnqueueResult:
    """The job, and whether this call created it (False: an equal waiting job existed)."""

    job: Job
    created: bool


async def enqueue(
    session: AsyncSession,
    type: str,
    payload: dict[str, Any] | None = None,
    *,
    queue: str = "default",
    priority: int = 0,
    entity_id: str | None = None,
    dedupe_key: str | None = None,
    lock_key: str | None = None,
    max_attempts: int = 5,
    delay_s: float = 0.0,
    available_at: datetime | None = None,
) -> EnqueueResult:
    """Add a job in ``session``'s transaction; it becomes visible when the caller commits.

    With ``dedupe_key``, an existing *waiting* job with that key is returned instead
    (``created=False``). On PostgreSQL, waiting workers are woken on commit.
    """
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    now = utcnow()
    when = available_at or now + timedelta(seconds=max(0.0, delay_s))
    if dedupe_key is not None:
        existing = await _waiting_with_key(session, dedupe_key)
        if existing is not None:
            return EnqueueResult(existing, created=False)
    job = Job(
        type=type,
        queue=queue,
        priority=priority,
        status="queued",
        payload=payload or {},
        entity_id=entity_id,
        dedupe_key=dedupe_key,
        lock_key=lock_key,
        attempts=0,
        max_attempts=max_attempts,
        available_at=when,
        cancel_requested=False,
        created_at=now,
        updated_at=now,
    )
    if dedupe_key is None:
        session.add(job)
        await session.flush()
    else:
        try:
            async with session.begin_nested():
                session.add(job)
        except IntegrityError:
            # Another transaction enqueued the same key between our look and our insert.
            existing = await _waiting_with_key(session, dedupe_key)
            if existing is None:
                raise
            return EnqueueResult(existing, created=False)
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_notify(:channel, :queue)"),
            {
                "channel": NOTIFY_CHANNEL,
                "queue": queue,
            },
        )
    return EnqueueResult(job, created=True)


async def _waiting_with_key(session: AsyncSession, dedupe_key: str) -> Job | None:
    stmt = select(Job).where(Job.dedupe_key == dedupe_key, Job.status == "queued")
    return (await session.execute(stmt)).scalar_one_or_none()
