"""Handlers used by the multi-process orchestrator tests, on their own registry."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import text

from tonearm.orchestrator import JobContext, RetryPolicy, TaskRegistry

registry = TaskRegistry()

TEST_TABLES = (
    "CREATE TABLE test_run (job_id BIGINT NOT NULL, lease_token VARCHAR(64) NOT NULL,"
    " worker_id VARCHAR(255) NOT NULL, hostname VARCHAR(255))",
    "CREATE TABLE test_effect (job_id BIGINT PRIMARY KEY)",
    "CREATE TABLE test_span (job_id BIGINT NOT NULL, phase VARCHAR(8) NOT NULL,"
    " seq BIGINT NOT NULL)",
)


@registry.task("t.effect", retry=RetryPolicy(max_attempts=100, base_s=0.0, jitter=0.0))
async def effect(ctx: JobContext) -> None:
    """Apply the job's side effect once, idempotently, and record the run under its lease."""
    await asyncio.sleep(random.uniform(0, 0.02))
    async with ctx.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO test_run (job_id, lease_token, worker_id, hostname)"
                " VALUES (:j, :t, :w, :h)"
            ),
            {
                "j": ctx.job.id,
                "t": ctx.job.lease_token,
                "w": ctx.worker_id,
                "h": ctx.services.get("hostname"),
            },
        )
        done = await session.execute(
            text("SELECT 1 FROM test_effect WHERE job_id = :j"), {"j": ctx.job.id}
        )
        if done.first() is None:
            await session.execute(
                text("INSERT INTO test_effect (job_id) VALUES (:j)"), {"j": ctx.job.id}
            )


async def _mark(ctx: JobContext, phase: str) -> None:
    async with ctx.transaction() as session:
        seq = await session.execute(text("SELECT COALESCE(MAX(seq), 0) + 1 FROM test_span"))
        await session.execute(
            text("INSERT INTO test_span (job_id, phase, seq) VALUES (:j, :p, :s)"),
            {"j": ctx.job.id, "p": phase, "s": seq.scalar_one()},
        )


@registry.task("t.limited", max_concurrency=1)
async def limited(ctx: JobContext) -> None:
    """Record start and end; at most one may run at a time across every process."""
    await _mark(ctx, "start")
    await asyncio.sleep(0.03)
    await _mark(ctx, "end")


@registry.task("t.slow")
async def slow(ctx: JobContext) -> None:
    """Record a start, then run for ``payload.seconds`` while heartbeating."""
    await _mark(ctx, "start")
    seconds = float(ctx.job.payload.get("seconds", 1.0))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        await asyncio.sleep(0.05)
    await _mark(ctx, "end")
