"""Jobs in the domain: the task registry every ``tasks.py`` decorates, and job administration.

Domain modules register handlers with ``@registry.task("playlist.sync", ...)`` in their own
``tasks.py``; :func:`load_tasks` imports every such module so workers know all job types.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import tonearm.domain
from tonearm.db.models import Job
from tonearm.errors import Conflict, NotFound
from tonearm.orchestrator import (
    JobNotFound,
    JobStateConflict,
    TaskRegistry,
    cancel_job,
    queue_counts,
    retry_job,
)

__all__ = [
    "JobOut",
    "JobPage",
    "cancel",
    "get_job",
    "job_counts",
    "list_jobs",
    "load_tasks",
    "registry",
    "retry",
]

registry = TaskRegistry()


def load_tasks() -> TaskRegistry:
    """Import every ``tonearm.domain.<area>.tasks`` module; the filled registry."""
    for module in pkgutil.iter_modules(tonearm.domain.__path__, "tonearm.domain."):
        if module.ispkg:
            try:
                importlib.import_module(f"{module.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{module.name}.tasks":
                    raise
    return registry


class JobOut(BaseModel):
    """A job as the admin API and CLI show it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    type: str
    queue: str
    priority: int
    status: str
    payload: dict[str, Any]
    entity_id: str | None
    dedupe_key: str | None
    lock_key: str | None
    attempts: int
    max_attempts: int
    available_at: datetime
    lease_owner: str | None
    lease_expires_at: datetime | None
    heartbeat_at: datetime | None
    last_error: str | None
    progress_done: int | None = None
    progress_total: int | None = None
    cancel_requested: bool
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class JobPage(BaseModel):
    """A page of jobs, newest first."""

    items: list[JobOut]
    total: int
    limit: int
    offset: int


async def list_jobs(
    session: AsyncSession,
    *,
    status: str | None = None,
    type_: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> JobPage:
    """Jobs filtered by status and type, newest first."""
    where = []
    if status:
        where.append(Job.status == status)
    if type_:
        where.append(Job.type == type_)
    total = (
        await session.execute(select(func.count()).select_from(Job).where(*where))
    ).scalar_one()
    rows = await session.execute(
        select(Job).where(*where).order_by(Job.id.desc()).limit(limit).offset(offset)
    )
    items = [JobOut.model_validate(job) for job in rows.scalars()]
    return JobPage(items=items, total=int(total), limit=limit, offset=offset)


async def get_job(session: AsyncSession, job_id: int) -> JobOut:
    """One job; :class:`NotFound` when it does not exist."""
    job = await session.get(Job, job_id)
    if job is None:
        raise NotFound(f"job {job_id} does not exist")
    return JobOut.model_validate(job)


async def retry(session: AsyncSession, job_id: int) -> JobOut:
    """Run the job again now (revives dead and cancelled jobs)."""
    try:
        return JobOut.model_validate(await retry_job(session, job_id))
    except JobNotFound as exc:
        raise NotFound(exc.message) from exc
    except JobStateConflict as exc:
        raise Conflict(exc.message) from exc


async def cancel(session: AsyncSession, job_id: int) -> JobOut:
    """Cancel a waiting job, or ask a running one to stop."""
    try:
        return JobOut.model_validate(await cancel_job(session, job_id))
    except JobNotFound as exc:
        raise NotFound(exc.message) from exc
    except JobStateConflict as exc:
        raise Conflict(exc.message) from exc


async def job_counts(session: AsyncSession) -> dict[str, int]:
    """Jobs by status, for the dashboard."""
    return await queue_counts(session)
