"""Claiming: priority order, lease events, dedupe, locks and limits (SQLite and PostgreSQL)."""

from __future__ import annotations

from structlog.testing import capture_logs

from tonearm.db import Database
from tonearm.orchestrator import ClaimLimits, claim_jobs, enqueue

LEASE_FIELDS = {
    "job_id",
    "job_type",
    "status",
    "entity_id",
    "priority",
    "attempt",
    "worker_id",
    "lease_expires_at",
}


async def test_leased_in_priority_order_with_one_event_each(db: Database) -> None:
    from tonearm.orchestrator import TaskRegistry, Worker, WorkerOptions

    async with db.transaction() as session:
        for priority in (1, 5, 3, 5, 0):
            await enqueue(
                session, "t.noop", {"p": priority}, priority=priority, entity_id=f"e{priority}"
            )
    order: list[int] = []
    registry = TaskRegistry()

    @registry.task("t.noop")
    async def noop(ctx) -> None:  # type: ignore[no-untyped-def]
        order.append(ctx.job.payload["p"])

    worker = Worker(
        db,
        registry,
        worker_id="w-1",
        concurrency=1,
        options=WorkerOptions(poll_min_s=0.01, poll_max_s=0.05, listen=False),
    )
    from tests.integration.orchestrator.helpers import status_counts, wait_for

    with capture_logs() as logs:
        await worker.start()
        await wait_for(lambda: _succeeded(db, 5))
        await worker.stop()
    assert order == [5, 5, 3, 1, 0]
    leases = [e for e in logs if e["event"] == "orchestrator.lease"]
    assert len(leases) == 5
    assert all(set(e) >= LEASE_FIELDS for e in leases)
    assert {e["status"] for e in leases} == {"leased"}
    assert [e["priority"] for e in leases] == [5, 5, 3, 1, 0]
    assert all(e["worker_id"] == "w-1" and e["attempt"] == 1 for e in leases)
    completes = [e for e in logs if e["event"] == "orchestrator.complete"]
    assert len(completes) == 5
    assert await status_counts(db) == {"succeeded": 5}


async def _succeeded(db: Database, n: int) -> bool:
    from tests.integration.orchestrator.helpers import status_counts

    return (await status_counts(db)).get("succeeded", 0) == n


async def test_batch_claim_respects_lock_keys_and_type_limits(db: Database) -> None:
    async with db.transaction() as session:
        for i in range(3):
            await enqueue(session, "t.locked", {"i": i}, lock_key="artist:1", priority=9)
        for i in range(3):
            await enqueue(session, "t.limited", {"i": i})
        for i in range(2):
            await enqueue(session, "t.free", {"i": i})
    limits = ClaimLimits(per_type={"t.limited": 1})
    async with db.transaction() as session:
        first = await claim_jobs(session, worker_id="a", limit=10, lease_s=30, limits=limits)
    assert sorted(j.type for j in first) == ["t.free", "t.free", "t.limited", "t.locked"]
    async with db.transaction() as session:
        second = await claim_jobs(session, worker_id="b", limit=10, lease_s=30, limits=limits)
    assert second == []


async def test_dedupe_returns_the_waiting_job(db: Database) -> None:
    async with db.transaction() as session:
        first = await enqueue(session, "t.sync", {"id": 1}, dedupe_key="sync:1")
        again = await enqueue(session, "t.sync", {"id": 1}, dedupe_key="sync:1")
    assert first.created
    assert not again.created
    assert again.job.id == first.job.id
    async with db.transaction() as session:
        claimed = await claim_jobs(session, worker_id="a", limit=5, lease_s=30)
    assert [j.id for j in claimed] == [first.job.id]
    async with db.transaction() as session:
        third = await enqueue(session, "t.sync", {"id": 1}, dedupe_key="sync:1")
    assert third.created  # the first one is running, no longer waiting
