"""The asyncio worker: claims in batches, runs handlers, heartbeats, reaps, shuts down cleanly."""

from __future__ import annotations

import asyncio
import os
import random
import socket
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import structlog

from tonearm.db import Database
from tonearm.observability import Metrics, get_logger
from tonearm.orchestrator.claim import ClaimedJob, ClaimLimits, claim_jobs
from tonearm.orchestrator.context import JobContext
from tonearm.orchestrator.errors import (
    Cancelled,
    LeaseLost,
    PermanentFailure,
    Retry,
    Snooze,
)
from tonearm.orchestrator.events import JobEvents
from tonearm.orchestrator.listener import listen_for_jobs
from tonearm.orchestrator.outcome import Outcome, report, write_outcomes
from tonearm.orchestrator.registry import TaskRegistry
from tonearm.orchestrator.retry import RetryPolicy
from tonearm.orchestrator.store import Lease, extend_leases, reap_expired

__all__ = ["Worker", "WorkerOptions"]

log = get_logger("tonearm.orchestrator.worker")


@dataclass(frozen=True)
class WorkerOptions:
    """Timing knobs (defaults suit production; tests shorten them)."""

    lease_s: float = 30.0
    heartbeat_s: float | None = None  # default: a third of the lease
    poll_min_s: float = 0.05
    poll_max_s: float = 2.0
    reap_every_s: float = 5.0
    shutdown_timeout_s: float = 10.0
    listen: bool = True
    global_limit: int | None = None
    queue_limits: Mapping[str, int] | None = None


def _retry_after(exc: Exception) -> float | None:
    """The wait an error asks for (``retry_after`` seconds, e.g. a provider's cooldown or its
    open circuit): retrying sooner would only fail the same way."""
    value = getattr(exc, "retry_after", None)
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None


