"""The job queue by state, dead letters with retry, cancel."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from tonearm.db.models import JOB_STATUSES
from tonearm.domain import jobs as job_admin
from tonearm.errors import TonearmError
from tonearm.ui.context import services_of, transaction
from tonearm.ui.messages import FriendlyError, friendly
from tonearm.ui.routes._common import (
    check_id,
    choice_param,
    int_param,
    notice_of,
    page_router,
    redirect,
    text_param,
)
from tonearm.ui.templating import is_htmx, render

router = page_router()


PAGE_SIZE = 50


async def _page(
    request: Request, error: FriendlyError | None = None, status: int = 200
) -> Response:
    filters: dict[str, Any] = {
        "status": choice_param(request, "status", JOB_STATUSES),
        "type": text_param(request, "type", 64),
        "offset": int_param(request, "offset", 0),
    }
    async with transaction(request) as session:
        page = await job_admin.list_jobs(
            session,
            status=filters["status"],
            type_=filters["type"],
            limit=PAGE_SIZE,
            offset=filters["offset"],
        )
        counter = services_of(request).extras.get("queue_counts")
        counts: dict[str, int] = await counter(session) if counter else {}
    context = {
        "page": page,
        "counts": counts,
        "statuses": JOB_STATUSES,
        "f": filters,
        "notice": notice_of(request),
        "error": error,
    }
    live = is_htmx(request) and request.query_params.get("part") == "live"
    return render(request, "jobs.html", context, block="live" if live else None, status=status)


@router.get("/jobs")
async def jobs(request: Request) -> Response:
    """Jobs, newest first, filtered by status and type."""
    return await _page(request)


@router.post("/jobs/{job_id:int}/retry")
async def retry(request: Request, job_id: int) -> Response:
    """Run a job again now (revives dead ones)."""
    try:
        async with transaction(request, write=True) as session:
            await job_admin.retry(session, check_id(job_id))
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    return redirect("/jobs", "job_retried", status=request.query_params.get("status", ""))


@router.post("/jobs/{job_id:int}/cancel")
async def cancel(request: Request, job_id: int) -> Response:
    """Cancel a waiting job or ask a running one to stop."""
    try:
        async with transaction(request, write=True) as session:
            await job_admin.cancel(session, check_id(job_id))
    except TonearmError as exc:
        return await _page(request, friendly(exc), exc.status)
    return redirect("/jobs", "job_cancelled", status=request.query_params.get("status", ""))
