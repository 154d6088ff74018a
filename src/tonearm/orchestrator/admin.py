"""Administrative state changes: revive (retry) and cancel, plus counts for dashboards."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tonearm.db.base import utcnow
from tonearm.db.models import JOB_STATUSES, Job
from tonearm.orchestrator.errors import JobNotFound, JobStateConflict

__all__ = ["JobCounts", "cancel_job", "queue_counts", "retry_job"]

JobCounts = dict[str, int]


async def _locked(session: AsyncSession, job_id: int) -> Job:
    stmt = select(Job).where(Job.id == job_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    job = (await session.execute(stmt)).scalar_one_or_none()
    if job is None:
        raise JobNotFound(f"job {job_id} does not exist")
    return job


async def retry_job(session: AsyncSession, job_id: int) -> Job:
    """Run a job again now: revives ``dead``/``cancelled`` (fresh attempts), hurries ``queued``."""
    job = await _locked(session, job_id)
    now = utcnow()
    if job.status == "queued":
        job.available_at = now
    elif job.status in ("dead", "cancelled"):
        if job.dedupe_key is not None:
            twin = await session.execute(
                select(Job.id).where(Job.dedupe_key == job.dedupe_key, Job.status == "queued")
            )
            if twin.first() is not None:
                raise JobStateConflict("an equal job is already waiting")
        job.status = "queued"
        job.attempts = 0
        job.available_at = now
        job.finished_at = None
        job.cancel_requested = False
    else:
        raise JobStateConflict(f"a {job.status} job cannot be retried")
    job.updated_at = now
    await session.flush()
    return job


async def cancel_job(session: AsyncSession, job_id: int) -> Job:
    """Cancel a waiting job at once; ask a running one to stop (it ends ``cancelled``)."""
    job = await _locked(session, job_id)
    now = utcnow()
    if job.status == "queued":
        job.status = "cancelled"
        job.finished_at = now
    elif job.status == "leased":
        job.cancel_requested = True
    else:
        raise JobStateConflict(f"a {job.status} job cannot be cancelled")
    job.updated_at = now
    await session.flush()
    return job


async def queue_counts(session: AsyncSession) -> JobCounts:
    """Jobs by status (every status present, zero when none)."""
    rows = await session.execute(select(Job.status, func.count()).group_by(Job.status))
    counts = dict.fromkeys(JOB_STATUSES, 0)
    counts.update({status: int(n) for status, n in rows.all()})
    return counts


async def oldest_waiting_age(session: AsyncSession, now: datetime | None = None) -> float:
    """Seconds the oldest available waiting job has waited (0 when none)."""
    now = now or utcnow()
    stmt = select(func.min(Job.available_at)).where(Job.status == "queued", Job.available_at <= now)
    oldest = (await session.execute(stmt)).scalar_one_or_none()
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:  # min() bypasses the column type on SQLite
        oldest = datetime.fromisoformat(str(oldest)).replace(tzinfo=now.tzinfo)
    return max(0.0, (now - oldest).total_seconds())