class Worker:
    """Runs up to ``concurrency`` jobs at once from ``queues`` (all queues when None)."""

    def __init__(
        self,
        db: Database,
        registry: TaskRegistry,
        *,
        worker_id: str | None = None,
        hostname: str | None = None,
        concurrency: int = 4,
        queues: Sequence[str] | None = None,
        services: Mapping[str, Any] | None = None,
        metrics: Metrics | None = None,
        options: WorkerOptions | None = None,
    ) -> None:
        self.db = db
        self.registry = registry
        self.hostname = hostname or socket.gethostname()
        self.worker_id = worker_id or f"{self.hostname}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.concurrency = max(1, concurrency)
        self.queues = list(queues) if queues else None
        self.services: Mapping[str, Any] = services or {}
        self.options = options or WorkerOptions()
        self.events = JobEvents(self.worker_id, metrics)
        self.limits = ClaimLimits(
            global_max=self.options.global_limit,
            per_queue=dict(self.options.queue_limits or {}),
            per_type=registry.type_limits(),
        )
        self._running: dict[int, tuple[asyncio.Task[None], JobContext]] = {}
        self._pending: list[Outcome] = []
        self._wake = asyncio.Event()
        self._flush_wake = asyncio.Event()
        self._stopping = False
        self._flush_done = False
        self._main: asyncio.Task[None] | None = None

    # ---- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Run in the background (the embedded worker)."""
        self._main = asyncio.create_task(self.run(), name=f"worker-{self.worker_id}")

    async def stop(self) -> None:
        """Stop claiming, finish or release running jobs, and return."""
        self.request_stop()
        if self._main is not None:
            await self._main
            self._main = None

    def request_stop(self) -> None:
        """Ask the loop to stop (safe from a signal handler)."""
        self._stopping = True
        self._wake.set()

    def wake(self) -> None:
        """Claim again now (a job was enqueued or a slot freed)."""
        self._wake.set()

    @property
    def running_job_ids(self) -> list[int]:
        """Ids of jobs running right now."""
        return list(self._running)

    async def run(self) -> None:
        """Claim and run jobs until :meth:`request_stop`."""
        helpers = [
            asyncio.create_task(self._heartbeat_loop(), name="worker-heartbeat"),
            asyncio.create_task(self._reap_loop(), name="worker-reaper"),
        ]
        flusher = asyncio.create_task(self._flush_loop(), name="worker-flush")
        if self.options.listen and self.db.dialect == "postgresql":
            helpers.append(asyncio.create_task(listen_for_jobs(self.db.url, self.wake)))
        log.info(
            "orchestrator.worker_started",
            worker_id=self.worker_id,
            hostname=self.hostname,
            concurrency=self.concurrency,
            queues=self.queues,
        )
        try:
            await self._claim_loop()
            await self._drain()
        finally:
            for helper in helpers:
                helper.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)
            # Never cancel a flush mid-write: let it finish, then write what is left.
            self._flush_done = True
            self._flush_wake.set()
            await asyncio.gather(flusher, return_exceptions=True)
            await self._flush()
            log.info("orchestrator.worker_stopped", worker_id=self.worker_id)

    # ---- claiming --------------------------------------------------------------------------

    async def _claim_loop(self) -> None:
        delay = self.options.poll_min_s
        while not self._stopping:
            self._wake.clear()
            free = self.concurrency - len(self._running)
            claimed = await self._claim(free) if free > 0 else []
            if claimed:
                delay = self.options.poll_min_s
                for job in claimed:
                    self._launch(job)
                continue
            if free > 0:
                self.events.empty_poll()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
                delay = self.options.poll_min_s
            except TimeoutError:
                delay = min(delay * 2, self.options.poll_max_s)

    async def _claim(self, free: int) -> list[ClaimedJob]:
        try:
            async with self.db.transaction() as session:
                jobs = await claim_jobs(
                    session,
                    worker_id=self.worker_id,
                    limit=free,
                    lease_s=self.options.lease_s,
                    queues=self.queues,
                    limits=self.limits,
                )
        except Exception as exc:  # the database may be briefly unavailable
            log.warning("orchestrator.claim_failed", worker_id=self.worker_id, error=repr(exc))
            return []
        for job in jobs:
            self.events.leased(job)
        return jobs

    def _launch(self, job: ClaimedJob) -> None:
        ctx = JobContext(
            job,
            db=self.db,
            services=self.services,
            worker_id=self.worker_id,
            heartbeat=self._heartbeat_one,
        )
        task = asyncio.create_task(self._run_job(ctx), name=f"job-{job.id}")
        self._running[job.id] = (task, ctx)

    # ---- running ---------------------------------------------------------------------------

    async def _run_job(self, ctx: JobContext) -> None:
        started = time.monotonic()
        try:
            with structlog.contextvars.bound_contextvars(job_id=ctx.job.id):
                kind, error, delay = await self._invoke(ctx)
            self._pending.append(
                Outcome(ctx.job, kind, (time.monotonic() - started) * 1000, error, delay)
            )
            self._flush_wake.set()
        finally:
            self._running.pop(ctx.job.id, None)
            self._wake.set()

    async def _invoke(self, ctx: JobContext) -> tuple[str, str | None, float]:
        job = ctx.job
        spec = self.registry.get(job.type)
        if spec is None:
            return "dead", f"no handler registered for {job.type}", 0.0
        try:
            if spec.timeout_s is not None:
                await asyncio.wait_for(spec.handler(ctx), timeout=spec.timeout_s)
            else:
                await spec.handler(ctx)
        except asyncio.CancelledError:
            if ctx.stop_reason is None:
                raise
            return ("lost", None, 0.0) if ctx.lost else ("release", "worker shut down", 0.0)
        except LeaseLost:
            return "lost", None, 0.0
        except Cancelled:
            return "cancelled", "cancelled", 0.0
        except Snooze as snooze:
            return "snooze", snooze.reason, snooze.delay_s
        except PermanentFailure as failure:
            return "dead", failure.reason, 0.0
        except Retry as retry:
            return self._failed(ctx, retry.reason, retry.delay_s)
        except TimeoutError:
            return self._failed(ctx, f"timed out after {spec.timeout_s}s", None)
        except Exception as exc:
            return self._failed(ctx, f"{type(exc).__name__}: {exc}", _retry_after(exc))
        if ctx.lost:
            return "lost", None, 0.0
        if ctx.cancel_requested:
            return "cancelled", "cancelled", 0.0
        return "succeeded", None, 0.0

    def _failed(
        self, ctx: JobContext, error: str, requested: float | None
    ) -> tuple[str, str | None, float]:
        spec = self.registry.get(ctx.job.type)
        policy = spec.retry if spec is not None else RetryPolicy()
        decision = policy.decide(
            ctx.job.attempt, max_attempts=ctx.job.max_attempts, requested_delay_s=requested
        )
        if decision.retry:
            return "retry", error, decision.delay_s
        return "dead", error, 0.0

    # ---- writing outcomes ------------------------------------------------------------------

    async def _flush_loop(self) -> None:
        while not self._flush_done:
            await self._flush_wake.wait()
            self._flush_wake.clear()
            await self._flush()

    async def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                async with self.db.transaction() as session:
                    results = await write_outcomes(session, batch)
            except Exception as exc:  # unwritten outcomes are re-run after their lease expires
                log.warning(
                    "orchestrator.outcome_failed",
                    worker_id=self.worker_id,
                    error=repr(exc),
                    job_ids=[o.job.id for o in batch],
                )
                return
            report(self.events, results)
            self._wake.set()

    # ---- heartbeats and reaping ------------------------------------------------------------

    async def _heartbeat_loop(self) -> None:
        interval = self.options.heartbeat_s or self.options.lease_s / 3
        while True:
            await asyncio.sleep(interval)
            contexts = [ctx for _, ctx in self._running.values() if ctx.stop_reason is None]
            if contexts:
                await self._extend(contexts)

    async def _heartbeat_one(self, ctx: JobContext) -> bool:
        return ctx.job.id in await self._extend([ctx], stop_lost=False)

    async def _extend(self, contexts: list[JobContext], *, stop_lost: bool = True) -> set[int]:
        leases = [Lease(c.job.id, c.job.lease_token) for c in contexts]
        try:
            async with self.db.transaction() as session:
                held = await extend_leases(session, leases, self.options.lease_s)
        except Exception as exc:
            log.warning("orchestrator.heartbeat_failed", worker_id=self.worker_id, error=repr(exc))
            return {c.job.id for c in contexts}
        for ctx in contexts:
            if ctx.job.id not in held:
                ctx.lost = True
                if stop_lost:
                    self._stop_job(ctx, "lease lost")
            elif held[ctx.job.id]:
                ctx.mark_cancel_requested()
        return set(held)

    def _stop_job(self, ctx: JobContext, reason: str) -> None:
        entry = self._running.get(ctx.job.id)
        if entry is not None and ctx.stop_reason is None:
            ctx.stop_reason = reason
            entry[0].cancel()

    async def _reap_loop(self) -> None:
        # Reap first: jobs of a process killed before this one started run again at once.
        every = self.options.reap_every_s
        while True:
            try:
                await self.reap()
            except Exception as exc:
                log.warning("orchestrator.reap_failed", error=repr(exc))
            await asyncio.sleep(every * random.uniform(0.5, 1.5))  # noqa: S311

    async def reap(self) -> list[int]:
        """Re-queue (or kill, when spent) every job whose lease expired; their ids."""
        async with self.db.transaction() as session:
            reaped = await reap_expired(session)
        if not reaped:
            return []
        for job in reaped:
            self.events.lease_event(
                job.id,
                job.type,
                "expired",
                job.entity_id,
                job.priority,
                job.attempt,
                job.owner,
                job.lease_expires_at,
            )
        ids = [job.id for job in reaped]
        self.events.reaped(ids)
        for job in reaped:
            if job.dead:
                log.info(
                    "orchestrator.dead",
                    job_id=job.id,
                    job_type=job.type,
                    entity_id=job.entity_id,
                    attempt=job.attempt,
                    duration_ms=None,
                    error="lease expired",
                    next_run_at=None,
                )
        self._wake.set()
        return ids

    # ---- shutdown --------------------------------------------------------------------------

    async def _drain(self) -> None:
        tasks = [task for task, _ in self._running.values()]
        if tasks:
            await asyncio.wait(tasks, timeout=self.options.shutdown_timeout_s)
        leftovers = list(self._running.values())
        for _, ctx in leftovers:
            self._stop_job(ctx, "shutdown")
        if leftovers:
            await asyncio.gather(*(task for task, _ in leftovers), return_exceptions=True)
