"""Shared helpers for orchestrator tests: polling with a deadline, counting job states, a
running job's context."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from sqlalchemy import func, select

from tonearm.db import Database
from tonearm.db.models import Job
from tonearm.orchestrator import JobContext, claim_jobs


async def wait_for(
    condition: Callable[[], Awaitable[bool]], *, timeout: float = 20.0, every: float = 0.02
) -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        await asyncio.sleep(every)


async def status_counts(db: Database) -> dict[str, int]:
    """Jobs by status."""
    async with db.transaction(readonly=True) as session:
        rows = await session.execute(select(Job.status, func.count()).group_by(Job.status))
        return {status: int(n) for status, n in rows.all()}


async def job_row(db: Database, job_id: int) -> Job:
    """A fresh copy of one job row."""
    async with db.transaction(readonly=True) as session:
        job = await session.get(Job, job_id)
        assert job is not None
        return job


async def claimed_context(db: Database) -> JobContext:
    """Lease the next queued job as worker ``w`` and return its context (heartbeats succeed)."""
    async with db.transaction() as session:
        (claimed,) = await claim_jobs(session, worker_id="w", limit=1, lease_s=60)

    async def beat(_: JobContext) -> bool:
        return True

    return JobContext(claimed, db=db, services={}, worker_id="w", heartbeat=beat)
