"""Job administration: list, inspect, retry (revive) and cancel."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from tonearm.api.deps import DbId, DbSession, Offset
from tonearm.domain import jobs
from tonearm.domain.jobs import JobOut, JobPage

router = APIRouter(prefix="/api/v1/admin/jobs", tags=["jobs"])

JobStatus = Literal["queued", "leased", "succeeded", "dead", "cancelled"]
JobId = DbId


@router.get("", response_model=JobPage)
async def list_jobs(
    session: DbSession,
    status: JobStatus | None = None,
    type: Annotated[str | None, Query(max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Offset = 0,
) -> JobPage:
    """Jobs, newest first, filtered by ``status`` and ``type``."""
    return await jobs.list_jobs(session, status=status, type_=type, limit=limit, offset=offset)


@router.get("/{job_id}", response_model=JobOut)
async def get_job(session: DbSession, job_id: JobId) -> JobOut:
    """One job."""
    return await jobs.get_job(session, job_id)


@router.post("/{job_id}/retry", response_model=JobOut)
async def retry_job(session: DbSession, job_id: JobId) -> JobOut:
    """Run the job again now; revives dead and cancelled jobs (409 for running/succeeded)."""
    return await jobs.retry(session, job_id)


@router.post("/{job_id}/cancel", response_model=JobOut)
async def cancel_job(session: DbSession, job_id: JobId) -> JobOut:
    """Cancel a waiting job at once, or ask a running one to stop (409 when finished)."""
    return await jobs.cancel(session, job_id)
