"""Fenced state changes of leased jobs: every write names the lease token it holds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import Job

__all__ = [
    "Lease",
    "ReapedJob",
    "complete",
    "extend_leases",
    "lease_held",
    "reap_expired",
    "reschedule",
    "set_final",
    "set_progress",
]

# A run's state goes with its lease: the next attempt reports its own progress.
_CLEARED_LEASE = {
    "lease_owner": None,
    "lease_token": None,
    "lease_expires_at": None,
    "heartbeat_at": None,
    "progress_done": None,
    "progress_total": None,
}


@dataclass(frozen=True)
class Lease:
    """A job id and the token of the lease on it."""

    job_id: int
    token: str


def _held(leases: Sequence[Lease]) -> ColumnElement[bool]:
    # Leases of one claim share a token: one ``id IN (...)`` per token keeps the SQL small.
    by_token: dict[str, list[int]] = defaultdict(list)
    for lease in leases:
        by_token[lease.token].append(lease.job_id)
    return and_(
        Job.status == "leased",
        or_(*(and_(Job.lease_token == t, Job.id.in_(ids)) for t, ids in by_token.items())),
    )


async def complete(session: AsyncSession, leases: Sequence[Lease]) -> set[int]:
    """Mark jobs succeeded; returns the ids whose lease was still held."""
    if not leases:
        return set()
    now = utcnow()
    stmt = (
        update(Job)
        .where(_held(leases))
        .values(status="succeeded", finished_at=now, updated_at=now, **_CLEARED_LEASE)
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    )
    return set((await session.execute(stmt)).scalars().all())


async def set_final(
    session: AsyncSession, lease: Lease, status: str, error: str | None = None
) -> bool:
    """Move a leased job to ``dead`` or ``cancelled``; False if the lease was lost."""
    now = utcnow()
    values: dict[str, object] = {"status": status, "finished_at": now, "updated_at": now}
    if error is not None:
        values["last_error"] = error[:4000]
    return await _fenced_update(session, lease, {**values, **_CLEARED_LEASE})


async def reschedule(
    session: AsyncSession,
    lease: Lease,
    *,
    delay_s: float,
    error: str | None,
    count_attempt: bool = True,
) -> datetime | None:
    """Back to ``queued`` after ``delay_s``; ``count_attempt=False`` gives the attempt back.

    Returns the next run time, or None if the lease was lost.
    """
    now = utcnow()
    when = now + timedelta(seconds=delay_s)
    values: dict[str, object] = {"status": "queued", "available_at": when, "updated_at": now}
    if error is not None:
        values["last_error"] = error[:4000]
    if not count_attempt:
        values["attempts"] = Job.attempts - 1
    held = await _fenced_update(session, lease, {**values, **_CLEARED_LEASE})
    return when if held else None


async def _fenced_update(session: AsyncSession, lease: Lease, values: dict[str, object]) -> bool:
    stmt = (
        update(Job)
        .where(Job.id == lease.job_id, Job.lease_token == lease.token, Job.status == "leased")
        .values(**values)
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(stmt)).first() is not None


async def set_progress(session: AsyncSession, lease: Lease, done: int, total: int) -> bool:
    """Record how far the leased job has come; False when the lease is no longer held."""
    values = {"progress_done": done, "progress_total": total, "updated_at": utcnow()}
    return await _fenced_update(session, lease, values)


async def lease_held(session: AsyncSession, lease: Lease) -> bool:
    """Whether ``lease`` is still held, locking the row on PostgreSQL until commit."""
    stmt = select(Job.lease_token, Job.status).where(Job.id == lease.job_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = (await session.execute(stmt)).first()
    return row is not None and row.status == "leased" and row.lease_token == lease.token


async def extend_leases(
    session: AsyncSession, leases: Sequence[Lease], lease_s: float
) -> dict[int, bool]:
    """Heartbeat: push the expiry of held leases; returns {job_id: cancel_requested}."""
    if not leases:
        return {}
    now = utcnow()
    stmt = (
        update(Job)
        .where(_held(leases))
        .values(
            heartbeat_at=now,
            lease_expires_at=now + timedelta(seconds=lease_s),
            updated_at=now,
        )
        .returning(Job.id, Job.cancel_requested)
        .execution_options(synchronize_session=False)
    )
    return {row.id: bool(row.cancel_requested) for row in (await session.execute(stmt)).all()}


@dataclass(frozen=True)
class ReapedJob:
    """A job whose lease expired: re-queued, or dead when its attempts are spent."""

    id: int
    type: str
    entity_id: str | None
    priority: int
    attempt: int
    owner: str | None
    lease_expires_at: datetime | None
    dead: bool


async def reap_expired(session: AsyncSession, *, limit: int = 500) -> list[ReapedJob]:
    """Re-queue (attempt already counted) or kill jobs whose lease expired."""
    now = utcnow()
    stmt = (
        select(Job)
        .where(Job.status == "leased", Job.lease_expires_at < now)
        .order_by(Job.lease_expires_at)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    rows = (await session.execute(stmt)).scalars().all()
    reaped: list[ReapedJob] = []
    for job in rows:
        dead = job.attempts >= job.max_attempts
        reaped.append(
            ReapedJob(
                id=job.id,
                type=job.type,
                entity_id=job.entity_id,
                priority=job.priority,
                attempt=job.attempts,
                owner=job.lease_owner,
                lease_expires_at=job.lease_expires_at,
                dead=dead,
            )
        )
        values: dict[str, object] = {
            "status": "dead" if dead else "queued",
            "last_error": "lease expired",
            "updated_at": now,
            **_CLEARED_LEASE,
        }
        if dead:
            values["finished_at"] = now
        else:
            values["available_at"] = now
        await session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == "leased")
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    return reaped
