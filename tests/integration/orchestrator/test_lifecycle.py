"""Lease expiry and heartbeats, retries, dead letters and revival, cancel, schedules."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from structlog.testing import capture_logs

from tests.integration.orchestrator.helpers import job_row, wait_for
from tonearm.db import Database
from tonearm.db.base import utcnow
from tonearm.orchestrator import (
    Cancelled,
    JobContext,
    LeaseLost,
    PermanentFailure,
    Retry,
    RetryPolicy,
    Schedule,
    Scheduler,
    Snooze,
    TaskRegistry,
    Worker,
    WorkerOptions,
    cancel_job,
    claim_jobs,
    enqueue,
    retry_job,
)
from tonearm.orchestrator.context import JobContext as Ctx

FAST = WorkerOptions(
    lease_s=0.6, heartbeat_s=0.1, poll_min_s=0.01, poll_max_s=0.05, reap_every_s=0.2, listen=False
)


async def _add(db: Database, job_type: str, **kwargs: object) -> int:
    async with db.transaction() as session:
        return (await enqueue(session, job_type, {}, **kwargs)).job.id  # type: ignore[arg-type]


async def _status_is(db: Database, job_id: int, status: str) -> bool:
    return (await job_row(db, job_id)).status == status


async def test_heartbeats_keep_a_long_job_leased(db: Database) -> None:
    registry = TaskRegistry()

    @registry.task("t.long")
    async def long(ctx: JobContext) -> None:
        await asyncio.sleep(1.5)  # the work itself: longer than two lease periods

    job_id = await _add(db, "t.long")
    worker = Worker(db, registry, concurrency=1, options=FAST)
    with capture_logs() as logs:
        await worker.start()
        await wait_for(lambda: _status_is(db, job_id, "succeeded"))
        await worker.stop()
    assert (await job_row(db, job_id)).attempts == 1
    assert not [e for e in logs if e["event"] == "orchestrator.reap"]


async def test_expired_lease_is_reaped_and_the_stale_worker_cannot_commit(db: Database) -> None:
    job_id = await _add(db, "t.any")
    async with db.transaction() as session:
        (stale,) = await claim_jobs(session, worker_id="gone", limit=1, lease_s=0.05)
    worker = Worker(db, TaskRegistry(), options=FAST)
    await wait_for(lambda: _lease_expired(db, job_id))
    with capture_logs() as logs:
        assert await worker.reap() == [job_id]
    reap = [e for e in logs if e["event"] == "orchestrator.reap"]
    assert reap == [{**reap[0], "count": 1, "job_ids": [job_id]}]
    expired = [e for e in logs if e["event"] == "orchestrator.lease"]
    assert expired[0]["status"] == "expired"
    assert expired[0]["worker_id"] == "gone"
    row = await job_row(db, job_id)
    assert (row.status, row.attempts) == ("queued", 1)

    async def beat(_: Ctx) -> bool:
        return False

    ctx = JobContext(stale, db=db, services={}, worker_id="gone", heartbeat=beat)
    with pytest.raises(LeaseLost):
        async with ctx.transaction() as session:
            await session.execute(__import__("sqlalchemy").text("SELECT 1"))
    with pytest.raises(LeaseLost):
        await ctx.heartbeat()


async def _lease_expired(db: Database, job_id: int) -> bool:
    row = await job_row(db, job_id)
    return row.lease_expires_at is not None and row.lease_expires_at < utcnow()


async def test_failures_retry_with_backoff_then_die_and_can_be_revived(db: Database) -> None:
    registry = TaskRegistry()
    healthy = asyncio.Event()

    @registry.task("t.flaky", retry=RetryPolicy(max_attempts=3, base_s=0, jitter=0))
    async def flaky(ctx: JobContext) -> None:
        if not healthy.is_set():
            raise ValueError("provider down")

    job_id = await _add(db, "t.flaky", max_attempts=3)
    worker = Worker(db, registry, concurrency=2, options=FAST)
    with capture_logs() as logs:
        await worker.start()
        await wait_for(lambda: _status_is(db, job_id, "dead"))
        row = await job_row(db, job_id)
        assert (row.attempts, row.last_error) == (3, "ValueError: provider down")
        assert [
            e["event"] for e in logs if e["event"] in ("orchestrator.retry", "orchestrator.dead")
        ] == ["orchestrator.retry", "orchestrator.retry", "orchestrator.dead"]
        dead = next(e for e in logs if e["event"] == "orchestrator.dead")
        assert dead["error"] == "ValueError: provider down"
        healthy.set()
        async with db.transaction() as session:
            revived = await retry_job(session, job_id)
        assert (revived.status, revived.attempts) == ("queued", 0)
        worker.wake()
        await wait_for(lambda: _status_is(db, job_id, "succeeded"))
        await worker.stop()


async def test_retry_delay_follows_policy_and_handler_requests(db: Database) -> None:
    registry = TaskRegistry()

    @registry.task("t.backoff", retry=RetryPolicy(max_attempts=5, base_s=10, jitter=0.25))
    async def backoff(ctx: JobContext) -> None:
        raise RuntimeError("nope")

    @registry.task("t.after")
    async def after(ctx: JobContext) -> None:
        raise Retry(120, "Retry-After")

    @registry.task("t.snooze")
    async def snooze(ctx: JobContext) -> None:
        raise Snooze(60)

    @registry.task("t.fatal")
    async def fatal(ctx: JobContext) -> None:
        raise PermanentFailure("bad input")

    ids = {name: await _add(db, name) for name in ("t.backoff", "t.after", "t.snooze", "t.fatal")}
    missing = await _add(db, "t.unknown")
    worker = Worker(db, registry, concurrency=5, options=FAST)
    before = utcnow()
    await worker.start()
    await wait_for(lambda: _all_settled(db, [*ids.values(), missing]))
    await worker.stop()
    after_ = utcnow()
    row = await job_row(db, ids["t.backoff"])
    assert before + timedelta(seconds=7.5) <= row.available_at <= after_ + timedelta(seconds=12.5)
    assert row.attempts == 1
    row = await job_row(db, ids["t.after"])
    assert before + timedelta(seconds=120) <= row.available_at <= after_ + timedelta(seconds=120)
    row = await job_row(db, ids["t.snooze"])
    assert (row.status, row.attempts) == ("queued", 0)
    row = await job_row(db, ids["t.fatal"])
    assert (row.status, row.last_error) == ("dead", "bad input")
    row = await job_row(db, missing)
    assert (row.status, row.last_error) == ("dead", "no handler registered for t.unknown")


async def _all_settled(db: Database, ids: list[int]) -> bool:
    for job_id in ids:
        row = await job_row(db, job_id)
        if row.status == "leased" or (
            row.attempts == 0 and row.status == "queued" and row.last_error is None
        ):
            return False
    return True


async def test_cancel_queued_at_once_and_running_cooperatively(db: Database) -> None:
    registry = TaskRegistry()

    @registry.task("t.cancellable")
    async def cancellable(ctx: JobContext) -> None:
        while not ctx.cancel_requested:
            await asyncio.sleep(0.02)
        raise Cancelled()

    waiting = await _add(db, "t.cancellable", delay_s=3600)
    async with db.transaction() as session:
        assert (await cancel_job(session, waiting)).status == "cancelled"
    running = await _add(db, "t.cancellable")
    worker = Worker(db, registry, concurrency=1, options=FAST)
    with capture_logs() as logs:
        await worker.start()
        await wait_for(lambda: _status_is(db, running, "leased"))
        async with db.transaction() as session:
            await cancel_job(session, running)
        await wait_for(lambda: _status_is(db, running, "cancelled"))
        await worker.stop()
    assert [e["job_id"] for e in logs if e["event"] == "orchestrator.cancelled"] == [running]


async def test_schedule_fires_once_per_due_time_with_three_schedulers(db_url: str) -> None:
    schedule = Schedule(name="watchlist", job_type="t.tick", every_s=60, jitter_s=5)
    databases = [Database(db_url) for _ in range(3)]
    schedulers = [Scheduler(d, [schedule]) for d in databases]
    start = schedule.last_due(utcnow())
    try:
        fired: list[int] = []
        for step in range(4):  # four due times, each looked at several times by everyone
            for offset in (0.0, 1.5, 30.0):
                now = start + timedelta(seconds=60 * step + offset)
                results = await asyncio.gather(*(s.tick(now) for s in schedulers))
                fired.extend(job_id for ids in results for job_id in ids)
        assert len(fired) == 4
        assert len(set(fired)) == 4
    finally:
        for database in databases:
            await database.dispose()


def test_cron_schedule_due_times() -> None:
    schedule = Schedule(name="nightly", job_type="t.tick", cron="0 3 * * *")
    now = utcnow().replace(hour=5, minute=0, second=0, microsecond=0)
    assert schedule.last_due(now) == now.replace(hour=3)
    assert schedule.next_due(now) == now.replace(hour=3) + timedelta(days=1)
