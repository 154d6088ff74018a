"""Claiming jobs: highest priority, then oldest available, honouring locks and limits.

PostgreSQL: ``FOR UPDATE SKIP LOCKED`` so any number of claimers share the queue; claimers
that could take a limited job type (or a locked job) serialise on advisory locks so two of
them never both see room. SQLite: the write engine opens ``BEGIN IMMEDIATE``, so one claim
transaction runs at a time.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import Job

__all__ = ["ClaimLimits", "ClaimedJob", "claim_jobs"]

_LIMITS_LOCK = 0x746F6E65  # advisory lock id serialising claimers that enforce limits
_OVERFETCH = 4


@dataclass(frozen=True)
class ClaimLimits:
    """Concurrency limits enforced across every process sharing the database."""

    global_max: int | None = None
    per_queue: dict[str, int] = field(default_factory=dict)
    per_type: dict[str, int] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        """Whether any limit applies."""
        return bool(self.global_max or self.per_queue or self.per_type)


@dataclass(frozen=True)
class ClaimedJob:
    """What a worker knows about a job it leased."""

    id: int
    type: str
    queue: str
    priority: int
    payload: dict[str, Any]
    entity_id: str | None
    lock_key: str | None
    attempt: int
    max_attempts: int
    available_at: datetime
    lease_token: str
    lease_expires_at: datetime
    leased_at: datetime

    @classmethod
    def from_row(cls, job: Job) -> ClaimedJob:
        """Snapshot a leased row."""
        if job.lease_token is None or job.lease_expires_at is None or job.leased_at is None:
            raise ValueError(f"job {job.id} is not leased")
        return cls(
            id=job.id,
            type=job.type,
            queue=job.queue,
            priority=job.priority,
            payload=dict(job.payload or {}),
            entity_id=job.entity_id,
            lock_key=job.lock_key,
            attempt=job.attempts,
            max_attempts=job.max_attempts,
            available_at=job.available_at,
            lease_token=job.lease_token,
            lease_expires_at=job.lease_expires_at,
            leased_at=job.leased_at,
        )


async def claim_jobs(
    session: AsyncSession,
    *,
    worker_id: str,
    limit: int,
    lease_s: float,
    queues: Sequence[str] | None = None,
    limits: ClaimLimits | None = None,
) -> list[ClaimedJob]:
    """Lease up to ``limit`` available jobs for ``worker_id`` in ``session``'s transaction."""
    if limit <= 0:
        return []
    limits = limits or ClaimLimits()
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres and limits.any:
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LIMITS_LOCK})
    room = await _room(session, limits) if limits.any else None
    if room is not None and room.total <= 0:
        return []
    now = utcnow()
    candidates = await _candidates(session, now, limit, queues, postgres)
    chosen = await _choose(session, candidates, limit, room, postgres)
    if not chosen:
        return []
    token = uuid.uuid4().hex
    stmt = (
        update(Job)
        .where(Job.id.in_(chosen), Job.status == "queued")
        .values(
            status="leased",
            lease_owner=worker_id,
            lease_token=token,
            lease_expires_at=now + timedelta(seconds=lease_s),
            heartbeat_at=now,
            leased_at=now,
            attempts=Job.attempts + 1,
            cancel_requested=False,
            updated_at=now,
        )
        .returning(Job)
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(stmt)).scalars().all()
    claimed = [ClaimedJob.from_row(row) for row in rows]
    claimed.sort(key=lambda j: (-j.priority, j.available_at, j.id))
    return claimed


@dataclass
class _Room:
    total: int
    per_queue: dict[str, int]
    per_type: dict[str, int]
    limits: ClaimLimits

    def take(self, queue: str, type_: str) -> bool:
        if self.total <= 0:
            return False
        if queue in self.limits.per_queue and self.per_queue.get(queue, 0) <= 0:
            return False
        if type_ in self.limits.per_type and self.per_type.get(type_, 0) <= 0:
            return False
        self.total -= 1
        if queue in self.per_queue:
            self.per_queue[queue] -= 1
        if type_ in self.per_type:
            self.per_type[type_] -= 1
        return True


async def _room(session: AsyncSession, limits: ClaimLimits) -> _Room:
    stmt = (
        select(Job.queue, Job.type, func.count())
        .where(Job.status == "leased")
        .group_by(Job.queue, Job.type)
    )
    by_queue: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    for queue, type_, count in (await session.execute(stmt)).all():
        by_queue[queue] += count
        by_type[type_] += count
    total_running = sum(by_queue.values())
    return _Room(
        total=(limits.global_max - total_running) if limits.global_max else 1 << 30,
        per_queue={q: n - by_queue[q] for q, n in limits.per_queue.items()},
        per_type={t: n - by_type[t] for t, n in limits.per_type.items()},
        limits=limits,
    )


async def _candidates(
    session: AsyncSession,
    now: datetime,
    limit: int,
    queues: Sequence[str] | None,
    postgres: bool,
) -> Sequence[Any]:
    stmt = (
        select(Job.id, Job.queue, Job.type, Job.lock_key)
        .where(Job.status == "queued", Job.available_at <= now)
        .order_by(Job.priority.desc(), Job.available_at, Job.id)
        .limit(limit * _OVERFETCH)
    )
    if queues:
        stmt = stmt.where(Job.queue.in_(list(queues)))
    if postgres:
        stmt = stmt.with_for_update(skip_locked=True)
    return (await session.execute(stmt)).all()


async def _choose(
    session: AsyncSession,
    candidates: Sequence[Any],
    limit: int,
    room: _Room | None,
    postgres: bool,
) -> list[int]:
    keys = {c.lock_key for c in candidates if c.lock_key is not None}
    busy = await _busy_lock_keys(session, keys, postgres) if keys else set()
    chosen: list[int] = []
    for candidate in candidates:
        if len(chosen) >= limit:
            break
        if candidate.lock_key is not None:
            if candidate.lock_key in busy:
                continue
            busy.add(candidate.lock_key)
        if room is not None and not room.take(candidate.queue, candidate.type):
            continue
        chosen.append(candidate.id)
    return chosen


async def _busy_lock_keys(session: AsyncSession, keys: set[str], postgres: bool) -> set[str]:
    """Lock keys held by a running job (or, on PostgreSQL, by a concurrent claimer)."""
    busy: set[str] = set()
    if postgres:
        for key in sorted(keys):
            got = await session.execute(
                text("SELECT pg_try_advisory_xact_lock(hashtext(:k))"), {"k": f"job-lock:{key}"}
            )
            if not got.scalar_one():
                busy.add(key)
    rest = keys - busy
    if rest:
        stmt = select(Job.lock_key).where(Job.status == "leased", Job.lock_key.in_(rest))
        busy.update(k for (k,) in (await session.execute(stmt)).all() if k is not None)
    return busy
