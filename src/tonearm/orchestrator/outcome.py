"""How a handler run ended, and writing that down (batched, fenced by lease token)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.orchestrator.claim import ClaimedJob
from tonearm.orchestrator.events import JobEvents
from tonearm.orchestrator.store import Lease, complete, reschedule, set_final

__all__ = ["Outcome", "write_outcomes"]


@dataclass(frozen=True)
class Outcome:
    """``kind``: succeeded | retry | snooze | release | dead | cancelled | lost."""

    job: ClaimedJob
    kind: str
    duration_ms: float
    error: str | None = None
    delay_s: float = 0.0

    @property
    def lease(self) -> Lease:
        """The lease this outcome is written under."""
        return Lease(self.job.id, self.job.lease_token)


async def write_outcomes(
    session: AsyncSession, outcomes: Sequence[Outcome]
) -> list[tuple[Outcome, bool, datetime | None]]:
    """Write every outcome in one transaction; (outcome, lease still held, next run)."""
    results: list[tuple[Outcome, bool, datetime | None]] = []
    done = [o for o in outcomes if o.kind == "succeeded"]
    held = await complete(session, [o.lease for o in done])
    results.extend((o, o.job.id in held, None) for o in done)
    for outcome in outcomes:
        if outcome.kind in ("succeeded", "lost"):
            continue
        next_run: datetime | None = None
        if outcome.kind in ("retry", "snooze", "release"):
            next_run = await reschedule(
                session,
                outcome.lease,
                delay_s=outcome.delay_s,
                error=outcome.error,
                count_attempt=outcome.kind == "retry",
            )
            ok = next_run is not None
        else:
            ok = await set_final(session, outcome.lease, outcome.kind, outcome.error)
        results.append((outcome, ok, next_run))
    return results


def report(events: JobEvents, results: list[tuple[Outcome, bool, datetime | None]]) -> None:
    """Emit the events of committed outcomes (a lost lease is a ``lost`` lease event)."""
    names = {"succeeded": "complete", "retry": "retry", "dead": "dead", "cancelled": "cancelled"}
    for outcome, ok, next_run in results:
        job = outcome.job
        if not ok:
            events.lease_event(
                job.id,
                job.type,
                "lost",
                job.entity_id,
                job.priority,
                job.attempt,
                events.worker_id,
                job.lease_expires_at,
            )
            continue
        name = names.get(outcome.kind)
        if name is not None:
            events.finished(
                name, job, outcome.duration_ms, error=outcome.error, next_run_at=next_run
            )
