"""A running job reports how far it has come: written under its lease, throttled, cleared
with the lease; a job whose lease is gone cannot report."""

from __future__ import annotations

import pytest

from tests.integration.orchestrator.helpers import claimed_context, job_row
from tonearm.db import Database
from tonearm.orchestrator import JobContext, LeaseLost, enqueue
from tonearm.orchestrator.store import set_final


async def _running_job(db: Database) -> JobContext:
    async with db.transaction() as session:
        job_id = (await enqueue(session, "t.progress", {})).job.id
    ctx = await claimed_context(db)
    assert ctx.job.id == job_id
    return ctx


async def _progress(db: Database, job_id: int) -> tuple[int | None, int | None]:
    row = await job_row(db, job_id)
    return row.progress_done, row.progress_total


async def test_progress_is_written_throttled_and_always_when_complete(db: Database) -> None:
    ctx = await _running_job(db)
    ctx.PROGRESS_EVERY_S = 3600.0  # every call after the first falls inside the interval
    assert await _progress(db, ctx.job.id) == (None, None)
    await ctx.report_progress(1, 3)
    assert await _progress(db, ctx.job.id) == (1, 3)
    await ctx.report_progress(2, 3)
    assert await _progress(db, ctx.job.id) == (1, 3)
    await ctx.report_progress(3, 3)
    assert await _progress(db, ctx.job.id) == (3, 3)


async def test_progress_goes_with_the_lease_and_needs_it(db: Database) -> None:
    ctx = await _running_job(db)
    await ctx.report_progress(5, 10)
    async with db.transaction() as session:
        assert await set_final(session, ctx.lease, "cancelled")
    assert await _progress(db, ctx.job.id) == (None, None)
    ctx.PROGRESS_EVERY_S = 0.0
    with pytest.raises(LeaseLost):
        await ctx.report_progress(6, 10)
    assert ctx.lost
