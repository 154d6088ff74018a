"""What a handler gets: its job, fenced transactions, heartbeats, cancellation, services."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db import Database
from tonearm.orchestrator.claim import ClaimedJob
from tonearm.orchestrator.errors import LeaseLost
from tonearm.orchestrator.store import Lease, lease_held, set_progress

__all__ = ["JobContext"]


class JobContext:
    """The running job's view of the world.

    ``ctx.job`` (id, type, payload, attempt, entity_id, …), ``ctx.services`` (what the
    composition root passed the worker), ``async with ctx.transaction() as session`` (committed
    only while this worker still holds the lease, else :class:`LeaseLost` and a rollback),
    ``await ctx.heartbeat()``, ``await ctx.report_progress(done, total)`` and
    ``ctx.cancel_requested``.
    """

    #: Progress is written at most this often (and always when the last step is done).
    PROGRESS_EVERY_S = 1.0

    def __init__(
        self,
        job: ClaimedJob,
        *,
        db: Database,
        services: Mapping[str, Any],
        worker_id: str,
        heartbeat: Callable[[JobContext], Awaitable[bool]],
    ) -> None:
        self.job = job
        self.db = db
        self.services = services
        self.worker_id = worker_id
        self.lease = Lease(job.id, job.lease_token)
        self._heartbeat = heartbeat
        self._cancel_requested = False
        self.lost = False
        self.stop_reason: str | None = None
        self._progress_at: float | None = None

    @property
    def cancel_requested(self) -> bool:
        """Whether someone asked to cancel this job (refreshed by every heartbeat)."""
        return self._cancel_requested

    def mark_cancel_requested(self) -> None:
        """Record that cancellation was requested (the worker calls this)."""
        self._cancel_requested = True

    async def heartbeat(self) -> None:
        """Extend the lease now; raises :class:`LeaseLost` if it is no longer held."""
        if not await self._heartbeat(self):
            self.lost = True
            raise LeaseLost()

    async def report_progress(self, done: int, total: int) -> None:
        """Say how far the job has come, for the people watching; raises :class:`LeaseLost`
        if the lease is gone. Calls closer together than :attr:`PROGRESS_EVERY_S` write
        nothing, except the one that completes the count."""
        now = time.monotonic()
        recent = self._progress_at is not None and now - self._progress_at < self.PROGRESS_EVERY_S
        if recent and done < total:
            return
        self._progress_at = now
        async with self.db.transaction() as session:
            held = await set_progress(session, self.lease, done, total)
        if not held:
            self.lost = True
            raise LeaseLost()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A write transaction committed only if the lease is still held at commit time."""
        async with self.db.transaction() as session:
            yield session
            if not await lease_held(session, self.lease):
                self.lost = True
                raise LeaseLost()
