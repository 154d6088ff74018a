"""Periodic schedules that only enqueue, once per due time, however many schedulers run."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from croniter import croniter
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.db.models import JobScheduleTick
from tonearm.observability import get_logger
from tonearm.orchestrator.queue import enqueue

__all__ = ["Schedule", "Scheduler"]

log = get_logger("tonearm.orchestrator.schedule")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Schedule:
    """Enqueue ``job_type`` every ``every_s`` seconds or on a ``cron`` expression (UTC).

    ``jitter_s`` spreads when schedulers *look* (never the due time's identity).
    """

    name: str
    job_type: str
    every_s: float | None = None
    cron: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    queue: str = "default"
    priority: int = 0
    jitter_s: float = 0.0
    max_attempts: int = 5

    def __post_init__(self) -> None:
        if (self.every_s is None) == (self.cron is None):
            raise ValueError("a schedule needs exactly one of every_s or cron")
        if self.every_s is not None and self.every_s <= 0:
            raise ValueError("every_s must be positive")
        if self.cron is not None and not croniter.is_valid(self.cron):
            raise ValueError(f"invalid cron expression {self.cron!r}")

    @property
    def _cron(self) -> str:
        if self.cron is None:
            raise ValueError(f"schedule {self.name!r} has no cron expression")
        return self.cron

    def last_due(self, now: datetime) -> datetime:
        """The most recent due time at or before ``now``."""
        if self.every_s is not None:
            elapsed = (now - _EPOCH).total_seconds()
            return _EPOCH + timedelta(seconds=(elapsed // self.every_s) * self.every_s)
        if croniter.match(self._cron, now.replace(second=0, microsecond=0)) and now.second == 0:
            return now.replace(microsecond=0)
        due: datetime = croniter(self._cron, now).get_prev(datetime)
        return due.astimezone(UTC)

    def next_due(self, now: datetime) -> datetime:
        """The first due time strictly after ``now``."""
        if self.every_s is not None:
            return self.last_due(now) + timedelta(seconds=self.every_s)
        due: datetime = croniter(self._cron, now).get_next(datetime)
        return due.astimezone(UTC)


class Scheduler:
    """Fires due schedules by inserting a (schedule, due time) tick and enqueueing with it."""

    def __init__(self, db: Database, schedules: list[Schedule]) -> None:
        self.db = db
        self.schedules = schedules
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    async def tick(self, now: datetime | None = None) -> list[int]:
        """Fire every schedule whose latest due time has not fired yet; the new job ids."""
        now = now or utcnow()
        fired: list[int] = []
        for schedule in self.schedules:
            async with self.db.transaction() as session:
                job_id = await fire_once(session, schedule, schedule.last_due(now))
            if job_id is not None:
                fired.append(job_id)
        return fired

    async def run(self) -> None:
        """Tick, then sleep until the next due time (plus jitter), until stopped."""
        while not self._stop.is_set():
            try:
                await self.tick()
            except Exception as exc:  # a failed tick is retried on the next wake-up
                log.warning("orchestrator.schedule_failed", error=repr(exc))
            now = utcnow()
            waits = [
                (s.next_due(now) - now).total_seconds() + random.uniform(0, s.jitter_s)  # noqa: S311
                for s in self.schedules
            ]
            timeout = max(0.05, min(waits, default=60.0))
            try:
                await asyncio.wait_for(self._stop.wait(), timeout=timeout)
            except TimeoutError:
                continue

    async def start(self) -> None:
        """Run in the background."""
        self._stop.clear()
        self._task = asyncio.create_task(self.run(), name="tonearm-scheduler")

    async def stop(self) -> None:
        """Stop the background loop."""
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None


async def fire_once(session: AsyncSession, schedule: Schedule, due_at: datetime) -> int | None:
    """Enqueue ``schedule``'s job for ``due_at`` unless some scheduler already did."""
    values = {"schedule": schedule.name, "due_at": due_at, "created_at": utcnow()}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(JobScheduleTick)
        .values(**values)
        .on_conflict_do_nothing()
        .returning(JobScheduleTick.schedule)
    )
    if (await session.execute(stmt)).first() is None:
        return None
    result = await enqueue(
        session,
        schedule.job_type,
        dict(schedule.payload),
        queue=schedule.queue,
        priority=schedule.priority,
        max_attempts=schedule.max_attempts,
        entity_id=f"schedule:{schedule.name}",
    )
    await session.execute(
        update(JobScheduleTick)
        .where(JobScheduleTick.schedule == schedule.name, JobScheduleTick.due_at == due_at)
        .values(job_id=result.job.id)
    )
    log.info(
        "orchestrator.scheduled",
        schedule=schedule.name,
        job_id=result.job.id,
        job_type=schedule.job_type,
        due_at=due_at.isoformat(),
    )
    return result.job.id
